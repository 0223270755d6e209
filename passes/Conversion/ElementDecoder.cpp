//===- ElementDecoder.cpp - Decode one element inside a kernel body -------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ElementDecoder.h"

#include "lib/Builders/TensorBuilders.h"
#include "lib/Encoding/Packing.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::compress;
using encoding::FieldCodec;
using encoding::StorageSpec;

namespace {

/// Row-major position of `indices` in `shape`.
IndexExpr linearize(ArrayRef<IndexExpr> indices, ArrayRef<int64_t> shape) {
  IndexExpr linear = IndexExpr::constantOf(0);
  for (auto [index, size] : llvm::zip_equal(indices, shape))
    linear = linear.scaled(size).plus(index);
  return linear;
}

/// floor(index / divisor) and index mod divisor, without arithmetic when
/// the digits align.
std::pair<Value, Value> divideWithRemainder(OpBuilder &b, Location loc,
                                            const IndexExpr &index,
                                            int64_t divisor) {
  if (auto split = index.splitBy(divisor))
    return {split->first.materialize(b, loc),
            split->second.materialize(b, loc)};
  Value value = index.materialize(b, loc);
  Value constant = indexConstant(b, loc, divisor);
  return {arith::DivUIOp::create(b, loc, value, constant),
          arith::RemUIOp::create(b, loc, value, constant)};
}

/// `value` (a float of any width) in f32.
Value floatToF32(OpBuilder &b, Location loc, Value value) {
  if (value.getType().isF32())
    return value;
  return arith::ExtFOp::create(b, loc, b.getF32Type(), value);
}

/// Each of `exprs` as index arithmetic.
SmallVector<Value> materializeAll(OpBuilder &b, Location loc,
                                  ArrayRef<IndexExpr> exprs) {
  return llvm::map_to_vector(
      exprs, [&](const IndexExpr &e) { return e.materialize(b, loc); });
}

/// The group of each index for `granularity` on `shape` (indices / block),
/// as index expressions.
SmallVector<IndexExpr> groupIndices(OpBuilder &b, Location loc,
                                    Granularity granularity,
                                    ArrayRef<int64_t> shape,
                                    ArrayRef<IndexExpr> indices) {
  SmallVector<int64_t> block = granularity.getBlockShape(shape);
  SmallVector<int64_t> params = granularity.getParamShape(shape);
  SmallVector<IndexExpr> group;
  for (auto [d, index] : llvm::enumerate(indices)) {
    if (params[d] == 1)
      group.push_back(IndexExpr::constantOf(0));
    else if (block[d] == 1)
      group.push_back(index);
    else if (auto split = index.splitBy(block[d]))
      group.push_back(split->first);
    else
      group.push_back(IndexExpr::of(
          divideWithRemainder(b, loc, index, block[d]).first, params[d]));
  }
  return group;
}

bool isLowerableScalarType(Type type) {
  if (isa<IntegerType>(type))
    return true;
  // Floats of 8 bits or fewer are decoded by a table of their values.
  if (auto floatType = dyn_cast<FloatType>(type))
    return floatType.getWidth() <= 8 ||
           isa<Float32Type, Float16Type, BFloat16Type>(type);
  return false;
}

/// A constant 1-D table of f32 values, for the kernel to index.
Value constantTable(OpBuilder &b, Location loc, ArrayRef<float> values) {
  auto tableType =
      RankedTensorType::get({int64_t(values.size())}, b.getF32Type());
  return arith::ConstantOp::create(b, loc, tableType,
                                   DenseElementsAttr::get(tableType, values));
}

/// The value of the small float `format` whose bit pattern is `bits` (an
/// integer of any width), in f32: one extract from a table of all
/// 2^width values (NaN patterns hold NaN), built with the reference
/// decoder's own conversion.
Value smallFloatValue(OpBuilder &b, Location loc, Value bits, Type format) {
  unsigned width = cast<FloatType>(format).getWidth();
  SmallVector<float> values;
  for (uint64_t pattern = 0; pattern < (uint64_t(1) << width); ++pattern)
    values.push_back(
        static_cast<float>(encoding::getFloatValue(pattern, format)));
  Value table = constantTable(b, loc, values);
  Value index = arith::IndexCastUIOp::create(b, loc, b.getIndexType(), bits);
  return tensor::ExtractOp::create(b, loc, table, ValueRange{index});
}

std::optional<std::string> whyUnsupportedEncoding(Attribute encoding);

std::optional<std::string> whyUnsupportedSlot(Attribute slot) {
  if (!slot)
    return std::nullopt;
  if (auto typeAttr = dyn_cast<TypeAttr>(slot)) {
    if (isLowerableScalarType(typeAttr.getValue()))
      return std::nullopt;
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "stored type " << typeAttr.getValue();
    return text;
  }
  return whyUnsupportedEncoding(slot);
}

/// The slots of `encoding` that hold something (a plain type or a nested
/// encoding), or nullopt for an encoding the decoder does not know.
std::optional<SmallVector<Attribute>> getSlots(Attribute encoding) {
  SmallVector<Attribute> slots;
  if (auto uniform = dyn_cast<UniformAttr>(encoding))
    slots = {uniform.getScale(), uniform.getZeroPoint(), uniform.getMin()};
  else if (auto smallFloat = dyn_cast<SmallFloatAttr>(encoding))
    slots = {smallFloat.getScale()};
  else if (auto lut = dyn_cast<LutAttr>(encoding))
    slots = {lut.getScale()};
  else if (auto sparse = dyn_cast<SparseAttr>(encoding))
    slots = {sparse.getValues()};
  else if (auto lowRank = dyn_cast<LowRankAttr>(encoding))
    slots = {lowRank.getU(), lowRank.getV()};
  else if (auto permuted = dyn_cast<PermutedAttr>(encoding))
    slots = {permuted.getBody()};
  else if (auto sum = dyn_cast<SumAttr>(encoding))
    llvm::append_range(slots, sum.getTerms());
  else if (auto product = dyn_cast<ProductAttr>(encoding))
    llvm::append_range(slots, product.getFactors());
  else
    return std::nullopt;
  llvm::erase(slots, Attribute());
  return slots;
}

std::optional<std::string> whyUnsupportedEncoding(Attribute encoding) {
  if (auto lut = dyn_cast<LutAttr>(encoding)) {
    if (Type codebook = lut.getCodebookType();
        codebook && !isLowerableScalarType(codebook)) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << "codebook type " << codebook;
      return text;
    }
  }
  std::optional<SmallVector<Attribute>> slots = getSlots(encoding);
  if (!slots) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "encoding " << encoding;
    return text;
  }
  for (Attribute slot : *slots)
    if (std::optional<std::string> why = whyUnsupportedSlot(slot))
      return why;
  return std::nullopt;
}

