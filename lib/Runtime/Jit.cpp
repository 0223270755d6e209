//===- Jit.cpp - JIT-compile an LLVM dialect module -----------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/Jit.h"

#include "lib/Runtime/HostTarget.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir::compress::runtime;

llvm::Expected<std::unique_ptr<mlir::ExecutionEngine>>
mlir::compress::runtime::createJit(mlir::ModuleOp module,
                                   llvm::ArrayRef<std::string> sharedLibs) {
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      createHostTargetMachine(/*pic=*/false);
  if (!machine)
    return machine.takeError();
  llvm::TargetMachine *target = machine->get();
  auto transformer = [target](llvm::Module *llvmModule) {
    return optimizeModule(*llvmModule, *target);
  };
  llvm::SmallVector<llvm::StringRef> libraries(sharedLibs.begin(),
                                               sharedLibs.end());
  mlir::ExecutionEngineOptions options;
  options.transformer = transformer;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  options.sharedLibPaths = libraries;
  llvm::Expected<std::unique_ptr<mlir::ExecutionEngine>> engine =
      mlir::ExecutionEngine::create(module, options, std::move(*machine));
  if (!engine)
    return engine.takeError();
  (*engine)->initialize();
  return engine;
}
