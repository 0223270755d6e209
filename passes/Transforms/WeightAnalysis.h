//===- WeightAnalysis.h - Find the weights of a model ------------*- C++
//-*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// A weight is a float `arith.constant` (dense<> or dense_resource<>) consumed
// by a contraction (linalg.matmul in any of its transposed forms,
// batch_matmul, matvec, vecmat, contraction linalg.generic), a convolution
// (linalg.conv_2d_*) or an embedding lookup (tensor.gather of rows,
// tensor.extract of a row element). For each, this says what the policy needs
// (name, consumer kind, reduction and output axes) and how each use can be
// rewritten.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_TRANSFORMS_WEIGHTANALYSIS_H
#define COMPRESS_PASSES_TRANSFORMS_WEIGHTANALYSIS_H

#include "lib/Policy/Policy.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Operation.h"

namespace mlir::compress {

/// How one use of a weight becomes compressed.
enum class UseRewrite {
  /// compress.matmul replaces the consumer (linalg.matmul, batch_matmul,
  /// matvec, vecmat with the weight as the right-hand side).
  Matmul,
  /// compress.gather replaces a tensor.gather of whole rows.
  Gather,
  /// compress.decode feeds the original consumer.
  Decode,
};

struct WeightUse {
  OpOperand *operand;
  UseRewrite rewrite;
  /// For Matmul: the weight is [N, K] (the consumer's transposed form).
  bool transposeRhs = false;
};

/// A weight: the constant and what the policy knows of it. How each use is
/// rewritten is decided when it is (classifyWeightUse), since rewriting one
/// weight can replace a consumer another weight shares.
struct Weight {
  arith::ConstantOp constant;
  policy::WeightInfo info;
};

/// How `use` (an operand that is a weight) can be rewritten.
WeightUse classifyWeightUse(OpOperand &use);

/// The weights of the functions (and other ops) nested in `root`, in program
/// order. Names: the dense_resource key, a NameLoc on the constant, a NameLoc
/// on its first consumer, else `<function>.<consumer op>.<index>` (index:
/// position among the function's weights).
SmallVector<Weight> findWeights(Operation *root);

} // namespace mlir::compress

#endif // COMPRESS_PASSES_TRANSFORMS_WEIGHTANALYSIS_H
