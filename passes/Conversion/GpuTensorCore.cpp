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
// The s8 form (mma.m16n8k32, i8 inputs, i32 accumulators) has the same
// shape with 4 values per register: A (vector<4x4xi8>) rows group, group +
// 8, group, group + 8 at k 4*pair + {0..3}, then + 16; B (vector<2x4xi8>)
// k 4*pair + {0..3} and + 16 of column group; C and D as above, in i32.
// compress-gpu-emulate implements the same tables independently, from
// matrices rebuilt out of every lane's fragments.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/GpuTensorCore.h"

#include "passes/Conversion/GpuKernelUtils.h"
#include "passes/Conversion/GpuMatmulBody.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

constexpr int64_t kTileRows = 16, kTileCols = 8, kTileDepth = 16;
/// The reduction points of one s8 mma.sync (m16n8k32).
constexpr int64_t kIntegerTileDepth = 32;
/// The longest chunk whose i32 sum is exact: products of i8 codes are at
/// most 128 * 128 in magnitude.
constexpr int64_t kMaxExactChunk = (int64_t(1) << 31) / (128 * 128);
/// Output blocks per warp: 2 x 16 rows by up to 4 x 8 columns, so that
/// each A fragment serves 4 mma.sync and each decoded B fragment 2.
constexpr int64_t kRowTilesPerWarp = 2, kColTilesPerWarp = 4;

/// lhs * rhs, where a null factor stands for one (null for two of them).
Value multiplyScales(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (!lhs || !rhs)
    return lhs ? lhs : rhs;
  return arith::MulFOp::create(b, loc, lhs, rhs);
}

/// `make()`'s value (of `type`) where `row < rowCount`, zero elsewhere (no
/// test when `guard` is false).
Value guardedValue(OpBuilder &b, Location loc, bool guard, Value row,
                   Value rowCount, Type type, function_ref<Value()> make) {
  if (!guard)
    return make();
  Value inside =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, row, rowCount);
  auto ifOp = scf::IfOp::create(b, loc, TypeRange{type}, inside,
                                /*withElseRegion=*/true);
  OpBuilder::InsertionGuard ifGuard(b);
  b.setInsertionPointToStart(&ifOp.getThenRegion().front());
  scf::YieldOp::create(b, loc, make());
  b.setInsertionPointToStart(&ifOp.getElseRegion().front());
  scf::YieldOp::create(
      b, loc,
      arith::ConstantOp::create(b, loc, type, b.getZeroAttr(type)).getResult());
  return ifOp.getResult(0);
}

/// A loop of `steps` steps carrying `count` zero vector<2x2x`element`>
/// accumulators, at the builder's point (which stays before it).
scf::ForOp createAccumulatorLoop(OpBuilder &b, Location loc, int64_t count,
                                 int64_t steps, Type element) {
  auto type = VectorType::get({2, 2}, element);
  Value zero = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, b.getZeroAttr(element)));
  SmallVector<Value> inits(count, zero);
  return scf::ForOp::create(b, loc, indexConstant(b, loc, 0),
                            indexConstant(b, loc, steps),
                            indexConstant(b, loc, 1), inits);
}

/// `sums` (f32 accumulators) plus each element of `integerSums` (i32
/// accumulators of the same tiles, colTiles per row tile) times its row's
/// and its column's scale: rowScales[2 t + {0, 1}] for rows 0 and 8 of row
/// tile t, colScales[2 u + {0, 1}] for columns 0 and 1 of column tile u (a
/// null scale is one).
SmallVector<Value> addScaledSums(OpBuilder &b, Location loc,
                                 ValueRange integerSums, ValueRange sums,
                                 ArrayRef<Value> rowScales,
                                 ArrayRef<Value> colScales, int64_t colTiles) {
  Type f32 = b.getF32Type();
  SmallVector<Value> results;
  for (auto [t, integerSum] : llvm::enumerate(integerSums)) {
    int64_t rowTile = t / colTiles, colTile = t % colTiles;
    SmallVector<Value> elements;
    for (int64_t i = 0; i < 4; ++i) {
      SmallVector<int64_t> position = {i / 2, i % 2};
      Value sum = arith::SIToFPOp::create(
          b, loc, f32, vector::ExtractOp::create(b, loc, integerSum, position));
      Value scale = multiplyScales(b, loc, rowScales[2 * rowTile + i / 2],
                                   colScales[2 * colTile + i % 2]);
      if (scale)
        sum = arith::MulFOp::create(b, loc, sum, scale);
      elements.push_back(arith::AddFOp::create(
          b, loc, vector::ExtractOp::create(b, loc, sums[t], position), sum));
    }
    results.push_back(vector::FromElementsOp::create(
        b, loc, VectorType::get({2, 2}, f32), elements));
  }
  return results;
}

