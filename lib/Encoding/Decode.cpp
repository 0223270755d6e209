//===- Decode.cpp - Reference decoder -------------------------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Encoding/Decode.h"
#include "dialects/Compress/IR/CompressTypes.h"

#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::encoding;

namespace {

/// Calls `fn(linear, index)` for every multi-index of `shape`, row-major.
template <typename Fn> void forEachIndex(ArrayRef<int64_t> shape, Fn &&fn) {
  int64_t total = *getCheckedNumElements(shape);
  SmallVector<int64_t> index(shape.size(), 0);
  for (int64_t linear = 0; linear < total; ++linear) {
    fn(linear, ArrayRef<int64_t>(index));
    for (int64_t d = shape.size() - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
}

int64_t linearize(ArrayRef<int64_t> index, ArrayRef<int64_t> shape) {
  int64_t linear = 0;
  for (auto [i, dim] : llvm::zip_equal(index, shape))
    linear = linear * dim + i;
  return linear;
}

/// Maps each element of `shape` to its group of `granularity`.
std::vector<int64_t> groupOfEachElement(ArrayRef<int64_t> shape,
                                        Granularity granularity) {
  SmallVector<int64_t> block = granularity.getBlockShape(shape);
  SmallVector<int64_t> params = granularity.getParamShape(shape);
  std::vector<int64_t> groups(*getCheckedNumElements(shape));
  SmallVector<int64_t> paramIndex(shape.size());
  forEachIndex(shape, [&](int64_t linear, ArrayRef<int64_t> index) {
    for (size_t d = 0; d < index.size(); ++d)
      paramIndex[d] = index[d] / block[d];
    groups[linear] = linearize(paramIndex, params);
  });
  return groups;
}

class Decoder {
public:
  explicit Decoder(const FieldValues &values) : values(values) {}

  llvm::Expected<std::vector<double>>
  decode(Attribute encoding, ArrayRef<int64_t> shape, StringRef prefix) {
    return llvm::TypeSwitch<Attribute, llvm::Expected<std::vector<double>>>(
               encoding)
        .Case<UniformAttr, LutAttr, SmallFloatAttr, SparseAttr, LowRankAttr,
              PermutedAttr, SumAttr, ProductAttr>(
            [&](auto attr) { return decodeAttr(attr, shape, prefix); })
        .Default([&](Attribute) -> llvm::Expected<std::vector<double>> {
          return makeError("not a #compress encoding");
        });
  }

private:
  llvm::Expected<const std::vector<double> *> field(StringRef role) {
    auto it = values.find(role);
    if (it == values.end())
      return makeError("no values for storage '" + role + "'");
    return &it->second;
  }

public:
  /// A slot: the stored values of a plain type, or a nested encoding decoded
  /// and rounded to f32 (the precision in which kernels apply it).
  llvm::Expected<std::vector<double>> slot(Attribute slot,
                                           ArrayRef<int64_t> shape,
                                           StringRef prefix, StringRef name) {
    std::string role = (prefix + name).str();
    if (isa<TypeAttr>(slot)) {
      llvm::Expected<const std::vector<double> *> stored = field(role);
      if (!stored)
        return stored.takeError();
      return **stored;
    }
    llvm::Expected<std::vector<double>> nested =
        decode(slot, shape, role + ".");
    if (!nested)
      return nested.takeError();
    Type f32 = Float32Type::get(slot.getContext());
    for (double &v : *nested)
      v = roundToFloatType(v, f32);
    return nested;
  }

private:

  /// Multiplies `result` by the per-group `scale` slot (when present).
  llvm::Error applyScale(std::vector<double> &result, Attribute scale,
                         Granularity granularity, ArrayRef<int64_t> shape,
                         StringRef prefix) {
    if (!scale)
      return llvm::Error::success();
    llvm::Expected<std::vector<double>> scales =
        slot(scale, granularity.getParamShape(shape), prefix, "scales");
    if (!scales)
      return scales.takeError();
    std::vector<int64_t> groups = groupOfEachElement(shape, granularity);
    for (size_t i = 0; i < result.size(); ++i)
      result[i] *= (*scales)[groups[i]];
    return llvm::Error::success();
  }

  llvm::Expected<std::vector<double>>
  decodeAttr(UniformAttr attr, ArrayRef<int64_t> shape, StringRef prefix) {
    Granularity granularity{attr.getAxis(), attr.getBlock()};
    SmallVector<int64_t> params = granularity.getParamShape(shape);
    llvm::Expected<const std::vector<double> *> codes =
        field((prefix + "codes").str());
    if (!codes)
      return codes.takeError();
    std::vector<double> result = **codes;
    std::vector<double> offsets;
    bool isMin = false;
    if (Attribute offsetSlot =
            attr.getZeroPoint() ? attr.getZeroPoint() : attr.getMin()) {
      isMin = static_cast<bool>(attr.getMin());
      llvm::Expected<std::vector<double>> stored =
          slot(offsetSlot, params, prefix, isMin ? "mins" : "zero_points");
      if (!stored)
        return stored.takeError();
      offsets = std::move(*stored);
    }
    llvm::Expected<std::vector<double>> scales =
        slot(attr.getScale(), params, prefix, "scales");
    if (!scales)
      return scales.takeError();
    std::vector<int64_t> groups = groupOfEachElement(shape, granularity);
    for (size_t i = 0; i < result.size(); ++i) {
      double s = (*scales)[groups[i]];
      double offset = offsets.empty() ? 0.0 : offsets[groups[i]];
      result[i] = isMin ? s * result[i] - offset : s * (result[i] - offset);
    }
    return result;
  }

  llvm::Expected<std::vector<double>>
  decodeAttr(LutAttr attr, ArrayRef<int64_t> shape, StringRef prefix) {
    llvm::Expected<const std::vector<double> *> indices =
        field((prefix + "indices").str());
    if (!indices)
      return indices.takeError();
    int64_t dim = attr.getDim(), last = shape.back();
    int64_t entries = int64_t(1) << attr.getBits();
    ArrayRef<double> table = getFixedLutTable(attr.getTable());
    const std::vector<double> *codebook = nullptr;
    std::vector<int64_t> books;
    if (table.empty()) {
      llvm::Expected<const std::vector<double> *> stored =
          field((prefix + "codebook").str());
      if (!stored)
        return stored.takeError();
      codebook = *stored;
      books = groupOfEachElement(
          shape, {attr.getCodebookAxis(), attr.getCodebookBlock()});
    }
    std::vector<double> result(*getCheckedNumElements(shape));
    for (size_t i = 0; i < result.size(); ++i) {
      int64_t column = i % last;
      int64_t index =
          static_cast<int64_t>((**indices)[(i - column) / dim + column / dim]);
      if (!table.empty())
        result[i] = table[index];
      else
        result[i] =
            (*codebook)[(books[i] * entries + index) * dim + column % dim];
    }
    if (llvm::Error err =
            applyScale(result, attr.getScale(),
                       {attr.getAxis(), attr.getBlock()}, shape, prefix))
      return std::move(err);
    return result;
  }

  llvm::Expected<std::vector<double>>
  decodeAttr(SmallFloatAttr attr, ArrayRef<int64_t> shape, StringRef prefix) {
    llvm::Expected<const std::vector<double> *> codes =
        field((prefix + "codes").str());
    if (!codes)
      return codes.takeError();
    std::vector<double> result = **codes;
    if (llvm::Error err =
            applyScale(result, attr.getScale(),
                       {attr.getAxis(), attr.getBlock()}, shape, prefix))
      return std::move(err);
    return result;
  }

  llvm::Expected<std::vector<double>>
  decodeAttr(SparseAttr attr, ArrayRef<int64_t> shape, StringRef prefix);

  llvm::Expected<std::vector<double>>
  decodeAttr(LowRankAttr attr, ArrayRef<int64_t> shape, StringRef prefix) {
    auto [rows, cols] = getMatrixView(shape);
    int64_t rank = attr.getRank();
    auto [uShape, vShape] = getLowRankFactorShapes(attr, shape);
    llvm::Expected<std::vector<double>> u =
        slot(attr.getU(), uShape, prefix, "u");
    if (!u)
      return u.takeError();
    llvm::Expected<std::vector<double>> v =
        slot(attr.getV(), vShape, prefix, "v");
    if (!v)
      return v.takeError();
    std::vector<double> result(rows * cols, 0.0);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t k = 0; k < rank; ++k)
        for (int64_t c = 0; c < cols; ++c)
          result[r * cols + c] += (*u)[r * rank + k] * (*v)[k * cols + c];
    return result;
  }

  llvm::Expected<std::vector<double>>
  decodeAttr(PermutedAttr attr, ArrayRef<int64_t> shape, StringRef prefix) {
    int64_t axis = attr.getAxis();
    llvm::Expected<const std::vector<double> *> perm =
        field((prefix + "perm").str());
    if (!perm)
      return perm.takeError();
    std::vector<bool> seen(shape[axis], false);
    for (auto [j, p] : llvm::enumerate(**perm)) {
      if (p < 0 || p >= shape[axis] || seen[static_cast<int64_t>(p)])
        return makeError("'" + prefix + "perm' is not a permutation of 0.." +
                         Twine(shape[axis] - 1) + ": entry " + Twine(j) +
                         " is " + Twine(static_cast<int64_t>(p)));
      seen[static_cast<int64_t>(p)] = true;
    }
    llvm::Expected<std::vector<double>> body =
        slot(attr.getBody(), shape, prefix, "body");
    if (!body)
      return body.takeError();
    std::vector<double> result(body->size());
    SmallVector<int64_t> target;
    forEachIndex(shape, [&](int64_t linear, ArrayRef<int64_t> index) {
      target.assign(index.begin(), index.end());
      target[axis] = static_cast<int64_t>((**perm)[index[axis]]);
      result[linearize(target, shape)] = (*body)[linear];
    });
    return result;
  }

  template <typename Combine>
  llvm::Expected<std::vector<double>>
  decodeParts(ArrayRef<Attribute> parts, StringRef partName,
              ArrayRef<int64_t> shape, StringRef prefix, Combine combine) {
    std::vector<double> result;
    for (auto [i, part] : llvm::enumerate(parts)) {
      llvm::Expected<std::vector<double>> values =
          slot(part, shape, prefix, (partName + Twine(i)).str());
      if (!values)
        return values.takeError();
      if (i == 0) {
        result = std::move(*values);
        continue;
      }
      for (size_t k = 0; k < result.size(); ++k)
        result[k] = combine(result[k], (*values)[k]);
    }
    return result;
  }

  llvm::Expected<std::vector<double>>
  decodeAttr(SumAttr attr, ArrayRef<int64_t> shape, StringRef prefix) {
    return decodeParts(attr.getTerms(), "term", shape, prefix,
                       [](double a, double b) { return a + b; });
  }

  llvm::Expected<std::vector<double>>
  decodeAttr(ProductAttr attr, ArrayRef<int64_t> shape, StringRef prefix) {
    return decodeParts(attr.getFactors(), "factor", shape, prefix,
                       [](double a, double b) { return a * b; });
  }

  const FieldValues &values;
};

/// Checks a compressed-row pointer array: starts at 0, never decreases, ends
/// at `count`.
llvm::Error checkRowPointers(ArrayRef<double> ptr, int64_t count,
                             StringRef role) {
  if (ptr.front() != 0 || ptr.back() != count)
    return makeError("'" + role + "' must start at 0 and end at " +
                     Twine(count) + ", found " +
                     Twine(static_cast<int64_t>(ptr.front())) + " and " +
                     Twine(static_cast<int64_t>(ptr.back())));
  for (size_t i = 1; i < ptr.size(); ++i)
    if (ptr[i] < ptr[i - 1])
      return makeError("'" + role + "' decreases at entry " + Twine(i));
  return llvm::Error::success();
}

/// Checks that the column indices of each compressed row increase strictly
/// and stay below `limit`.
llvm::Error checkColumns(ArrayRef<double> ptr, ArrayRef<double> cols,
                         int64_t limit, StringRef role) {
  for (size_t r = 0; r + 1 < ptr.size(); ++r)
    for (int64_t k = ptr[r]; k < ptr[r + 1]; ++k) {
      if (cols[k] < 0 || cols[k] >= limit)
        return makeError("'" + role + "' entry " + Twine(k) + " is " +
                         Twine(static_cast<int64_t>(cols[k])) +
                         ", outside 0.." + Twine(limit - 1));
      if (k > ptr[r] && cols[k] <= cols[k - 1])
        return makeError("'" + role + "' must increase within row " + Twine(r) +
                         " (entry " + Twine(k) + ")");
    }
  return llvm::Error::success();
}

llvm::Expected<std::vector<double>> Decoder::decodeAttr(SparseAttr attr,
                                                        ArrayRef<int64_t> shape,
                                                        StringRef prefix) {
  int64_t numElements = *getCheckedNumElements(shape);
  auto [rows, cols] = getMatrixView(shape);
  std::vector<double> result(numElements, 0.0);
  auto role = [&](StringRef name) { return (prefix + name).str(); };
  SmallVector<int64_t> valuesShape = getSparseValuesShape(attr, shape);
  llvm::Expected<std::vector<double>> values =
      slot(attr.getValues(), valuesShape, prefix, "values");
  if (!values)
    return values.takeError();

  switch (attr.getPattern()) {
  case SparsePattern::NM: {
    int64_t axis = getNMAxis(attr, shape);
    int64_t n = attr.getN(), m = attr.getM();
    ArrayRef<int64_t> kept = valuesShape;
    llvm::Expected<const std::vector<double> *> positions =
        field(role("positions"));
    if (!positions)
      return positions.takeError();
    int64_t stride = 1;
    for (size_t d = axis + 1; d < kept.size(); ++d)
      stride *= kept[d];
    llvm::Error error = llvm::Error::success();
    SmallVector<int64_t> target;
    forEachIndex(kept, [&](int64_t linear, ArrayRef<int64_t> index) {
      if (error)
        return;
      int64_t group = index[axis] / n, slotInGroup = index[axis] % n;
      int64_t position = (**positions)[linear];
      if (position >= m) {
        error = makeError("'" + role("positions") + "' entry " + Twine(linear) +
                          " is " + Twine(position) + ", outside 0.." +
                          Twine(m - 1));
        return;
      }
      // The previous kept value of the group is one stride back along axis.
      if (slotInGroup > 0 && position <= (**positions)[linear - stride]) {
        error = makeError("'" + role("positions") +
                          "' must increase within each group of " + Twine(m) +
                          " (entry " + Twine(linear) + ")");
        return;
      }
      target.assign(index.begin(), index.end());
      target[axis] = group * m + position;
      result[linearize(target, shape)] = (*values)[linear];
    });
    if (error)
      return std::move(error);
    return result;
  }
  case SparsePattern::Block: {
    ArrayRef<int64_t> block = attr.getBlock();
    int64_t kept = attr.getCount();
    llvm::Expected<const std::vector<double> *> ptr =
        field(role("block_row_ptr"));
    if (!ptr)
      return ptr.takeError();
    llvm::Expected<const std::vector<double> *> blockCols =
        field(role("block_col_indices"));
    if (!blockCols)
      return blockCols.takeError();
    if (llvm::Error err = checkRowPointers(**ptr, kept, role("block_row_ptr")))
      return std::move(err);
    if (llvm::Error err = checkColumns(**ptr, **blockCols, cols / block[1],
                                       role("block_col_indices")))
      return std::move(err);
    for (size_t br = 0; br + 1 < (*ptr)->size(); ++br)
      for (int64_t k = (**ptr)[br]; k < (**ptr)[br + 1]; ++k)
        for (int64_t i = 0; i < block[0]; ++i)
          for (int64_t j = 0; j < block[1]; ++j) {
            int64_t r = br * block[0] + i;
            int64_t c = static_cast<int64_t>((**blockCols)[k]) * block[1] + j;
            result[r * cols + c] =
                (*values)[k * block[0] * block[1] + i * block[1] + j];
          }
    return result;
  }
  case SparsePattern::Bitmap: {
    llvm::Expected<const std::vector<double> *> mask = field(role("mask"));
    if (!mask)
      return mask.takeError();
    int64_t next = 0;
    for (int64_t i = 0; i < numElements; ++i) {
      if ((**mask)[i] == 0)
        continue;
      if (next == attr.getCount())
        return makeError("'" + role("mask") + "' sets more than nnz = " +
                         Twine(attr.getCount()) + " bits");
      result[i] = (*values)[next++];
    }
    if (next != attr.getCount())
      return makeError("'" + role("mask") + "' sets " + Twine(next) +
                       " bits, but nnz = " + Twine(attr.getCount()));
    return result;
  }
  case SparsePattern::CSR: {
    llvm::Expected<const std::vector<double> *> ptr = field(role("row_ptr"));
    if (!ptr)
      return ptr.takeError();
    llvm::Expected<const std::vector<double> *> colIndices =
        field(role("col_indices"));
    if (!colIndices)
      return colIndices.takeError();
    if (llvm::Error err =
            checkRowPointers(**ptr, attr.getCount(), role("row_ptr")))
      return std::move(err);
    if (llvm::Error err =
            checkColumns(**ptr, **colIndices, cols, role("col_indices")))
      return std::move(err);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t k = (**ptr)[r]; k < (**ptr)[r + 1]; ++k)
        result[r * cols + static_cast<int64_t>((**colIndices)[k])] =
            (*values)[k];
    return result;
  }
  }
  llvm_unreachable("unknown sparse pattern");
}

} // namespace

