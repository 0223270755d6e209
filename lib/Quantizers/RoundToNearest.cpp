//===- RoundToNearest.cpp - Round-to-nearest uniform quantizer ------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The tensor is seen as rows (the product of its leading dimensions) of
// `cols` values, after merging dimensions that group alike, so that the
// group of a value is q(row) * colGroups + col / colBlock. The work runs in
// three phases over fixed chunks (independent of the pool, so the results
// are too):
//   A. per row chunk: the min/max of each group it touches, merged into the
//      tensor's per-group arrays (min and max are exact in any order);
//   B. per group chunk: the scale (rounded to its storage type) and zero
//      point, written to their storage bytes;
//   C. per row chunk: the codes, written packed in place, and the squared
//      errors, summed per chunk and then over chunks in order.
// Packed fields hold value i at bits [i * b, (i + 1) * b) of the field: the
// layout merges trailing dimensions into packed rows of whole bytes, or packs
// the whole field as one row (lib/Encoding/Layout.cpp), so chunks that start
// at a bit offset divisible by 8 own their bytes.
//
//===----------------------------------------------------------------------===//

#include "lib/Quantizers/RoundToNearest.h"
#include "lib/Quantizers/Parallel.h"

#include "lib/Encoding/Layout.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <mutex>
#include <numeric>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::quant;
using encoding::makeError;
using encoding::StorageSpec;

namespace {

/// Elements per chunk of phases A and C, and groups per chunk of phase B.
constexpr int64_t kChunkElements = int64_t(1) << 17;
constexpr int64_t kChunkGroups = int64_t(1) << 14;
/// Rows of a per-tensor (single group) tensor are cut to at most this length.
constexpr int64_t kMaxSplitCols = int64_t(1) << 14;
/// Rows of contiguous groups are made about this long (several groups each).
constexpr int64_t kTargetCols = 4096;

std::string toText(Attribute attr) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << attr;
  return text;
}

//===----------------------------------------------------------------------===//
// Scale formats
//===----------------------------------------------------------------------===//

/// A float format of stored scales: f32, f16 or bf16.
struct ScaleFormat {
  enum class Kind { F32, F16, BF16 } kind;
  unsigned bytes;
  /// Stored fraction bits, exponent of the smallest normal, largest finite
  /// and smallest positive (subnormal) value.
  int fractionBits;
  int minExponent;
  double maxFinite;
  double minPositive;

  static std::optional<ScaleFormat> get(Type type) {
    if (type.isF32())
      return ScaleFormat{Kind::F32, 4,       23,
                         -126,      FLT_MAX, std::ldexp(1.0, -149)};
    if (type.isF16())
      return ScaleFormat{Kind::F16, 2, 10, -14, 65504.0, std::ldexp(1.0, -24)};
    if (type.isBF16())
      return ScaleFormat{
          Kind::BF16,           2, 7, -126, std::ldexp(255.0, 127 - 7),
          std::ldexp(1.0, -133)};
    return std::nullopt;
  }

  /// `x` (positive, finite) rounded to nearest, ties to even, into the
  /// format; 0 when it underflows, the largest finite value when it would
  /// overflow.
  double round(double x) const {
    int exponent = std::max(std::ilogb(x), minExponent) - fractionBits;
    // Scaling by a power of two is exact, and nearbyint rounds ties to even
    // in the default rounding mode.
    double rounded =
        std::ldexp(std::nearbyint(std::ldexp(x, -exponent)), exponent);
    return std::min(rounded, maxFinite);
  }

  /// The bits of `value`, a non-negative value of the format.
  uint32_t encode(double value) const {
    switch (kind) {
    case Kind::F32:
      return llvm::bit_cast<uint32_t>(static_cast<float>(value));
    case Kind::BF16:
      return llvm::bit_cast<uint32_t>(static_cast<float>(value)) >> 16;
    case Kind::F16: {
      if (value < std::ldexp(1.0, -14))
        return static_cast<uint32_t>(std::ldexp(value, 24));
      int exponent = std::ilogb(value);
      uint32_t fraction =
          static_cast<uint32_t>(std::ldexp(value, 10 - exponent)) - 1024;
      return static_cast<uint32_t>(exponent + 15) << 10 | fraction;
    }
    }
    llvm_unreachable("unknown scale format");
  }

