//===- GpuEmulate.cpp - gpu.launch kernels as host loops ------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Runs the kernels of compress-gpu-map-linalg on the host, so that their
// indexing, chunking, reductions and tensor-core fragments are checked
// against the reference on machines without a GPU (compress-run
// --device=cuda-emulated, docs/gpu.md).
//
// Each gpu.launch becomes loops over its blocks and its warps (threads in z
// and y); the 32 lanes of a warp (threads in x) run in lockstep, as on the
// GPU. Within a warp, each run of ops that only touch their own lane
// becomes one loop over the lanes. The ops where lanes meet run between
// those loops, on every lane's value at once:
// * gpu.subgroup_reduce combines the 32 values, and every lane gets the
//   result;
// * nvgpu.mma.sync (m16n8k16, f16 x f16 + f32; m16n8k32, s8 x s8 + s32)
//   and mma.sp.sync (m16n8k32, f16 2:4) rebuild the A, B and C
//   matrices out of the 32 lanes' fragments, multiply them (in f32, or
//   in i32 for s8), and hand each lane its part of D. The fragment
//   layout comes from upstream's nvgpu::getLaneIdAndValueIdToOperandCoord,
//   not from the kernels' own table, so the emulation checks the kernels'
//   layout;
// * scf.for and scf.if around them, whose bounds and conditions must be
//   the same in every lane, run once per warp.
// nvvm.dot.accumulate.4way (dp4a), a lane's own op, first becomes host
// arithmetic. A value a lane computes in one lane loop and uses in a later one
// lives in a 32-element buffer (a spill), as do loop-carried values of
// warp-level loops.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/Passes.h"

#include "passes/Conversion/GpuKernelUtils.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Utils/GPUUtils.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/Utils/MMAUtils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSGPUEMULATEPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// Whether lanes meet in `op`: it is, or holds, a subgroup reduction or an
/// mma.sync.
bool isCollective(Operation *op) {
  return op
      ->walk([](Operation *inner) {
        return isa<gpu::SubgroupReduceOp, nvgpu::MmaSyncOp,
                   nvgpu::MmaSparseSyncOp>(inner)
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      })
      .wasInterrupted();
}

/// m16n8k16 with f16 inputs and f32 accumulators, or m16n8k32 with i8
/// inputs and i32 accumulators.
bool isEmulatedMmaSync(nvgpu::MmaSyncOp mma) {
  std::array<int64_t, 3> shape = mma.getMmaShapeAsArray();
  Type input = mma.getMatrixA().getType().getElementType();
  Type accumulator = mma.getMatrixC().getType().getElementType();
  if (shape[0] != 16 || shape[1] != 8)
    return false;
  return (shape[2] == 16 && input.isF16() && accumulator.isF32()) ||
         (shape[2] == 32 && input.isInteger(8) && accumulator.isInteger(32));
}

bool isF16MmaSparseSync(nvgpu::MmaSparseSyncOp mma) {
  std::array<int64_t, 3> shape = mma.getMmaShapeAsArray();
  return shape[0] == 16 && shape[1] == 8 && shape[2] == 32 &&
         mma.getSparsitySelector() == 0 &&
         mma.getMatrixA().getType().getElementType().isF16() &&
         mma.getMatrixC().getType().getElementType().isF32();
}