/// Where the elements of a lane's accumulators (vector<2x2xf32>) go in the
/// output: accumulator t * innerTiles + u covers outer coordinates
/// `outerBase + 16 t + {0, 8}` (elements {0, 1} and {2, 3}) and inner
/// coordinates `innerBase + 8 u + {0, 1}`, where `outerBase` holds the
/// lane's group (lane / 4) and `innerBase` its 2 * (lane % 4). The outer
/// coordinate is loop `outerDim`, the inner one loop `innerDim`. With
/// `guardRows`, only elements whose loop `rowDim` is below `rowCount` are
/// stored.
struct AccumulatorLayout {
  int64_t outerTiles, innerTiles;
  Value outerBase, innerBase;
  int64_t outerDim, innerDim;
  bool guardRows;
  int64_t rowDim;
  Value rowCount;
};

/// Stores `combine(output, element)` for every element of `accumulators`
/// into the output of `op` at the place `layout` gives it.
void addAccumulatorsToOutput(
    OpBuilder &b, Location loc, linalg::GenericOp op, ValueRange accumulators,
    const AccumulatorLayout &layout,
    function_ref<Value(Value old, Value sum)> combine) {
  Value zero = indexConstant(b, loc, 0);
  OpOperand *init = op.getDpsInitOperand(0);
  for (int64_t t = 0; t < layout.outerTiles; ++t)
    for (int64_t u = 0; u < layout.innerTiles; ++u)
      for (int64_t i = 0; i < 4; ++i) {
        SmallVector<Value> ivs(op.getNumLoops(), zero);
        ivs[layout.outerDim] =
            addIndex(b, loc, layout.outerBase, 16 * t + 8 * (i / 2));
        ivs[layout.innerDim] =
            addIndex(b, loc, layout.innerBase, 8 * u + i % 2);
        Value sum = vector::ExtractOp::create(
            b, loc, accumulators[t * layout.innerTiles + u],
            ArrayRef<int64_t>{i / 2, i % 2});
        OpBuilder::InsertionGuard guardBuilder(b);
        if (layout.guardRows) {
          Value inside =
              arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                    ivs[layout.rowDim], layout.rowCount);
          auto ifOp =
              scf::IfOp::create(b, loc, inside, /*withElseRegion=*/false);
          b.setInsertionPointToStart(&ifOp.getThenRegion().front());
        }
        storeOutput(b, loc, op, *init, ivs,
                    combine(loadOperand(b, loc, op, *init, ivs), sum));
      }
}

/// A lane of a warp that owns one tile of a 2-D output space, with the PTX
/// fragment coordinates of its lane.
struct WarpTile {
  Value lane;
  Value group; // lane / 4: the fragments' row ("groupID").
  Value pair;  // lane % 4: the fragments' column pair ("threadID_in_group").
  Value outerBase, innerBase; // The tile's first index in each dimension.
};

/// A launch of a warp per tile: `outerGroups` x `innerGroups` tiles of
/// `outerStep` x `innerStep`, neighbouring warps of a block taking
/// neighbouring inner tiles (they share the outer tile's operand in L1).
/// The builder is left inside the warp's guard.
WarpTile createWarpTileLaunch(OpBuilder &b, Location loc, int64_t outerGroups,
                              int64_t innerGroups, int64_t outerStep,
                              int64_t innerStep, int64_t warpsPerBlock) {
  auto [launch, item] = createGuardedLaunch(
      b, loc, indexConstant(b, loc, outerGroups * innerGroups), kWarpSize,
      warpsPerBlock, /*perWarp=*/true);
  WarpTile tile;
  tile.lane = launch.getThreadIds().x;
  Value four = indexConstant(b, loc, 4);
  tile.group = arith::DivUIOp::create(b, loc, tile.lane, four);
  tile.pair = arith::RemUIOp::create(b, loc, tile.lane, four);
  Value innerCount = indexConstant(b, loc, innerGroups);
  tile.outerBase = arith::MulIOp::create(
      b, loc, arith::DivUIOp::create(b, loc, item, innerCount),
      indexConstant(b, loc, outerStep));
  tile.innerBase = arith::MulIOp::create(
      b, loc, arith::RemUIOp::create(b, loc, item, innerCount),
      indexConstant(b, loc, innerStep));
  return tile;
}

} // namespace

