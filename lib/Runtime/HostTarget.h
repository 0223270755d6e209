//===- HostTarget.h - Code generation for the host CPU ----------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The JIT and the object writer compile for the machine they run on (its CPU
// and features; a function's target_cpu / target_features attributes, set by
// compress-to-llvm's cpu and features options, take precedence) at -O3.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_RUNTIME_HOSTTARGET_H
#define COMPRESS_LIB_RUNTIME_HOSTTARGET_H

#include "llvm/Support/Error.h"

#include <memory>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace mlir::compress::runtime {

/// The host's TargetMachine at CodeGenOptLevel::Aggressive; with `pic`, for
/// object files: position independent (they may go into shared libraries),
/// small code model.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createHostTargetMachine(bool pic);

/// Sets `module`'s triple and data layout for `machine` and runs LLVM's -O3
/// pipeline on it.
llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &machine);

} // namespace mlir::compress::runtime

#endif // COMPRESS_LIB_RUNTIME_HOSTTARGET_H