/// Checks that `launch` can run as host loops: synchronous, one block, no
/// dynamic shared memory; lanes meet only through subgroup reductions over
/// whole warps and the mma.sync forms the kernels use, in blocks of 32
/// lanes in x.
LogicalResult checkEmulable(gpu::LaunchOp launch) {
  if (launch.getAsyncToken() || launch.getDynamicSharedMemorySize() ||
      !launch.getBody().hasOneBlock())
    return launch.emitError(
        "compress-gpu-emulate: only synchronous single-block launches "
        "without dynamic shared memory run on the host");
  APInt lanes;
  bool warpBlocks =
      matchPattern(launch.getBlockSizeX(), m_ConstantInt(&lanes)) &&
      lanes == kWarpSize;
  WalkResult walk = launch.getBody().walk([&](Operation *op) {
    if (auto reduce = dyn_cast<gpu::SubgroupReduceOp>(op)) {
      if (warpBlocks && !reduce.getClusterSize())
        return WalkResult::advance();
      reduce.emitError("compress-gpu-emulate: a gpu.subgroup_reduce runs on "
                       "the host only over whole warps, in blocks of 32 "
                       "lanes in x");
      return WalkResult::interrupt();
    }
    if (auto mma = dyn_cast<nvgpu::MmaSparseSyncOp>(op)) {
      if (warpBlocks && isF16MmaSparseSync(mma))
        return WalkResult::advance();
      mma.emitError("compress-gpu-emulate: an nvgpu.mma.sp.sync runs on the "
                    "host only as m16n8k32 with f16 inputs, f32 "
                    "accumulators and sparsity selector 0, in blocks of 32 "
                    "lanes in x");
      return WalkResult::interrupt();
    }
    if (auto mma = dyn_cast<nvgpu::MmaSyncOp>(op)) {
      if (warpBlocks && isEmulatedMmaSync(mma))
        return WalkResult::advance();
      mma.emitError("compress-gpu-emulate: an nvgpu.mma.sync runs on the "
                    "host only as m16n8k16 with f16 inputs and f32 "
                    "accumulators or m16n8k32 with i8 inputs and i32 "
                    "accumulators, in blocks of 32 lanes in x");
      return WalkResult::interrupt();
    }
    bool foreign = op->getDialect() == launch->getDialect() ||
                   isa<nvgpu::NVGPUDialect>(op->getDialect());
    if (!foreign || (isa<gpu::TerminatorOp>(op) && op->getParentOp() == launch))
      return WalkResult::advance();
    op->emitError() << "compress-gpu-emulate: '" << op->getName()
                    << "' has no host emulation";
    return WalkResult::interrupt();
  });
  return failure(walk.wasInterrupted());
}

/// A loop from 0 to `size`; the builder moves into it.
Value loopTo(OpBuilder &b, Location loc, Value size) {
  auto loop = scf::ForOp::create(b, loc, indexConstant(b, loc, 0), size,
                                 indexConstant(b, loc, 1));
  b.setInsertionPointToStart(loop.getBody());
  return loop.getInductionVar();
}

/// Emulates the body of one launch for one warp at a time.
class WarpEmulator {
public:
  WarpEmulator(gpu::LaunchOp launch, IRMapping &uniform, OpBuilder &allocas)
      : lane(launch.getThreadIds().x), uniform(uniform), allocas(allocas) {}

  /// Emits the ops of `source` (but its terminator) at `b`, which is
  /// outside any lane loop.
  LogicalResult emitBlock(Block &source, OpBuilder &b);

private:
  /// A value computed per lane: in lane loop `loop` as `clone`, and in
  /// `spill` (a memref<32xT>, one element per lane) once a later lane loop
  /// or a collective op needs it.
  struct LaneValue {
    scf::ForOp loop;
    Value clone;
    Value spill;
  };

  /// The lane loop being filled at a warp-level point, with the values it
  /// has loaded from spills.
  struct LaneLoop {
    scf::ForOp loop;
    IRMapping mapping;
  };

  bool isUniform(Value value) const {
    return value != lane && !perLane.count(value);
  }
  Value getUniform(Value value) const { return uniform.lookupOrDefault(value); }

  /// The buffer of `value`'s per-lane values, stored after its definition
  /// when first asked for.
  Value getSpill(Value value);
  Value createSpill(Type type, Location loc) {
    return memref::AllocaOp::create(allocas, loc,
                                    MemRefType::get({kWarpSize}, type));
  }
  /// `value` in lane `laneIndex`, read at `b`; `local` maps the values of
  /// the lane loop `b` is in.
  Value getInLane(Value value, OpBuilder &b, Value laneIndex,
                  IRMapping *local = nullptr);

