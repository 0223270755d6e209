//===- Encoder.cpp - Dense weights into any #compress encoding ------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Quantizers/Encoder.h"

#include "dialects/Compress/IR/CompressAttrs.h"
#include "lib/Encoding/Layout.h"
#include "lib/Quantizers/EigenSupport.h"
#include "lib/Quantizers/Gptq.h"
#include "lib/Quantizers/KMeans.h"
#include "lib/Quantizers/LowRank.h"
#include "lib/Quantizers/Parallel.h"
#include "lib/Quantizers/Pruning.h"
#include "lib/Quantizers/RoundToNearest.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::quant;

using llvm::ArrayRef;
using llvm::MutableArrayRef;

Methods Methods::fromNames(ArrayRef<std::string> names) {
  Methods methods;
  for (const std::string &name : names) {
    if (name == "gptq")
      methods.gptq = true;
    else if (name == "gptq-act-order")
      methods.gptq = methods.actOrder = true;
    else if (name == "weighted-kmeans")
      methods.weightedKMeans = true;
    else if (name == "wanda")
      methods.wanda = true;
    else if (name == "eora")
      methods.eora = true;
  }
  return methods;
}

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string toText(Attribute attr) {
  std::string text;
  llvm::raw_string_ostream(text) << attr;
  return text;
}

int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t size : shape)
    n *= size;
  return n;
}

