//===- ObjectFile.cpp - Write an LLVM dialect module as an object ---------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/ObjectFile.h"

#include "lib/Runtime/HostTarget.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir::compress::runtime;

static llvm::Error objectError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Error mlir::compress::runtime::writeObjectFile(mlir::ModuleOp module,
                                                     llvm::StringRef path) {
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      createHostTargetMachine(/*pic=*/true);
  if (!machine)
    return machine.takeError();
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context);
  if (!llvmModule)
    return objectError("cannot translate the module to LLVM IR");
  llvmModule->setPICLevel(llvm::PICLevel::BigPIC);
  if (llvm::Error error = optimizeModule(*llvmModule, **machine))
    return error;

  std::error_code error;
  llvm::ToolOutputFile output(path, error, llvm::sys::fs::OF_None);
  if (error)
    return objectError(path + ": cannot write: " + error.message());
  llvm::legacy::PassManager passes;
  if ((*machine)->addPassesToEmitFile(passes, output.os(), nullptr,
                                      llvm::CodeGenFileType::ObjectFile))
    return objectError("the host target cannot write object files");
  passes.run(*llvmModule);
  output.os().flush();
  if (output.os().has_error()) {
    error = output.os().error();
    output.os().clear_error();
    return objectError(path + ": cannot write: " + error.message());
  }
  output.keep();
  return llvm::Error::success();
}
