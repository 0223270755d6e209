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

#include "passes/Conversion/GpuContiguousAccess.h"
#include "passes/Conversion/GpuKernelUtils.h"
#include "passes/Conversion/GpuIntegerDot.h"
#include "passes/Conversion/GpuTensorCore.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSGPUMAPLINALGPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// Clones the body of `op` at loop indices `ivs` with its block arguments
/// bound to `args`; returns the yielded values. `replace` may give the
/// value of a single-result op instead of a clone (null: clone it).
SmallVector<Value>
cloneBody(OpBuilder &b, linalg::GenericOp op, ArrayRef<Value> ivs,
          ArrayRef<Value> args, IRMapping &mapping,
          function_ref<Value(Operation &)> replace = nullptr) {
  Block &body = op.getRegion().front();
  for (auto [arg, value] : llvm::zip_equal(body.getArguments(), args))
    mapping.map(arg, value);
  for (Operation &inner : body.without_terminator()) {
    if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
      mapping.map(index.getResult(), ivs[index.getDim()]);
      continue;
    }
    if (replace)
      if (Value value = replace(inner)) {
        mapping.map(inner.getResult(0), value);
        continue;
      }
    b.clone(inner, mapping);
  }
  SmallVector<Value> yielded;
  for (Value value : body.getTerminator()->getOperands())
    yielded.push_back(mapping.lookupOrDefault(value));
  return yielded;
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

/// The output argument of `op`'s body when `op` has one output, 32 bits
/// wide (what shuffles reduce), used once; null otherwise.
BlockArgument getReducibleOutput(linalg::GenericOp op) {
  if (op.getNumDpsInits() != 1)
    return nullptr;
  BlockArgument out = op.getRegion().front().getArguments().back();
  if (!out.hasOneUse() || !out.getType().isIntOrFloat() ||
      out.getType().getIntOrFloatBitWidth() != 32)
    return nullptr;
  return out;
}

