//===- GpuIntegerDot.h - Integer matmuls on dp4a ---------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The decode form (few activation rows) of int8 activations times integer
// codes (docs/gpu.md, "Integer dot products"): a warp per output element,
// whose lanes take runs of 16 reduction points of one chunk (points that
// share their scales), multiply the i8 codes four at a time with
// nvvm.dot.accumulate.4way (PTX dp4a) into an exact i32 sum, and add it,
// scaled once per run, to an f32 partial sum; the warp then reduces the
// partial sums with shuffles.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_CONVERSION_GPUINTEGERDOT_H
#define COMPRESS_PASSES_CONVERSION_GPUINTEGERDOT_H

#include "passes/Conversion/GpuMatmulBody.h"

namespace mlir::compress {

/// The dp4a form of `op`: a MatmulBody in the integer form whose chunks
/// hold a multiple of 16 reduction points.
std::optional<MatmulBody> matchIntegerDotMatmul(linalg::GenericOp op);

/// Builds at `b`'s point the launch that computes `op` (the caller erases
/// it): `warpsPerBlock` warps per block, a warp per output element.
void mapIntegerDotMatmul(OpBuilder &b, linalg::GenericOp op,
                         const MatmulBody &matmul, int64_t warpsPerBlock);

} // namespace mlir::compress

#endif // COMPRESS_PASSES_CONVERSION_GPUINTEGERDOT_H
