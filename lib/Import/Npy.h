//===- Npy.h - Read NumPy .npy arrays ------------------------------*- C++
//-*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Calibration inputs come as NumPy .npy files (format versions 1 to 3): a
// little-endian float32 or float64 array in C order. Nothing else is read.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_IMPORT_NPY_H
#define COMPRESS_LIB_IMPORT_NPY_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <vector>

namespace mlir::compress::import {

struct NpyArray {
  llvm::SmallVector<int64_t> shape;
  std::vector<float> values; // row-major, converted to f32
};

/// Parses the bytes of a .npy file; `name` prefixes error messages.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef bytes, llvm::StringRef name);
/// Reads and parses a .npy file.
llvm::Expected<NpyArray> readNpyFile(llvm::StringRef path);

} // namespace mlir::compress::import

#endif // COMPRESS_LIB_IMPORT_NPY_H
