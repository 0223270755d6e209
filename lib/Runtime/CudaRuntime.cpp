//===- CudaRuntime.cpp - mgpu* entry points over the CUDA driver ----------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The C entry points (`mgpu*`) that GPU host code calls: MLIR 22's
// `gpu-to-llvm` lowering (streams, events, allocation, copies, memsets, host
// registration) and the `gpu.binary` translation (SelectObjectAttr: module
// load in a global constructor, unload in a global destructor, kernel lookup
// and launch). Debian ships no libmlir_cuda_runtime.so; this is ours
// (docs/gpu.md), built as libcompress_cuda_runtime.so.
//
// The signatures are those the host IR declares, e.g.
//   declare ptr @mgpuModuleLoad(ptr, i64)
//   declare void @mgpuLaunchKernel(ptr, i64 x 6, i32, ptr, ptr, ptr, i64)
// and follow mlir/lib/ExecutionEngine/CudaRuntimeWrappers.cpp.
//
// Driver. No CUDA header or library takes part in the build: the driver API
// (libcuda.so.1) is opened with dlopen on first use, and the few types and
// constants used here are declared below with the values of cuda.h. A
// machine without the driver builds and loads this library; its first mgpu*
// call (in JIT code, the module load of a global constructor) prints one
// message and exits with status 1, and compressCudaProbe tells tools the
// reason beforehand without exiting. Calls that release return quietly
// instead: without a driver nothing was created.
//
// Context. Every entry point makes the primary context of the default device
// (0, or the one mgpuSetDefaultDevice names) current on the calling thread,
// as upstream's ScopedContext does; contexts are retained once and kept for
// the life of the process. Unlike upstream the default device is one for the
// whole process, not per thread: modules are loaded by global constructors
// on one thread and their kernels may be launched from another.
//
// Errors. Every driver call is checked, and a failure prints
//   compress-cuda-runtime: <call> failed: <error name>: <error text>
// Then:
// - calls whose results later work depends on (context, module load, kernel
//   lookup, launch, stream and event creation, allocation, copies, memsets,
//   synchronization and stream/event ordering) abort: continuing would
//   compute on garbage, and the first error is the useful one, as later
//   calls only repeat a sticky error;
// - calls that release or pin (unload, free, destroy, host (un)registration)
//   print and continue, as upstream does for every call. Their
//   CUDA_ERROR_DEINITIALIZED is silent: global destructors may unload
//   modules after the driver has shut down at exit.
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <dlfcn.h>

#define COMPRESS_CUDA_EXPORT extern "C" __attribute__((visibility("default")))

//===----------------------------------------------------------------------===//
// The driver API subset, declared as cuda.h does (CUDA 12/13 values).
//===----------------------------------------------------------------------===//

namespace {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
using CUevent = struct CUevent_st *;

// CUresult.
constexpr CUresult CUDA_SUCCESS = 0;
constexpr CUresult CUDA_ERROR_DEINITIALIZED = 4;
constexpr CUresult CUDA_ERROR_NO_DEVICE = 100;
constexpr CUresult CUDA_ERROR_NO_BINARY_FOR_GPU = 209;
constexpr CUresult CUDA_ERROR_UNSUPPORTED_PTX_VERSION = 222;
// CUjit_option.
constexpr int CU_JIT_ERROR_LOG_BUFFER = 5;
constexpr int CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;
constexpr int CU_JIT_OPTIMIZATION_LEVEL = 7;
// CUdevice_attribute.
constexpr int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
constexpr int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97;
// CUfunction_attribute.
constexpr int CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8;
constexpr int CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED = 14;
// CUlaunchAttributeID and CUclusterSchedulingPolicy.
constexpr int CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION = 4;
constexpr int CU_LAUNCH_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE = 5;
constexpr int CU_CLUSTER_SCHEDULING_POLICY_SPREAD = 1;
// Flags.
constexpr unsigned CU_STREAM_NON_BLOCKING = 1;
constexpr unsigned CU_EVENT_DISABLE_TIMING = 2;
constexpr unsigned CU_MEM_ATTACH_GLOBAL = 1;

// CUlaunchAttribute: a 4-byte id padded to 8, then a 64-byte union.
struct CUlaunchAttribute {
  int id;
  char pad[4];
  union {
    char bytes[64];
    struct {
      unsigned x, y, z;
    } clusterDim;
    int clusterSchedulingPolicyPreference;
    void *alignment; // The union holds pointers: 8-byte aligned.
  } value;
};
static_assert(sizeof(CUlaunchAttribute) == 72, "layout of cuda.h");

struct CUlaunchConfig {
  unsigned gridDimX, gridDimY, gridDimZ;
  unsigned blockDimX, blockDimY, blockDimZ;
  unsigned sharedMemBytes;
  CUstream hStream;
  CUlaunchAttribute *attrs;
  unsigned numAttrs;
};
static_assert(sizeof(CUlaunchConfig) == 56, "layout of cuda.h");

/// The driver functions, resolved by their exported names (the `_v2` ones
/// where cuda.h maps the API name onto them).
struct Driver {
  CUresult (*cuGetErrorName)(CUresult, const char **);
  CUresult (*cuGetErrorString)(CUresult, const char **);
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetName)(char *, int, CUdevice);
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuModuleLoadDataEx)(CUmodule *, const void *, unsigned, int *,
                                 void **);
  CUresult (*cuModuleUnload)(CUmodule);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuFuncSetAttribute)(CUfunction, int, int);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, CUstream, void **,
                             void **);
  CUresult (*cuStreamCreate)(CUstream *, unsigned);
  CUresult (*cuStreamDestroy)(CUstream);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuStreamWaitEvent)(CUstream, CUevent, unsigned);
  CUresult (*cuEventCreate)(CUevent *, unsigned);
  CUresult (*cuEventDestroy)(CUevent);
  CUresult (*cuEventSynchronize)(CUevent);
  CUresult (*cuEventRecord)(CUevent, CUstream);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemAllocManaged)(CUdeviceptr *, size_t, unsigned);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
  CUresult (*cuMemsetD32Async)(CUdeviceptr, unsigned, size_t, CUstream);
  CUresult (*cuMemsetD16Async)(CUdeviceptr, unsigned short, size_t, CUstream);
  CUresult (*cuMemHostRegister)(void *, size_t, unsigned);
  CUresult (*cuMemHostUnregister)(void *);
  // Optional: only COMPRESS_GPU_KERNEL_TIMES needs it.
  CUresult (*cuEventElapsedTime)(float *, CUevent, CUevent);
  // Optional (CUDA 11.8 and later): only cluster launches need it.
  CUresult (*cuLaunchKernelEx)(const CUlaunchConfig *, CUfunction, void **,
                               void **);
};

