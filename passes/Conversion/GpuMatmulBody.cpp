//===- GpuMatmulBody.cpp - What a matmul generic's body computes ----------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/GpuMatmulBody.h"

#include "passes/Conversion/GpuKernelUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mlir::compress;

uint64_t mlir::compress::LoopDependences::compute(Value value) {
  Region &region = op.getRegion();
  Block &body = region.front();
  if (!region.isAncestor(value.getParentRegion()))
    return 0; // Defined outside the generic.
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    if (arg.getOwner() != &body || arg.getArgNumber() >= op.getNumDpsInputs())
      return kOutput; // The output, or a nested region's argument.
    uint64_t mask = 0;
    AffineMap map =
        op.getMatchingIndexingMap(op.getDpsInputOperand(arg.getArgNumber()));
    for (AffineExpr expr : map.getResults())
      expr.walk([&](AffineExpr inner) {
        if (auto dim = dyn_cast<AffineDimExpr>(inner))
          mask |= uint64_t(1) << dim.getPosition();
      });
    return mask;
  }
  Operation *def = value.getDefiningOp();
  if (auto index = dyn_cast<linalg::IndexOp>(def))
    return uint64_t(1) << index.getDim();
  uint64_t mask = 0;
  for (Value used : getUsedValues(def))
    mask |= of(used);
  return mask;
}

void mlir::compress::collectCone(Value value, linalg::GenericOp op,
                                 llvm::SmallPtrSetImpl<Operation *> &cone) {
  Operation *def = value.getDefiningOp();
  if (!def || !op.getRegion().isAncestor(def->getParentRegion()) ||
      !cone.insert(def).second)
    return;
  for (Value used : getUsedValues(def))
    collectCone(used, op, cone);
}

Value mlir::compress::getExtendedF16(Value value) {
  auto extend = value.getDefiningOp<arith::ExtFOp>();
  if (!extend || !value.hasOneUse() || !extend.getIn().getType().isF16())
    return nullptr;
  return extend.getIn();
}

std::optional<int64_t>
mlir::compress::getParallelLoop(uint64_t mask, ArrayRef<int64_t> parallel) {
  int64_t found = -1;
  for (int64_t d : parallel) {
    if (!(mask & (uint64_t(1) << d)))
      continue;
    if (found != -1)
      return std::nullopt;
    found = d;
  }
  return found;
}

namespace {

/// The i8 value `value` extends, when `value` is a single-use arith.extsi
/// from i8.
Value getExtendedI8(Value value) {
  auto extend = value.getDefiningOp<arith::ExtSIOp>();
  if (!extend || !value.hasOneUse() || !extend.getIn().getType().isInteger(8))
    return nullptr;
  return extend.getIn();
}

/// The two values a body multiplies, the ops between them and the
/// product, and the integer form's scales.
struct MatchedProduct {
  Value lhs, rhs;
  SmallVector<Operation *> chain;
  bool integer = false;
  Value lhsScale, rhsScale;
};

/// `product` = extf(a) * extf(b) with f16 a and b, or
/// sitofp(extsi(a) * extsi(b)) * (s * t) with i8 a and b.
std::optional<MatchedProduct> matchProduct(Value product) {
  auto multiply = product.getDefiningOp<arith::MulFOp>();
  if (!multiply || !product.hasOneUse() ||
      multiply.getLhs() == multiply.getRhs())
    return std::nullopt;
  MatchedProduct match;
  match.chain.push_back(multiply);
  Value lhs = getExtendedF16(multiply.getLhs());
  Value rhs = getExtendedF16(multiply.getRhs());
  if (lhs && rhs) {
    match.lhs = lhs;
    match.rhs = rhs;
    match.chain.append(
        {multiply.getLhs().getDefiningOp(), multiply.getRhs().getDefiningOp()});
    return match;
  }
  for (auto [converted, scale] :
       {std::pair(multiply.getLhs(), multiply.getRhs()),
        std::pair(multiply.getRhs(), multiply.getLhs())}) {
    auto toFloat = converted.getDefiningOp<arith::SIToFPOp>();
    auto scales = scale.getDefiningOp<arith::MulFOp>();
    if (!toFloat || !scales || !converted.hasOneUse() || !scale.hasOneUse())
      continue;
    auto integerProduct = toFloat.getIn().getDefiningOp<arith::MulIOp>();
    if (!integerProduct || !integerProduct.getResult().hasOneUse() ||
        !integerProduct.getType().isInteger(32))
      continue;
    match.lhs = getExtendedI8(integerProduct.getLhs());
    match.rhs = getExtendedI8(integerProduct.getRhs());
    if (!match.lhs || !match.rhs || match.lhs == match.rhs)
      continue;
    match.integer = true;
    match.lhsScale = scales.getLhs();
    match.rhsScale = scales.getRhs();
    match.chain.append({toFloat, integerProduct,
                        integerProduct.getLhs().getDefiningOp(),
                        integerProduct.getRhs().getDefiningOp(), scales});
    return match;
  }
  return std::nullopt;
}

} // namespace