  /// The value of the stored bits `bits` (any bits: stored data may be
  /// foreign).
  float decode(uint32_t bits) const {
    switch (kind) {
    case Kind::F32:
      return llvm::bit_cast<float>(bits);
    case Kind::BF16:
      return llvm::bit_cast<float>(bits << 16);
    case Kind::F16: {
      uint32_t exponent = (bits >> 10) & 31, fraction = bits & 1023;
      float magnitude;
      if (exponent == 0) // Subnormal: fraction * 2^-24, exact in f32.
        magnitude = static_cast<float>(fraction) * 0x1p-24f;
      else if (exponent == 31)
        magnitude = fraction ? std::numeric_limits<float>::quiet_NaN()
                             : std::numeric_limits<float>::infinity();
      else // Rebias the exponent from 15 to 127.
        magnitude =
            llvm::bit_cast<float>((exponent + 112) << 23 | fraction << 13);
      return (bits & 0x8000) ? -magnitude : magnitude;
    }
    }
    llvm_unreachable("unknown scale format");
  }
};

//===----------------------------------------------------------------------===//
// Bits
//===----------------------------------------------------------------------===//

/// Writes values of `width` bits (at most 16) LSB-first from a byte boundary.
class BitWriter {
public:
  explicit BitWriter(uint8_t *out) : out(out) {}
  void put(uint32_t bits, unsigned width) {
    buffer |= static_cast<uint64_t>(bits) << count;
    count += width;
    while (count >= 8) {
      *out++ = static_cast<uint8_t>(buffer);
      buffer >>= 8;
      count -= 8;
    }
  }
  /// Writes `n` codes of `width` bits (two's complement for negative ones).
  void putRun(const int32_t *codes, int64_t n, unsigned width) {
    int64_t k = 0;
    if (count == 0 && width == 8) {
      for (; k < n; ++k)
        out[k] = static_cast<uint8_t>(codes[k]);
      out += n;
      return;
    }
    if (count == 0 && width == 4) {
      for (; k + 2 <= n; k += 2)
        *out++ =
            static_cast<uint8_t>((codes[k] & 15) | (codes[k + 1] & 15) << 4);
    }
    uint32_t mask = llvm::maskTrailingOnes<uint32_t>(width);
    for (; k < n; ++k)
      put(static_cast<uint32_t>(codes[k]) & mask, width);
  }
  /// Writes the last partial byte (its high bits zero).
  void flush() {
    if (count)
      *out++ = static_cast<uint8_t>(buffer);
    buffer = 0;
    count = 0;
  }

private:
  uint8_t *out;
  uint64_t buffer = 0;
  unsigned count = 0;
};

/// The `width` bits (at most 16) at bit offset `bit` of `bytes`.
uint32_t readBits(ArrayRef<uint8_t> bytes, int64_t bit, unsigned width) {
  int64_t first = bit / 8, last = (bit + width - 1) / 8;
  uint32_t word = 0;
  for (int64_t i = first; i <= last; ++i)
    word |= static_cast<uint32_t>(bytes[i]) << (8 * (i - first));
  return (word >> (bit % 8)) & llvm::maskTrailingOnes<uint32_t>(width);
}

/// The smallest k >= 1 such that k * count values of `width` bits fill whole
/// bytes.
int64_t byteAlignment(int64_t count, unsigned width) {
  return 8 / std::gcd<int64_t>(count * width, 8);
}

//===----------------------------------------------------------------------===//
// The quantization problem
//===----------------------------------------------------------------------===//

/// The tensor as rows of `cols` values and its groups. Dimensions are merged
/// where the merged dimension groups alike (a dimension after one whose block
/// is 1, or a dimension whose block is whole), so the common granularities
/// (per tensor, per output channel, [1, G] blocks) become contiguous groups.
struct GroupView {
  int64_t rows = 1, cols = 1, colBlock = 1, colGroups = 1, numGroups = 1;
  /// The leading (row) dimensions, their block sizes and group counts.
  SmallVector<int64_t> lead, leadBlock, leadParams;

