//===- ActivationQuant.h - Run-time int8 activations ------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The `int8_activations(B)` semantics of compress.matmul as linalg on
// tensors: the CPU kernels use the codes and scales, the generic lowering
// and compress-decompress the dequantized activations (fakeQuantize), so the
// three agree to float rounding.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_BUILDERS_ACTIVATIONQUANT_H
#define COMPRESS_LIB_BUILDERS_ACTIVATIONQUANT_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

#include <utility>

namespace mlir::compress {

/// [rows..., K] (or [K]) as [M, K].
Value flattenRows(OpBuilder &b, Location loc, Value lhs);

/// [M, N] back to `resultType` = [rows..., N] (or [N]); dynamic row sizes
/// come from `lhs`, the [rows..., K] tensor that was flattened.
Value unflattenRows(OpBuilder &b, Location loc, Value result,
                    RankedTensorType resultType, Value lhs);

/// A tensor of `type` filled with zeros; dynamic dims from dim 0 of `like`.
Value zeroFilled(OpBuilder &b, Location loc, RankedTensorType type,
                 Value like);

/// x [M, K] (f32) quantized per block of `block` values along K:
/// codes i8 [M, K] = clamp(roundeven(x * (127 / max|x|)), -127, 127) (0 for a
/// zero block) and scales f32 [M, K / block] = max|x| / 127.
std::pair<Value, Value> quantizeActivations(OpBuilder &b, Location loc,
                                            Value x, int64_t block);

/// x [..., K] (any float type) replaced by scale * code of its blocks, in f32.
Value fakeQuantizeActivations(OpBuilder &b, Location loc, Value x,
                              int64_t block);

} // namespace mlir::compress

#endif // COMPRESS_LIB_BUILDERS_ACTIVATIONQUANT_H
