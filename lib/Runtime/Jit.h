//===- Jit.h - JIT-compile an LLVM dialect module ---------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_RUNTIME_JIT_H
#define COMPRESS_LIB_RUNTIME_JIT_H

#include "mlir/ExecutionEngine/ExecutionEngine.h"

#include <string>

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace mlir::compress::runtime {

/// Translates `module` (LLVM dialect) to LLVM IR, optimizes it at -O3 for the
/// host and JIT-compiles it, resolving symbols in this process and in
/// `sharedLibs`; runs its global constructors. Translation problems are also
/// reported as diagnostics on the module's context.
llvm::Expected<std::unique_ptr<mlir::ExecutionEngine>>
createJit(mlir::ModuleOp module, llvm::ArrayRef<std::string> sharedLibs);

} // namespace mlir::compress::runtime

#endif // COMPRESS_LIB_RUNTIME_JIT_H