/// Whether decoding one element of `slot` runs a loop (over the rank of a
/// low-rank part).
bool decodeLoops(Attribute slot) {
  if (isa<LowRankAttr>(slot))
    return true;
  std::optional<SmallVector<Attribute>> slots = getSlots(slot);
  return slots && llvm::any_of(*slots, decodeLoops);
}

/// A zero-filled f32 tensor of `shape`.
Value zeroTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape) {
  Type f32 = b.getF32Type();
  Value empty = tensor::EmptyOp::create(b, loc, shape, f32);
  Value zero = arith::ConstantOp::create(b, loc, f32, b.getZeroAttr(f32));
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

/// How to split dimension `dim` of `shape` for the encoding `root`
/// (ElementDecoder::suggestSplit).
DimensionSplit splitDimension(Attribute root, ArrayRef<int64_t> shape,
                              int64_t dim) {
  int64_t extent = shape[dim];
  DimensionSplit split{{extent}, -1};
  auto uniform = dyn_cast<UniformAttr>(root);
  if (!uniform)
    return split;
  Granularity granularity{uniform.getAxis(), uniform.getBlock()};
  int64_t block = granularity.getBlockShape(shape)[dim];
  // Values per byte, when the last dimension alone is a packed row.
  int64_t perByte = 1;
  unsigned bits = uniform.getBits();
  if (dim == int64_t(shape.size()) - 1 && bits < 8 && 8 % bits == 0 &&
      extent * bits % 8 == 0)
    perByte = 8 / bits;
  SmallVector<int64_t> radices;
  int64_t inner = extent;
  if (block > 1 && block < extent) {
    radices.push_back(extent / block);
    inner = block;
  }
  if (perByte > 1 && inner % perByte == 0) {
    radices.append({inner / perByte, perByte});
    split.packDigit = radices.size() - 1;
  } else {
    radices.push_back(inner);
  }
  split.radices = radices;
  return split;
}

} // namespace

ValueRange mlir::compress::buildForLoop(
    OpBuilder &b, Location loc, Value lower, Value upper, ValueRange inits,
    function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)>
        body) {
  Value one = indexConstant(b, loc, 1);
  auto loop = scf::ForOp::create(
      b, loc, lower, upper, one, inits,
      [&](OpBuilder &nested, Location loc, Value iv, ValueRange args) {
        scf::YieldOp::create(nested, loc, body(nested, loc, iv, args));
      });
  return loop.getResults();
}

//===----------------------------------------------------------------------===//
// IndexExpr
//===----------------------------------------------------------------------===//

IndexExpr IndexExpr::of(Value value, int64_t extent) {
  IndexExpr expr;
  expr.terms.push_back({value, 1, extent});
  return expr;
}

IndexExpr IndexExpr::constantOf(int64_t value) {
  IndexExpr expr;
  expr.constant = value;
  return expr;
}

int64_t IndexExpr::getMax() const {
  int64_t max = constant;
  for (const Term &term : terms)
    max += (term.extent - 1) * term.stride;
  return max;
}

IndexExpr IndexExpr::scaled(int64_t factor) const {
  IndexExpr expr = *this;
  expr.constant *= factor;
  for (Term &term : expr.terms)
    term.stride *= factor;
  return expr;
}

IndexExpr IndexExpr::plus(const IndexExpr &other) const {
  IndexExpr expr = *this;
  expr.constant += other.constant;
  llvm::append_range(expr.terms, other.terms);
  return expr;
}

std::optional<std::pair<IndexExpr, IndexExpr>>
IndexExpr::splitBy(int64_t divisor) const {
  IndexExpr quotient, rest;
  quotient.constant = constant / divisor;
  rest.constant = constant % divisor;
  for (const Term &term : terms) {
    if (term.stride % divisor == 0)
      quotient.terms.push_back(
          {term.value, term.stride / divisor, term.extent});
    else
      rest.terms.push_back(term);
  }
  if (rest.getMax() >= divisor)
    return std::nullopt;
  return std::make_pair(quotient, rest);
}

