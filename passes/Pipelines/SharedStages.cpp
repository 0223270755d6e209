//===- SharedStages.cpp - Stages of both code generation pipelines --------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Pipelines/SharedStages.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
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
