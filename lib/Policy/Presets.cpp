//===- Presets.cpp - Encoding choices and the encodings they give ---------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// `encoding:` values: `none`, a preset (docs/policy.md has the grammar) or the
// text of a #compress attribute. A preset only becomes an attribute once the
// weight is known: its groups run along the weight's reduction axis and its
// channels along the output axis.
//
//===----------------------------------------------------------------------===//

#include "lib/Policy/Presets.h"

#include "dialects/Compress/IR/CompressDialect.h"
#include "dialects/Compress/IR/CompressTypes.h"
#include "lib/Encoding/Layout.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <thread>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::policy;

namespace {

constexpr StringLiteral kPresetGrammar =
    "int8, int<b>-(g<G>|channel|tensor)[-asym][-(f16|bf16|f32)], "
    "lut<b>-(channel|g<G>), nf4-g<G>, fp8-e4m3, fp8-e5m2, mxfp4, nvfp4, "
    "<N>:<M>, block<R>x<C>-<keep>%, sparse-<keep>%, lowrank-<r>, "
    "outliers-<p>% (joined by '+')";

llvm::Error makeError(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Captures the first error that MLIR reports on this thread while it lives.
/// Other threads' diagnostics (the context may be shared) pass through.
class DiagnosticCapture {
public:
  explicit DiagnosticCapture(MLIRContext *context)
      : context(context), thread(std::this_thread::get_id()),
        handler(context, [this](Diagnostic &diag) -> LogicalResult {
          if (std::this_thread::get_id() != thread)
            return failure();
          if (!message && diag.getSeverity() == DiagnosticSeverity::Error) {
            message = diag.str();
            location = diag.getLocation();
          }
          return success();
        }) {}

  /// What getChecked reports through.
  InFlightDiagnostic emit() { return emitError(UnknownLoc::get(context)); }

  std::string getMessage() const {
    return message ? *message : std::string("invalid encoding");
  }
  /// The byte of `text` that a parser error points at.
  size_t getOffsetIn(StringRef text) const {
    auto loc = dyn_cast_or_null<FileLineColLoc>(location);
    if (!loc || loc.getLine() == 0 || loc.getColumn() == 0)
      return 0;
    size_t lineStart = 0;
    for (unsigned line = 1; line < loc.getLine(); ++line) {
      size_t newline = text.find('\n', lineStart);
      if (newline == StringRef::npos)
        return 0;
      lineStart = newline + 1;
    }
    return std::min(text.size(), lineStart + loc.getColumn() - 1);
  }

private:
  MLIRContext *context;
  std::thread::id thread;
  std::optional<std::string> message;
  Location location = UnknownLoc::get(context);
  // Last, so that it is unregistered before the members it writes go away.
  ScopedDiagnosticHandler handler;
};

/// One `-`-separated piece of a preset part and where it starts.
struct Piece {
  StringRef text;
  size_t offset;
};

SmallVector<Piece> splitPieces(StringRef text, size_t base) {
  SmallVector<Piece> pieces;
  size_t offset = 0;
  while (true) {
    size_t dash = text.find('-', offset);
    pieces.push_back({text.slice(offset, dash), base + offset});
    if (dash == StringRef::npos)
      return pieces;
    offset = dash + 1;
  }
}

bool isScaleType(StringRef text) {
  return text == "f16" || text == "bf16" || text == "f32";
}

bool isDigits(StringRef text) {
  return !text.empty() && llvm::all_of(text, llvm::isDigit);
}

/// Parses one `+`-separated part of a preset; `whole` is the full
/// `encoding:` text the errors quote.
class PartParser {
public:
  /// "unknown preset 'x' [in 'whole']; expected ...".
  llvm::Error unknown() {
    std::string where =
        text == whole ? std::string() : (" in '" + whole + "'").str();
    return fail(base, "unknown preset '" + text + "'" + where +
                          "; expected none, " + kPresetGrammar +
                          " or a #compress attribute");
  }

  PartParser(StringRef whole, StringRef text, size_t base, size_t &errorOffset)
      : whole(whole), text(text), base(base), errorOffset(errorOffset) {}

  llvm::Expected<PresetPart> parse();

private:
  llvm::Error fail(size_t offset, const Twine &message) {
    errorOffset = offset;
    return makeError(message);
  }
  llvm::Error unexpected(const Piece &piece, StringRef expected) {
    return fail(piece.offset, "unexpected '" + piece.text + "' in preset '" +
                                  whole + "'; expected " + expected);
  }
  /// An empty piece: a dash with nothing before or after it.
  llvm::Error checkStrayDashes(ArrayRef<Piece> pieces) {
    for (const Piece &piece : pieces)
      if (piece.text.empty())
        return fail(piece.offset - 1, "stray '-' in preset '" + whole + "'");
    return llvm::Error::success();
  }
  llvm::Expected<PresetPart> parseInt(PresetPart part);
  llvm::Expected<PresetPart> parseCodebook(PresetPart part);
  llvm::Expected<PresetPart> parseSparsity(PresetPart part);
  llvm::Error parseGranularity(const Piece &piece, PresetPart &part,
                               bool allowTensor);
  llvm::Error parseGroup(const Piece &piece, PresetPart &part);
  /// `<number>%` into `part.percent`, in (0, 100].
  llvm::Error parsePercent(const Piece &piece, PresetPart &part);
  /// An optional value type as the last piece.
  llvm::Error parseValueType(ArrayRef<Piece> rest, PresetPart &part);
  /// `size` as a positive integer.
  llvm::Error parsePositive(StringRef size, size_t offset, StringRef what,
                            int64_t &value);

  StringRef whole, text;
  size_t base;
  size_t &errorOffset;
};

} // namespace

bool PresetPart::isQuantizer() const {
  switch (family) {
  case Family::Int:
  case Family::Lut:
  case Family::Nf4:
  case Family::Fp8E4M3:
  case Family::Fp8E5M2:
  case Family::Mxfp4:
  case Family::Nvfp4:
    return true;
  default:
    return false;
  }
}

bool PresetPart::isSparsity() const {
  return family == Family::NM || family == Family::Block ||
         family == Family::Sparse;
}

llvm::Expected<PresetPart> PartParser::parse() {
  PresetPart part;
  part.text = text.str();
  part.offset = base;
  using Family = PresetPart::Family;
  auto fixed = [&](Family family) -> llvm::Expected<PresetPart> {
    part.family = family;
    return part;
  };
  if (text == "int8") {
    part.bits = 8;
    part.granularity = PresetPart::Granularity::Channel;
    part.scaleType = "f32";
    return part;
  }
  if (text == "fp8-e4m3")
    return fixed(Family::Fp8E4M3);
  if (text == "fp8-e5m2")
    return fixed(Family::Fp8E5M2);
  if (text == "mxfp4")
    return fixed(Family::Mxfp4);
  if (text == "nvfp4")
    return fixed(Family::Nvfp4);
  if (text.starts_with("int"))
    return parseInt(part);
  if (text.starts_with("lut") || text.starts_with("nf4"))
    return parseCodebook(part);
  if (text.starts_with("block") || text.starts_with("sparse") ||
      text.starts_with("lowrank") || text.starts_with("outliers") ||
      (!text.empty() && llvm::isDigit(text.front())))
    return parseSparsity(part);
  return unknown();
}

llvm::Error PartParser::parsePositive(StringRef size, size_t offset,
                                      StringRef what, int64_t &value) {
  if (!isDigits(size))
    return fail(offset, "expected a number for the " + what + " in preset '" +
                            whole + "', got '" + size + "'");
  if (size.getAsInteger(10, value))
    return fail(offset, what + " " + size + " is too large");
  if (value == 0)
    return fail(offset, what + " 0 is not positive");
  return llvm::Error::success();
}

llvm::Expected<PresetPart> PartParser::parseInt(PresetPart part) {
  SmallVector<Piece> pieces = splitPieces(text, base);
  StringRef bits = pieces[0].text;
  if (!bits.consume_front("int") || !isDigits(bits))
    return unknown();
  if (bits.getAsInteger(10, part.bits) || part.bits < 2 || part.bits > 8)
    return fail(base + 3, "bits " + bits + " is out of range; expected 2 to 8");
  if (llvm::Error error = checkStrayDashes(pieces))
    return std::move(error);
  if (pieces.size() == 1)
    return fail(base + text.size(),
                llvm::formatv("preset '{0}' needs a granularity: "
                              "{0}-g<G>, {0}-channel or {0}-tensor",
                              text));
  if (llvm::Error error = parseGranularity(pieces[1], part, true))
    return std::move(error);
  part.scaleType =
      part.granularity == PresetPart::Granularity::Group ? "f16" : "f32";

  ArrayRef<Piece> rest = ArrayRef<Piece>(pieces).drop_front(2);
  if (!rest.empty() && rest.front().text == "asym") {
    part.asymmetric = true;
    rest = rest.drop_front();
  }
  bool haveScaleType = !rest.empty() && isScaleType(rest.front().text);
  if (haveScaleType) {
    part.scaleType = rest.front().text.str();
    rest = rest.drop_front();
  }
  if (rest.empty())
    return part;
  if (haveScaleType && rest.front().text == "asym" && !part.asymmetric)
    return fail(rest.front().offset,
                "'asym' comes before the scale type in preset '" + whole + "'");
  if (haveScaleType)
    return unexpected(rest.front(), "the end of the preset");
  return unexpected(rest.front(), part.asymmetric ? "f16, bf16 or f32"
                                                  : "asym, f16, bf16 or f32");
}

/// lut<b>-(channel|g<G>) and nf4-g<G>, each with an optional scale or
/// codebook type.
llvm::Expected<PresetPart> PartParser::parseCodebook(PresetPart part) {
  SmallVector<Piece> pieces = splitPieces(text, base);
  if (llvm::Error error = checkStrayDashes(pieces))
    return std::move(error);
  StringRef head = pieces[0].text;
  if (head == "nf4") {
    part.family = PresetPart::Family::Nf4;
    part.bits = 4;
    if (pieces.size() == 1)
      return fail(base + text.size(), "preset 'nf4' needs a group: nf4-g<G>");
    if (llvm::Error error = parseGroup(pieces[1], part))
      return std::move(error);
    part.scaleType = "f16";
  } else {
    part.family = PresetPart::Family::Lut;
    StringRef bits = head;
    bits.consume_front("lut");
    if (!isDigits(bits))
      return unknown();
    if (bits.getAsInteger(10, part.bits) || part.bits < 1 || part.bits > 8)
      return fail(base + 3,
                  "bits " + bits + " is out of range; expected 1 to 8");
    if (pieces.size() == 1)
      return fail(base + text.size(),
                  llvm::formatv("preset '{0}' needs a codebook scope: "
                                "{0}-channel or {0}-g<G>",
                                text));
    if (llvm::Error error = parseGranularity(pieces[1], part, false))
      return std::move(error);
    part.scaleType = "f16"; // the codebook's type
  }
  ArrayRef<Piece> rest = ArrayRef<Piece>(pieces).drop_front(2);
  if (!rest.empty() && isScaleType(rest.front().text)) {
    part.scaleType = rest.front().text.str();
    rest = rest.drop_front();
  }
  if (!rest.empty())
    return unexpected(rest.front(), "f16, bf16, f32 or the end of the preset");
  return part;
}

llvm::Error PartParser::parseGranularity(const Piece &piece, PresetPart &part,
                                         bool allowTensor) {
  if (piece.text == "channel") {
    part.granularity = PresetPart::Granularity::Channel;
    return llvm::Error::success();
  }
  if (allowTensor && piece.text == "tensor") {
    part.granularity = PresetPart::Granularity::Tensor;
    return llvm::Error::success();
  }
  if (!piece.text.starts_with("g") || !isDigits(piece.text.drop_front()))
    return unexpected(piece, allowTensor ? "g<G>, channel or tensor"
                                         : "g<G> or channel");
  return parseGroup(piece, part);
}

llvm::Error PartParser::parseGroup(const Piece &piece, PresetPart &part) {
  StringRef group = piece.text;
  if (!group.consume_front("g") || !isDigits(group))
    return unexpected(piece, "g<G>");
  part.granularity = PresetPart::Granularity::Group;
  if (group.getAsInteger(10, part.groupSize))
    return fail(piece.offset + 1, "group size " + group + " is too large");
  if (part.groupSize == 0)
    return fail(piece.offset + 1, "group size 0 is not positive");
  return llvm::Error::success();
}

llvm::Error PartParser::parsePercent(const Piece &piece, PresetPart &part) {
  StringRef number = piece.text;
  if (!number.consume_back("%") || number.empty() ||
      !llvm::all_of(number,
                    [](char c) { return llvm::isDigit(c) || c == '.'; }) ||
      number.count('.') > 1 || number.front() == '.' || number.back() == '.')
    return unexpected(piece, "a percentage such as 50% or 0.5%");
  if (number.getAsDouble(part.percent) || part.percent <= 0 ||
      part.percent > 100)
    return fail(piece.offset, "percentage " + piece.text +
                                  " is out of range; expected above 0% and "
                                  "at most 100%");
  return llvm::Error::success();
}

llvm::Error PartParser::parseValueType(ArrayRef<Piece> rest,
                                       PresetPart &part) {
  if (!rest.empty() && isScaleType(rest.front().text)) {
    part.valueType = rest.front().text.str();
    rest = rest.drop_front();
  }
  if (!rest.empty())
    return unexpected(rest.front(), "f16, bf16, f32 or the end of the preset");
  return llvm::Error::success();
}

/// <N>:<M>, block<R>x<C>-<keep>%, sparse-<keep>%, lowrank-<r> and
/// outliers-<p>%, each with an optional value type.
llvm::Expected<PresetPart> PartParser::parseSparsity(PresetPart part) {
  using Family = PresetPart::Family;
  SmallVector<Piece> pieces = splitPieces(text, base);
  if (llvm::Error error = checkStrayDashes(pieces))
    return std::move(error);
  StringRef head = pieces[0].text;
  ArrayRef<Piece> rest = ArrayRef<Piece>(pieces).drop_front();
  auto needs = [&](const Twine &what) {
    return fail(base + text.size(), "preset '" + text + "' needs " + what);
  };
  if (llvm::isDigit(head.front())) {
    part.family = Family::NM;
    auto [n, m] = head.split(':');
    if (llvm::Error error = parsePositive(n, base, "N", part.n))
      return std::move(error);
    if (llvm::Error error =
            parsePositive(m, base + n.size() + 1, "M", part.m))
      return std::move(error);
    if (part.m < 2 || part.m > 256 || part.n > part.m)
      return fail(base, llvm::formatv("N:M = {0}:{1} is out of range; "
                                      "expected 1 <= N <= M and 2 <= M <= 256",
                                      part.n, part.m));
  } else if (head.consume_front("block")) {
    part.family = Family::Block;
    auto [rows, cols] = head.split('x');
    if (llvm::Error error =
            parsePositive(rows, base + 5, "block rows", part.blockRows))
      return std::move(error);
    if (llvm::Error error = parsePositive(cols, base + 6 + rows.size(),
                                          "block columns", part.blockCols))
      return std::move(error);
    if (rest.empty())
      return needs("the percentage of blocks kept: " + text + "-<keep>%");
    if (llvm::Error error = parsePercent(rest.front(), part))
      return std::move(error);
    rest = rest.drop_front();
  } else if (head == "sparse" || head == "outliers") {
    part.family = head == "sparse" ? Family::Sparse : Family::Outliers;
    if (rest.empty())
      return needs(head == "sparse" ? "the percentage kept: sparse-<keep>%"
                                    : "a percentage: outliers-<p>%");
    if (llvm::Error error = parsePercent(rest.front(), part))
      return std::move(error);
    rest = rest.drop_front();
  } else if (head == "lowrank") {
    part.family = Family::LowRank;
    if (rest.empty())
      return needs("a rank: lowrank-<r>");
    if (llvm::Error error = parsePositive(rest.front().text,
                                          rest.front().offset, "rank",
                                          part.rank))
      return std::move(error);
    rest = rest.drop_front();
  } else {
    return unknown();
  }
  if (llvm::Error error = parseValueType(rest, part))
    return std::move(error);
  return part;
}

/// Checks the order of the parts: [sparsity] [quantizer] then low-rank and
/// outlier terms, with something for the terms to add to.
static llvm::Error checkComposition(StringRef text,
                                    ArrayRef<PresetPart> parts,
                                    size_t &errorOffset) {
  int stage = 0; // 0: start, 1: after sparsity, 2: after quantizer, 3: terms
  bool haveBody = false;
  for (const PresetPart &part : parts) {
    auto fail = [&](const Twine &message) {
      errorOffset = part.offset;
      return makeError(message);
    };
    if (part.isSparsity()) {
      if (stage > 0)
        return fail("sparsity '" + part.text + "' must come first in '" +
                    text + "' (sparsity, then a quantizer of the kept "
                    "values, then lowrank or outliers terms)");
      stage = 1;
      haveBody = true;
    } else if (part.isQuantizer()) {
      if (stage > 1)
        return fail("quantizer '" + part.text + "' must come before the "
                    "lowrank and outliers terms in '" + text + "'");
      stage = 2;
      haveBody = true;
    } else {
      if (part.family == PresetPart::Family::Outliers && !haveBody)
        return fail("outliers '" + part.text + "' need a body to add to in '" +
                    text + "', such as int4-g128+" + part.text);
      stage = 3;
      haveBody = true;
    }
  }
  return llvm::Error::success();
}

/// Parses `#compress...` text./// Parses `#compress...` text.
static llvm::Expected<EncodingChoice>
parseAttributeChoice(StringRef text, MLIRContext *context,
                     size_t &errorOffset) {
  EncodingChoice choice;
  choice.kind = EncodingChoice::Kind::Attribute;
  choice.text = text.str();
  DiagnosticCapture capture(context);
  choice.attribute = parseAttribute(text, context);
  if (!choice.attribute) {
    errorOffset = capture.getOffsetIn(text);
    return makeError(capture.getMessage());
  }
  if (!isa<EncodingAttrInterface>(choice.attribute)) {
    std::string printed;
    llvm::raw_string_ostream os(printed);
    os << choice.attribute;
    return makeError("expected a #compress encoding, got " + printed);
  }
  return choice;
}

llvm::Expected<EncodingChoice>
internal::parseEncodingChoice(StringRef text, MLIRContext *context,
                              size_t &errorOffset) {
  errorOffset = 0;
  if (text == "none") {
    EncodingChoice choice;
    choice.text = text.str();
    return choice;
  }
  if (text.empty())
    return makeError("empty encoding; expected none, a preset such as int8 "
                     "or int4-g128, or a #compress attribute");
  if (text.starts_with("#")) {
    context->getOrLoadDialect<CompressDialect>();
    return parseAttributeChoice(text, context, errorOffset);
  }
  EncodingChoice choice;
  choice.kind = EncodingChoice::Kind::Preset;
  choice.text = text.str();
  size_t offset = 0;
  while (true) {
    size_t plus = text.find('+', offset);
    StringRef partText = text.slice(offset, plus);
    if (partText.empty()) {
      errorOffset = plus == StringRef::npos ? text.size() : plus;
      return makeError("empty part in preset '" + text + "'");
    }
    llvm::Expected<PresetPart> part =
        PartParser(text, partText, offset, errorOffset).parse();
    if (!part)
      return part.takeError();
    choice.parts.push_back(std::move(*part));
    if (plus == StringRef::npos)
      break;
    offset = plus + 1;
  }
  if (llvm::Error error = checkComposition(text, choice.parts, errorOffset))
    return std::move(error);
  return choice;
}

llvm::Expected<EncodingChoice>
policy::parseEncodingChoice(StringRef text, MLIRContext *context) {
  size_t errorOffset;
  return internal::parseEncodingChoice(text, context, errorOffset);
}

//===----------------------------------------------------------------------===//
// resolveEncoding
//===----------------------------------------------------------------------===//

/// Checks that `encoding` fits a tensor of the weight's shape.
static llvm::Error verifyOnWeight(Attribute encoding, const WeightInfo &weight,
                                  MLIRContext *context) {
  auto encodingAttr = dyn_cast_or_null<EncodingAttrInterface>(encoding);
  if (!encodingAttr)
    return makeError("encoding of weight '" + weight.name +
                     "' is not a #compress encoding");
  DiagnosticCapture capture(context);
  auto emit = [&] { return capture.emit(); };
  if (!CompressedTensorType::getChecked(
          function_ref<InFlightDiagnostic()>(emit), context,
          ArrayRef<int64_t>(weight.shape), Type(Float32Type::get(context)),
          encodingAttr))
    return makeError("weight '" + weight.name + "': " + capture.getMessage());
  return llvm::Error::success();
}

namespace {

/// Builds the attribute of a preset for one weight, as attribute text that
/// the dialect parses and verifies.
class PresetResolver {
public:
  PresetResolver(const EncodingChoice &choice, const WeightInfo &weight,
                 MLIRContext *context)
      : choice(choice), weight(weight), context(context) {}