Value IndexExpr::materialize(OpBuilder &b, Location loc) const {
  Value sum;
  for (const Term &term : terms) {
    if (term.extent == 1)
      continue;
    Value value = term.value;
    if (term.stride != 1)
      value = arith::MulIOp::create(b, loc, value,
                                    indexConstant(b, loc, term.stride));
    sum = sum ? arith::AddIOp::create(b, loc, sum, value).getResult() : value;
  }
  if (!sum)
    return indexConstant(b, loc, constant);
  if (constant != 0)
    sum = arith::AddIOp::create(b, loc, sum, indexConstant(b, loc, constant));
  return sum;
}

//===----------------------------------------------------------------------===//
// ElementDecoder
//===----------------------------------------------------------------------===//

ElementDecoder::ElementDecoder(CompressedTensorType type, ValueRange storage)
    : layout(encoding::getLayout(type)), root(type.getEncoding()),
      shape(type.getShape()), elementType(type.getElementType()) {
  assert(storage.size() == layout.storage.size() && "one value per storage");
  for (auto [spec, value] : llvm::zip_equal(layout.storage, storage))
    storageByRole[spec.role] = value;
}

ElementDecoder ElementDecoder::getPart(Attribute slot, ArrayRef<int64_t> shape,
                                       StringRef role, Type elementType) const {
  ElementDecoder part = *this;
  part.root = slot;
  part.shape.assign(shape.begin(), shape.end());
  part.role = role.str();
  part.elementType =
      elementType ? elementType : Float32Type::get(slot.getContext());
  return part;
}

std::string ElementDecoder::getRole(StringRef name) const {
  return role.empty() ? name.str() : (role + "." + name).str();
}

std::optional<std::string>
ElementDecoder::whyUnsupported(CompressedTensorType type) {
  return whyUnsupportedEncoding(type.getEncoding());
}

bool ElementDecoder::decodeLoops() const { return ::decodeLoops(root); }

DimensionSplit ElementDecoder::suggestSplit(CompressedTensorType type,
                                            int64_t dim) {
  return splitDimension(type.getEncoding(), type.getShape(), dim);
}

DimensionSplit ElementDecoder::suggestSplit(int64_t dim) const {
  return splitDimension(root, shape, dim);
}

Value ElementDecoder::build(OpBuilder &builder, Location loc,
                            ValueRange indices) const {
  SmallVector<IndexExpr> exprs;
  for (auto [index, size] : llvm::zip_equal(indices, shape))
    exprs.push_back(IndexExpr::of(index, size));
  return build(builder, loc, exprs);
}

Value ElementDecoder::build(OpBuilder &builder, Location loc,
                            ArrayRef<IndexExpr> indices) const {
  Value value = role.empty()
                    ? decode(builder, loc, root, shape, "", indices)
                    : decodeSlot(builder, loc, root, shape, role, indices);
  return round(builder, loc, value);
}

Value ElementDecoder::round(OpBuilder &builder, Location loc,
                            Value value) const {
  // The reference decoder rounds the result to the element type.
  if (elementType.isF32())
    return value;
  Value rounded = arith::TruncFOp::create(builder, loc, elementType, value);
  return arith::ExtFOp::create(builder, loc, builder.getF32Type(), rounded);
}

Value ElementDecoder::decode(OpBuilder &builder, Location loc,
                             Attribute encoding, ArrayRef<int64_t> shape,
                             StringRef prefix,
                             ArrayRef<IndexExpr> indices) const {
  if (auto lut = dyn_cast<LutAttr>(encoding))
    return decodeLut(builder, loc, lut, shape, prefix, indices);
  if (auto smallFloat = dyn_cast<SmallFloatAttr>(encoding)) {
    // The stored small float, times its group's scale.
    Value value = readField(builder, loc, (prefix + "codes").str(), indices);
    return applyScale(builder, loc, value, smallFloat.getScale(),
                      {smallFloat.getAxis(), smallFloat.getBlock()}, shape,
                      prefix, indices);
  }
  if (auto sparse = dyn_cast<SparseAttr>(encoding))
    return decodeSparse(builder, loc, sparse, shape, prefix, indices);
  if (auto lowRank = dyn_cast<LowRankAttr>(encoding))
    return decodeLowRank(builder, loc, lowRank, shape, prefix, indices);
  if (auto permuted = dyn_cast<PermutedAttr>(encoding))
    return decodePermuted(builder, loc, permuted, shape, prefix, indices);
  if (auto sum = dyn_cast<SumAttr>(encoding))
    return decodeParts(builder, loc, sum.getTerms(), "term",
                       /*multiply=*/false, shape, prefix, indices);
  if (auto product = dyn_cast<ProductAttr>(encoding))
    return decodeParts(builder, loc, product.getFactors(), "factor",
                       /*multiply=*/true, shape, prefix, indices);
  auto uniform = cast<UniformAttr>(encoding);
  return decodeUniform(builder, loc, uniform, shape, prefix, indices);
}

