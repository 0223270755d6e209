//===- CompressAttrs.cpp - Encoding attributes ----------------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Shape-independent checks of each encoding's parameters. What depends on the
// shape of the tensor (blocks that divide it, ranks below its dimensions) is
// checked when the encoding is attached to a type, by lib/Encoding/Layout.cpp.
//
//===----------------------------------------------------------------------===//

#include "dialects/Compress/IR/CompressAttrs.h"
#include "dialects/Compress/IR/CompressDialect.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::compress;

#include "dialects/Compress/IR/CompressEnums.cpp.inc"
#include "dialects/Compress/IR/CompressInterfaces.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/Compress/IR/CompressAttrs.cpp.inc"

void CompressDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/Compress/IR/CompressAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

SmallVector<int64_t> Granularity::getBlockShape(ArrayRef<int64_t> shape) const {
  if (isBlock())
    return SmallVector<int64_t>(block);
  SmallVector<int64_t> result(shape);
  if (isPerAxis() && axis < static_cast<int64_t>(shape.size()))
    result[axis] = 1;
  return result;
}

SmallVector<int64_t> Granularity::getParamShape(ArrayRef<int64_t> shape) const {
  SmallVector<int64_t> blockShape = getBlockShape(shape);
  SmallVector<int64_t> result;
  for (auto [dim, b] : llvm::zip_equal(shape, blockShape))
    result.push_back(b > 0 ? dim / b : 0);
  return result;
}

namespace {
// bitsandbytes' NF4 table (QLoRA, appendix E): quantiles of N(0, 1) scaled to
// [-1, 1], with an exact zero.
const double kNF4[] = {-1.0,
                       -0.6961928009986877,
                       -0.5250730514526367,
                       -0.39491748809814453,
                       -0.28444138169288635,
                       -0.18477343022823334,
                       -0.09105003625154495,
                       0.0,
                       0.07958029955625534,
                       0.16093020141124725,
                       0.24611230194568634,
                       0.33791524171829224,
                       0.44070982933044434,
                       0.5626170039176941,
                       0.7229568362236023,
                       1.0};
// A 1-bit sign: index 0 is -1, index 1 is +1 (BitStack's sign masks).
const double kSign[] = {-1.0, 1.0};
const StringRef kTableNames[] = {"nf4", "sign"};
} // namespace

ArrayRef<StringRef> mlir::compress::getFixedLutTableNames() {
  return kTableNames;
}

ArrayRef<double> mlir::compress::getFixedLutTable(StringRef name) {
  if (name == "nf4")
    return kNF4;
  if (name == "sign")
    return kSign;
  return {};
}

bool mlir::compress::isSupportedSmallFloat(Type type) {
  return isa<Float8E4M3FNType, Float8E5M2Type, Float6E2M3FNType,
             Float6E3M2FNType, Float4E2M1FNType>(type);
}