  llvm::Expected<Attribute> resolve();

private:
  llvm::Error fail(const PresetPart &part, const Twine &message) {
    return makeError("preset '" + part.text + "' for weight '" + weight.name +
                     "': " + message);
  }
  /// The type that stores the values of `part` when no quantizer does.
  std::string valueTypeOf(const PresetPart &part) const;
  /// The quantizer `part` of a tensor of `shape` whose groups run along
  /// `reduction` and whose channels are slices of `output` (-1: none).
  llvm::Expected<std::string> quantizer(const PresetPart &part,
                                        ArrayRef<int64_t> shape,
                                        int64_t reduction, int64_t output);
  /// The sparsity `part` with its kept values stored as `values` or, when
  /// `values` is null, in the part's value type.
  llvm::Expected<std::string> sparsity(const PresetPart &part,
                                       const PresetPart *values);
  llvm::Expected<std::string> lowRank(const PresetPart &part);
  llvm::Expected<std::string> outliers(const PresetPart &part);

  const EncodingChoice &choice;
  const WeightInfo &weight;
  MLIRContext *context;
};

std::string formatShape(ArrayRef<int64_t> sizes) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(sizes, os);
  os << "]";
  return text;
}

/// The element type's name as attribute text ("f32" when not known).
std::string typeName(Type type) {
  if (!type)
    return "f32";
  std::string text;
  llvm::raw_string_ostream(text) << type;
  return text;
}

/// CSR's index type: i16 when it holds `largest`.
StringRef indexTypeFor(int64_t largest) {
  return largest <= 32767 ? "i16" : "i32";
}

} // namespace