Value ElementDecoder::decodeSparse(OpBuilder &b, Location loc, SparseAttr attr,
                                   ArrayRef<int64_t> shape, StringRef prefix,
                                   ArrayRef<IndexExpr> indices) const {
  if (attr.getPattern() != SparsePattern::NM) {
    // Blocks, bitmap and CSR: the matrix prepare() scattered, at
    // [row of the matrix view, column].
    Value dense = storageByRole.lookup((prefix + "#dense").str());
    assert(dense && "prepare() materialized the sparse tensor");
    Value row =
        linearize(indices.drop_back(), shape.drop_back()).materialize(b, loc);
    return tensor::ExtractOp::create(
        b, loc, dense, ValueRange{row, indices.back().materialize(b, loc)});
  }
  // N:M: the element sits at offset o of group G along the axis; it is kept
  // if one of the group's N positions is o, and then it is that slot's value.
  int64_t axis = encoding::getNMAxis(attr, shape);
  int64_t n = attr.getN(), m = attr.getM();
  SmallVector<int64_t> kept = encoding::getSparseValuesShape(attr, shape);
  IndexExpr group, offset;
  if (auto split = indices[axis].splitBy(m)) {
    std::tie(group, offset) = *split;
  } else {
    auto [g, o] = divideWithRemainder(b, loc, indices[axis], m);
    group = IndexExpr::of(g, shape[axis] / m);
    offset = IndexExpr::of(o, m);
  }
  Value offsetValue = offset.materialize(b, loc);
  std::string positionsRole = (prefix + "positions").str();
  SmallVector<IndexExpr> keptIndex(indices);
  Value slot = indexConstant(b, loc, 0);
  Value found = arith::ConstantIntOp::create(b, loc, b.getI1Type(), 0);
  for (int64_t s = 0; s < n; ++s) {
    keptIndex[axis] = group.scaled(n).plus(IndexExpr::constantOf(s));
    Value position = readIndex(b, loc, positionsRole, keptIndex);
    Value match = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                        position, offsetValue);
    slot =
        arith::SelectOp::create(b, loc, match, indexConstant(b, loc, s), slot);
    found = arith::OrIOp::create(b, loc, found, match);
  }
  keptIndex[axis] = group.scaled(n).plus(IndexExpr::of(slot, n));
  Value value = decodeSlot(b, loc, attr.getValues(), kept,
                           (prefix + "values").str(), keptIndex);
  Value zero = arith::ConstantOp::create(b, loc, b.getF32Type(),
                                         b.getZeroAttr(b.getF32Type()));
  return arith::SelectOp::create(b, loc, found, value, zero);
}

Value ElementDecoder::decodeLowRank(OpBuilder &b, Location loc,
                                    LowRankAttr attr, ArrayRef<int64_t> shape,
                                    StringRef prefix,
                                    ArrayRef<IndexExpr> indices) const {
  // W[r, c] = sum over j < rank of U[r, j] * V[j, c], on the matrix view.
  SmallVector<int64_t> uShape, vShape;
  std::tie(uShape, vShape) = encoding::getLowRankFactorShapes(attr, shape);
  IndexExpr row = linearize(indices.drop_back(), shape.drop_back());
  IndexExpr column = indices.back();
  int64_t rank = attr.getRank();
  Value zero = arith::ConstantOp::create(b, loc, b.getF32Type(),
                                         b.getZeroAttr(b.getF32Type()));
  return buildForLoop(b, loc, indexConstant(b, loc, 0),
                      indexConstant(b, loc, rank), zero,
                      [&](OpBuilder &b, Location loc, Value j, ValueRange acc) {
                        IndexExpr k = IndexExpr::of(j, rank);
                        Value u = decodeSlot(b, loc, attr.getU(), uShape,
                                             (prefix + "u").str(), {row, k});
                        Value v = decodeSlot(b, loc, attr.getV(), vShape,
                                             (prefix + "v").str(), {k, column});
                        Value product = arith::MulFOp::create(b, loc, u, v);
                        return SmallVector<Value>{
                            arith::AddFOp::create(b, loc, acc[0], product)};
                      })
      .front();
}

Value ElementDecoder::decodePermuted(OpBuilder &b, Location loc,
                                     PermutedAttr attr, ArrayRef<int64_t> shape,
                                     StringRef prefix,
                                     ArrayRef<IndexExpr> indices) const {
  // W[..., i, ...] = body[..., inverse[i], ...] along the axis.
  Value inverse = storageByRole.lookup((prefix + "#inverse").str());
  assert(inverse && "prepare() computed the inverse permutation");
  int64_t axis = attr.getAxis();
  SmallVector<IndexExpr> bodyIndex(indices);
  Value j = tensor::ExtractOp::create(
      b, loc, inverse, ValueRange{indices[axis].materialize(b, loc)});
  bodyIndex[axis] = IndexExpr::of(j, shape[axis]);
  return decodeSlot(b, loc, attr.getBody(), shape, (prefix + "body").str(),
                    bodyIndex);
}

Value ElementDecoder::decodeParts(OpBuilder &b, Location loc,
                                  ArrayRef<Attribute> parts, StringRef partName,
                                  bool multiply, ArrayRef<int64_t> shape,
                                  StringRef prefix,
                                  ArrayRef<IndexExpr> indices) const {
  Value result;
  for (auto [i, part] : llvm::enumerate(parts)) {
    Value value = decodeSlot(b, loc, part, shape,
                             (prefix + partName + Twine(i)).str(), indices);
    if (!result)
      result = value;
    else if (multiply)
      result = arith::MulFOp::create(b, loc, result, value);
    else
      result = arith::AddFOp::create(b, loc, result, value);
  }
  return result;
}

