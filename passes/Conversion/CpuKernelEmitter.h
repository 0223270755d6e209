//===- CpuKernelEmitter.h - The loop nest of the CPU kernels ---*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Shared by the files of the streaming CPU kernels (CpuMatmulKernels.cpp:
// the plan, the loop nest, uniform and LUT steps, the pattern;
// CpuTwoFourKernels.cpp: 2:4 steps and CSR outliers). Private to
// passes/Conversion.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_CONVERSION_CPUKERNELEMITTER_H
#define COMPRESS_PASSES_CONVERSION_CPUKERNELEMITTER_H

#include "passes/Conversion/CpuMatmulKernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"

namespace mlir::compress::cpu_kernels {

constexpr int64_t kLanes = 16;     // f32 / i32 lanes of one vector
constexpr int64_t kStepBytes = 64;  // bytes per reduction-loop iteration
/// K values per 2:4 run: 16 groups of 4, one group per lane.
constexpr int64_t kTwoFourRun = 64;

/// What a kernel needs to know about the op; built only for ops it covers.
struct KernelPlan {
  enum class Format {
    /// Signed 4- or 8-bit codes, one scale per group (`#compress.uniform`).
    Uniform,
    /// 4-bit indices into a stored 16-entry codebook (`#compress.lut`).
    Lut,
    /// 2:4 along K (`#compress.sparse<nm = [2, 4]>`), the kept values plain
    /// floats (`keptType`) or signed 4-bit codes with group scales.
    TwoFour,
  };
  Format format = Format::Uniform;
  unsigned bits = 0; // 4 or 8; 0 for plain 2:4 kept values
  Type keptType;     // 2:4 with plain kept values: their float type
  int64_t n = 0, k = 0;
  /// Values of K per scale or codebook (K for one per row); for 2:4, kept
  /// values per scale (K / 2 for one per row).
  int64_t group = 0;
  bool scalePerRow = true; // false: one scale row for all rows (per tensor)
  int64_t actBlock = 0;    // int8 activations: block along K; 0 = f32
  /// `#compress.sum<[body, csr outliers]>`: the body's storage roles start
  /// with "term0.", and each row adds its outliers once.
  bool outliers = false;

