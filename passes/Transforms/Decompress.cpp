//===- Decompress.cpp - Compressed IR back to a dense model ---------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Every compress.constant becomes a dense arith.constant holding what the
// reference decoder (lib/Encoding/Decode.h) computes, and every consumer its
// dense equivalent. The result is the reference program the compressed one
// must agree with, and a dense model for tools without the dialect.
//
//===----------------------------------------------------------------------===//

#include "passes/Transforms/Passes.h"
#include "passes/Transforms/RemarkText.h"

#include "dialects/Compress/IR/CompressOps.h"
#include "lib/Builders/ActivationQuant.h"
#include "lib/Builders/TensorBuilders.h"
#include "lib/Encoding/Decode.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Threading.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSDECOMPRESSPASS
#include "passes/Transforms/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

//===----------------------------------------------------------------------===//
// What cannot be decompressed
//===----------------------------------------------------------------------===//

bool isCompressed(Type type) { return isa<CompressedTensorType>(type); }

/// "<what> has the compressed type T; only compress.constant ...", at `op`.
void reportCompressedValue(Operation *op, const Twine &what, Type type) {
  op->emitError() << what << " has the compressed type " << type
                  << "; only compress.constant values can be decompressed";
}

/// Reports every compressed value that is not a compress.constant feeding
/// decode, matmul or gather: nothing is rewritten unless all of them are.
LogicalResult checkDecompressible(ModuleOp module) {
  bool failed = false;
  module.walk([&](Operation *op) {
    auto function = dyn_cast<FunctionOpInterface>(op);
    if (function) {
      std::string name = "'" + function.getName().str() + "'";
      for (auto [i, type] : llvm::enumerate(function.getArgumentTypes()))
        if (isCompressed(type)) {
          reportCompressedValue(op, "argument " + Twine(i) + " of " + name,
                                type);
          failed = true;
        }
      for (auto [i, type] : llvm::enumerate(function.getResultTypes()))
        if (isCompressed(type)) {
          reportCompressedValue(op, "result " + Twine(i) + " of " + name, type);
          failed = true;
        }
    }
    // Block arguments other than a function's own (reported above).
    std::string opName = "'" + op->getName().getStringRef().str() + "'";
    for (Region &region : op->getRegions())
      for (Block &block : region) {
        if (function && block.isEntryBlock())
          continue;
        for (BlockArgument argument : block.getArguments())
          if (isCompressed(argument.getType())) {
            reportCompressedValue(op,
                                  "block argument " +
                                      Twine(argument.getArgNumber()) + " of " +
                                      opName,
                                  argument.getType());
            failed = true;
          }
      }
    if (isa<EncodeOp>(op)) {
      op->emitError() << "compress.encode (run-time compression) has no "
                      << "dense equivalent to decompress to";
      failed = true;
      return;
    }
    if (isa<compress::ConstantOp>(op)) {
      for (OpOperand &use : op->getResult(0).getUses()) {
        Operation *user = use.getOwner();
        if (isa<DecodeOp, MatmulOp, GatherOp>(user))
          continue;
        user->emitError() << "'" << user->getName()
                          << "' uses a compressed value; compress-decompress "
                          << "rewrites only compress.decode, compress.matmul "
                          << "and compress.gather";
        failed = true;
      }
      return;
    }
    for (OpResult result : op->getResults())
      if (isCompressed(result.getType())) {
        reportCompressedValue(
            op, "result " + Twine(result.getResultNumber()) + " of " + opName,
            result.getType());
        failed = true;
      }
  });
  return failure(failed);
}

//===----------------------------------------------------------------------===//
// Dense constants
//===----------------------------------------------------------------------===//

/// The decoded values of `type` as the little-endian bytes of its element
/// type (they are already rounded to it, so the conversion is exact).
std::vector<char> toElementBytes(ArrayRef<double> values, Type elementType) {
  unsigned width = elementType.getIntOrFloatBitWidth() / 8;
  std::vector<char> bytes(values.size() * width);
  const llvm::fltSemantics &semantics =
      cast<FloatType>(elementType).getFloatSemantics();
  for (auto [i, value] : llvm::enumerate(values)) {
    APFloat element(value);
    bool losesInfo = false;
    element.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
    uint64_t bits = element.bitcastToAPInt().getZExtValue();
    std::memcpy(bytes.data() + i * width, &bits, width);
  }
  return bytes;
}