  GroupView(ArrayRef<int64_t> shape, const Granularity &granularity) {
    SmallVector<int64_t> block = granularity.getBlockShape(shape);
    SmallVector<int64_t> dims, blocks;
    for (auto [dim, b] : llvm::zip_equal(shape, block)) {
      if (dim == 1)
        continue;
      if (!dims.empty() && (blocks.back() == 1 || b == dim)) {
        dims.back() *= dim;
        blocks.back() *= b;
        continue;
      }
      dims.push_back(dim);
      blocks.push_back(b);
    }
    if (dims.empty()) {
      dims.push_back(1);
      blocks.push_back(1);
    }
    if (dims.size() == 1) {
      // Contiguous groups: rows of several whole groups, or a single group
      // cut into rows (which then share it).
      int64_t size = dims[0], group = blocks[0], groups = size / group;
      if (groups == 1) {
        cols = largestDivisorAtMost(size, kMaxSplitCols);
        lead = {size / cols};
        leadBlock = {size / cols};
        colBlock = cols;
      } else {
        int64_t perRow = largestDivisorAtMost(
            groups, std::max<int64_t>(1, kTargetCols / group));
        cols = group * perRow;
        lead = {size / cols};
        leadBlock = {1};
        colBlock = group;
      }
    } else {
      lead.assign(dims.begin(), dims.end() - 1);
      leadBlock.assign(blocks.begin(), blocks.end() - 1);
      cols = dims.back();
      colBlock = blocks.back();
    }
    colGroups = cols / colBlock;
    numGroups = colGroups;
    for (auto [dim, b] : llvm::zip_equal(lead, leadBlock)) {
      leadParams.push_back(dim / b);
      rows *= dim;
      numGroups *= dim / b;
    }
  }

  static int64_t largestDivisorAtMost(int64_t n, int64_t limit) {
    for (int64_t d = std::min(n, limit); d > 1; --d)
      if (n % d == 0)
        return d;
    return 1;
  }
};

/// Walks rows in order and tracks q(row), the group row of each.
class RowCursor {
public:
  RowCursor(const GroupView &view, int64_t row)
      : view(view), index(view.lead.size()) {
    for (int64_t d = index.size() - 1; d >= 0; --d) {
      index[d] = row % view.lead[d];
      row /= view.lead[d];
    }
    update();
  }
  int64_t groupRow() const { return q; }
  void next() {
    for (int64_t d = index.size() - 1; d >= 0; --d) {
      if (++index[d] < view.lead[d])
        break;
      index[d] = 0;
    }
    update();
  }

private:
  void update() {
    q = 0;
    for (size_t d = 0; d < index.size(); ++d)
      q = q * view.leadParams[d] + index[d] / view.leadBlock[d];
  }
  const GroupView &view;
  SmallVector<int64_t> index;
  int64_t q = 0;
};

/// Everything about a supported encoding that the phases need.
/// Rounding of decoded values to the weight's element type, as the kernels
/// and the reference decoder round them (f32: none).
enum class ElementRounding { None, F16, BF16 };

float roundToElement(float value, ElementRounding rounding) {
  switch (rounding) {
  case ElementRounding::None:
    return value;
  case ElementRounding::BF16: {
    if (std::isnan(value))
      return value;
    uint32_t bits = llvm::bit_cast<uint32_t>(value);
    bits += 0x7FFF + ((bits >> 16) & 1); // to nearest, ties to even
    return llvm::bit_cast<float>(bits & 0xFFFF0000u);
  }
  case ElementRounding::F16:
    return static_cast<float>(static_cast<_Float16>(value));
  }
  llvm_unreachable("unknown rounding");
}

struct Problem {
  UniformAttr attr;
  ElementRounding rounding = ElementRounding::None;
  const StorageSpec *codes = nullptr, *zeros = nullptr;
  ScaleFormat format;
  unsigned bits = 0, zeroBits = 0;
  int64_t codeMin = 0, codeMax = 0, zeroMin = 0, zeroMax = 0;
  bool isSigned = true;
};


/// Order-preserving integer keys of floats (for min and max reductions that
/// vectorize): -0 sorts just below +0.
inline int32_t floatKey(float value) {
  int32_t bits = llvm::bit_cast<int32_t>(value);
  return bits >= 0 ? bits : bits ^ 0x7fffffff;
}
inline float keyFloat(int32_t key) {
  return llvm::bit_cast<float>(key >= 0 ? key : key ^ 0x7fffffff);
}