  /// A loop over the lanes at `b`; the builder moves into it.
  Value laneLoop(OpBuilder &b, Location loc) {
    return loopTo(b, loc, indexConstant(b, loc, kWarpSize));
  }

  LogicalResult emitLaneOp(Operation &op, LaneLoop &current, OpBuilder &b);
  LogicalResult emitCollective(Operation &op, OpBuilder &b);
  void emitSubgroupReduce(gpu::SubgroupReduceOp reduce, OpBuilder &b);
  /// mma.sync (no metadata) or mma.sp.sync (metadata): every lane's
  /// fragments into matrices, then each lane's part of D.
  void emitMma(Operation *mma, Value matrixA, Value matrixB, Value matrixC,
               Value metadata, OpBuilder &b);
  LogicalResult emitFor(scf::ForOp loop, OpBuilder &b);
  LogicalResult emitIf(scf::IfOp ifOp, OpBuilder &b);
  SmallVector<Value> createSpills(TypeRange types, Location loc);
  /// Records that `values` live in `spills`.
  void setSpills(ValueRange values, ArrayRef<Value> spills);
  /// Emits `source` into `target` (before its terminator), then stores the
  /// values `source` yields into `spills`.
  LogicalResult emitYielding(Block &source, Block &target,
                             ArrayRef<Value> spills);
  /// Stores, for every lane, `values` into `spills`.
  void storeAll(OpBuilder &b, Location loc, ValueRange values,
                ArrayRef<Value> spills);

  Value lane;
  IRMapping &uniform;
  OpBuilder &allocas;
  DenseMap<Value, LaneValue> perLane;
};

Value WarpEmulator::getSpill(Value value) {
  LaneValue &info = perLane[value];
  if (info.spill)
    return info.spill;
  info.spill = createSpill(value.getType(), value.getLoc());
  OpBuilder after(info.clone.getContext());
  after.setInsertionPointAfterValue(info.clone);
  memref::StoreOp::create(after, value.getLoc(), info.clone, info.spill,
                          info.loop.getInductionVar());
  return info.spill;
}

Value WarpEmulator::getInLane(Value value, OpBuilder &b, Value laneIndex,
                              IRMapping *local) {
  if (value == lane)
    return laneIndex;
  if (isUniform(value))
    return getUniform(value);
  if (local)
    if (Value known = local->lookupOrNull(value))
      return known;
  Value loaded =
      memref::LoadOp::create(b, value.getLoc(), getSpill(value), laneIndex);
  if (local)
    local->map(value, loaded);
  return loaded;
}

LogicalResult WarpEmulator::emitBlock(Block &source, OpBuilder &b) {
  LaneLoop current;
  for (Operation &op : source.without_terminator()) {
    bool pure =
        op.getNumRegions() == 0 && isMemoryEffectFree(&op) &&
        llvm::all_of(op.getOperands(), [&](Value v) { return isUniform(v); });
    if (pure) {
      // Same in every lane: once per warp, before the open lane loop.
      OpBuilder at = current.loop ? OpBuilder(current.loop) : b;
      at.clone(op, uniform);
      continue;
    }
    if (isCollective(&op)) {
      current = LaneLoop();
      if (failed(emitCollective(op, b)))
        return failure();
      continue;
    }
    if (failed(emitLaneOp(op, current, b)))
      return failure();
  }
  return success();
}