std::optional<WarpReduction> matchWarpReduction(linalg::GenericOp op) {
  BlockArgument out = getReducibleOutput(op);
  if (op.getNumReductionLoops() == 0 || !out)
    return std::nullopt;
  Block &body = op.getRegion().front();
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

/// The vector loads of a chunked warp reduction: the inputs and the body's
/// memref.load ops that read, over a chunk of the innermost reduction loop,
/// consecutive elements (GpuContiguousAccess.h).
/// Each maps to the number of consecutive loop values that read one
/// element (2 for packed int4 codes read as bytes).
struct ChunkPlan {
  int64_t dim = -1;  // The innermost reduction loop.
  int64_t chunk = 1; // Its consecutive values per lane and step.
  DenseMap<OpOperand *, int64_t> vectorInputs;
  DenseMap<Operation *, int64_t> vectorLoads;
};

/// The bytes one lane reads with one vector load at most: ld.global.v4.b32.
constexpr int64_t kVectorBytes = 16;
/// The most loop values a lane takes per step (the body is unrolled).
constexpr int64_t kMaxChunk = 32;

/// The linear forms of the indices of `load`, a memref.load in the body of
/// `op`; none when one is not linear.
std::optional<SmallVector<LinearIndex>> getLoadIndices(linalg::GenericOp op,
                                                       memref::LoadOp load) {
  SmallVector<LinearIndex> indices;
  for (Value index : load.getIndices()) {
    std::optional<LinearIndex> linear =
        getLinearIndex(index, op.getNumLoops());
    if (!linear)
      return std::nullopt;
    indices.push_back(*linear);
  }
  return indices;
}

std::optional<SmallVector<LinearIndex>> getOperandIndices(linalg::GenericOp op,
                                                          OpOperand &operand) {
  SmallVector<LinearIndex> indices;
  for (AffineExpr expr : op.getMatchingIndexingMap(&operand).getResults()) {
    std::optional<LinearIndex> linear = getLinearIndex(expr, op.getNumLoops());
    if (!linear)
      return std::nullopt;
    indices.push_back(*linear);
  }
  return indices;
}

/// The chunk of the innermost reduction loop `dim` (static size `size`)
/// that each lane takes per step: sized so the narrowest stream moving
/// along it reads 16 bytes (32 values of packed int4 bytes, 16 of int8, 4
/// of f32), at most 32, and dividing `size`. Chunk 1 (no vector load) when
/// no load qualifies.
ChunkPlan planChunks(linalg::GenericOp op, int64_t dim, int64_t size) {
  ChunkPlan plan;
  plan.dim = dim;
  if (ShapedType::isDynamic(size))
    return plan;
  // The loads that move along the loop, with their indices and types.
  struct Candidate {
    OpOperand *input = nullptr;
    Operation *load = nullptr;
    MemRefType type;
    SmallVector<LinearIndex> indices;
  };
  SmallVector<Candidate> candidates;
  for (OpOperand *input : op.getDpsInputOperands()) {
    auto type = dyn_cast<MemRefType>(input->get().getType());
    std::optional<SmallVector<LinearIndex>> indices =
        getOperandIndices(op, *input);
    if (type && indices && movesAlong(*indices, dim))
      candidates.push_back({input, nullptr, type, *indices});
  }
  op.getRegion().walk([&](memref::LoadOp load) {
    std::optional<SmallVector<LinearIndex>> indices = getLoadIndices(op, load);
    if (indices && movesAlong(*indices, dim))
      candidates.push_back(
          {nullptr, load, load.getMemRefType(), std::move(*indices)});
  });
  // The chunk that gives the narrowest stream 16-byte loads.
  int64_t chunk = 1;
  for (const Candidate &candidate : candidates) {
    Type element = candidate.type.getElementType();
    if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
      continue;
    int64_t bytes = element.getIntOrFloatBitWidth() / 8;
    if (kVectorBytes % bytes == 0)
      chunk = std::max(chunk, kVectorBytes / bytes *
                                  candidate.indices.back().divisor);
  }
  chunk = std::min(llvm::PowerOf2Ceil(chunk), uint64_t(kMaxChunk));
  while (chunk > 1 && size % chunk != 0)
    chunk /= 2;
  if (chunk == 1)
    return plan;
  for (const Candidate &candidate : candidates) {
    if (!isChunkContiguous(candidate.type, candidate.indices, dim, chunk))
      continue;
    int64_t divisor = candidate.indices.back().divisor;
    if (candidate.input)
      plan.vectorInputs[candidate.input] = divisor;
    else
      plan.vectorLoads[candidate.load] = divisor;
  }
  if (!plan.vectorInputs.empty() || !plan.vectorLoads.empty())
    plan.chunk = chunk;
  return plan;
}

/// A vector.load of `elements` elements of `memref` from `indices`, aligned
/// as far as its start is: buffers of identity layout start 16-byte aligned
/// on the device (cuMemAlloc aligns to 256 bytes).
Value loadChunk(OpBuilder &b, Location loc, Value memref, ValueRange indices,
                int64_t elements) {
  auto type = cast<MemRefType>(memref.getType());
  Type element = type.getElementType();
  int64_t bytes = elements * element.getIntOrFloatBitWidth() / 8;
  auto load = vector::LoadOp::create(
      b, loc, VectorType::get({elements}, element), memref, indices);
  load.setAlignment(std::min(bytes, kVectorBytes));
  return load.getResult();
}

/// A warp per output element. Lanes stride over the linearized reduction;
/// with a chunk plan, each lane takes `chunk` consecutive values of the
/// innermost reduction loop per step, reading the planned loads as vectors
/// and running the body once per value.
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
  int64_t innermost = reductionDims.back();
  ChunkPlan plan =
      planChunks(op, innermost, op.getStaticLoopRanges()[innermost]);
  // The reduction space the lanes stride over: chunks of the innermost loop.
  SmallVector<Value> chunkSizes = sizesOf(reductionDims);
  chunkSizes.back() = arith::DivUIOp::create(
      b, loc, chunkSizes.back(), indexConstant(b, loc, plan.chunk));
  Value outputs = productOf(b, loc, sizesOf(parallelDims));
  Value reduced = productOf(b, loc, chunkSizes);

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
    for (auto [d, index] : llvm::zip_equal(
             reductionDims,
             delinearize(b, loc, loop.getInductionVar(), chunkSizes)))
      ivs[d] = index;
    Value chunkStart = arith::MulIOp::create(
        b, loc, ivs[innermost], indexConstant(b, loc, plan.chunk));
    ivs[innermost] = chunkStart;
    // The planned inputs, one vector each.
    DenseMap<OpOperand *, Value> inputVectors;
    for (OpOperand *input : op.getDpsInputOperands()) {
      auto planned = plan.vectorInputs.find(input);
      if (planned == plan.vectorInputs.end())
        continue;
      int64_t divisor = planned->second;
      AffineMap map = op.getMatchingIndexingMap(input);
      SmallVector<Value> indices;
      for (AffineExpr expr : map.getResults())
        indices.push_back(affine::expandAffineExpr(b, loc, expr, ivs, {}));
      inputVectors[input] =
          loadChunk(b, loc, input->get(), indices, plan.chunk / divisor);
    }
    // The body once per value of the chunk, the partial result chained.
    DenseMap<Operation *, Value> loadVectors;
    Value partial = loop.getRegionIterArgs()[0];
    for (int64_t offset = 0; offset < plan.chunk; ++offset) {
      ivs[innermost] = addIndex(b, loc, chunkStart, offset);
      SmallVector<Value> args;
      for (OpOperand *input : op.getDpsInputOperands()) {
        auto vector = inputVectors.find(input);
        args.push_back(vector == inputVectors.end()
                           ? loadOperand(b, loc, op, *input, ivs)
                           : vector::ExtractOp::create(
                                 b, loc, vector->second,
                                 offset / plan.vectorInputs.lookup(input))
                                 .getResult());
      }
      // The output argument is only used by the combiner, which is cloned
      // with the partial result in its place.
      args.push_back(partial);
      IRMapping mapping;
      auto replaceLoad = [&](Operation &inner) -> Value {
        auto planned = plan.vectorLoads.find(&inner);
        if (planned == plan.vectorLoads.end())
          return nullptr;
        int64_t divisor = planned->second;
        auto load = cast<memref::LoadOp>(inner);
        Value &vector = loadVectors[&inner];
        // The first value of the chunk: its indices start it. An index may
        // be defined outside the body (a constant), so it is not mapped.
        if (!vector) {
          SmallVector<Value> indices;
          for (Value index : load.getIndices())
            indices.push_back(mapping.lookupOrDefault(index));
          vector = loadChunk(b, loc, load.getMemRef(), indices,
                             plan.chunk / divisor);
        }
        return vector::ExtractOp::create(b, loc, vector, offset / divisor);
      };
      partial = cloneBody(b, op, ivs, args, mapping, replaceLoad)[0];
    }
    scf::YieldOp::create(b, loc, partial);
  }
  storeWarpResult(b, loc, op, ivs, lane, loop.getResult(0), reduction.kind,
                  [&](Value old, Value total) {
                    IRMapping combine;
                    Block &body = op.getRegion().front();
                    combine.map(body.getArguments().back(), old);
                    combine.map(reduction.contribution, total);
                    return b.clone(*reduction.combiner, combine)->getResult(0);
                  });
}

