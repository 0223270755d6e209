//===- ConvertCompressToLinalg.cpp - compress -> linalg -------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// A 1:N dialect conversion: a !compress.tensor becomes its storage tensors.
// compress.decode and compress.gather become one linalg.generic whose body
// decodes the element it needs (ElementDecoder); compress.matmul becomes the
// kernels of its weight's encoding (accumulateMatmul, MatmulParts.h), the
// decode fused into them. Unsupported encodings and ops are reported at
// their location before anything is rewritten.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/CpuMatmulKernels.h"
#include "passes/Conversion/ElementDecoder.h"
#include "passes/Conversion/IntegerCodesMatmul.h"
#include "passes/Conversion/MatmulParts.h"
#include "passes/Conversion/Passes.h"

#include "dialects/Compress/IR/CompressOps.h"
#include "lib/Builders/ActivationQuant.h"
#include "lib/Builders/TensorBuilders.h"

#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::compress {
#define GEN_PASS_DEF_CONVERTCOMPRESSTOLINALGPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// !compress.tensor -> its storage tensors, in layout order.
class StorageTypeConverter : public TypeConverter {
public:
  StorageTypeConverter() {
    addConversion([](Type type) { return type; });
    addConversion([](CompressedTensorType type, SmallVectorImpl<Type> &result) {
      for (const encoding::StorageSpec &spec :
           encoding::getLayout(type).storage)
        result.push_back(spec.getStorageType());
      return success();
    });
  }
};

SmallVector<Value> loopIndices(OpBuilder &b, Location loc,
                               ArrayRef<int64_t> dims) {
  SmallVector<Value> indices;
  for (int64_t d : dims)
    indices.push_back(linalg::IndexOp::create(b, loc, d));
  return indices;
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

struct ConstantLowering : OpConversionPattern<compress::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(compress::ConstantOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<CompressedTensorType>(op.getType());
    SmallVector<Value> storage;
    for (const encoding::StorageSpec &spec : encoding::getLayout(type).storage) {
      auto data = cast<TypedAttr>(op.getStorage().get(spec.role));
      storage.push_back(
          arith::ConstantOp::create(rewriter, op.getLoc(), data));
    }
    rewriter.replaceOpWithMultiple(op, {storage});
    return success();
  }
};

/// result = lhs @ decode(rhs) (rhs [..., N, K] with transpose_rhs, else
/// [..., K, N]), accumulated in `acc` by accumulateMatmul: the kernels of
/// each encoding, the decode fused into them.
struct MatmulLowering : OpConversionPattern<compress::MatmulOp> {
  MatmulLowering(const TypeConverter &converter, MLIRContext *ctx,
                 bool laneAccumulators, bool integerProducts)
      : OpConversionPattern(converter, ctx),
        laneAccumulators(laneAccumulators), integerProducts(integerProducts) {}