LogicalResult WarpEmulator::emitLaneOp(Operation &op, LaneLoop &current,
                                       OpBuilder &b) {
  if (!current.loop) {
    OpBuilder inside = b;
    laneLoop(inside, op.getLoc());
    current.loop = cast<scf::ForOp>(inside.getBlock()->getParentOp());
    current.mapping = IRMapping();
  }
  OpBuilder inside = OpBuilder::atBlockTerminator(current.loop.getBody());
  Value laneIndex = current.loop.getInductionVar();
  for (Value value : getUsedValues(&op))
    if (!isUniform(value) || uniform.contains(value))
      current.mapping.map(
          value, getInLane(value, inside, laneIndex, &current.mapping));
  Operation *clone = inside.clone(op, current.mapping);
  for (auto [result, cloned] :
       llvm::zip_equal(op.getResults(), clone->getResults()))
    perLane[result] = LaneValue{current.loop, cloned, nullptr};
  return success();
}

LogicalResult WarpEmulator::emitCollective(Operation &op, OpBuilder &b) {
  if (auto reduce = dyn_cast<gpu::SubgroupReduceOp>(op)) {
    emitSubgroupReduce(reduce, b);
    return success();
  }
  if (auto mma = dyn_cast<nvgpu::MmaSyncOp>(op)) {
    emitMma(mma, mma.getMatrixA(), mma.getMatrixB(), mma.getMatrixC(), nullptr,
            b);
    return success();
  }
  if (auto mma = dyn_cast<nvgpu::MmaSparseSyncOp>(op)) {
    emitMma(mma, mma.getMatrixA(), mma.getMatrixB(), mma.getMatrixC(),
            mma.getSparseMetadata(), b);
    return success();
  }
  if (auto loop = dyn_cast<scf::ForOp>(op))
    return emitFor(loop, b);
  if (auto ifOp = dyn_cast<scf::IfOp>(op))
    return emitIf(ifOp, b);
  return op.emitError() << "compress-gpu-emulate: '" << op.getName()
                        << "' holds ops where lanes meet; only scf.for and "
                           "scf.if may";
}

void WarpEmulator::storeAll(OpBuilder &b, Location loc, ValueRange values,
                            ArrayRef<Value> spills) {
  if (values.empty())
    return;
  OpBuilder inside = b;
  Value laneIndex = laneLoop(inside, loc);
  IRMapping local;
  // Every value is read before any is stored: a loop may yield its
  // iter_args in another order.
  SmallVector<Value> read;
  for (Value value : values)
    read.push_back(getInLane(value, inside, laneIndex, &local));
  for (auto [value, spill] : llvm::zip_equal(read, spills))
    memref::StoreOp::create(inside, loc, value, spill, laneIndex);
}

void WarpEmulator::emitSubgroupReduce(gpu::SubgroupReduceOp reduce,
                                      OpBuilder &b) {
  // Lane 0's value combined with lanes 1 to 31's, in order; every lane
  // gets the result.
  Location loc = reduce.getLoc();
  Value value = reduce.getValue();
  Value first = getInLane(value, b, indexConstant(b, loc, 0));
  auto loop = scf::ForOp::create(b, loc, indexConstant(b, loc, 1),
                                 indexConstant(b, loc, kWarpSize),
                                 indexConstant(b, loc, 1), first);
  OpBuilder inside = OpBuilder::atBlockBegin(loop.getBody());
  Value next = getInLane(value, inside, loop.getInductionVar());
  Value combined = vector::makeArithReduction(
      inside, loc, gpu::convertReductionKind(reduce.getOp()),
      loop.getRegionIterArgs()[0], next);
  scf::YieldOp::create(inside, loc, combined);
  uniform.map(reduce.getResult(), loop.getResult(0));
}