std::optional<MatmulBody>
mlir::compress::matchTensorCoreMatmul(linalg::GenericOp op, int64_t minRows) {
  std::optional<MatmulBody> matmul = matchMatmulBody(op);
  if (!matmul)
    return std::nullopt;
  SmallVector<int64_t> sizes = op.getStaticLoopRanges();
  int64_t stepDepth = matmul->integer ? kIntegerTileDepth : kTileDepth;
  if (sizes[matmul->rowDim] < minRows ||
      sizes[matmul->colDim] % kTileCols != 0 ||
      matmul->chunk % stepDepth != 0 ||
      (matmul->integer && matmul->chunk > kMaxExactChunk))
    return std::nullopt;
  return matmul;
}

void mlir::compress::mapTensorCoreMatmul(OpBuilder &b, linalg::GenericOp op,
                                         const MatmulBody &matmul,
                                         int64_t warpsPerBlock) {
  Location loc = op.getLoc();
  SmallVector<int64_t> sizes = op.getStaticLoopRanges();
  int64_t rows = sizes[matmul.rowDim], cols = sizes[matmul.colDim];
  SmallVector<Value> reductionSizes;
  int64_t depth = getReductionSizes(b, loc, matmul, sizes, reductionSizes);
  int64_t rowTiles =
      std::min<int64_t>(kRowTilesPerWarp, llvm::divideCeil(rows, kTileRows));
  int64_t colTiles = kColTilesPerWarp;
  while (cols % (kTileCols * colTiles) != 0)
    colTiles /= 2;
  int64_t rowGroups = llvm::divideCeil(rows, kTileRows * rowTiles);
  int64_t colGroups = cols / (kTileCols * colTiles);
  bool guardRows = rows % (kTileRows * rowTiles) != 0;
  int64_t numTiles = rowTiles * colTiles;
  // f16: vector<4x2xf16> A and vector<2x2xf16> B fragments, 16 reduction
  // points per step; i8: vector<4x4xi8> and vector<2x4xi8>, 32 points.
  Type elementType = matmul.integer ? Type(b.getI8Type()) : b.getF16Type();
  int64_t perRegister = matmul.integer ? 4 : 2;
  int64_t stepDepth = matmul.integer ? kIntegerTileDepth : kTileDepth;

  OpBuilder::InsertionGuard guard(b);
  // Warps of a block take neighbouring column tiles of the same rows.
  WarpTile tile =
      createWarpTileLaunch(b, loc, rowGroups, colGroups, kTileRows * rowTiles,
                           kTileCols * colTiles, warpsPerBlock);
  Value group = tile.group, pair = tile.pair;
  Value rowBase = tile.outerBase, colBase = tile.innerBase;
  Value zero = indexConstant(b, loc, 0);
  Value rowCount = indexConstant(b, loc, rows);
  Value laneRow = arith::AddIOp::create(b, loc, rowBase, group);
  Value laneColumn = arith::AddIOp::create(
      b, loc, colBase,
      arith::MulIOp::create(b, loc, pair, indexConstant(b, loc, 2)));
  // The loop ivs at (row, col) and reduction point `point` (linear).
  auto ivsAt = [&](Value row, Value col, ArrayRef<Value> point) {
    SmallVector<Value> ivs(op.getNumLoops(), zero);
    ivs[matmul.rowDim] = row ? row : zero;
    ivs[matmul.colDim] = col ? col : zero;
    for (auto [d, index] : llvm::zip_equal(matmul.reductionDims, point))
      ivs[d] = index;
    return ivs;
  };

  // The mma.sync steps from linear reduction point `start` on, into
  // `accumulators`, which it returns updated.
  auto emitSteps = [&](Value start, ValueRange accumulators) {
    // The lane's points: perRegister * pair + {0 .. perRegister - 1}, and
    // the same plus half a step.
    Value first = arith::AddIOp::create(
        b, loc, start,
        arith::MulIOp::create(b, loc, pair,
                              indexConstant(b, loc, perRegister)));
    SmallVector<SmallVector<Value>> points;
    for (int64_t half = 0; half < 2; ++half)
      for (int64_t j = 0; j < perRegister; ++j)
        points.push_back(delinearize(
            b, loc, addIndex(b, loc, first, half * stepDepth / 2 + j),
            reductionSizes));
    // A row operand; zero in rows past the end (when there are some).
    auto rowElement = [&](Value row, int64_t point) -> Value {
      return guardedValue(b, loc, guardRows, row, rowCount, elementType, [&] {
        return cloneAt(b, loc, op, matmul.rowValue,
                       ivsAt(row, {}, points[point]));
      });
    };
    SmallVector<Value> aFragments, bFragments;
    for (int64_t rowTile = 0; rowTile < rowTiles; ++rowTile) {
      Value top = addIndex(b, loc, laneRow, rowTile * kTileRows);
      Value bottom = addIndex(b, loc, top, 8);
      // Register r: row top (r even) or bottom, the points of half r / 2.
      SmallVector<Value> elements;
      for (int64_t r = 0; r < 4; ++r)
        for (int64_t j = 0; j < perRegister; ++j)
          elements.push_back(
              rowElement(r % 2 ? bottom : top, (r / 2) * perRegister + j));
      aFragments.push_back(vector::FromElementsOp::create(
          b, loc, VectorType::get({4, perRegister}, elementType), elements));
    }
    for (int64_t colTile = 0; colTile < colTiles; ++colTile) {
      Value col =
          addIndex(b, loc, arith::AddIOp::create(b, loc, colBase, group),
                   colTile * kTileCols);
      SmallVector<Value> elements;
      for (int64_t point = 0; point < 2 * perRegister; ++point)
        elements.push_back(cloneAt(b, loc, op, matmul.colValue,
                                   ivsAt({}, col, points[point])));
      bFragments.push_back(vector::FromElementsOp::create(
          b, loc, VectorType::get({2, perRegister}, elementType), elements));
    }
    SmallVector<Value> results;
    for (int64_t rowTile = 0; rowTile < rowTiles; ++rowTile)
      for (int64_t colTile = 0; colTile < colTiles; ++colTile)
        results.push_back(nvgpu::MmaSyncOp::create(
            b, loc, aFragments[rowTile], bFragments[colTile],
            accumulators[rowTile * colTiles + colTile],
            ArrayRef<int64_t>{kTileRows, kTileCols, stepDepth}));
    return results;
  };
  auto stepStart = [&](Value index, int64_t stride) {
    return arith::MulIOp::create(b, loc, index, indexConstant(b, loc, stride));
  };

  scf::ForOp loop;
  if (!matmul.integer) {
    loop = createAccumulatorLoop(b, loc, numTiles, depth / stepDepth,
                                 b.getF32Type());
    OpBuilder::InsertionGuard loopGuard(b);
    b.setInsertionPointToStart(loop.getBody());
    scf::YieldOp::create(b, loc,
                         emitSteps(stepStart(loop.getInductionVar(), stepDepth),
                                   loop.getRegionIterArgs()));
  } else {
    // Per chunk: the integer products in i32 on the tensor cores, then
    // sum * row scale * column scale into the f32 accumulators.
    loop = createAccumulatorLoop(b, loc, numTiles, depth / matmul.chunk,
                                 b.getF32Type());
    OpBuilder::InsertionGuard loopGuard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value chunkStart = stepStart(loop.getInductionVar(), matmul.chunk);
    scf::ForOp steps = createAccumulatorLoop(
        b, loc, numTiles, matmul.chunk / stepDepth, b.getI32Type());
    {
      OpBuilder::InsertionGuard stepGuard(b);
      b.setInsertionPointToStart(steps.getBody());
      Value start = arith::AddIOp::create(
          b, loc, chunkStart, stepStart(steps.getInductionVar(), stepDepth));
      scf::YieldOp::create(b, loc, emitSteps(start, steps.getRegionIterArgs()));
    }
    SmallVector<Value> chunkPoint =
        delinearize(b, loc, chunkStart, reductionSizes);
    Type f32 = b.getF32Type();
    SmallVector<Value> rowScales, colScales;
    for (int64_t rowTile = 0; rowTile < rowTiles; ++rowTile)
      for (int64_t half = 0; half < 2; ++half) {
        Value row = addIndex(b, loc, laneRow, rowTile * kTileRows + 8 * half);
        rowScales.push_back(
            matmul.rowScale
                ? guardedValue(b, loc, guardRows, row, rowCount, f32,
                               [&] {
                                 return cloneAt(b, loc, op, matmul.rowScale,
                                                ivsAt(row, {}, chunkPoint));
                               })
                : nullptr);
      }
    for (int64_t colTile = 0; colTile < colTiles; ++colTile)
      for (int64_t j = 0; j < 2; ++j)
        colScales.push_back(
            matmul.colScale ? cloneAt(b, loc, op, matmul.colScale,
                                      ivsAt({},
                                            addIndex(b, loc, laneColumn,
                                                     colTile * kTileCols + j),
                                            chunkPoint))
                            : nullptr);
    SmallVector<Value> results =
        addScaledSums(b, loc, steps.getResults(), loop.getRegionIterArgs(),
                      rowScales, colScales, colTiles);
    scf::YieldOp::create(b, loc, results);
  }

  // Each lane adds its four sums of each block into the output.
  addAccumulatorsToOutput(b, loc, op, loop.getResults(),
                          {rowTiles, colTiles, laneRow, laneColumn,
                           matmul.rowDim, matmul.colDim, guardRows,
                           matmul.rowDim, rowCount},
                          [&](Value old, Value sum) {
                            return combineWithOutput(b, op, matmul, old, sum);
                          });
}