/// Phase A over rows [rowBegin, rowEnd): the per-group extremes merged into
/// `lo`/`hi`; the index of the first NaN or infinite weight, or -1.
int64_t collectStats(const GroupView &view, ArrayRef<float> weights,
                     int64_t rowBegin, int64_t rowEnd, std::vector<float> &lo,
                     std::vector<float> &hi, std::mutex &mutex) {
  int64_t qFirst = std::numeric_limits<int64_t>::max(), qLast = -1;
  {
    RowCursor cursor(view, rowBegin);
    for (int64_t row = rowBegin; row < rowEnd; ++row, cursor.next()) {
      qFirst = std::min(qFirst, cursor.groupRow());
      qLast = std::max(qLast, cursor.groupRow());
    }
  }
  int64_t windowSize = (qLast - qFirst + 1) * view.colGroups;
  std::vector<int32_t> keyMin(windowSize, std::numeric_limits<int32_t>::max());
  std::vector<int32_t> keyMax(windowSize, std::numeric_limits<int32_t>::min());
  uint32_t absMax = 0;
  RowCursor cursor(view, rowBegin);
  for (int64_t row = rowBegin; row < rowEnd; ++row, cursor.next()) {
    const float *rowData = weights.data() + row * view.cols;
    int64_t base = (cursor.groupRow() - qFirst) * view.colGroups;
    if (view.colBlock == 1) {
      uint32_t am = 0;
      for (int64_t k = 0; k < view.cols; ++k) {
        int32_t key = floatKey(rowData[k]);
        keyMin[base + k] = std::min(keyMin[base + k], key);
        keyMax[base + k] = std::max(keyMax[base + k], key);
        am = std::max(am, llvm::bit_cast<uint32_t>(rowData[k]) & 0x7fffffffu);
      }
      absMax = std::max(absMax, am);
      continue;
    }
    for (int64_t g = 0; g < view.colGroups; ++g) {
      const float *data = rowData + g * view.colBlock;
      int32_t mn = keyMin[base + g], mx = keyMax[base + g];
      uint32_t am = 0;
      for (int64_t k = 0; k < view.colBlock; ++k) {
        int32_t key = floatKey(data[k]);
        mn = std::min(mn, key);
        mx = std::max(mx, key);
        am = std::max(am, llvm::bit_cast<uint32_t>(data[k]) & 0x7fffffffu);
      }
      keyMin[base + g] = mn;
      keyMax[base + g] = mx;
      absMax = std::max(absMax, am);
    }
  }
  // Infinities and NaNs have all exponent bits set.
  if (absMax >= 0x7f800000u) {
    for (int64_t i = rowBegin * view.cols; i < rowEnd * view.cols; ++i)
      if (!std::isfinite(weights[i]))
        return i;
  }
  std::lock_guard<std::mutex> lock(mutex);
  int64_t offset = qFirst * view.colGroups;
  for (int64_t i = 0; i < windowSize; ++i) {
    if (keyMax[i] < keyMin[i])
      continue; // A group this chunk does not touch.
    lo[offset + i] = std::min(lo[offset + i], keyFloat(keyMin[i]));
    hi[offset + i] = std::max(hi[offset + i], keyFloat(keyMax[i]));
  }
  return -1;
}

/// The scale of a group before rounding; 0 for a group of zeros.
double rawScale(const Problem &p, float lo, float hi) {
  if (p.zeros) {
    double low = std::min<double>(lo, 0.0), high = std::max<double>(hi, 0.0);
    return (high - low) / static_cast<double>(p.codeMax - p.codeMin);
  }
  if (p.isSigned) {
    // amax / qmax with qmax = 2^(b-1) - 1; 1-bit codes (-1 and 0) use amax.
    double amax = std::max(-static_cast<double>(lo), static_cast<double>(hi));
    return std::max(amax, 0.0) / std::max<double>(p.codeMax, 1.0);
  }
  // Unsigned codes without a zero point hold 0 to 2^b - 1 scales: negative
  // weights clamp to 0.
  return std::max<double>(hi, 0.0) / static_cast<double>(p.codeMax);
}