namespace {
using EmitErrorFn = function_ref<InFlightDiagnostic()>;

/// Float types that a slot may store as they are.
bool isPlainFloat(Type type) {
  return isa<Float32Type, Float16Type, BFloat16Type, Float8E4M3FNType,
             Float8E5M2Type, Float8E8M0FNUType>(type);
}
constexpr StringLiteral kPlainFloats =
    "f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU";

/// Checks a slot that holds floats: a plain float type or an encoding.
LogicalResult verifyFloatSlot(EmitErrorFn emitError, StringRef name,
                              Attribute slot) {
  if (!slot)
    return success();
  if (isa<EncodingAttrInterface>(slot))
    return success();
  if (auto type = dyn_cast<TypeAttr>(slot))
    if (isPlainFloat(type.getValue()))
      return success();
  return emitError() << name << " = " << slot << " is not allowed; expected "
                     << kPlainFloats << " or a #compress encoding";
}

/// Zero points may also be stored as integers of 1 to 16 bits.
LogicalResult verifyZeroPointSlot(EmitErrorFn emitError, Attribute slot) {
  if (!slot || isa<EncodingAttrInterface>(slot))
    return success();
  if (auto type = dyn_cast<TypeAttr>(slot)) {
    if (auto intType = dyn_cast<IntegerType>(type.getValue())) {
      if (intType.getWidth() >= 1 && intType.getWidth() <= 16)
        return success();
      return emitError() << "zero_point = " << slot << " has "
                         << intType.getWidth() << " bits; expected 1 to 16";
    }
    if (isPlainFloat(type.getValue()))
      return success();
  }
  return emitError() << "zero_point = " << slot
                     << " is not allowed; expected an integer type, "
                     << kPlainFloats << " or a #compress encoding";
}

/// The encodings (or types) held in the slots of `encoding`.
SmallVector<Attribute> getSlots(Attribute encoding) {
  SmallVector<Attribute> slots;
  llvm::TypeSwitch<Attribute>(encoding)
      .Case([&](UniformAttr a) {
        slots.append({a.getScale(), a.getZeroPoint(), a.getMin()});
      })
      .Case([&](LutAttr a) { slots.push_back(a.getScale()); })
      .Case([&](SmallFloatAttr a) { slots.push_back(a.getScale()); })
      .Case([&](SparseAttr a) { slots.push_back(a.getValues()); })
      .Case([&](LowRankAttr a) {
        slots.append({a.getU(), a.getV()});
      })
      .Case([&](PermutedAttr a) { slots.push_back(a.getBody()); })
      .Case([&](SumAttr a) { llvm::append_range(slots, a.getTerms()); })
      .Case([&](ProductAttr a) { llvm::append_range(slots, a.getFactors()); });
  return slots;
}

/// The storage tensors that an encoding holds itself, besides those of its
/// slots (see lib/Encoding/Layout.cpp, which lays them out).
unsigned getNumOwnStorageTensors(SparsePattern pattern) {
  // positions | block_row_ptr, block_col_indices | mask | row_ptr, col_indices
  return pattern == SparsePattern::Block || pattern == SparsePattern::CSR ? 2
                                                                          : 1;
}
unsigned getNumOwnLutStorageTensors(StringRef table) {
  return table.empty() ? 2 : 1; // indices [, codebook]
}
unsigned getNumOwnStorageTensors(Attribute encoding) {
  return llvm::TypeSwitch<Attribute, unsigned>(encoding)
      .Case([](LutAttr a) { return getNumOwnLutStorageTensors(a.getTable()); })
      .Case(
          [](SparseAttr a) { return getNumOwnStorageTensors(a.getPattern()); })
      .Case<UniformAttr, SmallFloatAttr, PermutedAttr>(
          [](auto) { return 1u; }) // codes | codes | perm
      .Default([](Attribute) { return 0u; });
}

/// What the bounds on an encoding tree are checked against.
struct TreeSize {
  /// Encodings along the deepest path (0 for a type).
  unsigned depth = 0;
  /// Storage tensors in all (1 for a type); saturates instead of wrapping.
  uint64_t storageTensors = 0;
};

/// The size of the tree in the slot `slot` (null for an absent optional slot).
/// Slots were verified when they were built, so the recursion is bounded by
/// kMaxNestingDepth; the memo keeps shared sub-encodings (one alias used in
/// many slots) from being walked once per path, which would take as long as
/// the exponential number of storage tensors being counted.
TreeSize getTreeSize(Attribute slot,
                     llvm::DenseMap<Attribute, TreeSize> &memo) {
  if (!isa_and_nonnull<EncodingAttrInterface>(slot))
    return {0, isa_and_nonnull<TypeAttr>(slot) ? 1u : 0u};
  if (auto it = memo.find(slot); it != memo.end())
    return it->second;
  TreeSize size{0, getNumOwnStorageTensors(slot)};
  for (Attribute nested : getSlots(slot)) {
    TreeSize nestedSize = getTreeSize(nested, memo);
    size.depth = std::max(size.depth, nestedSize.depth);
    size.storageTensors =
        llvm::SaturatingAdd(size.storageTensors, nestedSize.storageTensors);
  }
  ++size.depth;
  return memo[slot] = size;
}

/// Bounds the nesting and the storage tensors of an encoding that holds
/// `numOwnStorageTensors` itself and whose slots are `slots`. Nesting written
/// inline is stopped by the parser; this catches chains of aliases, each of
/// which parses one level, and aliases shared by many parts.
LogicalResult verifyTreeSize(EmitErrorFn emitError, ArrayRef<Attribute> slots,
                             unsigned numOwnStorageTensors) {
  llvm::DenseMap<Attribute, TreeSize> memo;
  TreeSize size{0, numOwnStorageTensors};
  for (Attribute slot : slots) {
    TreeSize slotSize = getTreeSize(slot, memo);
    size.depth = std::max(size.depth, slotSize.depth);
    size.storageTensors =
        llvm::SaturatingAdd(size.storageTensors, slotSize.storageTensors);
  }
  if (size.depth + 1 > EncodingAttrInterface::kMaxNestingDepth)
    return emitError() << "encodings nest " << size.depth + 1
                       << " levels deep; at most "
                       << EncodingAttrInterface::kMaxNestingDepth
                       << " are allowed";
  if (size.storageTensors > EncodingAttrInterface::kMaxStorageTensors)
    return emitError() << "the encoding needs " << size.storageTensors
                       << " storage tensors; at most "
                       << EncodingAttrInterface::kMaxStorageTensors
                       << " are allowed";
  return success();
}

LogicalResult verifyGranularity(EmitErrorFn emitError, StringRef axisKey,
                                StringRef blockKey, int64_t axis,
                                ArrayRef<int64_t> block) {
  if (axis < -1)
    return emitError() << axisKey << " = " << axis
                       << " is negative; expected a dimension index";
  if (axis >= 0 && !block.empty())
    return emitError() << axisKey << " and " << blockKey
                       << " exclude each other";
  for (auto [i, b] : llvm::enumerate(block))
    if (b <= 0)
      return emitError() << blockKey << " size " << b << " at position " << i
                         << " must be positive";
  return success();
}

LogicalResult verifyBits(EmitErrorFn emitError, unsigned bits, unsigned max) {
  if (bits < 1 || bits > max)
    return emitError() << "bits = " << bits
                       << " is out of range; expected 1 to " << max;
  return success();
}

/// Encodings whose granularity only applies to a scale.
LogicalResult verifyScaleGranularity(EmitErrorFn emitError, Attribute scale,
                                     int64_t axis, ArrayRef<int64_t> block) {
  if (failed(verifyGranularity(emitError, "per_axis", "block", axis, block)))
    return failure();
  if (!scale && (axis >= 0 || !block.empty()))
    return emitError() << (axis >= 0 ? "per_axis" : "block")
                       << " is given without a scale";
  return verifyFloatSlot(emitError, "scale", scale);
}
} // namespace

