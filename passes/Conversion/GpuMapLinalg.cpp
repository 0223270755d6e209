//===- GpuMapLinalg.cpp - linalg.generic on memrefs to gpu.launch ---------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// After bufferization, every linalg.generic of a function becomes one
// gpu.launch (docs/codegen.md, "GPU kernels"):
//
// * A reduction whose body combines into its output with an op that
//   gpu.subgroup_reduce knows (the fused decode-matmul kernels, the
//   activation max of int8 activations): a warp per output element, its 32
//   lanes striding over the reduction (consecutive lanes read consecutive
//   weight bytes), one gpu.subgroup_reduce, lane 0 combining the sum into
//   the output.
// * Everything else: a thread per point of the parallel loops, which runs
//   the reduction loops (if any) itself, as convert-linalg-to-loops would.
//
// Any other op of the host code that reads or writes memory (a loop that
// fills a buffer, a scalar load) runs in a gpu.launch of one thread: after
// compress-gpu-device-memory every buffer lives on the device.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/Passes.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSGPUMAPLINALGPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

constexpr int64_t kWarpSize = 32;

Value indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// The product of `sizes` (1 for none).
Value productOf(OpBuilder &b, Location loc, ArrayRef<Value> sizes) {
  Value product = indexConstant(b, loc, 1);
  for (Value size : sizes)
    product = arith::MulIOp::create(b, loc, product, size);
  return product;
}

/// The multi-index of `linear` in a row-major space of `sizes`.
SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<Value> sizes) {
  SmallVector<Value> indices(sizes.size());
  for (int64_t d = int64_t(sizes.size()) - 1; d >= 0; --d) {
    indices[d] = d == 0 ? linear
                        : arith::RemUIOp::create(b, loc, linear, sizes[d]);
    if (d > 0)
      linear = arith::DivUIOp::create(b, loc, linear, sizes[d]);
  }
  return indices;
}

/// A gpu.launch of `grid` x (`blockX`, `blockY`) threads at the builder's
/// point; the builder is left at the start of its body.
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

/// A launch in which each item of `items` runs on one thread (`perWarp`
/// false: blocks of `blockX` threads) or one warp (blocks of `blockY` warps
/// of `blockX` lanes), with the builder left inside the guard
/// `item < items`. Returns the launch and the item's index; the guard is
/// uniform across a warp when items are per warp.
std::pair<gpu::LaunchOp, Value> createGuardedLaunch(OpBuilder &b, Location loc,
                                                    Value items,
                                                    int64_t blockX,
                                                    int64_t blockY,
                                                    bool perWarp) {
  Value perBlock = indexConstant(b, loc, perWarp ? blockY : blockX);
  Value grid = arith::CeilDivUIOp::create(b, loc, items, perBlock);
  gpu::LaunchOp launch = createLaunch(b, loc, grid, blockX, blockY);
  Value item = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, launch.getBlockIds().x, perBlock),
      perWarp ? launch.getThreadIds().y : launch.getThreadIds().x);
  Value inRange = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                        item, items);
  auto ifOp = scf::IfOp::create(b, loc, inRange, /*withElseRegion=*/false);
  b.setInsertionPointToStart(&ifOp.getThenRegion().front());
  return {launch, item};
}

/// The value of operand `operand` of `op` at loop indices `ivs`: a load
/// through its indexing map, or the scalar itself.
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

/// The store of `value` into output `operand` at `ivs`.
void storeOutput(OpBuilder &b, Location loc, linalg::GenericOp op,
                 OpOperand &operand, ArrayRef<Value> ivs, Value value) {
  AffineMap map = op.getMatchingIndexingMap(&operand);
  SmallVector<Value> indices;
  for (AffineExpr expr : map.getResults())
    indices.push_back(affine::expandAffineExpr(b, loc, expr, ivs, {}));
  memref::StoreOp::create(b, loc, value, operand.get(), indices);
}

/// Clones the body of `op` at loop indices `ivs` with its block arguments
/// bound to `args`; returns the yielded values.
SmallVector<Value> cloneBody(OpBuilder &b, linalg::GenericOp op,
                             ArrayRef<Value> ivs, ArrayRef<Value> args,
                             IRMapping &mapping) {
  Block &body = op.getRegion().front();
  for (auto [arg, value] : llvm::zip_equal(body.getArguments(), args))
    mapping.map(arg, value);
  for (Operation &inner : body.without_terminator()) {
    if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
      mapping.map(index.getResult(), ivs[index.getDim()]);
      continue;
    }
    b.clone(inner, mapping);
  }
  SmallVector<Value> yielded;
  for (Value value : body.getTerminator()->getOperands())
    yielded.push_back(mapping.lookupOrDefault(value));
  return yielded;
}

