//===- CpuMatmulKernels.cpp - Streaming CPU kernels for compress.matmul ---===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// y[m, n] = sum_k x[m, k] * W[n, k] for a weight in nn.Linear's [N, K] layout
// with signed 4- or 8-bit uniform codes and one scale per (row or all rows,
// group of G along K), or 4-bit codebooks, or 2:4 along K (its steps are in
// CpuTwoFourKernels.cpp), each optionally plus CSR outliers. The kernel
// (docs/codegen.md, "CPU kernels"):
//
//   for each block of MB activation rows (sized to stay in L2):
//     parallel for n in [0, N):               (OpenMP, contiguous row chunks)
//       for each block of R activation rows:
//         accumulators = 0
//         for each step of 64 weight bytes:    (prefetch the next row's bytes)
//           decode 4 x 16 bytes in registers, multiply into the accumulators
//         y[m, n] = sum of the lanes
//
// f32 activations: 4-bit codes become f32 by a 16-entry table lookup of the
// nibbles (vpermd, table pre-multiplied by the group's scale) with AVX-512,
// by shifts and int->float conversion otherwise; the activations are
// reordered per 32 values (16 even, then 16 odd) to match low and high
// nibbles. int8 activations (`int8_activations(B)`): x is quantized once per
// call; codes + 8 (or + 128) are unsigned bytes multiplied by the int8
// activations with vpdpbusd (AVX-512 VNNI) or widening integer ops otherwise,
// and the offset is taken back once per row with a dot product of the
// weight scales and the activations' per-group sums.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/CpuMatmulKernels.h"
#include "passes/Conversion/CpuKernelEmitter.h"

#include "dialects/Compress/IR/CompressOps.h"
#include "lib/Builders/ActivationQuant.h"
#include "lib/Builders/TensorBuilders.h"
#include "lib/Encoding/Layout.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::compress;

CpuKernelTarget CpuKernelTarget::fromFeatures(StringRef features) {
  llvm::StringMap<bool> enabled;
  SmallVector<StringRef> items;
  features.split(items, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef item : items) {
    item = item.trim();
    if (item == "host") {
      for (const auto &entry : llvm::sys::getHostCPUFeatures())
        enabled[entry.getKey()] = entry.getValue();
    } else if (item.consume_front("+")) {
      enabled[item] = true;
    } else if (item.consume_front("-")) {
      enabled[item] = false;
    }
  }
  auto has = [&](StringRef name) { return enabled.lookup(name); };
  CpuKernelTarget target;
  target.avx512 = has("avx512f") && has("avx512bw");
  target.avx512Vnni = target.avx512 && has("avx512vnni");
  return target;
}