/// The group (an index into the parameter tensor) of every element of a
/// tensor of `shape` cut into blocks of `blockShape`.
std::vector<int64_t> groupOfElements(ArrayRef<int64_t> shape,
                                     ArrayRef<int64_t> blockShape) {
  int64_t rank = shape.size();
  SmallVector<int64_t> paramShape(rank);
  for (int64_t d = 0; d < rank; ++d)
    paramShape[d] = shape[d] / blockShape[d];
  std::vector<int64_t> groups(product(shape));
  SmallVector<int64_t> index(rank, 0);
  for (int64_t &group : groups) {
    int64_t g = 0;
    for (int64_t d = 0; d < rank; ++d)
      g = g * paramShape[d] + index[d] / blockShape[d];
    group = g;
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return groups;
}

/// The groups of a quantizer's scales and the largest magnitude in each.
struct GroupMaxima {
  SmallVector<int64_t> paramShape;
  std::vector<int64_t> groupOf; // per element
  std::vector<float> amax;      // per group
};

GroupMaxima groupMaxima(Granularity granularity, ArrayRef<int64_t> shape,
                        ArrayRef<float> target) {
  GroupMaxima result;
  result.paramShape = granularity.getParamShape(shape);
  result.groupOf = groupOfElements(shape, granularity.getBlockShape(shape));
  result.amax.assign(product(result.paramShape), 0.0f);
  for (auto [i, w] : llvm::enumerate(target))
    result.amax[result.groupOf[i]] =
        std::max(result.amax[result.groupOf[i]], std::abs(w));
  return result;
}

/// Where a part's elements come from in the weight: calibration columns
/// apply only to parts shaped like the weight.
struct PartContext {
  /// The calibration column of element i (its index along the weight's
  /// reduction axis), or empty when the part is not weight-shaped.
  std::function<int64_t(int64_t)> columnOf;
  bool isWeightShaped() const { return static_cast<bool>(columnOf); }
};

class Encoder {
public:
  explicit Encoder(const EncodeRequest &request) : request(request) {}

  llvm::Expected<EncodedWeight> run();

private:
  using Values = std::vector<float>;

  /// A slot: a plain type (stored under `role`) or an encoding (its roles
  /// under `role.`). Returns the decoded values.
  llvm::Expected<Values> encodeSlot(Attribute slot, ArrayRef<int64_t> shape,
                                    ArrayRef<float> target, StringRef role,
                                    const PartContext &context);
  llvm::Expected<Values> encode(Attribute encoding, ArrayRef<int64_t> shape,
                                ArrayRef<float> target, StringRef prefix,
                                const PartContext &context);
  llvm::Expected<Values> encodeUniform(UniformAttr attr,
                                       ArrayRef<int64_t> shape,
                                       ArrayRef<float> target,
                                       StringRef prefix);
  llvm::Expected<Values> encodeLut(LutAttr attr, ArrayRef<int64_t> shape,
                                   ArrayRef<float> target, StringRef prefix,
                                   const PartContext &context);
  llvm::Expected<Values> encodeFloat(SmallFloatAttr attr,
                                     ArrayRef<int64_t> shape,
                                     ArrayRef<float> target, StringRef prefix);
  /// `forcedMask`: the kept elements when the caller chose them (outliers).
  llvm::Expected<Values> encodeSparse(SparseAttr attr, ArrayRef<int64_t> shape,
                                      ArrayRef<float> target, StringRef prefix,
                                      const PartContext &context,
                                      const std::vector<uint8_t> *forcedMask);
  llvm::Expected<Values> encodeLowRank(LowRankAttr attr,
                                       ArrayRef<int64_t> shape,
                                       ArrayRef<float> target,
                                       StringRef prefix,
                                       const PartContext &context);
  llvm::Expected<Values> encodeSum(SumAttr attr, ArrayRef<int64_t> shape,
                                   ArrayRef<float> target, StringRef prefix,
                                   const PartContext &context);
  llvm::Expected<Values> encodePermuted(PermutedAttr attr,
                                        ArrayRef<int64_t> shape,
                                        ArrayRef<float> target,
                                        StringRef prefix,
                                        const PartContext &context);
  /// GPTQ for a uniform part of the weight's [N, K] shape, optionally with
  /// the kept mask of an N:M part (values laid out as the sparse values)
  /// and act-order (the permutation stored under `permRole`).
  llvm::Expected<Values> encodeGptq(UniformAttr attr, ArrayRef<int64_t> shape,
                                    ArrayRef<float> target,
                                    StringRef codesPrefix,
                                    const std::vector<uint8_t> *keep,
                                    int64_t keepN, int64_t keepM,
                                    StringRef permRole);

  /// Per-column statistics of the calibration inputs, computed once.
  ArrayRef<float> getColumnNorms();
  ArrayRef<double> getCovariance();
  llvm::Error needCalibration(StringRef method);
  void noteMethod(std::string text) {
    if (!llvm::is_contained(methodsUsed, text))
      methodsUsed.push_back(std::move(text));
  }

  const EncodeRequest &request;
  encoding::FieldValues fields;
  /// In the order they ran, once each.
  std::vector<std::string> methodsUsed;
  std::vector<float> columnNorms;
  std::vector<double> covariance;
};

llvm::Error Encoder::needCalibration(StringRef method) {
  if (request.calibration && request.calibration->rows > 0)
    return llvm::Error::success();
  return makeError("method '" + method + "' needs calibration inputs");
}

ArrayRef<float> Encoder::getColumnNorms() {
  if (columnNorms.empty())
    columnNorms = quant::columnNorms(request.calibration->inputs,
                                     request.calibration->rows,
                                     request.calibration->columns,
                                     request.pool);
  return columnNorms;
}

ArrayRef<double> Encoder::getCovariance() {
  if (covariance.empty())
    covariance = inputCovariance(request.calibration->inputs,
                                 request.calibration->rows,
                                 request.calibration->columns, request.pool);
  return covariance;
}

llvm::Expected<EncodedWeight> Encoder::run() {
  CompressedTensorType type = request.type;
  ArrayRef<int64_t> shape = type.getShape();
  for (auto [i, w] : llvm::enumerate(request.weights))
    if (!std::isfinite(w))
      return makeError(llvm::formatv("weight element {0} is {1}", i,
                                     std::isnan(w) ? "NaN"
                                     : w > 0       ? "+inf"
                                                   : "-inf"));
  if (request.methods.needsCalibration()) {
    const CalibrationData *calibration = request.calibration;
    StringRef method = request.methods.gptq ? "gptq"
                       : request.methods.wanda ? "wanda"
                       : request.methods.eora  ? "eora"
                                               : "weighted-kmeans";
    if (!calibration || calibration->rows == 0)
      return makeError("method '" + method + "' needs calibration inputs");
    int64_t axis = request.reductionAxis;
    if (axis < 0 || axis >= static_cast<int64_t>(shape.size()) ||
        calibration->columns != shape[axis])
      return makeError(llvm::formatv(
          "method '{0}' needs calibration inputs of one value per input of "
          "the weight, got rows of {1}",
          method, calibration->columns));
  }
  PartContext context;
  int64_t axis = request.reductionAxis;
  if (axis >= 0 && axis < static_cast<int64_t>(shape.size()) &&
      request.calibration &&
      request.calibration->columns == shape[axis]) {
    int64_t stride = product(shape.drop_front(axis + 1));
    int64_t size = shape[axis];
    context.columnOf = [stride, size](int64_t i) {
      return (i / stride) % size;
    };
  }
  llvm::Expected<Values> decoded =
      encode(type.getEncoding(), shape, request.weights, "", context);
  if (!decoded)
    return decoded.takeError();

  EncodedWeight result;
  encoding::Layout layout = encoding::getLayout(type);
  llvm::Expected<encoding::StorageBytes> storage =
      encoding::packStorage(layout, fields);
  if (!storage)
    return storage.takeError();
  result.storage = std::move(*storage);
  result.decoded = std::move(*decoded);
  for (auto [w, d] : llvm::zip_equal(request.weights, result.decoded)) {
    double diff = static_cast<double>(w) - d;
    result.squaredError += diff * diff;
    result.squaredNorm += static_cast<double>(w) * w;
  }
  result.method = llvm::join(methodsUsed, " + ");
  return result;
}

llvm::Expected<Encoder::Values>
Encoder::encodeSlot(Attribute slot, ArrayRef<int64_t> shape,
                    ArrayRef<float> target, StringRef role,
                    const PartContext &context) {
  if (auto typeAttr = dyn_cast<TypeAttr>(slot)) {
    Type type = typeAttr.getValue();
    std::vector<double> stored(target.size());
    Values decoded(target.size());
    for (size_t i = 0; i < target.size(); ++i) {
      stored[i] = encoding::roundToFloatType(target[i], type);
      decoded[i] = static_cast<float>(stored[i]);
    }
    fields[role] = std::move(stored);
    return decoded;
  }
  return encode(slot, shape, target, (role + ".").str(), context);
}

llvm::Expected<Encoder::Values>
Encoder::encode(Attribute encoding, ArrayRef<int64_t> shape,
                ArrayRef<float> target, StringRef prefix,
                const PartContext &context) {
  if (auto uniform = dyn_cast<UniformAttr>(encoding)) {
    if (request.methods.gptq && context.isWeightShaped())
      return encodeGptq(uniform, shape, target, prefix, nullptr, 0, 0, "");
    return encodeUniform(uniform, shape, target, prefix);
  }
  if (auto lut = dyn_cast<LutAttr>(encoding))
    return encodeLut(lut, shape, target, prefix, context);
  if (auto smallFloat = dyn_cast<SmallFloatAttr>(encoding))
    return encodeFloat(smallFloat, shape, target, prefix);
  if (auto sparse = dyn_cast<SparseAttr>(encoding))
    return encodeSparse(sparse, shape, target, prefix, context, nullptr);
  if (auto lowRank = dyn_cast<LowRankAttr>(encoding))
    return encodeLowRank(lowRank, shape, target, prefix, context);
  if (auto sum = dyn_cast<SumAttr>(encoding))
    return encodeSum(sum, shape, target, prefix, context);
  if (auto permuted = dyn_cast<PermutedAttr>(encoding))
    return encodePermuted(permuted, shape, target, prefix, context);
  return makeError("no quantizer for " + toText(encoding) +
                   ": a product of tensors has no compression method yet");
}

//===----------------------------------------------------------------------===//
// Quantizers
//===----------------------------------------------------------------------===//

llvm::Expected<Encoder::Values>
Encoder::encodeUniform(UniformAttr attr, ArrayRef<int64_t> shape,
                       ArrayRef<float> target, StringRef prefix) {
  MLIRContext *ctx = attr.getContext();
  auto type = CompressedTensorType::get(ctx, shape, Float32Type::get(ctx),
                                        cast<EncodingAttrInterface>(attr));
  if (llvm::Error error = checkSupportedByRoundToNearest(type))
    return std::move(error);
  llvm::Expected<QuantizedTensor> quantized =
      quantizeRoundToNearest(type, target, request.pool);
  if (!quantized)
    return quantized.takeError();
  encoding::Layout layout = encoding::getLayout(type);
  llvm::Expected<encoding::FieldValues> values =
      encoding::unpackStorage(layout, quantized->storage);
  if (!values)
    return values.takeError();
  for (auto &entry : *values)
    fields[(prefix + entry.getKey()).str()] = std::move(entry.getValue());
  Values decoded(target.size());
  if (llvm::Error error = dequantizeRange(type, quantized->storage, 0,
                                          target.size(), decoded))
    return std::move(error);
  noteMethod("rtn");
  return decoded;
}

/// The index of the entry of `sorted` nearest to `value` (ties: the lower).
static int64_t nearestIndex(ArrayRef<double> sorted, double value) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), value);
  if (it == sorted.begin())
    return 0;
  if (it == sorted.end())
    return sorted.size() - 1;
  int64_t hi = it - sorted.begin();
  return value - sorted[hi - 1] <= sorted[hi] - value ? hi - 1 : hi;
}

