//===- IntegerCodesMatmul.h - int8 activations times integer codes -*- C++
//-*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// compress.matmul with `int8_activations(B)` over a weight of scaled
// integer codes, lowered as integer products (docs/codegen.md, "Integer
// products"): the activations are quantized per block, and one
// linalg.generic multiplies their int8 codes by the weight's codes in i32,
// scaling each product by the activation block's and the weight group's
// scales. Its reduction is split so that the scales depend on the outer
// loops only: a GPU sums the integer products of each run of those inner
// loops on s8 tensor cores before it applies the scales.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_CONVERSION_INTEGERCODESMATMUL_H
#define COMPRESS_PASSES_CONVERSION_INTEGERCODESMATMUL_H

#include "passes/Conversion/ElementDecoder.h"

#include "dialects/Compress/IR/CompressOps.h"

namespace mlir::compress {

/// Whether `op` takes the integer form: `int8_activations`, the nn.Linear
/// layout (transpose_rhs, a 2-D weight), f32 accumulation, f32 weight
/// elements (f16 and bf16 round each decoded element, which products of
/// codes would skip), codes that ElementDecoder::hasScaledIntegerCodes
/// reads, and weight groups along K that nest with the activation blocks.
bool canMultiplyIntegerCodes(MatmulOp op);

/// lhs [..., K] (any float type) times `weight` [N, K] transposed, with the
/// activations quantized per block of `block` values:
///   y[m, n] = sum_k float(q[m, k] * code[n, k]) * xscale[m, k / block]
///                                               * wscale[n, group(k)]
/// in f32, of lhs's shape with K replaced by N.
Value multiplyIntegerCodes(OpBuilder &b, Location loc,
                           const ElementDecoder &weight, Value lhs,
                           int64_t block);

} // namespace mlir::compress

#endif // COMPRESS_PASSES_CONVERSION_INTEGERCODESMATMUL_H