/// Phase B for groups [begin, end): scales and zero points, stored and left
/// in `lo` (scale) and `hi` (zero point).
void computeParams(const Problem &p, int64_t begin, int64_t end,
                   std::vector<float> &lo, std::vector<float> &hi,
                   uint8_t *scaleBytes, uint8_t *zeroBytes) {
  scaleBytes += begin * p.format.bytes;
  std::optional<BitWriter> zeroWriter;
  if (p.zeros)
    zeroWriter.emplace(zeroBytes + begin * p.zeroBits / 8);
  for (int64_t g = begin; g < end; ++g) {
    double raw = rawScale(p, lo[g], hi[g]);
    double scale = 1.0;
    if (raw > 0) {
      scale = p.format.round(raw);
      if (scale == 0)
        scale = p.format.minPositive;
    }
    uint32_t scaleBits = p.format.encode(scale);
    for (unsigned b = 0; b < p.format.bytes; ++b)
      *scaleBytes++ = static_cast<uint8_t>(scaleBits >> (8 * b));
    int64_t zero = 0;
    if (p.zeros) {
      double low = std::min<double>(lo[g], 0.0);
      double z = std::nearbyint(static_cast<double>(p.codeMin) - low / scale);
      z = std::clamp<double>(z, p.codeMin, p.codeMax);
      zero = std::clamp<int64_t>(static_cast<int64_t>(z), p.zeroMin, p.zeroMax);
      zeroWriter->put(static_cast<uint32_t>(zero) &
                          llvm::maskTrailingOnes<uint32_t>(p.zeroBits),
                      p.zeroBits);
    }
    lo[g] = static_cast<float>(scale);
    hi[g] = static_cast<float>(zero);
  }
  if (zeroWriter)
    zeroWriter->flush();
}

struct ChunkErrors {
  double squaredError = 0, squaredNorm = 0;
};

/// Sums of squares over a chunk in four interleaved lanes, added in a fixed
/// order (so they vectorize and stay independent of the pool).
struct Sums {
  double error[4] = {}, norm[4] = {};

  void add(const float *weights, const float *decoded, int64_t n) {
    int64_t k = 0;
    for (; k + 4 <= n; k += 4) {
      for (int j = 0; j < 4; ++j) {
        double w = weights[k + j];
        double diff = w - static_cast<double>(decoded[k + j]);
        error[j] += diff * diff;
        norm[j] += w * w;
      }
    }
    for (; k < n; ++k) {
      double w = weights[k];
      double diff = w - static_cast<double>(decoded[k]);
      error[0] += diff * diff;
      norm[0] += w * w;
    }
  }
};

/// Values quantized at once, through buffers, so that the loops vectorize.
constexpr int64_t kPiece = 512;

/// The codes of `n` weights and their decoded f32 values, with one scale and
/// zero point for all (`PerElement` false) or one per weight.
template <bool PerElement>
void quantizePiece(const float *weights, int64_t n, const float *scales,
                   const float *zeros, double codeMin, double codeMax,
                   int32_t *codes, float *decoded) {
  // Rounds ties to even in the default rounding mode for |t| < 2^51.
  constexpr double kRound = 0x1.8p52;
  for (int64_t k = 0; k < n; ++k) {
    const float scale = PerElement ? scales[k] : scales[0];
    const float zero = PerElement ? zeros[k] : zeros[0];
    // code = clamp(roundeven(w / s) + z): the quotient is rounded before the
    // zero point is added (as GPTQ and AWQ do), so ties go to the even
    // quotient whatever z is. A quotient of two floats is never within
    // |w / s| * 2^-24 of a tie unless it is one, far above the rounding
    // errors of the doubles. The first clamp only keeps t finite and small.
    double t = std::clamp(static_cast<double>(weights[k]) / scale,
                          codeMin - zero - 1.0, codeMax - zero + 1.0);
    t = (t + kRound) - kRound;
    t = std::clamp(t + zero, codeMin, codeMax);
    codes[k] = static_cast<int32_t>(t);
    // The decoder's f32 value: the product of two exact floats rounded once,
    // as the reference decoder rounds the exact product.
    decoded[k] = scale * (static_cast<float>(codes[k]) - zero);
  }
}

