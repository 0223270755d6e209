//===- Layout.cpp - Storage tensors and sizes of an encoding --------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Encoding/Layout.h"
#include "dialects/Compress/IR/CompressTypes.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::encoding;

/// The most bytes all storage tensors of one value may hold together. One
/// storage tensor holds at most 2^48 values of at most 4 bytes; the bound keeps
/// the total (and its count in bits) far from overflowing int64_t however many
/// terms a #compress.sum has.
static constexpr int64_t kMaxStorageBytes = int64_t(1) << 56;

std::optional<int64_t>
encoding::getCheckedNumElements(ArrayRef<int64_t> shape) {
  int64_t product = 1;
  for (int64_t dim : shape) {
    if (dim < 0)
      return std::nullopt;
    if (dim != 0 && product > kMaxElements / dim)
      return std::nullopt;
    product *= dim;
  }
  return product;
}

int64_t StorageSpec::getNumValues() const {
  return *getCheckedNumElements(fieldShape);
}

RankedTensorType StorageSpec::getStorageType() const {
  return RankedTensorType::get(storageShape, storageElementType);
}

int64_t StorageSpec::getMinInt() const {
  return codec.isSigned ? -(int64_t(1) << (codec.bits - 1)) : 0;
}

int64_t StorageSpec::getMaxInt() const {
  return codec.isSigned ? (int64_t(1) << (codec.bits - 1)) - 1
                        : (int64_t(1) << codec.bits) - 1;
}

std::pair<int64_t, int64_t> encoding::getMatrixView(ArrayRef<int64_t> shape) {
  return {*getCheckedNumElements(shape.drop_back()), shape.back()};
}

int64_t encoding::getNMAxis(SparseAttr attr, ArrayRef<int64_t> shape) {
  return attr.getAxis() < 0 ? static_cast<int64_t>(shape.size()) - 1
                            : attr.getAxis();
}

SmallVector<int64_t> encoding::getSparseValuesShape(SparseAttr attr,
                                                    ArrayRef<int64_t> shape) {
  switch (attr.getPattern()) {
  case SparsePattern::NM: {
    int64_t axis = getNMAxis(attr, shape);
    SmallVector<int64_t> kept(shape);
    kept[axis] = shape[axis] / attr.getM() * attr.getN();
    return kept;
  }
  case SparsePattern::Block:
    return {attr.getCount(), attr.getBlock()[0] * attr.getBlock()[1]};
  case SparsePattern::Bitmap:
  case SparsePattern::CSR:
    return {attr.getCount()};
  }
  llvm_unreachable("unknown sparse pattern");
}

std::pair<SmallVector<int64_t>, SmallVector<int64_t>>
encoding::getLowRankFactorShapes(LowRankAttr attr, ArrayRef<int64_t> shape) {
  auto [rows, cols] = getMatrixView(shape);
  return {{rows, attr.getRank()}, {attr.getRank(), cols}};
}

bool encoding::multipliesThroughFactors(Attribute encoding,
                                        ArrayRef<int64_t> shape) {
  if (shape.size() != 2)
    return false;
  if (isa<LowRankAttr>(encoding))
    return true;
  auto sum = dyn_cast<SumAttr>(encoding);
  return sum && llvm::any_of(sum.getTerms(), [](Attribute term) {
           return isa<LowRankAttr>(term);
         });
}

const StorageSpec *Layout::lookup(StringRef role) const {
  for (const StorageSpec &spec : storage)
    if (spec.role == role)
      return &spec;
  return nullptr;
}

namespace {

std::string formatShape(ArrayRef<int64_t> shape) {
  std::string result;
  llvm::raw_string_ostream os(result);
  os << "[";
  llvm::interleaveComma(shape, os);
  os << "]";
  return result;
}

/// Walks an encoding tree and appends its storage tensors.
class LayoutBuilder {
public:
  LayoutBuilder(Layout &layout, function_ref<InFlightDiagnostic()> emitError)
      : layout(layout), emitErrorFn(emitError) {}

  LogicalResult addEncoding(Attribute encoding, ArrayRef<int64_t> shape,
                            StringRef prefix);

private:
  /// An error about the encoding at `prefix` (empty for the top level).
  InFlightDiagnostic error(StringRef prefix) {
    InFlightDiagnostic diag = emitErrorFn();
    if (!prefix.empty())
      diag << "in '" << prefix.drop_back() << "': ";
    return diag;
  }