namespace mlir::compress::cpu_kernels {

/// Groups of `block` (a block shape of a [rows, cols] parameter grid) that
/// the kernels take: one per row or per tensor along the rows; sets `group`
/// and `scalePerRow`.
bool planGroups(ArrayRef<int64_t> block, int64_t rows, KernelPlan &plan) {
  if (block[0] != 1 && block[0] != rows)
    return false;
  plan.scalePerRow = block[0] == 1;
  plan.group = block[1];
  return true;
}

/// Signed uniform codes without zero point or mins, scaled by a plain float.
bool isSymmetricUniform(UniformAttr encoding) {
  return encoding.getIsSigned() && !encoding.getZeroPoint() &&
         !encoding.getMin() && isa<TypeAttr>(encoding.getScale());
}

LogicalResult planUniform(UniformAttr encoding, ArrayRef<int64_t> shape,
                          KernelPlan &plan) {
  if (!isSymmetricUniform(encoding))
    return failure();
  plan.bits = encoding.getBits();
  if (plan.bits != 4 && plan.bits != 8)
    return failure();
  Granularity granularity{encoding.getAxis(), encoding.getBlock()};
  if (!planGroups(granularity.getBlockShape(shape), plan.n, plan))
    return failure();
  // Whole steps of 64 bytes; groups align with steps and with the K values
  // of one lane (kPerStep / 16).
  int64_t kLane = plan.kPerStep() / kLanes;
  return failure(plan.k % plan.kPerStep() != 0 || plan.group % kLane != 0 ||
                 (plan.group % plan.kPerStep() != 0 &&
                  plan.kPerStep() % plan.group != 0));
}

/// 4-bit scalar codebooks, stored, without scales, one per row, per tensor
/// or per group of whole steps: a step's 16-entry table is one register.
LogicalResult planLut(LutAttr encoding, ArrayRef<int64_t> shape,
                      CpuKernelTarget target, KernelPlan &plan) {
  plan.format = KernelPlan::Format::Lut;
  plan.bits = encoding.getBits();
  if (plan.bits != 4 || encoding.getDim() != 1 ||
      !encoding.getTable().empty() || encoding.getScale() || !target.avx512)
    return failure();
  Granularity books{encoding.getCodebookAxis(), encoding.getCodebookBlock()};
  if (!planGroups(books.getBlockShape(shape), plan.n, plan))
    return failure();
  return failure(plan.k % plan.kPerStep() != 0 ||
                 plan.group % plan.kPerStep() != 0);
}

/// 2:4 along K of plain f32/f16/bf16 kept values, or of signed 4-bit codes
/// whose scale groups hold whole steps (128 kept values).
LogicalResult planTwoFour(SparseAttr encoding, ArrayRef<int64_t> shape,
                          CpuKernelTarget target, KernelPlan &plan) {
  plan.format = KernelPlan::Format::TwoFour;
  if (encoding.getPattern() != SparsePattern::NM || encoding.getN() != 2 ||
      encoding.getM() != 4 || encoding::getNMAxis(encoding, shape) != 1)
    return failure();
  Attribute values = encoding.getValues();
  if (auto plain = dyn_cast<TypeAttr>(values)) {
    plan.keptType = plain.getValue();
    if (!plan.keptType.isF32() && !plan.keptType.isF16() &&
        !plan.keptType.isBF16())
      return failure();
    return failure(plan.k % plan.kPerStep() != 0);
  }
  auto codes = dyn_cast<UniformAttr>(values);
  if (!codes || !isSymmetricUniform(codes) || codes.getBits() != 4 ||
      !target.avx512)
    return failure();
  plan.bits = 4;
  SmallVector<int64_t> kept = encoding::getSparseValuesShape(encoding, shape);
  Granularity granularity{codes.getAxis(), codes.getBlock()};
  if (!planGroups(granularity.getBlockShape(kept), plan.n, plan))
    return failure();
  return failure(plan.k % plan.kPerStep() != 0 ||
                 plan.group % plan.keptPerStep() != 0);
}

/// The plan for `op`, or failure for ops the kernels do not cover.
FailureOr<KernelPlan> planKernel(compress::MatmulOp op,
                                 CpuKernelTarget target) {
  auto rhsType = cast<CompressedTensorType>(op.getRhs().getType());
  // f16/bf16 weights round each decoded value, which the kernels' factored
  // scales would skip.
  if (!op.getTransposeRhs() || rhsType.getRank() != 2 ||
      !op.getAcc().isF32() || !rhsType.getElementType().isF32())
    return failure();
  KernelPlan plan;
  ArrayRef<int64_t> shape = rhsType.getShape();
  plan.n = shape[0];
  plan.k = shape[1];
  Attribute encoding = rhsType.getEncoding();
  // A body plus CSR outliers with plain values (SpQR-, SqueezeLLM-like).
  if (auto sum = dyn_cast<SumAttr>(encoding)) {
    ArrayRef<Attribute> terms = sum.getTerms();
    auto outliers =
        terms.size() == 2 ? dyn_cast<SparseAttr>(terms[1]) : SparseAttr();
    if (!outliers || outliers.getPattern() != SparsePattern::CSR ||
        !isa<TypeAttr>(outliers.getValues()))
      return failure();
    plan.outliers = true;
    encoding = terms[0];
  }
  LogicalResult planned = failure();
  if (auto uniform = dyn_cast<UniformAttr>(encoding))
    planned = planUniform(uniform, shape, plan);
  else if (auto lut = dyn_cast<LutAttr>(encoding))
    planned = planLut(lut, shape, target, plan);
  else if (auto sparse = dyn_cast<SparseAttr>(encoding))
    planned = planTwoFour(sparse, shape, target, plan);
  if (failed(planned))
    return failure();
  if (std::optional<int64_t> actBlock = op.getInt8Activations()) {
    plan.actBlock = *actBlock;
    // Uniform codes only; a step lies in one activation block; groups and
    // blocks nest.
    if (plan.format != KernelPlan::Format::Uniform || plan.outliers ||
        plan.actBlock % plan.kPerStep() != 0 ||
        (plan.group % plan.actBlock != 0 && plan.actBlock % plan.group != 0))
      return failure();
  }
  return plan;
}

/// A tensor as a buffer (read only) for the kernel's loads.
Value asBuffer(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  return bufferization::ToBufferOp::create(b, loc, memrefType, tensor,
                                           /*read_only=*/true);
}

/// x[M, K] with each run of `lanes * parts` values, seen as [lanes][parts],
/// stored transposed as [parts][lanes]: part j of a run then holds the values
/// that lane i of a kernel's j-th decoded vector multiplies.
Value transposeRuns(OpBuilder &b, Location loc, Value x, int64_t lanes,
                    int64_t parts) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t runs = type.getDimSize(1) / (lanes * parts);
  Value transposed = splitLastDim(b, loc, x, {runs, lanes, parts}, {0, 2, 1});
  return tensor::CollapseShapeOp::create(
      b, loc, type, transposed,
      SmallVector<ReassociationIndices>{{0}, {1, 2, 3}});
}