/// The name of a compressed constant: its NameLoc, else the key of a storage
/// blob without its `.<role>` suffix (compress-apply-policy names them
/// `<weight>.codes`, ...).
std::optional<std::string> getConstantName(compress::ConstantOp constant) {
  if (std::optional<std::string> name = getLocationName(constant.getLoc()))
    return name;
  for (NamedAttribute entry : constant.getStorage()) {
    auto resource = dyn_cast<DenseResourceElementsAttr>(entry.getValue());
    if (!resource)
      continue;
    StringRef key = resource.getRawHandle().getKey();
    std::string suffix = "." + entry.getName().str();
    if (key.size() > suffix.size() && key.ends_with(suffix))
      return key.drop_back(suffix.size()).str();
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Dense consumers
//===----------------------------------------------------------------------===//

/// True if a named linalg op converts `from` to `to` as convertFloat does
/// (its cast is one extf or truncf).
bool isNamedCast(Type from, Type to) {
  return from == to ||
         from.getIntOrFloatBitWidth() != to.getIntOrFloatBitWidth();
}

/// `value` as `type` (a tensor.cast when only the static sizes differ).
Value castTo(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

AffineMap dimsMap(MLIRContext *ctx, unsigned numDims,
                  ArrayRef<int64_t> results) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d : results)
    exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(numDims, 0, exprs, ctx);
}

/// The activations `op` multiplies: its lhs, or with int8 activations each
/// block's scale * code.
Value getMatmulLhs(OpBuilder &b, MatmulOp op) {
  Location loc = op.getLoc();
  Value lhs = op.getLhs();
  std::optional<int64_t> block = op.getInt8Activations();
  if (!block)
    return lhs;
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto weightType = cast<CompressedTensorType>(op.getRhs().getType());
  int64_t weightRank = weightType.getRank();
  int64_t k = weightType.getShape()[op.getTransposeRhs() ? weightRank - 1
                                                         : weightRank - 2];
  if (lhsType.isDynamicDim(lhsType.getRank() - 1)) {
    SmallVector<int64_t> shape(lhsType.getShape());
    shape.back() = k;
    lhs = tensor::CastOp::create(b, loc, lhsType.clone(shape), lhs);
  }
  return fakeQuantizeActivations(b, loc, lhs, *block);
}

/// init + lhs x weight (weight [..., N, K] with `transpose`, else
/// [..., K, N]) in the accumulator type `acc`, from zero without `init`. A
/// named op (matmul, batch_matmul, matvec, vecmat) where one has the shapes
/// and the conversions, else one linalg.generic.
Value buildProduct(OpBuilder &b, Location loc, Value lhs, Value weight,
                   bool transpose, Type acc, Value init) {
  MLIRContext *ctx = b.getContext();
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto weightType = cast<RankedTensorType>(weight.getType());
  int64_t lhsRank = lhsType.getRank(), weightRank = weightType.getRank();
  int64_t n = transpose ? weightType.getShape()[weightRank - 2]
                        : weightType.getShape()[weightRank - 1];

  // The accumulator: the lhs dimensions except K, then N; dynamic sizes come
  // from lhs.
  SmallVector<int64_t> accShape(lhsType.getShape().drop_back());
  accShape.push_back(n);
  auto accType = RankedTensorType::get(accShape, acc);
  if (!init) {
    SmallVector<int64_t> sourceDims =
        llvm::to_vector(llvm::seq<int64_t>(0, accType.getRank()));
    init = createEmptyLike(b, loc, accType, lhs, sourceDims);
    Value zero = arith::ConstantOp::create(b, loc, acc, b.getZeroAttr(acc));
    init = linalg::FillOp::create(b, loc, zero, init).getResult(0);
  }

  Type lhsElement = lhsType.getElementType();
  Type weightElement = weightType.getElementType();
  bool namedCasts =
      isNamedCast(lhsElement, acc) && isNamedCast(weightElement, acc);
  auto mapsAttr = [&](unsigned numDims, ArrayRef<int64_t> lhsDims,
                      ArrayRef<int64_t> weightDims, ArrayRef<int64_t> outDims) {
    return b.getNamedAttr(
        "indexing_maps",
        b.getAffineMapArrayAttr({dimsMap(ctx, numDims, lhsDims),
                                 dimsMap(ctx, numDims, weightDims),
                                 dimsMap(ctx, numDims, outDims)}));
  };
  if (namedCasts && lhsRank == 1 && weightRank == 2) {
    // [N, K] x [K] and [K] x [K, N].
    return transpose ? linalg::MatvecOp::create(b, loc, TypeRange{accType},
                                                ValueRange{weight, lhs},
                                                ValueRange{init})
                           .getResult(0)
                     : linalg::VecmatOp::create(b, loc, TypeRange{accType},
                                                ValueRange{lhs, weight},
                                                ValueRange{init})
                           .getResult(0);
  }
  if (namedCasts && lhsRank == 2 && weightRank == 2) {
    SmallVector<NamedAttribute> attrs;
    if (transpose) // (m, n, k): the weight is [N, K].
      attrs.push_back(mapsAttr(3, {0, 2}, {1, 2}, {0, 1}));
    return linalg::MatmulOp::create(b, loc, TypeRange{accType},
                                    ValueRange{lhs, weight}, ValueRange{init},
                                    attrs)
        .getResult(0);
  }
  if (namedCasts && lhsRank == 3 && weightRank == 3) {
    SmallVector<NamedAttribute> attrs;
    if (transpose) // (b, m, n, k): the weight is [B, N, K].
      attrs.push_back(mapsAttr(4, {0, 1, 3}, {0, 2, 3}, {0, 1, 2}));
    return linalg::BatchMatmulOp::create(b, loc, TypeRange{accType},
                                         ValueRange{lhs, weight},
                                         ValueRange{init}, attrs)
        .getResult(0);
  }
  // Loops: the lhs batch dims, m (when lhs is a matrix), n, k. A weight
  // with batch dims has those of lhs; one without is shared.
  int64_t numBatch = lhsRank >= 2 ? lhsRank - 2 : 0;
  int64_t numLoops = lhsRank + 1;
  int64_t nDim = numLoops - 2, kDim = numLoops - 1;
  SmallVector<int64_t> lhsDims, outDims, weightDims;
  for (int64_t d = 0; d + 2 < numLoops; ++d) {
    lhsDims.push_back(d);
    outDims.push_back(d);
  }
  lhsDims.push_back(kDim);
  outDims.push_back(nDim);
  for (int64_t d = 0; d < weightRank - 2; ++d)
    weightDims.push_back(numBatch - (weightRank - 2) + d);
  if (transpose)
    weightDims.append({nDim, kDim});
  else
    weightDims.append({kDim, nDim});
  SmallVector<utils::IteratorType> iterators(numLoops,
                                             utils::IteratorType::parallel);
  iterators[kDim] = utils::IteratorType::reduction;
  SmallVector<AffineMap> maps = {dimsMap(ctx, numLoops, lhsDims),
                                 dimsMap(ctx, numLoops, weightDims),
                                 dimsMap(ctx, numLoops, outDims)};
  return linalg::GenericOp::create(
             b, loc, TypeRange{accType}, ValueRange{lhs, weight},
             ValueRange{init}, maps, iterators,
             [&](OpBuilder &b, Location loc, ValueRange args) {
               Value x = convertFloat(b, loc, args[0], acc);
               Value w = convertFloat(b, loc, args[1], acc);
               Value mul = arith::MulFOp::create(b, loc, x, w);
               Value sum = arith::AddFOp::create(b, loc, args[2], mul);
               linalg::YieldOp::create(b, loc, sum);
             })
      .getResult(0);
}

/// `product` (in the accumulator type) as the result of `op`.
Value toMatmulResult(OpBuilder &b, MatmulOp op, Value product) {
  auto resultType = cast<RankedTensorType>(op.getType());
  product =
      convertElements(b, op.getLoc(), product, resultType.getElementType());
  return castTo(b, op.getLoc(), product, resultType);
}

/// The dense compress.matmul: lhs x weight in the accumulator type, then
/// converted to the result type.
Value buildMatmul(OpBuilder &b, MatmulOp op, Value weight) {
  Value product = buildProduct(b, op.getLoc(), getMatmulLhs(b, op), weight,
                               op.getTransposeRhs(), op.getAcc(), Value());
  return toMatmulResult(b, op, product);
}

/// The compress.matmul of a weight multiplied through its factors
/// (encoding::multipliesThroughFactors): the sum of its terms' products, a
/// low-rank term W = U V through the rank-wide intermediate (x V^T U^T for
/// a [N, K] weight, x U V for [K, N]), all in the accumulator type.
Value buildFactoredMatmul(OpBuilder &b, MatmulOp op,
                          ArrayRef<SmallVector<Value, 2>> terms) {
  Location loc = op.getLoc();
  Value lhs = getMatmulLhs(b, op);
  bool transpose = op.getTransposeRhs();
  Type acc = op.getAcc();
  Value sum;
  for (ArrayRef<Value> factors : terms) {
    if (factors.size() == 1) {
      sum = buildProduct(b, loc, lhs, factors[0], transpose, acc, sum);
      continue;
    }
    Value first = transpose ? factors[1] : factors[0];
    Value second = transpose ? factors[0] : factors[1];
    Value middle = buildProduct(b, loc, lhs, first, transpose, acc, Value());
    sum = buildProduct(b, loc, middle, second, transpose, acc, sum);
  }
  return toMatmulResult(b, op, sum);
}

/// The dense compress.gather: one generic over the result, each element
/// extracted from the row its index selects.
Value buildGather(OpBuilder &b, GatherOp op, Value table) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  Value indices = op.getIndices();
  auto indicesType = cast<RankedTensorType>(indices.getType());
  auto tableType = cast<RankedTensorType>(table.getType());
  auto resultType = cast<RankedTensorType>(op.getType());
  int64_t numIndexDims = indicesType.getRank();

  SmallVector<int64_t> shape(indicesType.getShape());
  llvm::append_range(shape, tableType.getShape().drop_front());
  auto denseType = RankedTensorType::get(shape, tableType.getElementType());
  int64_t rank = denseType.getRank();
  SmallVector<int64_t> sourceDims(rank, 0);
  for (int64_t d = 0; d < numIndexDims; ++d)
    sourceDims[d] = d;
  Value init = createEmptyLike(b, loc, denseType, indices, sourceDims);
  SmallVector<AffineMap> maps = {
      dimsMap(ctx, rank, llvm::to_vector(llvm::seq<int64_t>(0, numIndexDims))),
      b.getMultiDimIdentityMap(rank)};
  Value result =
      linalg::GenericOp::create(
          b, loc, TypeRange{denseType}, ValueRange{indices}, ValueRange{init},
          maps,
          SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
          [&](OpBuilder &b, Location loc, ValueRange args) {
            Value row = args[0];
            if (!row.getType().isIndex())
              row = arith::IndexCastOp::create(b, loc, b.getIndexType(), row);
            SmallVector<Value> element = {row};
            for (int64_t d = numIndexDims; d < rank; ++d)
              element.push_back(linalg::IndexOp::create(b, loc, d));
            Value value = tensor::ExtractOp::create(b, loc, table, element);
            linalg::YieldOp::create(b, loc, value);
          })
          .getResult(0);
  return castTo(b, loc, result, resultType);
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// What a compressed constant decodes to: the dense tensor (for decode,
/// gather and the matmuls of other weights) and the terms of the matmuls of
/// a weight multiplied through its factors, each decoded only where used.
struct DecodedConstant {
  bool needsDense = false, needsTerms = false;
  std::vector<char> denseBytes;
  std::vector<encoding::MatmulTerm> terms;
  std::string error;
};

DecodedConstant decodeConstant(compress::ConstantOp constant) {
  auto type = cast<CompressedTensorType>(constant.getType());
  DecodedConstant decoded;
  bool factored =
      encoding::multipliesThroughFactors(type.getEncoding(), type.getShape());
  for (Operation *user : constant->getUsers()) {
    bool matmul = isa<MatmulOp>(user);
    decoded.needsTerms |= matmul && factored;
    decoded.needsDense |= !matmul || !factored;
  }
  if (decoded.needsDense) {
    llvm::Expected<std::vector<double>> values =
        encoding::decodeStorage(type, constant.getStorage());
    if (!values) {
      decoded.error = llvm::toString(values.takeError());
      return decoded;
    }
    decoded.denseBytes = toElementBytes(*values, type.getElementType());
  }
  if (decoded.needsTerms) {
    llvm::Expected<std::vector<encoding::MatmulTerm>> terms =
        encoding::decodeMatmulTerms(type, constant.getStorage());
    if (!terms) {
      decoded.error = llvm::toString(terms.takeError());
      return decoded;
    }
    decoded.terms = std::move(*terms);
  }
  return decoded;
}

/// An arith.constant of `type` holding `bytes` in a blob named `name`.
Value createBlobConstant(OpBuilder &builder, Location loc,
                         RankedTensorType type, StringRef name,
                         std::vector<char> &bytes) {
  auto attr = DenseResourceElementsAttr::get(
      type, name,
      HeapAsmResourceBlob::allocateAndCopyWithAlign(
          bytes, encoding::kStorageBlobAlignment));
  std::vector<char>().swap(bytes);
  return arith::ConstantOp::create(builder, loc, attr);
}

struct DecompressPass
    : public compress::impl::CompressDecompressPassBase<DecompressPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    if (failed(checkDecompressible(module)))
      return signalPassFailure();

    SmallVector<compress::ConstantOp> constants;
    module.walk(
        [&](compress::ConstantOp constant) { constants.push_back(constant); });

    // Decode every constant (in parallel: the reference decoder is slow and
    // reads only attributes).
    std::vector<DecodedConstant> decoded(constants.size());
    mlir::parallelFor(ctx, 0, constants.size(), [&](size_t i) {
      decoded[i] = decodeConstant(constants[i]);
    });
    bool decodeFailed = false;
    for (auto [constant, result] : llvm::zip_equal(constants, decoded))
      if (!result.error.empty()) {
        std::optional<std::string> name = getConstantName(constant);
        constant.emitError()
            << "cannot decode " << (name ? "'" + *name + "'" : "the constant")
            << ": " << result.error;
        decodeFailed = true;
      }
    if (decodeFailed)
      return signalPassFailure();

    Type f32 = Float32Type::get(ctx);
    for (auto [constant, result] : llvm::zip_equal(constants, decoded)) {
      auto type = cast<CompressedTensorType>(constant.getType());
      std::string name = getConstantName(constant).value_or("decompressed");
      Location loc = constant.getLoc();
      OpBuilder builder(constant);
      Value dense;
      if (result.needsDense)
        dense = createBlobConstant(builder, loc, type.getDenseType(), name,
                                   result.denseBytes);
      // The factors as f32 constants (their values are f32 already), named
      // `<weight>.<role>` after their storage (`w.u`, `w.term1.v`).
      SmallVector<SmallVector<Value, 2>> terms;
      for (encoding::MatmulTerm &term : result.terms) {
        SmallVector<Value, 2> &values = terms.emplace_back();
        for (encoding::MatmulFactor &factor : term) {
          std::vector<char> bytes = toElementBytes(factor.values, f32);
          std::vector<double>().swap(factor.values);
          values.push_back(createBlobConstant(
              builder, loc, RankedTensorType::get(factor.shape, f32),
              name + "." + factor.role, bytes));
        }
      }

      for (Operation *user : llvm::make_early_inc_range(constant->getUsers())) {
        builder.setInsertionPoint(user);
        Value replacement;
        if (isa<DecodeOp>(user))
          replacement = dense;
        else if (auto matmul = dyn_cast<MatmulOp>(user))
          replacement = terms.empty()
                            ? buildMatmul(builder, matmul, dense)
                            : buildFactoredMatmul(builder, matmul, terms);
        else
          replacement = buildGather(builder, cast<GatherOp>(user), dense);
        user->getResult(0).replaceAllUsesWith(replacement);
        user->erase();
      }
      constant.erase();
    }
  }
};

} // namespace