//===----------------------------------------------------------------------===//
// 2:4 weights: nvgpu.mma.sp.sync m16n8k32
//===----------------------------------------------------------------------===//
//
// The weight is the sparse operand A (16 weight rows x 32 values of K, 16 of
// them kept), the activations are B (32 x 8 activation rows), and D holds
// the output transposed. The layout follows upstream's GPU-run test of
// nvgpu.mma.sp.sync (mlir/test/Integration/Dialect/SparseTensor/GPU/CUDA/
// sparse-mma-2-4-f16.mlir): with quad = lane / 4 and pair = lane % 4,
//   A (kept values, vector<4x2xf16>): [0] row quad, kept 2*pair + {0,1};
//     [1] row quad + 8; [2], [3] the same rows, kept 2*pair + 8 + {0,1};
//     kept value c is slot c % 2 of group c / 2;
//   metadata (vector<2xi16>): [0] row quad, [1] row quad + 8, each the
//     2-bit positions of kept values 8*(lane%2) .. +7 (value j at bits 2j);
//     lanes 4i and 4i+1 provide them (sparsity selector 0);
//   B (vector<4x2xf16>): [i] activation row quad, K 2*pair + 8i + {0,1};
//   D (vector<2x2xf32>): [0] weight row quad, activation rows 2*pair +
//     {0,1}; [1] weight row quad + 8.