/// offset * sum_{k in group g} q[m, k] * xscale[m, block(k)]: the term that
/// the unsigned weight codes add to each group, [M, K / group] in f32. Built
/// with maps without divisions (tiling would take wrong slices of those).
Value groupOffsets(OpBuilder &b, Location loc, Value codes, Value scales,
                   const KernelPlan &plan) {
  auto type = cast<RankedTensorType>(codes.getType());
  int64_t m = type.getDimSize(0), k = type.getDimSize(1);
  MLIRContext *ctx = b.getContext();
  Type f32 = b.getF32Type(), i8 = b.getIntegerType(8);
  AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx),
             d2 = getAffineDimExpr(2, ctx), d3 = getAffineDimExpr(3, ctx);
  auto parallel = utils::IteratorType::parallel;
  auto reduction = utils::IteratorType::reduction;
  auto split = SmallVector<ReassociationIndices>{{0}, {1, 2, 3}};
  double offset = plan.zeroOffset();
  auto body = [&](OpBuilder &b, Location loc, ValueRange args) {
    Value q = arith::SIToFPOp::create(b, loc, f32, args[0]);
    Value c = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(offset));
    Value term = arith::MulFOp::create(
        b, loc, arith::MulFOp::create(b, loc, q, c), args[1]);
    linalg::YieldOp::create(
        b, loc, arith::AddFOp::create(b, loc, args[2], term).getResult());
  };
  auto map = [&](ArrayRef<AffineExpr> exprs) {
    return AffineMap::get(4, 0, exprs, ctx);
  };
  int64_t numBlocks = k / plan.actBlock;
  if (plan.group <= plan.actBlock) {
    // codes [M, blocks, groups per block, group] -> [M, blocks, groups per
    // block], collapsed to [M, groups].
    int64_t perBlock = plan.actBlock / plan.group;
    Value view = tensor::ExpandShapeOp::create(
        b, loc, RankedTensorType::get({m, numBlocks, perBlock, plan.group}, i8),
        codes, split);
    auto outType = RankedTensorType::get({m, numBlocks, perBlock}, f32);
    Value init = zeroFilled(b, loc, outType, codes);
    Value sums =
        linalg::GenericOp::create(
            b, loc, TypeRange{outType}, ValueRange{view, scales},
            ValueRange{init},
            SmallVector<AffineMap>{map({d0, d1, d2, d3}), map({d0, d1}),
                                   map({d0, d1, d2})},
            SmallVector<utils::IteratorType>{parallel, parallel, parallel,
                                             reduction},
            body)
            .getResult(0);
    return tensor::CollapseShapeOp::create(
        b, loc, RankedTensorType::get({m, plan.numGroups()}, f32), sums,
        SmallVector<ReassociationIndices>{{0}, {1, 2}});
  }
  // codes [M, groups, blocks per group, block], scales [M, groups, blocks
  // per group] -> [M, groups].
  int64_t perGroup = plan.group / plan.actBlock;
  Value view = tensor::ExpandShapeOp::create(
      b, loc,
      RankedTensorType::get({m, plan.numGroups(), perGroup, plan.actBlock}, i8),
      codes, split);
  Value blockScales = tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get({m, plan.numGroups(), perGroup}, f32),
      scales, SmallVector<ReassociationIndices>{{0}, {1, 2}});
  auto outType = RankedTensorType::get({m, plan.numGroups()}, f32);
  Value init = zeroFilled(b, loc, outType, codes);
  return linalg::GenericOp::create(
             b, loc, TypeRange{outType}, ValueRange{view, blockScales},
             ValueRange{init},
             SmallVector<AffineMap>{map({d0, d1, d2, d3}), map({d0, d1, d2}),
                                    map({d0, d1})},
             SmallVector<utils::IteratorType>{parallel, parallel, reduction,
                                              reduction},
             body)
      .getResult(0);
}

//===----------------------------------------------------------------------===//
// The loop nest
//===----------------------------------------------------------------------===//