/// Phase C over rows [rowBegin, rowEnd): the codes and their errors.
ChunkErrors writeCodes(const Problem &p, const GroupView &view,
                       ArrayRef<float> weights, int64_t rowBegin,
                       int64_t rowEnd, const std::vector<float> &scales,
                       const std::vector<float> &zeros, uint8_t *codeBytes) {
  const double codeMin = static_cast<double>(p.codeMin);
  const double codeMax = static_cast<double>(p.codeMax);
  int32_t codes[kPiece];
  float decoded[kPiece];
  BitWriter writer(codeBytes + rowBegin * view.cols * p.bits / 8);
  Sums sums;
  auto piece = [&](const float *data, int64_t n, int64_t group,
                   bool perElement) {
    if (perElement)
      quantizePiece<true>(data, n, &scales[group], &zeros[group], codeMin,
                          codeMax, codes, decoded);
    else
      quantizePiece<false>(data, n, &scales[group], &zeros[group], codeMin,
                           codeMax, codes, decoded);
    if (p.rounding != ElementRounding::None)
      for (int64_t k = 0; k < n; ++k)
        decoded[k] = roundToElement(decoded[k], p.rounding);
    sums.add(data, decoded, n);
    writer.putRun(codes, n, p.bits);
  };
  RowCursor cursor(view, rowBegin);
  for (int64_t row = rowBegin; row < rowEnd; ++row, cursor.next()) {
    const float *rowData = weights.data() + row * view.cols;
    int64_t base = cursor.groupRow() * view.colGroups;
    if (view.colBlock == 1) {
      for (int64_t k = 0; k < view.cols; k += kPiece)
        piece(rowData + k, std::min(kPiece, view.cols - k), base + k, true);
      continue;
    }
    for (int64_t g = 0; g < view.colGroups; ++g)
      for (int64_t k = 0; k < view.colBlock; k += kPiece)
        piece(rowData + g * view.colBlock + k,
              std::min(kPiece, view.colBlock - k), base + g, false);
  }
  writer.flush();
  ChunkErrors result;
  result.squaredError =
      (sums.error[0] + sums.error[1]) + (sums.error[2] + sums.error[3]);
  result.squaredNorm =
      (sums.norm[0] + sums.norm[1]) + (sums.norm[2] + sums.norm[3]);
  return result;
}

/// The problem of a type that checkSupportedByRoundToNearest accepted.
Problem getProblem(CompressedTensorType type, const encoding::Layout &layout) {
  Problem p;
  p.attr = cast<UniformAttr>(type.getEncoding());
  if (type.getElementType().isF16())
    p.rounding = ElementRounding::F16;
  else if (type.getElementType().isBF16())
    p.rounding = ElementRounding::BF16;
  p.codes = layout.lookup("codes");
  p.zeros = layout.lookup("zero_points");
  p.format = *ScaleFormat::get(cast<TypeAttr>(p.attr.getScale()).getValue());
  p.bits = p.codes->codec.bits;
  p.isSigned = p.codes->codec.isSigned;
  p.codeMin = p.codes->getMinInt();
  p.codeMax = p.codes->getMaxInt();
  if (p.zeros) {
    p.zeroBits = p.zeros->codec.bits;
    p.zeroMin = p.zeros->getMinInt();
    p.zeroMax = p.zeros->getMaxInt();
  }
  return p;
}

} // namespace

llvm::Error quant::checkSupportedByRoundToNearest(CompressedTensorType type) {
  auto attr = dyn_cast<UniformAttr>(type.getEncoding());
  if (!attr)
    return makeError("round-to-nearest quantizes #compress.uniform encodings, "
                     "not " +
                     toText(type.getEncoding()));
  if (attr.getMin())
    return makeError("round-to-nearest does not support min = " +
                     toText(attr.getMin()) + "; use an integer zero_point");
  auto scaleType = dyn_cast<TypeAttr>(attr.getScale());
  if (!scaleType || !ScaleFormat::get(scaleType.getValue()))
    return makeError("round-to-nearest needs scale = f32, f16 or bf16, not " +
                     toText(attr.getScale()));
  if (Attribute zeroPoint = attr.getZeroPoint()) {
    auto zeroType = dyn_cast<TypeAttr>(zeroPoint);
    if (!zeroType || !isa<IntegerType>(zeroType.getValue()))
      return makeError("round-to-nearest needs an integer zero_point (ui<b> "
                       "or i<b>), not " +
                       toText(zeroPoint));
  }
  return llvm::Error::success();
}

