//===- WeightSets.h - Weight buffers for the benchmark ----------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// `count` distinct weight matrices of one case, each storage tensor in its
// own 2 MiB-aligned anonymous mapping (madvise(MADV_HUGEPAGE) unless huge
// pages are off: THP runs in `madvise` mode on the benchmark machines), and
// their dense values for the reference. A policy preset's weight is encoded
// once by the encoder of lib/Quantizers and copied into every matrix.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_BENCH_GEMV_WEIGHTSETS_H
#define COMPRESS_BENCH_GEMV_WEIGHTSETS_H

#include "bench/gemv/KernelSource.h"

#include "mlir/IR/MLIRContext.h"
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
  /// Presets: the decoded weight [N, K] that the storage holds (shared).
  const float *decoded = nullptr;
};

/// A policy preset's weight, encoded once.
struct PresetWeight {
  /// The bytes of each storage tensor, in the order of
  /// KernelCase::presetStorage.
  std::vector<std::vector<uint8_t>> bytes;
  /// The encoder's decoded weight, f32 [N, K]: the reference's weights.
  std::vector<float> decoded;
  /// ||W - decoded|| / ||W|| and what the encoder ran ("rtn", "svd", ...).
  double weightRelError = 0;
  std::string method;
};

/// Resolves `kernel.preset` (docs/policy.md) for the [N, K] weight of an
/// nn.Linear, sets `kernel.attribute` and `kernel.presetStorage`, and
/// encodes a seeded weight: normal values of std 0.02, or for a preset with
/// a `lowrank-<r>` part a product of two random factors of rank r plus 1 %
/// of noise, so that the truncated SVD has something to find. The logical
/// element type is `kernel.elementType` (f32 even where the values or
/// factors are stored as f16, unless asked).
llvm::Expected<PresetWeight> encodePreset(MLIRContext &context,
                                          KernelCase &kernel, uint64_t seed);

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
