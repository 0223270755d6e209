//===- Npy.h - Read and write NumPy .npy arrays -----------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// NumPy .npy files (format versions 1 to 3) holding a little-endian array of a
// simple dtype in C order. Calibration inputs read them converted to f32
// (parseNpy, readNpyFile); compress-run reads and writes them as raw bytes of
// their own dtype (parseNpyRaw, writeNpy).
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_IMPORT_NPY_H
#define COMPRESS_LIB_IMPORT_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir::compress::import {

struct NpyArray {
  llvm::SmallVector<int64_t> shape;
  std::vector<float> values; // row-major, converted to f32
};

/// Parses the bytes of a .npy file; `name` prefixes error messages.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef bytes, llvm::StringRef name);
/// Reads and parses a .npy file.
llvm::Expected<NpyArray> readNpyFile(llvm::StringRef path);

/// A .npy array as stored: its dtype and its little-endian element bytes.
struct NpyRawArray {
  /// The dtype without its byte order: a kind letter and a width in bytes,
  /// as NumPy writes them ("f4", "i1", "u2", "V2", "b1").
  std::string dtype;
  llvm::SmallVector<int64_t> shape;
  /// Row-major element bytes, a view into the parsed bytes.
  llvm::StringRef data;
};

/// Parses the bytes of a .npy file without converting its elements. Rejects
/// big-endian, Fortran-order and structured arrays, and data whose size is not
/// what the shape needs. `name` prefixes error messages.
llvm::Expected<NpyRawArray> parseNpyRaw(llvm::StringRef bytes,
                                        llvm::StringRef name);

/// Writes a .npy file (format 1.0, C order) holding `data`, the row-major
/// little-endian elements of `dtype` ("f4", "i8", "u2": kind and byte width).
void writeNpy(llvm::raw_ostream &os, llvm::StringRef dtype,
              llvm::ArrayRef<int64_t> shape, llvm::StringRef data);

} // namespace mlir::compress::import

#endif // COMPRESS_LIB_IMPORT_NPY_H
