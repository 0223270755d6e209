//===- Decode.h - Reference decoder -------------------------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The reference decoder from stored values to the dense tensor. It computes
// every element in double from its stored values (products of stored values
// are exact; sums round at double precision), rounds nested
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

/// Decodes a value of the (verified) type `type` from the unpacked values of
/// its storage tensors. Fails on values that packField would not
/// store (a missing role, a wrong count, an integer out of range) and on
/// stored data that break the encoding's invariants (an N:M position out of
/// order, a CSR row pointer that decreases, a permutation with a repeated
/// index, ...). The result is not rounded to the logical element type.
llvm::Expected<std::vector<double>> decode(CompressedTensorType type,
                                           const FieldValues &values);

/// Decodes a value of `type` from its storage attributes (by role, each of
/// the layout's storage type), rounded to the type's element type.
llvm::Expected<std::vector<double>>
decodeStorage(CompressedTensorType type, DictionaryAttr storage);

/// One term of a weight that compress.matmul multiplies through its
/// structure (multipliesThroughFactors): one dense factor, or the factors U
/// then V of a low-rank term. Each factor is decoded as the decoder decodes
/// nested values (rounded to f32), row-major. `role` is its storage role
/// ("u", "term0", "term1.v").
struct MatmulFactor {
  std::string role;
  SmallVector<int64_t, 2> shape;
  std::vector<double> values;
};
using MatmulTerm = SmallVector<MatmulFactor, 2>;

/// The terms whose products sum to compress.matmul's product with a weight
/// of `type` stored as `storage` (as decodeStorage takes it), for a type
/// that multipliesThroughFactors: its terms in order (one for a low-rank
/// weight).
llvm::Expected<std::vector<MatmulTerm>>
decodeMatmulTerms(CompressedTensorType type, DictionaryAttr storage);

} // namespace encoding
} // namespace mlir::compress

#endif // COMPRESS_LIB_ENCODING_DECODE_H