void KernelEmitter::emit(Value rows, int64_t staticRows) {
  // Rows per register block: decoded weights are reused R times.
  int64_t R = staticRows == 1 ? 1 : (plan.actBlock ? 8 : 4);
  // int8 activations with several rows: two weight rows per iteration share
  // each activation load (4 rows x 2 weight rows of accumulators).
  int64_t W = plan.actBlock && R > 1 && plan.n % 2 == 0 ? 2 : 1;
  if (W == 2)
    R = 4;
  // Activation rows per pass over the weights: x stays in L2 (256 KiB).
  int64_t rowBytes = plan.actBlock ? plan.k : plan.k * 4;
  int64_t rowsPerPass = std::max<int64_t>(R, (256 * 1024) / rowBytes / R * R);

  // f32 activations: when the x rows of a block overflow L1 (32 KiB), K is
  // cut into chunks whose x stays there, each a parallel loop over the rows
  // that adds its part to y (so x is read from L1, not L2, 8 times per
  // 64 weight bytes).
  int64_t chunkSteps = plan.numSteps();
  if (!plan.actBlock) {
    int64_t stepBytes = R * plan.kPerStep() * 4;
    chunkSteps = std::max<int64_t>(1, (24 * 1024) / stepBytes);
  }
  int64_t numChunks = llvm::divideCeil(plan.numSteps(), chunkSteps);

  Value zero = indexConst(b, loc, 0);
  auto emitPass = [&](OpBuilder &b, Value m0, Value mEnd) {
    std::optional<OpBuilder::InsertionGuard> chunkGuard;
    if (numChunks > 1) {
      auto chunkLoop = scf::ForOp::create(b, loc, zero,
                                          indexConst(b, loc, numChunks),
                                          indexConst(b, loc, 1));
      chunkGuard.emplace(b);
      b.setInsertionPoint(chunkLoop.getBody()->getTerminator());
      Value chunk = chunkLoop.getInductionVar();
      stepBegin = mulIndex(b, loc, chunk, chunkSteps);
      stepEnd = arith::MinSIOp::create(
          b, loc, addIndex(b, loc, stepBegin, chunkSteps),
          indexConst(b, loc, plan.numSteps()));
      accumulate = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                         chunk, zero);
    }
    // Threads over contiguous chunks of weight rows.
    auto forall = scf::ForallOp::create(
        b, loc, ArrayRef<OpFoldResult>{b.getIndexAttr(plan.n / W)},
        ValueRange{}, std::nullopt);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(forall.getBody());
    Value first = mulIndex(b, loc, forall.getInductionVar(0), W);
    Value last = indexConst(b, loc, plan.n - 1);
    SmallVector<Value> n, nextRow;
    for (int64_t w = 0; w < W; ++w) {
      n.push_back(addIndex(b, loc, first, w));
      nextRow.push_back(arith::MinSIOp::create(
          b, loc, addIndex(b, loc, first, W + w), last));
    }
    if (R == 1) {
      scf::ForOp::create(b, loc, m0, mEnd, indexConst(b, loc, 1), ValueRange{},
                         [&](OpBuilder &nested, Location, Value m,
                             ValueRange) {
                           OpBuilder::InsertionGuard g(b);
                           b.setInsertionPoint(nested.getInsertionBlock(),
                                               nested.getInsertionPoint());
                           emitRowBlock(n, nextRow, m, 1);
                           scf::YieldOp::create(b, loc);
                         });
      return;
    }
    // Full blocks of R rows, then the remaining rows one by one.
    Value count = arith::SubIOp::create(b, loc, mEnd, m0);
    Value fullEnd = arith::AddIOp::create(
        b, loc, m0,
        mulIndex(b, loc,
                 arith::DivUIOp::create(b, loc, count, indexConst(b, loc, R)),
                 R));
    auto blockLoop =
        scf::ForOp::create(b, loc, m0, fullEnd, indexConst(b, loc, R));
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPoint(blockLoop.getBody()->getTerminator());
      emitRowBlock(n, nextRow, blockLoop.getInductionVar(), R);
    }
    auto tailLoop =
        scf::ForOp::create(b, loc, fullEnd, mEnd, indexConst(b, loc, 1));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPoint(tailLoop.getBody()->getTerminator());
    emitRowBlock(n, nextRow, tailLoop.getInductionVar(), 1);
  };

  if (staticRows != ShapedType::kDynamic && staticRows <= rowsPerPass) {
    emitPass(b, zero, rows);
    return;
  }
  auto passLoop =
      scf::ForOp::create(b, loc, zero, rows, indexConst(b, loc, rowsPerPass));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(passLoop.getBody()->getTerminator());
  Value m0 = passLoop.getInductionVar();
  Value mEnd = arith::MinSIOp::create(
      b, loc, arith::AddIOp::create(b, loc, m0, indexConst(b, loc, rowsPerPass)),
      rows);
  emitPass(b, m0, mEnd);
}

Value KernelEmitter::loadScale(Value n, Value g) {
  Value scale = memref::LoadOp::create(b, loc, scales, ValueRange{scaleRow(n), g});
  if (!scale.getType().isF32())
    scale = arith::ExtFOp::create(b, loc, b.getF32Type(), scale);
  return scale;
}

Value KernelEmitter::lookupNibbles(Value table, Value indices) {
  // Only the low 4 bits of each lane select: no mask needed.
  return compress::LookupOp::create(b, loc, table.getType(), table, indices);
}