//===----------------------------------------------------------------------===//
// Loading the driver, once.
//===----------------------------------------------------------------------===//

/// What the first use found. `devices` > 0 when the driver works; otherwise
/// 0 (driver but no device) or negative (no usable driver), with `reason`.
struct State {
  Driver api = {};
  int devices = 0;
  std::string reason;
};

State state;
std::once_flag stateOnce;

/// Resolves `name` into `fn`; false when the driver does not export it.
template <typename Fn> bool resolve(void *library, const char *name, Fn &fn) {
  fn = reinterpret_cast<Fn>(dlsym(library, name));
  return fn != nullptr;
}

/// "CUDA_ERROR_X: text" for `result`, through the driver when it can tell.
std::string describe(CUresult result) {
  const char *name = nullptr, *text = nullptr;
  if (state.api.cuGetErrorName)
    state.api.cuGetErrorName(result, &name);
  if (state.api.cuGetErrorString)
    state.api.cuGetErrorString(result, &text);
  std::string out = name ? name : "CUDA error " + std::to_string(result);
  if (text)
    out += std::string(": ") + text;
  return out;
}

void initialize() {
  // The driver is never closed: its own exit handlers shut it down.
  void *library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *error = dlerror();
    state.devices = -1;
    state.reason = std::string("no CUDA driver: ") +
                   (error ? error : "cannot load libcuda.so.1");
    return;
  }

  Driver &api = state.api;
  const char *missing = nullptr;
  auto need = [&](const char *name, auto &fn) {
    if (!resolve(library, name, fn) && !missing)
      missing = name;
  };
  need("cuGetErrorName", api.cuGetErrorName);
  need("cuGetErrorString", api.cuGetErrorString);
  need("cuInit", api.cuInit);
  need("cuDeviceGetCount", api.cuDeviceGetCount);
  need("cuDeviceGet", api.cuDeviceGet);
  need("cuDeviceGetName", api.cuDeviceGetName);
  need("cuDeviceGetAttribute", api.cuDeviceGetAttribute);
  need("cuDevicePrimaryCtxRetain", api.cuDevicePrimaryCtxRetain);
  need("cuCtxSetCurrent", api.cuCtxSetCurrent);
  need("cuModuleLoadDataEx", api.cuModuleLoadDataEx);
  need("cuModuleUnload", api.cuModuleUnload);
  need("cuModuleGetFunction", api.cuModuleGetFunction);
  need("cuFuncSetAttribute", api.cuFuncSetAttribute);
  need("cuLaunchKernel", api.cuLaunchKernel);
  need("cuStreamCreate", api.cuStreamCreate);
  need("cuStreamDestroy_v2", api.cuStreamDestroy);
  need("cuStreamSynchronize", api.cuStreamSynchronize);
  need("cuStreamWaitEvent", api.cuStreamWaitEvent);
  need("cuEventCreate", api.cuEventCreate);
  need("cuEventDestroy_v2", api.cuEventDestroy);
  need("cuEventSynchronize", api.cuEventSynchronize);
  need("cuEventRecord", api.cuEventRecord);
  need("cuMemAlloc_v2", api.cuMemAlloc);
  need("cuMemAllocManaged", api.cuMemAllocManaged);
  need("cuMemFree_v2", api.cuMemFree);
  need("cuMemcpyAsync", api.cuMemcpyAsync);
  need("cuMemsetD32Async", api.cuMemsetD32Async);
  need("cuMemsetD16Async", api.cuMemsetD16Async);
  need("cuMemHostRegister_v2", api.cuMemHostRegister);
  need("cuMemHostUnregister", api.cuMemHostUnregister);
  resolve(library, "cuLaunchKernelEx", api.cuLaunchKernelEx);
  resolve(library, "cuEventElapsedTime", api.cuEventElapsedTime);
  if (missing) {
    state.devices = -1;
    state.reason = std::string("no CUDA driver: libcuda.so.1 lacks ") +
                   missing + " (driver too old?)";
    return;
  }

  if (CUresult result = api.cuInit(0)) {
    // No device is the common case on a machine with the driver installed.
    state.devices = result == CUDA_ERROR_NO_DEVICE ? 0 : -2;
    state.reason =
        std::string(result == CUDA_ERROR_NO_DEVICE ? "no CUDA device: "
                                                   : "no CUDA driver: ") +
        "cuInit failed: " + describe(result);
    return;
  }
  int count = 0;
  if (CUresult result = api.cuDeviceGetCount(&count)) {
    state.devices = -2;
    state.reason =
        "no CUDA driver: cuDeviceGetCount failed: " + describe(result);
    return;
  }
  state.devices = count;
  if (count <= 0)
    state.reason = "no CUDA device: the driver reports none";
}

