//===- EncodingAsm.cpp - Syntax of the encoding attributes ----------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Every encoding is written `#compress.<name><field, field, ...>`, where a
// field is `key = value` or a bare flag (`unsigned`, `csr`). Fields may come in
// any order; unknown and repeated fields are located errors. The printers write
// the fields in one canonical order so that printing is a fixed point.
//
//===----------------------------------------------------------------------===//

#include "dialects/Compress/IR/CompressAttrs.h"
#include "dialects/Compress/IR/CompressDialect.h"

#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

/// Parses `<` field (`,` field)* `>`. `onField` parses what follows the key.
class FieldListParser {
public:
  FieldListParser(AsmParser &parser, StringRef encoding,
                  ArrayRef<StringRef> knownKeys)
      : parser(parser), encoding(encoding), knownKeys(knownKeys) {}

  ParseResult parse(function_ref<ParseResult(StringRef key)> onField) {
    if (parser.parseLess())
      return failure();
    if (succeeded(parser.parseOptionalGreater()))
      return success();
    return parseFields(onField);
  }

  /// Parses `field (, field)* >` (the opening `<` already consumed).
  ParseResult parseFields(function_ref<ParseResult(StringRef key)> onField) {
    do {
      SMLoc loc = parser.getCurrentLocation();
      StringRef key;
      if (parser.parseKeyword(&key))
        return failure();
      if (!llvm::is_contained(knownKeys, key))
        return parser.emitError(loc)
               << "unknown field '" << key << "' in #compress." << encoding
               << "; expected one of: " << llvm::join(knownKeys, ", ");
      if (!seen.insert(key).second)
        return parser.emitError(loc) << "field '" << key << "' of #compress."
                                     << encoding << " is given twice";
      if (onField(key))
        return failure();
    } while (succeeded(parser.parseOptionalComma()));
    return parser.parseGreater();
  }

  /// Parses `= <integer>`.
  ParseResult parseInt(int64_t &value) {
    return failure(parser.parseEqual() || parseIntValue(value));
  }
  /// Parses `= [i, j, ...]`.
  ParseResult parseIntList(SmallVectorImpl<int64_t> &values) {
    if (parser.parseEqual())
      return failure();
    return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
      return parseIntValue(values.emplace_back());
    });
  }
  /// Parses an integer. AsmParser::parseInteger also takes `true` and `false`
  /// (as i1, so `true` would read as -1).
  ParseResult parseIntValue(int64_t &value) {
    SMLoc loc = parser.getCurrentLocation();
    if (succeeded(parser.parseOptionalKeyword("true")) ||
        succeeded(parser.parseOptionalKeyword("false")))
      return parser.emitError(loc, "expected integer value");
    return parser.parseInteger(value);
  }
  /// Parses `= <type>` for the field `key`.
  ParseResult parseType(StringRef key, Type &type) {
    if (parser.parseEqual())
      return failure();
    return parseTypeValue(parser, type, Twine("'") + key + "'");
  }

  /// Parses a type where an attribute (a nested encoding) would be a mistake
  /// that the generic "expected non-function type" does not explain.
  static ParseResult parseTypeValue(AsmParser &parser, Type &type,
                                    const Twine &what) {
    SMLoc loc = parser.getCurrentLocation();
    OptionalParseResult result = parser.parseOptionalType(type);
    if (result.has_value())
      return *result;
    return parser.emitError(loc) << "expected a type for " << what;
  }
  /// Parses `= <type or encoding>`.
  ParseResult parseSlot(Attribute &slot) {
    return failure(parser.parseEqual() || parseSlotValue(parser, slot));
  }

  static ParseResult parseSlotValue(AsmParser &parser, Attribute &slot) {
    Type type;
    OptionalParseResult typeResult = parser.parseOptionalType(type);
    if (typeResult.has_value()) {
      if (failed(*typeResult))
        return failure();
      slot = TypeAttr::get(type);
      return success();
    }
    return parser.parseAttribute(slot);
  }

  /// Granularity fields shared by several encodings, with an optional key
  /// prefix (`codebook_`).
  struct GranularityFields {
    int64_t axis = -1;
    SmallVector<int64_t> block;
  };
  ParseResult parseGranularityField(StringRef key, StringRef axisKey,
                                    StringRef blockKey,
                                    GranularityFields &fields) {
    if (key == axisKey)
      return parseAxis(key, fields.axis);
    if (key == blockKey)
      return parseBlock(key, fields.block);
    return success(); // `per_tensor`: nothing to parse.
  }

  /// Parses `= <axis>`. The attributes store -1 for "no axis", so an explicit
  /// -1 would silently mean per tensor; it is rejected here with the text the
  /// verifiers use for the other negative values.
  ParseResult parseAxis(StringRef key, int64_t &axis) {
    SMLoc loc = parser.getCurrentLocation();
    if (parseInt(axis))
      return failure();
    if (axis == -1)
      return parser.emitError(loc)
             << key << " = " << axis
             << " is negative; expected a dimension index";
    return success();
  }
  /// Parses `= [b0, b1, ...]`. An empty list would silently mean per tensor.
  ParseResult parseBlock(StringRef key, SmallVectorImpl<int64_t> &block) {
    SMLoc loc = parser.getCurrentLocation();
    if (parseIntList(block))
      return failure();
    if (block.empty())
      return parser.emitError(loc)
             << key << " = [] is empty; expected one size per dimension";
    return success();
  }

  /// Fails if two mutually exclusive keys were both given.
  ParseResult checkExclusive(SMLoc loc, ArrayRef<StringRef> keys) {
    SmallVector<StringRef> given;
    for (StringRef key : keys)
      if (seen.contains(key))
        given.push_back(key);
    if (given.size() > 1)
      return parser.emitError(loc)
             << "fields " << llvm::join(given, " and ") << " of #compress."
             << encoding << " exclude each other";
    return success();
  }
  /// `per_tensor` excludes `per_axis` and `block`; the verifiers report
  /// `per_axis` with `block` (and other combinations a C++ caller can build).
  ParseResult checkPerTensor(SMLoc loc) {
    return failure(failed(checkExclusive(loc, {"per_tensor", "per_axis"})) ||
                   failed(checkExclusive(loc, {"per_tensor", "block"})));
  }
  bool has(StringRef key) const { return seen.contains(key); }

  AsmParser &parser;

