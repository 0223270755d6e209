//===- SharedLibraries.cpp - Libraries that JIT code calls into -----------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/SharedLibraries.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <dlfcn.h>

using namespace mlir;
using namespace mlir::compress::runtime;

std::string mlir::compress::runtime::getLLVMLibraryDir() {
  // Any function of libMLIR tells where that library is.
  Dl_info info;
  if (dladdr(reinterpret_cast<void *>(&mlir::ExecutionEngine::create), &info) &&
      info.dli_fname) {
    llvm::SmallString<256> path;
    if (!llvm::sys::fs::real_path(info.dli_fname, path))
      return llvm::sys::path::parent_path(path).str();
  }
  return COMPRESS_LLVM_LIBRARY_DIR;
}

llvm::Expected<llvm::SmallVector<std::string>>
mlir::compress::runtime::findRuntimeLibraries(ModuleOp module,
                                              llvm::StringRef dir) {
  bool openmp = false;
  std::string undefined;
  llvm::sys::DynamicLibrary::LoadLibraryPermanently(nullptr);
  module.walk([&](Operation *op) {
    if (llvm::isa<omp::OpenMPDialect>(op->getDialect()))
      openmp = true;
    auto function = llvm::dyn_cast<LLVM::LLVMFuncOp>(op);
    if (function && function.isExternal() &&
        !function.getName().starts_with("llvm.") &&
        !llvm::sys::DynamicLibrary::SearchForAddressOfSymbol(
            function.getName().str()))
      undefined = function.getName().str();
  });
  llvm::SmallVector<std::string> libraries;
  auto add = [&](llvm::StringRef name, const llvm::Twine &why) -> llvm::Error {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, name);
    if (!llvm::sys::fs::exists(path))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          name + " (for " + why + ") is not in " + dir +
              ": set its directory with --shared-lib-dir");
    libraries.push_back(path.str().str());
    return llvm::Error::success();
  };
  if (openmp)
    if (llvm::Error error = add("libomp.so", "the module's OpenMP loops"))
      return error;
  if (!undefined.empty())
    if (llvm::Error error = add("libmlir_c_runner_utils.so",
                                "the module's calls of '" + undefined + "'"))
      return error;
  return libraries;
}
