//===- CompressToNVVM.cpp - The GPU code generation pipeline --------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// compress IR -> fused linalg.generic (the same decode as on the CPU) ->
// buffers -> one gpu.launch per generic (compress-gpu-map-linalg) on device
// buffers (compress-gpu-device-memory) -> upstream's NVVM lowering, the
// kernels serialized by gpu-module-to-binary (docs/codegen.md, "GPU
// kernels").
//
//===----------------------------------------------------------------------===//

#include "passes/Pipelines/Pipelines.h"

#include "passes/Conversion/Passes.h"
#include "passes/Pipelines/SharedStages.h"

#include "mlir/Dialect/GPU/Pipelines/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::compress;

std::string mlir::compress::getDefaultPtxFeatures(llvm::StringRef chip) {
  // sm_90 needs PTX 7.8 at least; PTX 8.0 came with CUDA 12.0.
  return chip == "sm_80" ? "+ptx70" : "+ptx80";
}

void mlir::compress::buildCompressToNVVMPipeline(
    OpPassManager &pm, const CompressToNVVMOptions &options) {
  // The fused decode generics, as on the CPU but with every reduction digit
  // reducing: the lanes of a warp stride over them.
  ConvertCompressToLinalgPassOptions lowering;
  lowering.laneAccumulators = false;
  addDecodeKernelStages(pm, lowering);
  pm.addNestedPass<func::FuncOp>(createLinalgGeneralizeNamedOpsPass());

  // Buffers with the identity layout at function boundaries: what the host
  // passes and receives.
  addBufferizeStages(pm);
  pm.addNestedPass<func::FuncOp>(createLinalgGeneralizeNamedOpsPass());

  // Kernels and device memory.
  CompressGpuMapLinalgPassOptions mapping;
  mapping.warpsPerBlock = options.warpsPerBlock;
  mapping.threadsPerBlock = options.threadsPerBlock;
  pm.addNestedPass<func::FuncOp>(createCompressGpuMapLinalgPass(mapping));
  pm.addPass(createCompressGpuDeviceMemoryPass());
  pm.addPass(createCompressGpuLowerSubgroupReducePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // `_mlir_ciface_` wrappers for compress-run and C callers.
  pm.addPass(createCompressSetCpuTargetPass());

  gpu::GPUToNVVMPipelineOptions nvvm;
  nvvm.cubinChip = options.chip;
  nvvm.cubinFeatures = options.features.empty()
                           ? getDefaultPtxFeatures(options.chip)
                           : options.features.getValue();
  nvvm.cubinFormat = options.format;
  nvvm.optLevel = options.optLevel;
  gpu::buildLowerToNVVMPassPipeline(pm, nvvm);
}