namespace {

constexpr int64_t kSparseWeightRows = 16, kSparseActivationRows = 8,
                  kSparseDepth = 32, kSparseGroupsPerStep = 8;
/// Output blocks per warp: up to 2 x 16 weight rows by 4 x 8 activation
/// rows.
constexpr int64_t kSparseWeightTilesPerWarp = 2,
                  kSparseActivationTilesPerWarp = 4;
/// The loop bit of the group loop's induction variable.
constexpr uint64_t kGroupBit = uint64_t(1) << 63;

bool isIndexConstant(Value value, int64_t expected) {
  std::optional<int64_t> constant = getConstantIntValue(value);
  return constant && *constant == expected;
}

/// The `rest` of `index` = 4 * `iv` + rest; null when `index` has another
/// form.
Value getPositionInGroup(Value index, Value iv) {
  auto add = index.getDefiningOp<arith::AddIOp>();
  if (!add)
    return nullptr;
  for (auto [scaled, rest] : {std::pair(add.getLhs(), add.getRhs()),
                              std::pair(add.getRhs(), add.getLhs())}) {
    auto multiply = scaled.getDefiningOp<arith::MulIOp>();
    if (multiply &&
        ((multiply.getLhs() == iv && isIndexConstant(multiply.getRhs(), 4)) ||
         (multiply.getRhs() == iv && isIndexConstant(multiply.getLhs(), 4))))
      return rest;
  }
  return nullptr;
}

} // namespace

