//===- CompressPlugin.cpp - Compress as a plugin of stock mlir-opt --------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
//   mlir-opt --load-dialect-plugin=CompressPlugin.so \
//            --load-pass-plugin=CompressPlugin.so \
//            --pass-pipeline='builtin.module(compress-print-sizes)' model.mlir
//
// Pass-plugin passes are reachable only through --pass-pipeline: mlir-opt
// parses its flags before the plugin is loaded.
//
//===----------------------------------------------------------------------===//

#include "include/compress/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Compress", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            mlir::compress::registerAllDialects(*registry);
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Compress", LLVM_VERSION_STRING, [] {
            mlir::compress::registerAllPasses();
            mlir::compress::registerAllPipelines();
          }};
}