private:
  StringRef encoding;
  ArrayRef<StringRef> knownKeys;
  llvm::StringSet<> seen;
};

void printSlot(AsmPrinter &printer, Attribute slot) {
  if (auto typeAttr = dyn_cast<TypeAttr>(slot))
    printer.printType(typeAttr.getValue());
  else
    printer.printAttribute(slot);
}

void printGranularity(AsmPrinter &printer, Granularity g, StringRef axisKey,
                      StringRef blockKey, StringRef perTensorKey) {
  if (g.isPerAxis())
    printer << ", " << axisKey << " = " << g.axis;
  else if (g.isBlock())
    printer << ", " << blockKey << " = [" << g.block << "]";
  else if (!perTensorKey.empty())
    printer << ", " << perTensorKey;
}

/// Counts the encodings being parsed inside each other. Nested slots recurse
/// through AsmParser::parseAttribute, so the limit has to be enforced before
/// the verifiers (which run innermost first) see anything.
class NestingGuard {
public:
  NestingGuard() { ++depth; }
  ~NestingGuard() { --depth; }
  NestingGuard(const NestingGuard &) = delete;
  NestingGuard &operator=(const NestingGuard &) = delete;

  /// Fails with a located error when the encoding that starts at the current
  /// location is nested too deeply.
  ParseResult check(AsmParser &parser) const {
    if (depth <= EncodingAttrInterface::kMaxNestingDepth)
      return success();
    return parser.emitError(parser.getCurrentLocation())
           << "encodings nest more than "
           << EncodingAttrInterface::kMaxNestingDepth
           << " levels deep; at most "
           << EncodingAttrInterface::kMaxNestingDepth << " are allowed";
  }

private:
  static thread_local unsigned depth;
};
thread_local unsigned NestingGuard::depth = 0;

