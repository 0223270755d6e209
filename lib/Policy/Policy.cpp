//===- Policy.cpp - Compression policy files ------------------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Policy files are read with llvm::yaml::Stream in two passes over the text.
// The stream is lazy, so the first pass parses all of it: a YAML syntax error
// is then reported before anything else (rather than as the odd value the
// parser recovered), and so are a second document and a wrong `version`,
// wherever they are. The second pass builds the rules. Every error reads
// "path:line:column: message" with 1-based positions (docs/policy.md).
//
//===----------------------------------------------------------------------===//

#include "lib/Policy/Policy.h"
#include "lib/Policy/Presets.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::policy;
namespace yaml = llvm::yaml;

/// Brace alternatives (`{wq,wk}`) a name glob may expand to.
static constexpr size_t kMaxGlobSubPatterns = 1024;
/// The deepest nesting of YAML collections accepted (see findDeepNesting).
static constexpr size_t kMaxNesting = 1000;

//===----------------------------------------------------------------------===//
// The model
//===----------------------------------------------------------------------===//

StringRef policy::stringifyConsumerKind(ConsumerKind kind) {
  switch (kind) {
  case ConsumerKind::Matmul:
    return "matmul";
  case ConsumerKind::Conv:
    return "conv";
  case ConsumerKind::Gather:
    return "gather";
  }
  llvm_unreachable("unknown consumer kind");
}

std::optional<ConsumerKind> policy::symbolizeConsumerKind(StringRef text) {
  return llvm::StringSwitch<std::optional<ConsumerKind>>(text)
      .Case("matmul", ConsumerKind::Matmul)
      .Case("conv", ConsumerKind::Conv)
      .Case("gather", ConsumerKind::Gather)
      .Default(std::nullopt);
}

std::optional<int64_t> policy::getLayerIndex(StringRef name) {
  SmallVector<StringRef> parts;
  name.split(parts, '.');
  for (StringRef part : parts) {
    if (part.empty() || !llvm::all_of(part, llvm::isDigit))
      continue;
    int64_t index;
    if (part.getAsInteger(10, index))
      return std::nullopt; // more digits than an int64_t holds
    return index;
  }
  return std::nullopt;
}

/// The number of elements of `shape`, saturated; nullopt for a negative
/// (dynamic) dimension.
static std::optional<uint64_t> getNumElements(ArrayRef<int64_t> shape) {
  uint64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0)
      return std::nullopt;
    count = llvm::SaturatingMultiply(count, static_cast<uint64_t>(dim));
  }
  return count;
}

bool Selector::matches(const WeightInfo &weight) const {
  if (op && *op != weight.op)
    return false;
  if (shape && ArrayRef<int64_t>(*shape) != ArrayRef<int64_t>(weight.shape))
    return false;
  if (minElements) {
    std::optional<uint64_t> count = getNumElements(weight.shape);
    if (!count ||
        *count < static_cast<uint64_t>(std::max<int64_t>(*minElements, 0)))
      return false;
  }
  if (!layers.empty()) {
    std::optional<int64_t> index = getLayerIndex(weight.name);
    if (!index || llvm::none_of(layers, [&](auto range) {
          return range.first <= *index && *index <= range.second;
        }))
      return false;
  }
  if (name) {
    llvm::Expected<llvm::GlobPattern> glob =
        llvm::GlobPattern::create(*name, kMaxGlobSubPatterns);
    if (!glob) {
      llvm::consumeError(glob.takeError());
      return false;
    }
    return glob->match(weight.name);
  }
  return true;
}

const Rule *Policy::lookup(const WeightInfo &weight) const {
  for (const Rule &rule : rules)
    if (rule.match.matches(weight))
      return &rule;
  return nullptr;
}

std::string Policy::formatPosition(SourcePosition position) const {
  return llvm::formatv("{0}:{1}:{2}", path, position.line, position.column)
      .str();
}

//===----------------------------------------------------------------------===//
// The YAML reader
//===----------------------------------------------------------------------===//