llvm::Expected<Encoder::Values>
Encoder::encodeLut(LutAttr attr, ArrayRef<int64_t> shape,
                   ArrayRef<float> target, StringRef prefix,
                   const PartContext &context) {
  int64_t count = target.size();
  Values decoded(count);
  std::vector<double> indices(count);
  if (!attr.getTable().empty()) {
    // A fixed table: one absmax scale per group, then the nearest entry.
    ArrayRef<double> table = getFixedLutTable(attr.getTable());
    std::vector<double> sorted(table.begin(), table.end());
    std::vector<int64_t> order(table.size());
    std::iota(order.begin(), order.end(), 0);
    llvm::sort(order, [&](int64_t a, int64_t b) { return table[a] < table[b]; });
    llvm::sort(sorted);
    double tableMax = 0;
    for (double v : table)
      tableMax = std::max(tableMax, std::abs(v));
    Values scales(1, 1.0f);
    std::vector<int64_t> groups(count, 0);
    if (Attribute scale = attr.getScale()) {
      GroupMaxima maxima = groupMaxima({attr.getAxis(), attr.getBlock()},
                                       shape, target);
      groups = std::move(maxima.groupOf);
      for (float &s : maxima.amax)
        s = s > 0 ? static_cast<float>(s / tableMax) : 1.0f;
      llvm::Expected<Values> stored =
          encodeSlot(scale, maxima.paramShape, maxima.amax,
                     (prefix + "scales").str(), PartContext());
      if (!stored)
        return stored.takeError();
      scales = std::move(*stored);
    }
    for (int64_t i = 0; i < count; ++i) {
      double s = scales[groups[i]];
      double q = s != 0 ? target[i] / s : 0.0;
      int64_t index = order[nearestIndex(sorted, q)];
      indices[i] = index;
      decoded[i] = static_cast<float>(table[index] * s);
    }
    fields[(prefix + "indices").str()] = std::move(indices);
    noteMethod("absmax " + attr.getTable().str());
    return decoded;
  }
  if (attr.getDim() != 1 || attr.getScale())
    return makeError("no quantizer for " + toText(attr) +
                     ": k-means builds scalar codebooks without scales");
  // Stored codebooks: k-means over each codebook group.
  Granularity granularity{attr.getCodebookAxis(), attr.getCodebookBlock()};
  SmallVector<int64_t> paramShape = granularity.getParamShape(shape);
  std::vector<int64_t> groups =
      groupOfElements(shape, granularity.getBlockShape(shape));
  int64_t numGroups = product(paramShape);
  std::vector<std::vector<int64_t>> members(numGroups);
  for (int64_t i = 0; i < count; ++i)
    members[groups[i]].push_back(i);
  bool weighted = request.methods.weightedKMeans && context.isWeightShaped();
  std::vector<float> columnWeight;
  if (weighted) {
    if (llvm::Error error = needCalibration("weighted-kmeans"))
      return std::move(error);
    // SqueezeLLM's sensitivity: the diagonal of X^T X of the input column.
    for (float norm : getColumnNorms())
      columnWeight.push_back(norm * norm);
  }
  int64_t entries = int64_t(1) << attr.getBits();
  Type codebookType = attr.getCodebookType();
  std::vector<double> codebook(numGroups * entries);
  parallelFor(request.pool, numGroups, [&](int64_t g) {
    const std::vector<int64_t> &elements = members[g];
    std::vector<float> values(elements.size()), weights;
    for (auto [k, i] : llvm::enumerate(elements))
      values[k] = target[i];
    if (weighted)
      for (int64_t i : elements)
        weights.push_back(columnWeight[context.columnOf(i)]);
    KMeansResult result = kmeans1d(values, weights, entries);
    // The stored codewords, ascending, then each value's nearest one.
    std::vector<double> book(entries);
    for (int64_t e = 0; e < entries; ++e)
      book[e] = encoding::roundToFloatType(result.centroids[e], codebookType);
    llvm::sort(book);
    std::copy(book.begin(), book.end(), codebook.begin() + g * entries);
    for (int64_t i : elements) {
      int64_t index = nearestIndex(book, target[i]);
      indices[i] = index;
      decoded[i] = static_cast<float>(book[index]);
    }
  });
  fields[(prefix + "indices").str()] = std::move(indices);
  fields[(prefix + "codebook").str()] = std::move(codebook);
  noteMethod(weighted ? "weighted-kmeans" : "kmeans");
  return decoded;
}

