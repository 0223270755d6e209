//===- SharedStages.h - Stages of both code generation pipelines -*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// compress-to-llvm and compress-to-nvvm start alike: the model's elementwise
// chains fuse, compress ops become fused decode generics, and tensors become
// buffers with identity layouts at function boundaries. The GPU emulation
// shares the kernels of one and the LLVM lowering of the other. Private to
// passes/Pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_PIPELINES_SHAREDSTAGES_H
#define COMPRESS_PASSES_PIPELINES_SHAREDSTAGES_H

#include "passes/Conversion/Passes.h"
#include "passes/Pipelines/Pipelines.h"

namespace mlir {
class OpPassManager;

namespace compress {

/// canonicalize, compress-gather-to-linalg and elementwise fusion (so that
/// fusion never reshapes the decode kernels made next), then
/// convert-compress-to-linalg with `lowering`, canonicalize and CSE.
void addDecodeKernelStages(OpPassManager &pm,
                           const ConvertCompressToLinalgPassOptions &lowering);

/// one-shot-bufferize across function boundaries with identity layouts
/// (what callers pass and receive), then canonicalize.
void addBufferizeStages(OpPassManager &pm);

/// Buffers, loops, OpenMP threads (`numThreads`, 0 for libomp's default)
/// and vectors for the host CPU (`cpuFeatures`, as compress-cpu-lower-
/// vector-ops takes them) to the LLVM dialect, with the C interface of
/// every public function: the end of compress-to-llvm, and of the GPU
/// emulation.
void addLowerToLLVMStages(OpPassManager &pm, llvm::StringRef cpuFeatures,
                          int64_t numThreads);

/// compress-gpu-map-linalg's options from a GPU pipeline's.
template <typename Derived>
CompressGpuMapLinalgPassOptions
getKernelOptions(const GpuKernelOptions<Derived> &options) {
  CompressGpuMapLinalgPassOptions kernels;
  kernels.warpsPerBlock = options.warpsPerBlock;
  kernels.threadsPerBlock = options.threadsPerBlock;
  kernels.tensorCores = options.tensorCores;
  kernels.tensorCoreMinRows = options.tensorCoreMinRows;
  return kernels;
}

/// The kernels of compress-to-nvvm on host buffers: the decode generics
/// with every reduction digit reducing, bufferized, each in a gpu.launch
/// (compress-gpu-map-linalg with these options).
void addGpuKernelStages(OpPassManager &pm,
                        const CompressGpuMapLinalgPassOptions &kernels);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_PASSES_PIPELINES_SHAREDSTAGES_H
