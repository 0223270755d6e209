//===- GpuDeviceMemory.cpp - The buffers of GPU functions on the device ---===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// In a function whose work runs in gpu.launch kernels (compress-gpu-map-
// linalg), every buffer moves to the device:
//
// * memref arguments are copied to a device buffer on entry;
// * memref.alloc / memref.alloca of the host code become gpu.alloc, and
//   memref.dealloc gpu.dealloc;
// * memref.get_global of a constant global (a weight) becomes a call of the
//   runtime's compressGpuDeviceConstant, which copies the constant to the
//   device on the first call of the process and returns the same device
//   buffer on every later one (docs/gpu.md): weights cross once. Globals
//   that are not constant, or whose elements are not whole bytes, are copied
//   where they are read, on every call;
// * returned memrefs are copied back into new host buffers (memref.alloc,
//   which the caller owns as on the CPU path), then every device buffer the
//   function made is freed.
//
// The function's signature does not change: callers pass and receive host
// memory.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSGPUDEVICEMEMORYPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// The dynamic sizes of `value` (a memref), as memref.dim ops.
SmallVector<Value> getDynamicSizes(OpBuilder &b, Location loc, Value value) {
  auto type = cast<MemRefType>(value.getType());
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      sizes.push_back(memref::DimOp::create(b, loc, value, d));
  return sizes;
}

/// gpu-to-llvm lowers gpu.alloc, gpu.memcpy and gpu.dealloc only in their
/// async form with one dependency: each gets a stream of its own
/// (`gpu.wait async`) and is waited for (`gpu.wait [token]`) at once, so
/// the function stays synchronous.
struct SyncGpuOps {
  OpBuilder &b;
  Location loc;
  Type token;

  SyncGpuOps(OpBuilder &b, Location loc)
      : b(b), loc(loc), token(gpu::AsyncTokenType::get(b.getContext())) {}

  Value stream() {
    return gpu::WaitOp::create(b, loc, token, ValueRange{}).getAsyncToken();
  }
  void wait(Value done) { gpu::WaitOp::create(b, loc, Type(), done); }

  Value alloc(MemRefType type, ValueRange sizes) {
    auto op = gpu::AllocOp::create(b, loc, type, token, stream(), sizes,
                                   /*symbolOperands=*/ValueRange{});
    wait(op.getAsyncToken());
    return op.getMemref();
  }
  void copy(Value target, Value source) {
    auto op = gpu::MemcpyOp::create(b, loc, token, stream(), target, source);
    wait(op.getAsyncToken());
  }
  void dealloc(Value memref) {
    auto op = gpu::DeallocOp::create(b, loc, token, stream(), memref);
    wait(op.getAsyncToken());
  }
};

/// The runtime entry point that returns the device copy of a constant:
///   func.func private @compressGpuDeviceConstant(index, index)
///       -> memref<?xi8> attributes {llvm.emit_c_interface}
/// (host address and size in bytes). Declared once per module; null, with
/// an error, when the module has another symbol of that name.
constexpr llvm::StringLiteral kDeviceConstantFunction =
    "compressGpuDeviceConstant";

func::FuncOp getOrDeclareDeviceConstant(ModuleOp module) {
  MLIRContext *context = module.getContext();
  auto indexType = IndexType::get(context);
  auto type = FunctionType::get(
      context, {indexType, indexType},
      {MemRefType::get({ShapedType::kDynamic}, IntegerType::get(context, 8))});
  Operation *existing = SymbolTable::lookupSymbolIn(module, kDeviceConstantFunction);
  if (auto function = dyn_cast_or_null<func::FuncOp>(existing);
      function && function.getFunctionType() == type)
    return function;
  if (existing) {
    existing->emitError() << "compress-gpu-device-memory: the symbol @"
                          << kDeviceConstantFunction
                          << " is the runtime's: " << type;
    return nullptr;
  }
  auto b = OpBuilder::atBlockBegin(module.getBody());
  auto function =
      func::FuncOp::create(b, module.getLoc(), kDeviceConstantFunction, type);
  function.setPrivate();
  function->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  return function;
}

/// The size of `type`'s elements in bytes when the runtime may hold it as a
/// device constant: static shape, identity layout, whole-byte elements.
std::optional<int64_t> getConstantBytes(MemRefType type) {
  Type element = type.getElementType();
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      type.getMemorySpace() || !element.isIntOrFloat() ||
      element.getIntOrFloatBitWidth() % 8 != 0)
    return std::nullopt;
  return type.getNumElements() * (element.getIntOrFloatBitWidth() / 8);
}

/// Whether `op` lies in a gpu.launch.
bool inKernel(Operation *op) {
  return op->getParentOfType<gpu::LaunchOp>() != nullptr;
}