llvm::Expected<Encoder::Values>
Encoder::encodeFloat(SmallFloatAttr attr, ArrayRef<int64_t> shape,
                     ArrayRef<float> target, StringRef prefix) {
  Type format = attr.getFormat();
  unsigned width = format.getIntOrFloatBitWidth();
  double formatMax = 0;
  for (uint64_t bits = 0; bits < (uint64_t(1) << width); ++bits) {
    double v = encoding::getFloatValue(bits, format);
    if (std::isfinite(v))
      formatMax = std::max(formatMax, v);
  }
  int64_t count = target.size();
  Values scales(1, 1.0f);
  std::vector<int64_t> groups(count, 0);
  if (Attribute scale = attr.getScale()) {
    GroupMaxima maxima =
        groupMaxima({attr.getAxis(), attr.getBlock()}, shape, target);
    groups = std::move(maxima.groupOf);
    std::vector<float> &amax = maxima.amax;
    auto typeAttr = dyn_cast<TypeAttr>(scale);
    bool powerOfTwo = typeAttr && isa<Float8E8M0FNUType>(typeAttr.getValue());
    for (float &s : amax) {
      if (s == 0)
        s = 1;
      else if (powerOfTwo) // OCP MX: 2^(floor(log2 amax) - emax of the format)
        s = std::ldexp(1.0f, std::ilogb(s) - std::ilogb(formatMax));
      else
        s = static_cast<float>(s / formatMax);
    }
    llvm::Expected<Values> stored =
        encodeSlot(scale, maxima.paramShape, amax, (prefix + "scales").str(),
                   PartContext());
    if (!stored)
      return stored.takeError();
    scales = std::move(*stored);
  }
  std::vector<double> codes(count);
  Values decoded(count);
  for (int64_t i = 0; i < count; ++i) {
    double s = scales[groups[i]];
    double q = s != 0 ? target[i] / s : 0.0;
    q = std::clamp(q, -formatMax, formatMax);
    codes[i] = encoding::roundToFloatType(q, format);
    decoded[i] = static_cast<float>(codes[i] * s);
  }
  fields[(prefix + "codes").str()] = std::move(codes);
  noteMethod("rtn");
  return decoded;
}

//===----------------------------------------------------------------------===//
// Sparsity, low rank, sums, permutations
//===----------------------------------------------------------------------===//

