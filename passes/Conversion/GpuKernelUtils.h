//===- GpuKernelUtils.h - Building blocks of the GPU kernels ---*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// What the kernel forms of compress-gpu-map-linalg share: launches guarded
// to their item count, index arithmetic, and the loads and stores of a
// linalg.generic's operands at given loop indices.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_CONVERSION_GPUKERNELUTILS_H
#define COMPRESS_PASSES_CONVERSION_GPUKERNELUTILS_H

#include "lib/Builders/TensorBuilders.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h" // kWarpSize

#include "llvm/ADT/SetVector.h"

namespace mlir::compress {

/// `value + offset` (`value` itself for 0).
Value addIndex(OpBuilder &b, Location loc, Value value, int64_t offset);

/// The values `op` uses: its operands, then the values defined above its
/// regions that they use.
llvm::SetVector<Value> getUsedValues(Operation *op);

/// The product of `sizes` (1 for none).
Value productOf(OpBuilder &b, Location loc, ArrayRef<Value> sizes);

/// The multi-index of `linear` in a row-major space of `sizes`.
SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<Value> sizes);

/// A gpu.launch of `grid` x (`blockX`, `blockY`) threads at the builder's
/// point; the builder is left at the start of its body.
gpu::LaunchOp createLaunch(OpBuilder &b, Location loc, Value grid,
                           int64_t blockX, int64_t blockY);

/// A launch in which each item of `items` runs on one thread (`perWarp`
/// false: blocks of `blockX` threads) or one warp (blocks of `blockY` warps
/// of `blockX` lanes), with the builder left inside the guard
/// `item < items`. Returns the launch and the item's index; the guard is
/// uniform across a warp when items are per warp.
std::pair<gpu::LaunchOp, Value> createGuardedLaunch(OpBuilder &b, Location loc,
                                                    Value items, int64_t blockX,
                                                    int64_t blockY,
                                                    bool perWarp);

/// The value of operand `operand` of `op` at loop indices `ivs`: a load
/// through its indexing map, or the scalar itself.
Value loadOperand(OpBuilder &b, Location loc, linalg::GenericOp op,
                  OpOperand &operand, ArrayRef<Value> ivs);

/// The store of `value` into output `operand` at `ivs`.
void storeOutput(OpBuilder &b, Location loc, linalg::GenericOp op,
                 OpOperand &operand, ArrayRef<Value> ivs, Value value);

/// The end of a warp-per-output kernel: the warp reduces the lanes'
/// `partial` values with `kind`, and lane 0 stores `combine(output, total)`
/// into the output element at `ivs`.
void storeWarpResult(OpBuilder &b, Location loc, linalg::GenericOp op,
                     ArrayRef<Value> ivs, Value lane, Value partial,
                     gpu::AllReduceOperation kind,
                     function_ref<Value(Value old, Value total)> combine);

/// The loop sizes of `op`, computed at the builder's point.
SmallVector<Value> getLoopSizes(OpBuilder &b, linalg::GenericOp op);

/// The parallel loops that index every output through a plain dimension:
/// threads may split them without two writing one element.
SmallVector<int64_t> getDistributedDims(linalg::GenericOp op);

} // namespace mlir::compress

#endif // COMPRESS_PASSES_CONVERSION_GPUKERNELUTILS_H