namespace {

constexpr StringLiteral kPolicyKeys[] = {"version", "rules"};
constexpr StringLiteral kRuleKeys[] = {"match", "encoding", "activations",
                                       "method"};
constexpr StringLiteral kSelectorKeys[] = {"name", "op", "shape",
                                           "min_elements", "layers"};

/// The text of a scalar (plain, quoted or block) node.
std::optional<StringRef> getScalarText(yaml::Node *node,
                                       SmallVectorImpl<char> &storage) {
  if (auto *scalar = dyn_cast_or_null<yaml::ScalarNode>(node))
    return scalar->getValue(storage);
  if (auto *block = dyn_cast_or_null<yaml::BlockScalarNode>(node))
    return block->getValue();
  return std::nullopt;
}

bool isDecimal(StringRef text) {
  text.consume_front("-");
  return !text.empty() && llvm::all_of(text, llvm::isDigit);
}

/// The index of the quote that closes the quoted scalar opened at `open`
/// (neither '' nor \" closes one), or the end of `text`.
size_t findClosingQuote(StringRef text, size_t open) {
  char quote = text[open];
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\')
      ++i;
    else if (text[i] == quote && quote == '\'' && i + 1 < text.size() &&
             text[i + 1] == '\'')
      ++i;
    else if (text[i] == quote)
      return i;
  }
  return text.size();
}

/// The LLVM YAML parser recurses once per level of nesting, so a hostile file
/// ("[[[[..." a megabyte long) would exhaust the stack. This bounds the depth
/// from above before parsing: the brackets open outside quotes and comments,
/// plus, on each line, the indentation and the block indicators ("- ", "? ",
/// ": ") that may open a collection. Returns where the bound first exceeds
/// `limit`.
std::optional<size_t> findDeepNesting(StringRef text, size_t limit) {
  auto isBlank = [&](size_t i) {
    return i >= text.size() || StringRef(" \t\r\n").contains(text[i]);
  };
  size_t flowDepth = 0, lineDepth = 0;
  bool inIndent = true;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      lineDepth = 0;
      inIndent = true;
      continue;
    }
    inIndent = inIndent && c == ' ';
    if (c == '#' && (i == 0 || isBlank(i - 1))) {
      i = std::min(text.size(), text.find('\n', i)) - 1; // skip the comment
      continue;
    }
    if ((c == '\'' || c == '"') &&
        (i == 0 || StringRef(" \t\n[{,:").contains(text[i - 1]))) {
      i = findClosingQuote(text, i);
      continue;
    }
    if (inIndent)
      ++lineDepth;
    else if (c == '[' || c == '{')
      ++flowDepth;
    else if ((c == ']' || c == '}') && flowDepth > 0)
      --flowDepth;
    else if (flowDepth == 0 && StringRef("-?:").contains(c) && isBlank(i + 1))
      ++lineDepth;
    if (flowDepth + lineDepth > limit)
      return i;
  }
  return std::nullopt;
}

class PolicyParser {
public:
  PolicyParser(llvm::MemoryBufferRef buffer, MLIRContext *context)
      : buffer(buffer), context(context) {}

  llvm::Expected<Policy> parse();

private:
  // The first pass.
  LogicalResult checkSyntaxAndHeader();
  LogicalResult checkVersion(yaml::Node *value, SMLoc keyLoc);

  // The second pass.
  LogicalResult parseTopLevel(yaml::Node *root, Policy &policy);
  LogicalResult parseRules(yaml::Node *node, SmallVectorImpl<Rule> &rules);
  LogicalResult parseRule(yaml::Node *node, Rule &rule);
  LogicalResult parseMethod(yaml::Node *node, Rule &rule);
  LogicalResult parseActivations(yaml::Node *node, Rule &rule);
  LogicalResult parseMatch(yaml::Node *node, Selector &selector);
  LogicalResult parseSelector(StringRef key, yaml::Node *value,
                              Selector &selector);
  LogicalResult parseGlob(yaml::Node *node, StringRef text, Selector &selector);
  LogicalResult parseShape(yaml::Node *node, Selector &selector);
  LogicalResult parseLayers(yaml::Node *node, Selector &selector);
  LogicalResult parseLayerItem(yaml::Node *node, Selector &selector);
  LogicalResult parseEncoding(yaml::Node *node, Rule &rule);