const State &getState() {
  std::call_once(stateOnce, initialize);
  return state;
}

//===----------------------------------------------------------------------===//
// Errors.
//===----------------------------------------------------------------------===//

/// Prints the failure of `call`.
void report(CUresult result, const char *call) {
  std::fprintf(stderr, "compress-cuda-runtime: %s failed: %s\n", call,
               describe(result).c_str());
}

/// Checks a call without which what follows is meaningless: abort.
void check(CUresult result, const char *call) {
  if (result == CUDA_SUCCESS)
    return;
  report(result, call);
  std::abort();
}

/// Checks a call that releases or pins: print and continue. A driver that
/// already shut down (global destructors at exit) is not worth a line.
void checkRelease(CUresult result, const char *call) {
  if (result != CUDA_SUCCESS && result != CUDA_ERROR_DEINITIALIZED)
    report(result, call);
}

/// The one message of a process without a usable driver, then exit(1).
[[noreturn]] void exitWithoutDevice(const State &s) {
  static std::atomic<bool> reported{false};
  // A second caller (another thread, or exit handlers calling back) must not
  // run the exit handlers again: the message is out already.
  if (reported.exchange(true))
    std::_Exit(1);
  std::fprintf(stderr,
               "compress-cuda-runtime: %s; --device=cuda needs an NVIDIA GPU "
               "and its driver (libcuda.so.1)\n",
               s.reason.c_str());
  std::exit(1);
}

//===----------------------------------------------------------------------===//
// Devices and contexts.
//===----------------------------------------------------------------------===//

/// The device whose primary context the entry points use.
std::atomic<int> defaultDevice{0};

constexpr int kMaxDevices = 64;
/// Primary contexts by ordinal, retained on first use and never released.
std::atomic<CUcontext> contexts[kMaxDevices];
std::mutex contextsMutex;

/// The driver, with the default device's primary context current on this
/// thread. Without a usable driver the process stops here.
const Driver &enter() {
  const State &s = getState();
  if (s.devices <= 0)
    exitWithoutDevice(s);
  int ordinal = defaultDevice.load(std::memory_order_relaxed);
  CUcontext context = contexts[ordinal].load(std::memory_order_acquire);
  if (!context) {
    std::lock_guard<std::mutex> lock(contextsMutex);
    context = contexts[ordinal].load(std::memory_order_relaxed);
    if (!context) {
      CUdevice device;
      check(s.api.cuDeviceGet(&device, ordinal), "cuDeviceGet");
      // Retaining does not change the current context; setting it does.
      check(s.api.cuDevicePrimaryCtxRetain(&context, device),
            "cuDevicePrimaryCtxRetain");
      contexts[ordinal].store(context, std::memory_order_release);
    }
  }
  // Cheap, and other code on this thread may have changed the context.
  check(s.api.cuCtxSetCurrent(context), "cuCtxSetCurrent");
  return s.api;
}

/// enter() for calls that release: nothing to release without a driver, and
/// nothing to do once the driver has shut down (exit). Null when so.
const Driver *enterToRelease() {
  const State &s = getState();
  if (s.devices <= 0)
    return nullptr;
  int ordinal = defaultDevice.load(std::memory_order_relaxed);
  CUcontext context = contexts[ordinal].load(std::memory_order_acquire);
  if (!context)
    return nullptr; // Nothing was created yet.
  CUresult result = s.api.cuCtxSetCurrent(context);
  if (result == CUDA_ERROR_DEINITIALIZED)
    return nullptr;
  check(result, "cuCtxSetCurrent");
  return &s.api;
}

/// Sets `chip` to "sm_XY", the compute capability of `device`.
CUresult getChip(const Driver &api, CUdevice device, std::string &chip) {
  int major = 0, minor = 0;
  if (CUresult result = api.cuDeviceGetAttribute(
          &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device))
    return result;
  if (CUresult result = api.cuDeviceGetAttribute(
          &minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device))
    return result;
  chip = "sm_" + std::to_string(major) + std::to_string(minor);
  return CUDA_SUCCESS;
}

//===----------------------------------------------------------------------===//
// Modules and launches.
//===----------------------------------------------------------------------===//

