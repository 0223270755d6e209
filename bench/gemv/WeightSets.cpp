//===- WeightSets.cpp - Weight buffers for the benchmark ------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "bench/gemv/WeightSets.h"

#include "lib/Encoding/Layout.h"
#include "lib/Import/Npy.h"
#include "lib/Policy/Policy.h"
#include "lib/Quantizers/Encoder.h"

#include "mlir/IR/BuiltinTypes.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cerrno>
#include <cmath>
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

int64_t mlir::compress::bench::getAnonHugePagesMiB() {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileAsStream("/proc/self/smaps_rollup");
  if (!file)
    return -1;
  llvm::StringRef text = (*file)->getBuffer();
  size_t at = text.find("AnonHugePages:");
  if (at == llvm::StringRef::npos)
    return -1;
  int64_t kib = 0;
  if (text.drop_front(at + 14).ltrim().consumeInteger(10, kib))
    return -1;
  return kib / 1024;
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
  /// Standard normal (Box-Muller).
  double normal() {
    double radius = std::sqrt(-2.0 * std::log(1.0 - uniform()));
    return radius * std::cos(2.0 * M_PI * uniform());
  }
};
} // namespace

void mlir::compress::bench::fillSeeded(const KernelCase &kernel, WeightSet &set,
                                       uint64_t seed) {
  Random random(seed);
  llvm::SmallVector<StorageTensor> storage = kernel.getStorage();
  for (auto [tensor, buffer] : llvm::zip(storage, set.storage)) {
    int64_t count = tensor.getNumElements();
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

void mlir::compress::bench::decodeRow(const KernelCase &kernel,
                                      const WeightSet &set, int64_t row,
                                      double *values) {
  int64_t k = kernel.k;
  switch (kernel.encoding) {
  case Encoding::Preset: {
    for (int64_t i = 0; i < k; ++i)
      values[i] = set.decoded[row * k + i];
    return;
  }
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
      values[i] =
          static_cast<double>(scales[row * (k / group) + i / group]) * code;
    }
    return;
  }
  }
}

llvm::Error mlir::compress::bench::loadPeerWeights(const KernelCase &kernel,
                                                   llvm::StringRef dir,
                                                   unsigned index,
                                                   WeightSet &set) {
  llvm::SmallVector<StorageTensor> storage = kernel.getStorage();
  for (auto [tensor, buffer] : llvm::zip(storage, set.storage)) {
    std::string path =
        (dir + "/w" + llvm::Twine(index) + "." + tensor.role + ".npy").str();
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
        llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                    /*RequiresNullTerminator=*/false);
    if (!file)
      return llvm::createStringError(
          llvm::formatv("cannot read {0}: {1}", path, file.getError().message())
              .str());
    llvm::Expected<import::NpyRawArray> array =
        import::parseNpyRaw((*file)->getBuffer(), path);
    if (!array)
      return array.takeError();
    std::string dtype = tensor.role == "codes"     ? "i1"
                        : tensor.elementBytes == 2 ? "f2"
                                                   : "f4";
    llvm::SmallVector<int64_t> shape(tensor.shape.begin(), tensor.shape.end());
    if (array->dtype != dtype || array->shape != shape ||
        static_cast<int64_t>(array->data.size()) != tensor.getBytes())
      return llvm::createStringError(
          llvm::formatv(
              "{0}: expected dtype {1} and shape [{2}], got {3} [{4}]", path,
              dtype, llvm::make_range(shape.begin(), shape.end()), array->dtype,
              llvm::make_range(array->shape.begin(), array->shape.end()))
              .str());
    std::memcpy(buffer->data(), array->data.data(), array->data.size());
  }
  return llvm::Error::success();
}

llvm::Error mlir::compress::bench::loadPeerInput(llvm::StringRef dir, int64_t m,
                                                 int64_t k,
                                                 std::vector<float> &x) {
  std::string path = (dir + "/x_m" + llvm::Twine(m) + ".npy").str();
  llvm::Expected<import::NpyArray> array = import::readNpyFile(path);
  if (!array)
    return array.takeError();
  if (array->shape != llvm::SmallVector<int64_t>{m, k})
    return llvm::createStringError(
        llvm::formatv("{0}: expected shape [{1}, {2}]", path, m, k).str());
  x = std::move(array->values);
  return llvm::Error::success();
}

