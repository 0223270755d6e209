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
// m16n8k16; int8 activations times integer codes on the s8 m16n8k32 form. Each
// warp owns a tile of 16-row by 8-column blocks of the output; per step of 16
// reduction values, each lane evaluates the body's two operands at the points
// the PTX fragment layout gives it (the decode happens in registers) and the
// warp issues one mma.sync per block.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_CONVERSION_GPUTENSORCORE_H
#define COMPRESS_PASSES_CONVERSION_GPUTENSORCORE_H

#include "passes/Conversion/GpuMatmulBody.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <optional>

namespace mlir::compress {

/// The tensor-core form of `op` (a MatmulBody: f16 values on mma.sync
/// m16n8k16, i8 codes on m16n8k32), when it has at least `minRows` rows, a
/// multiple of 8 columns and chunks of a multiple of 16 reduction points
/// (32 in the integer form).
std::optional<MatmulBody> matchTensorCoreMatmul(linalg::GenericOp op,
                                                int64_t minRows);

/// Replaces nothing; builds at `b`'s point the launch that computes `op` on
/// tensor cores (the caller erases `op`).
void mapTensorCoreMatmul(OpBuilder &b, linalg::GenericOp op,
                         const MatmulBody &matmul, int64_t warpsPerBlock);

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