  /// A slot holds a plain type (one stored field) or a nested encoding.
  LogicalResult addSlot(Attribute slot, ArrayRef<int64_t> shape,
                        StringRef prefix, StringRef name);
  LogicalResult addField(StringRef prefix, StringRef name,
                         ArrayRef<int64_t> fieldShape, FieldCodec codec);
  LogicalResult checkGranularity(StringRef prefix, Granularity granularity,
                                 ArrayRef<int64_t> shape, StringRef axisKey,
                                 StringRef blockKey);
  /// The `scales` slot of an encoding whose scale is optional.
  LogicalResult addOptionalScale(Attribute scale, Granularity granularity,
                                 ArrayRef<int64_t> shape, StringRef prefix) {
    if (!scale)
      return success();
    if (failed(
            checkGranularity(prefix, granularity, shape, "per_axis", "block")))
      return failure();
    return addSlot(scale, granularity.getParamShape(shape), prefix, "scales");
  }
  LogicalResult checkAxis(StringRef prefix, StringRef key, int64_t axis,
                          ArrayRef<int64_t> shape);
  /// Checks that the integer type `indexType`, which `holder` names, can hold
  /// `largest`.
  LogicalResult checkIndexRange(StringRef prefix, const Twine &holder,
                                Type indexType, int64_t largest,
                                StringRef what);

  LogicalResult add(UniformAttr attr, ArrayRef<int64_t> shape,
                    StringRef prefix);
  LogicalResult add(LutAttr attr, ArrayRef<int64_t> shape, StringRef prefix);
  LogicalResult add(SmallFloatAttr attr, ArrayRef<int64_t> shape,
                    StringRef prefix);
  LogicalResult add(SparseAttr attr, ArrayRef<int64_t> shape, StringRef prefix);
  LogicalResult add(LowRankAttr attr, ArrayRef<int64_t> shape,
                    StringRef prefix);
  LogicalResult add(PermutedAttr attr, ArrayRef<int64_t> shape,
                    StringRef prefix);
  LogicalResult addParts(ArrayRef<Attribute> parts, StringRef partName,
                         ArrayRef<int64_t> shape, StringRef prefix);

  Layout &layout;
  function_ref<InFlightDiagnostic()> emitErrorFn;
};

} // namespace

LogicalResult LayoutBuilder::addEncoding(Attribute encoding,
                                         ArrayRef<int64_t> shape,
                                         StringRef prefix) {
  return llvm::TypeSwitch<Attribute, LogicalResult>(encoding)
      .Case<UniformAttr, LutAttr, SmallFloatAttr, SparseAttr, LowRankAttr,
            PermutedAttr>([&](auto attr) { return add(attr, shape, prefix); })
      .Case<SumAttr>([&](SumAttr attr) {
        return addParts(attr.getTerms(), "term", shape, prefix);
      })
      .Case<ProductAttr>([&](ProductAttr attr) {
        return addParts(attr.getFactors(), "factor", shape, prefix);
      })
      .Default([&](Attribute attr) {
        return error(prefix) << attr << " is not a #compress encoding";
      });
}

LogicalResult LayoutBuilder::addSlot(Attribute slot, ArrayRef<int64_t> shape,
                                     StringRef prefix, StringRef name) {
  std::string role = (prefix + name).str();
  auto typeAttr = dyn_cast<TypeAttr>(slot);
  if (!typeAttr)
    return addEncoding(slot, shape, role + ".");
  Type type = typeAttr.getValue();
  FieldCodec codec;
  if (auto intType = dyn_cast<IntegerType>(type)) {
    codec.kind = FieldCodec::Kind::PackedInt;
    codec.bits = intType.getWidth();
    codec.isSigned = !intType.isUnsigned();
  } else {
    codec.kind = FieldCodec::Kind::Plain;
  }
  codec.type = type;
  return addField(prefix, name, shape, codec);
}

