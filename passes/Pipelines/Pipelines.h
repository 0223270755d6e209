//===- Pipelines.h - Named Compress pipelines -------------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Every pipeline is a PassPipelineRegistration over an options struct and a
// build function, so a compile is replayable with
// `compress-opt --compress-to-llvm="threads=2 ..."` and callable from C++.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_PIPELINES_PIPELINES_H
#define COMPRESS_PASSES_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;

namespace compress {

struct CompressToLLVMOptions
    : public PassPipelineOptions<CompressToLLVMOptions> {
  PassOptions::Option<std::string> cpu{
      *this, "cpu",
      llvm::cl::desc("Target CPU recorded on every function (for example "
                     "znver4); empty: the host CPU chosen by the JIT or "
                     "object writer")};
  PassOptions::Option<std::string> features{
      *this, "features",
      llvm::cl::desc("Target features recorded on every function (for "
                     "example +avx512f,+avx512vnni)")};
  PassOptions::Option<int64_t> threads{
      *this, "threads",
      llvm::cl::desc("OpenMP threads of each parallel loop (0: libomp's "
                     "default, OMP_NUM_THREADS or every core)"),
      llvm::cl::init(0)};
  PassOptions::ListOption<int64_t> threadTile{
      *this, "thread-tile",
      llvm::cl::desc("Tile sizes of the outer parallel dimensions that "
                     "threads share (default: 0 for leading dimensions, 16 "
                     "for the innermost parallel one)")};
  PassOptions::Option<int64_t> vectorTile{
      *this, "vector-tile",
      llvm::cl::desc("Vector tile of the innermost parallel dimension"),
      llvm::cl::init(16)};
  PassOptions::Option<int64_t> reductionTile{
      *this, "reduction-tile",
      llvm::cl::desc("Vector tile of the innermost reduction dimension"),
      llvm::cl::init(64)};
  PassOptions::Option<bool> kernels{
      *this, "kernels",
      llvm::cl::desc("Lower the compress.matmuls that a CPU kernel covers to "
                     "streaming vector kernels for the target's features "
                     "(the host's plus `features` when `cpu` is empty); off: "
                     "every op through linalg.generic"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Tile and vectorize linalg ops (off: scalar loops)"),
      llvm::cl::init(true)};
};

/// The kernel forms and block shapes of both GPU pipelines
/// (compress-gpu-map-linalg's options).
template <typename Derived>
struct GpuKernelOptions : public PassPipelineOptions<Derived> {
  detail::PassOptions::Option<int64_t> warpsPerBlock{
      *this, "warps-per-block",
      llvm::cl::desc("Warps per block of the warp-per-output and "
                     "tensor-core kernels"),
      llvm::cl::init(4)};
  detail::PassOptions::Option<int64_t> threadsPerBlock{
      *this, "threads-per-block",
      llvm::cl::desc("Threads per block of the thread-per-point kernels"),
      llvm::cl::init(256)};
  detail::PassOptions::Option<bool> tensorCores{
      *this, "tensor-cores",
      llvm::cl::desc("Run f16 x f16 -> f32 matmuls and integer-code "
                     "matmuls of at least tensor-core-min-rows rows on "
                     "nvgpu.mma.sync"),
      llvm::cl::init(true)};
  detail::PassOptions::Option<int64_t> tensorCoreMinRows{
      *this, "tensor-core-min-rows",
      llvm::cl::desc("The fewest activation rows that take the tensor-core "
                     "form"),
      llvm::cl::init(16)};
};

struct CompressToNVVMOptions : public GpuKernelOptions<CompressToNVVMOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("GPU architecture: sm_80 (A100) or sm_90 (H100)"),
      llvm::cl::init("sm_90")};
  PassOptions::Option<std::string> features{
      *this, "features",
      llvm::cl::desc("PTX features (default: +ptx71 for sm_80, +ptx80 for "
                     "sm_90)")};
  PassOptions::Option<int> optLevel{
      *this, "opt-level",
      llvm::cl::desc("Optimization level of the NVPTX back end and ptxas"),
      llvm::cl::init(3)};
  PassOptions::Option<std::string> format{
      *this, "format",
      llvm::cl::desc("What gpu-module-to-binary embeds: isa (PTX text), "
                     "bin (cubin, assembled by ptxas) or fatbin"),
      llvm::cl::init("fatbin")};
  PassOptions::Option<std::string> cudaPath{
      *this, "cuda-path",
      llvm::cl::desc("The CUDA toolkit whose ptxas, fatbinary and libdevice "
                     "gpu-module-to-binary uses (default: $CUDA_ROOT, "
                     "$CUDA_HOME or $CUDA_PATH, else /usr/local/cuda)")};
};

/// The CUDA toolkit compress-to-nvvm uses when `cuda-path` is empty.
std::string getDefaultCudaToolkitPath();

struct CompressToGpuEmulatorOptions
    : public GpuKernelOptions<CompressToGpuEmulatorOptions> {};

/// compress IR (or func + linalg on tensors) -> LLVM dialect, ready for
/// mlir-translate, the JIT or an object file.
void buildCompressToLLVMPipeline(OpPassManager &pm,
                                 const CompressToLLVMOptions &options);

/// compress IR -> host LLVM dialect that launches NVPTX kernels (embedded
/// by gpu-module-to-binary) through the mgpu* runtime entry points.
void buildCompressToNVVMPipeline(OpPassManager &pm,
                                 const CompressToNVVMOptions &options);

/// compress IR -> the kernels of compress-to-nvvm, run on the host one
/// thread at a time (compress-gpu-emulate), as LLVM dialect for the CPU:
/// for checking the kernels without a GPU.
void buildCompressToGpuEmulatorPipeline(
    OpPassManager &pm, const CompressToGpuEmulatorOptions &options);

/// The PTX features for `chip` when none are given.
std::string getDefaultPtxFeatures(llvm::StringRef chip);

/// Registers `compress-to-llvm` and `compress-to-nvvm` with the global
/// pipeline registry.
void registerCompressPipelines();

} // namespace compress
} // namespace mlir

#endif // COMPRESS_PASSES_PIPELINES_PIPELINES_H