/// Loads a cubin, a fatbin or NUL-terminated PTX; `optLevel` >= 0 sets the
/// PTX JIT's level. The JIT's error log goes with a failure.
CUmodule loadModule(const Driver &api, const void *data, int optLevel,
                    const char *call) {
  char log[8192] = {0};
  // The driver's levels are 0 to 4.
  uintptr_t level = optLevel < 0 ? 0 : optLevel > 4 ? 4 : optLevel;
  int options[3] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                    CU_JIT_OPTIMIZATION_LEVEL};
  // Option values are passed in the pointers themselves.
  void *values[3] = {log, reinterpret_cast<void *>(sizeof(log)),
                     reinterpret_cast<void *>(level)};
  unsigned numOptions = optLevel < 0 ? 2 : 3;
  CUmodule module = nullptr;
  CUresult result =
      api.cuModuleLoadDataEx(&module, data, numOptions, options, values);
  if (result == CUDA_SUCCESS)
    return module;
  report(result, call);
  if (log[0])
    std::fprintf(stderr, "compress-cuda-runtime: JIT log:\n%s\n", log);
  if (result == CUDA_ERROR_NO_BINARY_FOR_GPU ||
      result == CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
    CUdevice device;
    std::string chip;
    if (!api.cuDeviceGet(&device, defaultDevice.load()))
      getChip(api, device, chip);
    std::fprintf(stderr,
                 "compress-cuda-runtime: the kernels do not suit device %d "
                 "(%s): compile them for its chip\n",
                 defaultDevice.load(), chip.empty() ? "?" : chip.c_str());
  }
  std::abort();
}

/// A launch dimension as the driver takes it; aborts when out of range.
unsigned launchDim(intptr_t value, const char *what) {
  if (value < 0 || static_cast<uintmax_t>(value) > 0xffffffffu) {
    std::fprintf(stderr,
                 "compress-cuda-runtime: launch %s %lld is out of range\n",
                 what, static_cast<long long>(value));
    std::abort();
  }
  return static_cast<unsigned>(value);
}

/// Allows `smem` bytes of dynamic shared memory beyond the default 48 KiB
/// when the device can opt in to them.
void allowSharedMemory(const Driver &api, CUfunction function, int32_t smem) {
  constexpr int32_t kDefaultLimit = 48 * 1024;
  if (smem <= kDefaultLimit)
    return;
  CUdevice device;
  check(api.cuDeviceGet(&device, defaultDevice.load()), "cuDeviceGet");
  int limit = 0;
  check(api.cuDeviceGetAttribute(
            &limit, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN,
            device),
        "cuDeviceGetAttribute");
  if (smem > limit) {
    std::fprintf(stderr,
                 "compress-cuda-runtime: the kernel asks for %d bytes of "
                 "shared memory; device %d allows %d\n",
                 smem, defaultDevice.load(), limit);
    std::abort();
  }
  check(api.cuFuncSetAttribute(
            function, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, smem),
        "cuFuncSetAttribute");
}

/// The memref descriptor's fixed part; `rank` sizes then `rank` strides
/// follow it (mlir/ExecutionEngine/CRunnerUtils.h, StridedMemRefType).
struct MemRefHeader {
  char *allocated;
  char *aligned;
  int64_t offset;
};

char *getMemRefData(const MemRefHeader *memref, int64_t elementSizeBytes) {
  return memref->aligned + memref->offset * elementSizeBytes;
}

} // namespace

//===----------------------------------------------------------------------===//
// Kernel times (COMPRESS_GPU_KERNEL_TIMES=1): each launch between two events,
// synchronized, and a table on stderr at exit.
//===----------------------------------------------------------------------===//

namespace {

struct KernelTime {
  std::string label; // "name (grid XxYxZ, block XxYxZ)"
  int64_t launches = 0;
  double totalMs = 0, minMs = 0, maxMs = 0;
};

class KernelTimes {
public:
  static KernelTimes &get() {
    static KernelTimes times;
    return times;
  }

  bool enabled() const { return on; }

  void recordName(CUfunction function, const char *name) {
    std::lock_guard<std::mutex> lock(mutex);
    names[function] = name;
  }

  void add(CUfunction function, const std::string &shape, float ms) {
    std::lock_guard<std::mutex> lock(mutex);
    auto key = std::make_pair(function, shape);
    auto found = index.find(key);
    if (found == index.end()) {
      found = index.emplace(key, kernels.size()).first;
      KernelTime time;
      auto name = names.find(function);
      time.label = (name == names.end() ? std::string("kernel")
                                        : name->second) +
                   " (" + shape + ")";
      time.minMs = ms;
      kernels.push_back(time);
    }
    KernelTime &time = kernels[found->second];
    ++time.launches;
    time.totalMs += ms;
    time.minMs = std::min(time.minMs, double(ms));
    time.maxMs = std::max(time.maxMs, double(ms));
  }

  ~KernelTimes() {
    if (!on || kernels.empty())
      return;
    double totalMs = 0;
    for (const KernelTime &time : kernels)
      totalMs += time.totalMs;
    std::fprintf(stderr,
                 "compress-cuda-runtime: kernel times, %zu kernels, %.3f us "
                 "in all (launches, total us, mean us, min us, max us):\n",
                 kernels.size(), totalMs * 1e3);
    for (const KernelTime &time : kernels)
      std::fprintf(stderr, "  %s: %lld, %.3f, %.3f, %.3f, %.3f\n",
                   time.label.c_str(), static_cast<long long>(time.launches),
                   time.totalMs * 1e3, time.totalMs * 1e3 / time.launches,
                   time.minMs * 1e3, time.maxMs * 1e3);
  }

private:
  KernelTimes() {
    const char *value = std::getenv("COMPRESS_GPU_KERNEL_TIMES");
    on = value && *value && std::string(value) != "0";
  }

