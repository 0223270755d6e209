//===- WeightAnalysis.cpp - Find the weights of a model -------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Transforms/WeightAnalysis.h"
#include "passes/Transforms/RemarkText.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::compress;
using policy::ConsumerKind;

namespace {

/// What one use says about a weight.
struct UseAnalysis {
  ConsumerKind kind;
  int64_t reductionAxis, outputAxis;
  UseRewrite rewrite;
  bool transposeRhs = false;
};

bool isSupportedFloat(Type type) {
  return isa<Float32Type, Float16Type, BFloat16Type>(type);
}

/// True if `map` has the plain dimension `dim` among its results.
bool hasPlainDim(AffineMap map, unsigned dim) {
  return llvm::any_of(map.getResults(), [&](AffineExpr expr) {
    auto dimExpr = dyn_cast<AffineDimExpr>(expr);
    return dimExpr && dimExpr.getPosition() == dim;
  });
}

AffineMap dims(MLIRContext *ctx, unsigned numDims, ArrayRef<unsigned> results) {
  SmallVector<AffineExpr> exprs;
  for (unsigned d : results)
    exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(numDims, 0, exprs, ctx);
}

/// Whether `op` (a named contraction with the weight as `operand`) can become
/// a compress.matmul, and in which layout.
std::optional<bool> getFusedLayout(linalg::LinalgOp op, OpOperand &operand) {
  if (!llvm::all_of(op->getOperandTypes(), [](Type type) {
        auto tensor = dyn_cast<RankedTensorType>(type);
        return tensor && isSupportedFloat(tensor.getElementType());
      }))
    return std::nullopt;
  MLIRContext *ctx = op.getContext();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  unsigned index = operand.getOperandNumber();
  auto layoutOf = [&](AffineMap lhs, AffineMap plain, AffineMap transposed,
                      AffineMap out) -> std::optional<bool> {
    if (maps[0] != lhs || maps[2] != out)
      return std::nullopt;
    if (maps[1] == plain)
      return false;
    if (maps[1] == transposed)
      return true;
    return std::nullopt;
  };
  if (isa<linalg::MatmulOp>(op) && index == 1)
    return layoutOf(dims(ctx, 3, {0, 2}), dims(ctx, 3, {2, 1}),
                    dims(ctx, 3, {1, 2}), dims(ctx, 3, {0, 1}));
  if (isa<linalg::BatchMatmulOp>(op) && index == 1)
    return layoutOf(dims(ctx, 4, {0, 1, 3}), dims(ctx, 4, {0, 3, 2}),
                    dims(ctx, 4, {0, 2, 3}), dims(ctx, 4, {0, 1, 2}));
  if (isa<linalg::MatvecOp>(op) && index == 0)
    return true; // W[N, K] * x[K]
  if (isa<linalg::VecmatOp>(op) && index == 1)
    return false; // x[K] * W[K, N]
  return std::nullopt;
}

/// A weight consumed by a contraction or a convolution: the output axis is
/// the weight dimension that indexes the result but no other input, the
/// reduction axis the (innermost) weight dimension summed against a plain
/// dimension of another input (so a convolution's window dims do not count).
std::optional<UseAnalysis> analyzeLinalgUse(linalg::LinalgOp op,
                                            OpOperand &operand) {
  if (!op.isDpsInput(&operand))
    return std::nullopt;
  bool isConv = linalg::isaConvolutionOpInterface(op);
  if (!isConv && !linalg::isaContractionOpInterface(op))
    return std::nullopt;
  AffineMap weightMap = op.getMatchingIndexingMap(&operand);
  if (!weightMap.isProjectedPermutation())
    return std::nullopt;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  SmallVector<AffineMap> outputMaps, otherInputMaps;
  for (OpOperand &other : op->getOpOperands()) {
    if (&other == &operand)
      continue;
    AffineMap map = op.getMatchingIndexingMap(&other);
    (op.isDpsInit(&other) ? outputMaps : otherInputMaps).push_back(map);
  }
  int64_t outputAxis = -1, reductionAxis = -1;
  for (auto [axis, expr] : llvm::enumerate(weightMap.getResults())) {
    unsigned dim = cast<AffineDimExpr>(expr).getPosition();
    auto inAny = [&](ArrayRef<AffineMap> maps) {
      return llvm::any_of(maps,
                          [&](AffineMap map) { return hasPlainDim(map, dim); });
    };
    bool inOtherInput = inAny(otherInputMaps);
    if (iterators[dim] == utils::IteratorType::parallel && inAny(outputMaps) &&
        !inOtherInput)
      outputAxis = axis;
    if (iterators[dim] == utils::IteratorType::reduction && inOtherInput)
      reductionAxis = axis;
  }
  // A depthwise convolution sums only over its window and keeps each input
  // channel: the output axis is that channel (the first weight dimension the
  // result keeps, before a channel multiplier), groups run along the
  // window's innermost dimension.
  if (isConv && reductionAxis < 0) {
    outputAxis = -1;
    for (auto [axis, expr] : llvm::enumerate(weightMap.getResults())) {
      unsigned dim = cast<AffineDimExpr>(expr).getPosition();
      if (iterators[dim] == utils::IteratorType::reduction)
        reductionAxis = axis;
      else if (outputAxis < 0 && llvm::any_of(outputMaps, [&](AffineMap map) {
                 return hasPlainDim(map, dim);
               }))
        outputAxis = axis;
    }
  }
  if (outputAxis < 0 || reductionAxis < 0)
    return std::nullopt;
  UseAnalysis result{isConv ? ConsumerKind::Conv : ConsumerKind::Matmul,
                     reductionAxis, outputAxis, UseRewrite::Decode};
  if (std::optional<bool> transpose = getFusedLayout(op, operand)) {
    result.rewrite = UseRewrite::Matmul;
    result.transposeRhs = *transpose;
  }
  return result;
}

/// Rows of an embedding table: tensor.gather along dimension 0 of a matrix,
/// or tensor.extract of one element (as torch-mlir lowers aten.embedding).
std::optional<UseAnalysis> analyzeLookup(Operation *user, Value table) {
  if (cast<RankedTensorType>(table.getType()).getRank() != 2)
    return std::nullopt;
  if (auto gather = dyn_cast<tensor::GatherOp>(user)) {
    if (gather.getSource() != table ||
        gather.getGatherDims() != ArrayRef<int64_t>{0})
      return std::nullopt;
    bool fused = gather.getIndices().getType().hasStaticShape() &&
                 gather.getResult().getType().hasStaticShape();
    return UseAnalysis{ConsumerKind::Gather, 1, 0,
                       fused ? UseRewrite::Gather : UseRewrite::Decode};
  }
  if (auto extract = dyn_cast<tensor::ExtractOp>(user))
    return UseAnalysis{ConsumerKind::Gather, 1, 0, UseRewrite::Decode};
  return std::nullopt;
}

std::optional<UseAnalysis> analyzeUse(OpOperand &use) {
  Operation *user = use.getOwner();
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(user))
    return analyzeLinalgUse(linalgOp, use);
  return analyzeLookup(user, use.get());
}