/// Whether `value` is `start` plus terms: `start` itself, or a single-use
/// add in `block` of which exactly one operand is such a chain.
bool isAddChain(Value value, Value start, Block *block) {
  if (value == start)
    return true;
  Operation *add = value.getDefiningOp();
  if (!value.hasOneUse() || !add || add->getBlock() != block ||
      !isa<arith::AddFOp, arith::AddIOp>(add))
    return false;
  return isAddChain(add->getOperand(0), start, block) !=
         isAddChain(add->getOperand(1), start, block);
}

/// A parallel generic whose body sums into its output in one scf.for: the
/// row kernels of N:M sparse weights, which loop over a row's groups. The
/// output argument is the loop's only init and is used nowhere else, the
/// loop's result is yielded, and its body adds terms to its iter_arg in a
/// chain of single-use adds (so the iterations' terms are independent and
/// may be summed in any order).
std::optional<scf::ForOp> matchRowLoopReduction(linalg::GenericOp op) {
  BlockArgument out = getReducibleOutput(op);
  if (op.getNumReductionLoops() != 0 || !out ||
      getDistributedDims(op).size() != op.getNumParallelLoops())
    return std::nullopt;
  Block &body = op.getRegion().front();
  auto loop = dyn_cast<scf::ForOp>(out.getUses().begin()->getOwner());
  if (!loop || loop->getBlock() != &body || loop.getNumRegionIterArgs() != 1 ||
      loop.getInitArgs()[0] != out ||
      body.getTerminator()->getOperand(0) != loop.getResult(0) ||
      !loop.getResult(0).hasOneUse())
    return std::nullopt;
  // The iter_arg's one use starts the chain, and every link is used once:
  // nothing but the chain sees the partial sum.
  Value iterArg = loop.getRegionIterArgs()[0];
  if (!iterArg.hasOneUse() ||
      !isAddChain(loop.getBody()->getTerminator()->getOperand(0), iterArg,
                  loop.getBody()))
    return std::nullopt;
  return loop;
}

