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

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/Pipelines/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVM/NVVM/Utils.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::compress;

std::string mlir::compress::getDefaultPtxFeatures(llvm::StringRef chip) {
  // sm_90 needs PTX 7.8 at least; PTX 8.0 came with CUDA 12.0.
  // Sparse MMA (mma.sp, 2:4 weights) needs PTX 7.1 (CUDA 11.1).
  return chip == "sm_80" ? "+ptx71" : "+ptx80";
}

std::string mlir::compress::getDefaultCudaToolkitPath() {
  // Upstream's lookup reads $CUDA_ROOT, $CUDA_HOME and $CUDA_PATH, then a
  // path set when MLIR was built, which Debian's build leaves empty: without
  // a toolkit, a kernel that calls libdevice (math.absf, math.exp) does not
  // link.
  StringRef fromEnvironment = NVVM::getCUDAToolkitPath();
  return fromEnvironment.empty() ? "/usr/local/cuda" : fromEnvironment.str();
}

void mlir::compress::buildCompressToNVVMPipeline(
    OpPassManager &pm, const CompressToNVVMOptions &options) {
  // Kernels and device memory.
  addGpuKernelStages(pm, getKernelOptions(options));
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
  // Upstream's pipeline has no toolkit option: give it to its
  // gpu-module-to-binary.
  std::string toolkit = options.cudaPath.empty() ? getDefaultCudaToolkitPath()
                                                 : options.cudaPath.getValue();
  // Quoted: a path may hold spaces. Only a path holding a double quote
  // cannot be passed.
  std::string option = "toolkit=\"" + toolkit + "\"";
  for (Pass &pass : pm.getPasses()) {
    if (pass.getArgument() != "gpu-module-to-binary")
      continue;
    if (failed(pass.initializeOptions(option, [](const Twine &message) {
          llvm::errs() << "compress-to-nvvm: " << message << "\n";
          return failure();
        })))
      llvm::report_fatal_error("compress-to-nvvm: cuda-path '" +
                               Twine(toolkit) +
                               "' cannot be given to gpu-module-to-binary");
  }
}

void mlir::compress::buildCompressToGpuEmulatorPipeline(
    OpPassManager &pm, const CompressToGpuEmulatorOptions &options) {
  addGpuKernelStages(pm, getKernelOptions(options));
  pm.addNestedPass<func::FuncOp>(createCompressGpuEmulatePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addPass(createConvertBufferizationToMemRefPass());
  // One host thread: the emulation is for checking kernels, not for speed.
  addLowerToLLVMStages(pm, "host,", /*numThreads=*/1);
}