Value mlir::compress::cloneAt(OpBuilder &b, Location loc, linalg::GenericOp op,
                              Value value, ArrayRef<Value> ivs,
                              IRMapping mapping) {
  Block &body = op.getRegion().front();
  llvm::SmallPtrSet<Operation *, 16> cone;
  collectCone(value, op, cone);
  auto mapInput = [&](Value used) {
    auto arg = dyn_cast<BlockArgument>(used);
    if (!arg || arg.getOwner() != &body || mapping.contains(arg) ||
        arg.getArgNumber() >= op.getNumDpsInputs())
      return;
    mapping.map(arg,
                loadOperand(b, loc, op,
                            *op.getDpsInputOperand(arg.getArgNumber()), ivs));
  };
  mapInput(value);
  op.getRegion().walk<WalkOrder::PreOrder>([&](Operation *inner) {
    if (!cone.contains(inner))
      return WalkResult::advance();
    if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
      mapping.map(index.getResult(), ivs[index.getDim()]);
      return WalkResult::skip();
    }
    for (Value used : getUsedValues(inner))
      mapInput(used);
    b.clone(*inner, mapping);
    return WalkResult::skip();
  });
  return mapping.lookupOrDefault(value);
}

Value mlir::compress::combineWithOutput(OpBuilder &b, linalg::GenericOp op,
                                        const MatmulBody &matmul, Value old,
                                        Value sum) {
  IRMapping combine;
  combine.map(op.getRegion().front().getArguments().back(), old);
  combine.map(matmul.product, sum);
  return b.clone(*matmul.combiner, combine)->getResult(0);
}

BlockArgument mlir::compress::getMatmulOutput(linalg::GenericOp op) {
  // 62 loops at most: the loop masks keep bits for the kernels' own loops.
  if (op.getNumDpsInits() != 1 || op.getNumParallelLoops() != 2 ||
      op.getNumLoops() > 62 || getDistributedDims(op).size() != 2 ||
      llvm::any_of(op.getStaticLoopRanges(), ShapedType::isDynamic))
    return nullptr;
  BlockArgument out = op.getRegion().front().getArguments().back();
  if (!out.getType().isF32() || !out.hasOneUse())
    return nullptr;
  return out;
}

int64_t mlir::compress::getReductionSizes(
    OpBuilder &b, Location loc, const MatmulBody &matmul,
    ArrayRef<int64_t> sizes, SmallVectorImpl<Value> &reductionSizes) {
  int64_t depth = 1;
  for (int64_t d : matmul.reductionDims) {
    depth *= sizes[d];
    reductionSizes.push_back(indexConstant(b, loc, sizes[d]));
  }
  return depth;
}