std::string PresetResolver::valueTypeOf(const PresetPart &part) const {
  if (!part.valueType.empty())
    return part.valueType;
  if (part.family == PresetPart::Family::Outliers)
    return "f16";
  return typeName(weight.elementType);
}

llvm::Expected<std::string> PresetResolver::quantizer(const PresetPart &part,
                                                      ArrayRef<int64_t> shape,
                                                      int64_t reduction,
                                                      int64_t output) {
  using Family = PresetPart::Family;
  int64_t rank = shape.size();
  std::string text;
  llvm::raw_string_ostream os(text);
  // The groups of `size` along the reduction axis: the block shape.
  auto blockOf = [&](int64_t size) -> llvm::Expected<std::string> {
    if (reduction < 0 || reduction >= rank)
      return fail(part, "the weight has no reduction axis for groups");
    if (size <= 0 || shape[reduction] % size != 0)
      return makeError(llvm::formatv(
          "group {0} does not divide the reduction size {1} of weight '{2}'",
          size, shape[reduction], weight.name));
    SmallVector<int64_t> block(rank, 1);
    block[reduction] = size;
    return formatShape(block);
  };
  // The groups of `part` as `axisKey = a`, `blockKey = [...]` or nothing
  // (one per tensor).
  auto groupsOf = [&](StringRef axisKey,
                      StringRef blockKey) -> llvm::Expected<std::string> {
    switch (part.granularity) {
    case PresetPart::Granularity::Group: {
      llvm::Expected<std::string> block = blockOf(part.groupSize);
      if (!block)
        return block.takeError();
      return (blockKey + " = " + *block).str();
    }
    case PresetPart::Granularity::Channel:
      if (output < 0)
        return fail(part, "the values have no channels; use g<G>");
      return (axisKey + " = " + Twine(output)).str();
    case PresetPart::Granularity::Tensor:
      return std::string();
    }
    llvm_unreachable("unknown granularity");
  };
  auto joined = [](StringRef head, StringRef groups, StringRef tail) {
    std::string text = head.str();
    if (!groups.empty())
      text += ", " + groups.str();
    return text + tail.str();
  };
  if (part.family == Family::Int || part.family == Family::Lut ||
      part.family == Family::Nf4)
    if (!isScaleType(part.scaleType))
      return makeError("unknown scale type '" + part.scaleType +
                       "'; expected f16, bf16 or f32");
  switch (part.family) {
  case Family::Int: {
    llvm::Expected<std::string> groups = groupsOf("per_axis", "block");
    if (!groups)
      return groups.takeError();
    std::string head = "#compress.uniform<bits = " + std::to_string(part.bits);
    if (part.asymmetric)
      head += ", unsigned";
    std::string tail = ", scale = " + part.scaleType;
    if (part.asymmetric)
      tail += ", zero_point = ui" + std::to_string(part.bits);
    return joined(head, *groups, tail + ">");
  }
  case Family::Lut: {
    llvm::Expected<std::string> groups = groupsOf("codebook_axis", "codebook_block");
    if (!groups)
      return groups.takeError();
    return joined("#compress.lut<bits = " + std::to_string(part.bits) +
                      ", codebook = " + part.scaleType,
                  *groups, ">");
  }
  case Family::Nf4: {
    llvm::Expected<std::string> block = blockOf(part.groupSize);
    if (!block)
      return block.takeError();
    return "#compress.lut<table = nf4, block = " + *block +
           ", scale = " + part.scaleType + ">";
  }
  case Family::Fp8E4M3:
  case Family::Fp8E5M2: {
    os << "#compress.float<"
       << (part.family == Family::Fp8E4M3 ? "f8E4M3FN" : "f8E5M2");
    if (output >= 0)
      os << ", per_axis = " << output;
    os << ", scale = f32>";
    return text;
  }
  case Family::Mxfp4:
  case Family::Nvfp4: {
    bool mx = part.family == Family::Mxfp4;
    llvm::Expected<std::string> block = blockOf(mx ? 32 : 16);
    if (!block)
      return block.takeError();
    return "#compress.float<f4E2M1FN, block = " + *block + ", scale = " +
           (mx ? "f8E8M0FNU" : "#compress.float<f8E4M3FN, scale = f32>") +
           ">";
  }
  default:
    llvm_unreachable("not a quantizer");
  }
}

