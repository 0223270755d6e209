//===- ConvertCompressToLinalg.cpp - compress -> linalg -------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// A 1:N dialect conversion: a !compress.tensor becomes its storage tensors,
// and every consumer one linalg.generic whose body decodes the element it
// needs (ElementDecoder). Unsupported encodings and ops are reported at their
// location before anything is rewritten.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/CpuMatmulKernels.h"
#include "passes/Conversion/ElementDecoder.h"
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

Value zeroOf(OpBuilder &b, Location loc, Type type) {
  return arith::ConstantOp::create(b, loc, type, b.getZeroAttr(type));
}

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

/// result[b..., m, n] = sum_k lhs[b..., m, k] * decode(rhs)[(b...,) n, k]
/// (or [k, n] without transpose_rhs): one generic, the decode in its body.
/// With transpose_rhs, k is split into digits that align with the weight's
/// groups and packed bytes (ElementDecoder::suggestSplit): for int4 in groups
/// of 128, k = 128 g + 2 j + p with loops (g, p, j), so that the innermost
/// loop j reads consecutive bytes of one row and one scale per group. The
/// activations are reshaped (and deinterleaved) to match.
struct MatmulLowering : OpConversionPattern<compress::MatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(compress::MatmulOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs().front();
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<CompressedTensorType>(op.getRhs().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type accType = op.getAcc();
    MLIRContext *ctx = op.getContext();
    int64_t rhsRank = rhsType.getRank();
    int64_t reduction =
        rhsType.getShape()[op.getTransposeRhs() ? rhsRank - 1 : rhsRank - 2];

    DimensionSplit split{{reduction}, -1};
    if (op.getTransposeRhs())
      split = ElementDecoder::suggestSplit(rhsType, rhsRank - 1);
    int64_t numDigits = split.radices.size();
    // digitOrder[i]: the digit at the i-th reduction loop; the pack digit
    // goes just before the last so the innermost loop walks bytes.
    SmallVector<int64_t> digitOrder;
    for (int64_t d = 0; d < numDigits; ++d)
      if (d != split.packDigit)
        digitOrder.push_back(d);
    if (split.packDigit >= 0)
      digitOrder.insert(digitOrder.end() - 1, split.packDigit);

    // Loops: lhs batch dims, m (when lhs is a matrix), n, k digits.
    int64_t lhsRank = lhsType.getRank();
    int64_t numBatch = lhsRank >= 2 ? lhsRank - 2 : 0;
    bool hasM = lhsRank >= 2;
    int64_t nDim = numBatch + (hasM ? 1 : 0);
    int64_t numLoops = nDim + 1 + numDigits;
    auto kLoop = [&](int64_t position) { return nDim + 1 + position; };

    // The verifier guarantees a dynamic reduction size equals the weight's.
    if (lhsType.isDynamicDim(lhsType.getRank() - 1)) {
      SmallVector<int64_t> shape(lhsType.getShape());
      shape.back() = reduction;
      lhs = tensor::CastOp::create(rewriter, loc, lhsType.clone(shape), lhs);
      lhsType = cast<RankedTensorType>(lhs.getType());
    }
    // int8 activations: the products see scale * code of each block.
    if (std::optional<int64_t> block = op.getInt8Activations()) {
      lhs = fakeQuantizeActivations(rewriter, loc, lhs, *block);
      lhsType = cast<RankedTensorType>(lhs.getType());
    }
    lhs = splitLastDim(rewriter, loc, lhs, split.radices, digitOrder);
    SmallVector<AffineExpr> lhsExprs, outExprs;
    for (int64_t d = 0; d < nDim; ++d) {
      lhsExprs.push_back(getAffineDimExpr(d, ctx));
      outExprs.push_back(getAffineDimExpr(d, ctx));
    }
    for (int64_t position = 0; position < numDigits; ++position)
      lhsExprs.push_back(getAffineDimExpr(kLoop(position), ctx));
    outExprs.push_back(getAffineDimExpr(nDim, ctx));
    // Lane accumulators: with a split reduction, the innermost digit stays
    // parallel and the kernel accumulates into P[..., n, lane] (a vector
    // register per row once vectorized); one small reduction over the lanes
    // follows. This keeps horizontal sums out of the kernel's inner loop.
    // Only when every activation row count is 1 (decode): with several rows,
    // each row would stream its own lane accumulators through memory, while
    // a horizontal sum per row keeps the decoded weights reused in registers.
    int64_t lanes = numDigits > 1 ? split.radices[digitOrder.back()] : 1;
    int64_t rows = 1;
    for (int64_t size : lhsType.getShape().drop_back())
      rows = ShapedType::isDynamic(size) || ShapedType::isDynamic(rows)
                 ? ShapedType::kDynamic
                 : rows * size;
    bool laneAccumulators = lanes > 1 && rows == 1;
    if (laneAccumulators)
      outExprs.push_back(getAffineDimExpr(kLoop(numDigits - 1), ctx));
    SmallVector<AffineMap> maps = {
        AffineMap::get(numLoops, 0, lhsExprs, ctx),
        AffineMap::get(numLoops, 0, outExprs, ctx)};
    SmallVector<utils::IteratorType> iterators(numLoops,
                                               utils::IteratorType::parallel);
    for (int64_t position = 0; position < numDigits; ++position)
      iterators[kLoop(position)] = utils::IteratorType::reduction;
    if (laneAccumulators)
      iterators[kLoop(numDigits - 1)] = utils::IteratorType::parallel;

    // Loops that do not index the weight: m and unshared batch dims.
    int64_t rhsBatch = rhsRank - 2;
    SmallVector<int64_t> activationDims;
    for (int64_t d = 0; d < numBatch - rhsBatch; ++d)
      activationDims.push_back(d);
    if (hasM)
      activationDims.push_back(nDim - 1);

    // Accumulate in `acc`; the result dims follow lhs (m and batch) and n.
    auto accTensorType = resultType.clone(accType);
    SmallVector<int64_t> likeDims(resultType.getRank(), 0);
    for (int64_t d = 0; d + 1 < resultType.getRank(); ++d)
      likeDims[d] = d;
    Value init = createEmptyLike(rewriter, loc, accTensorType,
                           adaptor.getLhs().front(), likeDims);
    init = linalg::FillOp::create(rewriter, loc,
                                  zeroOf(rewriter, loc, accType), init)
               .getResult(0);
    Value resultInit = init;
    if (laneAccumulators) {
      SmallVector<int64_t> shape(accTensorType.getShape());
      shape.push_back(lanes);
      SmallVector<int64_t> laneLikeDims(likeDims);
      laneLikeDims.push_back(0);
      init = createEmptyLike(rewriter, loc, accTensorType.clone(shape),
                       adaptor.getLhs().front(), laneLikeDims);
      init = linalg::FillOp::create(rewriter, loc,
                                    zeroOf(rewriter, loc, accType), init)
                 .getResult(0);
    }

    ElementDecoder decoder(rhsType, adaptor.getRhs());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{init.getType()}, ValueRange{lhs},
        ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          // The weight element: its batch dims, then (n, k) or (k, n).
          SmallVector<IndexExpr> index;
          for (int64_t d = 0; d < rhsBatch; ++d)
            index.push_back(IndexExpr::of(
                linalg::IndexOp::create(b, loc, numBatch - rhsBatch + d),
                rhsType.getShape()[d]));
          IndexExpr k = IndexExpr::constantOf(0);
          for (int64_t position = 0; position < numDigits; ++position) {
            int64_t digit = digitOrder[position];
            int64_t stride = 1;
            for (int64_t radix : ArrayRef(split.radices).drop_front(digit + 1))
              stride *= radix;
            k = k.plus(IndexExpr::of(
                           linalg::IndexOp::create(b, loc, kLoop(position)),
                           split.radices[digit])
                           .scaled(stride));
          }
          int64_t numOut = rhsType.getShape()[op.getTransposeRhs()
                                                  ? rhsRank - 2
                                                  : rhsRank - 1];
          IndexExpr n =
              IndexExpr::of(linalg::IndexOp::create(b, loc, nDim), numOut);
          if (op.getTransposeRhs())
            index.append({n, k});
          else
            index.append({k, n});
          Value weight = decoder.build(b, loc, index);
          Value x = convertFloat(b, loc, args[0], accType);
          weight = convertFloat(b, loc, weight, accType);
          auto fast = arith::FastMathFlags::contract;
          Value product = arith::MulFOp::create(b, loc, x, weight, fast);
          Value sum = arith::AddFOp::create(b, loc, args[1], product, fast);
          linalg::YieldOp::create(b, loc, sum);
        });
    generic->setAttr(kActivationDimsAttr,
                     rewriter.getDenseI64ArrayAttr(activationDims));
    Value result = generic.getResult(0);
    if (laneAccumulators)
      result = sumLanes(rewriter, loc, result, resultInit);
    result = convertElements(rewriter, loc, result,
                             resultType.getElementType());
    rewriter.replaceOp(op, result);
    return success();
  }

  /// init[...] + sum over the last dimension of `lanes`.
  static Value sumLanes(OpBuilder &b, Location loc, Value lanes, Value init) {
    auto type = cast<RankedTensorType>(lanes.getType());
    int64_t rank = type.getRank();
    MLIRContext *ctx = b.getContext();
    AffineMap all = AffineMap::getMultiDimIdentityMap(rank, ctx);
    AffineMap dropLast = all.getSubMap(
        llvm::to_vector(llvm::seq<unsigned>(0, rank - 1)));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;
    return linalg::GenericOp::create(
               b, loc, TypeRange{init.getType()}, ValueRange{lanes},
               ValueRange{init}, SmallVector<AffineMap>{all, dropLast},
               iterators,
               [&](OpBuilder &b, Location loc, ValueRange args) {
                 linalg::YieldOp::create(
                     b, loc,
                     arith::AddFOp::create(b, loc, args[1], args[0],
                                           arith::FastMathFlags::contract)
                         .getResult());
               })
        .getResult(0);
  }
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
    patterns.add<ConstantLowering, MatmulLowering, GatherLowering,
                 DecodeLowering>(converter, ctx);
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