bool quant::isSupportedByRoundToNearest(CompressedTensorType type) {
  if (llvm::Error err = checkSupportedByRoundToNearest(type)) {
    llvm::consumeError(std::move(err));
    return false;
  }
  return true;
}

llvm::Expected<QuantizedTensor>
quant::quantizeRoundToNearest(CompressedTensorType type,
                              ArrayRef<float> weights,
                              llvm::ThreadPoolInterface *pool) {
  if (llvm::Error err = checkSupportedByRoundToNearest(type))
    return std::move(err);
  int64_t numElements = type.getNumElements();
  if (static_cast<int64_t>(weights.size()) != numElements)
    return makeError("expected " + Twine(numElements) + " weights, got " +
                     Twine(weights.size()));
  encoding::Layout layout = encoding::getLayout(type);
  const Problem p = getProblem(type, layout);
  GroupView view(type.getShape(), {p.attr.getAxis(), p.attr.getBlock()});

  QuantizedTensor result;
  for (const StorageSpec &spec : layout.storage)
    result.storage[spec.role].assign(spec.byteSize, 0);

  // Row chunks start on whole bytes of the codes.
  int64_t rowAlign = byteAlignment(view.cols, p.bits);
  int64_t chunkRows =
      llvm::alignTo(std::max<int64_t>(1, kChunkElements / view.cols), rowAlign);
  int64_t numRowChunks = llvm::divideCeil(view.rows, chunkRows);
  auto rowRange = [&](int64_t chunk) {
    return std::make_pair(chunk * chunkRows,
                          std::min(view.rows, (chunk + 1) * chunkRows));
  };

  // Phase A: group extremes and the first non-finite weight.
  std::vector<float> lo(view.numGroups, std::numeric_limits<float>::infinity());
  std::vector<float> hi(view.numGroups,
                        -std::numeric_limits<float>::infinity());
  std::vector<int64_t> firstBad(numRowChunks, -1);
  std::mutex mutex;
  parallelFor(pool, numRowChunks, [&](int64_t chunk) {
    auto [begin, end] = rowRange(chunk);
    firstBad[chunk] = collectStats(view, weights, begin, end, lo, hi, mutex);
  });
  for (int64_t bad : firstBad) {
    if (bad < 0)
      continue;
    float value = weights[bad];
    return makeError("weight element " + Twine(bad) + " is " +
                     (std::isnan(value) ? "NaN"
                      : value > 0       ? "+inf"
                                        : "-inf"));
  }

  // Phase B: scales and zero points, in chunks on whole zero point bytes.
  uint8_t *scaleBytes = result.storage["scales"].data();
  uint8_t *zeroBytes = p.zeros ? result.storage["zero_points"].data() : nullptr;
  int64_t groupChunk = kChunkGroups;
  if (p.zeros)
    groupChunk = llvm::alignTo(groupChunk, byteAlignment(1, p.zeroBits));
  parallelFor(
      pool, llvm::divideCeil(view.numGroups, groupChunk), [&](int64_t chunk) {
        computeParams(p, chunk * groupChunk,
                      std::min(view.numGroups, (chunk + 1) * groupChunk), lo,
                      hi, scaleBytes, zeroBytes);
      });

  // Phase C: codes and errors.
  std::vector<ChunkErrors> errors(numRowChunks);
  uint8_t *codeBytes = result.storage["codes"].data();
  parallelFor(pool, numRowChunks, [&](int64_t chunk) {
    auto [begin, end] = rowRange(chunk);
    errors[chunk] = writeCodes(p, view, weights, begin, end, lo, hi, codeBytes);
  });
  for (const ChunkErrors &chunk : errors) {
    result.squaredError += chunk.squaredError;
    result.squaredNorm += chunk.squaredNorm;
  }
  return result;
}