/// A seeded [n, k] weight: normal of std 0.02, or (rank > 0) U V of that
/// rank plus 1 % of noise.
static std::vector<float> makeWeights(int64_t n, int64_t k, int64_t rank,
                                      uint64_t seed) {
  Random random(seed);
  std::vector<float> weights(n * k);
  if (rank <= 0) {
    for (float &w : weights)
      w = static_cast<float>(0.02 * random.normal());
    return weights;
  }
  std::vector<float> u(n * rank), v(rank * k);
  for (float &value : u)
    value = static_cast<float>(random.normal());
  double scale = 0.02 / std::sqrt(double(rank));
  for (float &value : v)
    value = static_cast<float>(scale * random.normal());
  for (int64_t row = 0; row < n; ++row) {
    float *w = &weights[row * k];
    for (int64_t i = 0; i < k; ++i)
      w[i] = static_cast<float>(2e-4 * random.normal());
    for (int64_t r = 0; r < rank; ++r) {
      float factor = u[row * rank + r];
      const float *vRow = &v[r * k];
      for (int64_t i = 0; i < k; ++i)
        w[i] += factor * vRow[i];
    }
  }
  return weights;
}

llvm::Expected<PresetWeight>
mlir::compress::bench::encodePreset(MLIRContext &context, KernelCase &kernel,
                                    uint64_t seed) {
  llvm::Expected<policy::EncodingChoice> choice =
      policy::parseEncodingChoice(kernel.preset, &context);
  if (!choice)
    return choice.takeError();
  policy::WeightInfo info;
  info.name = "w";
  info.op = policy::ConsumerKind::Matmul;
  info.shape = {kernel.n, kernel.k};
  info.reductionAxis = 1;
  info.outputAxis = 0;
  // The logical element type (--element-type): f32 by default, even for
  // f16 values or factors (the stored bytes are the same).
  Type elementType = llvm::StringSwitch<Type>(kernel.elementType)
                         .Case("f16", Float16Type::get(&context))
                         .Case("bf16", BFloat16Type::get(&context))
                         .Default(Float32Type::get(&context));
  info.elementType = elementType;
  llvm::Expected<Attribute> resolved =
      policy::resolveEncoding(*choice, info, &context);
  if (!resolved)
    return resolved.takeError();
  auto encoding = llvm::dyn_cast_or_null<EncodingAttrInterface>(*resolved);
  if (!encoding)
    return llvm::createStringError("preset '" + kernel.preset +
                                   "' is not a compressed encoding");
  auto type = CompressedTensorType::get(&context, info.shape,
                                        info.elementType, encoding);
  llvm::raw_string_ostream(kernel.attribute) << *resolved;

  int64_t rank = 0;
  for (const policy::PresetPart &part : choice->parts)
    if (part.family == policy::PresetPart::Family::LowRank)
      rank = part.rank;
  std::vector<float> weights = makeWeights(kernel.n, kernel.k, rank, seed);
  quant::EncodeRequest request;
  request.type = type;
  request.weights = weights;
  request.reductionAxis = info.reductionAxis;
  request.pool =
      context.isMultithreadingEnabled() ? &context.getThreadPool() : nullptr;
  llvm::Expected<quant::EncodedWeight> encoded = quant::encodeWeight(request);
  if (!encoded)
    return encoded.takeError();

  PresetWeight result;
  kernel.presetStorage.clear();
  for (const encoding::StorageSpec &spec : encoding::getLayout(type).storage) {
    StorageTensor tensor{
        spec.role,
        {spec.storageShape.begin(), spec.storageShape.end()},
        spec.storageElementType.getIntOrFloatBitWidth() / 8};
    auto bytes = encoded->storage.find(spec.role);
    if (bytes == encoded->storage.end() ||
        static_cast<int64_t>(bytes->second.size()) != spec.byteSize ||
        tensor.getBytes() != spec.byteSize)
      return llvm::createStringError(
          llvm::formatv("the encoder's storage '{0}' does not hold the {1} "
                        "bytes of its layout",
                        spec.role, spec.byteSize)
              .str());
    kernel.presetStorage.push_back(std::move(tensor));
    result.bytes.push_back(std::move(bytes->second));
  }
  result.decoded = std::move(encoded->decoded);
  // What compress.matmul multiplies by: the decoded elements rounded to the
  // element type, except for weights it multiplies through their factors.
  if (!elementType.isF32() &&
      !encoding::multipliesThroughFactors(encoding, info.shape))
    for (float &value : result.decoded)
      value = static_cast<float>(encoding::roundToFloatType(value, elementType));
  result.weightRelError =
      encoded->squaredNorm > 0
          ? std::sqrt(encoded->squaredError / encoded->squaredNorm)
          : 0.0;
  result.method = encoded->method;
  return result;
}
