//===- InitAll.h - Register everything Compress provides ---------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The one list of what Compress registers. compress-opt, CompressPlugin.so and
// any compiler that embeds Compress call these functions:
//
//   mlir::DialectRegistry registry;
//   mlir::compress::registerAllDialects(registry);
//   mlir::compress::registerAllPasses();
//   mlir::compress::registerAllPipelines();
//
// Link the CompressInitAll library (it brings CompressIR and the passes).
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_INITALL_H
#define COMPRESS_INITALL_H

namespace mlir {
class DialectRegistry;

namespace compress {

/// Inserts the compress dialect into `registry`, with the upstream dialects
/// that Compress IR is written with (arith for folded constants, func and
/// tensor around compressed values).
void registerAllDialects(DialectRegistry &registry);

/// Registers every Compress pass with the global pass registry, so that
/// `--pass-pipeline=` and the `--compress-*` flags of compress-opt find them.
void registerAllPasses();

/// Registers every named Compress pipeline (`compress-to-llvm`).
void registerAllPipelines();

} // namespace compress
} // namespace mlir

#endif // COMPRESS_INITALL_H
