//===- CpuLowerVectorOps.cpp - compress.lookup / dot_u8i8 -> x86 or generic ===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The CPU kernels' two vector ops become one AVX-512 instruction each when
// the target has it (llvm.call_intrinsic of vpermd / vpdpbusd), and portable
// vector code otherwise. Runs after bufferization: the intrinsic calls have
// unknown memory effects, which the buffer deallocation pass refuses.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/CpuMatmulKernels.h"
#include "passes/Conversion/Passes.h"

#include "dialects/Compress/IR/CompressOps.h"

#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSCPULOWERVECTOROPSPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

Value intrinsic(PatternRewriter &rewriter, Location loc, StringRef name,
                Type result, ValueRange args) {
  return LLVM::CallIntrinsicOp::create(rewriter, loc, result,
                                       rewriter.getStringAttr(name), args)
      .getResult(0);
}

struct LookupLowering : OpRewritePattern<LookupOp> {
  LookupLowering(MLIRContext *ctx, CpuKernelTarget target)
      : OpRewritePattern(ctx), target(target) {}

  LogicalResult matchAndRewrite(LookupOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if (target.avx512) {
      rewriter.replaceOp(op, intrinsic(rewriter, loc,
                                       "llvm.x86.avx512.permvar.sf.512",
                                       op.getType(),
                                       {op.getTable(), op.getIndices()}));
      return success();
    }
    // Lane by lane: result[i] = table[indices[i] & 15].
    auto type = cast<VectorType>(op.getType());
    Value fifteen = arith::ConstantOp::create(
        rewriter, loc, op.getIndices().getType(),
        SplatElementsAttr::get(cast<VectorType>(op.getIndices().getType()),
                               rewriter.getI32IntegerAttr(15)));
    Value masked = arith::AndIOp::create(rewriter, loc, op.getIndices(),
                                         fifteen);
    Value result = op.getTable();
    for (int64_t lane = 0; lane < type.getDimSize(0); ++lane) {
      Value index = vector::ExtractOp::create(rewriter, loc, masked, lane);
      index = arith::IndexCastOp::create(rewriter, loc,
                                         rewriter.getIndexType(), index);
      Value value = vector::ExtractOp::create(
          rewriter, loc, op.getTable(), ArrayRef<OpFoldResult>{index});
      result = vector::InsertOp::create(rewriter, loc, value, result, lane);
    }
    rewriter.replaceOp(op, result);
    return success();
  }

  CpuKernelTarget target;
};

struct DotU8I8Lowering : OpRewritePattern<DotU8I8Op> {
  DotU8I8Lowering(MLIRContext *ctx, CpuKernelTarget target)
      : OpRewritePattern(ctx), target(target) {}

  LogicalResult matchAndRewrite(DotU8I8Op op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if (target.avx512Vnni) {
      rewriter.replaceOp(
          op, intrinsic(rewriter, loc, "llvm.x86.avx512.vpdpbusd.512",
                        op.getType(), {op.getAcc(), op.getLhs(), op.getRhs()}));
      return success();
    }
    // Widen to i32, multiply, and add each group of 4 into its lane.
    auto resultType = cast<VectorType>(op.getType());
    int64_t bytes = cast<VectorType>(op.getLhs().getType()).getDimSize(0);
    Type i32 = rewriter.getI32Type();
    auto wide = VectorType::get({bytes}, i32);
    Value lhs = arith::ExtUIOp::create(rewriter, loc, wide, op.getLhs());
    Value rhs = arith::ExtSIOp::create(rewriter, loc, wide, op.getRhs());
    Value products = arith::MulIOp::create(rewriter, loc, lhs, rhs);
    Value grouped = vector::ShapeCastOp::create(
        rewriter, loc, VectorType::get({resultType.getDimSize(0), 4}, i32),
        products);
    rewriter.replaceOpWithNewOp<vector::MultiDimReductionOp>(
        op, grouped, op.getAcc(), SmallVector<bool>{false, true},
        vector::CombiningKind::ADD);
    return success();
  }

  CpuKernelTarget target;
};

struct CpuLowerVectorOps
    : compress::impl::CompressCpuLowerVectorOpsPassBase<CpuLowerVectorOps> {
  using Base::Base;

  void runOnOperation() override {
    CpuKernelTarget target = CpuKernelTarget::fromFeatures(cpuFeatures);
    RewritePatternSet patterns(&getContext());
    patterns.add<LookupLowering, DotU8I8Lowering>(&getContext(), target);
    vector::populateVectorMultiReductionLoweringPatterns(
        patterns, vector::VectorMultiReductionLowering::InnerReduction);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
