//===- ActivationQuant.cpp - Run-time int8 activations --------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Builders/ActivationQuant.h"

#include "lib/Builders/TensorBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

/// [rows..., K] (or [K]) as [M, K].
Value compress::flattenRows(OpBuilder &b, Location loc, Value lhs) {
  auto type = cast<RankedTensorType>(lhs.getType());
  int64_t rank = type.getRank();
  if (rank == 2)
    return lhs;
  if (rank == 1)
    return tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get({1, type.getDimSize(0)},
                                      type.getElementType()),
        lhs, SmallVector<ReassociationIndices>{{0, 1}});
  ReassociationIndices leading;
  int64_t rows = 1;
  for (int64_t d = 0; d + 1 < rank; ++d) {
    leading.push_back(d);
    rows = ShapedType::isDynamic(rows) || type.isDynamicDim(d)
               ? ShapedType::kDynamic
               : rows * type.getDimSize(d);
  }
  return tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({rows, type.getShape().back()},
                                    type.getElementType()),
      lhs, SmallVector<ReassociationIndices>{leading, {rank - 1}});
}

/// [M, N] back to the op's result shape (rows... from `lhs`).
Value compress::unflattenRows(OpBuilder &b, Location loc, Value result,
                    RankedTensorType resultType, Value lhs) {
  int64_t rank = resultType.getRank();
  if (rank == 2)
    return result;
  if (rank == 1)
    return tensor::CollapseShapeOp::create(
        b, loc, resultType, result, SmallVector<ReassociationIndices>{{0, 1}});
  ReassociationIndices leading;
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d + 1 < rank; ++d) {
    leading.push_back(d);
    if (resultType.isDynamicDim(d))
      sizes.push_back(
          tensor::DimOp::create(b, loc, lhs, d).getResult());
    else
      sizes.push_back(b.getIndexAttr(resultType.getDimSize(d)));
  }
  sizes.push_back(b.getIndexAttr(resultType.getShape().back()));
  return tensor::ExpandShapeOp::create(
      b, loc, resultType, result,
      SmallVector<ReassociationIndices>{leading, {rank - 1}}, sizes);
}

Value compress::zeroFilled(OpBuilder &b, Location loc, RankedTensorType type,
                 Value like) {
  Value init = createEmptyLike(b, loc, type, like, {0, 0, 0});
  Value zero = arith::ConstantOp::create(
      b, loc, type.getElementType(), b.getZeroAttr(type.getElementType()));
  return linalg::FillOp::create(b, loc, zero, init).getResult(0);
}

