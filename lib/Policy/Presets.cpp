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
    "int<b>-(g<G>|channel|tensor)[-asym][-(f16|bf16|f32)]";

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

/// One `-`-separated part of a preset and where it starts.
struct Part {
  StringRef text;
  size_t offset;
};

SmallVector<Part> splitParts(StringRef text) {
  SmallVector<Part> parts;
  size_t offset = 0;
  while (true) {
    size_t dash = text.find('-', offset);
    parts.push_back({text.slice(offset, dash), offset});
    if (dash == StringRef::npos)
      return parts;
    offset = dash + 1;
  }
}

bool isScaleType(StringRef text) {
  return text == "f16" || text == "bf16" || text == "f32";
}

class PresetParser {
public:
  PresetParser(StringRef text, size_t &errorOffset)
      : text(text), errorOffset(errorOffset) {}

  llvm::Expected<EncodingChoice> parse();

private:
  llvm::Error fail(size_t offset, const Twine &message) {
    errorOffset = offset;
    return makeError(message);
  }
  llvm::Error unexpected(const Part &part, StringRef expected) {
    return fail(part.offset, "unexpected '" + part.text + "' in preset '" +
                                 text + "'; expected " + expected);
  }
  llvm::Error parseGranularity(const Part &part, EncodingChoice &choice);

  StringRef text;
  size_t &errorOffset;
};

} // namespace

llvm::Expected<EncodingChoice> PresetParser::parse() {
  EncodingChoice choice;
  choice.kind = EncodingChoice::Kind::Preset;
  choice.text = text.str();
  if (text == "int8") {
    choice.bits = 8;
    choice.granularity = EncodingChoice::Granularity::Channel;
    choice.scaleType = "f32";
    return choice;
  }
  SmallVector<Part> parts = splitParts(text);
  StringRef bits = parts[0].text;
  if (!bits.consume_front("int") || bits.empty() ||
      !llvm::all_of(bits, llvm::isDigit))
    return fail(0, "unknown preset '" + text + "'; expected none, int8, " +
                       kPresetGrammar + " or a #compress attribute");
  if (bits.getAsInteger(10, choice.bits) || choice.bits < 2 || choice.bits > 8)
    return fail(3, "bits " + bits + " is out of range; expected 2 to 8");
  for (const Part &part : parts)
    if (part.text.empty())
      return fail(part.offset - 1, "stray '-' in preset '" + text + "'");
  if (parts.size() == 1)
    return fail(text.size(), llvm::formatv("preset '{0}' needs a granularity: "
                                           "{0}-g<G>, {0}-channel or "
                                           "{0}-tensor",
                                           text));
  if (llvm::Error error = parseGranularity(parts[1], choice))
    return std::move(error);
  choice.scaleType =
      choice.granularity == EncodingChoice::Granularity::Group ? "f16" : "f32";

  ArrayRef<Part> rest = ArrayRef<Part>(parts).drop_front(2);
  if (!rest.empty() && rest.front().text == "asym") {
    choice.asymmetric = true;
    rest = rest.drop_front();
  }
  bool haveScaleType = !rest.empty() && isScaleType(rest.front().text);
  if (haveScaleType) {
    choice.scaleType = rest.front().text.str();
    rest = rest.drop_front();
  }
  if (rest.empty())
    return choice;
  if (haveScaleType && rest.front().text == "asym" && !choice.asymmetric)
    return fail(rest.front().offset,
                "'asym' comes before the scale type in preset '" + text + "'");
  if (haveScaleType)
    return unexpected(rest.front(), "the end of the preset");
  return unexpected(rest.front(), choice.asymmetric ? "f16, bf16 or f32"
                                                    : "asym, f16, bf16 or f32");
}

