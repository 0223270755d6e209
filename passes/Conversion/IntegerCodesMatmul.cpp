//===- IntegerCodesMatmul.cpp - int8 activations times integer codes ------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/IntegerCodesMatmul.h"

#include "passes/Conversion/Passes.h"

#include "lib/Builders/ActivationQuant.h"
#include "lib/Builders/TensorBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

/// The number of K values that share one scale of a weight [N, K] of
/// `shape` under `encoding`.
int64_t getGroupAlongK(Attribute encoding, ArrayRef<int64_t> shape) {
  auto uniform = cast<UniformAttr>(encoding);
  Granularity granularity{uniform.getAxis(), uniform.getBlock()};
  return granularity.getBlockShape(shape)[1];
}

} // namespace

bool mlir::compress::canMultiplyIntegerCodes(MatmulOp op) {
  std::optional<int64_t> block = op.getInt8Activations();
  auto weight = cast<CompressedTensorType>(op.getRhs().getType());
  if (!block || !op.getTransposeRhs() || weight.getRank() != 2 ||
      !op.getAcc().isF32() || !weight.getElementType().isF32() ||
      !ElementDecoder::hasScaledIntegerCodes(weight))
    return false;
  int64_t group = getGroupAlongK(weight.getEncoding(), weight.getShape());
  return group % *block == 0 || *block % group == 0;
}

Value mlir::compress::multiplyIntegerCodes(OpBuilder &b, Location loc,
                                           const ElementDecoder &weight,
                                           Value lhs, int64_t block) {
  MLIRContext *ctx = b.getContext();
  Type f32 = b.getF32Type(), i32 = b.getI32Type();
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  Value x = flattenRows(b, loc, convertElements(b, loc, lhs, f32));
  auto [codes, scales] = quantizeActivations(b, loc, x, block);

  int64_t n = weight.getShape()[0], k = weight.getShape()[1];
  int64_t group = getGroupAlongK(weight.getEncoding(), weight.getShape());
  // K = outer x middle x bytes x pack: the blocks and groups nest, the
  // larger of them is `outer`'s step, the smaller `middle`'s; `pack`
  // selects a code within its byte (int4: 2 per byte) and goes before
  // `bytes`, so the innermost loop walks bytes, as in the fused kernels.
  int64_t large = std::max(block, group), small = std::min(block, group);
  int64_t bits = cast<UniformAttr>(weight.getEncoding()).getBits();
  int64_t perByte = 8 % bits == 0 ? 8 / bits : 1;
  if (small % perByte != 0)
    perByte = 1;
  SmallVector<int64_t> radices = {k / large, large / small, small / perByte};
  SmallVector<int64_t> digitOrder = {0, 1, 2};
  if (perByte > 1) {
    radices.push_back(perByte);
    digitOrder = {0, 1, 3, 2};
  }
  int64_t numDigits = radices.size();
  // Loops: m, n, then the digits in digitOrder.
  int64_t numLoops = 2 + numDigits;
  auto digitLoop = [&](int64_t digit) {
    return 2 + int64_t(llvm::find(digitOrder, digit) - digitOrder.begin());
  };
  AffineExpr m = getAffineDimExpr(0, ctx), col = getAffineDimExpr(1, ctx);
  AffineExpr outer = getAffineDimExpr(digitLoop(0), ctx),
             middle = getAffineDimExpr(digitLoop(1), ctx);

  // The codes split in place (a view: no transpose kernel), each digit read
  // through its loop.
  Value splitCodes = splitLastDim(
      b, loc, codes, radices, llvm::to_vector(llvm::seq<int64_t>(numDigits)));
  SmallVector<AffineExpr> codeExprs = {m};
  for (int64_t digit = 0; digit < numDigits; ++digit)
    codeExprs.push_back(getAffineDimExpr(digitLoop(digit), ctx));
  // The activation scales [M, K / block] seen per (outer, middle) digit
  // when the blocks are the smaller steps.
  SmallVector<AffineExpr> scaleExprs = {m, outer};
  if (block == small && large != small) {
    auto scalesType = cast<RankedTensorType>(scales.getType());
    scales = tensor::ExpandShapeOp::create(
        b, loc,
        RankedTensorType::get(
            {scalesType.getDimSize(0), k / large, large / small}, f32),
        scales, SmallVector<ReassociationIndices>{{0}, {1, 2}});
    scaleExprs.push_back(middle);
  }
  SmallVector<AffineMap> maps = {AffineMap::get(numLoops, 0, codeExprs, ctx),
                                 AffineMap::get(numLoops, 0, scaleExprs, ctx),
                                 AffineMap::get(numLoops, 0, {m, col}, ctx)};
  SmallVector<utils::IteratorType> iterators(numLoops,
                                             utils::IteratorType::reduction);
  iterators[0] = iterators[1] = utils::IteratorType::parallel;

  auto xType = cast<RankedTensorType>(x.getType());
  Value init = zeroFilled(
      b, loc, RankedTensorType::get({xType.getDimSize(0), n}, f32), x);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{splitCodes, scales},
      ValueRange{init}, maps, iterators,
      [&](OpBuilder &b, Location loc, ValueRange args) {
        IndexExpr kIndex = IndexExpr::constantOf(0);
        int64_t stride = k;
        for (int64_t digit = 0; digit < numDigits; ++digit) {
          stride /= radices[digit];
          kIndex = kIndex.plus(
              IndexExpr::of(linalg::IndexOp::create(b, loc, digitLoop(digit)),
                            radices[digit])
                  .scaled(stride));
        }
        IndexExpr nIndex = IndexExpr::of(linalg::IndexOp::create(b, loc, 1), n);
        auto [code, weightScale] =
            weight.buildCodeAndScale(b, loc, {nIndex, kIndex});
        Value product = arith::MulIOp::create(
            b, loc, arith::ExtSIOp::create(b, loc, i32, args[0]),
            arith::ExtSIOp::create(b, loc, i32, code));
        Value scale = arith::MulFOp::create(b, loc, args[1], weightScale);
        Value term = arith::MulFOp::create(
            b, loc, arith::SIToFPOp::create(b, loc, f32, product), scale);
        linalg::YieldOp::create(
            b, loc, arith::AddFOp::create(b, loc, args[2], term).getResult());
      });
  generic->setAttr(kActivationDimsAttr, b.getDenseI64ArrayAttr({0}));
  SmallVector<int64_t> resultShape(lhsType.getShape());
  resultShape.back() = n;
  return unflattenRows(b, loc, generic.getResult(0),
                       RankedTensorType::get(resultShape, f32), lhs);
}
