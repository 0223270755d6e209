//===- CpuVectorize.cpp - Tile and vectorize linalg ops for the CPU -------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Two levels of tiling on tensors, then vectorization:
//   1. scf.forall over one parallel dimension: the iterations threads share
//      (scf.forall -> scf.parallel -> OpenMP later in compress-to-llvm);
//   2. scf.for over vector tiles: innermost parallel and reduction
//      dimensions get `vector-tile` / `reduction-tile`, the others 1.
// Tile sizes are divisors of static extents, so every tile has a static
// shape and needs no masking (a 172-wide dimension gets tiles of 43 or 4).
// Dynamic dimensions get vector tiles of 1.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorTransforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSCPUVECTORIZEPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using mlir::compress::kActivationDimsAttr;

namespace {

/// The largest divisor of `extent` that is at most `limit` (at least 1).
int64_t largestDivisorAtMost(int64_t extent, int64_t limit) {
  for (int64_t t = std::min(extent, std::max<int64_t>(limit, 1)); t > 1; --t)
    if (extent % t == 0)
      return t;
  return 1;
}

/// The most elements of one vector tile.
constexpr int64_t kMaxVectorElements = 256;

/// Chunks of work the thread-level tiling aims at: a few per thread, so a
/// static OpenMP schedule balances two to eight threads.
constexpr int64_t kThreadChunks = 8;

SmallVector<OpFoldResult> toFoldResults(OpBuilder &b, ArrayRef<int64_t> sizes) {
  return llvm::map_to_vector(sizes, [&](int64_t size) -> OpFoldResult {
    return b.getIndexAttr(size);
  });
}

struct CpuVectorize
    : compress::impl::CompressCpuVectorizePassBase<CpuVectorize> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<linalg::LinalgOp> ops;
    func.walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && !op->getParentOfType<scf::ForallOp>())
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops)
      tileAndVectorize(rewriter, op);
    if (failed(lowerVectors()))
      return signalPassFailure();
  }

  /// Thread-level tile sizes: the option if given, else one parallel
  /// dimension split into about kThreadChunks pieces: the outermost one that
  /// is not the innermost parallel dimension (which the vectors want whole),
  /// preferring dimensions that index a fused kernel's weight (so each
  /// thread decodes its own part of it).
  SmallVector<int64_t> getThreadTile(linalg::LinalgOp op,
                                     ArrayRef<int64_t> ranges) {
    SmallVector<int64_t> sizes(ranges.size(), 0);
    if (!threadTile.empty()) {
      for (auto [d, size] : llvm::enumerate(threadTile))
        if (d < sizes.size())
          sizes[d] = size;
      return sizes;
    }
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    ArrayRef<int64_t> activationDims = getActivationDims(op);
    // Small ops (the per-call preparation of activations) run on one
    // thread: starting an OpenMP region costs more than they do.
    int64_t work = 1;
    for (int64_t range : ranges)
      work = ShapedType::isDynamic(range)
                 ? minThreadedWork
                 : std::min<int64_t>(work * range, minThreadedWork);
    if (work < minThreadedWork && !op->hasAttr(kActivationDimsAttr))
      return sizes;
    SmallVector<int64_t> candidates;
    for (auto [d, range] : llvm::enumerate(ranges))
      if (iterators[d] == utils::IteratorType::parallel &&
          !ShapedType::isDynamic(range) && range > 1)
        candidates.push_back(d);
    SmallVector<int64_t> weightDims = llvm::filter_to_vector(
        candidates,
        [&](int64_t d) { return !llvm::is_contained(activationDims, d); });
    if (!weightDims.empty())
      candidates = weightDims;
    if (candidates.empty())
      return sizes;
    int64_t best = candidates.size() > 1 ? candidates.front() : candidates[0];
    int64_t extent = ranges[best];
    for (int64_t t = llvm::divideCeil(extent, kThreadChunks); t <= extent; ++t)
      if (extent % t == 0) {
        sizes[best] = t == extent ? 0 : t;
        break;
      }
    return sizes;
  }

  static ArrayRef<int64_t> getActivationDims(linalg::LinalgOp op) {
    if (auto dims = op->getAttrOfType<DenseI64ArrayAttr>(kActivationDimsAttr))
      return dims.asArrayRef();
    return {};
  }

  /// Vector tile sizes of a tile whose extents are `ranges`. Fused decode
  /// kernels vectorize along their innermost loop only (one weight row at a
  /// time: its bytes are contiguous, its scales uniform).
  SmallVector<int64_t> getVectorTile(linalg::LinalgOp op,
                                     ArrayRef<int64_t> ranges) {
    if (op->hasAttr(kActivationDimsAttr)) {
      // The innermost loop walks the row's bytes: a reduction, or the
      // lanes of lane accumulators.
      SmallVector<int64_t> sizes(ranges.size(), 1);
      if (!ranges.empty() && !ShapedType::isDynamic(ranges.back()))
        sizes.back() = largestDivisorAtMost(ranges.back(), reductionTile);
      return sizes;
    }
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    SmallVector<int64_t> sizes(ranges.size(), 1);
    int64_t lastParallel = -1, lastReduction = -1;
    for (auto [d, iterator] : llvm::enumerate(iterators))
      (iterator == utils::IteratorType::parallel ? lastParallel
                                                 : lastReduction) = d;
    // The reduction first; the parallel tile then keeps the vector within
    // kMaxVectorElements (a 16x64 tile is 64 registers: spills and slow
    // instruction selection).
    int64_t reductionSize = 1;
    // An operand that is contiguous along the parallel dimension but also
    // walks the reduction (B of a plain matmul) would need a transpose per
    // tile: such ops vectorize along the parallel dimension only (outer
    // products).
    bool reductionStrided = false;
    if (lastReduction >= 0 && lastParallel >= 0)
      for (OpOperand *input : op.getDpsInputOperands()) {
        AffineMap map = op.getMatchingIndexingMap(input);
        if (map.getNumResults() == 0)
          continue;
        auto last = dyn_cast<AffineDimExpr>(map.getResults().back());
        if (last && int64_t(last.getPosition()) == lastParallel &&
            map.isFunctionOfDim(lastReduction))
          reductionStrided = true;
      }
    if (lastReduction >= 0 && !reductionStrided &&
        !ShapedType::isDynamic(ranges[lastReduction])) {
      reductionSize = largestDivisorAtMost(ranges[lastReduction], reductionTile);
      sizes[lastReduction] = reductionSize;
    }
    if (lastParallel >= 0 &&
        !ShapedType::isDynamic(ranges[lastParallel]))
      sizes[lastParallel] = largestDivisorAtMost(
          ranges[lastParallel],
          std::min<int64_t>(vectorTile, kMaxVectorElements / reductionSize));
    return sizes;
  }

  void tileAndVectorize(IRRewriter &rewriter, linalg::LinalgOp op) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    // An empty iteration space has nothing to tile (and tiling divides by
    // its extents).
    if (llvm::is_contained(ranges, 0))
      return;
    // Tiling takes the operand slices from the indexing maps applied to the
    // tile's offset and size, which is wrong for divisions: a tile of d
    // crossing a multiple of 128 needs two values of `d floordiv 128` but
    // gets a slice of one. Such ops stay untiled and scalar.
    auto divides = [](AffineExpr expr) {
      bool found = false;
      expr.walk([&](AffineExpr sub) {
        found |= sub.getKind() == AffineExprKind::FloorDiv ||
                 sub.getKind() == AffineExprKind::CeilDiv ||
                 sub.getKind() == AffineExprKind::Mod;
      });
      return found;
    };
    for (AffineMap map : op.getIndexingMapsArray())
      if (llvm::any_of(map.getResults(), divides))
        return;
    auto tileable = cast<TilingInterface>(op.getOperation());
    Operation *current = op;

    SmallVector<int64_t> threadSizes = getThreadTile(op, ranges);
    if (llvm::any_of(threadSizes, [](int64_t s) { return s != 0; })) {
      rewriter.setInsertionPoint(current);
      scf::SCFTilingOptions options;
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      options.setTileSizes(toFoldResults(rewriter, threadSizes));
      FailureOr<scf::SCFTilingResult> tiled =
          scf::tileUsingSCF(rewriter, tileable, options);
      if (failed(tiled))
        return;
      rewriter.replaceOp(current, tiled->replacements);
      current = tiled->tiledOps.back();
      for (auto [d, size] : llvm::enumerate(threadSizes))
        if (size != 0)
          ranges[d] = size;
    }

    auto tiledOp = cast<linalg::LinalgOp>(current);
    SmallVector<int64_t> vectorSizes = getVectorTile(tiledOp, ranges);
    // Tile sizes equal to the extent need no loop (0 = untiled).
    SmallVector<int64_t> loopSizes(vectorSizes);
    for (auto [d, size] : llvm::enumerate(loopSizes))
      if (size == ranges[d])
        size = 0;
    if (llvm::any_of(loopSizes, [](int64_t s) { return s != 0; })) {
      rewriter.setInsertionPoint(current);
      scf::SCFTilingOptions options;
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForOp);
      options.setTileSizes(toFoldResults(rewriter, loopSizes));
      // Activation rows innermost: the decoded weight tile is invariant in
      // them and hoisted out of their loop.
      ArrayRef<int64_t> activationDims = getActivationDims(tiledOp);
      if (!activationDims.empty()) {
        SmallVector<int64_t> order;
        for (int64_t d = 0; d < int64_t(ranges.size()); ++d)
          if (!llvm::is_contained(activationDims, d))
            order.push_back(d);
        llvm::append_range(order, activationDims);
        options.setInterchange(order);
      }
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(current), options);
      if (failed(tiled))
        return;
      rewriter.replaceOp(current, tiled->replacements);
      current = tiled->tiledOps.back();
    }

    auto vectorOp = cast<linalg::LinalgOp>(current);
    if (llvm::any_of(vectorOp.getStaticLoopRanges(), ShapedType::isDynamic))
      return;
    rewriter.setInsertionPoint(current);
    FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
        rewriter, current, /*inputVectorSizes=*/{}, /*scalableDims=*/{},
        /*vectorizeNDExtract=*/true);
    if (failed(vectorized))
      return; // Stays scalar; convert-linalg-to-loops handles it.
    rewriter.replaceOp(current, vectorized->replacements);
  }

  /// Accumulators out of the reduction loops, then the vector ops lowered to
  /// what the LLVM backend handles well.
  LogicalResult lowerVectors() {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    {
      RewritePatternSet patterns(ctx);
      vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
      vector::populateDropUnitDimWithShapeCastPatterns(patterns);
      vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
      // Reductions over unit dimensions become plain adds (lane
      // accumulators reduce over tiles of 1 in every reduction loop).
      vector::MultiDimReductionOp::getCanonicalizationPatterns(patterns, ctx);
      vector::TransposeOp::getCanonicalizationPatterns(patterns, ctx);
      vector::ShapeCastOp::getCanonicalizationPatterns(patterns, ctx);
      vector::BroadcastOp::getCanonicalizationPatterns(patterns, ctx);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return failure();
    }
    // Folding reductions over unit dimensions builds plain adds: give the
    // add of a contractable product its flag back, so they become FMAs.
    func.walk([&](arith::AddFOp add) {
      for (Value operand : add->getOperands())
        if (auto mul = operand.getDefiningOp<arith::MulFOp>())
          if (bitEnumContainsAll(mul.getFastmath(),
                                 arith::FastMathFlags::contract))
            add.setFastmath(add.getFastmath() | arith::FastMathFlags::contract);
    });
    IRRewriter rewriter(ctx);
    func.walk([&](scf::ForOp loop) {
      moveLoopInvariantCode(loop);
      hoistLoopInvariantSubsets(rewriter, loop);
    });
    {
      RewritePatternSet patterns(ctx);
      vector::populateVectorMultiReductionLoweringPatterns(
          patterns, vector::VectorMultiReductionLowering::InnerReduction);
      vector::populateVectorGatherLoweringPatterns(patterns);
      vector::populateVectorNarrowTypeRewritePatterns(patterns);
      vector::populateVectorTransferLoweringPatterns(patterns,
                                                     /*maxTransferRank=*/1);
      if (failed(applyPatternsGreedily(func, std::move(patterns))))
        return failure();
    }
    return success();
  }
};
} // namespace