std::optional<SparseTensorCoreMatmul>
mlir::compress::matchSparseTensorCoreMatmul(linalg::GenericOp op,
                                            int64_t minRows) {
  BlockArgument out = getMatmulOutput(op);
  if (!out || op.getNumReductionLoops() != 0)
    return std::nullopt;
  SmallVector<int64_t> sizes = op.getStaticLoopRanges();
  Block &body = op.getRegion().front();
  SparseTensorCoreMatmul matmul;
  auto loop = dyn_cast<scf::ForOp>(*out.getUsers().begin());
  if (!loop || loop->getBlock() != &body || loop.getNumRegionIterArgs() != 1 ||
      loop.getInitArgs()[0] != out ||
      body.getTerminator()->getOperand(0) != loop.getResult(0) ||
      !loop.getResult(0).hasOneUse() ||
      !isIndexConstant(loop.getLowerBound(), 0) ||
      !isIndexConstant(loop.getStep(), 1))
    return std::nullopt;
  std::optional<int64_t> groupCount = getConstantIntValue(loop.getUpperBound());
  if (!groupCount)
    return std::nullopt;
  matmul.groups = loop;
  matmul.groupCount = *groupCount;

  // yield (iter + term0) + term1, each add used once.
  Value iter = loop.getRegionIterArgs()[0];
  Value iv = loop.getInductionVar();
  auto second = loop.getBody()
                    ->getTerminator()
                    ->getOperand(0)
                    .getDefiningOp<arith::AddFOp>();
  if (!second || !iter.hasOneUse())
    return std::nullopt;
  arith::AddFOp first;
  Value terms[2];
  for (auto [chain, term] : {std::pair(second.getLhs(), second.getRhs()),
                             std::pair(second.getRhs(), second.getLhs())}) {
    auto add = chain.getDefiningOp<arith::AddFOp>();
    if (!add || !chain.hasOneUse() ||
        (add.getLhs() != iter && add.getRhs() != iter))
      continue;
    first = add;
    terms[1] = term;
    terms[0] = add.getLhs() == iter ? add.getRhs() : add.getLhs();
  }
  if (!first)
    return std::nullopt;

  SmallVector<int64_t> parallel = getDistributedDims(op);
  LoopDependences dependences(op);
  dependences.bind(iv, kGroupBit);
  memref::LoadOp activations[2];
  for (int slot = 0; slot < 2; ++slot) {
    auto multiply = terms[slot].getDefiningOp<arith::MulFOp>();
    if (!multiply || !terms[slot].hasOneUse())
      return std::nullopt;
    Value lhs = getExtendedF16(multiply.getLhs());
    Value rhs = getExtendedF16(multiply.getRhs());
    if (!lhs || !rhs)
      return std::nullopt;
    // The activation is the load at 4 * group + position.
    for (auto [candidate, other] : {std::pair(lhs, rhs), std::pair(rhs, lhs)}) {
      auto load = candidate.getDefiningOp<memref::LoadOp>();
      if (!load || load.getIndices().empty())
        continue;
      Value position = getPositionInGroup(load.getIndices().back(), iv);
      if (!position)
        continue;
      activations[slot] = load;
      matmul.position[slot] = position;
      matmul.kept[slot] = other;
    }
    if (!activations[slot])
      return std::nullopt;
  }
  // Both terms read one activation row the same way.
  memref::LoadOp activation = activations[0];
  if (activations[1].getMemRef() != activation.getMemRef() ||
      activation.getIndices().drop_back() !=
          activations[1].getIndices().drop_back() ||
      op.getRegion().isAncestor(activation.getMemRef().getParentRegion()))
    return std::nullopt;
  uint64_t rowLoops = 0;
  for (Value index : activation.getIndices().drop_back())
    rowLoops |= dependences.of(index);
  std::optional<int64_t> rowDim = getParallelLoop(rowLoops, parallel);
  if (rowLoops == LoopDependences::kOutput || !rowDim || *rowDim == -1 ||
      (rowLoops & ~(uint64_t(1) << *rowDim)))
    return std::nullopt;
  matmul.rowDim = *rowDim;
  matmul.colDim = *rowDim == parallel[0] ? parallel[1] : parallel[0];
  matmul.activation = activation;
  uint64_t allowed = (uint64_t(1) << matmul.colDim) | kGroupBit;
  for (int slot = 0; slot < 2; ++slot)
    for (Value value : {matmul.kept[slot], matmul.position[slot]}) {
      uint64_t loops = dependences.of(value);
      if (loops == LoopDependences::kOutput || (loops & ~allowed))
        return std::nullopt;
    }
  // Nothing else happens: every op computes the terms, and only reads.
  llvm::SmallPtrSet<Operation *, 32> cone;
  collectCone(second.getResult(), op, cone);
  for (Operation &inner : loop.getBody()->without_terminator())
    if (!cone.contains(&inner))
      return std::nullopt;
  WalkResult walk = op.getRegion().walk([&](Operation *inner) {
    if (inner == loop.getOperation() ||
        isa<linalg::YieldOp, scf::YieldOp>(inner) ||
        isMemoryEffectFree(inner) || isa<memref::LoadOp>(inner))
      return WalkResult::advance();
    return WalkResult::interrupt();
  });
  if (walk.wasInterrupted())
    return std::nullopt;

  if (sizes[matmul.rowDim] < minRows ||
      sizes[matmul.colDim] % kSparseWeightRows != 0 ||
      matmul.groupCount % kSparseGroupsPerStep != 0 || matmul.groupCount == 0)
    return std::nullopt;
  return matmul;
}