llvm::Expected<std::string> PresetResolver::sparsity(const PresetPart &part,
                                                     const PresetPart *values) {
  using Family = PresetPart::Family;
  ArrayRef<int64_t> shape = weight.shape;
  int64_t rank = shape.size();
  auto [rows, cols] = encoding::getMatrixView(shape);
  // The values slot: a quantizer of the kept values' tensor, or a type.
  auto valuesSlot = [&](ArrayRef<int64_t> valuesShape, int64_t reduction,
                        int64_t output) -> llvm::Expected<std::string> {
    if (!values)
      return valueTypeOf(part);
    return quantizer(*values, valuesShape, reduction, output);
  };
  std::string text;
  llvm::raw_string_ostream os(text);
  switch (part.family) {
  case Family::NM: {
    int64_t axis = weight.reductionAxis;
    if (axis < 0 || axis >= rank)
      return fail(part, "the weight has no reduction axis");
    if (shape[axis] % part.m != 0)
      return fail(part, llvm::formatv("M = {0} does not divide the reduction "
                                      "size {1}",
                                      part.m, shape[axis]));
    SmallVector<int64_t> valuesShape(shape);
    valuesShape[axis] = shape[axis] / part.m * part.n;
    int64_t output = weight.outputAxis >= 0 && weight.outputAxis < rank &&
                             weight.outputAxis != axis
                         ? weight.outputAxis
                         : -1;
    llvm::Expected<std::string> slot = valuesSlot(valuesShape, axis, output);
    if (!slot)
      return slot.takeError();
    os << "#compress.sparse<nm = [" << part.n << ", " << part.m << "]";
    if (axis != rank - 1) // the last dimension is the default
      os << ", axis = " << axis;
    os << ", values = " << *slot << ">";
    return text;
  }
  case Family::Block: {
    if (rows % part.blockRows != 0 || cols % part.blockCols != 0)
      return fail(part, llvm::formatv("blocks of {0}x{1} do not tile the "
                                      "{2}x{3} matrix view of the weight",
                                      part.blockRows, part.blockCols, rows,
                                      cols));
    int64_t blocks = rows / part.blockRows * (cols / part.blockCols);
    int64_t kept = std::clamp<int64_t>(
        std::llround(part.percent / 100 * blocks), 1, blocks);
    int64_t blockSize = part.blockRows * part.blockCols;
    llvm::Expected<std::string> slot =
        valuesSlot({kept, blockSize}, /*reduction=*/1, /*output=*/0);
    if (!slot)
      return slot.takeError();
    os << "#compress.sparse<block = [" << part.blockRows << ", "
       << part.blockCols << "], kept = " << kept << ", index = "
       << indexTypeFor(std::max(kept, cols / part.blockCols - 1))
       << ", values = " << *slot << ">";
    return text;
  }
  case Family::Sparse: {
    int64_t count = rows * cols;
    int64_t nnz = std::clamp<int64_t>(
        std::llround(part.percent / 100 * count), 1, count);
    // Groups of kept values need a whole number of groups.
    if (values && values->granularity == PresetPart::Granularity::Group) {
      int64_t group = values->groupSize;
      nnz = std::max<int64_t>(group, (nnz + group - 1) / group * group);
      if (nnz > count)
        nnz = count / group * group;
    }
    llvm::Expected<std::string> slot =
        valuesSlot({nnz}, /*reduction=*/0, /*output=*/-1);
    if (!slot)
      return slot.takeError();
    // CSR stores 2 index entries per kept value (plus a row pointer per
    // row); a bitmap 1 bit per element: take the smaller.
    StringRef index = indexTypeFor(std::max(nnz, cols - 1));
    int64_t indexBytes = index == "i16" ? 2 : 4;
    int64_t csrBytes = (rows + 1 + nnz) * indexBytes;
    int64_t bitmapBytes = (count + 7) / 8;
    if (bitmapBytes < csrBytes)
      os << "#compress.sparse<bitmap, nnz = " << nnz << ", values = " << *slot
         << ">";
    else
      os << "#compress.sparse<csr, nnz = " << nnz << ", index = " << index
         << ", values = " << *slot << ">";
    return text;
  }
  default:
    llvm_unreachable("not a sparsity pattern");
  }
}

