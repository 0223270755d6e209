//===- TensorBuilders.cpp - Small builders shared by the passes -----------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Builders/TensorBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

Value compress::indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

Value compress::convertFloat(OpBuilder &b, Location loc, Value value,
                             Type type) {
  if (value.getType() == type)
    return value;
  unsigned from = value.getType().getIntOrFloatBitWidth();
  unsigned to = type.getIntOrFloatBitWidth();
  if (from < to)
    return arith::ExtFOp::create(b, loc, type, value);
  if (from > to)
    return arith::TruncFOp::create(b, loc, type, value);
  Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), value);
  return arith::TruncFOp::create(b, loc, type, wide);
}

Value compress::createEmptyLike(OpBuilder &b, Location loc,
                                RankedTensorType type, Value source,
                                ArrayRef<int64_t> sourceDims) {
  SmallVector<Value> sizes;
  for (auto [d, size] : llvm::enumerate(type.getShape()))
    if (ShapedType::isDynamic(size))
      sizes.push_back(tensor::DimOp::create(b, loc, source, sourceDims[d]));
  return tensor::EmptyOp::create(b, loc, type, sizes);
}

Value compress::convertElements(OpBuilder &b, Location loc, Value value,
                                Type elementType) {
  auto valueType = cast<RankedTensorType>(value.getType());
  if (valueType.getElementType() == elementType)
    return value;
  int64_t rank = valueType.getRank();
  RankedTensorType resultType = valueType.clone(elementType);
  Value init = createEmptyLike(b, loc, resultType, value,
                               llvm::to_vector(llvm::seq<int64_t>(0, rank)));
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, ValueRange{value}, ValueRange{init},
             SmallVector<AffineMap>{identity, identity},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &b, Location loc, ValueRange args) {
               linalg::YieldOp::create(
                   b, loc, convertFloat(b, loc, args[0], elementType));
             })
      .getResult(0);
}

Value compress::splitLastDim(OpBuilder &b, Location loc, Value value,
                             ArrayRef<int64_t> radices,
                             ArrayRef<int64_t> digitOrder) {
  if (radices.size() == 1)
    return value;
  auto type = cast<RankedTensorType>(value.getType());
  int64_t leading = type.getRank() - 1;
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t d = 0; d < leading; ++d)
    reassociation.push_back({d});
  ReassociationIndices last;
  for (size_t i = 0; i < radices.size(); ++i)
    last.push_back(leading + i);
  reassociation.push_back(last);
  SmallVector<int64_t> shape(type.getShape().drop_back());
  llvm::append_range(shape, radices);
  Value expanded = tensor::ExpandShapeOp::create(
      b, loc, type.clone(shape), value, reassociation);
  if (llvm::is_sorted(digitOrder))
    return expanded;
  SmallVector<int64_t> permutation =
      llvm::to_vector(llvm::seq<int64_t>(0, leading));
  for (int64_t digit : digitOrder)
    permutation.push_back(leading + digit);
  SmallVector<int64_t> permutedShape;
  for (int64_t d : permutation)
    permutedShape.push_back(shape[d]);
  Value init = createEmptyLike(b, loc, type.clone(permutedShape), expanded,
                               permutation);
  return linalg::TransposeOp::create(b, loc, expanded, init, permutation)
      .getResult()[0];
}