void WarpEmulator::emitMma(Operation *mma, Value matrixA, Value matrixB,
                           Value matrixC, Value metadata, OpBuilder &b) {
  Location loc = mma->getLoc();
  MLIRContext *context = mma->getContext();
  // The inputs' and the accumulators' element types: f16 and f32, or i8
  // and i32, whose matrices hold i32 (sums of integer products are exact).
  Type input = cast<VectorType>(matrixA.getType()).getElementType();
  Type accumulatorType = cast<VectorType>(matrixC.getType()).getElementType();
  bool integer = isa<IntegerType>(input);
  // K: 16 for mma.sync m16n8k16, 32 for the s8 m16n8k32 and for
  // mma.sp.sync m16n8k32, whose A fragments hold the 16 kept values of
  // each row.
  int64_t depth = metadata || integer ? 32 : 16;
  int64_t aColumns = metadata ? 16 : depth;
  // The warp's operands: A (16 x 16, rows x k, or kept values), B (8 x K,
  // n x k, as upstream describes the "col" operand), C and D (16 x 8).
  struct Operand {
    Value fragment;
    nvgpu::WarpMatrixInfo info;
    Value matrix;
    AffineMap layout; // (lane, value id) -> (row, column).
  };
  auto operandOf = [&](Value fragment, VectorType type,
                       nvgpu::MatMulOperandRole role) {
    nvgpu::WarpMatrixInfo info{type, role};
    return Operand{fragment, info, nullptr,
                   *nvgpu::getLaneIdAndValueIdToOperandCoord(b, loc, info)};
  };
  SmallVector<Operand> operands = {
      operandOf(matrixA, VectorType::get({16, aColumns}, input),
                nvgpu::MatMulOperandRole::A),
      operandOf(matrixB, VectorType::get({8, depth}, input),
                nvgpu::MatMulOperandRole::B),
      operandOf(matrixC, VectorType::get({16, 8}, accumulatorType),
                nvgpu::MatMulOperandRole::C),
  };
  auto coordinates = [&](OpBuilder &at, const Operand &operand, Value laneIndex,
                         int64_t valueId) {
    return affine::expandAffineMap(
               at, loc, operand.layout,
               ValueRange{laneIndex, indexConstant(at, loc, valueId)})
        .value();
  };
  auto elementOf = [&](OpBuilder &at, Value fragment, int64_t valueId) {
    auto type = cast<VectorType>(fragment.getType());
    int64_t columns = type.getDimSize(1);
    return vector::ExtractOp::create(
        at, loc, fragment,
        ArrayRef<int64_t>{valueId / columns, valueId % columns});
  };
  auto constant = [&](OpBuilder &at, int64_t value) {
    return indexConstant(at, loc, value);
  };
  // Each lane's fragments into the three matrices, in the accumulators'
  // type.
  Value metadataMatrix;
  {
    OpBuilder inside = b;
    for (Operand &operand : operands)
      operand.matrix = memref::AllocaOp::create(
          allocas, loc,
          MemRefType::get(operand.info.vectorType.getShape(), accumulatorType));
    Value laneIndex = laneLoop(inside, loc);
    IRMapping local;
    for (Operand &operand : operands) {
      Value fragment = getInLane(operand.fragment, inside, laneIndex, &local);
      int64_t values = cast<VectorType>(fragment.getType()).getNumElements();
      for (int64_t valueId = 0; valueId < values; ++valueId) {
        Value element = elementOf(inside, fragment, valueId);
        if (element.getType() != accumulatorType)
          element = integer ? Value(arith::ExtSIOp::create(
                                  inside, loc, accumulatorType, element))
                            : arith::ExtFOp::create(inside, loc,
                                                    accumulatorType, element);
        memref::StoreOp::create(
            inside, loc, element, operand.matrix,
            coordinates(inside, operand, laneIndex, valueId));
      }
    }
    if (metadata) {
      // Sparsity selector 0: lanes 4i and 4i + 1 give the 2-bit positions of
      // kept values 8 * (lane % 4) .. + 7 of rows i ([0]) and i + 8 ([1]),
      // as upstream's sparse-mma-2-4-f16 integration test lays them out.
      Type i16 = IntegerType::get(context, 16);
      metadataMatrix =
          memref::AllocaOp::create(allocas, loc, MemRefType::get({16, 2}, i16));
      Value quad =
          arith::DivUIOp::create(inside, loc, laneIndex, constant(inside, 4));
      Value chunk =
          arith::RemUIOp::create(inside, loc, laneIndex, constant(inside, 4));
      Value gives = arith::CmpIOp::create(
          inside, loc, arith::CmpIPredicate::ult, chunk, constant(inside, 2));
      auto ifOp = scf::IfOp::create(inside, loc, gives, false);
      OpBuilder then = OpBuilder::atBlockBegin(&ifOp.getThenRegion().front());
      Value words = getInLane(metadata, then, laneIndex, &local);
      for (int64_t half = 0; half < 2; ++half)
        memref::StoreOp::create(
            then, loc,
            vector::ExtractOp::create(then, loc, words, half).getResult(),
            metadataMatrix,
            ValueRange{addIndex(then, loc, quad, 8 * half), chunk});
    }
  }
  // The dense A: kept value c of row r (slot c % 2 of group c / 2) at
  // K = 4 * (c / 2) + its position.
  Value denseA = operands[0].matrix;
  if (metadata) {
    denseA = memref::AllocaOp::create(
        allocas, loc, MemRefType::get({16, depth}, accumulatorType));
    OpBuilder at = b;
    Value r = loopTo(at, loc, constant(at, 16));
    OpBuilder clear = at;
    Value k = loopTo(clear, loc, constant(clear, depth));
    memref::StoreOp::create(
        clear, loc,
        arith::ConstantOp::create(clear, loc, accumulatorType,
                                  clear.getZeroAttr(accumulatorType))
            .getResult(),
        denseA, ValueRange{r, k});
    Value c = loopTo(at, loc, constant(at, 16));
    Value word = memref::LoadOp::create(
        at, loc, metadataMatrix,
        ValueRange{r, arith::DivUIOp::create(at, loc, c, constant(at, 8))});
    Value shift = arith::IndexCastUIOp::create(
        at, loc, word.getType(),
        arith::MulIOp::create(
            at, loc, arith::RemUIOp::create(at, loc, c, constant(at, 8)),
            constant(at, 2)));
    Value position = arith::AndIOp::create(
        at, loc, arith::ShRUIOp::create(at, loc, word, shift),
        arith::ConstantOp::create(at, loc,
                                  at.getIntegerAttr(word.getType(), 3)));
    Value column = arith::AddIOp::create(
        at, loc,
        arith::MulIOp::create(
            at, loc, arith::DivUIOp::create(at, loc, c, constant(at, 2)),
            constant(at, 4)),
        arith::IndexCastUIOp::create(at, loc, at.getIndexType(), position));
    Value kept =
        memref::LoadOp::create(at, loc, operands[0].matrix, ValueRange{r, c});
    memref::StoreOp::create(at, loc, kept, denseA, ValueRange{r, column});
  }
  // D = A * B^T + C, each lane's part of it into the result's spill.
  Type resultType = mma->getResult(0).getType();
  Value spill = createSpill(resultType, loc);
  OpBuilder inside = b;
  Value laneIndex = laneLoop(inside, loc);
  Value result = arith::ConstantOp::create(
      inside, loc,
      DenseElementsAttr::get(cast<ShapedType>(resultType),
                             inside.getZeroAttr(accumulatorType)));
  for (int64_t valueId = 0; valueId < 4; ++valueId) {
    SmallVector<Value> rowColumn =
        coordinates(inside, operands[2], laneIndex, valueId);
    Value accumulator =
        memref::LoadOp::create(inside, loc, operands[2].matrix, rowColumn);
    auto sum = scf::ForOp::create(inside, loc, constant(inside, 0),
                                  constant(inside, depth), constant(inside, 1),
                                  accumulator);
    {
      OpBuilder body = OpBuilder::atBlockBegin(sum.getBody());
      Value k = sum.getInductionVar();
      Value a = memref::LoadOp::create(body, loc, denseA,
                                       ValueRange{rowColumn[0], k});
      Value bValue = memref::LoadOp::create(body, loc, operands[1].matrix,
                                            ValueRange{rowColumn[1], k});
      // mulf/addf or muli/addi, as the matrices' type asks.
      Value product = vector::makeArithReduction(
          body, loc, vector::CombiningKind::MUL, a, bValue);
      scf::YieldOp::create(
          body, loc,
          vector::makeArithReduction(body, loc, vector::CombiningKind::ADD,
                                     sum.getRegionIterArgs()[0], product));
    }
    result =
        vector::InsertOp::create(inside, loc, sum.getResult(0), result,
                                 ArrayRef<int64_t>{valueId / 2, valueId % 2});
  }
  memref::StoreOp::create(inside, loc, result, spill, laneIndex);
  setSpills(mma->getResult(0), spill);
}