  /// Calls `onEntry` on each entry of `map` (in `where`, for messages) after
  /// checking that its key is one of `allowed`, is not repeated, and has a
  /// value.
  LogicalResult
  forEachEntry(yaml::MappingNode *map, StringRef where,
               ArrayRef<StringLiteral> allowed,
               function_ref<LogicalResult(StringRef, yaml::Node *)> onEntry);

  /// Reads the integer `text` (the value of `key`) into `value`.
  LogicalResult parseInteger(StringRef text, SMLoc loc, StringRef key,
                             int64_t &value, bool nonNegative);
  LogicalResult parseInteger(yaml::Node *node, StringRef key, int64_t &value,
                             bool nonNegative);

  /// "path:line:column: message".
  std::string formatError(SMLoc loc, const Twine &message) const;
  std::string formatError(const char *pointer, const Twine &message) const {
    return formatError(SMLoc::getFromPointer(pointer), message);
  }
  /// Records the first error.
  LogicalResult fail(SMLoc loc, const Twine &message);
  LogicalResult fail(yaml::Node *node, const Twine &message) {
    return fail(getStart(node), message);
  }
  static void onYamlDiagnostic(const llvm::SMDiagnostic &diag, void *self);

  /// Where `node` starts. The YAML parser starts a flow collection at its
  /// first token; an error about the collection points at its bracket.
  SMLoc getStart(yaml::Node *node) const;
  SourcePosition getPosition(SMLoc loc) const;
  /// Where byte `offset` of the text of scalar `node` is in the file: exact
  /// when the text is the source as written (plain or quoted without
  /// escapes), else the start of the node.
  SMLoc getLocInScalar(yaml::Node *node, StringRef text, size_t offset) const;
  /// A hint for a key without a value.
  StringRef getCommentHint(yaml::ScalarNode *key) const;

  llvm::MemoryBufferRef buffer;
  MLIRContext *context;
  llvm::SourceMgr sourceMgr;
  std::optional<std::string> error;
  /// The first error of the YAML parser.
  std::optional<std::string> syntaxError;
};

} // namespace

llvm::Expected<Policy> PolicyParser::parse() {
  sourceMgr.setDiagHandler(onYamlDiagnostic, this);
  // Positions are computed in this buffer; each stream adds another with the
  // same memory.
  sourceMgr.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(
                                   buffer, /*RequiresNullTerminator=*/false),
                               SMLoc());
  Policy policy;
  policy.path = buffer.getBufferIdentifier().str();
  if (failed(checkSyntaxAndHeader()))
    return llvm::createStringError(llvm::inconvertibleErrorCode(), *error);
  yaml::Stream stream(buffer, sourceMgr);
  if (failed(parseTopLevel(stream.begin()->getRoot(), policy)))
    return llvm::createStringError(llvm::inconvertibleErrorCode(), *error);
  assert(!syntaxError && "the first pass parsed the same text");
  return policy;
}

std::string PolicyParser::formatError(SMLoc loc, const Twine &message) const {
  SourcePosition position = getPosition(loc);
  return llvm::formatv("{0}:{1}:{2}: {3}", buffer.getBufferIdentifier(),
                       position.line, position.column, message.str())
      .str();
}

LogicalResult PolicyParser::fail(SMLoc loc, const Twine &message) {
  if (!error)
    error = formatError(loc, message);
  return failure();
}

void PolicyParser::onYamlDiagnostic(const llvm::SMDiagnostic &diag,
                                    void *self) {
  auto *parser = static_cast<PolicyParser *>(self);
  if (diag.getKind() == llvm::SourceMgr::DK_Error && !parser->syntaxError)
    parser->syntaxError = parser->formatError(
        diag.getLoc(), "invalid YAML: " + diag.getMessage());
}

SourcePosition PolicyParser::getPosition(SMLoc loc) const {
  if (!loc.isValid())
    return {1, 1};
  auto [line, column] = sourceMgr.getLineAndColumn(loc);
  return {line, column};
}