llvm::Expected<Encoder::Values>
Encoder::encodeSparse(SparseAttr attr, ArrayRef<int64_t> shape,
                      ArrayRef<float> target, StringRef prefix,
                      const PartContext &context,
                      const std::vector<uint8_t> *forcedMask) {
  auto [rows, cols] = encoding::getMatrixView(shape);
  int64_t count = target.size();
  std::vector<uint8_t> mask;
  if (forcedMask) {
    mask = *forcedMask;
  } else {
    std::vector<float> scores = pruningScores(target, rows, cols, {});
    bool wanda = request.methods.wanda && context.isWeightShaped();
    if (wanda) {
      if (llvm::Error error = needCalibration("wanda"))
        return std::move(error);
      ArrayRef<float> norms = getColumnNorms();
      for (int64_t i = 0; i < count; ++i)
        scores[i] *= norms[context.columnOf(i)];
    }
    switch (attr.getPattern()) {
    case SparsePattern::NM: {
      int64_t axis = encoding::getNMAxis(attr, shape);
      int64_t rank = shape.size();
      if (axis == rank - 1) {
        mask = selectNM(scores, rows, cols, attr.getN(), attr.getM(),
                        request.pool);
      } else if (rank == 2) {
        // Along the rows: select on the transpose.
        std::vector<float> transposed(count);
        for (int64_t r = 0; r < rows; ++r)
          for (int64_t c = 0; c < cols; ++c)
            transposed[c * rows + r] = scores[r * cols + c];
        std::vector<uint8_t> t = selectNM(transposed, cols, rows, attr.getN(),
                                          attr.getM(), request.pool);
        mask.resize(count);
        for (int64_t r = 0; r < rows; ++r)
          for (int64_t c = 0; c < cols; ++c)
            mask[r * cols + c] = t[c * rows + r];
      } else {
        return makeError("no pruning method for " + toText(attr) +
                         ": N:M along a dimension other than the last needs "
                         "a matrix");
      }
      break;
    }
    case SparsePattern::Block:
      mask = selectBlocks(scores, rows, cols, attr.getBlock()[0],
                          attr.getBlock()[1], attr.getCount());
      break;
    case SparsePattern::Bitmap:
    case SparsePattern::CSR:
      mask = selectLargest(scores, attr.getCount());
      break;
    }
    noteMethod(wanda ? "wanda" : "magnitude pruning");
  }

  // The kept values in the order the format stores them, and the metadata.
  std::vector<int64_t> keptIndex; // element index of each stored value
  SmallVector<int64_t> valuesShape = encoding::getSparseValuesShape(attr, shape);
  switch (attr.getPattern()) {
  case SparsePattern::NM: {
    int64_t axis = encoding::getNMAxis(attr, shape);
    int64_t n = attr.getN(), m = attr.getM();
    int64_t inner = product(shape.drop_front(axis + 1));
    int64_t size = shape[axis];
    int64_t outer = count / (inner * size);
    // Values [outer, size / m * n, inner] in row-major order.
    keptIndex.assign(product(valuesShape), -1);
    std::vector<double> positions(keptIndex.size());
    int64_t keptSize = size / m * n;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t in = 0; in < inner; ++in)
        for (int64_t g = 0; g < size / m; ++g) {
          // The kept places of the group in increasing order, as stored.
          int64_t k = 0;
          for (int64_t p = 0; p < m; ++p) {
            int64_t element = (o * size + g * m + p) * inner + in;
            if (!mask[element])
              continue;
            if (k == n)
              return makeError("the pruning kept more than N values of an "
                               "N:M group");
            int64_t slot = (o * keptSize + g * n + k) * inner + in;
            keptIndex[slot] = element;
            positions[slot] = p;
            ++k;
          }
          if (k != n)
            return makeError("the pruning kept fewer than N values of an "
                             "N:M group");
        }
    fields[(prefix + "positions").str()] = std::move(positions);
    break;
  }
  case SparsePattern::Block: {
    int64_t br = attr.getBlock()[0], bc = attr.getBlock()[1];
    std::vector<double> rowPtr(1, 0), colIndices;
    for (int64_t i = 0; i < rows / br; ++i) {
      for (int64_t j = 0; j < cols / bc; ++j) {
        if (!mask[i * br * cols + j * bc])
          continue;
        colIndices.push_back(j);
        for (int64_t r = 0; r < br; ++r)
          for (int64_t c = 0; c < bc; ++c)
            keptIndex.push_back((i * br + r) * cols + j * bc + c);
      }
      rowPtr.push_back(colIndices.size());
    }
    fields[(prefix + "block_row_ptr").str()] = std::move(rowPtr);
    fields[(prefix + "block_col_indices").str()] = std::move(colIndices);
    break;
  }
  case SparsePattern::Bitmap: {
    std::vector<double> bits(count);
    for (int64_t i = 0; i < count; ++i) {
      bits[i] = mask[i];
      if (mask[i])
        keptIndex.push_back(i);
    }
    fields[(prefix + "mask").str()] = std::move(bits);
    break;
  }
  case SparsePattern::CSR: {
    std::vector<double> rowPtr(1, 0), colIndices;
    for (int64_t r = 0; r < rows; ++r) {
      for (int64_t c = 0; c < cols; ++c)
        if (mask[r * cols + c]) {
          keptIndex.push_back(r * cols + c);
          colIndices.push_back(c);
        }
      rowPtr.push_back(colIndices.size());
    }
    fields[(prefix + "row_ptr").str()] = std::move(rowPtr);
    fields[(prefix + "col_indices").str()] = std::move(colIndices);
    break;
  }
  }
  if (static_cast<int64_t>(keptIndex.size()) != product(valuesShape))
    return makeError(llvm::formatv("the pruning kept {0} values where {1} "
                                   "stores {2}",
                                   keptIndex.size(), toText(attr),
                                   product(valuesShape)));

  std::vector<float> kept(keptIndex.size());
  for (auto [k, i] : llvm::enumerate(keptIndex))
    kept[k] = target[i];
  llvm::Expected<Values> keptDecoded = [&]() -> llvm::Expected<Values> {
    // SparseGPT-like: GPTQ over the kept values of an N:M weight.
    auto uniform = dyn_cast<UniformAttr>(attr.getValues());
    if (request.methods.gptq && uniform && context.isWeightShaped() &&
        attr.getPattern() == SparsePattern::NM &&
        encoding::getNMAxis(attr, shape) == 1 && shape.size() == 2) {
      llvm::Expected<Values> full =
          encodeGptq(uniform, shape, target, (prefix + "values.").str(),
                     &mask, attr.getN(), attr.getM(), "");
      if (!full)
        return full.takeError();
      Values keptValues(keptIndex.size());
      for (auto [k, i] : llvm::enumerate(keptIndex))
        keptValues[k] = (*full)[i];
      return keptValues;
    }
    return encodeSlot(attr.getValues(), valuesShape, kept,
                      (prefix + "values").str(), PartContext());
  }();
  if (!keptDecoded)
    return keptDecoded.takeError();
  Values decoded(count, 0.0f);
  for (auto [k, i] : llvm::enumerate(keptIndex))
    decoded[i] = (*keptDecoded)[k];
  return decoded;
}