  bool on = false;
  std::mutex mutex;
  std::map<CUfunction, std::string> names;
  std::map<std::pair<CUfunction, std::string>, size_t> index;
  std::vector<KernelTime> kernels; // In order of first launch.
};

/// Launches through `launch` between two timing events on `stream` and
/// adds the elapsed time to the table.
template <typename Launch>
void timeLaunch(const Driver &api, CUfunction function, CUstream stream,
                const std::string &shape, Launch launch) {
  if (!api.cuEventElapsedTime) {
    std::fprintf(stderr, "compress-cuda-runtime: COMPRESS_GPU_KERNEL_TIMES "
                         "needs cuEventElapsedTime, which the driver lacks\n");
    std::abort();
  }
  CUevent start = nullptr, stop = nullptr;
  check(api.cuEventCreate(&start, 0), "cuEventCreate");
  check(api.cuEventCreate(&stop, 0), "cuEventCreate");
  check(api.cuEventRecord(start, stream), "cuEventRecord");
  launch();
  check(api.cuEventRecord(stop, stream), "cuEventRecord");
  check(api.cuEventSynchronize(stop), "cuEventSynchronize");
  float ms = 0;
  check(api.cuEventElapsedTime(&ms, start, stop), "cuEventElapsedTime");
  checkRelease(api.cuEventDestroy(start), "cuEventDestroy");
  checkRelease(api.cuEventDestroy(stop), "cuEventDestroy");
  KernelTimes::get().add(function, shape, ms);
}

std::string launchShape(intptr_t gridX, intptr_t gridY, intptr_t gridZ,
                        intptr_t blockX, intptr_t blockY, intptr_t blockZ) {
  return "grid " + std::to_string(gridX) + "x" + std::to_string(gridY) + "x" +
         std::to_string(gridZ) + ", block " + std::to_string(blockX) + "x" +
         std::to_string(blockY) + "x" + std::to_string(blockZ);
}

} // namespace

//===----------------------------------------------------------------------===//
// Entry points: modules and kernels.
//===----------------------------------------------------------------------===//

/// A cubin or fatbin (gpu.binary with format bin or fatbin). `size` is not
/// needed: both formats carry their own.
COMPRESS_CUDA_EXPORT CUmodule mgpuModuleLoad(void *data, size_t size) {
  (void)size;
  return loadModule(enter(), data, /*optLevel=*/-1, "cuModuleLoadDataEx");
}

/// PTX text, NUL-terminated (gpu.binary with format isa), compiled by the
/// driver's JIT at `optLevel` (the target's O, 0 to 4).
COMPRESS_CUDA_EXPORT CUmodule mgpuModuleLoadJIT(void *data, int optLevel) {
  return loadModule(enter(), data, optLevel, "cuModuleLoadDataEx (PTX JIT)");
}

COMPRESS_CUDA_EXPORT void compressGpuReleaseDeviceConstants();

/// Unloading a module (the global destructor of a compiled program) also
/// frees every device constant: a later program's constant may lie at the
/// same host address, and its first call must copy it anew.
COMPRESS_CUDA_EXPORT void mgpuModuleUnload(CUmodule module) {
  compressGpuReleaseDeviceConstants();
  if (const Driver *api = enterToRelease())
    checkRelease(api->cuModuleUnload(module), "cuModuleUnload");
}

COMPRESS_CUDA_EXPORT CUfunction mgpuModuleGetFunction(CUmodule module,
                                                      const char *name) {
  const Driver &api = enter();
  CUfunction function = nullptr;
  if (CUresult result = api.cuModuleGetFunction(&function, module, name)) {
    std::string call = std::string("cuModuleGetFunction(\"") + name + "\")";
    check(result, call.c_str());
  }
  if (KernelTimes::get().enabled())
    KernelTimes::get().recordName(function, name);
  return function;
}

/// Dimensions are intptr_t, MLIR's index, and the driver narrows them to
/// unsigned. The trailing parameter count (MLIR 22 passes it) is unused:
/// `params` points at one pointer per argument.
COMPRESS_CUDA_EXPORT void mgpuLaunchKernel(CUfunction function, intptr_t gridX,
                                           intptr_t gridY, intptr_t gridZ,
                                           intptr_t blockX, intptr_t blockY,
                                           intptr_t blockZ, int32_t smem,
                                           CUstream stream, void **params,
                                           void **extra, size_t paramsCount) {
  (void)paramsCount;
  const Driver &api = enter();
  // An empty grid (zero-sized dynamic shapes) has nothing to run; the driver
  // would refuse it.
  if (!gridX || !gridY || !gridZ || !blockX || !blockY || !blockZ)
    return;
  allowSharedMemory(api, function, smem);
  auto launch = [&] {
    check(api.cuLaunchKernel(
              function, launchDim(gridX, "grid x"), launchDim(gridY, "grid y"),
              launchDim(gridZ, "grid z"), launchDim(blockX, "block x"),
              launchDim(blockY, "block y"), launchDim(blockZ, "block z"),
              static_cast<unsigned>(smem), stream, params, extra),
          "cuLaunchKernel");
  };
  if (KernelTimes::get().enabled())
    timeLaunch(api, function, stream,
               launchShape(gridX, gridY, gridZ, blockX, blockY, blockZ),
               launch);
  else
    launch();
}