LogicalResult LayoutBuilder::addField(StringRef prefix, StringRef name,
                                      ArrayRef<int64_t> fieldShape,
                                      FieldCodec codec) {
  StorageSpec spec;
  spec.role = (prefix + name).str();
  // The attribute verifiers bound this; encodings built without them are not.
  if (layout.storage.size() >= EncodingAttrInterface::kMaxStorageTensors)
    return error(prefix) << "storage '" << spec.role << "' is storage tensor "
                         << layout.storage.size() + 1 << "; at most "
                         << EncodingAttrInterface::kMaxStorageTensors
                         << " are allowed";
  spec.fieldShape.assign(fieldShape.begin(), fieldShape.end());
  spec.codec = codec;
  std::optional<int64_t> numValues = getCheckedNumElements(fieldShape);
  if (!numValues)
    return error(prefix) << "storage '" << spec.role << "' of shape "
                         << formatShape(fieldShape)
                         << " has more than 2^48 values";
  MLIRContext *ctx = codec.type.getContext();
  if (codec.kind == FieldCodec::Kind::Plain) {
    spec.storageShape = spec.fieldShape;
    spec.storageElementType = codec.type;
    spec.byteSize =
        *numValues * llvm::divideCeil(codec.type.getIntOrFloatBitWidth(), 8);
  } else {
    // Bit-packed: merge trailing dimensions until their values fill whole
    // bytes (a 4-bit 64x32x3x3 conv weight packs 288 values per filter), so
    // no row is padded unless the whole field is; leading dimensions stay.
    size_t split = fieldShape.size();
    int64_t inner = 1;
    while (split > 0) {
      inner *= fieldShape[split - 1];
      --split;
      if (inner * codec.bits % 8 == 0)
        break;
    }
    // Values of more than 8 bits take more bytes than there are values, so
    // the byte count is not bounded by the value count.
    int64_t bytesPerRow = llvm::divideCeil(inner * codec.bits, 8);
    spec.valuesPerPackedRow = inner;
    spec.storageShape.assign(fieldShape.begin(), fieldShape.begin() + split);
    spec.storageShape.push_back(bytesPerRow);
    spec.storageElementType = IntegerType::get(ctx, 8);
    spec.byteSize = *numValues / inner * bytesPerRow;
    if (spec.byteSize > kMaxElements)
      return error(prefix) << "storage '" << spec.role << "' of shape "
                           << formatShape(fieldShape) << " packs into "
                           << spec.byteSize << " bytes, more than 2^48";
  }
  if (spec.byteSize > kMaxStorageBytes - layout.byteSize)
    return error(prefix) << "storage '" << spec.role << "' brings the total "
                         << "storage above 2^56 bytes";
  layout.byteSize += spec.byteSize;
  layout.storage.push_back(std::move(spec));
  return success();
}

LogicalResult LayoutBuilder::checkAxis(StringRef prefix, StringRef key,
                                       int64_t axis, ArrayRef<int64_t> shape) {
  if (axis >= static_cast<int64_t>(shape.size()))
    return error(prefix) << key << " = " << axis
                         << " is out of range for a tensor of rank "
                         << shape.size() << "; expected 0 to "
                         << shape.size() - 1;
  return success();
}

LogicalResult LayoutBuilder::checkGranularity(StringRef prefix,
                                              Granularity granularity,
                                              ArrayRef<int64_t> shape,
                                              StringRef axisKey,
                                              StringRef blockKey) {
  if (granularity.isPerAxis())
    return checkAxis(prefix, axisKey, granularity.axis, shape);
  if (!granularity.isBlock())
    return success();
  if (granularity.block.size() != shape.size())
    return error(prefix) << blockKey << " = " << formatShape(granularity.block)
                         << " has " << granularity.block.size()
                         << " sizes, but the tensor " << formatShape(shape)
                         << " has rank " << shape.size();
  for (auto [i, b, dim] : llvm::enumerate(granularity.block, shape))
    if (dim % b != 0)
      return error(prefix) << blockKey << " = "
                           << formatShape(granularity.block)
                           << " does not divide the shape "
                           << formatShape(shape) << ": " << b
                           << " does not divide dimension " << i << " of size "
                           << dim;
  return success();
}

LogicalResult LayoutBuilder::checkIndexRange(StringRef prefix,
                                             const Twine &holder,
                                             Type indexType, int64_t largest,
                                             StringRef what) {
  unsigned width = indexType.getIntOrFloatBitWidth();
  int64_t max = (int64_t(1) << (width - 1)) - 1;
  if (largest > max)
    return error(prefix) << holder << " " << indexType << " cannot hold "
                         << what << " " << largest << " (at most " << max
                         << ")";
  return success();
}

LogicalResult LayoutBuilder::add(UniformAttr attr, ArrayRef<int64_t> shape,
                                 StringRef prefix) {
  Granularity granularity{attr.getAxis(), attr.getBlock()};
  if (failed(checkGranularity(prefix, granularity, shape, "per_axis", "block")))
    return failure();
  FieldCodec codes{FieldCodec::Kind::PackedInt, attr.getBits(),
                   attr.getIsSigned(), IntegerType::get(attr.getContext(), 8)};
  SmallVector<int64_t> params = granularity.getParamShape(shape);
  if (failed(addField(prefix, "codes", shape, codes)) ||
      failed(addSlot(attr.getScale(), params, prefix, "scales")))
    return failure();
  if (attr.getZeroPoint())
    return addSlot(attr.getZeroPoint(), params, prefix, "zero_points");
  if (attr.getMin())
    return addSlot(attr.getMin(), params, prefix, "mins");
  return success();
}

