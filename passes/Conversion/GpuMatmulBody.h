//===- GpuMatmulBody.h - What a matmul generic's body computes --*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The analysis behind the GPU matmul kernels (tensor cores, integer dot
// products): which loops each value of a linalg.generic's body depends
// on, the body's two multiplied operands and their scales, and clones of
// the ops that compute a value at chosen loop indices, which is how the
// kernels decode a weight element in registers where they need it.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_CONVERSION_GPUMATMULBODY_H
#define COMPRESS_PASSES_CONVERSION_GPUMATMULBODY_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <optional>

namespace mlir::compress {

/// The loops each value of a generic's body depends on, as a bit mask;
/// kOutput for values that depend on the output element.
class LoopDependences {
public:
  static constexpr uint64_t kOutput = ~uint64_t(0);

  explicit LoopDependences(linalg::GenericOp op) : op(op) {}

  /// Gives `value` (an induction variable inside the body) the bits `mask`.
  void bind(Value value, uint64_t mask) { memo[value] = mask; }

  uint64_t of(Value value) {
    auto known = memo.find(value);
    if (known != memo.end())
      return known->second;
    uint64_t mask = compute(value);
    memo[value] = mask;
    return mask;
  }

private:
  uint64_t compute(Value value);

  linalg::GenericOp op;
  DenseMap<Value, uint64_t> memo;
};

/// Adds to `cone` the ops of `op`'s body (at any depth, but not the ops
/// holding them) that `value` is computed from.
void collectCone(Value value, linalg::GenericOp op,
                 llvm::SmallPtrSetImpl<Operation *> &cone);

/// The f16 value `value` extends, when `value` is a single-use arith.extf
/// from f16.
Value getExtendedF16(Value value);

/// The bit of the one parallel loop in `mask` (-1 for none); nullopt for
/// several.
std::optional<int64_t> getParallelLoop(uint64_t mask,
                                       ArrayRef<int64_t> parallel);

/// A clone, at `ivs`, of the ops of `op`'s body that compute `value`, with
/// the inputs they read loaded at `ivs`. `mapping` may hold values for
/// induction variables of loops in the body.
Value cloneAt(OpBuilder &b, Location loc, linalg::GenericOp op, Value value,
              ArrayRef<Value> ivs, IRMapping mapping = {});

/// A linalg.generic with two parallel loops (the output's rows and columns)
/// and static reduction loops whose body yields
///   out + extf(rowValue) * extf(colValue)
/// with f16 values and an f32 output: rowValue depends on the row loop and
/// the reductions only, colValue on the column loop and the reductions.
/// The products are exact in f32.
///
/// The integer form (int8 activations times integer codes) yields
///   out + sitofp(extsi(rowValue) * extsi(colValue)) * (s * t)
/// with i8 values, where one of the scales s and t depends on the rows and
/// reductions only (rowScale), the other on the columns and reductions
/// (colScale). The innermost reduction loops that neither scale depends on
/// form a chunk: its integer products can be summed exactly in i32, then
/// scaled.
struct MatmulBody {
  int64_t rowDim = -1, colDim = -1;
  SmallVector<int64_t> reductionDims;
  Value rowValue, colValue;
  Operation *combiner = nullptr; // The yielded addf.
  Value product;                 // Its operand that is not the output.
  bool integer = false;
  Value rowScale, colScale;
  /// Reduction points per chunk (all of them in the f16 form).
  int64_t chunk = 0;
};

/// The body's combining op (`matmul.combiner`) cloned at `b`'s point with
/// `old` for the output and `sum` for the product: how a kernel adds its
/// sum into the output element.
Value combineWithOutput(OpBuilder &b, linalg::GenericOp op,
                        const MatmulBody &matmul, Value old, Value sum);

/// The output argument of `op`'s body when `op` has static loops, one f32
/// output and two parallel loops that index it (rows and columns), and the
/// body uses the output once; null otherwise.
BlockArgument getMatmulOutput(linalg::GenericOp op);

/// The sizes of `matmul`'s reduction loops (of `op`'s static `sizes`) as
/// index constants into `reductionSizes`; returns their product.
int64_t getReductionSizes(OpBuilder &b, Location loc, const MatmulBody &matmul,
                          ArrayRef<int64_t> sizes,
                          SmallVectorImpl<Value> &reductionSizes);

/// The matmul form of `op`'s body, when it has one and nothing else happens
/// in it (loads and pure ops computing the operands and scales), and its
/// loops are static.
std::optional<MatmulBody> matchMatmulBody(linalg::GenericOp op);

} // namespace mlir::compress

#endif // COMPRESS_PASSES_CONVERSION_GPUMATMULBODY_H