bool isWeightConstant(arith::ConstantOp constant) {
  auto type = dyn_cast<RankedTensorType>(constant.getType());
  if (!type || type.getRank() == 0 || !type.hasStaticShape() ||
      type.getNumElements() == 0 || !isSupportedFloat(type.getElementType()))
    return false;
  return isa<DenseElementsAttr, DenseResourceElementsAttr>(constant.getValue());
}

} // namespace

WeightUse mlir::compress::classifyWeightUse(OpOperand &use) {
  std::optional<UseAnalysis> analysis = analyzeUse(use);
  if (!analysis)
    return {&use, UseRewrite::Decode};
  return {&use, analysis->rewrite, analysis->transposeRhs};
}

SmallVector<Weight> mlir::compress::findWeights(Operation *root) {
  SmallVector<Weight> weights;
  llvm::DenseMap<Operation *, int64_t> countInFunction;
  // Uses are visited in program order (use lists are not): the first
  // consumer names the weight and gives its axes.
  llvm::DenseMap<Operation *, int64_t> programOrder;
  root->walk<WalkOrder::PreOrder>(
      [&](Operation *op) { programOrder[op] = programOrder.size(); });
  root->walk([&](arith::ConstantOp constant) {
    if (!isWeightConstant(constant))
      return;
    Weight weight;
    weight.constant = constant;
    std::optional<UseAnalysis> first;
    Operation *firstConsumer = nullptr;
    SmallVector<OpOperand *> uses = llvm::map_to_vector(
        constant->getUses(), [](OpOperand &use) { return &use; });
    llvm::sort(uses, [&](OpOperand *a, OpOperand *b) {
      return std::make_pair(programOrder.lookup(a->getOwner()),
                            a->getOperandNumber()) <
             std::make_pair(programOrder.lookup(b->getOwner()),
                            b->getOperandNumber());
    });
    for (OpOperand *use : uses) {
      if (std::optional<UseAnalysis> analysis = analyzeUse(*use)) {
        first = analysis;
        firstConsumer = use->getOwner();
        break;
      }
    }
    if (!first)
      return;
    auto type = cast<RankedTensorType>(constant.getType());
    weight.info.op = first->kind;
    weight.info.shape.assign(type.getShape().begin(), type.getShape().end());
    weight.info.reductionAxis = first->reductionAxis;
    weight.info.elementType = type.getElementType();
    weight.info.outputAxis = first->outputAxis;

    Operation *function = constant->getParentOfType<FunctionOpInterface>();
    int64_t index = countInFunction[function]++;
    if (auto resource =
            dyn_cast<DenseResourceElementsAttr>(constant.getValue()))
      weight.info.name = resource.getRawHandle().getKey().str();
    else if (std::optional<std::string> name =
                 getLocationName(constant.getLoc()))
      weight.info.name = *name;
    else if (std::optional<std::string> name =
                 getLocationName(firstConsumer->getLoc()))
      weight.info.name = *name;
    else
      weight.info.name =
          (function ? cast<FunctionOpInterface>(function).getName().str() + "."
                    : std::string()) +
          firstConsumer->getName().stripDialect().str() + "." +
          std::to_string(index);
    weights.push_back(std::move(weight));
  });
  return weights;
}