LogicalResult LayoutBuilder::add(LutAttr attr, ArrayRef<int64_t> shape,
                                 StringRef prefix) {
  int64_t dim = attr.getDim();
  if (shape.back() % dim != 0)
    return error(prefix) << "dim = " << dim
                         << " does not divide the last dimension of size "
                         << shape.back();
  SmallVector<int64_t> indexShape(shape);
  indexShape.back() /= dim;
  MLIRContext *ctx = attr.getContext();
  if (failed(addField(prefix, "indices", indexShape,
                      {FieldCodec::Kind::PackedInt, attr.getBits(), false,
                       IntegerType::get(ctx, 8)})))
    return failure();
  if (attr.getTable().empty()) {
    Granularity books{attr.getCodebookAxis(), attr.getCodebookBlock()};
    if (failed(checkGranularity(prefix, books, shape, "codebook_axis",
                                "codebook_block")))
      return failure();
    if (dim > 1 && books.isPerAxis() &&
        books.axis == static_cast<int64_t>(shape.size()) - 1)
      return error(prefix) << "codebook_axis = " << books.axis
                           << " would split codewords: with dim = " << dim
                           << " a codeword spans " << dim
                           << " values of the last dimension, which must "
                              "share one codebook";
    if (books.isBlock() && books.block.back() % dim != 0)
      return error(prefix) << "codebook_block = " << formatShape(books.block)
                           << " must hold whole codewords: dim = " << dim
                           << " does not divide " << books.block.back();
    SmallVector<int64_t> bookShape = books.getParamShape(shape);
    bookShape.push_back(int64_t(1) << attr.getBits());
    bookShape.push_back(dim);
    if (failed(addField(
            prefix, "codebook", bookShape,
            {FieldCodec::Kind::Plain, 0, false, attr.getCodebookType()})))
      return failure();
  }
  return addOptionalScale(attr.getScale(), {attr.getAxis(), attr.getBlock()},
                          shape, prefix);
}

LogicalResult LayoutBuilder::add(SmallFloatAttr attr, ArrayRef<int64_t> shape,
                                 StringRef prefix) {
  Type format = attr.getFormat();
  if (failed(addField(prefix, "codes", shape,
                      {FieldCodec::Kind::PackedFloat,
                       format.getIntOrFloatBitWidth(), true, format})))
    return failure();
  return addOptionalScale(attr.getScale(), {attr.getAxis(), attr.getBlock()},
                          shape, prefix);
}

LogicalResult LayoutBuilder::add(SparseAttr attr, ArrayRef<int64_t> shape,
                                 StringRef prefix) {
  MLIRContext *ctx = attr.getContext();
  Type indexType =
      attr.getIndexType() ? attr.getIndexType() : IntegerType::get(ctx, 32);
  FieldCodec indexCodec{FieldCodec::Kind::Plain, 0, true, indexType};
  int64_t numElements = *getCheckedNumElements(shape);
  auto [rows, cols] = getMatrixView(shape);

  switch (attr.getPattern()) {
  case SparsePattern::NM: {
    int64_t axis = getNMAxis(attr, shape);
    if (failed(checkAxis(prefix, "axis", axis, shape)))
      return failure();
    int64_t n = attr.getN(), m = attr.getM();
    if (shape[axis] % m != 0)
      return error(prefix) << "nm = [" << n << ", " << m << "]: M = " << m
                           << " does not divide dimension " << axis
                           << " of size " << shape[axis];
    SmallVector<int64_t> kept = getSparseValuesShape(attr, shape);
    return failure(
        failed(addSlot(attr.getValues(), kept, prefix, "values")) ||
        failed(addField(prefix, "positions", kept,
                        {FieldCodec::Kind::PackedInt, llvm::Log2_64_Ceil(m),
                         false, IntegerType::get(ctx, 8)})));
  }
  case SparsePattern::Block: {
    ArrayRef<int64_t> block = attr.getBlock();
    if (rows % block[0] != 0 || cols % block[1] != 0)
      return error(prefix) << "block = " << formatShape(block)
                           << " does not divide the matrix " << rows << "x"
                           << cols << " that the tensor " << formatShape(shape)
                           << " is seen as";
    int64_t blockRows = rows / block[0], blockCols = cols / block[1];
    if (attr.getCount() > blockRows * blockCols)
      return error(prefix) << "kept = " << attr.getCount()
                           << " is larger than the " << blockRows * blockCols
                           << " blocks of the tensor";
    if (failed(checkIndexRange(prefix, "index =", indexType, attr.getCount(),
                               "a block count of")) ||
        failed(checkIndexRange(prefix, "index =", indexType, blockCols - 1,
                               "a block column of")))
      return failure();
    return failure(
        failed(addSlot(attr.getValues(), getSparseValuesShape(attr, shape),
                       prefix, "values")) ||
        failed(
            addField(prefix, "block_row_ptr", {blockRows + 1}, indexCodec)) ||
        failed(addField(prefix, "block_col_indices", {attr.getCount()},
                        indexCodec)));
  }
  case SparsePattern::Bitmap:
  case SparsePattern::CSR: {
    if (attr.getCount() > numElements)
      return error(prefix) << "nnz = " << attr.getCount()
                           << " is larger than the " << numElements
                           << " elements of the tensor";
    if (failed(addSlot(attr.getValues(), getSparseValuesShape(attr, shape),
                       prefix, "values")))
      return failure();
    if (attr.getPattern() == SparsePattern::Bitmap)
      return addField(
          prefix, "mask", shape,
          {FieldCodec::Kind::PackedInt, 1, false, IntegerType::get(ctx, 8)});
    if (failed(checkIndexRange(prefix, "index =", indexType, attr.getCount(),
                               "a row pointer of")) ||
        failed(checkIndexRange(prefix, "index =", indexType, cols - 1,
                               "a column of")))
      return failure();
    return failure(
        failed(addField(prefix, "row_ptr", {rows + 1}, indexCodec)) ||
        failed(addField(prefix, "col_indices", {attr.getCount()}, indexCodec)));
  }
  }
  llvm_unreachable("unknown sparse pattern");
}