llvm::Expected<std::string> PresetResolver::lowRank(const PresetPart &part) {
  std::string type = valueTypeOf(part);
  return "#compress.lowrank<rank = " + std::to_string(part.rank) +
         ", u = " + type + ", v = " + type + ">";
}

llvm::Expected<std::string> PresetResolver::outliers(const PresetPart &part) {
  auto [rows, cols] = encoding::getMatrixView(weight.shape);
  int64_t count = rows * cols;
  int64_t nnz =
      std::clamp<int64_t>(std::llround(part.percent / 100 * count), 1, count);
  return "#compress.sparse<csr, nnz = " + std::to_string(nnz) + ", index = " +
         indexTypeFor(std::max(nnz, cols - 1)).str() +
         ", values = " + valueTypeOf(part) + ">";
}

llvm::Expected<Attribute> PresetResolver::resolve() {
  ArrayRef<PresetPart> parts = choice.parts;
  const PresetPart *sparse = nullptr, *quant = nullptr;
  if (!parts.empty() && parts.front().isSparsity()) {
    sparse = &parts.front();
    parts = parts.drop_front();
  }
  if (!parts.empty() && parts.front().isQuantizer()) {
    quant = &parts.front();
    parts = parts.drop_front();
  }
  SmallVector<std::string> terms;
  auto add = [&](llvm::Expected<std::string> term) -> llvm::Error {
    if (!term)
      return term.takeError();
    terms.push_back(std::move(*term));
    return llvm::Error::success();
  };
  if (sparse) {
    if (llvm::Error error = add(sparsity(*sparse, quant)))
      return std::move(error);
  } else if (quant) {
    int64_t rank = weight.shape.size();
    auto checkAxis = [&](StringRef what, int64_t axis) -> llvm::Error {
      if (axis >= 0 && axis < rank)
        return llvm::Error::success();
      return makeError(llvm::formatv("{0} axis {1} is out of range for "
                                     "weight '{2}' of rank {3}",
                                     what, axis, weight.name, rank));
    };
    if (quant->granularity == PresetPart::Granularity::Group)
      if (llvm::Error error = checkAxis("reduction", weight.reductionAxis))
        return std::move(error);
    if (quant->granularity == PresetPart::Granularity::Channel)
      if (llvm::Error error = checkAxis("output", weight.outputAxis))
        return std::move(error);
    if (llvm::Error error = add(quantizer(*quant, weight.shape,
                                          weight.reductionAxis,
                                          weight.outputAxis)))
      return std::move(error);
  }
  for (const PresetPart &part : parts)
    if (llvm::Error error =
            add(part.family == PresetPart::Family::LowRank ? lowRank(part)
                                                           : outliers(part)))
      return std::move(error);
  std::string text = terms.front();
  if (terms.size() > 1)
    text = "#compress.sum<" + llvm::join(terms, ", ") + ">";

  context->getOrLoadDialect<CompressDialect>();
  Attribute attr;
  {
    DiagnosticCapture capture(context);
    attr = parseAttribute(text, context);
    if (!attr)
      return makeError("preset '" + choice.text + "' for weight '" +
                       weight.name + "': " + capture.getMessage());
  }
  DiagnosticCapture capture(context);
  auto emit = [&] { return capture.emit(); };
  if (!CompressedTensorType::getChecked(
          function_ref<InFlightDiagnostic()>(emit), context,
          ArrayRef<int64_t>(weight.shape), Type(Float32Type::get(context)),
          cast<EncodingAttrInterface>(attr)))
    return makeError("weight '" + weight.name + "': " + capture.getMessage());
  return attr;
}

llvm::Expected<Attribute> policy::resolveEncoding(const EncodingChoice &choice,
                                                  const WeightInfo &weight,
                                                  MLIRContext *context) {
  switch (choice.kind) {
  case EncodingChoice::Kind::None:
    return Attribute();
  case EncodingChoice::Kind::Attribute:
    if (llvm::Error error = verifyOnWeight(choice.attribute, weight, context))
      return std::move(error);
    return choice.attribute;
  case EncodingChoice::Kind::Preset:
    return PresetResolver(choice, weight, context).resolve();
  }
  llvm_unreachable("unknown encoding choice");
}