void ElementDecoder::prepare(OpBuilder &b, Location loc) {
  if (isa<TypeAttr>(root))
    return;
  prepareSlot(b, loc, root, shape, role.empty() ? "" : role + ".");
}

void ElementDecoder::prepareSlot(OpBuilder &b, Location loc, Attribute slot,
                                 ArrayRef<int64_t> shape, StringRef prefix) {
  if (!slot || isa<TypeAttr>(slot))
    return;
  auto nested = [&](Attribute nestedSlot, ArrayRef<int64_t> nestedShape,
                    StringRef name) {
    prepareSlot(b, loc, nestedSlot, nestedShape, (prefix + name + ".").str());
  };
  auto prepareScale = [&](Attribute scale, Granularity granularity) {
    nested(scale, granularity.getParamShape(shape), "scales");
  };
  if (auto uniform = dyn_cast<UniformAttr>(slot)) {
    Granularity granularity{uniform.getAxis(), uniform.getBlock()};
    prepareScale(uniform.getScale(), granularity);
    nested(uniform.getZeroPoint(), granularity.getParamShape(shape),
           "zero_points");
    nested(uniform.getMin(), granularity.getParamShape(shape), "mins");
  } else if (auto lut = dyn_cast<LutAttr>(slot)) {
    prepareScale(lut.getScale(), {lut.getAxis(), lut.getBlock()});
  } else if (auto smallFloat = dyn_cast<SmallFloatAttr>(slot)) {
    prepareScale(smallFloat.getScale(),
                 {smallFloat.getAxis(), smallFloat.getBlock()});
  } else if (auto sparse = dyn_cast<SparseAttr>(slot)) {
    nested(sparse.getValues(), encoding::getSparseValuesShape(sparse, shape),
           "values");
    if (sparse.getPattern() != SparsePattern::NM)
      storageByRole[(prefix + "#dense").str()] =
          materializeSparse(b, loc, sparse, shape, prefix);
  } else if (auto lowRank = dyn_cast<LowRankAttr>(slot)) {
    auto [uShape, vShape] = encoding::getLowRankFactorShapes(lowRank, shape);
    nested(lowRank.getU(), uShape, "u");
    nested(lowRank.getV(), vShape, "v");
  } else if (auto permuted = dyn_cast<PermutedAttr>(slot)) {
    nested(permuted.getBody(), shape, "body");
    // inverse[perm[j]] = j.
    int64_t size = shape[permuted.getAxis()];
    std::string permRole = (prefix + "perm").str();
    Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{size},
                                         b.getIndexType());
    storageByRole[(prefix + "#inverse").str()] =
        buildForLoop(b, loc, indexConstant(b, loc, 0),
                     indexConstant(b, loc, size), init,
                     [&](OpBuilder &b, Location loc, Value j, ValueRange args) {
                       Value target = readIndex(b, loc, permRole,
                                                {IndexExpr::of(j, size)});
                       return SmallVector<Value>{tensor::InsertOp::create(
                           b, loc, j, args[0], ValueRange{target})};
                     })
            .front();
  } else if (auto sum = dyn_cast<SumAttr>(slot)) {
    for (auto [i, term] : llvm::enumerate(sum.getTerms()))
      nested(term, shape, ("term" + Twine(i)).str());
  } else if (auto product = dyn_cast<ProductAttr>(slot)) {
    for (auto [i, factor] : llvm::enumerate(product.getFactors()))
      nested(factor, shape, ("factor" + Twine(i)).str());
  }
}