llvm::Expected<Encoder::Values>
Encoder::encodeLowRank(LowRankAttr attr, ArrayRef<int64_t> shape,
                       ArrayRef<float> target, StringRef prefix,
                       const PartContext &context) {
  auto [rows, cols] = encoding::getMatrixView(shape);
  int64_t rank = attr.getRank();
  // EoRA fits the factors where the inputs are (the columns of the
  // matrix view must be the calibration columns).
  bool eora = request.methods.eora && context.isWeightShaped() &&
              request.reductionAxis ==
                  static_cast<int64_t>(shape.size()) - 1;
  LowRankFactors factors;
  if (eora) {
    if (llvm::Error error = needCalibration("eora"))
      return std::move(error);
    factors = eigenspaceLowRank(target, rows, cols, getCovariance(), rank);
  } else {
    factors = truncatedSvd(target, rows, cols, rank);
  }
  noteMethod(eora ? "eora" : "svd");
  llvm::Expected<Values> u = encodeSlot(attr.getU(), {rows, rank}, factors.u,
                                        (prefix + "u").str(), PartContext());
  if (!u)
    return u.takeError();
  llvm::Expected<Values> v = encodeSlot(attr.getV(), {rank, cols}, factors.v,
                                        (prefix + "v").str(), PartContext());
  if (!v)
    return v.takeError();
  Eigen::Map<const RowMatrixF> uMatrix(u->data(), rows, rank);
  Eigen::Map<const RowMatrixF> vMatrix(v->data(), rank, cols);
  Values decoded(rows * cols);
  Eigen::Map<RowMatrixF>(decoded.data(), rows, cols).noalias() =
      uMatrix * vMatrix;
  return decoded;
}

/// An outlier term: sparse values stored as they are, chosen by magnitude.
static bool isOutlierTerm(Attribute term) {
  auto sparse = dyn_cast<SparseAttr>(term);
  return sparse && isa<TypeAttr>(sparse.getValues()) &&
         (sparse.getPattern() == SparsePattern::CSR ||
          sparse.getPattern() == SparsePattern::Bitmap);
}

llvm::Expected<Encoder::Values>
Encoder::encodeSum(SumAttr attr, ArrayRef<int64_t> shape,
                   ArrayRef<float> target, StringRef prefix,
                   const PartContext &context) {
  ArrayRef<Attribute> terms = attr.getTerms();
  int64_t count = target.size();
  // Outlier terms after the first take the largest magnitudes out of what
  // the other terms fit (dense-and-sparse, SqueezeLLM and SpQR).
  std::vector<std::vector<uint8_t>> outlierMasks(terms.size());
  std::vector<float> body(target.begin(), target.end());
  std::vector<uint8_t> taken(count, 0);
  for (auto [t, term] : llvm::enumerate(terms)) {
    if (t == 0 || !isOutlierTerm(term))
      continue;
    std::vector<float> scores(count);
    for (int64_t i = 0; i < count; ++i)
      scores[i] = taken[i] ? -1.0f : std::abs(target[i]);
    outlierMasks[t] =
        selectLargest(scores, cast<SparseAttr>(term).getCount());
    for (int64_t i = 0; i < count; ++i)
      if (outlierMasks[t][i]) {
        taken[i] = 1;
        body[i] = 0;
      }
  }
  // The other terms, each fitting what the ones before it left.
  Values sum(count, 0.0f);
  std::vector<float> residual = body;
  for (auto [t, term] : llvm::enumerate(terms)) {
    if (!outlierMasks[t].empty())
      continue;
    std::string role = (prefix + "term" + Twine(t)).str();
    llvm::Expected<Values> decoded =
        encodeSlot(term, shape, residual, role, context);
    if (!decoded)
      return decoded.takeError();
    for (int64_t i = 0; i < count; ++i) {
      sum[i] += (*decoded)[i];
      residual[i] = body[i] - sum[i];
    }
  }
  // The outliers store what the others leave of the weight at their places.
  for (auto [t, term] : llvm::enumerate(terms)) {
    if (outlierMasks[t].empty())
      continue;
    std::vector<float> rest(count);
    for (int64_t i = 0; i < count; ++i)
      rest[i] = target[i] - sum[i];
    noteMethod("outliers by magnitude");
    std::string role = (prefix + "term" + Twine(t) + ".").str();
    llvm::Expected<Values> decoded =
        encodeSparse(cast<SparseAttr>(term), shape, rest, role, context,
                     &outlierMasks[t]);
    if (!decoded)
      return decoded.takeError();
    for (int64_t i = 0; i < count; ++i)
      sum[i] += (*decoded)[i];
  }
  return sum;
}

