//===- FakeCudaDriver.cpp - A libcuda.so.1 that runs no kernel ------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The subset of the CUDA driver API that libcompress_cuda_runtime.so loads,
// over host memory, for testing the GPU host path on machines without a GPU
// (test/tools/compress-run-fake-cuda.test). Built as
// build/test/fake-cuda/libcuda.so.1; a test puts that directory first in
// LD_LIBRARY_PATH so the runtime's dlopen finds it.
//
// One device, "Compress fake CUDA device", sm_90 with one SM. Device memory
// is host memory (malloc), copies and memsets are done, streams and events
// are no-ops, modules load whatever they are given, and kernel launches run
// nothing. Every call that allocates, copies, loads or launches prints a
// line on stderr ("fake-cuda: cuMemAlloc 1024"), which tests check.
//
//===----------------------------------------------------------------------===//

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <utility>

namespace {

using CUresult = int;
using CUdeviceptr = unsigned long long;

constexpr CUresult CUDA_SUCCESS = 0;
constexpr CUresult CUDA_ERROR_INVALID_VALUE = 1;

// CUdevice_attribute values of cuda.h.
constexpr int kMultiprocessorCount = 16;
constexpr int kComputeCapabilityMajor = 75;
constexpr int kComputeCapabilityMinor = 76;
constexpr int kMaxSharedMemoryPerBlockOptin = 97;

/// Stands in for contexts, modules, streams and events.
char handle;

void log(const char *format, ...) __attribute__((format(printf, 1, 2)));
void log(const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  std::fprintf(stderr, "fake-cuda: ");
  std::vfprintf(stderr, format, arguments);
  std::fprintf(stderr, "\n");
  va_end(arguments);
}

} // namespace

#define FAKE_CUDA_EXPORT extern "C" __attribute__((visibility("default")))

FAKE_CUDA_EXPORT CUresult cuGetErrorName(CUresult result, const char **name) {
  *name = result == CUDA_SUCCESS ? "CUDA_SUCCESS" : "CUDA_ERROR_INVALID_VALUE";
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuGetErrorString(CUresult result, const char **text) {
  *text = result == CUDA_SUCCESS ? "no error" : "invalid argument";
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuInit(unsigned) { return CUDA_SUCCESS; }
FAKE_CUDA_EXPORT CUresult cuDeviceGetCount(int *count) {
  *count = 1;
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuDeviceGet(int *device, int ordinal) {
  *device = ordinal;
  return ordinal == 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}
FAKE_CUDA_EXPORT CUresult cuDeviceGetName(char *name, int size, int) {
  std::snprintf(name, size, "Compress fake CUDA device");
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuDeviceGetAttribute(int *value, int attribute,
                                               int) {
  switch (attribute) {
  case kMultiprocessorCount:
    *value = 1;
    return CUDA_SUCCESS;
  case kComputeCapabilityMajor:
    *value = 9;
    return CUDA_SUCCESS;
  case kComputeCapabilityMinor:
    *value = 0;
    return CUDA_SUCCESS;
  case kMaxSharedMemoryPerBlockOptin:
    *value = 227 * 1024;
    return CUDA_SUCCESS;
  }
  return CUDA_ERROR_INVALID_VALUE;
}
FAKE_CUDA_EXPORT CUresult cuDevicePrimaryCtxRetain(void **context, int) {
  *context = &handle;
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuCtxSetCurrent(void *) { return CUDA_SUCCESS; }

FAKE_CUDA_EXPORT CUresult cuModuleLoadDataEx(void **module, const void *,
                                             unsigned, int *, void **) {
  log("cuModuleLoadDataEx");
  static char modules[1024];
  static size_t loaded = 0;
  *module = &modules[loaded++ % sizeof(modules)];
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuModuleUnload(void *) {
  log("cuModuleUnload");
  return CUDA_SUCCESS;
}
/// The function handle is its name, so launches can print it; one handle
/// per module and name, as the driver's.
FAKE_CUDA_EXPORT CUresult cuModuleGetFunction(void **function, void *module,
                                              const char *name) {
  static std::map<std::pair<void *, std::string>, char *> functions;
  char *&known = functions[{module, name}];
  if (!known)
    known = strdup(name);
  *function = known;
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuFuncSetAttribute(void *, int, int) {
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuLaunchKernel(void *function, unsigned gridX,
                                         unsigned gridY, unsigned gridZ,
                                         unsigned blockX, unsigned blockY,
                                         unsigned blockZ, unsigned, void *,
                                         void **, void **) {
  log("cuLaunchKernel %s grid %ux%ux%u block %ux%ux%u",
      static_cast<const char *>(function), gridX, gridY, gridZ, blockX,
      blockY, blockZ);
  return CUDA_SUCCESS;
}

FAKE_CUDA_EXPORT CUresult cuStreamCreate(void **stream, unsigned) {
  *stream = &handle;
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuStreamDestroy_v2(void *) { return CUDA_SUCCESS; }
FAKE_CUDA_EXPORT CUresult cuStreamSynchronize(void *) { return CUDA_SUCCESS; }
FAKE_CUDA_EXPORT CUresult cuStreamWaitEvent(void *, void *, unsigned) {
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuEventCreate(void **event, unsigned) {
  *event = &handle;
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuEventDestroy_v2(void *) { return CUDA_SUCCESS; }
FAKE_CUDA_EXPORT CUresult cuEventSynchronize(void *) { return CUDA_SUCCESS; }
FAKE_CUDA_EXPORT CUresult cuEventRecord(void *, void *) { return CUDA_SUCCESS; }
// Every timed launch takes 0.25 ms (kernels do not run).
FAKE_CUDA_EXPORT CUresult cuEventElapsedTime(float *ms, void *, void *) {
  *ms = 0.25f;
  return CUDA_SUCCESS;
}

FAKE_CUDA_EXPORT CUresult cuMemAlloc_v2(CUdeviceptr *pointer, size_t bytes) {
  log("cuMemAlloc %zu", bytes);
  *pointer = reinterpret_cast<CUdeviceptr>(std::malloc(bytes));
  return *pointer ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}
FAKE_CUDA_EXPORT CUresult cuMemAllocManaged(CUdeviceptr *pointer, size_t bytes,
                                            unsigned) {
  log("cuMemAllocManaged %zu", bytes);
  *pointer = reinterpret_cast<CUdeviceptr>(std::malloc(bytes));
  return *pointer ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}
FAKE_CUDA_EXPORT CUresult cuMemFree_v2(CUdeviceptr pointer) {
  log("cuMemFree");
  std::free(reinterpret_cast<void *>(pointer));
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuMemcpyAsync(CUdeviceptr dst, CUdeviceptr src,
                                        size_t bytes, void *) {
  log("cuMemcpy %zu", bytes);
  std::memcpy(reinterpret_cast<void *>(dst), reinterpret_cast<void *>(src),
              bytes);
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuMemsetD32Async(CUdeviceptr dst, unsigned value,
                                           size_t count, void *) {
  auto *words = reinterpret_cast<uint32_t *>(dst);
  for (size_t i = 0; i < count; ++i)
    words[i] = value;
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuMemsetD16Async(CUdeviceptr dst,
                                           unsigned short value, size_t count,
                                           void *) {
  auto *words = reinterpret_cast<uint16_t *>(dst);
  for (size_t i = 0; i < count; ++i)
    words[i] = value;
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuMemHostRegister_v2(void *, size_t, unsigned) {
  return CUDA_SUCCESS;
}
FAKE_CUDA_EXPORT CUresult cuMemHostUnregister(void *) { return CUDA_SUCCESS; }