void KernelEmitter::emitRowBlock(ArrayRef<Value> ns, ArrayRef<Value> nextRows,
                                 Value m0, int64_t R) {
  int64_t W = ns.size();
  Type f32 = b.getF32Type();
  VectorType accType = vecType(kLanes, f32);
  // Two accumulators per row (independent FMA chains) on the f32 path.
  int64_t perRow = plan.actBlock ? 1 : 2;
  Value zeroAcc = splatConst(b, loc, accType, b.getF32FloatAttr(0));
  SmallVector<Value> inits(W * R * perRow, zeroAcc);

  // int8 activations: the dot products of the steps that share one weight
  // scale and one activation scale add up in i32 before one conversion.
  int64_t runLength = plan.actBlock ? plan.int8RunLength() : 1;
  auto loop = scf::ForOp::create(
      b, loc, stepBegin ? stepBegin : indexConst(b, loc, 0),
      stepEnd ? stepEnd : indexConst(b, loc, plan.numSteps() / runLength),
      indexConst(b, loc, 1), inits,
      [&](OpBuilder &nested, Location, Value run, ValueRange iterArgs) {
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPoint(nested.getInsertionBlock(),
                            nested.getInsertionPoint());
        SmallVector<Value> acc(iterArgs);
        Value s = mulIndex(b, loc, run, runLength);
        // The next row's bytes at the same offsets: one row ahead.
        for (int64_t t = 0; t < runLength; ++t)
          prefetchStep(nextRows, addIndex(b, loc, s, t));
        if (plan.actBlock)
          emitInt8Run(ns, s, runLength, m0, R, acc);
        else if (plan.isTwoFour())
          emitTwoFourStep(ns.front(), s, m0, R, acc);
        else
          emitFloatStep(ns.front(), s, m0, R, acc);
        scf::YieldOp::create(b, loc, acc);
      });

  // y[m, n] = sum of each row's lanes (times its scale when the scale is
  // one per row and was left out of the loop).
  bool scaleAtEnd = plan.scaleAtEnd();
  for (auto [w, n] : llvm::enumerate(ns)) {
    Value rowScale;
    if (scaleAtEnd)
      rowScale = loadScale(n, indexConst(b, loc, 0));
    for (int64_t r = 0; r < R; ++r) {
      int64_t first = (w * R + r) * perRow;
      Value sum = loop.getResult(first);
      for (int64_t a = 1; a < perRow; ++a)
        sum = arith::AddFOp::create(b, loc, sum, loop.getResult(first + a));
      Value total = vector::ReductionOp::create(
          b, loc, vector::CombiningKind::ADD, sum, Value(),
          arith::FastMathFlags::reassoc | arith::FastMathFlags::contract);
      Value m = addIndex(b, loc, m0, r);
      if (scaleAtEnd)
        total = arith::MulFOp::create(b, loc, total, rowScale);
      if (plan.actBlock)
        total =
            arith::SubFOp::create(b, loc, total, zeroPointCorrection(n, m));
      if (plan.outliers)
        total = addOutliers(total, n, m);
      if (accumulate) {
        Value earlier = memref::LoadOp::create(b, loc, y, ValueRange{m, n});
        total = arith::SelectOp::create(
            b, loc, accumulate, arith::AddFOp::create(b, loc, earlier, total),
            total);
      }
      memref::StoreOp::create(b, loc, total, y, ValueRange{m, n});
    }
  }
}

Value KernelEmitter::loadScales(Value n, Value g, int64_t width) {
  Type element = cast<MemRefType>(scales.getType()).getElementType();
  Value values = vector::LoadOp::create(b, loc, vecType(width, element),
                                        scales, ValueRange{scaleRow(n), g});
  if (!element.isF32())
    values = arith::ExtFOp::create(b, loc, vecType(width, b.getF32Type()),
                                   values);
  return values;
}

Value KernelEmitter::zeroPointCorrection(Value n, Value m) {
  // 16 groups at a time when they divide, else one by one.
  int64_t width = plan.numGroups() % kLanes == 0 ? kLanes : 1;
  Value init = width == 1 ? arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0))
                                .getResult()
                          : splatConst(b, loc, vecType(width, b.getF32Type()),
                                       b.getF32FloatAttr(0));
  auto dot = scf::ForOp::create(
      b, loc, indexConst(b, loc, 0), indexConst(b, loc, plan.numGroups()),
      indexConst(b, loc, width), ValueRange{init},
      [&](OpBuilder &nested, Location, Value g, ValueRange args) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nested.getInsertionBlock(),
                            nested.getInsertionPoint());
        Value next;
        if (width == 1) {
          Value offset =
              memref::LoadOp::create(b, loc, offsets, ValueRange{m, g});
          next = math::FmaOp::create(b, loc, loadScale(n, g), offset, args[0]);
        } else {
          Value offset = vector::LoadOp::create(
              b, loc, vecType(width, b.getF32Type()), offsets,
              ValueRange{m, g});
          next = vector::FMAOp::create(b, loc, loadScales(n, g, width), offset,
                                       args[0]);
        }
        scf::YieldOp::create(b, loc, next);
      });
  if (width == 1)
    return dot.getResult(0);
  return vector::ReductionOp::create(
      b, loc, vector::CombiningKind::ADD, dot.getResult(0), Value(),
      arith::FastMathFlags::reassoc | arith::FastMathFlags::contract);
}

Value KernelEmitter::laneScales(Value n, Value s) {
  // Lane i of a step covers kPerStep / 16 consecutive values of K.
  VectorType f32x16 = vecType(kLanes, b.getF32Type());
  int64_t kStep = plan.keptPerStep();
  if (plan.group % kStep == 0) {
    Value g = arith::DivUIOp::create(
        b, loc, s, indexConst(b, loc, plan.group / kStep));
    return vector::BroadcastOp::create(b, loc, f32x16, loadScale(n, g));
  }
  int64_t groupsPerStep = kStep / plan.group;
  Value few = loadScales(n, mulIndex(b, loc, s, groupsPerStep), groupsPerStep);
  SmallVector<int64_t> mask;
  for (int64_t lane = 0; lane < kLanes; ++lane)
    mask.push_back(lane * groupsPerStep / kLanes);
  return vector::ShuffleOp::create(b, loc, few, few, mask);
}

