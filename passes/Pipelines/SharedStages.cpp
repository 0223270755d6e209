//===- SharedStages.cpp - Stages of both code generation pipelines --------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Pipelines/SharedStages.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::compress;

void mlir::compress::addDecodeKernelStages(
    OpPassManager &pm, const ConvertCompressToLinalgPassOptions &lowering) {
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCompressGatherToLinalgPass());
  pm.addPass(createLinalgElementwiseOpFusionPass());
  pm.addPass(createConvertCompressToLinalgPass(lowering));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void mlir::compress::addBufferizeStages(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions options;
  options.bufferizeFunctionBoundaries = true;
  options.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(options));
  pm.addPass(createCanonicalizerPass());
}

void mlir::compress::addLowerToLLVMStages(OpPassManager &pm,
                                          llvm::StringRef cpuFeatures,
                                          int64_t numThreads) {
  // Loops, threads (scf.forall -> scf.parallel -> OpenMP).
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createForallToParallelLoopPass());
  ConvertSCFToOpenMPPassOptions openmpOptions;
  openmpOptions.numThreads = numThreads;
  pm.addPass(createConvertSCFToOpenMPPass(openmpOptions));
  // Before scf-to-cf: the OpenMP bodies are memref.alloca_scope regions.
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createCompressCpuLowerTransfersPass());
  pm.addNestedPass<func::FuncOp>(
      createCompressCpuLowerVectorOpsPass({cpuFeatures.str()}));
  pm.addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll()));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());

  // LLVM dialect.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  ConvertVectorToLLVMPassOptions vectorToLLVM;
  vectorToLLVM.reassociateFPReductions = true;
  pm.addPass(createConvertVectorToLLVMPass(vectorToLLVM));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createCompressSetCpuTargetPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::compress::addGpuKernelStages(
    OpPassManager &pm, const CompressGpuMapLinalgPassOptions &kernels) {
  // The fused decode generics, as on the CPU but with every reduction digit
  // reducing: the lanes of a warp stride over them.
  ConvertCompressToLinalgPassOptions lowering;
  lowering.laneAccumulators = false;
  lowering.integerProducts = true;
  addDecodeKernelStages(pm, lowering);
  pm.addNestedPass<func::FuncOp>(createLinalgGeneralizeNamedOpsPass());

  // Buffers with the identity layout at function boundaries: what the host
  // passes and receives.
  addBufferizeStages(pm);
  pm.addNestedPass<func::FuncOp>(createLinalgGeneralizeNamedOpsPass());

  pm.addNestedPass<func::FuncOp>(createCompressGpuMapLinalgPass(kernels));
}
