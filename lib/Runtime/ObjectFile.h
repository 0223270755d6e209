//===- ObjectFile.h - Write an LLVM dialect module as an object -*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// compress-run --emit=object: a position-independent ELF object for the host
// (-O3), defining every function of the module and its _mlir_ciface_ wrapper
// (the C ABI of docs/runtime.md). It needs libomp when the module has OpenMP
// loops and libm for math calls.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_RUNTIME_OBJECTFILE_H
#define COMPRESS_LIB_RUNTIME_OBJECTFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace mlir::compress::runtime {

/// Translates `module` (LLVM dialect) to LLVM IR, optimizes it and writes the
/// object file `path`. Translation problems are also reported as diagnostics
/// on the module's context.
llvm::Error writeObjectFile(mlir::ModuleOp module, llvm::StringRef path);

} // namespace mlir::compress::runtime

#endif // COMPRESS_LIB_RUNTIME_OBJECTFILE_H