/// Error emitter for getChecked. A named function_ref (not a lambda) selects
/// the ODS-generated getChecked, defined beside the attribute storage.
struct Emitter {
  Emitter(AsmParser &parser, SMLoc loc) : parser(parser), loc(loc) {}
  InFlightDiagnostic operator()() const { return parser.emitError(loc); }
  AsmParser &parser;
  SMLoc loc;
};

} // namespace

//===----------------------------------------------------------------------===//
// #compress.uniform
//===----------------------------------------------------------------------===//

Attribute UniformAttr::parse(AsmParser &parser, Type) {
  NestingGuard nesting;
  if (nesting.check(parser))
    return {};
  static const StringRef keys[] = {"bits",       "signed",     "unsigned",
                                   "per_tensor", "per_axis",   "block",
                                   "scale",      "zero_point", "min"};
  SMLoc loc = parser.getCurrentLocation();
  FieldListParser fields(parser, "uniform", keys);
  int64_t bits = 0;
  bool isSigned = true;
  FieldListParser::GranularityFields granularity;
  Attribute scale, zeroPoint, min;
  if (fields.parse([&](StringRef key) -> ParseResult {
        if (key == "bits")
          return fields.parseInt(bits);
        if (key == "signed" || key == "unsigned") {
          isSigned = key == "signed";
          return success();
        }
        if (key == "scale")
          return fields.parseSlot(scale);
        if (key == "zero_point")
          return fields.parseSlot(zeroPoint);
        if (key == "min")
          return fields.parseSlot(min);
        return fields.parseGranularityField(key, "per_axis", "block",
                                            granularity);
      }) ||
      fields.checkExclusive(loc, {"signed", "unsigned"}) ||
      fields.checkPerTensor(loc))
    return {};
  if (!fields.has("bits")) {
    parser.emitError(loc, "#compress.uniform needs 'bits'");
    return {};
  }
  if (bits < 0 || bits > 64) {
    parser.emitError(loc) << "bits = " << bits
                          << " is out of range; expected 1 to 8";
    return {};
  }
  return getChecked(
      llvm::function_ref<InFlightDiagnostic()>(Emitter(parser, loc)),
      parser.getContext(), static_cast<unsigned>(bits), isSigned,
      granularity.axis, ArrayRef<int64_t>(granularity.block), scale, zeroPoint,
      min);
}

void UniformAttr::print(AsmPrinter &printer) const {
  printer << "<bits = " << getBits();
  if (!getIsSigned())
    printer << ", unsigned";
  printGranularity(printer, {getAxis(), getBlock()}, "per_axis", "block", "");
  printer << ", scale = ";
  printSlot(printer, getScale());
  if (getZeroPoint()) {
    printer << ", zero_point = ";
    printSlot(printer, getZeroPoint());
  }
  if (getMin()) {
    printer << ", min = ";
    printSlot(printer, getMin());
  }
  printer << ">";
}

//===----------------------------------------------------------------------===//
// #compress.lut
//===----------------------------------------------------------------------===//

/// Parses `= <name>` of a fixed table (a bare name, not a string).
static ParseResult parseTableName(AsmParser &parser, StringRef &table) {
  if (parser.parseEqual())
    return failure();
  SMLoc loc = parser.getCurrentLocation();
  if (succeeded(parser.parseOptionalKeyword(&table)))
    return success();
  return parser.emitError(loc)
         << "'table' takes a bare table name; expected one of: "
         << llvm::join(getFixedLutTableNames(), ", ");
}