/// A warp per output element of a row-loop reduction: the lanes split the
/// loop's iterations (lane, lane + 32, ...: consecutive lanes read
/// consecutive groups of the row), each summing its terms from zero, then
/// one gpu.subgroup_reduce, and lane 0 adds the sum to the output.
void mapRowLoopReduction(OpBuilder &b, linalg::GenericOp op, scf::ForOp loop,
                         int64_t warpsPerBlock) {
  Location loc = op.getLoc();
  SmallVector<Value> sizes = getLoopSizes(b, op);
  Value outputs = productOf(b, loc, sizes);

  OpBuilder::InsertionGuard guard(b);
  auto [launch, output] = createGuardedLaunch(b, loc, outputs, kWarpSize,
                                              warpsPerBlock, /*perWarp=*/true);
  Value lane = launch.getThreadIds().x;
  SmallVector<Value> ivs = delinearize(b, loc, output, sizes);

  Block &body = op.getRegion().front();
  IRMapping mapping;
  for (OpOperand *input : op.getDpsInputOperands())
    mapping.map(body.getArgument(input->getOperandNumber()),
                loadOperand(b, loc, op, *input, ivs));
  Type type = loop.getResult(0).getType();
  Value partial;
  for (Operation &inner : body.without_terminator()) {
    if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
      mapping.map(index.getResult(), ivs[index.getDim()]);
      continue;
    }
    if (&inner != loop.getOperation()) {
      b.clone(inner, mapping);
      continue;
    }
    Value step = mapping.lookupOrDefault(loop.getStep());
    Value start = arith::AddIOp::create(
        b, loc, mapping.lookupOrDefault(loop.getLowerBound()),
        arith::MulIOp::create(b, loc, lane, step));
    Value laneStep =
        arith::MulIOp::create(b, loc, step, indexConstant(b, loc, kWarpSize));
    auto split = scf::ForOp::create(
        b, loc, start, mapping.lookupOrDefault(loop.getUpperBound()), laneStep,
        identityOf(b, loc, gpu::AllReduceOperation::ADD, type));
    OpBuilder::InsertionGuard loopGuard(b);
    b.setInsertionPointToStart(split.getBody());
    mapping.map(loop.getInductionVar(), split.getInductionVar());
    mapping.map(loop.getRegionIterArgs()[0], split.getRegionIterArgs()[0]);
    for (Operation &step : loop.getBody()->without_terminator())
      b.clone(step, mapping);
    scf::YieldOp::create(
        b, loc,
        mapping.lookup(loop.getBody()->getTerminator()->getOperand(0)));
    partial = split.getResult(0);
  }
  storeWarpResult(b, loc, op, ivs, lane, partial,
                  gpu::AllReduceOperation::ADD, [&](Value old, Value total) {
                    return vector::makeArithReduction(
                        b, loc, vector::CombiningKind::ADD, old, total);
                  });
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
        std::optional<MatmulBody> matmul;
        std::optional<SparseTensorCoreMatmul> sparse;
        if (tensorCores) {
          matmul = matchTensorCoreMatmul(generic, tensorCoreMinRows);
          if (!matmul)
            sparse = matchSparseTensorCoreMatmul(generic, tensorCoreMinRows);
        }
        std::optional<MatmulBody> integerDot;
        if (!matmul && !sparse)
          integerDot = matchIntegerDotMatmul(generic);
        if (matmul)
          mapTensorCoreMatmul(b, generic, *matmul, warpsPerBlock);
        else if (sparse)
          mapSparseTensorCoreMatmul(b, generic, *sparse, warpsPerBlock);
        else if (integerDot)
          mapIntegerDotMatmul(b, generic, *integerDot, warpsPerBlock);
        else if (std::optional<WarpReduction> reduction =
                     matchWarpReduction(generic))
          mapWarpReduction(b, generic, *reduction, warpsPerBlock);
        else if (std::optional<scf::ForOp> loop =
                     matchRowLoopReduction(generic))
          mapRowLoopReduction(b, generic, *loop, warpsPerBlock);
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