/// gpu.launch_func with `clusters in`: thread block clusters (sm_90), through
/// cuLaunchKernelEx. The grid counts blocks, as in mgpuLaunchKernel. MLIR 22
/// passes no parameter count here (upstream's wrapper declares one more,
/// unused, parameter).
COMPRESS_CUDA_EXPORT void
mgpuLaunchClusterKernel(CUfunction function, intptr_t clusterX,
                        intptr_t clusterY, intptr_t clusterZ, intptr_t gridX,
                        intptr_t gridY, intptr_t gridZ, intptr_t blockX,
                        intptr_t blockY, intptr_t blockZ, int32_t smem,
                        CUstream stream, void **params, void **extra) {
  const Driver &api = enter();
  if (!api.cuLaunchKernelEx) {
    std::fprintf(stderr, "compress-cuda-runtime: cluster launches need "
                         "cuLaunchKernelEx (CUDA 11.8 or later)\n");
    std::abort();
  }
  if (!gridX || !gridY || !gridZ || !blockX || !blockY || !blockZ)
    return;
  allowSharedMemory(api, function, smem);
  // More than 8 blocks per cluster is "non-portable" and needs opting in.
  if (clusterX * clusterY * clusterZ > 8)
    check(api.cuFuncSetAttribute(
              function, CU_FUNC_ATTRIBUTE_NON_PORTABLE_CLUSTER_SIZE_ALLOWED, 1),
          "cuFuncSetAttribute");

  CUlaunchAttribute attributes[2] = {};
  attributes[0].id = CU_LAUNCH_ATTRIBUTE_CLUSTER_DIMENSION;
  attributes[0].value.clusterDim.x = launchDim(clusterX, "cluster x");
  attributes[0].value.clusterDim.y = launchDim(clusterY, "cluster y");
  attributes[0].value.clusterDim.z = launchDim(clusterZ, "cluster z");
  attributes[1].id = CU_LAUNCH_ATTRIBUTE_CLUSTER_SCHEDULING_POLICY_PREFERENCE;
  attributes[1].value.clusterSchedulingPolicyPreference =
      CU_CLUSTER_SCHEDULING_POLICY_SPREAD;
  CUlaunchConfig config = {};
  config.gridDimX = launchDim(gridX, "grid x");
  config.gridDimY = launchDim(gridY, "grid y");
  config.gridDimZ = launchDim(gridZ, "grid z");
  config.blockDimX = launchDim(blockX, "block x");
  config.blockDimY = launchDim(blockY, "block y");
  config.blockDimZ = launchDim(blockZ, "block z");
  config.sharedMemBytes = static_cast<unsigned>(smem);
  config.hStream = stream;
  config.attrs = attributes;
  config.numAttrs = 2;
  auto launch = [&] {
    check(api.cuLaunchKernelEx(&config, function, params, extra),
          "cuLaunchKernelEx");
  };
  if (KernelTimes::get().enabled())
    timeLaunch(api, function, stream,
               launchShape(gridX, gridY, gridZ, blockX, blockY, blockZ) +
                   ", cluster " + std::to_string(clusterX) + "x" +
                   std::to_string(clusterY) + "x" + std::to_string(clusterZ),
               launch);
  else
    launch();
}

//===----------------------------------------------------------------------===//
// Entry points: streams and events.
//===----------------------------------------------------------------------===//