llvm::Error PresetParser::parseGranularity(const Part &part,
                                           EncodingChoice &choice) {
  if (part.text == "channel") {
    choice.granularity = EncodingChoice::Granularity::Channel;
    return llvm::Error::success();
  }
  if (part.text == "tensor") {
    choice.granularity = EncodingChoice::Granularity::Tensor;
    return llvm::Error::success();
  }
  StringRef group = part.text;
  if (!group.consume_front("g") || group.empty() ||
      !llvm::all_of(group, llvm::isDigit))
    return unexpected(part, "g<G>, channel or tensor");
  choice.granularity = EncodingChoice::Granularity::Group;
  if (group.getAsInteger(10, choice.groupSize))
    return fail(part.offset + 1, "group size " + group + " is too large");
  if (choice.groupSize == 0)
    return fail(part.offset + 1, "group size 0 is not positive");
  return llvm::Error::success();
}

/// Parses `#compress...` text.
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
  if (size_t plus = text.find('+'); plus != StringRef::npos) {
    errorOffset = plus;
    return makeError("composing presets with '+' is not supported yet ('" +
                     text + "'); give one preset or a #compress attribute");
  }
  return PresetParser(text, errorOffset).parse();
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

static llvm::Expected<Attribute> resolvePreset(const EncodingChoice &choice,
                                               const WeightInfo &weight,
                                               MLIRContext *context) {
  int64_t rank = weight.shape.size();
  auto checkAxis = [&](StringRef what, int64_t axis) -> llvm::Error {
    if (axis >= 0 && axis < rank)
      return llvm::Error::success();
    return makeError(llvm::formatv("{0} axis {1} is out of range for weight "
                                   "'{2}' of rank {3}",
                                   what, axis, weight.name, rank));
  };
  int64_t axis = -1;
  SmallVector<int64_t> block;
  switch (choice.granularity) {
  case EncodingChoice::Granularity::Group: {
    if (llvm::Error error = checkAxis("reduction", weight.reductionAxis))
      return std::move(error);
    int64_t size = weight.shape[weight.reductionAxis];
    if (choice.groupSize <= 0 || size % choice.groupSize != 0)
      return makeError(llvm::formatv("group {0} does not divide the reduction "
                                     "size {1} of weight '{2}'",
                                     choice.groupSize, size, weight.name));
    block.assign(rank, 1);
    block[weight.reductionAxis] = choice.groupSize;
    break;
  }
  case EncodingChoice::Granularity::Channel:
    if (llvm::Error error = checkAxis("output", weight.outputAxis))
      return std::move(error);
    axis = weight.outputAxis;
    break;
  case EncodingChoice::Granularity::Tensor:
    break;
  }
  Type scaleType = llvm::StringSwitch<Type>(choice.scaleType)
                       .Case("f32", Float32Type::get(context))
                       .Case("f16", Float16Type::get(context))
                       .Case("bf16", BFloat16Type::get(context))
                       .Default(Type());
  if (!scaleType)
    return makeError("unknown scale type '" + choice.scaleType +
                     "'; expected f16, bf16 or f32");
  Attribute zeroPoint;
  if (choice.asymmetric)
    zeroPoint = TypeAttr::get(
        IntegerType::get(context, choice.bits, IntegerType::Unsigned));
  context->getOrLoadDialect<CompressDialect>();
  DiagnosticCapture capture(context);
  auto emit = [&] { return capture.emit(); };
  auto attr = UniformAttr::getChecked(
      function_ref<InFlightDiagnostic()>(emit), context, choice.bits,
      /*isSigned=*/!choice.asymmetric, axis, ArrayRef<int64_t>(block),
      Attribute(TypeAttr::get(scaleType)), zeroPoint, /*min=*/Attribute());
  if (!attr)
    return makeError("preset '" + choice.text + "' for weight '" + weight.name +
                     "': " + capture.getMessage());
  if (llvm::Error error = verifyOnWeight(attr, weight, context))
    return std::move(error);
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
    return resolvePreset(choice, weight, context);
  }
  llvm_unreachable("unknown encoding choice");
}
