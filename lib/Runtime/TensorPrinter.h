//===- TensorPrinter.h - Print host tensors as NumPy does -------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The values of a tensor in nested brackets, one innermost row per line,
// right-aligned, as numpy.array2string prints them:
//
//   [[1, 2.5, 3],
//    [4,   5, 6]]
//
// A tensor of more than 1000 elements shows the first and last 3 entries of
// each dimension longer than 6 and "..." for the rest; rows wrap at 75
// columns. Each value is the shortest decimal that reads back exactly.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_RUNTIME_TENSORPRINTER_H
#define COMPRESS_LIB_RUNTIME_TENSORPRINTER_H

#include "lib/Runtime/HostTensor.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace mlir::compress::runtime {

/// Prints the values of `tensor` (no trailing newline).
void printTensor(llvm::raw_ostream &os, const HostTensor &tensor);

} // namespace mlir::compress::runtime

#endif // COMPRESS_LIB_RUNTIME_TENSORPRINTER_H