/// Non-blocking: the stream does not order itself after the legacy stream 0.
COMPRESS_CUDA_EXPORT CUstream mgpuStreamCreate() {
  const Driver &api = enter();
  CUstream stream = nullptr;
  check(api.cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
  return stream;
}

COMPRESS_CUDA_EXPORT void mgpuStreamDestroy(CUstream stream) {
  if (const Driver *api = enterToRelease())
    checkRelease(api->cuStreamDestroy(stream), "cuStreamDestroy");
}

/// Where asynchronous kernel faults surface: abort on them.
COMPRESS_CUDA_EXPORT void mgpuStreamSynchronize(CUstream stream) {
  check(enter().cuStreamSynchronize(stream), "cuStreamSynchronize");
}

COMPRESS_CUDA_EXPORT void mgpuStreamWaitEvent(CUstream stream, CUevent event) {
  check(enter().cuStreamWaitEvent(stream, event, /*flags=*/0),
        "cuStreamWaitEvent");
}

/// Events only order streams here: no timing.
COMPRESS_CUDA_EXPORT CUevent mgpuEventCreate() {
  const Driver &api = enter();
  CUevent event = nullptr;
  check(api.cuEventCreate(&event, CU_EVENT_DISABLE_TIMING), "cuEventCreate");
  return event;
}

COMPRESS_CUDA_EXPORT void mgpuEventDestroy(CUevent event) {
  if (const Driver *api = enterToRelease())
    checkRelease(api->cuEventDestroy(event), "cuEventDestroy");
}

COMPRESS_CUDA_EXPORT void mgpuEventSynchronize(CUevent event) {
  check(enter().cuEventSynchronize(event), "cuEventSynchronize");
}

COMPRESS_CUDA_EXPORT void mgpuEventRecord(CUevent event, CUstream stream) {
  check(enter().cuEventRecord(event, stream), "cuEventRecord");
}

//===----------------------------------------------------------------------===//
// Entry points: memory.
//===----------------------------------------------------------------------===//

/// Device memory, or managed memory that the host reaches too (gpu.alloc
/// host_shared). Zero bytes give null, which mgpuMemFree accepts. The stream
/// is unused: allocation is synchronous.
COMPRESS_CUDA_EXPORT void *mgpuMemAlloc(uint64_t sizeBytes, CUstream stream,
                                        bool isHostShared) {
  (void)stream;
  const Driver &api = enter();
  if (sizeBytes == 0)
    return nullptr;
  CUdeviceptr pointer = 0;
  if (isHostShared)
    check(api.cuMemAllocManaged(&pointer, sizeBytes, CU_MEM_ATTACH_GLOBAL),
          "cuMemAllocManaged");
  else
    check(api.cuMemAlloc(&pointer, sizeBytes), "cuMemAlloc");
  return reinterpret_cast<void *>(pointer);
}

/// Frees device or managed memory; the stream is unused (cuMemFree waits).
COMPRESS_CUDA_EXPORT void mgpuMemFree(void *pointer, CUstream stream) {
  (void)stream;
  if (!pointer)
    return;
  if (const Driver *api = enterToRelease())
    checkRelease(api->cuMemFree(reinterpret_cast<CUdeviceptr>(pointer)),
                 "cuMemFree");
}

/// Any direction: with unified addressing the driver tells host from device
/// pointers.
COMPRESS_CUDA_EXPORT void mgpuMemcpy(void *dst, void *src, size_t sizeBytes,
                                     CUstream stream) {
  const Driver &api = enter();
  if (sizeBytes == 0)
    return;
  check(api.cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                          reinterpret_cast<CUdeviceptr>(src), sizeBytes,
                          stream),
        "cuMemcpyAsync");
}

/// `count` 32-bit words.
COMPRESS_CUDA_EXPORT void mgpuMemset32(void *dst, unsigned int value,
                                       size_t count, CUstream stream) {
  const Driver &api = enter();
  if (count == 0)
    return;
  check(api.cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(dst), value, count,
                             stream),
        "cuMemsetD32Async");
}

/// `count` 16-bit words.
COMPRESS_CUDA_EXPORT void mgpuMemset16(void *dst, unsigned short value,
                                       size_t count, CUstream stream) {
  const Driver &api = enter();
  if (count == 0)
    return;
  check(api.cuMemsetD16Async(reinterpret_cast<CUdeviceptr>(dst), value, count,
                             stream),
        "cuMemsetD16Async");
}

/// Page-locks host memory so copies to and from it are direct. A failure
/// (already registered, say) only costs speed: reported, not fatal.
COMPRESS_CUDA_EXPORT void mgpuMemHostRegister(void *pointer,
                                              uint64_t sizeBytes) {
  const Driver &api = enter();
  if (!pointer || sizeBytes == 0)
    return;
  checkRelease(api.cuMemHostRegister(pointer, sizeBytes, /*flags=*/0),
               "cuMemHostRegister");
}

/// gpu.host_register of a memref: `descriptor` points at a ranked descriptor
/// of `rank`. Registers the bytes its elements span, from the first one.
COMPRESS_CUDA_EXPORT void mgpuMemHostRegisterMemRef(int64_t rank,
                                                    void *descriptor,
                                                    int64_t elementSizeBytes) {
  const auto *memref = static_cast<const MemRefHeader *>(descriptor);
  const auto *sizes = reinterpret_cast<const int64_t *>(memref + 1);
  const int64_t *strides = sizes + rank;
  // Upstream asks for a dense layout; the span of the last element covers
  // strided ones too (strides are not negative in memrefs from tensors).
  int64_t lastElement = 0;
  for (int64_t i = 0; i < rank; ++i) {
    if (sizes[i] == 0)
      return; // No element.
    lastElement += (sizes[i] - 1) * strides[i];
  }
  mgpuMemHostRegister(getMemRefData(memref, elementSizeBytes),
                      static_cast<uint64_t>(lastElement + 1) *
                          static_cast<uint64_t>(elementSizeBytes));
}

COMPRESS_CUDA_EXPORT void mgpuMemHostUnregister(void *pointer) {
  if (!pointer)
    return;
  if (const Driver *api = enterToRelease())
    checkRelease(api->cuMemHostUnregister(pointer), "cuMemHostUnregister");
}

COMPRESS_CUDA_EXPORT void
mgpuMemHostUnregisterMemRef(int64_t rank, void *descriptor,
                            int64_t elementSizeBytes) {
  (void)rank;
  mgpuMemHostUnregister(getMemRefData(
      static_cast<const MemRefHeader *>(descriptor), elementSizeBytes));
}

//===----------------------------------------------------------------------===//
// Entry points: constants on the device, copied once.
//===----------------------------------------------------------------------===//