//===----------------------------------------------------------------------===//
// Verifiers
//===----------------------------------------------------------------------===//

LogicalResult UniformAttr::verify(EmitErrorFn emitError, unsigned bits,
                                  bool isSigned, int64_t axis,
                                  ArrayRef<int64_t> block, Attribute scale,
                                  Attribute zeroPoint, Attribute min) {
  if (failed(verifyBits(emitError, bits, 8)) ||
      failed(verifyGranularity(emitError, "per_axis", "block", axis, block)))
    return failure();
  if (!scale)
    return emitError() << "#compress.uniform needs 'scale'";
  if (zeroPoint && min)
    return emitError() << "zero_point and min exclude each other";
  return failure(failed(verifyFloatSlot(emitError, "scale", scale)) ||
                 failed(verifyZeroPointSlot(emitError, zeroPoint)) ||
                 failed(verifyFloatSlot(emitError, "min", min)) ||
                 failed(verifyTreeSize(emitError, {scale, zeroPoint, min}, 1)));
}

LogicalResult LutAttr::verify(EmitErrorFn emitError, unsigned bits, int64_t dim,
                              StringRef table, Type codebookType,
                              int64_t codebookAxis,
                              ArrayRef<int64_t> codebookBlock, Attribute scale,
                              int64_t axis, ArrayRef<int64_t> block) {
  if (dim < 1 || dim > 256)
    return emitError() << "dim = " << dim
                       << " is out of range; expected 1 to 256";
  if (!table.empty()) {
    ArrayRef<double> values = getFixedLutTable(table);
    if (values.empty())
      return emitError() << "unknown table '" << table << "'; expected one of: "
                         << llvm::join(getFixedLutTableNames(), ", ");
    unsigned tableBits = llvm::Log2_64(values.size());
    if (bits != tableBits)
      return emitError() << "table " << table << " has " << tableBits
                         << "-bit indices, but bits = " << bits;
    if (codebookType || codebookAxis != -1 || !codebookBlock.empty())
      return emitError() << "a fixed table takes no codebook";
    if (dim != 1)
      return emitError() << "a fixed table has scalar codewords (dim = 1)";
  } else {
    if (failed(verifyBits(emitError, bits, 16)))
      return failure();
    if (!codebookType || !isPlainFloat(codebookType) ||
        isa<Float8E8M0FNUType>(codebookType))
      return emitError() << "codebook = " << codebookType
                         << " is not allowed; expected f32, f16, bf16, "
                            "f8E4M3FN or f8E5M2";
    if (failed(verifyGranularity(emitError, "codebook_axis", "codebook_block",
                                 codebookAxis, codebookBlock)))
      return failure();
  }
  return failure(
      failed(verifyScaleGranularity(emitError, scale, axis, block)) ||
      failed(verifyTreeSize(emitError, {scale},
                            getNumOwnLutStorageTensors(table))));
}

