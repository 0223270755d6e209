//===- HostTarget.cpp - Code generation for the host CPU ------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/HostTarget.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

#include <mutex>

using namespace mlir::compress::runtime;

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
mlir::compress::runtime::createHostTargetMachine(bool pic) {
  static std::once_flag initialized;
  std::call_once(initialized, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
  // detectHost fills in the triple, the CPU name and its features.
  llvm::Expected<llvm::orc::JITTargetMachineBuilder> builder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  // Objects get what a C compiler would give them (ORC defaults to the large
  // code model on x86-64, which suits JIT memory, not linkers).
  if (pic) {
    builder->setRelocationModel(llvm::Reloc::PIC_);
    builder->setCodeModel(llvm::CodeModel::Small);
  }
  return builder->createTargetMachine();
}

llvm::Error
mlir::compress::runtime::optimizeModule(llvm::Module &module,
                                        llvm::TargetMachine &machine) {
  mlir::ExecutionEngine::setupTargetTripleAndDataLayout(&module, &machine);
  return mlir::makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0,
                                         &machine)(&module);
}
