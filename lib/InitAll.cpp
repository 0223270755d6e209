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

void mlir::compress::registerAllDialects(DialectRegistry &registry) {
  registry.insert<CompressDialect, arith::ArithDialect, func::FuncDialect,
                  tensor::TensorDialect>();
}

void mlir::compress::registerAllPasses() {
  registerCompressTransformsPasses();
  registerCompressConversionPasses();
}

void mlir::compress::registerAllPipelines() { registerCompressPipelines(); }
