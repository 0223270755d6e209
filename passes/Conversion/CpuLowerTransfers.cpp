//===- CpuLowerTransfers.cpp - Vector transfers to loads and stores -------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/Passes.h"

#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSCPULOWERTRANSFERSPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {

/// A 0-d read of a memref (any layout) is one load; the upstream scalar
/// patterns skip reads whose permutation map drops the memref's dimensions.
struct ZeroRankReadToLoad : OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    VectorType type = read.getVectorType();
    if (type.getRank() != 0 || read.getMask() ||
        !isa<MemRefType>(read.getBase().getType()))
      return failure();
    Value scalar = memref::LoadOp::create(rewriter, read.getLoc(),
                                          read.getBase(), read.getIndices());
    rewriter.replaceOpWithNewOp<vector::BroadcastOp>(read, type, scalar);
    return success();
  }
};

/// A 0-d write to a memref is one store.
struct ZeroRankWriteToStore : OpRewritePattern<vector::TransferWriteOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::TransferWriteOp write,
                                PatternRewriter &rewriter) const override {
    if (write.getVectorType().getRank() != 0 || write.getMask() ||
        !isa<MemRefType>(write.getBase().getType()))
      return failure();
    Value scalar = vector::ExtractOp::create(rewriter, write.getLoc(),
                                             write.getVector(),
                                             ArrayRef<int64_t>{});
    rewriter.replaceOpWithNewOp<memref::StoreOp>(write, scalar, write.getBase(),
                                                 write.getIndices());
    return success();
  }
};

struct CpuLowerTransfers
    : compress::impl::CompressCpuLowerTransfersPassBase<CpuLowerTransfers> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ZeroRankReadToLoad, ZeroRankWriteToStore>(&getContext(),
                                                           /*benefit=*/3);
    vector::populateScalarVectorTransferLoweringPatterns(
        patterns, /*benefit=*/2, /*allowMultipleUses=*/true);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorTransferLoweringPatterns(patterns,
                                                   /*maxTransferRank=*/1);
    // n-D transfers: unrolled into 1-D ones, without stack temporaries.
    populateVectorToSCFConversionPatterns(
        patterns, VectorTransferToSCFOptions().enableFullUnroll());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