void KernelEmitter::emitFloatStep(Value n, Value s, Value m0, int64_t R,
                                  MutableArrayRef<Value> acc) {
  Type f32 = b.getF32Type(), i32 = b.getI32Type(), i8 = b.getIntegerType(8);
  VectorType f32x16 = vecType(kLanes, f32), i32x16 = vecType(kLanes, i32);
  // 64 bytes as 16 words: lane i holds the codes of K values
  // [w * i, w * (i + 1)) of the step, w = values per word; value j of every
  // lane forms the j-th decoded vector (shifts only, no byte shuffles).
  Value bytes = vector::LoadOp::create(
      b, loc, vecType(kStepBytes, i8), codes,
      ValueRange{n, mulIndex(b, loc, s, kStepBytes)});
  Value words = vector::BitCastOp::create(b, loc, i32x16, bytes);
  auto splatI32 = [&](int64_t value) {
    return splatConst(b, loc, i32x16, b.getI32IntegerAttr(value));
  };
  // With one scale per step (groups of whole steps), the table lookup
  // decodes straight to scale * code and the products go into the row's
  // accumulators; otherwise they are summed per step, then scaled per lane.
  // A codebook (LUT) is the whole decode: its table is the step's values.
  bool isLut = plan.format == KernelPlan::Format::Lut;
  bool lookup = plan.bits == 4 && target.avx512;
  bool perRowScale = plan.oneGroupPerRow();
  bool scaleInTable = lookup && !perRowScale &&
                      plan.group % plan.kPerStep() == 0;
  bool direct = isLut || perRowScale || scaleInTable;
  Value table;
  if (lookup)
    table = codeTable(n, s, scaleInTable);
  Value zero = splatConst(b, loc, f32x16, b.getF32FloatAttr(0));
  SmallVector<Value> partial(2 * R, zero);
  if (direct)
    partial.assign(acc.begin(), acc.end());
  int64_t parts = plan.valuesPerWord();
  Value kBase = mulIndex(b, loc, s, plan.kPerStep());
  for (int64_t j = 0; j < parts; ++j) {
    int64_t shift = j * plan.bits;
    Value values;
    if (lookup) {
      // The table lookup reads the low 4 bits: no mask.
      Value indices = shift ? arith::ShRUIOp::create(b, loc, words,
                                                     splatI32(shift))
                                  .getResult()
                            : words;
      values = lookupNibbles(table, indices);
    } else {
      // Sign-extend field j: shift it to the top, then arithmetic right.
      int64_t top = 32 - plan.bits;
      Value field = words;
      if (top - shift)
        field = arith::ShLIOp::create(b, loc, field, splatI32(top - shift));
      field = arith::ShRSIOp::create(b, loc, field, splatI32(top));
      values = arith::SIToFPOp::create(b, loc, f32x16, field);
    }
    Value xOffset = addIndex(b, loc, kBase, j * kLanes);
    for (int64_t r = 0; r < R; ++r) {
      Value xv = vector::LoadOp::create(
          b, loc, f32x16, x, ValueRange{addIndex(b, loc, m0, r), xOffset});
      Value &p = partial[2 * r + j % 2];
      p = vector::FMAOp::create(b, loc, values, xv, p);
    }
  }
  if (direct) {
    llvm::copy(partial, acc.begin());
    return;
  }
  Value scale = laneScales(n, s);
  for (int64_t r = 0; r < R; ++r) {
    Value sum = arith::AddFOp::create(b, loc, partial[2 * r], partial[2 * r + 1]);
    acc[2 * r] = vector::FMAOp::create(b, loc, sum, scale, acc[2 * r]);
  }
}

Value KernelEmitter::codeTable(Value n, Value s, bool scaleInTable) {
  VectorType f32x16 = vecType(kLanes, b.getF32Type());
  if (plan.format == KernelPlan::Format::Lut) {
    // Codebooks of whole steps: row (n or 0) * groups + the step's group.
    Value g = arith::DivUIOp::create(
        b, loc, s, indexConst(b, loc, plan.group / plan.kPerStep()));
    Value book = g;
    if (plan.scalePerRow)
      book = arith::AddIOp::create(b, loc, mulIndex(b, loc, n, plan.numGroups()),
                                   g);
    Type element = cast<MemRefType>(codebook.getType()).getElementType();
    Value values = vector::LoadOp::create(b, loc, vecType(kLanes, element),
                                          codebook,
                                          ValueRange{book, indexConst(b, loc, 0)});
    if (!element.isF32())
      values = arith::ExtFOp::create(b, loc, f32x16, values);
    return values;
  }
  // Signed codes: the low 4 bits v stand for v - 16 when v >= 8.
  SmallVector<float> values;
  for (int v = 0; v < 16; ++v)
    values.push_back(v < 8 ? v : v - 16);
  Value table = arith::ConstantOp::create(
      b, loc, f32x16, DenseElementsAttr::get(f32x16, ArrayRef<float>(values)));
  if (scaleInTable)
    table = arith::MulFOp::create(b, loc, table, laneScales(n, s));
  return table;
}

void KernelEmitter::prefetchStep(ArrayRef<Value> nextRows, Value s) {
  // (buffer, elements per step, element bytes) of each weight stream.
  SmallVector<std::tuple<Value, int64_t, int64_t>, 2> streams;
  if (plan.isTwoFour() && !plan.bits) {
    int64_t bytes = plan.keptType.getIntOrFloatBitWidth() / 8;
    streams.emplace_back(codes, plan.keptPerStep(), bytes);
  } else {
    streams.emplace_back(codes, kStepBytes, 1);
  }
  if (plan.isTwoFour())
    streams.emplace_back(positions, plan.kPerStep() / 8, 1);
  for (Value nextRow : nextRows)
    for (auto [buffer, perStep, bytes] : streams) {
      Value first = mulIndex(b, loc, s, perStep);
      for (int64_t line = 0; line < perStep * bytes; line += 64) {
        Value offset = addIndex(b, loc, first, line / bytes);
        memref::PrefetchOp::create(b, loc, buffer, ValueRange{nextRow, offset},
                                   /*isWrite=*/false, /*localityHint=*/0,
                                   /*isDataCache=*/true);
      }
    }
}

