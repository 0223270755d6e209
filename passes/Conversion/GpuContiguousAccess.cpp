//===- GpuContiguousAccess.cpp - Loads that a lane can read as one vector -===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/GpuContiguousAccess.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

LinearIndex constantIndex(int64_t value, unsigned numLoops) {
  LinearIndex index;
  index.coefficients.assign(numLoops, 0);
  index.constant = value;
  return index;
}

/// lhs + rhsFactor * rhs, of undivided indices.
std::optional<LinearIndex> combine(const LinearIndex &lhs,
                                   const LinearIndex &rhs, int64_t rhsFactor) {
  if (lhs.divisor != 1 || rhs.divisor != 1)
    return std::nullopt;
  LinearIndex sum = lhs;
  for (auto [coefficient, other] :
       llvm::zip_equal(sum.coefficients, rhs.coefficients))
    coefficient += rhsFactor * other;
  sum.constant += rhsFactor * rhs.constant;
  return sum;
}

LinearIndex scale(LinearIndex index, int64_t factor) {
  for (int64_t &coefficient : index.coefficients)
    coefficient *= factor;
  index.constant *= factor;
  return index;
}

bool isConstant(const LinearIndex &index) {
  return llvm::all_of(index.coefficients, [](int64_t c) { return c == 0; });
}

/// lhs * rhs when one side is constant, of undivided indices.
std::optional<LinearIndex> multiply(const LinearIndex &lhs,
                                    const LinearIndex &rhs) {
  if (lhs.divisor != 1 || rhs.divisor != 1)
    return std::nullopt;
  if (isConstant(rhs))
    return scale(lhs, rhs.constant);
  if (isConstant(lhs))
    return scale(rhs, lhs.constant);
  return std::nullopt;
}

/// lhs floordiv rhs, of an undivided lhs by a positive constant.
std::optional<LinearIndex> divide(const LinearIndex &lhs,
                                  const LinearIndex &rhs) {
  if (lhs.divisor != 1 || rhs.divisor != 1 || !isConstant(rhs) ||
      rhs.constant <= 0)
    return std::nullopt;
  LinearIndex quotient = lhs;
  quotient.divisor = rhs.constant;
  return quotient;
}

} // namespace

std::optional<LinearIndex> mlir::compress::getLinearIndex(Value index,
                                                          unsigned numLoops) {
  APInt constant;
  if (matchPattern(index, m_ConstantInt(&constant)))
    return constantIndex(constant.getSExtValue(), numLoops);
  Operation *op = index.getDefiningOp();
  if (!op)
    return std::nullopt;
  if (auto loop = dyn_cast<linalg::IndexOp>(op)) {
    if (loop.getDim() >= numLoops)
      return std::nullopt;
    LinearIndex result = constantIndex(0, numLoops);
    result.coefficients[loop.getDim()] = 1;
    return result;
  }
  if (isa<arith::IndexCastOp, arith::IndexCastUIOp>(op))
    return getLinearIndex(op->getOperand(0), numLoops);
  if (!isa<arith::AddIOp, arith::SubIOp, arith::MulIOp, arith::DivUIOp,
           arith::DivSIOp>(op))
    return std::nullopt;
  std::optional<LinearIndex> lhs = getLinearIndex(op->getOperand(0), numLoops);
  std::optional<LinearIndex> rhs = getLinearIndex(op->getOperand(1), numLoops);
  if (!lhs || !rhs)
    return std::nullopt;
  if (isa<arith::AddIOp>(op))
    return combine(*lhs, *rhs, 1);
  if (isa<arith::SubIOp>(op))
    return combine(*lhs, *rhs, -1);
  // Index values are not negative: divsi and divui agree.
  if (isa<arith::DivUIOp, arith::DivSIOp>(op))
    return divide(*lhs, *rhs);
  return multiply(*lhs, *rhs);
}

std::optional<LinearIndex> mlir::compress::getLinearIndex(AffineExpr expr,
                                                          unsigned numLoops) {
  if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
    if (dim.getPosition() >= numLoops)
      return std::nullopt;
    LinearIndex result = constantIndex(0, numLoops);
    result.coefficients[dim.getPosition()] = 1;
    return result;
  }
  if (auto constant = dyn_cast<AffineConstantExpr>(expr))
    return constantIndex(constant.getValue(), numLoops);
  auto binary = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary || (expr.getKind() != AffineExprKind::Add &&
                  expr.getKind() != AffineExprKind::Mul &&
                  expr.getKind() != AffineExprKind::FloorDiv))
    return std::nullopt;
  std::optional<LinearIndex> lhs = getLinearIndex(binary.getLHS(), numLoops);
  std::optional<LinearIndex> rhs = getLinearIndex(binary.getRHS(), numLoops);
  if (!lhs || !rhs)
    return std::nullopt;
  if (expr.getKind() == AffineExprKind::Add)
    return combine(*lhs, *rhs, 1);
  if (expr.getKind() == AffineExprKind::FloorDiv)
    return divide(*lhs, *rhs);
  return multiply(*lhs, *rhs);
}

bool mlir::compress::movesAlong(ArrayRef<LinearIndex> indices, int64_t dim) {
  if (indices.empty())
    return false;
  for (const LinearIndex &index : indices.drop_back())
    if (index.coefficients[dim] != 0)
      return false;
  return indices.back().coefficients[dim] == 1;

}

bool mlir::compress::isChunkContiguous(MemRefType type,
                                       ArrayRef<LinearIndex> indices,
                                       int64_t dim, int64_t chunk) {
  Type element = type.getElementType();
  if (type.getRank() == 0 || int64_t(indices.size()) != type.getRank() ||
      !type.getLayout().isIdentity() || !element.isIntOrFloat() ||
      element.getIntOrFloatBitWidth() % 8 != 0 || !movesAlong(indices, dim))
    return false;
  // The chunk of loop values starts at a multiple of `chunk` in the
  // undivided last index, so at a multiple of `elements` in the row. Rows
  // of a multiple of `elements` elements start at multiples of it
  // (identity layout: every other stride is a multiple of the last size),
  // and the chunk does not cross the row's end.
  const LinearIndex &last = indices.back();
  if (chunk % last.divisor != 0)
    return false;
  int64_t elements = chunk / last.divisor;
  int64_t rowSize = type.getShape().back();
  if (ShapedType::isDynamic(rowSize) || rowSize % elements != 0)
    return false;
  if (last.constant % chunk != 0)
    return false;
  for (auto [d, coefficient] : llvm::enumerate(last.coefficients))
    if (int64_t(d) != dim && coefficient % chunk != 0)
      return false;
  return true;
}
