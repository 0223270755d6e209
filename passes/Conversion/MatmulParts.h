//===- MatmulParts.h - Matmul by one part of a weight -----------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The body of compress.matmul's lowering: "accumulate lhs @ part into init"
// for a weight, or one part of it (a sum term, a low-rank factor, the body of
// a permutation), given by an ElementDecoder. Each encoding picks its kernel:
// a sum accumulates one term after the other, a low-rank weight goes through
// its rank-wide intermediate, sparse weights walk their kept values only, a
// permutation along the reduction gathers the activations; a part whose
// element decode loops (over a low-rank rank) is decoded once, then
// multiplied; everything else is one linalg.generic with the decode fused
// into its body.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_CONVERSION_MATMULPARTS_H
#define COMPRESS_PASSES_CONVERSION_MATMULPARTS_H

#include "passes/Conversion/ElementDecoder.h"

namespace mlir::compress {

/// How the weight is multiplied: [..., N, K] with `transposeRhs`, else
/// [..., K, N]; products accumulate in `accType`.
struct MatmulLayout {
  bool transposeRhs;
  Type accType;
  /// With one activation row, keep the innermost reduction digit of a fused
  /// generic parallel (lane accumulators, summed afterwards).
  bool laneAccumulators = true;
};

/// init + lhs @ weight, where lhs is [..., M, K] (or [K]) and the result,
/// of element type `accType`, is lhs's shape with K replaced by N. A null
/// `init` stands for zeros.
Value accumulateMatmul(OpBuilder &builder, Location loc,
                       const ElementDecoder &weight, MatmulLayout layout,
                       Value lhs, Value init);

} // namespace mlir::compress

#endif // COMPRESS_PASSES_CONVERSION_MATMULPARTS_H
