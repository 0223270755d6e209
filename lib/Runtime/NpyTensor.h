//===- NpyTensor.h - Host tensors from and to .npy files --------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// .npy files hold the inputs and results of compress-run in their own dtype
// (no conversion): see ElementType.h for the dtypes, bf16 included.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_RUNTIME_NPYTENSOR_H
#define COMPRESS_LIB_RUNTIME_NPYTENSOR_H

#include "lib/Runtime/HostTensor.h"

namespace mlir::compress::runtime {

/// Reads a .npy file. `dtype`, when given, receives the file's dtype ("u2"),
/// for messages about a mismatched element type.
llvm::Expected<HostTensor> readNpyTensor(llvm::StringRef path,
                                         std::string *dtype = nullptr);

/// Writes `tensor` as a .npy file (bf16 as uint16 bit patterns).
llvm::Error writeNpyTensor(llvm::StringRef path, const HostTensor &tensor);

} // namespace mlir::compress::runtime

#endif // COMPRESS_LIB_RUNTIME_NPYTENSOR_H
