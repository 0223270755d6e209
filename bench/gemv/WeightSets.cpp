//===- WeightSets.cpp - Weight buffers for the benchmark ------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "bench/gemv/WeightSets.h"

#include "llvm/Support/FormatVariadic.h"

#include <cerrno>
#include <cstring>
#include <sys/mman.h>

using namespace mlir::compress::bench;

static constexpr size_t kHugePage = size_t(2) << 20;

llvm::Expected<std::unique_ptr<AlignedBuffer>>
AlignedBuffer::allocate(size_t bytes, bool hugePages) {
  std::unique_ptr<AlignedBuffer> buffer(new AlignedBuffer);
  size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  buffer->mappingBytes = rounded + kHugePage;
  buffer->mapping = mmap(nullptr, buffer->mappingBytes, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (buffer->mapping == MAP_FAILED) {
    buffer->mapping = nullptr;
    return llvm::createStringError(
        llvm::formatv("cannot map {0} bytes: {1}", bytes, std::strerror(errno))
            .str());
  }
  auto address = reinterpret_cast<uintptr_t>(buffer->mapping);
  buffer->aligned = reinterpret_cast<char *>((address + kHugePage - 1) /
                                             kHugePage * kHugePage);
  buffer->bytes = bytes;
  // Before the first touch, so that the pages are huge from the start.
  if (hugePages && madvise(buffer->aligned, rounded, MADV_HUGEPAGE) != 0)
    return llvm::createStringError(
        llvm::formatv("madvise(MADV_HUGEPAGE) failed: {0}",
                      std::strerror(errno))
            .str());
  return std::move(buffer);
}

AlignedBuffer::~AlignedBuffer() {
  if (mapping)
    munmap(mapping, mappingBytes);
}

namespace {
/// xorshift64*: fast, and the same stream on every machine.
struct Random {
  uint64_t state;
  explicit Random(uint64_t seed) : state(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint64_t next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1Dull;
  }
  /// Uniform in [0, 1).
  double uniform() { return (next() >> 11) * 0x1.0p-53; }
};
} // namespace

void mlir::compress::bench::fillSeeded(const KernelCase &kernel, WeightSet &set,
                                 uint64_t seed) {
  Random random(seed);
  llvm::SmallVector<StorageTensor> storage = kernel.getStorage();
  for (auto [tensor, buffer] : llvm::zip(storage, set.storage)) {
    int64_t count = tensor.rows * tensor.cols;
    char *data = buffer->data();
    if (tensor.role == "codes") {
      for (int64_t i = 0; i < count; i += 8) {
        uint64_t bits = random.next();
        std::memcpy(data + i, &bits, std::min<int64_t>(8, count - i));
      }
    } else if (tensor.role == "scales") {
      auto *scales = reinterpret_cast<float *>(data);
      for (int64_t i = 0; i < count; ++i)
        scales[i] = static_cast<float>(0.0025 * (0.5 + random.uniform()));
    } else if (tensor.elementBytes == 4) {
      auto *weights = reinterpret_cast<float *>(data);
      for (int64_t i = 0; i < count; ++i)
        weights[i] = static_cast<float>(0.1 * random.uniform() - 0.05);
    } else {
      auto *weights = reinterpret_cast<_Float16 *>(data);
      for (int64_t i = 0; i < count; ++i)
        weights[i] = static_cast<_Float16>(0.1 * random.uniform() - 0.05);
    }
  }
}

void mlir::compress::bench::decodeRow(const KernelCase &kernel, const WeightSet &set,
                                int64_t row, double *values) {
  int64_t k = kernel.k;
  switch (kernel.encoding) {
  case Encoding::DenseF32: {
    auto *weights = reinterpret_cast<const float *>(set.storage[0]->data());
    for (int64_t i = 0; i < k; ++i)
      values[i] = weights[row * k + i];
    return;
  }
  case Encoding::DenseF16: {
    auto *weights = reinterpret_cast<const _Float16 *>(set.storage[0]->data());
    for (int64_t i = 0; i < k; ++i)
      values[i] = static_cast<double>(weights[row * k + i]);
    return;
  }
  case Encoding::Int8Channel: {
    auto *codes = reinterpret_cast<const int8_t *>(set.storage[0]->data());
    double scale = reinterpret_cast<const float *>(set.storage[1]->data())[row];
    for (int64_t i = 0; i < k; ++i)
      values[i] = scale * codes[row * k + i];
    return;
  }
  case Encoding::Int4G128:
  case Encoding::Int4G32: {
    auto *codes = reinterpret_cast<const uint8_t *>(set.storage[0]->data());
    auto *scales = reinterpret_cast<const float *>(set.storage[1]->data());
    int64_t group = kernel.getGroupSize();
    for (int64_t i = 0; i < k; ++i) {
      uint8_t byte = codes[row * (k / 2) + i / 2];
      int nibble = i % 2 ? byte >> 4 : byte & 0xF;
      int code = nibble >= 8 ? nibble - 16 : nibble; // two's complement
      values[i] = static_cast<double>(scales[row * (k / group) + i / group]) *
                  code;
    }
    return;
  }
  }
}

llvm::Error mlir::compress::bench::loadPeerWeights(const KernelCase &kernel,
                                             llvm::StringRef dir,
                                             unsigned index, WeightSet &set) {
  return llvm::createStringError("peer case data: not supported yet");
}
