//===- CpuTwoFourKernels.cpp - 2:4 and outlier steps of the CPU kernels ---===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The steps of the streaming CPU kernels (CpuKernelEmitter.h) for 2:4 weights
// along K, and the CSR outliers that a body's kernel adds per row
// (docs/codegen.md, "CPU kernels").
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/CpuKernelEmitter.h"

#include "dialects/Compress/IR/CompressOps.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;

namespace mlir::compress::cpu_kernels {

Value KernelEmitter::loadPositionNibbles(Value n, Value run) {
  // 2 bits per kept value, 4 per group: the 8 bytes of a run hold groups
  // 2j (low nibble) and 2j + 1 (high nibble) in byte j. Byte i of the result
  // holds group i's nibble (and other bits above it): 16 bytes, so that the
  // masks below come from 128-bit tests.
  Type i8 = b.getIntegerType(8);
  VectorType i8x8 = vecType(8, i8);
  Value bytes = vector::LoadOp::create(b, loc, i8x8, positions,
                                       ValueRange{n, mulIndex(b, loc, run, 8)});
  Value high = arith::ShRUIOp::create(
      b, loc, bytes, splatConst(b, loc, i8x8, b.getIntegerAttr(i8, 4)));
  return vector::InterleaveOp::create(b, loc, bytes, high);
}

SmallVector<Value, 4> KernelEmitter::testBits(Value bits, int64_t shift) {
  auto type = cast<VectorType>(bits.getType());
  Type element = type.getElementType();
  SmallVector<Value, 4> masks;
  for (int64_t bit = shift; bit < shift + 4; ++bit) {
    Value masked = arith::AndIOp::create(
        b, loc, bits,
        splatConst(b, loc, type, b.getIntegerAttr(element, int64_t(1) << bit)));
    masks.push_back(arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ne, masked,
        splatConst(b, loc, type, b.getIntegerAttr(element, 0))));
  }
  return masks;
}

std::pair<Value, Value> KernelEmitter::selectActivations(Value xOffset, Value m,
                                                         ArrayRef<Value> masks) {
  VectorType f32x16 = vecType(kLanes, b.getF32Type());
  SmallVector<Value, 4> parts;
  for (int64_t p = 0; p < 4; ++p)
    parts.push_back(vector::LoadOp::create(
        b, loc, f32x16, x,
        ValueRange{m, addIndex(b, loc, xOffset, p * kLanes)}));
  auto select = [&](Value condition, Value ifSet, Value ifClear) {
    return arith::SelectOp::create(b, loc, condition, ifSet, ifClear)
        .getResult();
  };
  // Positions increase within a group: the first is 0, 1 or 2 (bits 0-1),
  // the second 1, 2 or 3 (bits 2-3).
  Value first =
      select(masks[1], parts[2], select(masks[0], parts[1], parts[0]));
  Value second =
      select(masks[3], select(masks[2], parts[3], parts[2]), parts[1]);
  return {first, second};
}

std::pair<Value, Value> KernelEmitter::loadKeptPair(Value n, Value run) {
  VectorType f32x16 = vecType(kLanes, b.getF32Type());
  // 32 kept values, two per group: deinterleave, then widen.
  Value kept = vector::LoadOp::create(
      b, loc, vecType(2 * kLanes, plan.keptType), codes,
      ValueRange{n, mulIndex(b, loc, run, 2 * kLanes)});
  SmallVector<int64_t> evens, odds;
  for (int64_t lane = 0; lane < kLanes; ++lane) {
    evens.push_back(2 * lane);
    odds.push_back(2 * lane + 1);
  }
  auto widen = [&](ArrayRef<int64_t> lanes) {
    Value half = vector::ShuffleOp::create(b, loc, kept, kept, lanes);
    if (plan.keptType.isF32())
      return half;
    return arith::ExtFOp::create(b, loc, f32x16, half).getResult();
  };
  return {widen(evens), widen(odds)};
}

