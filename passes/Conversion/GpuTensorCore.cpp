//===- GpuTensorCore.cpp - Matmul kernels on tensor cores -----------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The fragments follow the PTX ISA's layout for mma.m16n8k16 with f16
// inputs and f32 accumulators ("Matrix Fragments for mma.m16n8k16"): with
// group = lane / 4 and pair = lane % 4,
//   A (16x16, nvgpu vector<4x2xf16>, element [i][j] is a_{2i+j}):
//     a0 a1: row group,     k 2*pair + {0,1}
//     a2 a3: row group + 8, k 2*pair + {0,1}
//     a4 a5: row group,     k 2*pair + 8 + {0,1}
//     a6 a7: row group + 8, k 2*pair + 8 + {0,1}
//   B (16x8, vector<2x2xf16>): b0 b1: k 2*pair + {0,1}, column group;
//                              b2 b3: k 2*pair + 8 + {0,1}, column group
//   C, D (16x8, vector<2x2xf32>): c0 c1: row group, column 2*pair + {0,1};
//                                 c2 c3: row group + 8, same columns.
// compress-gpu-emulate implements the same table independently, from
// matrices rebuilt out of every lane's fragments.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/GpuTensorCore.h"

#include "passes/Conversion/GpuKernelUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

constexpr int64_t kTileRows = 16, kTileCols = 8, kTileDepth = 16;
/// Output blocks per warp: 2 x 16 rows by up to 4 x 8 columns, so that
/// each A fragment serves 4 mma.sync and each decoded B fragment 2.
constexpr int64_t kRowTilesPerWarp = 2, kColTilesPerWarp = 4;

/// The loops each value of a generic's body depends on, as a bit mask;
/// kOutput for values that depend on the output element.
class LoopDependences {
public:
  static constexpr uint64_t kOutput = ~uint64_t(0);

  explicit LoopDependences(linalg::GenericOp op) : op(op) {}