llvm::Expected<std::vector<double>>
encoding::decode(CompressedTensorType type, const FieldValues &values) {
  // The decoder indexes with the stored values, so check them against the
  // layout first: the right count per role, integers exact and in range.
  for (const StorageSpec &spec : getLayout(type).storage) {
    auto it = values.find(spec.role);
    if (it == values.end())
      return makeError("no values for storage '" + spec.role + "'");
    if (llvm::Error err = checkFieldValues(spec, it->second))
      return std::move(err);
  }
  return Decoder(values).decode(type.getEncoding(), type.getShape(), "");
}

namespace {

/// The unpacked values of `storage`, checked against the layout of `type`.
llvm::Expected<FieldValues> unpackStorageAttrs(CompressedTensorType type,
                                               DictionaryAttr storage) {
  Layout layout = getLayout(type);
  StorageBytes bytes;
  for (const StorageSpec &spec : layout.storage) {
    auto attr = dyn_cast_or_null<ElementsAttr>(storage.get(spec.role));
    if (!attr)
      return makeError("missing storage '" + spec.role + "'");
    // Bytes of another type of the same size would decode as garbage.
    if (attr.getType() != spec.getStorageType()) {
      std::string types;
      llvm::raw_string_ostream os(types);
      os << attr.getType() << ", but the encoding needs "
         << spec.getStorageType();
      return makeError("storage '" + spec.role + "' has type " + types);
    }
    llvm::Expected<std::vector<uint8_t>> raw = getStorageBytes(attr);
    if (!raw)
      return raw.takeError();
    bytes[spec.role] = std::move(*raw);
  }
  return unpackStorage(layout, bytes);
}

} // namespace

