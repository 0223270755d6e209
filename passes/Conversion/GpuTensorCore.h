//===- GpuTensorCore.h - Matmul kernels on tensor cores --------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The prefill form of compress-gpu-map-linalg (docs/gpu.md, "Tensor
// cores"): a fused decode-matmul whose body multiplies two f16 values, one
// of the rows and the reduction, one of the columns and the reduction, and
// sums the exact f32 products into an f32 output, runs on nvgpu.mma.sync
// m16n8k16; int8 activations times integer codes on the s8 m16n8k32 form. Each warp owns a tile of 16-row by 8-column blocks of the
// output; per step of 16 reduction values, each lane evaluates the body's
// two operands at the points the PTX fragment layout gives it (the decode
// happens in registers) and the warp issues one mma.sync per block.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_CONVERSION_GPUTENSORCORE_H
#define COMPRESS_PASSES_CONVERSION_GPUTENSORCORE_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <optional>

namespace mlir::compress {

/// A linalg.generic with two parallel loops (the output's rows and columns)
/// and reduction loops whose body yields
///   out + extf(rowValue) * extf(colValue)
/// with f16 values and an f32 output: rowValue depends on the row loop and
/// the reductions only, colValue on the column loop and the reductions.
/// The products are exact in f32, so the tensor cores change only the
/// order of the sum.
///
/// The integer form (int8 activations times integer codes, s8 mma.sync
/// m16n8k32) yields
///   out + sitofp(extsi(rowValue) * extsi(colValue)) * (s * t)
/// with i8 values, where one of the scales s and t depends on the rows and
/// reductions only (rowScale), the other on the columns and reductions
/// (colScale). The innermost reduction loops that neither scale depends on
/// form a chunk: its integer products are summed exactly in i32, then
/// scaled.
struct TensorCoreMatmul {
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

/// The tensor-core form of `op`, when its body has that shape, its loops
/// are static, it has at least `minRows` rows, a multiple of 8 columns and
/// chunks of a multiple of 16 reduction points (32 in the integer form).
std::optional<TensorCoreMatmul> matchTensorCoreMatmul(linalg::GenericOp op,
                                                      int64_t minRows);

/// Replaces nothing; builds at `b`'s point the launch that computes `op` on
/// tensor cores (the caller erases `op`).
void mapTensorCoreMatmul(OpBuilder &b, linalg::GenericOp op,
                         const TensorCoreMatmul &matmul,
                         int64_t warpsPerBlock);

/// A 2:4 row kernel (convert-compress-to-linalg's form for N:M weights
/// with N = 2, M = 4): a parallel generic over (activation row, weight
/// row) whose body loops over the weight row's groups of 4 and adds, per
/// group, two terms extf(x[row, 4 * group + position]) * extf(kept) to the
/// f32 output, with f16 activations and kept values. `kept[s]` and
/// `position[s]` (an index in [0, 4)) are the kept value of slot s and its
/// place in the group; both depend on the weight row and the group only.
struct SparseTensorCoreMatmul {
  int64_t rowDim = -1; // Activation rows: the mma's N.
  int64_t colDim = -1; // Weight rows: the mma's M.
  scf::ForOp groups;
  int64_t groupCount = 0;
  Value kept[2], position[2];
  memref::LoadOp activation; // The first term's activation load.
};

/// The 2:4 tensor-core form of `op`, when its body has that shape, its
/// loops are static, it has at least `minRows` activation rows, a multiple
/// of 16 weight rows and a multiple of 8 groups.
std::optional<SparseTensorCoreMatmul>
matchSparseTensorCoreMatmul(linalg::GenericOp op, int64_t minRows);

/// Builds at `b`'s point the launch that computes `op` on
/// nvgpu.mma.sp.sync m16n8k32 (the caller erases `op`).
void mapSparseTensorCoreMatmul(OpBuilder &b, linalg::GenericOp op,
                               const SparseTensorCoreMatmul &matmul,
                               int64_t warpsPerBlock);

} // namespace mlir::compress

#endif // COMPRESS_PASSES_CONVERSION_GPUTENSORCORE_H
