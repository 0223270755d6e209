//===- WeightSets.h - Weight buffers for the benchmark ----------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// `count` distinct weight matrices of one case, each storage tensor in its
// own 2 MiB-aligned anonymous mapping (madvise(MADV_HUGEPAGE) unless huge
// pages are off: THP runs in `madvise` mode on the benchmark machines), and
// their dense values for the reference.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_BENCH_GEMV_WEIGHTSETS_H
#define COMPRESS_BENCH_GEMV_WEIGHTSETS_H

#include "bench/gemv/KernelSource.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <vector>

namespace mlir::compress::bench {

/// A 2 MiB-aligned anonymous mapping of at least `bytes` bytes, unmapped on
/// destruction.
class AlignedBuffer {
public:
  static llvm::Expected<std::unique_ptr<AlignedBuffer>>
  allocate(size_t bytes, bool hugePages);
  ~AlignedBuffer();
  char *data() const { return aligned; }
  size_t size() const { return bytes; }

private:
  AlignedBuffer() = default;
  void *mapping = nullptr;
  size_t mappingBytes = 0;
  char *aligned = nullptr;
  size_t bytes = 0;
};

/// AnonHugePages of this process (/proc/self/smaps_rollup) in MiB, or -1
/// where it cannot be read: whether the weights really got huge pages.
int64_t getAnonHugePagesMiB();

/// One weight matrix: one buffer per storage tensor of its case, in order.
struct WeightSet {
  std::vector<std::unique_ptr<AlignedBuffer>> storage;
};

/// Fills `set` with seeded pseudo-random storage: uniformly random codes
/// (every nibble or byte value), positive scales around 0.02 / 8, dense
/// weights uniform in [-0.05, 0.05].
void fillSeeded(const KernelCase &kernel, WeightSet &set, uint64_t seed);

/// Reads matrix `index` from `dir`, written by bench/gemv/export_weights.py
/// from the peer's generator (already converted to our signed codes).
llvm::Error loadPeerWeights(const KernelCase &kernel, llvm::StringRef dir,
                            unsigned index, WeightSet &set);

/// Reads the peer's input x [m, k] (x_m<M>.npy of export_weights.py).
llvm::Error loadPeerInput(llvm::StringRef dir, int64_t m, int64_t k,
                          std::vector<float> &x);

/// Row `row` of the decoded weight matrix of `set`, in double.
void decodeRow(const KernelCase &kernel, const WeightSet &set, int64_t row,
               double *values);

} // namespace mlir::compress::bench

#endif // COMPRESS_BENCH_GEMV_WEIGHTSETS_H