/// The parallel loops that index every output through a plain dimension:
/// threads may split them without two writing one element.
SmallVector<int64_t> getDistributedDims(linalg::GenericOp op) {
  SmallVector<int64_t> dims;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (int64_t d = 0; d < int64_t(iterators.size()); ++d) {
    if (!linalg::isParallelIterator(iterators[d]))
      continue;
    bool everyOutput = llvm::all_of(op.getDpsInitsMutable(), [&](OpOperand &init) {
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

/// A reduction that a warp can split over its lanes: one output, whose
/// body argument is used once, by the yielded `combiner(out, contribution)`.
struct WarpReduction {
  Operation *combiner;
  gpu::AllReduceOperation kind;
  Value contribution;
};

std::optional<gpu::AllReduceOperation> getReduceKind(Operation *op) {
  if (isa<arith::AddFOp, arith::AddIOp>(op))
    return gpu::AllReduceOperation::ADD;
  if (isa<arith::MaximumFOp>(op))
    return gpu::AllReduceOperation::MAXIMUMF;
  if (isa<arith::MinimumFOp>(op))
    return gpu::AllReduceOperation::MINIMUMF;
  if (isa<arith::MaxNumFOp>(op))
    return gpu::AllReduceOperation::MAXNUMF;
  if (isa<arith::MinNumFOp>(op))
    return gpu::AllReduceOperation::MINNUMF;
  return std::nullopt;
}

std::optional<WarpReduction> matchWarpReduction(linalg::GenericOp op) {
  if (op.getNumReductionLoops() == 0 || op.getNumDpsInits() != 1)
    return std::nullopt;
  Block &body = op.getRegion().front();
  BlockArgument out = body.getArguments().back();
  if (!out.hasOneUse() || !out.getType().isIntOrFloat() ||
      out.getType().getIntOrFloatBitWidth() != 32)
    return std::nullopt;
  Operation *combiner = *out.getUsers().begin();
  Value yielded = body.getTerminator()->getOperand(0);
  std::optional<gpu::AllReduceOperation> kind = getReduceKind(combiner);
  if (!kind || combiner->getResult(0) != yielded ||
      combiner->getNumOperands() != 2)
    return std::nullopt;
  Value contribution = combiner->getOperand(0) == out
                           ? combiner->getOperand(1)
                           : combiner->getOperand(0);
  if (contribution == out)
    return std::nullopt;
  // Each output element belongs to one point of the parallel loops.
  if (getDistributedDims(op).size() != op.getNumParallelLoops())
    return std::nullopt;
  return WarpReduction{combiner, *kind, contribution};
}

/// The identity of `kind` for values of `type`.
Value identityOf(OpBuilder &b, Location loc, gpu::AllReduceOperation kind,
                 Type type) {
  if (auto floatType = dyn_cast<FloatType>(type)) {
    const llvm::fltSemantics &semantics = floatType.getFloatSemantics();
    APFloat value = APFloat::getZero(semantics);
    if (kind == gpu::AllReduceOperation::MAXIMUMF ||
        kind == gpu::AllReduceOperation::MAXNUMF)
      value = APFloat::getInf(semantics, /*Negative=*/true);
    if (kind == gpu::AllReduceOperation::MINIMUMF ||
        kind == gpu::AllReduceOperation::MINNUMF)
      value = APFloat::getInf(semantics);
    return arith::ConstantOp::create(b, loc, FloatAttr::get(type, value));
  }
  return arith::ConstantOp::create(b, loc, IntegerAttr::get(type, 0));
}

/// The loop sizes of `op`, computed at the builder's point.
SmallVector<Value> getLoopSizes(OpBuilder &b, linalg::GenericOp op) {
  SmallVector<Value> sizes;
  auto linalgOp = cast<linalg::LinalgOp>(op.getOperation());
  for (Range range : linalgOp.createLoopRanges(b, op.getLoc()))
    sizes.push_back(getValueOrCreateConstantIndexOp(b, op.getLoc(),
                                                    range.size));
  return sizes;
}

/// A warp per output element; lanes stride over the linearized reduction.
void mapWarpReduction(OpBuilder &b, linalg::GenericOp op,
                      const WarpReduction &reduction, int64_t warpsPerBlock) {
  Location loc = op.getLoc();
  SmallVector<Value> sizes = getLoopSizes(b, op);
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> parallelDims, reductionDims;
  for (auto [d, iterator] : llvm::enumerate(iterators))
    (linalg::isParallelIterator(iterator) ? parallelDims : reductionDims)
        .push_back(d);
  auto sizesOf = [&](ArrayRef<int64_t> dims) {
    return llvm::map_to_vector(dims, [&](int64_t d) { return sizes[d]; });
  };
  Value outputs = productOf(b, loc, sizesOf(parallelDims));
  Value reduced = productOf(b, loc, sizesOf(reductionDims));

  OpBuilder::InsertionGuard guard(b);
  auto [launch, output] = createGuardedLaunch(b, loc, outputs, kWarpSize,
                                              warpsPerBlock, /*perWarp=*/true);
  Value lane = launch.getThreadIds().x;
  SmallVector<Value> ivs(iterators.size());
  for (auto [d, index] : llvm::zip_equal(
           parallelDims, delinearize(b, loc, output, sizesOf(parallelDims))))
    ivs[d] = index;

  Type type = reduction.contribution.getType();
  Value identity = identityOf(b, loc, reduction.kind, type);
  auto loop = scf::ForOp::create(b, loc, lane, reduced,
                                 indexConstant(b, loc, kWarpSize), identity);
  {
    OpBuilder::InsertionGuard loopGuard(b);
    b.setInsertionPointToStart(loop.getBody());
    for (auto [d, index] :
         llvm::zip_equal(reductionDims, delinearize(b, loc,
                                                    loop.getInductionVar(),
                                                    sizesOf(reductionDims))))
      ivs[d] = index;
    SmallVector<Value> args;
    for (OpOperand *input : op.getDpsInputOperands())
      args.push_back(loadOperand(b, loc, op, *input, ivs));
    // The output argument is only used by the combiner, which is cloned
    // with the partial sum in its place.
    args.push_back(loop.getRegionIterArgs()[0]);
    IRMapping mapping;
    SmallVector<Value> yielded = cloneBody(b, op, ivs, args, mapping);
    scf::YieldOp::create(b, loc, yielded);
  }
  Value partial = loop.getResult(0);
  Value total = gpu::SubgroupReduceOp::create(b, loc, partial, reduction.kind,
                                              /*uniform=*/true);
  Value first = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lane,
                                      indexConstant(b, loc, 0));
  auto store = scf::IfOp::create(b, loc, first, /*withElseRegion=*/false);
  b.setInsertionPointToStart(&store.getThenRegion().front());
  OpOperand *init = op.getDpsInitOperand(0);
  Value old = loadOperand(b, loc, op, *init, ivs);
  IRMapping combine;
  Block &body = op.getRegion().front();
  combine.map(body.getArguments().back(), old);
  combine.map(reduction.contribution, total);
  Value result = b.clone(*reduction.combiner, combine)->getResult(0);
  storeOutput(b, loc, op, *init, ivs, result);
}

/// A thread per point of the parallel loops, each running the reduction
/// loops itself with a load and a store of its output per step. Parallel
/// loops that do not index every output run in each thread too.
void mapThreadPerPoint(OpBuilder &b, linalg::GenericOp op,
                       int64_t threadsPerBlock) {
  Location loc = op.getLoc();
  SmallVector<Value> sizes = getLoopSizes(b, op);
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<int64_t> parallelDims = getDistributedDims(op), reductionDims;
  for (int64_t d = 0; d < int64_t(iterators.size()); ++d)
    if (!llvm::is_contained(parallelDims, d))
      reductionDims.push_back(d);
  SmallVector<Value> parallelSizes =
      llvm::map_to_vector(parallelDims, [&](int64_t d) { return sizes[d]; });
  Value points = productOf(b, loc, parallelSizes);

  OpBuilder::InsertionGuard guard(b);
  Value point = createGuardedLaunch(b, loc, points, threadsPerBlock, 1,
                                    /*perWarp=*/false)
                    .second;
  SmallVector<Value> ivs(iterators.size());
  for (auto [d, index] : llvm::zip_equal(
           parallelDims, delinearize(b, loc, point, parallelSizes)))
    ivs[d] = index;
  // The other loops, outermost first.
  for (int64_t d : reductionDims) {
    auto loop = scf::ForOp::create(b, loc, indexConstant(b, loc, 0), sizes[d],
                                   indexConstant(b, loc, 1));
    ivs[d] = loop.getInductionVar();
    b.setInsertionPointToStart(loop.getBody());
  }
  SmallVector<Value> args;
  for (OpOperand &operand : op->getOpOperands())
    args.push_back(loadOperand(b, loc, op, operand, ivs));
  IRMapping mapping;
  SmallVector<Value> yielded = cloneBody(b, op, ivs, args, mapping);
  for (auto [init, value] : llvm::zip_equal(op.getDpsInitsMutable(), yielded))
    storeOutput(b, loc, op, init, ivs, value);
}

/// Whether `op` (outside any gpu.launch) reads or writes memory that lives
/// on the device: anything but allocation, views, constants and pure ops.
bool touchesMemory(Operation *op) {
  if (isa<memref::AllocOp, memref::AllocaOp, memref::DeallocOp,
          memref::GetGlobalOp, memref::DimOp, memref::ExtractStridedMetadataOp,
          gpu::LaunchOp, linalg::GenericOp>(op) ||
      isa<ViewLikeOpInterface>(op) || op->hasTrait<OpTrait::IsTerminator>())
    return false;
  if (isMemoryEffectFree(op))
    return false;
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  if (!effects)
    return true; // Unknown effects, or a region with effects inside.
  return effects.hasEffect<MemoryEffects::Read>() ||
         effects.hasEffect<MemoryEffects::Write>();
}

struct GpuMapLinalgPass
    : public compress::impl::CompressGpuMapLinalgPassBase<GpuMapLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    Operation *root = getOperation();
    // The ops of the host code (not nested in a launch), in order.
    SmallVector<Operation *> hostOps;
    root->walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (op == root)
        return WalkResult::advance();
      if (isa<gpu::LaunchOp, linalg::GenericOp>(op) || touchesMemory(op)) {
        hostOps.push_back(op);
        return WalkResult::skip();
      }
      return WalkResult::advance();
    });
    bool failed = false;
    for (Operation *op : hostOps) {
      if (isa<gpu::LaunchOp>(op))
        continue;
      OpBuilder b(op);
      if (auto generic = dyn_cast<linalg::GenericOp>(op)) {
        if (!generic.hasPureBufferSemantics()) {
          op->emitError("compress-gpu-map-linalg: expected a linalg.generic "
                        "on memrefs (run after bufferization)");
          failed = true;
          continue;
        }
        if (std::optional<WarpReduction> reduction =
                matchWarpReduction(generic))
          mapWarpReduction(b, generic, *reduction, warpsPerBlock);
        else
          mapThreadPerPoint(b, generic, threadsPerBlock);
        op->erase();
        continue;
      }
      // A copy (from bufferization): an elementwise generic.
      if (auto copy = dyn_cast<memref::CopyOp>(op)) {
        auto target = cast<MemRefType>(copy.getTarget().getType());
        int64_t rank = target.getRank();
        auto generic = linalg::GenericOp::create(
            b, op->getLoc(), TypeRange{}, ValueRange{copy.getSource()},
            ValueRange{copy.getTarget()},
            SmallVector<AffineMap>(2, b.getMultiDimIdentityMap(rank)),
            SmallVector<utils::IteratorType>(rank,
                                             utils::IteratorType::parallel),
            [](OpBuilder &b, Location loc, ValueRange args) {
              linalg::YieldOp::create(b, loc, args[0]);
            });
        mapThreadPerPoint(b, generic, threadsPerBlock);
        generic->erase();
        op->erase();
        continue;
      }
      // Another op on memory: one thread runs it, if nothing on the host
      // needs its results.
      if (!op->use_empty()) {
        op->emitError() << "compress-gpu-map-linalg: '" << op->getName()
                        << "' reads or writes memory and its results are used "
                           "on the host; only ops without used results can "
                           "run in a GPU kernel";
        failed = true;
        continue;
      }
      Location loc = op->getLoc();
      gpu::LaunchOp launch =
          createLaunch(b, loc, indexConstant(b, loc, 1), 1, 1);
      op->moveBefore(launch.getBody().front().getTerminator());
    }
    if (failed)
      signalPassFailure();
  }
};

} // namespace