SMLoc PolicyParser::getStart(yaml::Node *node) const {
  SMLoc start = node->getSourceRange().Start;
  if (!isa<yaml::MappingNode, yaml::SequenceNode>(node) || !start.isValid())
    return start;
  StringRef before(buffer.getBufferStart(),
                   start.getPointer() - buffer.getBufferStart());
  before = before.rtrim(" \t\r\n");
  if (before.ends_with("{") || before.ends_with("["))
    return SMLoc::getFromPointer(before.end() - 1);
  return start;
}

SMLoc PolicyParser::getLocInScalar(yaml::Node *node, StringRef text,
                                   size_t offset) const {
  SMLoc start = getStart(node);
  auto *scalar = dyn_cast<yaml::ScalarNode>(node);
  if (!scalar || offset > text.size())
    return start;
  StringRef raw = scalar->getRawValue();
  if (raw == text)
    return SMLoc::getFromPointer(raw.data() + offset);
  if (raw.size() == text.size() + 2 && raw.substr(1, text.size()) == text)
    return SMLoc::getFromPointer(raw.data() + 1 + offset);
  return start;
}

//===----------------------------------------------------------------------===//
// First pass: syntax, one document, version
//===----------------------------------------------------------------------===//

LogicalResult PolicyParser::checkSyntaxAndHeader() {
  if (std::optional<size_t> deep =
          findDeepNesting(buffer.getBuffer(), kMaxNesting))
    return fail(
        SMLoc::getFromPointer(buffer.getBufferStart() + *deep),
        llvm::formatv("the policy nests deeper than {0} levels", kMaxNesting));
  yaml::Stream stream(buffer, sourceMgr);
  unsigned numDocuments = 0;
  SMLoc secondDocument;
  for (yaml::Document &document : stream) {
    yaml::Node *root = document.getRoot();
    if (++numDocuments == 2 && root)
      secondDocument = getStart(root);
    auto *map = dyn_cast_or_null<yaml::MappingNode>(root);
    if (numDocuments != 1 || !map)
      continue; // the second pass reports a root that is not a mapping
    bool haveVersion = false;
    for (yaml::KeyValueNode &entry : *map) {
      SmallString<16> storage;
      std::optional<StringRef> key = getScalarText(entry.getKey(), storage);
      if (!key || *key != "version" || haveVersion)
        continue; // the second pass reports repeated keys
      haveVersion = true;
      // Checked now, while the node exists; a syntax error still comes first.
      (void)checkVersion(entry.getValue(), getStart(entry.getKey()));
    }
    if (!haveVersion)
      (void)fail(map, llvm::formatv("the policy needs 'version: {0}'",
                                    kPolicyVersion));
  }
  if (stream.failed()) {
    error = syntaxError ? *syntaxError
                        : formatError(buffer.getBufferStart(), "invalid YAML");
    return failure();
  }
  if (numDocuments > 1) {
    error.reset();
    return fail(secondDocument, "a policy file holds one YAML document");
  }
  return failure(error.has_value());
}

LogicalResult PolicyParser::checkVersion(yaml::Node *value, SMLoc keyLoc) {
  if (!value || isa<yaml::NullNode, yaml::AliasNode>(value))
    return fail(keyLoc, "expected an integer for 'version'");
  int64_t version;
  if (failed(parseInteger(value, "version", version, /*nonNegative=*/false)))
    return failure();
  if (version != kPolicyVersion)
    return fail(value, llvm::formatv("unsupported policy version {0}; the "
                                     "supported version is {1}",
                                     version, kPolicyVersion));
  return success();
}

//===----------------------------------------------------------------------===//
// Second pass: the rules
//===----------------------------------------------------------------------===//

