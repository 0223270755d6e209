//===- GpuIntegerDot.cpp - Integer matmuls on dp4a
//-------------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/GpuIntegerDot.h"

#include "passes/Conversion/GpuKernelUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

/// Reduction points per lane step: four dp4a of 4 codes each.
constexpr int64_t kRunLength = 16, kBytesPerDot = 4;

} // namespace

std::optional<MatmulBody>
mlir::compress::matchIntegerDotMatmul(linalg::GenericOp op) {
  std::optional<MatmulBody> matmul = matchMatmulBody(op);
  if (!matmul || !matmul->integer || matmul->chunk % kRunLength != 0)
    return std::nullopt;
  return matmul;
}

void mlir::compress::mapIntegerDotMatmul(OpBuilder &b, linalg::GenericOp op,
                                         const MatmulBody &matmul,
                                         int64_t warpsPerBlock) {
  Location loc = op.getLoc();
  SmallVector<int64_t> sizes = op.getStaticLoopRanges();
  int64_t rows = sizes[matmul.rowDim], cols = sizes[matmul.colDim];
  SmallVector<Value> reductionSizes;
  int64_t depth = getReductionSizes(b, loc, matmul, sizes, reductionSizes);
  // Runs stay within the innermost loop when it holds whole runs: their
  // points then differ in that loop's index only.
  bool innermostRuns = sizes[matmul.reductionDims.back()] % kRunLength == 0;

  OpBuilder::InsertionGuard guard(b);
  // Neighbouring warps take neighbouring columns of one row: they share the
  // row's activations in L1.
  auto [launch, item] =
      createGuardedLaunch(b, loc, indexConstant(b, loc, rows * cols), kWarpSize,
                          warpsPerBlock, /*perWarp=*/true);
  Value lane = launch.getThreadIds().x;
  Value columnCount = indexConstant(b, loc, cols);
  Value row = arith::DivUIOp::create(b, loc, item, columnCount);
  Value col = arith::RemUIOp::create(b, loc, item, columnCount);
  Value zero = indexConstant(b, loc, 0);
  auto ivsAt = [&](ArrayRef<Value> point) {
    SmallVector<Value> ivs(op.getNumLoops(), zero);
    ivs[matmul.rowDim] = row;
    ivs[matmul.colDim] = col;
    for (auto [d, index] : llvm::zip_equal(matmul.reductionDims, point))
      ivs[d] = index;
    return ivs;
  };

  Type f32 = b.getF32Type(), i8 = b.getI8Type();
  Value zeroF32 = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  auto loop = scf::ForOp::create(b, loc, lane,
                                 indexConstant(b, loc, depth / kRunLength),
                                 indexConstant(b, loc, kWarpSize), zeroF32);
  {
    OpBuilder::InsertionGuard loopGuard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value start = arith::MulIOp::create(b, loc, loop.getInductionVar(),
                                        indexConstant(b, loc, kRunLength));
    SmallVector<Value> first = delinearize(b, loc, start, reductionSizes);
    auto pointAt = [&](int64_t offset) {
      if (!innermostRuns)
        return delinearize(b, loc, addIndex(b, loc, start, offset),
                           reductionSizes);
      SmallVector<Value> point = first;
      point.back() = addIndex(b, loc, point.back(), offset);
      return point;
    };
    // Four dp4a over the run's 16 codes of each operand, decoded in
    // registers.
    Value sum = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
    auto vectorType = VectorType::get({kBytesPerDot}, i8);
    for (int64_t dot = 0; dot < kRunLength / kBytesPerDot; ++dot) {
      SmallVector<Value> rowCodes, colCodes;
      for (int64_t i = 0; i < kBytesPerDot; ++i) {
        SmallVector<Value> ivs = ivsAt(pointAt(dot * kBytesPerDot + i));
        rowCodes.push_back(cloneAt(b, loc, op, matmul.rowValue, ivs));
        colCodes.push_back(cloneAt(b, loc, op, matmul.colValue, ivs));
      }
      sum = NVVM::DotAccumulate4WayOp::create(
          b, loc, b.getI32Type(),
          vector::FromElementsOp::create(b, loc, vectorType, rowCodes),
          NVVM::DotAccumulateType::SIGNED,
          vector::FromElementsOp::create(b, loc, vectorType, colCodes),
          NVVM::DotAccumulateType::SIGNED, sum);
    }
    // The run's sum, scaled once by its chunk's scales.
    SmallVector<Value> ivs = ivsAt(first);
    Value term = arith::SIToFPOp::create(b, loc, f32, sum);
    for (Value scale : {matmul.rowScale, matmul.colScale})
      if (scale)
        term = arith::MulFOp::create(b, loc, term,
                                     cloneAt(b, loc, op, scale, ivs));
    scf::YieldOp::create(
        b, loc,
        arith::AddFOp::create(b, loc, loop.getRegionIterArgs()[0], term)
            .getResult());
  }

  SmallVector<Value> outputIvs(op.getNumLoops(), zero);
  outputIvs[matmul.rowDim] = row;
  outputIvs[matmul.colDim] = col;
  storeWarpResult(b, loc, op, outputIvs, lane, loop.getResult(0),
                  gpu::AllReduceOperation::ADD, [&](Value old, Value total) {
                    return combineWithOutput(b, op, matmul, old, total);
                  });
}
