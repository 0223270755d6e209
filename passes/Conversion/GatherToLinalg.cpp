//===- GatherToLinalg.cpp - tensor.gather as a linalg.generic -------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSGATHERTOLINALGPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {

/// result[b..., s...] = source[c...] where c takes indices[b..., i] for the
/// i-th gathered dimension and the loop index s for the others.
struct GatherToGeneric : OpRewritePattern<tensor::GatherOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::GatherOp gather,
                                PatternRewriter &rewriter) const override {
    Location loc = gather.getLoc();
    Value source = gather.getSource(), indices = gather.getIndices();
    auto sourceType = cast<RankedTensorType>(source.getType());
    auto indicesType = cast<RankedTensorType>(indices.getType());
    auto resultType = cast<RankedTensorType>(gather.getType());
    ArrayRef<int64_t> gatherDims = gather.getGatherDims();
    if (!sourceType.hasStaticShape() || !indicesType.hasStaticShape())
      return rewriter.notifyMatchFailure(gather, "dynamic shapes");

    int64_t numBatch = indicesType.getRank() - 1;
    SmallVector<int64_t> shape(indicesType.getShape().drop_back());
    SmallVector<int64_t> keptDims;
    for (int64_t d = 0; d < sourceType.getRank(); ++d)
      if (!llvm::is_contained(gatherDims, d)) {
        keptDims.push_back(d);
        shape.push_back(sourceType.getDimSize(d));
      }
    auto reducedType = RankedTensorType::get(shape, resultType.getElementType());
    int64_t rank = reducedType.getRank();
    Value init = tensor::EmptyOp::create(rewriter, loc, shape,
                                         resultType.getElementType());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{reducedType}, ValueRange{}, ValueRange{init},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location loc, ValueRange) {
          SmallVector<Value> batch;
          for (int64_t d = 0; d < numBatch; ++d)
            batch.push_back(linalg::IndexOp::create(b, loc, d));
          SmallVector<Value> coordinates(sourceType.getRank());
          for (auto [i, d] : llvm::enumerate(gatherDims)) {
            SmallVector<Value> at(batch);
            at.push_back(arith::ConstantIndexOp::create(b, loc, i));
            Value index = tensor::ExtractOp::create(b, loc, indices, at);
            if (!index.getType().isIndex())
              index = arith::IndexCastOp::create(b, loc, b.getIndexType(),
                                                 index);
            coordinates[d] = index;
          }
          for (auto [i, d] : llvm::enumerate(keptDims))
            coordinates[d] = linalg::IndexOp::create(b, loc, numBatch + i);
          Value element =
              tensor::ExtractOp::create(b, loc, source, coordinates);
          linalg::YieldOp::create(b, loc, element);
        });
    Value result = generic.getResult(0);
    if (reducedType != resultType) {
      // The gathered dimensions kept as 1s: one group per reduced dimension,
      // the 1s joining the dimension before them (or the first one).
      SmallVector<ReassociationIndices> groups(rank);
      int64_t current = -1;
      for (int64_t d = 0; d < resultType.getRank(); ++d) {
        bool isGathered =
            d >= numBatch && llvm::is_contained(gatherDims, d - numBatch);
        if (!isGathered)
          ++current;
        groups[std::max<int64_t>(current, 0)].push_back(d);
      }
      if (rank == 0)
        groups.clear();
      result = tensor::ExpandShapeOp::create(rewriter, loc, resultType, result,
                                             groups);
    }
    rewriter.replaceOp(gather, result);
    return success();
  }
};

struct GatherToLinalg
    : compress::impl::CompressGatherToLinalgPassBase<GatherToLinalg> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<GatherToGeneric>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