LogicalResult PolicyParser::forEachEntry(
    yaml::MappingNode *map, StringRef where, ArrayRef<StringLiteral> allowed,
    function_ref<LogicalResult(StringRef, yaml::Node *)> onEntry) {
  llvm::StringSet<> seen;
  for (yaml::KeyValueNode &entry : *map) {
    yaml::Node *keyNode = entry.getKey();
    SmallString<32> storage;
    auto *keyScalar = dyn_cast_or_null<yaml::ScalarNode>(keyNode);
    if (!keyScalar)
      return fail(keyNode ? keyNode : map, "expected a plain key in " + where);
    StringRef key = keyScalar->getValue(storage);
    if (!llvm::is_contained(allowed, key))
      return fail(keyNode,
                  "unknown key '" + key + "' in " + where +
                      "; expected one of: " + llvm::join(allowed, ", "));
    if (!seen.insert(key).second)
      return fail(keyNode, "key '" + key + "' is given twice in " + where);
    yaml::Node *value = entry.getValue();
    if (!value || isa<yaml::NullNode>(value))
      return fail(keyNode, "missing value for '" + key + "'" +
                               getCommentHint(keyScalar));
    if (isa<yaml::AliasNode>(value))
      return fail(keyNode, "YAML aliases are not supported (in '" + key + "')");
    if (failed(onEntry(key, value)))
      return failure();
  }
  return success();
}

/// `#compress...` written unquoted is a YAML comment, and the key has no
/// value: say so.
StringRef PolicyParser::getCommentHint(yaml::ScalarNode *key) const {
  const char *end = key->getRawValue().end();
  StringRef rest(end, buffer.getBufferEnd() - end);
  rest = rest.take_until([](char c) { return c == '\n'; });
  rest = rest.drop_until([](char c) { return c == ':'; }).drop_front();
  if (!rest.ltrim(" \t").starts_with("#compress"))
    return "";
  return " (a '#' after a space starts a YAML comment: quote the #compress "
         "attribute)";
}

LogicalResult PolicyParser::parseTopLevel(yaml::Node *root, Policy &policy) {
  if (!root || isa<yaml::NullNode>(root))
    return fail(SMLoc::getFromPointer(buffer.getBufferStart()),
                llvm::formatv("empty policy; expected 'version: {0}' and "
                              "'rules'",
                              kPolicyVersion));
  auto *map = dyn_cast<yaml::MappingNode>(root);
  if (!map)
    return fail(root, "expected a mapping with 'version' and 'rules' at the "
                      "top level");
  bool haveRules = false;
  if (failed(forEachEntry(map, "the policy", kPolicyKeys,
                          [&](StringRef key, yaml::Node *value) {
                            if (key == "version")
                              return success(); // the first pass checked it
                            haveRules = true;
                            return parseRules(value, policy.rules);
                          })))
    return failure();
  if (!haveRules)
    return fail(map, "the policy needs 'rules'");
  return success();
}

LogicalResult PolicyParser::parseRules(yaml::Node *node,
                                       SmallVectorImpl<Rule> &rules) {
  auto *sequence = dyn_cast<yaml::SequenceNode>(node);
  if (!sequence)
    return fail(node, "expected a sequence of rules for 'rules'");
  for (yaml::Node &item : *sequence) {
    if (isa<yaml::AliasNode>(item))
      return fail(sequence, "YAML aliases are not supported (in 'rules')");
    if (failed(parseRule(&item, rules.emplace_back())))
      return failure();
  }
  return success();
}

LogicalResult PolicyParser::parseRule(yaml::Node *node, Rule &rule) {
  auto *map = dyn_cast<yaml::MappingNode>(node);
  if (!map)
    return fail(node, "expected a mapping with 'match' and 'encoding' for a "
                      "rule");
  rule.position = getPosition(getStart(node));
  bool haveMatch = false, haveEncoding = false;
  if (failed(forEachEntry(map, "a rule", kRuleKeys,
                          [&](StringRef key, yaml::Node *value) {
                            if (key == "match") {
                              haveMatch = true;
                              return parseMatch(value, rule.match);
                            }
                            if (key == "activations")
                              return parseActivations(value, rule);
                            if (key == "method")
                              return parseMethod(value, rule);
                            haveEncoding = true;
                            return parseEncoding(value, rule);
                          })))
    return failure();
  if (!haveMatch)
    return fail(node, "a rule needs 'match'");
  if (!haveEncoding)
    return fail(node, "a rule needs 'encoding'");
  return success();
}