void KernelEmitter::emitTwoFourStep(Value n, Value s, Value m0, int64_t R,
                                    MutableArrayRef<Value> acc) {
  auto multiplyAdd = [&](Value firstKept, Value secondKept, Value xOffset,
                         ArrayRef<Value> masks) {
    for (int64_t r = 0; r < R; ++r) {
      auto [firstX, secondX] =
          selectActivations(xOffset, addIndex(b, loc, m0, r), masks);
      acc[2 * r] = vector::FMAOp::create(b, loc, firstKept, firstX, acc[2 * r]);
      acc[2 * r + 1] =
          vector::FMAOp::create(b, loc, secondKept, secondX, acc[2 * r + 1]);
    }
  };
  if (!plan.bits) {
    // One run of 64 of K: lane i is group i; x parts of 16 per position.
    auto [firstKept, secondKept] = loadKeptPair(n, s);
    Value nibbles = loadPositionNibbles(n, s);
    multiplyAdd(firstKept, secondKept, mulIndex(b, loc, s, kTwoFourRun),
                testBits(nibbles, 0));
    return;
  }
  // 4-bit codes: 64 bytes (256 of K, 64 groups) as 16 words, lane i holding
  // groups 4i..4i+3 (byte t: group 4i + t, first kept value in the low
  // nibble); the 32 position bytes as 16 halves, lane i holding the same
  // groups' nibbles. Field t of every lane is a run of 16 groups whose x
  // parts (positions 0-3) follow each other (x is reordered per 256).
  Type i8 = b.getIntegerType(8);
  VectorType i32x16 = vecType(kLanes, b.getI32Type());
  Value table = codeTable(n, s, /*scaleInTable=*/!plan.oneGroupPerRow());
  Value bytes = vector::LoadOp::create(
      b, loc, vecType(kStepBytes, i8), codes,
      ValueRange{n, mulIndex(b, loc, s, kStepBytes)});
  Value words = vector::BitCastOp::create(b, loc, i32x16, bytes);
  Value positionBytes = vector::LoadOp::create(
      b, loc, vecType(2 * kLanes, i8), positions,
      ValueRange{n, mulIndex(b, loc, s, 2 * kLanes)});
  Value halves = vector::BitCastOp::create(
      b, loc, vecType(kLanes, b.getI16Type()), positionBytes);
  Value xBase = mulIndex(b, loc, s, plan.kPerStep());
  for (int64_t t = 0; t < 4; ++t) {
    auto field = [&](int64_t shift) {
      Value shifted = words;
      if (shift)
        shifted = arith::ShRUIOp::create(
            b, loc, words, splatConst(b, loc, i32x16, b.getI32IntegerAttr(shift)));
      return lookupNibbles(table, shifted);
    };
    multiplyAdd(field(8 * t), field(8 * t + 4),
                addIndex(b, loc, xBase, 4 * kLanes * t), testBits(halves, 4 * t));
  }
}

Value KernelEmitter::addOutliers(Value total, Value n, Value m) {
  // 16 outliers at a time: masked loads of values and columns, a gather of
  // the activations, one FMA; the lanes are summed once per row.
  Type index = b.getIndexType(), f32 = b.getF32Type(), i1 = b.getI1Type();
  VectorType f32x16 = vecType(kLanes, f32);
  auto loadIndex = [&](Value position) {
    Value value = memref::LoadOp::create(b, loc, rowPtr, ValueRange{position});
    return arith::IndexCastOp::create(b, loc, index, value).getResult();
  };
  Value begin = loadIndex(n);
  Value end = loadIndex(addIndex(b, loc, n, 1));
  // Later chunks of K add nothing: y already holds the outliers.
  if (accumulate)
    end = arith::SelectOp::create(b, loc, accumulate, begin, end);
  Value zero = splatConst(b, loc, f32x16, b.getF32FloatAttr(0));
  auto loop = scf::ForOp::create(
      b, loc, begin, end, indexConst(b, loc, kLanes), ValueRange{zero},
      [&](OpBuilder &nested, Location, Value k, ValueRange args) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nested.getInsertionBlock(),
                            nested.getInsertionPoint());
        Value left = arith::SubIOp::create(b, loc, end, k);
        Value mask = vector::CreateMaskOp::create(b, loc, vecType(kLanes, i1),
                                                  ValueRange{left});
        auto maskedLoad = [&](Value buffer) {
          Type element = cast<MemRefType>(buffer.getType()).getElementType();
          VectorType type = vecType(kLanes, element);
          Value passThru =
              splatConst(b, loc, type, b.getZeroAttr(element));
          return vector::MaskedLoadOp::create(b, loc, type, buffer,
                                              ValueRange{k}, mask, passThru)
              .getResult();
        };
        Value values = maskedLoad(outlierValues);
        if (!cast<VectorType>(values.getType()).getElementType().isF32())
          values = arith::ExtFOp::create(b, loc, f32x16, values);
        Value cols = maskedLoad(columns);
        auto colType = cast<VectorType>(cols.getType());
        if (colType.getElementType().getIntOrFloatBitWidth() < 32)
          cols = arith::ExtSIOp::create(b, loc, vecType(kLanes, b.getI32Type()),
                                        cols);
        Value xs = vector::GatherOp::create(
            b, loc, f32x16, xOriginal,
            ValueRange{m, indexConst(b, loc, 0)}, cols, mask, zero);
        scf::YieldOp::create(
            b, loc, vector::FMAOp::create(b, loc, values, xs, args[0])
                        .getResult());
      });
  Value sum = vector::ReductionOp::create(
      b, loc, vector::CombiningKind::ADD, loop.getResult(0), Value(),
      arith::FastMathFlags::reassoc | arith::FastMathFlags::contract);
  return arith::AddFOp::create(b, loc, total, sum);
}

} // namespace mlir::compress::cpu_kernels