std::optional<MatmulBody>
mlir::compress::matchMatmulBody(linalg::GenericOp op) {
  BlockArgument out = getMatmulOutput(op);
  if (!out || op.getNumReductionLoops() == 0)
    return std::nullopt;
  SmallVector<int64_t> sizes = op.getStaticLoopRanges();
  Block &body = op.getRegion().front();
  auto combiner = dyn_cast<arith::AddFOp>(*out.getUsers().begin());
  if (!combiner || body.getTerminator()->getOperand(0) != combiner.getResult())
    return std::nullopt;
  Value product =
      combiner.getLhs() == out ? combiner.getRhs() : combiner.getLhs();
  if (product == out)
    return std::nullopt;
  std::optional<MatchedProduct> match = matchProduct(product);
  if (!match)
    return std::nullopt;

  MatmulBody matmul;
  SmallVector<int64_t> parallel;
  for (auto [d, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
    (linalg::isParallelIterator(iterator) ? parallel : matmul.reductionDims)
        .push_back(d);
  LoopDependences dependences(op);
  uint64_t lhsLoops = dependences.of(match->lhs),
           rhsLoops = dependences.of(match->rhs);
  if (lhsLoops == LoopDependences::kOutput ||
      rhsLoops == LoopDependences::kOutput)
    return std::nullopt;
  std::optional<int64_t> lhsParallel = getParallelLoop(lhsLoops, parallel);
  std::optional<int64_t> rhsParallel = getParallelLoop(rhsLoops, parallel);
  if (!lhsParallel || !rhsParallel ||
      (*lhsParallel != -1 && *lhsParallel == *rhsParallel))
    return std::nullopt;
  // The rows are the loop of the left operand (or the one the right
  // operand does not use).
  auto other = [&](int64_t d) {
    return d == parallel[0] ? parallel[1] : parallel[0];
  };
  matmul.rowDim = *lhsParallel != -1   ? *lhsParallel
                  : *rhsParallel != -1 ? other(*rhsParallel)
                                       : parallel[0];
  matmul.colDim = other(matmul.rowDim);
  matmul.rowValue = match->lhs;
  matmul.colValue = match->rhs;
  matmul.combiner = combiner;
  matmul.product = product;
  matmul.integer = match->integer;

  llvm::SmallPtrSet<Operation *, 16> cones;
  collectCone(match->lhs, op, cones);
  collectCone(match->rhs, op, cones);
  int64_t depth = 1;
  for (int64_t d : matmul.reductionDims)
    depth *= sizes[d];
  matmul.chunk = depth;
  if (match->integer) {
    // Each scale follows the rows or the columns (or neither), and the
    // innermost reduction loops that neither scale follows make a chunk
    // whose integer products are summed before they are scaled.
    uint64_t rowBit = uint64_t(1) << matmul.rowDim, colBit = uint64_t(1)
                                                             << matmul.colDim;
    uint64_t lhsScaleLoops = dependences.of(match->lhsScale),
             rhsScaleLoops = dependences.of(match->rhsScale);
    if (lhsScaleLoops == LoopDependences::kOutput ||
        rhsScaleLoops == LoopDependences::kOutput)
      return std::nullopt;
    // The left scale takes the rows unless it follows the columns or the
    // right one follows the rows; then neither may follow the other's.
    bool swap = (lhsScaleLoops & colBit) || (rhsScaleLoops & rowBit);
    matmul.rowScale = swap ? match->rhsScale : match->lhsScale;
    matmul.colScale = swap ? match->lhsScale : match->rhsScale;
    if (((swap ? rhsScaleLoops : lhsScaleLoops) & colBit) ||
        ((swap ? lhsScaleLoops : rhsScaleLoops) & rowBit))
      return std::nullopt;
    uint64_t scaleLoops = lhsScaleLoops | rhsScaleLoops;
    collectCone(match->lhsScale, op, cones);
    collectCone(match->rhsScale, op, cones);
    matmul.chunk = 1;
    for (int64_t d : llvm::reverse(matmul.reductionDims)) {
      if (scaleLoops & (uint64_t(1) << d))
        break;
      matmul.chunk *= sizes[d];
    }
  }

  // Nothing else happens in the body, and the operands only read memory.
  for (Operation &inner : body.without_terminator()) {
    if (&inner == combiner.getOperation() ||
        llvm::is_contained(match->chain, &inner))
      continue;
    if (!cones.contains(&inner) ||
        !(isMemoryEffectFree(&inner) || isa<memref::LoadOp>(inner)))
      return std::nullopt;
  }

  return matmul;
}