LogicalResult PolicyParser::parseMatch(yaml::Node *node, Selector &selector) {
  SmallString<64> storage;
  if (std::optional<StringRef> glob = getScalarText(node, storage))
    return parseGlob(node, *glob, selector);
  auto *map = dyn_cast<yaml::MappingNode>(node);
  if (!map)
    return fail(node, "expected a name glob or a mapping of selectors for "
                      "'match'");
  return forEachEntry(map, "'match'", kSelectorKeys,
                      [&](StringRef key, yaml::Node *value) {
                        return parseSelector(key, value, selector);
                      });
}

LogicalResult PolicyParser::parseSelector(StringRef key, yaml::Node *value,
                                          Selector &selector) {
  SmallString<64> storage;
  std::optional<StringRef> text = getScalarText(value, storage);
  if (key == "name") {
    if (!text)
      return fail(value, "expected a glob for 'name'");
    return parseGlob(value, *text, selector);
  }
  if (key == "op") {
    if (!text)
      return fail(value, "expected matmul, conv or gather for 'op'");
    selector.op = symbolizeConsumerKind(*text);
    if (!selector.op)
      return fail(value, "unknown op '" + *text +
                             "'; expected matmul, conv or gather");
    return success();
  }
  if (key == "shape")
    return parseShape(value, selector);
  if (key == "min_elements") {
    int64_t minElements;
    if (failed(parseInteger(value, key, minElements, /*nonNegative=*/true)))
      return failure();
    selector.minElements = minElements;
    return success();
  }
  return parseLayers(value, selector);
}

LogicalResult PolicyParser::parseGlob(yaml::Node *node, StringRef text,
                                      Selector &selector) {
  llvm::Expected<llvm::GlobPattern> glob =
      llvm::GlobPattern::create(text, kMaxGlobSubPatterns);
  if (!glob)
    return fail(node, "invalid glob '" + text +
                          "': " + llvm::toString(glob.takeError()));
  selector.name = text.str();
  return success();
}

LogicalResult PolicyParser::parseShape(yaml::Node *node, Selector &selector) {
  auto *sequence = dyn_cast<yaml::SequenceNode>(node);
  if (!sequence)
    return fail(node, "expected a list of integers for 'shape'");
  SmallVector<int64_t> shape;
  for (yaml::Node &item : *sequence)
    if (failed(parseInteger(&item, "shape", shape.emplace_back(),
                            /*nonNegative=*/true)))
      return failure();
  selector.shape = std::move(shape);
  return success();
}

LogicalResult PolicyParser::parseLayers(yaml::Node *node, Selector &selector) {
  auto *sequence = dyn_cast<yaml::SequenceNode>(node);
  if (!sequence)
    return parseLayerItem(node, selector);
  for (yaml::Node &item : *sequence)
    if (failed(parseLayerItem(&item, selector)))
      return failure();
  if (selector.layers.empty())
    return fail(node, "'layers' is empty; expected a layer index, a range "
                      "'a-b' or a list of them");
  return success();
}

LogicalResult PolicyParser::parseLayerItem(yaml::Node *node,
                                           Selector &selector) {
  SmallString<16> storage;
  std::optional<StringRef> text = getScalarText(node, storage);
  if (!text)
    return fail(node, "expected a layer index or a range 'a-b' for 'layers'");
  SMLoc loc = getStart(node);
  if (isDecimal(*text)) {
    int64_t index;
    if (failed(parseInteger(*text, loc, "layers", index, true)))
      return failure();
    selector.layers.push_back({index, index});
    return success();
  }
  auto [first, last] = text->split('-');
  first = first.trim();
  last = last.trim();
  if (first.empty() || last.empty() || !llvm::all_of(first, llvm::isDigit) ||
      !llvm::all_of(last, llvm::isDigit))
    return fail(node, "expected a layer index or a range 'a-b' for 'layers', "
                      "got '" +
                          *text + "'");
  int64_t from, to;
  if (failed(parseInteger(first, loc, "layers", from, true)) ||
      failed(parseInteger(last, loc, "layers", to, true)))
    return failure();
  if (from > to)
    return fail(node,
                "empty layer range '" + *text + "'; expected a-b with a <= b");
  selector.layers.push_back({from, to});
  return success();
}