LogicalResult SmallFloatAttr::verify(EmitErrorFn emitError, Type format,
                                     Attribute scale, int64_t axis,
                                     ArrayRef<int64_t> block) {
  if (!isSupportedSmallFloat(format))
    return emitError() << "format " << format
                       << " is not a supported small float; expected "
                          "f8E4M3FN, f8E5M2, f6E2M3FN, f6E3M2FN or f4E2M1FN";
  return failure(
      failed(verifyScaleGranularity(emitError, scale, axis, block)) ||
      failed(verifyTreeSize(emitError, {scale}, 1)));
}

LogicalResult SparseAttr::verify(EmitErrorFn emitError, SparsePattern pattern,
                                 int64_t n, int64_t m, int64_t axis,
                                 ArrayRef<int64_t> block, int64_t count,
                                 Type indexType, Attribute values) {
  // The fields of the other patterns stay at the defaults that the parser
  // gives them and the printer leaves out, so that every attribute prints.
  auto unused = [&](StringRef fields) {
    return emitError() << "#compress.sparse pattern "
                       << stringifySparsePattern(pattern) << " takes no "
                       << fields;
  };
  bool isNM = pattern == SparsePattern::NM;
  if (!isNM && (n != 0 || m != 0))
    return unused("nm");
  if (!isNM && axis != -1)
    return unused("axis");
  if (pattern != SparsePattern::Block && !block.empty())
    return unused("block");
  if (isNM && count != 0)
    return unused("kept or nnz");
  if ((isNM || pattern == SparsePattern::Bitmap) && indexType)
    return unused("index");
  switch (pattern) {
  case SparsePattern::NM:
    if (m < 2 || m > 256)
      return emitError() << "nm = [" << n << ", " << m << "]: M = " << m
                         << " is out of range; expected 2 to 256";
    if (n < 1 || n > m)
      return emitError() << "nm = [" << n << ", " << m << "]: N = " << n
                         << " is out of range; expected 1 to M = " << m;
    if (axis < -1)
      return emitError() << "axis = " << axis
                         << " is negative; expected a dimension index";
    break;
  case SparsePattern::Block:
    if (block.size() != 2)
      return emitError() << "a sparse block has 2 sizes [rows, columns], got "
                         << block.size();
    if (failed(verifyGranularity(emitError, "axis", "block", -1, block)))
      return failure();
    [[fallthrough]];
  case SparsePattern::Bitmap:
  case SparsePattern::CSR:
    if (count < 1)
      return emitError() << (pattern == SparsePattern::Block ? "kept" : "nnz")
                         << " = " << count << " must be positive";
    break;
  }
  if (indexType && !indexType.isSignlessInteger(16) &&
      !indexType.isSignlessInteger(32))
    return emitError() << "index = " << indexType
                       << " is not allowed; expected i16 or i32";
  return failure(failed(verifyFloatSlot(emitError, "values", values)) ||
                 failed(verifyTreeSize(emitError, {values},
                                       getNumOwnStorageTensors(pattern))));
}

LogicalResult LowRankAttr::verify(EmitErrorFn emitError, int64_t rank,
                                  Attribute u, Attribute v) {
  if (rank < 1)
    return emitError() << "rank = " << rank << " must be positive";
  return failure(failed(verifyFloatSlot(emitError, "u", u)) ||
                 failed(verifyFloatSlot(emitError, "v", v)) ||
                 failed(verifyTreeSize(emitError, {u, v}, 0)));
}

LogicalResult PermutedAttr::verify(EmitErrorFn emitError, int64_t axis,
                                   Attribute body) {
  if (axis < 0)
    return emitError() << "axis = " << axis
                       << " is negative; expected a dimension index";
  return failure(failed(verifyFloatSlot(emitError, "body", body)) ||
                 failed(verifyTreeSize(emitError, {body}, 1)));
}

/// `partName` is the storage role prefix of a part ("term", "factor"), so
/// that errors name the part as its storage does.
static LogicalResult verifyParts(EmitErrorFn emitError, StringRef what,
                                 StringRef partName,
                                 ArrayRef<Attribute> parts) {
  if (parts.size() < 2)
    return emitError() << "#compress." << what
                       << " needs at least 2 parts, got " << parts.size();
  for (auto [i, part] : llvm::enumerate(parts))
    if (failed(verifyFloatSlot(emitError, (partName + Twine(i)).str(), part)))
      return failure();
  return verifyTreeSize(emitError, parts, 0);
}

LogicalResult SumAttr::verify(EmitErrorFn emitError,
                              ArrayRef<Attribute> terms) {
  return verifyParts(emitError, "sum", "term", terms);
}

LogicalResult ProductAttr::verify(EmitErrorFn emitError,
                                  ArrayRef<Attribute> factors) {
  return verifyParts(emitError, "product", "factor", factors);
}