llvm::Expected<Encoder::Values>
Encoder::encodePermuted(PermutedAttr attr, ArrayRef<int64_t> shape,
                        ArrayRef<float> target, StringRef prefix,
                        const PartContext &context) {
  auto uniform = dyn_cast<UniformAttr>(attr.getBody());
  if (request.methods.actOrder && uniform && context.isWeightShaped() &&
      shape.size() == 2 && attr.getAxis() == 1 && request.reductionAxis == 1)
    return encodeGptq(uniform, shape, target, (prefix + "body.").str(),
                      nullptr, 0, 0, (prefix + "perm").str());
  // Without act-order: the identity permutation.
  int64_t size = shape[attr.getAxis()];
  std::vector<double> perm(size);
  std::iota(perm.begin(), perm.end(), 0.0);
  fields[(prefix + "perm").str()] = std::move(perm);
  return encodeSlot(attr.getBody(), shape, target, (prefix + "body").str(),
                    context);
}

//===----------------------------------------------------------------------===//
// GPTQ
//===----------------------------------------------------------------------===//

llvm::Expected<Encoder::Values>
Encoder::encodeGptq(UniformAttr attr, ArrayRef<int64_t> shape,
                    ArrayRef<float> target, StringRef codesPrefix,
                    const std::vector<uint8_t> *keep, int64_t keepN,
                    int64_t keepM, StringRef permRole) {
  if (llvm::Error error = needCalibration("gptq"))
    return std::move(error);
  if (shape.size() != 2 || request.reductionAxis != 1)
    return makeError("gptq needs a matrix whose columns are the inputs "
                     "(the nn.Linear layout [N, K])");
  MLIRContext *ctx = attr.getContext();
  int64_t rows = shape[0], cols = shape[1];
  // The codes' tensor: the weight, or the kept values of an N:M weight.
  int64_t codeCols = keep ? cols / keepM * keepN : cols;
  auto codesType =
      CompressedTensorType::get(ctx, {rows, codeCols}, Float32Type::get(ctx),
                                cast<EncodingAttrInterface>(attr));
  if (llvm::Error error = checkSupportedByRoundToNearest(codesType))
    return std::move(error);
  Granularity granularity{attr.getAxis(), attr.getBlock()};
  SmallVector<int64_t> block = granularity.getBlockShape({rows, codeCols});
  if (block[0] != 1 && block[0] != rows)
    return makeError("gptq needs groups within a row, got " + toText(attr));
  // Groups of codes along a row, in weight columns (N:M: kept values).
  int64_t groupCodes = block[1];
  int64_t groupCols = keep ? groupCodes / keepN * keepM : groupCodes;
  if (keep && groupCodes % keepN != 0)
    return makeError("gptq needs groups of whole N:M groups");
  int64_t numGroups = codeCols / groupCodes;
  bool perRowScales = block[0] == 1;

  std::vector<double> codes(rows * codeCols, 0);
  bool hasZeros = static_cast<bool>(attr.getZeroPoint());
  int64_t codeMin = attr.getIsSigned() ? -(int64_t(1) << (attr.getBits() - 1))
                                       : 0;
  int64_t codeMax = attr.getIsSigned()
                        ? (int64_t(1) << (attr.getBits() - 1)) - 1
                        : (int64_t(1) << attr.getBits()) - 1;
  // The scale and zero point of each row in the current group, and the
  // stored ones ([rows, numGroups], or [1, numGroups] per tensor).
  std::vector<float> groupScale(rows), groupZero(rows);
  int64_t groupRows = perRowScales ? rows : 1;
  std::vector<double> scales(groupRows * numGroups);
  std::vector<double> zeros(hasZeros ? groupRows * numGroups : 0);
  std::vector<int64_t> keptSoFar(rows, 0);

  // Group parameters by round to nearest on the group's current values.
  auto startGroup = [&](int64_t g, ArrayRef<float> w,
                        const std::vector<int64_t> &order) -> llvm::Error {
    SmallVector<int64_t> subShape = {rows, groupCodes};
    SmallVector<int64_t> subBlock = {perRowScales ? 1 : rows, groupCodes};
    auto subAttr = UniformAttr::get(ctx, attr.getBits(), attr.getIsSigned(),
                                    -1, subBlock, attr.getScale(),
                                    attr.getZeroPoint(), Attribute());
    auto subType =
        CompressedTensorType::get(ctx, subShape, Float32Type::get(ctx),
                                  cast<EncodingAttrInterface>(subAttr));
    std::vector<float> values(rows * groupCodes);
    for (int64_t r = 0; r < rows; ++r) {
      int64_t k = 0;
      for (int64_t j = g * groupCols; j < (g + 1) * groupCols; ++j) {
        int64_t original = order[j];
        if (keep && !(*keep)[r * cols + original])
          continue;
        values[r * groupCodes + k++] = w[r * cols + j];
      }
    }
    llvm::Expected<QuantizedTensor> q =
        quantizeRoundToNearest(subType, values, nullptr);
    if (!q)
      return q.takeError();
    llvm::Expected<encoding::FieldValues> f =
        encoding::unpackStorage(encoding::getLayout(subType), q->storage);
    if (!f)
      return f.takeError();
    const std::vector<double> &s = f->find("scales")->second;
    for (int64_t r = 0; r < rows; ++r) {
      groupScale[r] = static_cast<float>(s[perRowScales ? r : 0]);
      groupZero[r] = 0;
    }
    if (hasZeros) {
      const std::vector<double> &z = f->find("zero_points")->second;
      for (int64_t r = 0; r < rows; ++r)
        groupZero[r] = static_cast<float>(z[perRowScales ? r : 0]);
    }
    for (int64_t r = 0; r < groupRows; ++r) {
      scales[r * numGroups + g] = groupScale[r];
      if (hasZeros)
        zeros[r * numGroups + g] = groupZero[r];
    }
    return llvm::Error::success();
  };

  GptqOptions options;
  options.actOrder = !permRole.empty();
  // H = 2/n X^T X, from the covariance that EoRA may share.
  std::vector<double> hessian(getCovariance().begin(), getCovariance().end());
  for (double &h : hessian)
    h *= 2.0 / request.calibration->rows;
  // The original column of each processed one.
  std::vector<int64_t> order =
      gptqColumnOrder(hessian, cols, options.actOrder);
  llvm::Expected<GptqResult> result = gptq(
      target, rows, cols, hessian, options,
      [&](int64_t j, ArrayRef<float> w,
          MutableArrayRef<float> out) -> llvm::Error {
        if (j % groupCols == 0)
          if (llvm::Error error = startGroup(j / groupCols, w, order))
            return error;
        int64_t original = order[j];
        for (int64_t r = 0; r < rows; ++r) {
          if (keep && !(*keep)[r * cols + original]) {
            out[r] = 0;
            continue;
          }
          float s = groupScale[r], z = groupZero[r];
          double t = std::nearbyint(static_cast<double>(w[r * cols + j]) / s);
          t = std::clamp<double>(t + z, codeMin, codeMax);
          int64_t slot = keep ? keptSoFar[r]++ : j;
          codes[r * codeCols + slot] = t;
          out[r] = s * (static_cast<float>(t) - z);
        }
        return llvm::Error::success();
      },
      request.pool);
  if (!result)
    return result.takeError();
  fields[(codesPrefix + "codes").str()] = std::move(codes);
  fields[(codesPrefix + "scales").str()] = std::move(scales);
  if (hasZeros)
    fields[(codesPrefix + "zero_points").str()] = std::move(zeros);

  // The decoded weight in the original column order.
  Values decoded(rows * cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < cols; ++j)
      decoded[r * cols + order[j]] = result->quantized[r * cols + j];
  if (!permRole.empty()) {
    std::vector<double> perm(order.begin(), order.end());
    fields[permRole] = std::move(perm);
  }
  noteMethod(options.actOrder ? "gptq (act-order)" : "gptq");
  return decoded;
}

} // namespace

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