Attribute LutAttr::parse(AsmParser &parser, Type) {
  NestingGuard nesting;
  if (nesting.check(parser))
    return {};
  static const StringRef keys[] = {
      "bits",           "dim",        "table",    "codebook", "codebook_axis",
      "codebook_block", "per_tensor", "per_axis", "block",    "scale"};
  SMLoc loc = parser.getCurrentLocation();
  FieldListParser fields(parser, "lut", keys);
  int64_t bits = 0, dim = 1;
  StringRef table;
  Type codebookType;
  FieldListParser::GranularityFields codebookGranularity, granularity;
  Attribute scale;
  if (fields.parse([&](StringRef key) -> ParseResult {
        if (key == "bits")
          return fields.parseInt(bits);
        if (key == "dim")
          return fields.parseInt(dim);
        if (key == "table")
          return parseTableName(parser, table);
        if (key == "codebook")
          return fields.parseType(key, codebookType);
        if (key == "codebook_axis" || key == "codebook_block")
          return fields.parseGranularityField(
              key, "codebook_axis", "codebook_block", codebookGranularity);
        if (key == "scale")
          return fields.parseSlot(scale);
        return fields.parseGranularityField(key, "per_axis", "block",
                                            granularity);
      }) ||
      fields.checkPerTensor(loc))
    return {};
  if (table.empty() && !codebookType) {
    parser.emitError(loc, "#compress.lut needs a 'codebook' type or a fixed "
                          "'table'");
    return {};
  }
  if (!table.empty() && !fields.has("bits")) {
    ArrayRef<double> values = getFixedLutTable(table);
    bits = values.empty() ? 0 : llvm::Log2_64(values.size());
  }
  if (table.empty() && !fields.has("bits")) {
    parser.emitError(loc, "#compress.lut needs 'bits'");
    return {};
  }
  if (bits < 0 || bits > 64) {
    parser.emitError(loc) << "bits = " << bits
                          << " is out of range; expected 1 to 16";
    return {};
  }
  return getChecked(
      llvm::function_ref<InFlightDiagnostic()>(Emitter(parser, loc)),
      parser.getContext(), static_cast<unsigned>(bits), dim, table,
      codebookType, codebookGranularity.axis,
      ArrayRef<int64_t>(codebookGranularity.block), scale, granularity.axis,
      ArrayRef<int64_t>(granularity.block));
}

void LutAttr::print(AsmPrinter &printer) const {
  printer << "<";
  if (!getTable().empty()) {
    printer << "table = " << getTable();
  } else {
    printer << "bits = " << getBits();
    printer << ", codebook = " << getCodebookType();
    printGranularity(printer, {getCodebookAxis(), getCodebookBlock()},
                     "codebook_axis", "codebook_block", "");
  }
  if (getDim() != 1)
    printer << ", dim = " << getDim();
  if (getScale()) {
    printGranularity(printer, {getAxis(), getBlock()}, "per_axis", "block", "");
    printer << ", scale = ";
    printSlot(printer, getScale());
  }
  printer << ">";
}

//===----------------------------------------------------------------------===//
// #compress.float
//===----------------------------------------------------------------------===//

Attribute SmallFloatAttr::parse(AsmParser &parser, Type) {
  NestingGuard nesting;
  if (nesting.check(parser))
    return {};
  static const StringRef keys[] = {"per_tensor", "per_axis", "block", "scale"};
  SMLoc loc = parser.getCurrentLocation();
  Type format;
  if (parser.parseLess() ||
      FieldListParser::parseTypeValue(parser, format,
                                      "the format of #compress.float"))
    return {};
  FieldListParser fields(parser, "float", keys);
  FieldListParser::GranularityFields granularity;
  Attribute scale;
  // The format may be followed by `, field, ...`; the list ends with `>`.
  if (failed(parser.parseOptionalComma())) {
    if (parser.parseGreater())
      return {};
  } else if (fields.parseFields([&](StringRef key) -> ParseResult {
               if (key == "scale")
                 return fields.parseSlot(scale);
               return fields.parseGranularityField(key, "per_axis", "block",
                                                   granularity);
             }) ||
             fields.checkPerTensor(loc)) {
    return {};
  }
  return getChecked(
      llvm::function_ref<InFlightDiagnostic()>(Emitter(parser, loc)),
      parser.getContext(), format, scale, granularity.axis,
      ArrayRef<int64_t>(granularity.block));
}

void SmallFloatAttr::print(AsmPrinter &printer) const {
  printer << "<" << getFormat();
  if (getScale()) {
    printGranularity(printer, {getAxis(), getBlock()}, "per_axis", "block", "");
    printer << ", scale = ";
    printSlot(printer, getScale());
  }
  printer << ">";
}

//===----------------------------------------------------------------------===//
// #compress.sparse
//===----------------------------------------------------------------------===//