SmallVector<Value> WarpEmulator::createSpills(TypeRange types, Location loc) {
  return llvm::map_to_vector(types,
                             [&](Type type) { return createSpill(type, loc); });
}

void WarpEmulator::setSpills(ValueRange values, ArrayRef<Value> spills) {
  for (auto [value, spill] : llvm::zip_equal(values, spills))
    perLane[value] = LaneValue{nullptr, nullptr, spill};
}

LogicalResult WarpEmulator::emitYielding(Block &source, Block &target,
                                         ArrayRef<Value> spills) {
  OpBuilder b = OpBuilder::atBlockTerminator(&target);
  if (failed(emitBlock(source, b)))
    return failure();
  storeAll(b, source.getTerminator()->getLoc(),
           source.getTerminator()->getOperands(), spills);
  return success();
}

LogicalResult WarpEmulator::emitFor(scf::ForOp loop, OpBuilder &b) {
  for (Value bound :
       {loop.getLowerBound(), loop.getUpperBound(), loop.getStep()})
    if (!isUniform(bound))
      return loop.emitError("compress-gpu-emulate: a loop holding ops where "
                            "lanes meet must have the same bounds in every "
                            "lane");
  // Loop-carried values live in spills.
  SmallVector<Value> spills =
      createSpills(loop.getInitArgs().getTypes(), loop.getLoc());
  storeAll(b, loop.getLoc(), loop.getInitArgs(), spills);
  auto warpLoop = scf::ForOp::create(
      b, loop.getLoc(), getUniform(loop.getLowerBound()),
      getUniform(loop.getUpperBound()), getUniform(loop.getStep()));
  uniform.map(loop.getInductionVar(), warpLoop.getInductionVar());
  setSpills(loop.getRegionIterArgs(), spills);
  if (failed(emitYielding(*loop.getBody(), *warpLoop.getBody(), spills)))
    return failure();
  setSpills(loop.getResults(), spills);
  return success();
}