  uint64_t of(Value value) {
    auto known = memo.find(value);
    if (known != memo.end())
      return known->second;
    uint64_t mask = compute(value);
    memo[value] = mask;
    return mask;
  }

private:
  uint64_t compute(Value value) {
    Region &region = op.getRegion();
    Block &body = region.front();
    if (!region.isAncestor(value.getParentRegion()))
      return 0; // Defined outside the generic.
    if (auto arg = dyn_cast<BlockArgument>(value)) {
      if (arg.getOwner() != &body ||
          arg.getArgNumber() >= op.getNumDpsInputs())
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
    for (Value operand : def->getOperands())
      mask |= of(operand);
    llvm::SetVector<Value> above;
    for (Region &nested : def->getRegions())
      getUsedValuesDefinedAbove(nested, above);
    for (Value used : above)
      mask |= of(used);
    return mask;
  }

  linalg::GenericOp op;
  DenseMap<Value, uint64_t> memo;
};

/// Adds to `cone` the ops of `body` that `value` is computed from.
void collectCone(Value value, Block &body,
                 llvm::SmallPtrSetImpl<Operation *> &cone) {
  Operation *def = value.getDefiningOp();
  if (!def || def->getBlock() != &body || !cone.insert(def).second)
    return;
  for (Value operand : def->getOperands())
    collectCone(operand, body, cone);
  llvm::SetVector<Value> above;
  for (Region &nested : def->getRegions())
    getUsedValuesDefinedAbove(nested, above);
  for (Value used : above)
    collectCone(used, body, cone);
}

/// The f16 value `value` extends, when `value` is a single-use arith.extf
/// from f16.
Value getExtendedF16(Value value) {
  auto extend = value.getDefiningOp<arith::ExtFOp>();
  if (!extend || !value.hasOneUse() || !extend.getIn().getType().isF16())
    return nullptr;
  return extend.getIn();
}

/// The bit of the one parallel loop in `mask` (-1 for none); nullopt for
/// several.
std::optional<int64_t> getParallelLoop(uint64_t mask,
                                       ArrayRef<int64_t> parallel) {
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

/// A clone, at `ivs`, of the ops of `op`'s body that compute `value`, with
/// the inputs they read loaded at `ivs`.
Value cloneAt(OpBuilder &b, Location loc, linalg::GenericOp op, Value value,
              ArrayRef<Value> ivs) {
  Block &body = op.getRegion().front();
  llvm::SmallPtrSet<Operation *, 16> cone;
  collectCone(value, body, cone);
  IRMapping mapping;
  for (OpOperand *input : op.getDpsInputOperands()) {
    BlockArgument arg = body.getArgument(input->getOperandNumber());
    bool used =
        arg == value || llvm::any_of(arg.getUsers(), [&](Operation *user) {
          return cone.contains(body.findAncestorOpInBlock(*user));
        });
    if (used)
      mapping.map(arg, loadOperand(b, loc, op, *input, ivs));
  }
  for (Operation &inner : body.without_terminator()) {
    if (!cone.contains(&inner))
      continue;
    if (auto index = dyn_cast<linalg::IndexOp>(inner))
      mapping.map(index.getResult(), ivs[index.getDim()]);
    else
      b.clone(inner, mapping);
  }
  return mapping.lookupOrDefault(value);
}

Value addIndex(OpBuilder &b, Location loc, Value value, int64_t offset) {
  if (offset == 0)
    return value;
  return arith::AddIOp::create(b, loc, value, indexConstant(b, loc, offset));
}

} // namespace

std::optional<TensorCoreMatmul>
mlir::compress::matchTensorCoreMatmul(linalg::GenericOp op, int64_t minRows) {
  if (op.getNumDpsInits() != 1 || op.getNumParallelLoops() != 2 ||
      op.getNumReductionLoops() == 0 || op.getNumLoops() > 64 ||
      getDistributedDims(op).size() != 2)
    return std::nullopt;
  SmallVector<int64_t> sizes = op.getStaticLoopRanges();
  if (llvm::any_of(sizes, ShapedType::isDynamic))
    return std::nullopt;
  Block &body = op.getRegion().front();
  BlockArgument out = body.getArguments().back();
  if (!out.getType().isF32() || !out.hasOneUse())
    return std::nullopt;
  auto combiner = dyn_cast<arith::AddFOp>(*out.getUsers().begin());
  if (!combiner || body.getTerminator()->getOperand(0) != combiner.getResult())
    return std::nullopt;
  Value product =
      combiner.getLhs() == out ? combiner.getRhs() : combiner.getLhs();
  auto multiply = product.getDefiningOp<arith::MulFOp>();
  if (product == out || !multiply || !product.hasOneUse() ||
      multiply.getLhs() == multiply.getRhs())
    return std::nullopt;
  Value lhs = getExtendedF16(multiply.getLhs());
  Value rhs = getExtendedF16(multiply.getRhs());
  if (!lhs || !rhs)
    return std::nullopt;

  TensorCoreMatmul matmul;
  SmallVector<int64_t> parallel;
  for (auto [d, iterator] : llvm::enumerate(op.getIteratorTypesArray()))
    (linalg::isParallelIterator(iterator) ? parallel : matmul.reductionDims)
        .push_back(d);
  LoopDependences dependences(op);
  uint64_t lhsLoops = dependences.of(lhs), rhsLoops = dependences.of(rhs);
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
  matmul.rowValue = lhs;
  matmul.colValue = rhs;
  matmul.combiner = combiner;
  matmul.product = product;

  // Nothing else happens in the body, and the operands only read memory.
  llvm::SmallPtrSet<Operation *, 16> cones;
  collectCone(lhs, body, cones);
  collectCone(rhs, body, cones);
  for (Operation &inner : body.without_terminator()) {
    bool chain = &inner == combiner.getOperation() ||
                 &inner == multiply.getOperation() ||
                 inner.getResult(0) == multiply.getLhs() ||
                 inner.getResult(0) == multiply.getRhs();
    if (chain)
      continue;
    if (!cones.contains(&inner) ||
        !(isMemoryEffectFree(&inner) || isa<memref::LoadOp>(inner)))
      return std::nullopt;
  }

  int64_t depth = 1;
  for (int64_t d : matmul.reductionDims)
    depth *= sizes[d];
  if (sizes[matmul.rowDim] < minRows || sizes[matmul.colDim] % kTileCols != 0 ||
      depth % kTileDepth != 0)
    return std::nullopt;
  return matmul;
}

void mlir::compress::mapTensorCoreMatmul(OpBuilder &b, linalg::GenericOp op,
                                         const TensorCoreMatmul &matmul,
                                         int64_t warpsPerBlock) {
  Location loc = op.getLoc();
  SmallVector<int64_t> sizes = op.getStaticLoopRanges();
  int64_t rows = sizes[matmul.rowDim], cols = sizes[matmul.colDim];
  int64_t depth = 1;
  SmallVector<Value> reductionSizes;
  for (int64_t d : matmul.reductionDims) {
    depth *= sizes[d];
    reductionSizes.push_back(indexConstant(b, loc, sizes[d]));
  }
  int64_t rowTiles =
      std::min<int64_t>(kRowTilesPerWarp, llvm::divideCeil(rows, kTileRows));
  int64_t colTiles = kColTilesPerWarp;
  while (cols % (kTileCols * colTiles) != 0)
    colTiles /= 2;
  int64_t rowGroups = llvm::divideCeil(rows, kTileRows * rowTiles);
  int64_t colGroups = cols / (kTileCols * colTiles);
  bool guardRows = rows % (kTileRows * rowTiles) != 0;

  OpBuilder::InsertionGuard guard(b);
  // Warps of a block take neighbouring column groups of one row group:
  // they share the activations in L1.
  auto [launch, item] = createGuardedLaunch(
      b, loc, indexConstant(b, loc, rowGroups * colGroups), kWarpSize,
      warpsPerBlock, /*perWarp=*/true);
  Value lane = launch.getThreadIds().x;
  Value four = indexConstant(b, loc, 4);
  Value group = arith::DivUIOp::create(b, loc, lane, four);
  Value pair = arith::RemUIOp::create(b, loc, lane, four);
  Value colGroupCount = indexConstant(b, loc, colGroups);
  Value rowBase = arith::MulIOp::create(
      b, loc, arith::DivUIOp::create(b, loc, item, colGroupCount),
      indexConstant(b, loc, kTileRows * rowTiles));
  Value colBase = arith::MulIOp::create(
      b, loc, arith::RemUIOp::create(b, loc, item, colGroupCount),
      indexConstant(b, loc, kTileCols * colTiles));
  Value zero = indexConstant(b, loc, 0);
  Value rowCount = indexConstant(b, loc, rows);

  Type f16 = b.getF16Type(), f32 = b.getF32Type();
  auto accumulatorType = VectorType::get({2, 2}, f32);
  Value zeroAccumulator = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(accumulatorType, b.getF32FloatAttr(0)));
  SmallVector<Value> inits(rowTiles * colTiles, zeroAccumulator);
  auto loop = scf::ForOp::create(b, loc, zero,
                                 indexConstant(b, loc, depth / kTileDepth),
                                 indexConstant(b, loc, 1), inits);
  {
    OpBuilder::InsertionGuard loopGuard(b);
    b.setInsertionPointToStart(loop.getBody());
    // The lane's reduction points: 2 * pair + {0, 1, 8, 9} in this step.
    Value first = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, loop.getInductionVar(),
                              indexConstant(b, loc, kTileDepth)),
        arith::MulIOp::create(b, loc, pair, indexConstant(b, loc, 2)));
    SmallVector<SmallVector<Value>> points;
    for (int64_t offset : {0, 1, 8, 9})
      points.push_back(
          delinearize(b, loc, addIndex(b, loc, first, offset), reductionSizes));
    auto ivsAt = [&](Value row, Value col, int64_t point) {
      SmallVector<Value> ivs(op.getNumLoops(), zero);
      ivs[matmul.rowDim] = row ? row : zero;
      ivs[matmul.colDim] = col ? col : zero;
      for (auto [d, index] : llvm::zip_equal(matmul.reductionDims,
                                             points[point]))
        ivs[d] = index;
      return ivs;
    };
    // A row operand; zero in rows past the end (when they are some).
    auto rowElement = [&](Value row, int64_t point) -> Value {
      if (!guardRows)
        return cloneAt(b, loc, op, matmul.rowValue, ivsAt(row, {}, point));
      Value inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                           row, rowCount);
      auto ifOp = scf::IfOp::create(b, loc, TypeRange{f16}, inside,
                                    /*withElseRegion=*/true);
      OpBuilder::InsertionGuard ifGuard(b);
      b.setInsertionPointToStart(&ifOp.getThenRegion().front());
      scf::YieldOp::create(
          b, loc,
          cloneAt(b, loc, op, matmul.rowValue, ivsAt(row, {}, point)));
      b.setInsertionPointToStart(&ifOp.getElseRegion().front());
      scf::YieldOp::create(
          b, loc,
          arith::ConstantOp::create(b, loc, b.getF16FloatAttr(0)).getResult());
      return ifOp.getResult(0);
    };
    SmallVector<Value> aFragments, bFragments;
    for (int64_t tile = 0; tile < rowTiles; ++tile) {
      Value top = addIndex(b, loc,
                           arith::AddIOp::create(b, loc, rowBase, group),
                           tile * kTileRows);
      Value bottom = addIndex(b, loc, top, 8);
      SmallVector<Value> elements;
      for (auto [row, point] :
           {std::pair(top, 0), {top, 1}, {bottom, 0}, {bottom, 1}, {top, 2},
            {top, 3}, {bottom, 2}, {bottom, 3}})
        elements.push_back(rowElement(row, point));
      aFragments.push_back(vector::FromElementsOp::create(
          b, loc, VectorType::get({4, 2}, f16), elements));
    }
    for (int64_t tile = 0; tile < colTiles; ++tile) {
      Value col = addIndex(b, loc,
                           arith::AddIOp::create(b, loc, colBase, group),
                           tile * kTileCols);
      SmallVector<Value> elements;
      for (int64_t point = 0; point < 4; ++point)
        elements.push_back(
            cloneAt(b, loc, op, matmul.colValue, ivsAt({}, col, point)));
      bFragments.push_back(vector::FromElementsOp::create(
          b, loc, VectorType::get({2, 2}, f16), elements));
    }
    SmallVector<Value> results;
    for (int64_t rowTile = 0; rowTile < rowTiles; ++rowTile)
      for (int64_t colTile = 0; colTile < colTiles; ++colTile)
        results.push_back(nvgpu::MmaSyncOp::create(
            b, loc, aFragments[rowTile], bFragments[colTile],
            loop.getRegionIterArgs()[rowTile * colTiles + colTile],
            ArrayRef<int64_t>{kTileRows, kTileCols, kTileDepth}));
    scf::YieldOp::create(b, loc, results);
  }

  // Each lane adds its four sums of each block into the output.
  OpOperand *init = op.getDpsInitOperand(0);
  Value pairColumn =
      arith::MulIOp::create(b, loc, pair, indexConstant(b, loc, 2));
  for (int64_t rowTile = 0; rowTile < rowTiles; ++rowTile) {
    for (int64_t colTile = 0; colTile < colTiles; ++colTile) {
      Value sums = loop.getResult(rowTile * colTiles + colTile);
      for (int64_t i = 0; i < 4; ++i) {
        Value row =
            addIndex(b, loc, arith::AddIOp::create(b, loc, rowBase, group),
                     rowTile * kTileRows + 8 * (i / 2));
        Value col =
            addIndex(b, loc, arith::AddIOp::create(b, loc, colBase, pairColumn),
                     colTile * kTileCols + i % 2);
        Value sum = vector::ExtractOp::create(b, loc, sums,
                                              ArrayRef<int64_t>{i / 2, i % 2});
        OpBuilder::InsertionGuard storeGuard(b);
        if (guardRows) {
          Value inside = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::ult, row, rowCount);
          auto ifOp = scf::IfOp::create(b, loc, inside,
                                        /*withElseRegion=*/false);
          b.setInsertionPointToStart(&ifOp.getThenRegion().front());
        }
        SmallVector<Value> ivs(op.getNumLoops(), zero);
        ivs[matmul.rowDim] = row;
        ivs[matmul.colDim] = col;
        IRMapping combine;
        combine.map(op.getRegion().front().getArguments().back(),
                    loadOperand(b, loc, op, *init, ivs));
        combine.map(matmul.product, sum);
        storeOutput(b, loc, op, *init, ivs,
                    b.clone(*matmul.combiner, combine)->getResult(0));
      }
    }
  }
}
