//===- Decode.h - Reference decoder -------------------------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The reference decoder from stored values to the dense tensor. It computes
// every element exactly (in double) from its stored values, rounds nested
// results (decoded scales, factors) to f32 as the kernels use them, and is the
// ground truth for constant folding, tests and the error report. It is not
// fast: kernels come from the lowering.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_ENCODING_DECODE_H
#define COMPRESS_LIB_ENCODING_DECODE_H

#include "lib/Encoding/Packing.h"

#include "mlir/IR/BuiltinAttributes.h"

namespace mlir::compress {
class ConstantOp;
class CompressedTensorType;

namespace encoding {

/// Decodes the tensor of `shape` stored as `encoding`, from the unpacked
/// values of its storage tensors. Fails on stored data that break the
/// encoding's invariants (an N:M position out of order, a CSR row pointer that
/// decreases, a permutation with a repeated index, ...). The result is not
/// rounded to the logical element type.
llvm::Expected<std::vector<double>> decode(Attribute encoding,
                                           ArrayRef<int64_t> shape,
                                           const FieldValues &values);

/// Decodes a value of `type` from its storage attributes (by role), rounded
/// to the type's element type.
llvm::Expected<std::vector<double>>
decodeStorage(CompressedTensorType type, DictionaryAttr storage);

} // namespace encoding
} // namespace mlir::compress

#endif // COMPRESS_LIB_ENCODING_DECODE_H