Value ElementDecoder::materializeSparse(OpBuilder &b, Location loc,
                                        SparseAttr attr,
                                        ArrayRef<int64_t> shape,
                                        StringRef prefix) const {
  int64_t rows, cols;
  std::tie(rows, cols) = encoding::getMatrixView(shape);
  SmallVector<int64_t> kept = encoding::getSparseValuesShape(attr, shape);
  auto role = [&](StringRef name) { return (prefix + name).str(); };
  auto value = [&](OpBuilder &b, Location loc, ArrayRef<IndexExpr> index) {
    return decodeSlot(b, loc, attr.getValues(), kept, role("values"), index);
  };
  Value zero = indexConstant(b, loc, 0);
  Value one = indexConstant(b, loc, 1);
  auto upTo = [&](int64_t n) { return indexConstant(b, loc, n); };
  Value dense = zeroTensor(b, loc, {rows, cols});

  switch (attr.getPattern()) {
  case SparsePattern::CSR:
    // Row r holds values row_ptr[r] .. row_ptr[r+1] - 1 at col_indices.
    return buildForLoop(
               b, loc, zero, upTo(rows), dense,
               [&](OpBuilder &b, Location loc, Value r, ValueRange args) {
                 IndexExpr row = IndexExpr::of(r, rows + 1);
                 Value lower = readIndex(b, loc, role("row_ptr"), {row});
                 Value upper = readIndex(b, loc, role("row_ptr"),
                                         {row.plus(IndexExpr::constantOf(1))});
                 return SmallVector<Value>(buildForLoop(
                     b, loc, lower, upper, args,
                     [&](OpBuilder &b, Location loc, Value k, ValueRange args) {
                       IndexExpr entry = IndexExpr::of(k, attr.getCount());
                       Value column =
                           readIndex(b, loc, role("col_indices"), {entry});
                       return SmallVector<Value>{tensor::InsertOp::create(
                           b, loc, value(b, loc, {entry}), args[0],
                           ValueRange{r, column})};
                     }));
               })
        .front();
  case SparsePattern::Block: {
    // Block k of block row i sits at block column block_col_indices[k].
    int64_t blockRows = attr.getBlock()[0], blockCols = attr.getBlock()[1];
    int64_t count = attr.getCount();
    return buildForLoop(
               b, loc, zero, upTo(rows / blockRows), dense,
               [&](OpBuilder &b, Location loc, Value i, ValueRange args) {
                 IndexExpr blockRow = IndexExpr::of(i, rows / blockRows + 1);
                 Value lower =
                     readIndex(b, loc, role("block_row_ptr"), {blockRow});
                 Value upper =
                     readIndex(b, loc, role("block_row_ptr"),
                               {blockRow.plus(IndexExpr::constantOf(1))});
                 return SmallVector<Value>(buildForLoop(
                     b, loc, lower, upper, args,
                     [&](OpBuilder &b, Location loc, Value k, ValueRange args) {
                       IndexExpr block = IndexExpr::of(k, count);
                       Value column = readIndex(
                           b, loc, role("block_col_indices"), {block});
                       SmallVector<Value> result(args);
                       for (int64_t r = 0; r < blockRows; ++r)
                         for (int64_t c = 0; c < blockCols; ++c) {
                           Value v = value(b, loc,
                                           {block, IndexExpr::constantOf(
                                                       r * blockCols + c)});
                           Value row = arith::AddIOp::create(
                               b, loc,
                               arith::MulIOp::create(b, loc, i,
                                                     upTo(blockRows)),
                               upTo(r));
                           Value col = arith::AddIOp::create(
                               b, loc,
                               arith::MulIOp::create(b, loc, column,
                                                     upTo(blockCols)),
                               upTo(c));
                           result[0] = tensor::InsertOp::create(
                               b, loc, v, result[0], ValueRange{row, col});
                         }
                       return result;
                     }));
               })
        .front();
  }
  case SparsePattern::Bitmap: {
    // The set bits, in row-major order, take the values in turn.
    int64_t count = attr.getCount();
    return buildForLoop(
               b, loc, zero, upTo(rows * cols), ValueRange{dense, zero},
               [&](OpBuilder &b, Location loc, Value e, ValueRange args) {
                 Value r = arith::DivUIOp::create(b, loc, e, upTo(cols));
                 Value c = arith::RemUIOp::create(b, loc, e, upTo(cols));
                 // The mask has the tensor's shape: e's index in it.
                 SmallVector<IndexExpr> element(shape.size());
                 Value rest = e;
                 for (int64_t d = shape.size() - 1; d > 0; --d) {
                   element[d] = IndexExpr::of(
                       arith::RemUIOp::create(b, loc, rest, upTo(shape[d])),
                       shape[d]);
                   rest = arith::DivUIOp::create(b, loc, rest, upTo(shape[d]));
                 }
                 element[0] = IndexExpr::of(rest, shape[0]);
                 Value bit = readIndex(b, loc, role("mask"), element);
                 Value set = arith::CmpIOp::create(
                     b, loc, arith::CmpIPredicate::ne, bit, zero);
                 auto ifOp = scf::IfOp::create(
                     b, loc, set,
                     [&](OpBuilder &b, Location loc) {
                       Value next = arith::MinUIOp::create(b, loc, args[1],
                                                           upTo(count - 1));
                       Value v = value(b, loc, {IndexExpr::of(next, count)});
                       Value updated = tensor::InsertOp::create(
                           b, loc, v, args[0], ValueRange{r, c});
                       scf::YieldOp::create(
                           b, loc,
                           ValueRange{updated, arith::AddIOp::create(
                                                   b, loc, args[1], one)});
                     },
                     [&](OpBuilder &b, Location loc) {
                       scf::YieldOp::create(b, loc, args);
                     });
                 return SmallVector<Value>(ifOp.getResults());
               })
        .front();
  }
  case SparsePattern::NM:
    break;
  }
  llvm_unreachable("N:M sparsity decodes in place");
}

Value ElementDecoder::decodeLut(OpBuilder &b, Location loc, LutAttr attr,
                                ArrayRef<int64_t> shape, StringRef prefix,
                                ArrayRef<IndexExpr> indices) const {
  // The codeword of the element: indices[..., last / dim]; its component:
  // last mod dim.
  int64_t dim = attr.getDim();
  int64_t entries = int64_t(1) << attr.getBits();
  SmallVector<IndexExpr> codeword(indices);
  Value component;
  if (dim > 1) {
    auto [word, rest] = divideWithRemainder(b, loc, indices.back(), dim);
    codeword.back() = IndexExpr::of(word, shape.back() / dim);
    component = rest;
  }
  Value index = readIndex(b, loc, (prefix + "indices").str(), codeword);

  Value value;
  ArrayRef<double> fixed = getFixedLutTable(attr.getTable());
  if (!fixed.empty()) {
    // A fixed table (nf4, ...) as a constant the kernel indexes.
    SmallVector<float> values(fixed.begin(), fixed.end());
    value = tensor::ExtractOp::create(b, loc, constantTable(b, loc, values),
                                      ValueRange{index});
  } else {
    // codebook[book..., index, component]: the codebook of the element's
    // group along codebook_axis / codebook_block.
    SmallVector<IndexExpr> bookIndex =
        groupIndices(b, loc, {attr.getCodebookAxis(), attr.getCodebookBlock()},
                     shape, indices);
    bookIndex.push_back(IndexExpr::of(index, entries));
    bookIndex.push_back(component ? IndexExpr::of(component, dim)
                                  : IndexExpr::constantOf(0));
    value = readField(b, loc, (prefix + "codebook").str(), bookIndex);
  }
  return applyScale(b, loc, value, attr.getScale(),
                    {attr.getAxis(), attr.getBlock()}, shape, prefix, indices);
}