LogicalResult WarpEmulator::emitIf(scf::IfOp ifOp, OpBuilder &b) {
  if (!isUniform(ifOp.getCondition()))
    return ifOp.emitError("compress-gpu-emulate: an scf.if holding ops where "
                          "lanes meet must have the same condition in every "
                          "lane");
  SmallVector<Value> spills =
      createSpills(ifOp.getResultTypes(), ifOp.getLoc());
  bool withElse = !ifOp.getElseRegion().empty();
  auto warpIf = scf::IfOp::create(b, ifOp.getLoc(),
                                  getUniform(ifOp.getCondition()), withElse);
  if (failed(emitYielding(ifOp.getThenRegion().front(),
                          warpIf.getThenRegion().front(), spills)) ||
      (withElse &&
       failed(emitYielding(ifOp.getElseRegion().front(),
                           warpIf.getElseRegion().front(), spills))))
    return failure();
  setSpills(ifOp.getResults(), spills);
  return success();
}

/// Each nvvm.dot.accumulate.4way (dp4a) in `launch` as host arithmetic:
/// the 4 bytes of each operand extended (with their sign when signed) to
/// i32, multiplied, and summed with the accumulator.
void lowerDotAccumulate(gpu::LaunchOp launch) {
  SmallVector<NVVM::DotAccumulate4WayOp> dots;
  launch.getBody().walk(
      [&](NVVM::DotAccumulate4WayOp dot) { dots.push_back(dot); });
  for (NVVM::DotAccumulate4WayOp dot : dots) {
    OpBuilder b(dot);
    Location loc = dot.getLoc();
    auto wide = VectorType::get({4}, b.getI32Type());
    auto extend = [&](Value bytes, NVVM::DotAccumulateType type) -> Value {
      if (type == NVVM::DotAccumulateType::SIGNED)
        return arith::ExtSIOp::create(b, loc, wide, bytes);
      return arith::ExtUIOp::create(b, loc, wide, bytes);
    };
    Value products =
        arith::MulIOp::create(b, loc, extend(dot.getA(), dot.getAType()),
                              extend(dot.getB(), dot.getBType()));
    Value sum = vector::ReductionOp::create(b, loc, vector::CombiningKind::ADD,
                                            products, dot.getC());
    dot.replaceAllUsesWith(sum);
    dot.erase();
  }
}