Attribute SparseAttr::parse(AsmParser &parser, Type) {
  NestingGuard nesting;
  if (nesting.check(parser))
    return {};
  static const StringRef keys[] = {"nm",  "axis", "block", "kept",  "bitmap",
                                   "csr", "nnz",  "index", "values"};
  SMLoc loc = parser.getCurrentLocation();
  FieldListParser fields(parser, "sparse", keys);
  SmallVector<int64_t> nm, block;
  int64_t axis = -1, kept = 0, nnz = 0;
  Type indexType;
  Attribute values;
  if (fields.parse([&](StringRef key) -> ParseResult {
        if (key == "nm")
          return fields.parseIntList(nm);
        if (key == "axis")
          return fields.parseAxis(key, axis);
        if (key == "block")
          return fields.parseIntList(block);
        if (key == "kept")
          return fields.parseInt(kept);
        if (key == "nnz")
          return fields.parseInt(nnz);
        if (key == "index")
          return fields.parseType(key, indexType);
        if (key == "values")
          return fields.parseSlot(values);
        return success(); // bitmap, csr
      }) ||
      fields.checkExclusive(loc, {"nm", "block", "bitmap", "csr"}))
    return {};
  auto fail = [&](const Twine &message) -> Attribute {
    parser.emitError(loc, message);
    return {};
  };
  SparsePattern pattern;
  int64_t count = 0, n = 0, m = 0;
  if (fields.has("nm")) {
    pattern = SparsePattern::NM;
    if (nm.size() != 2)
      return fail("'nm' takes two integers [N, M], got " + Twine(nm.size()));
    n = nm[0];
    m = nm[1];
  } else if (fields.has("block")) {
    pattern = SparsePattern::Block;
    if (!fields.has("kept"))
      return fail("a block #compress.sparse needs 'kept' (the number of "
                  "kept blocks)");
    count = kept;
  } else if (fields.has("bitmap") || fields.has("csr")) {
    pattern = fields.has("csr") ? SparsePattern::CSR : SparsePattern::Bitmap;
    if (!fields.has("nnz"))
      return fail("a " + stringifySparsePattern(pattern) +
                  " #compress.sparse needs 'nnz' (the number of kept values)");
    count = nnz;
  } else {
    return fail("#compress.sparse needs a pattern: nm = [N, M], block = "
                "[r, c], bitmap or csr");
  }
  auto misplaced = [&](StringRef key, StringRef where) -> bool {
    if (!fields.has(key))
      return false;
    parser.emitError(loc) << "field '" << key << "' applies only to " << where;
    return true;
  };
  if (pattern != SparsePattern::NM && misplaced("axis", "nm"))
    return {};
  if (pattern != SparsePattern::Block && misplaced("kept", "block"))
    return {};
  if ((pattern == SparsePattern::NM || pattern == SparsePattern::Block) &&
      misplaced("nnz", "bitmap and csr"))
    return {};
  if ((pattern == SparsePattern::NM || pattern == SparsePattern::Bitmap) &&
      misplaced("index", "csr and block"))
    return {};
  if (!values)
    return fail("#compress.sparse needs 'values' (a type or an encoding)");
  return getChecked(
      llvm::function_ref<InFlightDiagnostic()>(Emitter(parser, loc)),
      parser.getContext(), pattern, n, m, axis, ArrayRef<int64_t>(block), count,
      indexType, values);
}

void SparseAttr::print(AsmPrinter &printer) const {
  printer << "<";
  switch (getPattern()) {
  case SparsePattern::NM:
    printer << "nm = [" << getN() << ", " << getM() << "]";
    if (getAxis() >= 0)
      printer << ", axis = " << getAxis();
    break;
  case SparsePattern::Block:
    printer << "block = [" << getBlock() << "], kept = " << getCount();
    break;
  case SparsePattern::Bitmap:
  case SparsePattern::CSR:
    printer << stringifySparsePattern(getPattern()) << ", nnz = " << getCount();
    break;
  }
  if (getIndexType())
    printer << ", index = " << getIndexType();
  printer << ", values = ";
  printSlot(printer, getValues());
  printer << ">";
}

