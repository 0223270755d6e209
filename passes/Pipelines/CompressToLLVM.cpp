//===- CompressToLLVM.cpp - The CPU code generation pipeline --------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// compress IR -> fused linalg.generic -> tiled, vectorized, multi-threaded
// loops -> LLVM dialect. The order and the pitfalls it avoids are those of
// ../docs/design.md ("CPU code generation").
//
//===----------------------------------------------------------------------===//

#include "passes/Pipelines/Pipelines.h"

#include "passes/Conversion/Passes.h"
#include "passes/Pipelines/SharedStages.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::compress;

void mlir::compress::buildCompressToLLVMPipeline(
    OpPassManager &pm, const CompressToLLVMOptions &options) {
  // Out of the compress dialect: storage tensors and fused generics, with
  // CPU kernels for the instruction sets the code will be compiled for.
  std::string cpuFeatures = options.cpu.empty()
                                ? "host," + options.features
                                : "generic," + options.features;
  ConvertCompressToLinalgPassOptions lowering;
  if (options.kernels)
    lowering.cpuFeatures = cpuFeatures;
  addDecodeKernelStages(pm, lowering);

  // Threads and vectors, still on tensors.
  if (options.vectorize) {
    CompressCpuVectorizePassOptions vectorizeOptions;
    vectorizeOptions.threadTile.assign(options.threadTile.begin(),
                                       options.threadTile.end());
    vectorizeOptions.vectorTile = options.vectorTile;
    vectorizeOptions.reductionTile = options.reductionTile;
    pm.addNestedPass<func::FuncOp>(
        createCompressCpuVectorizePass(vectorizeOptions));
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }

  // Buffers: weights become 64-byte aligned memref.globals (constants).
  addBufferizeStages(pm);
  bufferization::buildBufferDeallocationPipeline(pm);
  // Returned constants are cloned by the deallocation pipeline.
  pm.addPass(createConvertBufferizationToMemRefPass());

  addLowerToLLVMStages(pm, cpuFeatures, options.threads);
  if (!options.cpu.empty() || !options.features.empty()) {
    CompressSetCpuTargetPassOptions target;
    target.cpu = options.cpu;
    target.features = options.features;
    pm.addPass(createCompressSetCpuTargetPass(target));
  }
}

void mlir::compress::registerCompressPipelines() {
  PassPipelineRegistration<CompressToLLVMOptions>(
      "compress-to-llvm",
      "Lower compress IR (or func + linalg on tensors) to the LLVM dialect for "
      "the CPU: fused decode kernels, tiled, vectorized and multi-threaded "
      "with OpenMP",
      buildCompressToLLVMPipeline);
  PassPipelineRegistration<CompressToNVVMOptions>(
      "compress-to-nvvm",
      "Lower compress IR to host LLVM dialect that launches NVPTX kernels: "
      "the fused decode generics as gpu.launch kernels (f16 and int8-"
      "activation matmuls of 16 rows or more on tensor cores through "
      "nvgpu.mma.sync, int8-activation matmuls of fewer rows on dp4a, "
      "otherwise a warp per output of a reduction, lanes over K, shuffle "
      "reductions), "
      "buffers on the device, kernels serialized for `chip` by "
      "gpu-module-to-binary",
      buildCompressToNVVMPipeline);
  PassPipelineRegistration<CompressToGpuEmulatorOptions>(
      "compress-to-gpu-emulator",
      "Lower compress IR to LLVM dialect for the CPU that runs the kernels "
      "of compress-to-nvvm on the host, a warp's lanes in lockstep "
      "(compress-gpu-emulate): for checking the GPU kernels without a GPU",
      buildCompressToGpuEmulatorPipeline);
}