Value ElementDecoder::applyScale(OpBuilder &b, Location loc, Value value,
                                 Attribute scale, Granularity granularity,
                                 ArrayRef<int64_t> shape, StringRef prefix,
                                 ArrayRef<IndexExpr> indices) const {
  if (!scale)
    return value;
  SmallVector<IndexExpr> group =
      groupIndices(b, loc, granularity, shape, indices);
  Value s = decodeSlot(b, loc, scale, granularity.getParamShape(shape),
                       (prefix + "scales").str(), group);
  return arith::MulFOp::create(b, loc, s, value,
                               arith::FastMathFlags::contract);
}

Value ElementDecoder::decodeUniform(OpBuilder &b, Location loc,
                                    UniformAttr attr, ArrayRef<int64_t> shape,
                                    StringRef prefix,
                                    ArrayRef<IndexExpr> indices) const {
  Granularity granularity{attr.getAxis(), attr.getBlock()};
  SmallVector<int64_t> params = granularity.getParamShape(shape);
  // The group of the element: indices / block, per dimension.
  SmallVector<IndexExpr> group =
      groupIndices(b, loc, granularity, shape, indices);

  Value code = readField(b, loc, (prefix + "codes").str(), indices);
  Value scale = decodeSlot(b, loc, attr.getScale(), params,
                           (prefix + "scales").str(), group);
  auto fast = arith::FastMathFlags::contract;
  if (Attribute min = attr.getMin()) {
    // K-quant form: scale * code - min.
    Value offset =
        decodeSlot(b, loc, min, params, (prefix + "mins").str(), group);
    Value scaled = arith::MulFOp::create(b, loc, scale, code);
    return arith::SubFOp::create(b, loc, scaled, offset);
  }
  if (Attribute zeroPoint = attr.getZeroPoint()) {
    Value offset = decodeSlot(b, loc, zeroPoint, params,
                              (prefix + "zero_points").str(), group);
    code = arith::SubFOp::create(b, loc, code, offset);
  }
  return arith::MulFOp::create(b, loc, scale, code, fast);
}

Value ElementDecoder::decodeSlot(OpBuilder &builder, Location loc,
                                 Attribute slot, ArrayRef<int64_t> shape,
                                 StringRef role,
                                 ArrayRef<IndexExpr> indices) const {
  if (isa<TypeAttr>(slot))
    return readField(builder, loc, role, indices);
  // A nested encoding: decoded in f32, as the reference decoder does.
  return decode(builder, loc, slot, shape, (role + ".").str(), indices);
}

Value ElementDecoder::readField(OpBuilder &b, Location loc, StringRef role,
                                ArrayRef<IndexExpr> indices) const {
  const StorageSpec *spec = layout.lookup(role);
  assert(spec && "every role of the encoding has a storage tensor");
  const FieldCodec &codec = spec->codec;
  Type f32 = b.getF32Type();

  if (codec.kind == FieldCodec::Kind::Plain) {
    Value value = readStored(b, loc, role, indices);
    if (auto floatType = dyn_cast<FloatType>(value.getType());
        floatType && floatType.getWidth() <= 8) {
      // f8 values: their bits index the table of the format's values.
      Value bits = arith::BitcastOp::create(
          b, loc, b.getIntegerType(floatType.getWidth()), value);
      return smallFloatValue(b, loc, bits, floatType);
    }
    if (isa<FloatType>(value.getType()))
      return floatToF32(b, loc, value);
    if (codec.isSigned)
      return arith::SIToFPOp::create(b, loc, f32, value);
    return arith::UIToFPOp::create(b, loc, f32, value);
  }

  Value value = readPackedInt(b, loc, role, indices);
  if (codec.kind == FieldCodec::Kind::PackedFloat)
    return smallFloatValue(b, loc, value, codec.type);
  if (codec.isSigned)
    return arith::SIToFPOp::create(b, loc, f32, value);
  return arith::UIToFPOp::create(b, loc, f32, value);
}

bool ElementDecoder::hasScaledIntegerCodes(CompressedTensorType type) {
  auto uniform = dyn_cast<UniformAttr>(type.getEncoding());
  return uniform && uniform.getIsSigned() && uniform.getBits() <= 8 &&
         !uniform.getZeroPoint() && !uniform.getMin() &&
         isa<TypeAttr>(uniform.getScale());
}