llvm::Error quant::dequantizeRange(CompressedTensorType type,
                                   const encoding::StorageBytes &storage,
                                   int64_t begin, int64_t end,
                                   MutableArrayRef<float> out) {
  if (llvm::Error err = checkSupportedByRoundToNearest(type))
    return err;
  int64_t numElements = type.getNumElements();
  if (begin < 0 || begin > end || end > numElements)
    return makeError("element range [" + Twine(begin) + ", " + Twine(end) +
                     ") is not within [0, " + Twine(numElements) + "]");
  if (static_cast<int64_t>(out.size()) != end - begin)
    return makeError("the output holds " + Twine(out.size()) +
                     " values, expected " + Twine(end - begin));
  encoding::Layout layout = encoding::getLayout(type);
  const Problem p = getProblem(type, layout);
  llvm::StringMap<ArrayRef<uint8_t>> bytes;
  for (const StorageSpec &spec : layout.storage) {
    auto it = storage.find(spec.role);
    if (it == storage.end())
      return makeError("no bytes for storage '" + spec.role + "'");
    if (static_cast<int64_t>(it->second.size()) != spec.byteSize)
      return makeError("'" + spec.role + "' holds " + Twine(it->second.size()) +
                       " bytes, expected " + Twine(spec.byteSize));
    bytes[spec.role] = it->second;
  }
  if (begin == end)
    return llvm::Error::success();

  GroupView view(type.getShape(), {p.attr.getAxis(), p.attr.getBlock()});
  ArrayRef<uint8_t> codes = bytes["codes"], scales = bytes["scales"];
  ArrayRef<uint8_t> zeros =
      p.zeros ? bytes["zero_points"] : ArrayRef<uint8_t>();
  auto codeAt = [&](int64_t i) {
    uint32_t bits = readBits(codes, i * p.bits, p.bits);
    return p.isSigned ? llvm::SignExtend32(bits, p.bits)
                      : static_cast<int32_t>(bits);
  };
  int64_t row = begin / view.cols, col = begin % view.cols;
  RowCursor cursor(view, row);
  // One run of elements of one group at a time.
  for (int64_t i = begin; i < end;) {
    int64_t g = cursor.groupRow() * view.colGroups + col / view.colBlock;
    int64_t runEnd = std::min(end, i + view.colBlock - col % view.colBlock);
    uint32_t scaleBits = 0;
    for (unsigned b = 0; b < p.format.bytes; ++b)
      scaleBits |= static_cast<uint32_t>(scales[g * p.format.bytes + b])
                   << (8 * b);
    const float scale = p.format.decode(scaleBits);
    float zero = 0;
    if (p.zeros) {
      uint32_t zeroBits = readBits(zeros, g * p.zeroBits, p.zeroBits);
      zero = static_cast<float>(p.zeros->codec.isSigned
                                    ? llvm::SignExtend32(zeroBits, p.zeroBits)
                                    : static_cast<int32_t>(zeroBits));
    }
    // As writeCodes computes the decoded values.
    float *result = out.data() - begin;
    if (p.bits == 8) {
      for (int64_t j = i; j < runEnd; ++j)
        result[j] =
            scale *
            (static_cast<float>(p.isSigned ? static_cast<int32_t>(
                                                 static_cast<int8_t>(codes[j]))
                                           : static_cast<int32_t>(codes[j])) -
             zero);
    } else if (p.bits == 4) {
      const int32_t sign = p.isSigned ? 8 : 0;
      for (int64_t j = i; j < runEnd; ++j) {
        int32_t nibble = (codes[j >> 1] >> ((j & 1) * 4)) & 15;
        result[j] = scale * (static_cast<float>((nibble ^ sign) - sign) - zero);
      }
    } else {
      for (int64_t j = i; j < runEnd; ++j)
        result[j] = scale * (static_cast<float>(codeAt(j)) - zero);
    }
    if (p.rounding != ElementRounding::None)
      for (int64_t j = i; j < runEnd; ++j)
        result[j] = roundToElement(result[j], p.rounding);
    col += runEnd - i;
    i = runEnd;
    if (col == view.cols) {
      col = 0;
      cursor.next();
    }
  }
  return llvm::Error::success();
}