void mlir::compress::mapSparseTensorCoreMatmul(
    OpBuilder &b, linalg::GenericOp op, const SparseTensorCoreMatmul &matmul,
    int64_t warpsPerBlock) {
  Location loc = op.getLoc();
  scf::ForOp groups = matmul.groups;
  memref::LoadOp activation = matmul.activation;
  SmallVector<int64_t> sizes = op.getStaticLoopRanges();
  int64_t rows = sizes[matmul.rowDim], weightRows = sizes[matmul.colDim];
  int64_t weightTiles =
      weightRows % (kSparseWeightRows * kSparseWeightTilesPerWarp) == 0
          ? kSparseWeightTilesPerWarp
          : 1;
  int64_t rowTiles =
      std::min<int64_t>(kSparseActivationTilesPerWarp,
                        llvm::divideCeil(rows, kSparseActivationRows));
  int64_t rowGroups = llvm::divideCeil(rows, kSparseActivationRows * rowTiles);
  int64_t weightGroups = weightRows / (kSparseWeightRows * weightTiles);
  bool guardRows = rows % (kSparseActivationRows * rowTiles) != 0;

  OpBuilder::InsertionGuard guard(b);
  // Warps of a block take neighbouring weight tiles of the same rows.
  WarpTile tile = createWarpTileLaunch(
      b, loc, rowGroups, weightGroups, kSparseActivationRows * rowTiles,
      kSparseWeightRows * weightTiles, warpsPerBlock);
  Value quad = tile.group, pair = tile.pair;
  Value rowBase = tile.outerBase, weightBase = tile.innerBase;
  Value four = indexConstant(b, loc, 4);
  Value chunk =
      arith::RemUIOp::create(b, loc, tile.lane, indexConstant(b, loc, 2));
  Value zero = indexConstant(b, loc, 0);
  Value rowCount = indexConstant(b, loc, rows);
  Type f16 = b.getF16Type(), i16 = b.getI16Type();

  scf::ForOp loop = createAccumulatorLoop(
      b, loc, weightTiles * rowTiles, matmul.groupCount / kSparseGroupsPerStep,
      b.getF32Type());
  {
    OpBuilder::InsertionGuard loopGuard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value firstGroup =
        arith::MulIOp::create(b, loc, loop.getInductionVar(),
                              indexConstant(b, loc, kSparseGroupsPerStep));
    // A body value at weight row `weightRow` and group `group`.
    auto weightValueAt = [&](Value value, Value weightRow, Value group) {
      SmallVector<Value> ivs(op.getNumLoops(), zero);
      ivs[matmul.colDim] = weightRow;
      IRMapping mapping;
      mapping.map(groups.getInductionVar(), group);
      return cloneAt(b, loc, op, value, ivs, mapping);
    };
    SmallVector<Value> aFragments, metadata;
    for (int64_t tile = 0; tile < weightTiles; ++tile) {
      Value top =
          addIndex(b, loc, arith::AddIOp::create(b, loc, weightBase, quad),
                   tile * kSparseWeightRows);
      Value bottom = addIndex(b, loc, top, 8);
      Value low = arith::AddIOp::create(b, loc, firstGroup, pair);
      Value high = addIndex(b, loc, low, 4);
      SmallVector<Value> kept;
      for (auto [row, group] :
           {std::pair(top, low), {bottom, low}, {top, high}, {bottom, high}})
        for (int slot = 0; slot < 2; ++slot)
          kept.push_back(weightValueAt(matmul.kept[slot], row, group));
      aFragments.push_back(vector::FromElementsOp::create(
          b, loc, VectorType::get({4, 2}, f16), kept));
      // The positions of kept values 8 * chunk .. + 7: groups
      // 4 * chunk .. + 3 of this step.
      Value chunkGroup = arith::AddIOp::create(
          b, loc, firstGroup, arith::MulIOp::create(b, loc, chunk, four));
      SmallVector<Value> words;
      for (Value row : {top, bottom}) {
        Value word = arith::ConstantOp::create(b, loc, b.getI16IntegerAttr(0));
        for (int64_t j = 0; j < 8; ++j) {
          Value position = weightValueAt(matmul.position[j % 2], row,
                                         addIndex(b, loc, chunkGroup, j / 2));
          Value bits = arith::IndexCastUIOp::create(b, loc, i16, position);
          if (j > 0)
            bits = arith::ShLIOp::create(
                b, loc, bits,
                arith::ConstantOp::create(b, loc, b.getI16IntegerAttr(2 * j)));
          word = arith::OrIOp::create(b, loc, word, bits);
        }
        words.push_back(word);
      }
      metadata.push_back(vector::FromElementsOp::create(
          b, loc, VectorType::get({2}, i16), words));
    }
    // B: activations at K 32 * step + 2 * pair + 8i + {0, 1}.
    Value firstK = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, loop.getInductionVar(),
                              indexConstant(b, loc, kSparseDepth)),
        arith::MulIOp::create(b, loc, pair, indexConstant(b, loc, 2)));
    auto activationAt = [&](Value row, Value k) -> Value {
      auto load = [&]() -> Value {
        SmallVector<Value> ivs(op.getNumLoops(), zero);
        ivs[matmul.rowDim] = row;
        SmallVector<Value> indices;
        for (Value index : activation.getIndices().drop_back())
          indices.push_back(cloneAt(b, loc, op, index, ivs));
        indices.push_back(k);
        return memref::LoadOp::create(b, loc, activation.getMemRef(), indices);
      };
      return guardedValue(b, loc, guardRows, row, rowCount, b.getF16Type(),
                          load);
    };
    SmallVector<Value> bFragments;
    for (int64_t tile = 0; tile < rowTiles; ++tile) {
      Value row = addIndex(b, loc, arith::AddIOp::create(b, loc, rowBase, quad),
                           tile * kSparseActivationRows);
      SmallVector<Value> elements;
      for (int64_t i = 0; i < 4; ++i)
        for (int64_t e = 0; e < 2; ++e)
          elements.push_back(
              activationAt(row, addIndex(b, loc, firstK, 8 * i + e)));
      bFragments.push_back(vector::FromElementsOp::create(
          b, loc, VectorType::get({4, 2}, f16), elements));
    }
    SmallVector<Value> results;
    for (int64_t weightTile = 0; weightTile < weightTiles; ++weightTile)
      for (int64_t rowTile = 0; rowTile < rowTiles; ++rowTile)
        results.push_back(nvgpu::MmaSparseSyncOp::create(
            b, loc, aFragments[weightTile], bFragments[rowTile],
            loop.getRegionIterArgs()[weightTile * rowTiles + rowTile],
            metadata[weightTile],
            ArrayRef<int64_t>{kSparseWeightRows, kSparseActivationRows,
                              kSparseDepth}));
    scf::YieldOp::create(b, loc, results);
  }

  // Each lane adds its 4 sums per block into the output, transposed: D's
  // rows are weight rows, its columns activation rows.
  Value pairRow = arith::MulIOp::create(b, loc, pair, indexConstant(b, loc, 2));
  addAccumulatorsToOutput(
      b, loc, op, loop.getResults(),
      {weightTiles, rowTiles, arith::AddIOp::create(b, loc, weightBase, quad),
       arith::AddIOp::create(b, loc, rowBase, pairRow), matmul.colDim,
       matmul.rowDim, guardRows, matmul.rowDim, rowCount},
      [&](Value old, Value sum) {
        return arith::AddFOp::create(b, loc, old, sum);
      });
}
