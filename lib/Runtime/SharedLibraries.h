//===- SharedLibraries.h - Libraries that JIT code calls into ---*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Lowered modules call libomp (OpenMP loops) and, for a few ops, MLIR's C
// runner utilities (memrefCopy for strided copies). Both live beside libMLIR
// in the LLVM installation: /usr/lib/llvm-22/lib on Debian.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_RUNTIME_SHAREDLIBRARIES_H
#define COMPRESS_LIB_RUNTIME_SHAREDLIBRARIES_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace mlir::compress::runtime {

/// The directory of the libMLIR this process uses (the LLVM installation's
/// library directory), or the one it was built against.
std::string getLLVMLibraryDir();

/// The libraries of `dir` that the JIT code of `module` (LLVM dialect) needs:
/// libomp.so when the module has OpenMP ops, libmlir_c_runner_utils.so when it
/// declares a function that this process does not define. An error names a
/// needed library that is missing.
llvm::Expected<llvm::SmallVector<std::string>>
findRuntimeLibraries(mlir::ModuleOp module, llvm::StringRef dir);

} // namespace mlir::compress::runtime

#endif // COMPRESS_LIB_RUNTIME_SHAREDLIBRARIES_H
