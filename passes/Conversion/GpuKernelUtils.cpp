//===- GpuKernelUtils.cpp - Building blocks of the GPU kernels ------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/GpuKernelUtils.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::compress {

Value addIndex(OpBuilder &b, Location loc, Value value, int64_t offset) {
  if (offset == 0)
    return value;
  return arith::AddIOp::create(b, loc, value, indexConstant(b, loc, offset));
}

llvm::SetVector<Value> getUsedValues(Operation *op) {
  llvm::SetVector<Value> used(op->getOperands().begin(),
                              op->getOperands().end());
  for (Region &region : op->getRegions())
    getUsedValuesDefinedAbove(region, used);
  return used;
}

Value productOf(OpBuilder &b, Location loc, ArrayRef<Value> sizes) {
  Value product = indexConstant(b, loc, 1);
  for (Value size : sizes)
    product = arith::MulIOp::create(b, loc, product, size);
  return product;
}

SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<Value> sizes) {
  SmallVector<Value> indices(sizes.size());
  for (int64_t d = int64_t(sizes.size()) - 1; d >= 0; --d) {
    indices[d] =
        d == 0 ? linear : arith::RemUIOp::create(b, loc, linear, sizes[d]);
    if (d > 0)
      linear = arith::DivUIOp::create(b, loc, linear, sizes[d]);
  }
  return indices;
}

gpu::LaunchOp createLaunch(OpBuilder &b, Location loc, Value grid,
                           int64_t blockX, int64_t blockY) {
  Value one = indexConstant(b, loc, 1);
  auto launch = gpu::LaunchOp::create(b, loc, grid, one, one,
                                      indexConstant(b, loc, blockX),
                                      indexConstant(b, loc, blockY), one);
  Block &body = launch.getBody().front();
  b.setInsertionPointToEnd(&body);
  gpu::TerminatorOp::create(b, loc);
  b.setInsertionPointToStart(&body);
  return launch;
}

std::pair<gpu::LaunchOp, Value> createGuardedLaunch(OpBuilder &b, Location loc,
                                                    Value items, int64_t blockX,
                                                    int64_t blockY,
                                                    bool perWarp) {
  Value perBlock = indexConstant(b, loc, perWarp ? blockY : blockX);
  Value grid = arith::CeilDivUIOp::create(b, loc, items, perBlock);
  gpu::LaunchOp launch = createLaunch(b, loc, grid, blockX, blockY);
  Value item = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, launch.getBlockIds().x, perBlock),
      perWarp ? launch.getThreadIds().y : launch.getThreadIds().x);
  Value inRange =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, item, items);
  auto ifOp = scf::IfOp::create(b, loc, inRange, /*withElseRegion=*/false);
  b.setInsertionPointToStart(&ifOp.getThenRegion().front());
  return {launch, item};
}

Value loadOperand(OpBuilder &b, Location loc, linalg::GenericOp op,
                  OpOperand &operand, ArrayRef<Value> ivs) {
  Value value = operand.get();
  if (!isa<MemRefType>(value.getType()))
    return value;
  AffineMap map = op.getMatchingIndexingMap(&operand);
  SmallVector<Value> indices;
  for (AffineExpr expr : map.getResults())
    indices.push_back(affine::expandAffineExpr(b, loc, expr, ivs, {}));
  return memref::LoadOp::create(b, loc, value, indices);
}

void storeOutput(OpBuilder &b, Location loc, linalg::GenericOp op,
                 OpOperand &operand, ArrayRef<Value> ivs, Value value) {
  AffineMap map = op.getMatchingIndexingMap(&operand);
  SmallVector<Value> indices;
  for (AffineExpr expr : map.getResults())
    indices.push_back(affine::expandAffineExpr(b, loc, expr, ivs, {}));
  memref::StoreOp::create(b, loc, value, operand.get(), indices);
}

SmallVector<Value> getLoopSizes(OpBuilder &b, linalg::GenericOp op) {
  SmallVector<Value> sizes;
  auto linalgOp = cast<linalg::LinalgOp>(op.getOperation());
  for (Range range : linalgOp.createLoopRanges(b, op.getLoc()))
    sizes.push_back(
        getValueOrCreateConstantIndexOp(b, op.getLoc(), range.size));
  return sizes;
}

SmallVector<int64_t> getDistributedDims(linalg::GenericOp op) {
  SmallVector<int64_t> dims;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (int64_t d = 0; d < int64_t(iterators.size()); ++d) {
    if (!linalg::isParallelIterator(iterators[d]))
      continue;
    bool everyOutput =
        llvm::all_of(op.getDpsInitsMutable(), [&](OpOperand &init) {
          AffineMap map = op.getMatchingIndexingMap(&init);
          return llvm::any_of(map.getResults(), [&](AffineExpr expr) {
            auto dim = dyn_cast<AffineDimExpr>(expr);
            return dim && int64_t(dim.getPosition()) == d;
          });
        });
    if (everyOutput)
      dims.push_back(d);
  }
  return dims;
}

} // namespace mlir::compress

/// The end of a warp-per-output kernel: the warp reduces the lanes'
/// `partial` values with `kind`, and lane 0 stores `combine(output, total)`
/// into the output element at `ivs`.
void mlir::compress::storeWarpResult(
    OpBuilder &b, Location loc, linalg::GenericOp op, ArrayRef<Value> ivs,
    Value lane, Value partial, gpu::AllReduceOperation kind,
    function_ref<Value(Value old, Value total)> combine) {
  Value total =
      gpu::SubgroupReduceOp::create(b, loc, partial, kind, /*uniform=*/true);
  Value first = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lane,
                                      indexConstant(b, loc, 0));
  auto store = scf::IfOp::create(b, loc, first, /*withElseRegion=*/false);
  b.setInsertionPointToStart(&store.getThenRegion().front());
  OpOperand *init = op.getDpsInitOperand(0);
  Value old = loadOperand(b, loc, op, *init, ivs);
  storeOutput(b, loc, op, *init, ivs, combine(old, total));
}
