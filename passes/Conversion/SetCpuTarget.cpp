//===- SetCpuTarget.cpp - C interface and target attributes ---------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSSETCPUTARGETPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {
struct SetCpuTarget
    : compress::impl::CompressSetCpuTargetPassBase<SetCpuTarget> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    // Public functions get the C interface (_mlir_ciface_<name>).
    module.walk([&](func::FuncOp func) {
      if (func.isPublic() && !func.isExternal())
        func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                      UnitAttr::get(context));
    });
    if (cpu.empty() && features.empty())
      return;
    module.walk([&](LLVM::LLVMFuncOp func) {
      if (func.isExternal())
        return;
      if (!cpu.empty())
        func.setTargetCpuAttr(StringAttr::get(context, cpu));
      if (!features.empty())
        func.setTargetFeaturesAttr(
            LLVM::TargetFeaturesAttr::get(context, features));
    });
  }
};
} // namespace