/// The activations quantized per block (the op's `int8_activations`):
/// codes i8 [M, K], scales f32 [M, K / block].
std::pair<Value, Value> compress::quantizeActivations(OpBuilder &b, Location loc,
                                            Value x, int64_t block) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t m = type.getDimSize(0), k = type.getDimSize(1);
  MLIRContext *ctx = b.getContext();
  Type f32 = b.getF32Type();
  auto blocked = RankedTensorType::get({m, k / block, block}, f32);
  Value xb = tensor::ExpandShapeOp::create(
      b, loc, blocked, x, SmallVector<ReassociationIndices>{{0}, {1, 2}});
  AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx),
             d2 = getAffineDimExpr(2, ctx);
  auto all = AffineMap::get(3, 0, {d0, d1, d2}, ctx);
  auto perBlock = AffineMap::get(3, 0, {d0, d1}, ctx);
  auto parallel = utils::IteratorType::parallel;
  auto reduction = utils::IteratorType::reduction;

  // max |x| per block.
  auto scaleType = RankedTensorType::get({m, k / block}, f32);
  Value maxInit = zeroFilled(b, loc, scaleType, x);
  Value maxAbs =
      linalg::GenericOp::create(
          b, loc, TypeRange{scaleType}, ValueRange{xb}, ValueRange{maxInit},
          SmallVector<AffineMap>{all, perBlock},
          SmallVector<utils::IteratorType>{parallel, parallel, reduction},
          [&](OpBuilder &b, Location loc, ValueRange args) {
            Value abs = math::AbsFOp::create(b, loc, args[0]);
            linalg::YieldOp::create(
                b, loc,
                arith::MaximumFOp::create(b, loc, args[1], abs).getResult());
          })
          .getResult(0);

  // q = clamp(roundeven(x * (127 / max)), -127, 127); scale = max / 127.
  auto codesType = RankedTensorType::get({m, k / block, block},
                                         b.getIntegerType(8));
  Value codesInit = createEmptyLike(b, loc, codesType, x, {0, 0, 0});
  Value codes =
      linalg::GenericOp::create(
          b, loc, TypeRange{codesType}, ValueRange{xb, maxAbs},
          ValueRange{codesInit}, SmallVector<AffineMap>{all, perBlock, all},
          SmallVector<utils::IteratorType>(3, parallel),
          [&](OpBuilder &b, Location loc, ValueRange args) {
            Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
            Value limit =
                arith::ConstantOp::create(b, loc, b.getF32FloatAttr(127));
            Value inverse = arith::DivFOp::create(b, loc, limit, args[1]);
            Value isZero = arith::CmpFOp::create(
                b, loc, arith::CmpFPredicate::OEQ, args[1], zero);
            inverse = arith::SelectOp::create(b, loc, isZero, zero, inverse);
            Value scaled = arith::MulFOp::create(b, loc, args[0], inverse);
            Value rounded = math::RoundEvenOp::create(b, loc, scaled);
            Value low = arith::NegFOp::create(b, loc, limit);
            rounded = arith::MaximumFOp::create(b, loc, rounded, low);
            rounded = arith::MinimumFOp::create(b, loc, rounded, limit);
            linalg::YieldOp::create(
                b, loc,
                arith::FPToSIOp::create(b, loc, b.getIntegerType(8), rounded)
                    .getResult());
          })
          .getResult(0);
  Value scalesInit = createEmptyLike(b, loc, scaleType, x, {0, 0});
  auto identity2 = AffineMap::getMultiDimIdentityMap(2, ctx);
  Value scales =
      linalg::GenericOp::create(
          b, loc, TypeRange{scaleType}, ValueRange{maxAbs},
          ValueRange{scalesInit}, SmallVector<AffineMap>{identity2, identity2},
          SmallVector<utils::IteratorType>(2, parallel),
          [&](OpBuilder &b, Location loc, ValueRange args) {
            Value limit =
                arith::ConstantOp::create(b, loc, b.getF32FloatAttr(127));
            linalg::YieldOp::create(
                b, loc, arith::DivFOp::create(b, loc, args[0], limit).getResult());
          })
          .getResult(0);
  Value flatCodes = tensor::CollapseShapeOp::create(
      b, loc, RankedTensorType::get({m, k}, b.getIntegerType(8)), codes,
      SmallVector<ReassociationIndices>{{0}, {1, 2}});
  return {flatCodes, scales};
}

Value compress::fakeQuantizeActivations(OpBuilder &b, Location loc, Value x,
                                        int64_t block) {
  auto type = cast<RankedTensorType>(x.getType());
  Value flat = flattenRows(b, loc, convertElements(b, loc, x, b.getF32Type()));
  auto flatType = cast<RankedTensorType>(flat.getType());
  auto [codes, scales] = quantizeActivations(b, loc, flat, block);
  // scale * code per block, on [M, blocks, block] (maps without divisions,
  // which tiling would get wrong).
  int64_t m = flatType.getDimSize(0), k = flatType.getDimSize(1);
  MLIRContext *ctx = b.getContext();
  AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx),
             d2 = getAffineDimExpr(2, ctx);
  auto blocked = SmallVector<ReassociationIndices>{{0}, {1, 2}};
  auto codesType =
      RankedTensorType::get({m, k / block, block}, b.getIntegerType(8));
  Value blockedCodes =
      tensor::ExpandShapeOp::create(b, loc, codesType, codes, blocked);
  auto valuesType = RankedTensorType::get({m, k / block, block}, b.getF32Type());
  Value init = createEmptyLike(b, loc, valuesType, flat, {0, 0, 0});
  Value dequantized =
      linalg::GenericOp::create(
          b, loc, TypeRange{valuesType}, ValueRange{blockedCodes, scales},
          ValueRange{init},
          SmallVector<AffineMap>{AffineMap::get(3, 0, {d0, d1, d2}, ctx),
                                 AffineMap::get(3, 0, {d0, d1}, ctx),
                                 AffineMap::get(3, 0, {d0, d1, d2}, ctx)},
          SmallVector<utils::IteratorType>(3, utils::IteratorType::parallel),
          [&](OpBuilder &b, Location loc, ValueRange args) {
            Value q = arith::SIToFPOp::create(b, loc, b.getF32Type(), args[0]);
            linalg::YieldOp::create(
                b, loc, arith::MulFOp::create(b, loc, q, args[1]).getResult());
          })
          .getResult(0);
  dequantized =
      tensor::CollapseShapeOp::create(b, loc, flatType, dequantized, blocked);
  // Back to [..., K] (the leading sizes of x).
  return unflattenRows(b, loc, dequantized, type.clone(b.getF32Type()), x);
}