void KernelEmitter::emitInt8Run(ArrayRef<Value> ns, Value s, int64_t runLength,
                                Value m0, int64_t R,
                                MutableArrayRef<Value> acc) {
  Type f32 = b.getF32Type(), i32 = b.getI32Type(), i8 = b.getIntegerType(8);
  VectorType f32x16 = vecType(kLanes, f32), i32x16 = vecType(kLanes, i32);
  VectorType i8x64 = vecType(kStepBytes, i8);
  int64_t kStep = plan.kPerStep();
  int64_t W = ns.size();
  // dots[w * R + r]: weight row w times activation row r, in i32.
  SmallVector<Value> dots(W * R,
                          splatConst(b, loc, i32x16, b.getI32IntegerAttr(0)));
  for (int64_t t = 0; t < runLength; ++t) {
    Value step = addIndex(b, loc, s, t);
    Value byteOffset = mulIndex(b, loc, step, kStepBytes);
    // parts[w]: 64 unsigned values each, in xq order.
    SmallVector<SmallVector<Value, 2>> parts;
    for (Value n : ns) {
      Value bytes = vector::LoadOp::create(b, loc, i8x64, codes,
                                           ValueRange{n, byteOffset});
      // Unsigned codes: code + 8 (+ 128) is code XOR 0x88 (0x80) per byte.
      int8_t flip = plan.bits == 4 ? int8_t(0x88) : int8_t(0x80);
      Value unsignedBytes = arith::XOrIOp::create(
          b, loc, bytes,
          splatConst(b, loc, i8x64, b.getIntegerAttr(i8, flip)));
      SmallVector<Value, 2> rowParts;
      if (plan.bits == 4) {
        rowParts.push_back(arith::AndIOp::create(
            b, loc, unsignedBytes,
            splatConst(b, loc, i8x64, b.getIntegerAttr(i8, 15))));
        rowParts.push_back(arith::ShRUIOp::create(
            b, loc, unsignedBytes,
            splatConst(b, loc, i8x64, b.getIntegerAttr(i8, 4))));
      } else {
        rowParts.push_back(unsignedBytes);
      }
      parts.push_back(rowParts);
    }
    Value kBase = mulIndex(b, loc, step, kStep);
    for (int64_t r = 0; r < R; ++r) {
      Value m = addIndex(b, loc, m0, r);
      for (size_t p = 0; p < parts.front().size(); ++p) {
        Value xv = vector::LoadOp::create(
            b, loc, i8x64, xq, ValueRange{m, addIndex(b, loc, kBase, p * 64)});
        for (int64_t w = 0; w < W; ++w) {
          Value &dot = dots[w * R + r];
          dot = compress::DotU8I8Op::create(b, loc, dot.getType(), dot,
                                            parts[w][p], xv);
        }
      }
    }
  }

  // Per-lane weight scale (lane i sums the bytes 4i..4i+3 of each part)
  // times the activation scale of the block.
  Value block = arith::DivUIOp::create(
      b, loc, mulIndex(b, loc, s, kStep), indexConst(b, loc, plan.actBlock));
  SmallVector<Value> activationScales;
  for (int64_t r = 0; r < R; ++r) {
    Value m = addIndex(b, loc, m0, r);
    Value xs = memref::LoadOp::create(b, loc, xscale, ValueRange{m, block});
    activationScales.push_back(
        vector::BroadcastOp::create(b, loc, f32x16, xs));
  }
  for (auto [w, n] : llvm::enumerate(ns)) {
    Value weightScale = laneScales(n, s);
    for (int64_t r = 0; r < R; ++r) {
      Value scale =
          arith::MulFOp::create(b, loc, weightScale, activationScales[r]);
      Value value = arith::SIToFPOp::create(b, loc, f32x16, dots[w * R + r]);
      Value &a = acc[w * R + r];
      a = vector::FMAOp::create(b, loc, value, scale, a);
    }
  }
}

//===----------------------------------------------------------------------===//
// The pattern
//===----------------------------------------------------------------------===//

struct MatmulKernelLowering : OpConversionPattern<compress::MatmulOp> {
  MatmulKernelLowering(const TypeConverter &converter, MLIRContext *ctx,
                       CpuKernelTarget target)
      : OpConversionPattern(converter, ctx, /*benefit=*/2), target(target) {}