//===----------------------------------------------------------------------===//
// #compress.lowrank, #compress.permuted
//===----------------------------------------------------------------------===//

Attribute LowRankAttr::parse(AsmParser &parser, Type) {
  NestingGuard nesting;
  if (nesting.check(parser))
    return {};
  static const StringRef keys[] = {"rank", "u", "v"};
  SMLoc loc = parser.getCurrentLocation();
  FieldListParser fields(parser, "lowrank", keys);
  int64_t rank = 0;
  Attribute u, v;
  if (fields.parse([&](StringRef key) -> ParseResult {
        if (key == "rank")
          return fields.parseInt(rank);
        return fields.parseSlot(key == "u" ? u : v);
      }))
    return {};
  if (!fields.has("rank") || !u || !v) {
    parser.emitError(loc, "#compress.lowrank needs 'rank', 'u' and 'v'");
    return {};
  }
  return getChecked(
      llvm::function_ref<InFlightDiagnostic()>(Emitter(parser, loc)),
      parser.getContext(), rank, u, v);
}

void LowRankAttr::print(AsmPrinter &printer) const {
  printer << "<rank = " << getRank() << ", u = ";
  printSlot(printer, getU());
  printer << ", v = ";
  printSlot(printer, getV());
  printer << ">";
}

Attribute PermutedAttr::parse(AsmParser &parser, Type) {
  NestingGuard nesting;
  if (nesting.check(parser))
    return {};
  static const StringRef keys[] = {"axis", "body"};
  SMLoc loc = parser.getCurrentLocation();
  FieldListParser fields(parser, "permuted", keys);
  int64_t axis = 0;
  Attribute body;
  if (fields.parse([&](StringRef key) -> ParseResult {
        if (key == "axis")
          return fields.parseInt(axis);
        return fields.parseSlot(body);
      }))
    return {};
  if (!fields.has("axis") || !body) {
    parser.emitError(loc, "#compress.permuted needs 'axis' and 'body'");
    return {};
  }
  return getChecked(
      llvm::function_ref<InFlightDiagnostic()>(Emitter(parser, loc)),
      parser.getContext(), axis, body);
}

void PermutedAttr::print(AsmPrinter &printer) const {
  printer << "<axis = " << getAxis() << ", body = ";
  printSlot(printer, getBody());
  printer << ">";
}

//===----------------------------------------------------------------------===//
// #compress.sum, #compress.product
//===----------------------------------------------------------------------===//

static ParseResult parseSlotList(AsmParser &parser,
                                 SmallVectorImpl<Attribute> &slots) {
  return parser.parseCommaSeparatedList(AsmParser::Delimiter::LessGreater, [&] {
    return FieldListParser::parseSlotValue(parser, slots.emplace_back());
  });
}

static void printSlotList(AsmPrinter &printer, ArrayRef<Attribute> slots) {
  printer << "<";
  llvm::interleaveComma(slots, printer,
                        [&](Attribute slot) { printSlot(printer, slot); });
  printer << ">";
}

Attribute SumAttr::parse(AsmParser &parser, Type) {
  NestingGuard nesting;
  if (nesting.check(parser))
    return {};
  SMLoc loc = parser.getCurrentLocation();
  SmallVector<Attribute> terms;
  if (parseSlotList(parser, terms))
    return {};
  return getChecked(
      llvm::function_ref<InFlightDiagnostic()>(Emitter(parser, loc)),
      parser.getContext(), ArrayRef<Attribute>(terms));
}

void SumAttr::print(AsmPrinter &printer) const {
  printSlotList(printer, getTerms());
}

Attribute ProductAttr::parse(AsmParser &parser, Type) {
  NestingGuard nesting;
  if (nesting.check(parser))
    return {};
  SMLoc loc = parser.getCurrentLocation();
  SmallVector<Attribute> factors;
  if (parseSlotList(parser, factors))
    return {};
  return getChecked(
      llvm::function_ref<InFlightDiagnostic()>(Emitter(parser, loc)),
      parser.getContext(), ArrayRef<Attribute>(factors));
}

void ProductAttr::print(AsmPrinter &printer) const {
  printSlotList(printer, getFactors());
}
