//===- InitAll.cpp - Register everything Compress provides ----------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "include/compress/InitAll.h"

#include "dialects/Compress/IR/CompressDialect.h"
#include "passes/Conversion/Passes.h"
#include "passes/Pipelines/Pipelines.h"
#include "passes/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"

void mlir::compress::registerAllDialects(DialectRegistry &registry) {
  registry.insert<CompressDialect, arith::ArithDialect, func::FuncDialect,
                  tensor::TensorDialect>();
  // compress-to-nvvm: the NVVM target attribute and the translations that
  // gpu-module-to-binary and the host's gpu.binary need.
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
  gpu::registerOffloadingLLVMTranslationInterfaceExternalModels(registry);
}

void mlir::compress::registerAllPasses() {
  registerCompressTransformsPasses();
  registerCompressConversionPasses();
}

void mlir::compress::registerAllPipelines() { registerCompressPipelines(); }