llvm::Expected<std::vector<double>>
encoding::decodeStorage(CompressedTensorType type, DictionaryAttr storage) {
  llvm::Expected<FieldValues> values = unpackStorageAttrs(type, storage);
  if (!values)
    return values.takeError();
  // Unpacked values always fit the layout: no need for decode()'s checks.
  llvm::Expected<std::vector<double>> result =
      Decoder(*values).decode(type.getEncoding(), type.getShape(), "");
  if (!result)
    return result.takeError();
  for (double &v : *result)
    v = roundToFloatType(v, type.getElementType());
  return result;
}

llvm::Expected<std::vector<MatmulTerm>>
encoding::decodeMatmulTerms(CompressedTensorType type, DictionaryAttr storage) {
  llvm::Expected<FieldValues> values = unpackStorageAttrs(type, storage);
  if (!values)
    return values.takeError();
  Decoder decoder(*values);
  ArrayRef<int64_t> shape = type.getShape();
  // A factor: slot `name` of the part stored under `prefix`.
  auto factor = [&](Attribute slot, ArrayRef<int64_t> factorShape,
                    StringRef prefix,
                    StringRef name) -> llvm::Expected<MatmulFactor> {
    llvm::Expected<std::vector<double>> decoded =
        decoder.slot(slot, factorShape, prefix, name);
    if (!decoded)
      return decoded.takeError();
    return MatmulFactor{(prefix + name).str(),
                        SmallVector<int64_t, 2>(factorShape),
                        std::move(*decoded)};
  };
  auto lowRankTerm = [&](LowRankAttr attr,
                         StringRef prefix) -> llvm::Expected<MatmulTerm> {
    auto [uShape, vShape] = getLowRankFactorShapes(attr, shape);
    llvm::Expected<MatmulFactor> u = factor(attr.getU(), uShape, prefix, "u");
    if (!u)
      return u.takeError();
    llvm::Expected<MatmulFactor> v = factor(attr.getV(), vShape, prefix, "v");
    if (!v)
      return v.takeError();
    return MatmulTerm{std::move(*u), std::move(*v)};
  };

  std::vector<MatmulTerm> terms;
  Attribute encoding = type.getEncoding();
  if (auto lowRank = dyn_cast<LowRankAttr>(encoding)) {
    llvm::Expected<MatmulTerm> term = lowRankTerm(lowRank, "");
    if (!term)
      return term.takeError();
    terms.push_back(std::move(*term));
    return terms;
  }
  auto sum = dyn_cast<SumAttr>(encoding);
  if (!sum)
    return makeError("compress.matmul does not multiply this encoding "
                     "through its factors");
  for (auto [i, term] : llvm::enumerate(sum.getTerms())) {
    std::string role = ("term" + Twine(i)).str();
    if (auto lowRank = dyn_cast<LowRankAttr>(term)) {
      llvm::Expected<MatmulTerm> factors = lowRankTerm(lowRank, role + ".");
      if (!factors)
        return factors.takeError();
      terms.push_back(std::move(*factors));
      continue;
    }
    llvm::Expected<MatmulFactor> dense = factor(term, shape, "", role);
    if (!dense)
      return dense.takeError();
    terms.push_back(MatmulTerm{std::move(*dense)});
  }
  return terms;
}