  LogicalResult
  matchAndRewrite(compress::MatmulOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<KernelPlan> plan = planKernel(op, target);
    if (failed(plan))
      return rewriter.notifyMatchFailure(op, "not a shape the kernels cover");
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value lhs = adaptor.getLhs().front();
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    if (lhsType.isDynamicDim(lhsType.getRank() - 1)) {
      SmallVector<int64_t> shape(lhsType.getShape());
      shape.back() = plan->k;
      lhs = tensor::CastOp::create(rewriter, loc, lhsType.clone(shape), lhs);
    }
    Value x = flattenRows(rewriter, loc,
                          convertElements(rewriter, loc, lhs,
                                          rewriter.getF32Type()));
    auto xType = cast<RankedTensorType>(x.getType());

    KernelEmitter emitter(rewriter, loc, *plan, target);
    ValueRange storage = adaptor.getRhs();
    encoding::Layout layout = encoding::getLayout(
        cast<CompressedTensorType>(op.getRhs().getType()));
    auto storageOf = [&](StringRef prefix, StringRef role) {
      for (auto [spec, value] : llvm::zip(layout.storage, storage))
        if (spec.role == (prefix + role).str())
          return value;
      llvm_unreachable("the plan names a role the layout has");
    };
    // The body's roles; with outliers it is the sum's first term and the
    // outliers its second.
    auto field = [&](StringRef role) {
      return storageOf(plan->outliers ? "term0." : "", role);
    };
    Value scales;
    switch (plan->format) {
    case KernelPlan::Format::Uniform:
      emitter.codes = asBuffer(rewriter, loc, field("codes"));
      scales = field("scales");
      break;
    case KernelPlan::Format::Lut: {
      emitter.codes = asBuffer(rewriter, loc, field("indices"));
      // [books..., 16, 1] as [books, 16].
      Value books = field("codebook");
      auto booksType = cast<RankedTensorType>(books.getType());
      int64_t rank = booksType.getRank();
      ReassociationIndices leading =
          llvm::to_vector(llvm::seq<int64_t>(0, rank - 2));
      auto flatType = RankedTensorType::get(
          {booksType.getNumElements() / kLanes, kLanes},
          booksType.getElementType());
      books = tensor::CollapseShapeOp::create(
          rewriter, loc, flatType, books,
          SmallVector<ReassociationIndices>{leading, {rank - 2, rank - 1}});
      emitter.codebook = asBuffer(rewriter, loc, books);
      break;
    }
    case KernelPlan::Format::TwoFour:
      emitter.positions = asBuffer(rewriter, loc, field("positions"));
      if (!plan->bits) {
        emitter.codes = asBuffer(rewriter, loc, field("values"));
        break;
      }
      emitter.codes = asBuffer(rewriter, loc, field("values.codes"));
      scales = field("values.scales");
      break;
    }
    if (plan->outliers) {
      auto outlierField = [&](StringRef role) {
        return asBuffer(rewriter, loc, storageOf("term1.", role));
      };
      emitter.outlierValues = outlierField("values");
      emitter.rowPtr = outlierField("row_ptr");
      emitter.columns = outlierField("col_indices");
      emitter.xOriginal = asBuffer(rewriter, loc, x);
    }
    // The scales as [N or 1, groups].
    if (scales && cast<RankedTensorType>(scales.getType()).getRank() != 2)
      return rewriter.notifyMatchFailure(op, "scales are not a matrix");
    if (plan->actBlock) {
      auto [codes, xscale] =
          quantizeActivations(rewriter, loc, x, plan->actBlock);
      Value offsets = groupOffsets(rewriter, loc, codes, xscale, *plan);
      if (plan->bits == 4)
        codes = transposeRuns(rewriter, loc, codes, kStepBytes, 2);
      emitter.xq = asBuffer(rewriter, loc, codes);
      emitter.xscale = asBuffer(rewriter, loc, xscale);
      emitter.offsets = asBuffer(rewriter, loc, offsets);
    } else {
      x = transposeRuns(rewriter, loc, x, kLanes, plan->xParts());
      emitter.x = asBuffer(rewriter, loc, x);
    }
    if (scales)
      emitter.scales = asBuffer(rewriter, loc, scales);

    // The result buffer, 64-byte aligned, written once per element.
    Value rows = tensor::DimOp::create(rewriter, loc, x, 0);
    auto yType = MemRefType::get({xType.getDimSize(0), plan->n},
                                 rewriter.getF32Type());
    SmallVector<Value> dynamicSizes;
    if (xType.isDynamicDim(0))
      dynamicSizes.push_back(rows);
    emitter.y = memref::AllocOp::create(rewriter, loc, yType, dynamicSizes,
                                        rewriter.getI64IntegerAttr(64));
    emitter.emit(rows, xType.getDimSize(0));

    Value result = bufferization::ToTensorOp::create(
        rewriter, loc, RankedTensorType::get(yType.getShape(),
                                             rewriter.getF32Type()),
        emitter.y, /*restrict=*/true, /*writable=*/true);
    result = unflattenRows(rewriter, loc, result,
                           resultType.clone(rewriter.getF32Type()), lhs);
    result = convertElements(rewriter, loc, result,
                             resultType.getElementType());
    rewriter.replaceOp(op, result);
    return success();
  }

  CpuKernelTarget target;
};

} // namespace mlir::compress::cpu_kernels


void mlir::compress::populateCpuMatmulKernelPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    CpuKernelTarget target) {
  patterns.add<cpu_kernels::MatmulKernelLowering>(converter, patterns.getContext(), target);
}