struct GpuDeviceMemoryPass
    : public compress::impl::CompressGpuDeviceMemoryPassBase<
          GpuDeviceMemoryPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    deviceConstant = nullptr;
    declarationFailed = false;
    for (auto function : llvm::to_vector(module.getOps<func::FuncOp>()))
      if (failed(moveToDevice(module, function)))
        return signalPassFailure();
  }

  /// The device constant of `global` where it is read: a call of the
  /// runtime, viewed with the global's type. Null when the global must be
  /// copied on every call instead.
  Value getDeviceConstant(ModuleOp module, OpBuilder &b,
                          memref::GetGlobalOp global) {
    auto symbol = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
        global, global.getNameAttr());
    auto type = global.getType();
    std::optional<int64_t> bytes = getConstantBytes(type);
    if (!symbol || !symbol.getConstant() || !bytes)
      return nullptr;
    if (!deviceConstant && !declarationFailed) {
      deviceConstant = getOrDeclareDeviceConstant(module);
      declarationFailed = !deviceConstant;
    }
    if (!deviceConstant)
      return nullptr;
    Location loc = global.getLoc();
    Value host = memref::ExtractAlignedPointerAsIndexOp::create(
        b, loc, global.getResult());
    Value size = arith::ConstantIndexOp::create(b, loc, *bytes);
    Value buffer =
        func::CallOp::create(b, loc, deviceConstant, ValueRange{host, size})
            .getResult(0);
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    return memref::ViewOp::create(b, loc, type, buffer, zero, ValueRange{});
  }

  LogicalResult moveToDevice(ModuleOp module, func::FuncOp function) {
    if (function.isExternal() ||
        !function->walk([](gpu::LaunchOp) { return WalkResult::interrupt(); })
             .wasInterrupted())
      return success();

    // Every buffer must be contiguous: gpu.memcpy copies whole buffers.
    bool failed = false;
    auto checkLayout = [&](Operation *op, Value value) {
      auto type = dyn_cast<MemRefType>(value.getType());
      if (type && !type.getLayout().isIdentity()) {
        op->emitError() << "compress-gpu-device-memory: " << type
                        << " is not contiguous; only identity-layout "
                           "memrefs cross between host and device";
        failed = true;
      }
    };
    for (BlockArgument argument : function.getArguments())
      checkLayout(function, argument);
    function.walk([&](func::ReturnOp ret) {
      for (Value value : ret.getOperands())
        checkLayout(ret, value);
    });
    if (failed)
      return failure();

    // Device buffers to free before each return.
    SmallVector<Value> owned;
    auto copyToDevice = [&](OpBuilder &b, Location loc, Value host) {
      // The uses to redirect: those before the copy's own ops.
      SmallVector<OpOperand *> uses = llvm::map_to_vector(
          host.getUses(), [](OpOperand &use) { return &use; });
      auto type = cast<MemRefType>(host.getType());
      SyncGpuOps gpuOps(b, loc);
      Value device = gpuOps.alloc(type, getDynamicSizes(b, loc, host));
      gpuOps.copy(device, host);
      for (OpOperand *use : uses)
        use->set(device);
      owned.push_back(device);
    };

    Block &entry = function.getBody().front();
    OpBuilder b(&entry, entry.begin());
    for (BlockArgument argument : function.getArguments())
      if (isa<MemRefType>(argument.getType()))
        copyToDevice(b, function.getLoc(), argument);

    SmallVector<Operation *> hostOps;
    function.walk([&](Operation *op) {
      if (!inKernel(op) &&
          isa<memref::AllocOp, memref::AllocaOp, memref::DeallocOp,
              memref::GetGlobalOp>(op))
        hostOps.push_back(op);
    });
    llvm::SmallPtrSet<Value, 8> freedByProgram;
    for (Operation *op : hostOps) {
      b.setInsertionPoint(op);
      Location loc = op->getLoc();
      if (auto global = dyn_cast<memref::GetGlobalOp>(op)) {
        b.setInsertionPointAfter(op);
        SmallVector<OpOperand *> uses = llvm::map_to_vector(
            global->getUses(), [](OpOperand &use) { return &use; });
        if (Value device = getDeviceConstant(module, b, global)) {
          for (OpOperand *use : uses)
            use->set(device);
          continue;
        }
        if (declarationFailed)
          return failure();
        copyToDevice(b, loc, global.getResult());
        continue;
      }
      if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
        SyncGpuOps(b, loc).dealloc(dealloc.getMemref());
        freedByProgram.insert(dealloc.getMemref());
        op->erase();
        continue;
      }
      auto type = cast<MemRefType>(op->getResult(0).getType());
      ValueRange sizes = isa<memref::AllocOp>(op)
                             ? cast<memref::AllocOp>(op).getDynamicSizes()
                             : cast<memref::AllocaOp>(op).getDynamicSizes();
      Value device = SyncGpuOps(b, loc).alloc(type, sizes);
      op->getResult(0).replaceAllUsesWith(device);
      owned.push_back(device);
      op->erase();
    }

    function.walk([&](func::ReturnOp ret) {
      OpBuilder b(ret);
      Location loc = ret.getLoc();
      for (OpOperand &operand : ret->getOpOperands()) {
        Value device = operand.get();
        auto type = dyn_cast<MemRefType>(device.getType());
        if (!type)
          continue;
        Value host = memref::AllocOp::create(
            b, loc, type, getDynamicSizes(b, loc, device));
        SyncGpuOps(b, loc).copy(host, device);
        operand.set(host);
      }
      for (Value device : owned)
        if (!freedByProgram.contains(device))
          SyncGpuOps(b, loc).dealloc(device);
    });
    return success();
  }

  /// The runtime's declaration, once made; whether it could not be (another
  /// symbol has its name).
  func::FuncOp deviceConstant;
  bool declarationFailed = false;
};

} // namespace