LogicalResult PolicyParser::parseActivations(yaml::Node *node, Rule &rule) {
  SmallString<32> storage;
  std::optional<StringRef> text = getScalarText(node, storage);
  rule.activationsPosition = getPosition(getStart(node));
  StringRef value = text ? text->trim() : StringRef();
  if (value == "f32") {
    rule.activationBlock = 0;
    return success();
  }
  if (value == "int8") {
    rule.activationBlock = 128;
    return success();
  }
  int64_t block = 0;
  if (value.consume_front("int8-b") && !value.getAsInteger(10, block) &&
      block > 0) {
    rule.activationBlock = block;
    return success();
  }
  return fail(node, "expected f32, int8 or int8-b<block> for 'activations'" +
                        (text ? ", got '" + text->str() + "'" : std::string()));
}

LogicalResult PolicyParser::parseMethod(yaml::Node *node, Rule &rule) {
  SmallString<32> storage;
  std::optional<StringRef> text = getScalarText(node, storage);
  rule.methodPosition = getPosition(getStart(node));
  std::string known = llvm::join(ArrayRef(kMethodNames), ", ");
  if (!text || text->trim().empty())
    return fail(node, "expected one or more of " + known +
                          ", joined by '+', for 'method'");
  SmallVector<StringRef> names;
  text->trim().split(names, '+');
  for (StringRef name : names) {
    name = name.trim();
    if (!llvm::is_contained(kMethodNames, name))
      return fail(node, "unknown method '" + name + "'; expected " + known);
    if (llvm::is_contained(rule.methods, name))
      return fail(node, "method '" + name + "' is given twice");
    rule.methods.push_back(name.str());
  }
  return success();
}

LogicalResult PolicyParser::parseEncoding(yaml::Node *node, Rule &rule) {
  SmallString<64> storage;
  std::optional<StringRef> text = getScalarText(node, storage);
  if (!text)
    return fail(node, "expected a preset or a #compress attribute for "
                      "'encoding'");
  rule.encodingPosition = getPosition(getStart(node));
  // A block scalar (`|`) keeps its final newline.
  StringRef trimmed = text->trim();
  size_t leading = text->size() - text->ltrim().size();
  size_t errorOffset = 0;
  llvm::Expected<EncodingChoice> choice =
      internal::parseEncodingChoice(trimmed, context, errorOffset);
  if (!choice)
    return fail(getLocInScalar(node, *text, leading + errorOffset),
                llvm::toString(choice.takeError()));
  rule.encoding = std::move(*choice);
  return success();
}

LogicalResult PolicyParser::parseInteger(yaml::Node *node, StringRef key,
                                         int64_t &value, bool nonNegative) {
  SmallString<16> storage;
  std::optional<StringRef> text = getScalarText(node, storage);
  if (!text)
    return fail(node, "expected an integer for '" + key + "'");
  return parseInteger(*text, getStart(node), key, value, nonNegative);
}

LogicalResult PolicyParser::parseInteger(StringRef text, SMLoc loc,
                                         StringRef key, int64_t &value,
                                         bool nonNegative) {
  if (!isDecimal(text))
    return fail(loc,
                "expected an integer for '" + key + "', got '" + text + "'");
  if (text.getAsInteger(10, value))
    return fail(loc, "integer " + text + " for '" + key + "' is out of range");
  if (nonNegative && value < 0)
    return fail(loc, "value " + text + " for '" + key +
                         "' is negative; expected 0 or more");
  return success();
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

llvm::Expected<Policy> policy::parsePolicy(StringRef text, StringRef path,
                                           MLIRContext *context) {
  return PolicyParser(llvm::MemoryBufferRef(text, path), context).parse();
}

llvm::Expected<Policy> policy::parsePolicyFile(StringRef path,
                                               MLIRContext *context) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (std::error_code ec = file.getError())
    return llvm::createStringError(ec, "cannot read policy file '" + path +
                                           "': " + ec.message());
  return parsePolicy((*file)->getBuffer(), path, context);
}