/// Whether some part of `encoding` is one that `predicate` accepts.
static bool anyPart(Attribute encoding,
                    llvm::function_ref<bool(Attribute)> predicate) {
  if (!encoding || isa<TypeAttr>(encoding))
    return false;
  if (predicate(encoding))
    return true;
  if (auto sparse = dyn_cast<SparseAttr>(encoding))
    return anyPart(sparse.getValues(), predicate);
  if (auto lowRank = dyn_cast<LowRankAttr>(encoding))
    return anyPart(lowRank.getU(), predicate) ||
           anyPart(lowRank.getV(), predicate);
  if (auto permuted = dyn_cast<PermutedAttr>(encoding))
    return anyPart(permuted.getBody(), predicate);
  // Outlier terms take the largest magnitudes whatever the methods.
  if (auto sum = dyn_cast<SumAttr>(encoding))
    return llvm::any_of(llvm::enumerate(sum.getTerms()), [&](auto term) {
      return !(term.index() > 0 && isOutlierTerm(term.value())) &&
             anyPart(term.value(), predicate);
    });
  return false;
}

llvm::Error quant::checkMethodsApply(Attribute encoding,
                                     const Methods &methods) {
  auto check = [&](bool named, StringRef name, StringRef what,
                   llvm::function_ref<bool(Attribute)> predicate)
      -> llvm::Error {
    if (!named || anyPart(encoding, predicate))
      return llvm::Error::success();
    return makeError("method '" + name + "' applies to " + what +
                     ", and the encoding " + toText(encoding) + " has none");
  };
  if (llvm::Error error = check(
          methods.actOrder, "gptq-act-order",
          "#compress.permuted<axis = 1, body = #compress.uniform<...>>",
          [](Attribute a) {
            auto permuted = dyn_cast<PermutedAttr>(a);
            return permuted && isa<UniformAttr>(permuted.getBody());
          }))
    return error;
  if (llvm::Error error =
          check(methods.gptq && !methods.actOrder, "gptq",
                "#compress.uniform codes", [](Attribute a) {
                  return isa<UniformAttr>(a);
                }))
    return error;
  if (llvm::Error error = check(methods.weightedKMeans, "weighted-kmeans",
                                "stored #compress.lut codebooks",
                                [](Attribute a) {
                                  auto lut = dyn_cast<LutAttr>(a);
                                  return lut && lut.getTable().empty();
                                }))
    return error;
  if (llvm::Error error = check(methods.wanda, "wanda", "a sparsity pattern",
                                [](Attribute a) {
                                  return isa<SparseAttr>(a);
                                }))
    return error;
  return check(methods.eora, "eora", "a #compress.lowrank term",
               [](Attribute a) { return isa<LowRankAttr>(a); });
}

llvm::Expected<EncodedWeight> quant::encodeWeight(const EncodeRequest &request) {
  if (static_cast<int64_t>(request.weights.size()) !=
      request.type.getNumElements())
    return makeError(llvm::formatv("{0} weights for a tensor of {1} elements",
                                   request.weights.size(),
                                   request.type.getNumElements()));
  if (llvm::Error error =
          checkMethodsApply(request.type.getEncoding(), request.methods))
    return std::move(error);
  return Encoder(request).run();
}
