//===- compress-opt.cpp - mlir-opt with the compress dialect --------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Everything stock mlir-opt offers (upstream dialects, passes, pipelines), plus
// what Compress registers through include/compress/InitAll.h.
//
//===----------------------------------------------------------------------===//

#include "include/compress/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::compress::registerAllPasses();
  mlir::compress::registerAllPipelines();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::compress::registerAllDialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "Compress optimizer driver: MLIR for compressed networks\n",
      registry));
}
