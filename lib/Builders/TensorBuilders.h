//===- TensorBuilders.h - Small builders shared by the passes ---*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Float conversions and empty tensors that both the fused lowering
// (convert-compress-to-linalg) and the dense one (compress-decompress) build.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_BUILDERS_TENSORBUILDERS_H
#define COMPRESS_LIB_BUILDERS_TENSORBUILDERS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::compress {

/// An `index` constant.
Value indexConstant(OpBuilder &b, Location loc, int64_t value);

/// `value` (a float) converted to the float type `type`: one extf or truncf,
/// or both through f32 between f16 and bf16 (neither holds the other).
Value convertFloat(OpBuilder &b, Location loc, Value value, Type type);

/// An empty tensor of `type`; its dynamic dimension d takes the size of
/// dimension `sourceDims[d]` of `source`.
Value createEmptyLike(OpBuilder &b, Location loc, RankedTensorType type,
                      Value source, ArrayRef<int64_t> sourceDims);

/// `value` with its elements converted by convertFloat to `elementType`, as
/// one elementwise linalg.generic (`value` itself when the types agree).
Value convertElements(OpBuilder &b, Location loc, Value value,
                      Type elementType);

/// `value` [..., D] as [..., radices in `digitOrder`]: the last dimension
/// split into digits (radices multiply to D, most significant first), then
/// the digits transposed into `digitOrder` (one linalg.transpose unless
/// the order is the identity).
Value splitLastDim(OpBuilder &b, Location loc, Value value,
                   ArrayRef<int64_t> radices, ArrayRef<int64_t> digitOrder);

} // namespace mlir::compress

#endif // COMPRESS_LIB_BUILDERS_TENSORBUILDERS_H
