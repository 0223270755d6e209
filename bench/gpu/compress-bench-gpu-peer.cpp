//===- compress-bench-gpu-peer.cpp - The GPU peers of the benchmarks ------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The two reference figures of issue 8's GPU benchmarks (bench/README.md,
// "GPU"), measured on device 0 through the CUDA runtime and cuBLAS of the
// toolkit in /usr/local/cuda:
//  * copy: the device-to-device copy bandwidth (cudaMemcpy of a buffer of
//    --copy-mib MiB), which the GEMV target is a fraction of;
//  * gemm: dense f16 x f16 -> f32 matmuls through cublasGemmEx (f32
//    compute), Y[M, N] = X[M, K] * W[N, K]^T as nn.Linear stores W, for
//    each M of --m.
// Each figure is the median of --reps timed runs (CUDA events) after one
// warm-up. One JSON object per line on stdout.
//
//===----------------------------------------------------------------------===//

#include <cublas_v2.h>
#include <cuda_fp16.h>
#include <cuda_runtime_api.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

[[noreturn]] void fail(const std::string &what) {
  std::fprintf(stderr, "compress-bench-gpu-peer: %s\n", what.c_str());
  std::exit(1);
}

void check(cudaError_t result, const char *call) {
  if (result != cudaSuccess)
    fail(std::string(call) + ": " + cudaGetErrorString(result));
}

void check(cublasStatus_t result, const char *call) {
  if (result != CUBLAS_STATUS_SUCCESS)
    fail(std::string(call) + ": cuBLAS status " + std::to_string(result));
}

struct Options {
  std::vector<long> rows = {1, 16, 512};
  long n = 4096, k = 4096;
  long copyMiB = 1024;
  int reps = 50;
};

std::vector<long> parseList(const char *text) {
  std::vector<long> values;
  for (const char *p = text; *p;) {
    char *end = nullptr;
    long value = std::strtol(p, &end, 10);
    if (end == p || value <= 0)
      fail(std::string("bad list: ") + text);
    values.push_back(value);
    p = *end == ',' ? end + 1 : end;
    if (*end && *end != ',')
      fail(std::string("bad list: ") + text);
  }
  return values;
}

Options parse(int argc, char **argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> const char * {
      if (i + 1 >= argc)
        fail("missing value after " + arg);
      return argv[++i];
    };
    if (arg == "--m")
      options.rows = parseList(value());
    else if (arg == "--n")
      options.n = parseList(value()).at(0);
    else if (arg == "--k")
      options.k = parseList(value()).at(0);
    else if (arg == "--copy-mib")
      options.copyMiB = parseList(value()).at(0);
    else if (arg == "--reps")
      options.reps = int(parseList(value()).at(0));
    else if (arg == "--help") {
      std::printf("usage: compress-bench-gpu-peer [--m 1,16,512] [--n 4096] "
                  "[--k 4096] [--copy-mib 1024] [--reps 50]\n");
      std::exit(0);
    } else
      fail("unknown argument " + arg + " (see --help)");
  }
  return options;
}

/// The median time in microseconds of `reps` runs of `run`, after one.
template <typename Run> double medianMicros(int reps, Run run) {
  cudaEvent_t start, stop;
  check(cudaEventCreate(&start), "cudaEventCreate");
  check(cudaEventCreate(&stop), "cudaEventCreate");
  run();
  check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  std::vector<double> times;
  for (int i = 0; i < reps; ++i) {
    check(cudaEventRecord(start, nullptr), "cudaEventRecord");
    run();
    check(cudaEventRecord(stop, nullptr), "cudaEventRecord");
    check(cudaEventSynchronize(stop), "cudaEventSynchronize");
    float ms = 0;
    check(cudaEventElapsedTime(&ms, start, stop), "cudaEventElapsedTime");
    times.push_back(ms * 1e3);
  }
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

template <typename T> T *allocate(size_t count) {
  void *memory = nullptr;
  check(cudaMalloc(&memory, count * sizeof(T)), "cudaMalloc");
  return static_cast<T *>(memory);
}

/// Fills `count` halves at `device` with small values (0.01 * (i % 7 - 3)).
void fillHalves(__half *device, size_t count) {
  std::vector<__half> host(count);
  for (size_t i = 0; i < count; ++i)
    host[i] = __float2half(0.01f * float(int(i % 7) - 3));
  check(cudaMemcpy(device, host.data(), count * sizeof(__half),
                   cudaMemcpyHostToDevice),
        "cudaMemcpy");
}

} // namespace

int main(int argc, char **argv) {
  Options options = parse(argc, argv);
  cudaDeviceProp properties;
  check(cudaGetDeviceProperties(&properties, 0), "cudaGetDeviceProperties");
  std::printf("{\"device\": \"%s\", \"sm\": %d%d}\n", properties.name,
              properties.major, properties.minor);

  // Device-to-device copy: each byte is read once and written once.
  size_t bytes = size_t(options.copyMiB) << 20;
  char *source = allocate<char>(bytes), *target = allocate<char>(bytes);
  check(cudaMemset(source, 1, bytes), "cudaMemset");
  double copyMicros = medianMicros(options.reps, [&] {
    check(cudaMemcpyAsync(target, source, bytes, cudaMemcpyDeviceToDevice,
                          nullptr),
          "cudaMemcpyAsync");
  });
  std::printf("{\"peer\": \"copy\", \"bytes\": %zu, \"us\": %.3f, "
              "\"copied_gb_per_s\": %.1f, \"traffic_gb_per_s\": %.1f}\n",
              bytes, copyMicros, bytes / copyMicros * 1e-3,
              2.0 * bytes / copyMicros * 1e-3);
  cudaFree(source);
  cudaFree(target);

  // cuBLAS f16: column-major Y^T[N, M] = W[N, K] (stored as K x N column
  // major, transposed) * X^T[K, M].
  cublasHandle_t handle;
  check(cublasCreate(&handle), "cublasCreate");
  long maxRows = *std::max_element(options.rows.begin(), options.rows.end());
  __half *w = allocate<__half>(options.n * options.k);
  __half *x = allocate<__half>(maxRows * options.k);
  float *y = allocate<float>(maxRows * options.n);
  fillHalves(w, options.n * options.k);
  fillHalves(x, maxRows * options.k);
  float alpha = 1, beta = 0;
  for (long m : options.rows) {
    double micros = medianMicros(options.reps, [&] {
      check(cublasGemmEx(handle, CUBLAS_OP_T, CUBLAS_OP_N, int(options.n),
                         int(m), int(options.k), &alpha, w, CUDA_R_16F,
                         int(options.k), x, CUDA_R_16F, int(options.k),
                         &beta, y, CUDA_R_32F, int(options.n),
                         CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
            "cublasGemmEx");
    });
    double weightBytes = 2.0 * options.n * options.k;
    std::printf("{\"peer\": \"cublas-f16\", \"m\": %ld, \"n\": %ld, \"k\": "
                "%ld, \"us\": %.3f, \"weight_gb_per_s\": %.1f, "
                "\"tflop_per_s\": %.2f}\n",
                m, options.n, options.k, micros, weightBytes / micros * 1e-3,
                2.0 * m * options.n * options.k / micros * 1e-6);
  }
  cublasDestroy(handle);
  cudaFree(w);
  cudaFree(x);
  cudaFree(y);
  return 0;
}