  bool isTwoFour() const { return format == Format::TwoFour; }
  int64_t valuesPerByte() const { return 8 / bits; }
  int64_t valuesPerWord() const { return 4 * valuesPerByte(); }
  /// K values per reduction step: 64 code bytes (of 2:4 int4: 128 kept
  /// values, 256 of K), 64 of K for plain 2:4.
  int64_t kPerStep() const {
    if (isTwoFour())
      return bits ? 2 * kStepBytes * valuesPerByte() : kTwoFourRun;
    return kStepBytes * valuesPerByte();
  }
  /// The values of one step along the stored (kept) axis.
  int64_t keptPerStep() const { return isTwoFour() ? kPerStep() / 2 : kPerStep(); }
  int64_t keptK() const { return isTwoFour() ? k / 2 : k; }
  int64_t numSteps() const { return k / kPerStep(); }
  int64_t numGroups() const { return keptK() / group; }
  /// One scale per weight row: it can multiply the row's sum once.
  bool oneGroupPerRow() const { return group == keptK(); }
  bool hasScales() const { return format != Format::Lut && bits != 0; }
  /// The scale multiplies each row's sum once, after the loop.
  bool scaleAtEnd() const { return hasScales() && !actBlock && oneGroupPerRow(); }
  /// x is reordered in runs of 16 x xParts values (see transposeRuns).
  int64_t xParts() const {
    if (isTwoFour())
      return bits ? 16 : 4;
    return valuesPerWord();
  }
  int64_t zeroOffset() const { return bits == 4 ? 8 : 128; }
  /// int8 activations: steps whose dot products add up in i32 (they share
  /// the weight scale and the activation scale): the largest divisor of
  /// min(group, block) / kPerStep up to 4, 1 when groups are smaller than
  /// a step. |sum| <= 4 steps x 4 x 255 x 127 per lane: no overflow.
  int64_t int8RunLength() const {
    int64_t steps = std::max<int64_t>(1, std::min(group, actBlock) / kPerStep());
    for (int64_t length = 4; length > 1; --length)
      if (steps % length == 0)
        return length;
    return 1;
  }
};

//===----------------------------------------------------------------------===//
// Small builders
//===----------------------------------------------------------------------===//


inline Value indexConst(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

inline VectorType vecType(int64_t lanes, Type element) {
  return VectorType::get({lanes}, element);
}

inline Value splatConst(OpBuilder &b, Location loc, VectorType type,
                 Attribute element) {
  return arith::ConstantOp::create(b, loc, type,
                                   SplatElementsAttr::get(type, element));
}

inline Value mulIndex(OpBuilder &b, Location loc, Value value, int64_t factor) {
  if (factor == 1)
    return value;
  return arith::MulIOp::create(b, loc, value, indexConst(b, loc, factor));
}

inline Value addIndex(OpBuilder &b, Location loc, Value value, int64_t offset) {
  if (offset == 0)
    return value;
  return arith::AddIOp::create(b, loc, value, indexConst(b, loc, offset));
}

//===----------------------------------------------------------------------===//
// The loop nest
//===----------------------------------------------------------------------===//

class KernelEmitter {
public:
  KernelEmitter(OpBuilder &b, Location loc, const KernelPlan &plan,
                CpuKernelTarget target)
      : b(b), loc(loc), plan(plan), target(target) {}

  // Buffers: x [M, K] f32 (f32 path, reordered by transposeRuns) or xq
  // [M, K] i8 and xscale [M, K / actBlock] and offsets [M, groups] (int8
  // path); codes [N, K * bits / 8] i8 (LUT: the indices; 2:4: the kept
  // values' codes, or the kept values [N, K / 2] themselves); scales [N or
  // 1, groups]; codebook [(N or 1) * groups, 16] (LUT); positions
  // [N, K / 8] i8 (2:4); y [M, N] f32.
  Value x, xq, xscale, offsets, codes, scales, codebook, positions, y;
  /// Outliers (CSR): values [nnz], rowPtr [N + 1], columns [nnz], and x in
  /// its original order [M, K] f32.
  Value outlierValues, rowPtr, columns, xOriginal;
  /// K chunks (f32 path): the steps of the current chunk, and whether y
  /// already holds the earlier chunks' sums; null when K is one chunk.
  Value stepBegin, stepEnd, accumulate;

  /// Emits the loops; `rows` is M (an index value).
  void emit(Value rows, int64_t staticRows);

private:
  /// Weight rows `ns` (one, or two with int8 activations) times activation
  /// rows [m0, m0 + rowsPerBlock).
  void emitRowBlock(ArrayRef<Value> ns, ArrayRef<Value> nextRows, Value m0,
                    int64_t rowsPerBlock);
  /// f32 path: one step, rows [m0, m0 + R): updates accumulators.
  void emitFloatStep(Value n, Value s, Value m0, int64_t R,
                     MutableArrayRef<Value> acc);
  /// 2:4 path: one step, rows [m0, m0 + R): updates accumulators.
  void emitTwoFourStep(Value n, Value s, Value m0, int64_t R,
                       MutableArrayRef<Value> acc);
  /// 2:4 with plain kept values: the first and second kept values of the
  /// 16 groups of run `run` (64 of K) of row n, in f32.
  std::pair<Value, Value> loadKeptPair(Value n, Value run);
  /// 2:4: the activations that the first and second kept values of 16
  /// groups multiply, for activation row m: the 4 parts of x from `xOffset`
  /// hold positions 0-3 of each lane's group, and `masks` are the groups'
  /// position bits 0-3.
  std::pair<Value, Value> selectActivations(Value xOffset, Value m,
                                            ArrayRef<Value> masks);
  /// 2:4 with plain kept values: byte i holds the four position bits of
  /// group i of run `run` (and other bits above them).
  Value loadPositionNibbles(Value n, Value run);
  /// Bits shift..shift + 3 of each lane of `bits` as four 16-lane masks.
  SmallVector<Value, 4> testBits(Value bits, int64_t shift);
  /// The 16-entry table that decodes the 4-bit codes of step `s` of row n:
  /// the row's codebook (LUT) or the signed codes, times the step's scale
  /// when it has one.
  Value codeTable(Value n, Value s, bool scaleInTable);
  /// Prefetches the bytes of step `s` of the weight rows `nextRows`.
  void prefetchStep(ArrayRef<Value> nextRows, Value s);
  /// int8 path: steps [s, s + runLength), one scale for all of them.
  void emitInt8Run(ArrayRef<Value> ns, Value s, int64_t runLength, Value m0,
                   int64_t R, MutableArrayRef<Value> acc);
  Value loadScale(Value n, Value g);
  /// The `width` scales of row `n` from group `g` on, in f32.
  Value loadScales(Value n, Value g, int64_t width);
  /// int8 path: dot(scales of row n, offsets of activation row m), the
  /// term the unsigned weight codes added to y[m, n].
  Value zeroPointCorrection(Value n, Value m);
  /// The weight scale of each lane of step `s` (lane i covers K values
  /// [i, i + 1) * kPerStep / 16 of the step).
  Value laneScales(Value n, Value s);
  Value scaleRow(Value n) {
    return plan.scalePerRow ? n : indexConst(b, loc, 0);
  }
  Value lookupNibbles(Value table, Value indices);
  /// total + the outliers of weight row n times activation row m, in the
  /// first chunk of K only.
  Value addOutliers(Value total, Value n, Value m);

  OpBuilder &b;
  Location loc;
  const KernelPlan &plan;
  CpuKernelTarget target;
};

} // namespace mlir::compress::cpu_kernels

#endif // COMPRESS_PASSES_CONVERSION_CPUKERNELEMITTER_H