std::pair<Value, Value>
ElementDecoder::buildCodeAndScale(OpBuilder &b, Location loc,
                                  ArrayRef<IndexExpr> indices) const {
  auto attr = cast<UniformAttr>(root);
  assert(role.empty() && "the codes of a whole tensor");
  Granularity granularity{attr.getAxis(), attr.getBlock()};
  SmallVector<IndexExpr> group =
      groupIndices(b, loc, granularity, shape, indices);
  Value scale = readField(b, loc, "scales", group);
  Type i8 = b.getI8Type();
  Value code = readStored(b, loc, "codes", indices);
  unsigned width = code.getType().getIntOrFloatBitWidth();
  if (width > 8)
    code = arith::TruncIOp::create(b, loc, i8, code);
  else if (width < 8)
    code = arith::ExtSIOp::create(b, loc, i8, code);
  return {code, scale};
}

Value ElementDecoder::readIndex(OpBuilder &b, Location loc, StringRef role,
                                ArrayRef<IndexExpr> indices) const {
  const StorageSpec *spec = layout.lookup(role);
  assert(spec && "every role of the encoding has a storage tensor");
  Value value = readStored(b, loc, role, indices);
  // Plain sparse indices and permutations are signed integers.
  if (spec->codec.kind == FieldCodec::Kind::Plain)
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
  return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), value);
}

Value ElementDecoder::readStored(OpBuilder &b, Location loc, StringRef role,
                                 ArrayRef<IndexExpr> indices) const {
  if (layout.lookup(role)->codec.kind != FieldCodec::Kind::Plain)
    return readPackedInt(b, loc, role, indices);
  return tensor::ExtractOp::create(b, loc, storageByRole.lookup(role),
                                   materializeAll(b, loc, indices));
}

Value ElementDecoder::readPackedInt(OpBuilder &b, Location loc, StringRef role,
                                    ArrayRef<IndexExpr> indices) const {
  const StorageSpec *spec = layout.lookup(role);
  assert(spec && spec->codec.kind != FieldCodec::Kind::Plain &&
         "a packed field");
  Value tensor = storageByRole.lookup(role);
  const FieldCodec &codec = spec->codec;
  // Packed integers: the storage keeps the leading field dimensions and
  // holds the trailing ones as one LSB-first bitstream per packed row.
  size_t leading = spec->storageShape.size() - 1;
  int64_t rowBytes = spec->storageShape.back();
  ArrayRef<int64_t> fieldShape = spec->fieldShape;
  SmallVector<Value> storageIndex =
      materializeAll(b, loc, indices.take_front(leading));
  IndexExpr position =
      linearize(indices.drop_front(leading), fieldShape.drop_front(leading));
  unsigned bits = codec.bits;
  // Values within one byte are unpacked in i8 (one vector register holds
  // 64 of them); values that cross bytes in an i32 little-endian word.
  bool crossesBytes = 8 % bits != 0;
  Type wordType = crossesBytes ? b.getI32Type() : b.getI8Type();
  unsigned width = wordType.getIntOrFloatBitWidth();
  auto constant = [&](int64_t value) -> Value {
    return arith::ConstantIntOp::create(b, loc, wordType, value);
  };
  auto readByte = [&](Value byteIndex) -> Value {
    storageIndex.push_back(byteIndex);
    Value byte = tensor::ExtractOp::create(b, loc, tensor, storageIndex);
    storageIndex.pop_back();
    if (byte.getType() == wordType)
      return byte;
    return arith::ExtUIOp::create(b, loc, wordType, byte);
  };
  if (bits == 8)
    return readByte(position.materialize(b, loc));

  Value word, shift;
  if (!crossesBytes) {
    // 1, 2 or 4 bits: the value at `slot` of its byte.
    int64_t perByte = 8 / bits;
    auto [byte, slot] = divideWithRemainder(b, loc, position, perByte);
    word = readByte(byte);
    shift = arith::MulIOp::create(
        b, loc, arith::IndexCastUIOp::create(b, loc, wordType, slot),
        constant(bits));
  } else {
    // Values may cross bytes: read the bytes that can hold one (clamped to
    // the row, whose padding bits are zero) into a little-endian word.
    auto [first, offset] =
        divideWithRemainder(b, loc, position.scaled(bits), 8);
    shift = arith::IndexCastUIOp::create(b, loc, wordType, offset);
    int64_t bytesToRead = (bits + 14) / 8;
    Value last = indexConstant(b, loc, rowBytes - 1);
    word = readByte(first);
    for (int64_t i = 1; i < bytesToRead; ++i) {
      Value next = arith::MinUIOp::create(
          b, loc,
          arith::AddIOp::create(b, loc, first, indexConstant(b, loc, i)), last);
      Value byte =
          arith::ShLIOp::create(b, loc, readByte(next), constant(8 * i));
      word = arith::OrIOp::create(b, loc, word, byte);
    }
  }
  if (codec.isSigned && codec.kind == FieldCodec::Kind::PackedInt) {
    // Move the field to the top of the word, then shift it down with its
    // sign: (word << (width - bits - shift)) >>s (width - bits).
    Value up = arith::SubIOp::create(b, loc, constant(width - bits), shift);
    Value top = arith::ShLIOp::create(b, loc, word, up);
    return arith::ShRSIOp::create(b, loc, top, constant(width - bits));
  }
  Value value = arith::ShRUIOp::create(b, loc, word, shift);
  return arith::AndIOp::create(b, loc, value,
                               constant((int64_t(1) << bits) - 1));
}