  LogicalResult
  matchAndRewrite(compress::MatmulOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs().front();
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<CompressedTensorType>(op.getRhs().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rhsRank = rhsType.getRank();
    int64_t reduction =
        rhsType.getShape()[op.getTransposeRhs() ? rhsRank - 1 : rhsRank - 2];

    // The verifier guarantees a dynamic reduction size equals the weight's.
    if (lhsType.isDynamicDim(lhsType.getRank() - 1)) {
      SmallVector<int64_t> shape(lhsType.getShape());
      shape.back() = reduction;
      lhs = tensor::CastOp::create(rewriter, loc, lhsType.clone(shape), lhs);
    }
    ElementDecoder decoder(rhsType, adaptor.getRhs());
    std::optional<int64_t> block = op.getInt8Activations();
    Value result;
    if (block && integerProducts && canMultiplyIntegerCodes(op)) {
      result = multiplyIntegerCodes(rewriter, loc, decoder, lhs, *block);
    } else {
      // int8 activations: the products see scale * code of each block.
      if (block)
        lhs = fakeQuantizeActivations(rewriter, loc, lhs, *block);
      result = accumulateMatmul(
          rewriter, loc, decoder,
          {op.getTransposeRhs(), op.getAcc(), laneAccumulators}, lhs, Value());
    }
    result = convertElements(rewriter, loc, result,
                             resultType.getElementType());
    rewriter.replaceOp(op, result);
    return success();
  }

  bool laneAccumulators;
  /// int8 activations times integer codes in i32 (IntegerCodesMatmul.h).
  bool integerProducts;
};

/// result[i..., d...] = decode(table)[indices[i...], d...].
struct GatherLowering : OpConversionPattern<compress::GatherOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(compress::GatherOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value indices = adaptor.getIndices().front();
    auto indicesType = cast<RankedTensorType>(indices.getType());
    auto tableType = cast<CompressedTensorType>(op.getTable().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    MLIRContext *ctx = op.getContext();
    int64_t numIndexDims = indicesType.getRank();
    int64_t rank = resultType.getRank();

    SmallVector<AffineMap> maps = {
        AffineMap::getMultiDimIdentityMap(rank, ctx)
            .getSubMap(llvm::to_vector(llvm::seq<unsigned>(0, numIndexDims))),
        AffineMap::getMultiDimIdentityMap(rank, ctx)};
    SmallVector<int64_t> likeDims(rank, 0);
    for (int64_t d = 0; d < numIndexDims; ++d)
      likeDims[d] = d;
    Value init = createEmptyLike(rewriter, loc, resultType, indices, likeDims);
    ElementDecoder decoder(tableType, adaptor.getTable());
    decoder.prepare(rewriter, loc);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{indices},
        ValueRange{init}, maps,
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value row = args[0];
          if (!row.getType().isIndex())
            row = arith::IndexCastOp::create(b, loc, b.getIndexType(), row);
          SmallVector<Value> element = {row};
          llvm::append_range(
              element, loopIndices(b, loc,
                                   llvm::to_vector(llvm::seq<int64_t>(
                                       numIndexDims, rank))));
          Value value = decoder.build(b, loc, element);
          linalg::YieldOp::create(
              b, loc, convertFloat(b, loc, value, resultType.getElementType()));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// The dense tensor, materialized by one elementwise generic.
struct DecodeLowering : OpConversionPattern<compress::DecodeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(compress::DecodeOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<CompressedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    Value init = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                         resultType.getElementType());
    ElementDecoder decoder(type, adaptor.getInput());
    decoder.prepare(rewriter, loc);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{}, ValueRange{init},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank)},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location loc, ValueRange args) {
          Value value = decoder.build(
              b, loc,
              loopIndices(b, loc, llvm::to_vector(llvm::seq<int64_t>(0, rank))));
          linalg::YieldOp::create(
              b, loc, convertFloat(b, loc, value, resultType.getElementType()));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// Reports what cannot be lowered (at its location) and returns failure if
/// anything was reported.
LogicalResult checkLowerable(ModuleOp module) {
  bool failed = false;
  DenseSet<Type> reported;
  auto checkValue = [&](Value value, Operation *where) {
    auto type = dyn_cast<CompressedTensorType>(value.getType());
    if (!type || reported.contains(type))
      return;
    if (std::optional<std::string> why = ElementDecoder::whyUnsupported(type)) {
      where->emitError() << "convert-compress-to-linalg: " << *why << " in "
                         << type << " is not lowered to fused kernels yet";
      reported.insert(type);
      failed = true;
    }
  };
  module.walk([&](Operation *op) {
    if (isa<compress::EncodeOp>(op)) {
      op->emitError() << "convert-compress-to-linalg: compress.encode (run-time "
                         "compression) is not lowered yet";
      failed = true;
      return;
    }
    for (Value result : op->getResults())
      checkValue(result, op);
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument argument : block.getArguments())
          checkValue(argument, op);
  });
  return failure(failed);
}

struct ConvertCompressToLinalg
    : compress::impl::ConvertCompressToLinalgPassBase<ConvertCompressToLinalg> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(checkLowerable(module)))
      return signalPassFailure();

    MLIRContext *ctx = &getContext();
    StorageTypeConverter converter;
    RewritePatternSet patterns(ctx);
    patterns.add<ConstantLowering, GatherLowering, DecodeLowering>(converter,
                                                                   ctx);
    patterns.add<MatmulLowering>(converter, ctx, laneAccumulators,
                                 integerProducts);
    if (!cpuFeatures.empty())
      populateCpuMatmulKernelPatterns(
          converter, patterns, CpuKernelTarget::fromFeatures(cpuFeatures));
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateBranchOpInterfaceTypeConversionPattern(patterns, converter);

    ConversionTarget target(*ctx);
    target.addIllegalDialect<CompressDialect>();
    // The CPU kernels' vector ops stay until compress-cpu-lower-vector-ops.
    target.addLegalOp<compress::LookupOp, compress::DotU8I8Op>();
    target.addLegalDialect<arith::ArithDialect, bufferization::BufferizationDialect,
                           linalg::LinalgDialect, LLVM::LLVMDialect,
                           math::MathDialect, memref::MemRefDialect,
                           scf::SCFDialect, tensor::TensorDialect,
                           vector::VectorDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp func) {
      return converter.isSignatureLegal(func.getFunctionType()) &&
             converter.isLegal(&func.getBody());
    });
    target.addDynamicallyLegalOp<func::CallOp, func::ReturnOp>(
        [&](Operation *op) { return converter.isLegal(op); });
    target.markUnknownOpDynamicallyLegal([&](Operation *op) {
      return isNotBranchOpInterfaceOrReturnLikeOp(op) ||
             isLegalForBranchOpInterfaceTypeConversionPattern(op, converter) ||
             isLegalForReturnOpTypeConversionPattern(op, converter);
    });
    scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns,
                                                         target);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