namespace {

/// A 1-D memref descriptor (StridedMemRefType<int8_t, 1>).
struct ByteMemRef {
  char *allocated;
  char *aligned;
  int64_t offset;
  int64_t size;
  int64_t stride;
};

/// The device copies of host constants, by device ordinal and host address.
struct DeviceConstant {
  CUdeviceptr pointer;
  int64_t bytes;
};
std::map<std::pair<int, const void *>, DeviceConstant> deviceConstants;
std::mutex deviceConstantsMutex;

} // namespace

/// The device copy of `bytes` bytes of constant host memory at `host` (a
/// weight of the module: compress-gpu-device-memory calls this where
/// memref.get_global was, docs/gpu.md). The first call for an address
/// allocates and copies; later calls return the same buffer, which lives
/// until compressGpuReleaseDeviceConstants: the next module unload, or a
/// host that calls it. The host bytes must not change while the copy lives.
COMPRESS_CUDA_EXPORT void
_mlir_ciface_compressGpuDeviceConstant(ByteMemRef *result, int64_t host,
                                       int64_t bytes) {
  const Driver &api = enter();
  const void *address = reinterpret_cast<const void *>(host);
  std::lock_guard<std::mutex> lock(deviceConstantsMutex);
  auto key = std::make_pair(defaultDevice.load(), address);
  auto found = deviceConstants.find(key);
  if (found == deviceConstants.end()) {
    DeviceConstant copy = {0, bytes};
    if (bytes > 0) {
      check(api.cuMemAlloc(&copy.pointer, bytes), "cuMemAlloc");
      // The default stream; synchronous, as the kernels that read it follow.
      check(api.cuMemcpyAsync(copy.pointer, static_cast<CUdeviceptr>(host),
                              bytes, nullptr),
            "cuMemcpyAsync");
      check(api.cuStreamSynchronize(nullptr), "cuStreamSynchronize");
    }
    found = deviceConstants.emplace(key, copy).first;
  } else if (found->second.bytes != bytes) {
    std::fprintf(stderr,
                 "compress-cuda-runtime: the constant at %p was %lld bytes "
                 "and is now %lld: constants must not move or change\n",
                 address, static_cast<long long>(found->second.bytes),
                 static_cast<long long>(bytes));
    std::abort();
  }
  char *device = reinterpret_cast<char *>(found->second.pointer);
  *result = {device, device, /*offset=*/0, bytes, /*stride=*/1};
}

/// Frees every device copy of compressGpuDeviceConstant, on every device;
/// the next call copies anew. mgpuModuleUnload calls it.
COMPRESS_CUDA_EXPORT void compressGpuReleaseDeviceConstants() {
  std::lock_guard<std::mutex> lock(deviceConstantsMutex);
  const State &s = getState();
  for (auto &[key, copy] : deviceConstants) {
    CUcontext context = contexts[key.first].load(std::memory_order_acquire);
    if (!copy.pointer || !context || s.devices <= 0)
      continue;
    CUresult result = s.api.cuCtxSetCurrent(context);
    if (result == CUDA_ERROR_DEINITIALIZED)
      break; // The driver shut down, and freed everything with it.
    check(result, "cuCtxSetCurrent");
    checkRelease(s.api.cuMemFree(copy.pointer), "cuMemFree");
  }
  deviceConstants.clear();
}

//===----------------------------------------------------------------------===//
// Entry points: devices.
//===----------------------------------------------------------------------===//

/// gpu.set_default_device: the device of the calls that follow, in every
/// thread.
COMPRESS_CUDA_EXPORT void mgpuSetDefaultDevice(int32_t device) {
  const State &s = getState();
  if (s.devices <= 0)
    exitWithoutDevice(s);
  if (device < 0 || device >= s.devices || device >= kMaxDevices) {
    std::fprintf(stderr,
                 "compress-cuda-runtime: mgpuSetDefaultDevice: no device %d "
                 "(%d devices)\n",
                 device, s.devices);
    std::abort();
  }
  defaultDevice.store(device, std::memory_order_relaxed);
}

/// For tools, before they compile: never exits. Returns the number of CUDA
/// devices and describes device 0 in `message` ("NVIDIA H100 80GB HBM3,
/// sm_90, 132 SMs"). Otherwise returns 0 (a driver, but no device) or a
/// negative number (-1: no usable libcuda.so.1, -2: cuInit or the device
/// count failed) and writes the reason ("no CUDA driver: libcuda.so.1:
/// cannot open shared object file: No such file or directory").
COMPRESS_CUDA_EXPORT int compressCudaProbe(char *message, size_t size) {
  const State &s = getState();
  std::string text = s.reason;
  if (s.devices > 0) {
    const Driver &api = s.api;
    CUdevice device;
    char name[256] = {0};
    int processors = 0;
    std::string chip;
    CUresult result = api.cuDeviceGet(&device, 0);
    if (!result)
      result = api.cuDeviceGetName(name, sizeof(name), device);
    if (!result)
      result = getChip(api, device, chip);
    if (!result)
      result = api.cuDeviceGetAttribute(
          &processors, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device);
    // Devices there are, even when the driver cannot describe the first.
    text = result
               ? "CUDA device 0 (cannot describe it: " + describe(result) + ")"
               : std::string(name) + ", " + chip + ", " +
                     std::to_string(processors) + " SMs";
  }
  if (message && size)
    std::snprintf(message, size, "%s", text.c_str());
  return s.devices;
}