LogicalResult emulate(gpu::LaunchOp launch) {
  lowerDotAccumulate(launch);
  if (failed(checkEmulable(launch)))
    return failure();
  OpBuilder allocas(launch);
  OpBuilder b(launch);
  Location loc = launch.getLoc();
  gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
  gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
  IRMapping uniform;
  gpu::KernelDim3 gridArgs = launch.getGridSize();
  gpu::KernelDim3 blockArgs = launch.getBlockSize();
  uniform.map(gridArgs.x, grid.x);
  uniform.map(gridArgs.y, grid.y);
  uniform.map(gridArgs.z, grid.z);
  uniform.map(blockArgs.x, block.x);
  uniform.map(blockArgs.y, block.y);
  uniform.map(blockArgs.z, block.z);
  gpu::KernelDim3 blockIds = launch.getBlockIds();
  gpu::KernelDim3 threadIds = launch.getThreadIds();
  uniform.map(blockIds.z, loopTo(b, loc, grid.z));
  // Spills and matrices before the loops: one of each per launch.
  allocas.setInsertionPoint(b.getBlock()->getParentOp());
  uniform.map(blockIds.y, loopTo(b, loc, grid.y));
  uniform.map(blockIds.x, loopTo(b, loc, grid.x));
  uniform.map(threadIds.z, loopTo(b, loc, block.z));
  uniform.map(threadIds.y, loopTo(b, loc, block.y));

  bool lockstep = launch.getBody()
                      .walk([](Operation *op) {
                        return isCollective(op) ? WalkResult::interrupt()
                                                : WalkResult::advance();
                      })
                      .wasInterrupted();
  if (!lockstep) {
    // No lanes meet (blocks of any x size): each thread runs the body.
    uniform.map(threadIds.x, loopTo(b, loc, block.x));
    for (Operation &op : launch.getBody().front().without_terminator())
      b.clone(op, uniform);
  } else {
    WarpEmulator warp(launch, uniform, allocas);
    if (failed(warp.emitBlock(launch.getBody().front(), b)))
      return failure();
  }
  launch.erase();
  return success();
}

struct GpuEmulatePass
    : public compress::impl::CompressGpuEmulatePassBase<GpuEmulatePass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<gpu::LaunchOp> launches;
    getOperation()->walk(
        [&](gpu::LaunchOp launch) { launches.push_back(launch); });
    bool failed = false;
    for (gpu::LaunchOp launch : launches)
      failed |= mlir::failed(emulate(launch));
    if (failed)
      signalPassFailure();
  }
};

} // namespace