LogicalResult LayoutBuilder::add(LowRankAttr attr, ArrayRef<int64_t> shape,
                                 StringRef prefix) {
  auto [rows, cols] = getMatrixView(shape);
  int64_t rank = attr.getRank();
  if (rank >= std::min(rows, cols))
    return error(prefix) << "rank = " << rank << " must be below min(" << rows
                         << ", " << cols << ") = " << std::min(rows, cols)
                         << " for the tensor " << formatShape(shape)
                         << " seen as a " << rows << "x" << cols << " matrix";
  auto [uShape, vShape] = getLowRankFactorShapes(attr, shape);
  return failure(failed(addSlot(attr.getU(), uShape, prefix, "u")) ||
                 failed(addSlot(attr.getV(), vShape, prefix, "v")));
}

LogicalResult LayoutBuilder::add(PermutedAttr attr, ArrayRef<int64_t> shape,
                                 StringRef prefix) {
  if (failed(checkAxis(prefix, "axis", attr.getAxis(), shape)))
    return failure();
  Type i32 = IntegerType::get(attr.getContext(), 32);
  int64_t size = shape[attr.getAxis()];
  if (failed(checkIndexRange(prefix, "storage '" + prefix + "perm' of type",
                             i32, size - 1, "the slice index")))
    return failure();
  return failure(failed(addField(prefix, "perm", {size},
                                 {FieldCodec::Kind::Plain, 0, true, i32})) ||
                 failed(addSlot(attr.getBody(), shape, prefix, "body")));
}

LogicalResult LayoutBuilder::addParts(ArrayRef<Attribute> parts,
                                      StringRef partName,
                                      ArrayRef<int64_t> shape,
                                      StringRef prefix) {
  for (auto [i, part] : llvm::enumerate(parts))
    if (failed(addSlot(part, shape, prefix, (partName + Twine(i)).str())))
      return failure();
  return success();
}

FailureOr<Layout>
encoding::computeLayout(Attribute encoding, ArrayRef<int64_t> shape,
                        function_ref<InFlightDiagnostic()> emitError) {
  std::optional<int64_t> numElements = getCheckedNumElements(shape);
  if (shape.empty() || !numElements || *numElements == 0)
    return emitError() << "cannot lay out a tensor of shape "
                       << formatShape(shape);
  Layout layout;
  layout.numElements = *numElements;
  LayoutBuilder builder(layout, emitError);
  if (failed(builder.addEncoding(encoding, shape, "")))
    return failure();
  return layout;
}

Layout encoding::getLayout(CompressedTensorType type) {
  FailureOr<Layout> layout =
      computeLayout(type.getEncoding(), type.getShape(), [&] {
        return emitError(UnknownLoc::get(type.getContext()));
      });
  assert(succeeded(layout) && "the type verifier accepted the layout");
  return std::move(*layout);
}
