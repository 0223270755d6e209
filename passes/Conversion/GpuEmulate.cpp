//===- GpuEmulate.cpp - gpu.launch kernels as host loops ------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Runs the kernels of compress-gpu-map-linalg on the host, one thread at a
// time, so that their indexing, chunking and reductions are checked against
// the reference on machines without a GPU (compress-run
// --device=cuda-emulated, docs/gpu.md). Each gpu.launch becomes loops over
// its blocks and threads, the lanes of a warp in descending order.
//
// gpu.subgroup_reduce is the one op whose lanes meet. The kernels use its
// result only in lane 0 (`scf.if` on `lane == 0`), so a running value per
// warp emulates it: the first lane to run (31) starts it with its own
// value, each later lane combines its value in, and lane 0, the last, sees
// the whole warp's result. The order of the combination differs from the
// butterfly of shuffles, so float sums may differ in their last bits.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Utils/GPUUtils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSGPUEMULATEPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// Whether `op` runs only in lane 0: it lies in an scf.if on
/// `lane == 0` within `launch`.
bool onlyInLaneZero(Operation *op, gpu::LaunchOp launch) {
  Value lane = launch.getThreadIds().x;
  for (Operation *parent = op->getParentOp(); parent && parent != launch;
       parent = parent->getParentOp()) {
    auto ifOp = dyn_cast<scf::IfOp>(parent);
    if (!ifOp || !ifOp.getThenRegion().isAncestor(op->getParentRegion()))
      continue;
    auto compare = ifOp.getCondition().getDefiningOp<arith::CmpIOp>();
    if (compare && compare.getPredicate() == arith::CmpIPredicate::eq &&
        ((compare.getLhs() == lane && matchPattern(compare.getRhs(), m_Zero())) ||
         (compare.getRhs() == lane && matchPattern(compare.getLhs(), m_Zero()))))
      return true;
  }
  return false;
}

/// Checks that `launch` can run as host loops: one block, no async token or
/// dynamic shared memory, and subgroup reductions over 32-lane warps whose
/// results only lane 0 uses.
LogicalResult checkEmulable(gpu::LaunchOp launch) {
  if (launch.getAsyncToken() || launch.getDynamicSharedMemorySize() ||
      !launch.getBody().hasOneBlock())
    return launch.emitError(
        "compress-gpu-emulate: only synchronous single-block launches "
        "without dynamic shared memory run on the host");
  WalkResult walk = launch.getBody().walk([&](Operation *op) {
    if (op->getDialect() != launch->getDialect() ||
        (isa<gpu::TerminatorOp>(op) && op->getParentOp() == launch))
      return WalkResult::advance();
    if (auto reduce = dyn_cast<gpu::SubgroupReduceOp>(op)) {
      APInt lanes;
      if (!matchPattern(launch.getBlockSizeX(), m_ConstantInt(&lanes)) ||
          lanes != kWarpSize || reduce.getClusterSize() ||
          !llvm::all_of(reduce->getUsers(), [&](Operation *user) {
            return onlyInLaneZero(user, launch);
          })) {
        reduce.emitError("compress-gpu-emulate: a gpu.subgroup_reduce runs "
                         "on the host only in blocks of 32 lanes in x, with "
                         "its result used in lane 0 alone");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    }
    op->emitError() << "compress-gpu-emulate: '" << op->getName()
                    << "' has no host emulation";
    return WalkResult::interrupt();
  });
  return failure(walk.wasInterrupted());
}

/// A loop from 0 to `size`; the builder moves into it.
Value loopTo(OpBuilder &b, Location loc, Value size) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto loop = scf::ForOp::create(b, loc, zero, size, one);
  b.setInsertionPointToStart(loop.getBody());
  return loop.getInductionVar();
}

LogicalResult emulate(gpu::LaunchOp launch) {
  if (failed(checkEmulable(launch)))
    return failure();
  OpBuilder b(launch);
  Location loc = launch.getLoc();
  // One running value per subgroup reduction, made before the loops.
  DenseMap<Operation *, Value> running;
  launch.getBody().walk([&](gpu::SubgroupReduceOp reduce) {
    running[reduce] = memref::AllocaOp::create(
        b, loc, MemRefType::get({1}, reduce.getType()));
  });

  gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
  gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
  IRMapping mapping;
  gpu::KernelDim3 gridArgs = launch.getGridSize();
  gpu::KernelDim3 blockArgs = launch.getBlockSize();
  mapping.map(gridArgs.x, grid.x);
  mapping.map(gridArgs.y, grid.y);
  mapping.map(gridArgs.z, grid.z);
  mapping.map(blockArgs.x, block.x);
  mapping.map(blockArgs.y, block.y);
  mapping.map(blockArgs.z, block.z);
  gpu::KernelDim3 blockIds = launch.getBlockIds();
  gpu::KernelDim3 threadIds = launch.getThreadIds();
  mapping.map(blockIds.z, loopTo(b, loc, grid.z));
  mapping.map(blockIds.y, loopTo(b, loc, grid.y));
  mapping.map(blockIds.x, loopTo(b, loc, grid.x));
  mapping.map(threadIds.z, loopTo(b, loc, block.z));
  mapping.map(threadIds.y, loopTo(b, loc, block.y));
  // Lanes from the last to the first: lane 0 ends each warp.
  Value step = loopTo(b, loc, block.x);
  Value last = arith::SubIOp::create(
      b, loc, block.x, arith::ConstantIndexOp::create(b, loc, 1));
  Value lane = arith::SubIOp::create(b, loc, last, step);
  mapping.map(threadIds.x, lane);
  Value firstToRun =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lane, last);

  for (Operation &op : launch.getBody().front().without_terminator())
    b.clone(op, mapping);

  // The reductions, cloned, become the warp's running value.
  for (auto [original, scratch] : running) {
    auto reduce =
        cast<gpu::SubgroupReduceOp>(mapping.lookup(original));
    OpBuilder at(reduce);
    Location reduceLoc = reduce.getLoc();
    Value zero = arith::ConstantIndexOp::create(at, reduceLoc, 0);
    Value previous = memref::LoadOp::create(at, reduceLoc, scratch, zero);
    Value combined = vector::makeArithReduction(
        at, reduceLoc, gpu::convertReductionKind(reduce.getOp()), previous,
        reduce.getValue());
    Value value = arith::SelectOp::create(at, reduceLoc, firstToRun,
                                          reduce.getValue(), combined);
    memref::StoreOp::create(at, reduceLoc, value, scratch, zero);
    reduce.getResult().replaceAllUsesWith(value);
    reduce.erase();
  }
  launch.erase();
  return success();
}

struct GpuEmulatePass
    : public compress::impl::CompressGpuEmulatePassBase<GpuEmulatePass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<gpu::LaunchOp> launches;
    getOperation()->walk([&](gpu::LaunchOp launch) {
      launches.push_back(launch);
    });
    bool failed = false;
    for (gpu::LaunchOp launch : launches)
      failed |= mlir::failed(emulate(launch));
    if (failed)
      signalPassFailure();
  }
};

} // namespace
