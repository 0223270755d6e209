//===- PolicyTest.cpp - Policy files: structure, selectors, errors --------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The YAML reader (every key, every error with its exact "path:line:column"),
// the selectors and the first-match rule. Positions are 1-based; a column
// counts bytes from the start of the line.
//
//===----------------------------------------------------------------------===//

#include "lib/Policy/Policy.h"
#include "test/unit/Encoding/EncodingTestSupport.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::policy;
using mlir::compress::testing::errorOf;
using mlir::compress::testing::valueOf;

namespace {

using Ranges = std::vector<std::pair<int64_t, int64_t>>;

class PolicyTest : public ::testing::Test {
protected:
  llvm::Expected<Policy> parse(StringRef text) {
    return parsePolicy(text, "p.yaml", &context);
  }
  Policy policyOf(StringRef text) { return valueOf(parse(text)); }
  /// The selector of the only rule of a policy with `match: <match>`.
  Selector selectorOf(StringRef match) {
    Policy policy = policyOf(
        ("version: 1\nrules:\n  - match: " + match + "\n    encoding: int8\n")
            .str());
    EXPECT_EQ(policy.rules.size(), 1u);
    return policy.rules.empty() ? Selector() : policy.rules[0].match;
  }
  /// The error of a policy whose only rule is `rule` (at line 3, column 5).
  std::string ruleError(StringRef rule) {
    return errorOf(parse(("version: 1\nrules:\n  - " + rule + "\n").str()));
  }

  MLIRContext context;
};

WeightInfo weight(StringRef name, ConsumerKind op = ConsumerKind::Matmul,
                  std::vector<int64_t> shape = {4096, 4096}) {
  WeightInfo info;
  info.name = name.str();
  info.op = op;
  info.shape.assign(shape.begin(), shape.end());
  info.reductionAxis = shape.size() > 1 ? 1 : 0;
  return info;
}

Ranges rangesOf(const Selector &selector) {
  return Ranges(selector.layers.begin(), selector.layers.end());
}

// The example of the issue and of docs/policy.md's first section.
constexpr const char *kIssueExample = R"(version: 1
rules:                          # first matching rule wins
  - match: "layers.0.*"         # a glob on weight names
    encoding: int8
  - match: {name: "layers.*.attention.*", op: matmul}
    encoding: int4-g128
  - match: {op: conv, min_elements: 4096}
    encoding: int8-channel
  - match: "*"
    encoding: none
)";

//===----------------------------------------------------------------------===//
// The model
//===----------------------------------------------------------------------===//

TEST_F(PolicyTest, IssueExample) {
  Policy policy = policyOf(kIssueExample);
  EXPECT_EQ(policy.path, "p.yaml");
  ASSERT_EQ(policy.rules.size(), 4u);

  const Rule &first = policy.rules[0];
  EXPECT_EQ(first.match.name, std::optional<std::string>("layers.0.*"));
  EXPECT_FALSE(first.match.op);
  EXPECT_FALSE(first.match.shape);
  EXPECT_FALSE(first.match.minElements);
  EXPECT_TRUE(first.match.layers.empty());
  EXPECT_EQ(first.encoding.kind, EncodingChoice::Kind::Preset);
  EXPECT_EQ(first.encoding.text, "int8");
  EXPECT_EQ(first.position.line, 3u);
  EXPECT_EQ(first.position.column, 5u);
  EXPECT_EQ(first.encodingPosition.line, 4u);
  EXPECT_EQ(first.encodingPosition.column, 15u);

  const Rule &second = policy.rules[1];
  EXPECT_EQ(second.match.name,
            std::optional<std::string>("layers.*.attention.*"));
  EXPECT_EQ(second.match.op, ConsumerKind::Matmul);
  EXPECT_EQ(second.encoding.text, "int4-g128");
  EXPECT_EQ(second.encoding.parts[0].groupSize, 128);
  EXPECT_EQ(second.position.line, 5u);

  const Rule &third = policy.rules[2];
  EXPECT_FALSE(third.match.name);
  EXPECT_EQ(third.match.op, ConsumerKind::Conv);
  EXPECT_EQ(third.match.minElements, 4096);
  EXPECT_EQ(third.encoding.parts[0].granularity, EncodingChoice::Granularity::Channel);

  const Rule &fourth = policy.rules[3];
  EXPECT_EQ(fourth.match.name, std::optional<std::string>("*"));
  EXPECT_EQ(fourth.encoding.kind, EncodingChoice::Kind::None);
  EXPECT_EQ(fourth.position.line, 9u);
  EXPECT_EQ(fourth.encodingPosition.line, 10u);
}

TEST_F(PolicyTest, FirstMatchWins) {
  Policy policy = policyOf(kIssueExample);
  auto ruleFor = [&](const WeightInfo &info) -> int {
    const Rule *rule = policy.lookup(info);
    return rule ? rule - policy.rules.begin() : -1;
  };
  // Rules 0 and 1 both match; the first wins.
  EXPECT_EQ(ruleFor(weight("layers.0.attention.wq")), 0);
  EXPECT_EQ(ruleFor(weight("layers.3.attention.wq")), 1);
  // Rule 1 wants a matmul.
  EXPECT_EQ(ruleFor(weight("layers.3.attention.wq", ConsumerKind::Gather)), 3);
  EXPECT_EQ(ruleFor(weight("conv1", ConsumerKind::Conv, {64, 64, 3, 3})), 2);
  EXPECT_EQ(ruleFor(weight("conv1", ConsumerKind::Conv, {8, 8, 3, 3})), 3);
  EXPECT_EQ(ruleFor(weight("embed", ConsumerKind::Gather, {32000, 4096})), 3);
}

TEST_F(PolicyTest, LookupWithoutMatch) {
  Policy policy = policyOf("version: 1\nrules:\n"
                           "  - {match: 'a.*', encoding: int8}\n");
  EXPECT_EQ(policy.lookup(weight("b.w")), nullptr);
  EXPECT_EQ(policy.lookup(weight("a.w")), &policy.rules[0]);
  EXPECT_EQ(policyOf("version: 1\nrules: []\n").lookup(weight("a")), nullptr);
}

TEST_F(PolicyTest, SelectorNameGlob) {
  Selector selector = selectorOf("'layers.*.w?'");
  EXPECT_TRUE(selector.matches(weight("layers.0.wq")));
  EXPECT_TRUE(selector.matches(weight("layers.10.sub.wk"))); // '*' spans dots
  EXPECT_FALSE(selector.matches(weight("layers.0.wqk")));
  EXPECT_FALSE(selector.matches(weight("model.layers.0.wq"))); // anchored

  selector = selectorOf("'layers.[0-2].{wq,wk}'");
  EXPECT_TRUE(selector.matches(weight("layers.2.wk")));
  EXPECT_FALSE(selector.matches(weight("layers.3.wk")));
  EXPECT_FALSE(selector.matches(weight("layers.2.wv")));

  selector = selectorOf("'a\\*'"); // an escaped '*' is literal
  EXPECT_TRUE(selector.matches(weight("a*")));
  EXPECT_FALSE(selector.matches(weight("ab")));

  // A plain string is the same as {name: glob}.
  EXPECT_EQ(selectorOf("{name: 'x.*'}").name,
            std::optional<std::string>("x.*"));
}

TEST_F(PolicyTest, SelectorOp) {
  for (auto [text, kind] : {std::pair{"matmul", ConsumerKind::Matmul},
                            {"conv", ConsumerKind::Conv},
                            {"gather", ConsumerKind::Gather}}) {
    Selector selector = selectorOf(std::string("{op: ") + text + "}");
    EXPECT_EQ(selector.op, kind);
    EXPECT_TRUE(selector.matches(weight("w", kind)));
    EXPECT_EQ(stringifyConsumerKind(kind), text);
    EXPECT_EQ(symbolizeConsumerKind(text), kind);
  }
  EXPECT_FALSE(selectorOf("{op: conv}").matches(weight("w")));
  EXPECT_EQ(symbolizeConsumerKind("linear"), std::nullopt);
}

TEST_F(PolicyTest, SelectorShape) {
  Selector selector = selectorOf("{shape: [4096, 11008]}");
  EXPECT_EQ(*selector.shape, (SmallVector<int64_t>{4096, 11008}));
  EXPECT_TRUE(
      selector.matches(weight("w", ConsumerKind::Matmul, {4096, 11008})));
  EXPECT_FALSE(
      selector.matches(weight("w", ConsumerKind::Matmul, {11008, 4096})));
  EXPECT_FALSE(
      selector.matches(weight("w", ConsumerKind::Matmul, {1, 4096, 11008})));
  // A block list works too.
  EXPECT_EQ(*selectorOf("\n      shape:\n        - 3\n        - 4").shape,
            (SmallVector<int64_t>{3, 4}));
}

TEST_F(PolicyTest, SelectorMinElements) {
  Selector selector = selectorOf("{min_elements: 4096}");
  EXPECT_EQ(selector.minElements, 4096);
  EXPECT_TRUE(selector.matches(weight("w", ConsumerKind::Matmul, {64, 64})));
  EXPECT_FALSE(selector.matches(weight("w", ConsumerKind::Matmul, {64, 63})));
  // Products beyond int64_t saturate instead of wrapping.
  EXPECT_TRUE(selector.matches(
      weight("w", ConsumerKind::Matmul, {1LL << 40, 1LL << 40})));
  EXPECT_TRUE(selectorOf("{min_elements: 0}")
                  .matches(weight("w", ConsumerKind::Matmul, {0})));
}

TEST_F(PolicyTest, SelectorLayers) {
  EXPECT_EQ(rangesOf(selectorOf("{layers: 5}")), (Ranges{{5, 5}}));
  EXPECT_EQ(rangesOf(selectorOf("{layers: 0-3}")), (Ranges{{0, 3}}));
  EXPECT_EQ(rangesOf(selectorOf("{layers: '2-2'}")), (Ranges{{2, 2}}));
  EXPECT_EQ(rangesOf(selectorOf("{layers: [0, 4-6, '9', ' 12 - 13 ']}")),
            (Ranges{{0, 0}, {4, 6}, {9, 9}, {12, 13}}));

  Selector selector = selectorOf("{layers: [0, 4-6]}");
  EXPECT_TRUE(selector.matches(weight("layers.0.wq")));
  EXPECT_TRUE(selector.matches(weight("layers.4.wq")));
  EXPECT_TRUE(selector.matches(weight("model.layers.6.mlp.w1")));
  EXPECT_FALSE(selector.matches(weight("layers.3.wq")));
  EXPECT_FALSE(selector.matches(weight("layers.7.wq")));
  // A name without a layer index is in no layer.
  EXPECT_FALSE(selector.matches(weight("embed_tokens")));
}

TEST_F(PolicyTest, SelectorsCombine) {
  Selector selector =
      selectorOf("{name: '*.w*', op: matmul, shape: [8, 8], min_elements: 64, "
                 "layers: 1-2}");
  WeightInfo info = weight("layers.1.wq", ConsumerKind::Matmul, {8, 8});
  EXPECT_TRUE(selector.matches(info));
  for (auto mutate : std::vector<std::function<void(WeightInfo &)>>{
           [](WeightInfo &w) { w.name = "layers.1.bq"; },
           [](WeightInfo &w) { w.op = ConsumerKind::Conv; },
           [](WeightInfo &w) {
             w.shape = {8, 4};
           },
           [](WeightInfo &w) { w.name = "layers.3.wq"; }}) {
    WeightInfo changed = info;
    mutate(changed);
    EXPECT_FALSE(selector.matches(changed)) << changed.name;
  }
  // No selector: everything matches.
  EXPECT_TRUE(selectorOf("{}").matches(info));
  EXPECT_TRUE(Selector().matches(info));
}

TEST_F(PolicyTest, LayerIndex) {
  EXPECT_EQ(getLayerIndex("layers.12.attention.wq"), 12);
  EXPECT_EQ(getLayerIndex("model.layers.3.mlp.0.w"), 3);
  EXPECT_EQ(getLayerIndex("h.007.attn"), 7);
  EXPECT_EQ(getLayerIndex("0"), 0);
  EXPECT_EQ(getLayerIndex("a..5"), 5);
  EXPECT_EQ(getLayerIndex("layer1.2"), 2);
  EXPECT_EQ(getLayerIndex("layers.1a.w"), std::nullopt);
  EXPECT_EQ(getLayerIndex("layers.-1.w"), std::nullopt);
  EXPECT_EQ(getLayerIndex("layer12.w"), std::nullopt);
  EXPECT_EQ(getLayerIndex("embed"), std::nullopt);
  EXPECT_EQ(getLayerIndex(""), std::nullopt);
  EXPECT_EQ(getLayerIndex("layers.99999999999999999999.w"), std::nullopt);
}

TEST_F(PolicyTest, EncodingPositionsAndForms) {
  Policy policy = policyOf(R"(version: 1
rules:
  - encoding: "#compress.uniform<bits = 4, block = [1, 32], scale = f16>"
    match: {shape: [32, 32]}
  - match: w
    encoding: >-
      #compress.uniform<bits = 8,
      per_axis = 0, scale = f32>
  -
    match: v
    encoding: int4-tensor
  - match: u
    encoding: |
      int4-g32
)");
  ASSERT_EQ(policy.rules.size(), 4u);
  EXPECT_EQ(policy.rules[0].encoding.kind, EncodingChoice::Kind::Attribute);
  EXPECT_EQ(policy.rules[0].encodingPosition.line, 3u);
  EXPECT_EQ(policy.rules[0].encodingPosition.column, 15u);
  EXPECT_TRUE(isa<UniformAttr>(policy.rules[0].encoding.attribute));
  EXPECT_EQ(policy.rules[1].encoding.text,
            "#compress.uniform<bits = 8, per_axis = 0, scale = f32>");
  EXPECT_TRUE(isa<UniformAttr>(policy.rules[1].encoding.attribute));
  // A block mapping starts at its first key.
  EXPECT_EQ(policy.rules[2].position.line, 10u);
  EXPECT_EQ(policy.rules[2].position.column, 5u);
  EXPECT_EQ(policy.formatPosition(policy.rules[2].position), "p.yaml:10:5");
  // Surrounding whitespace (the newline a `|` block keeps) is not part of it.
  EXPECT_EQ(policy.rules[3].encoding.text, "int4-g32");
}

TEST_F(PolicyTest, Files) {
  llvm::SmallString<128> path;
  int fd;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("policy", "yaml", fd, path));
  llvm::FileRemover remover(path);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << "version: 1\nrules:\n  - {match: '*', encoding: int4-g64}\n";
  }
  Policy policy = valueOf(parsePolicyFile(path, &context));
  EXPECT_EQ(policy.path, path.str());
  ASSERT_EQ(policy.rules.size(), 1u);
  EXPECT_EQ(policy.rules[0].encoding.parts[0].groupSize, 64);
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    os << "version: 3\n";
  }
  EXPECT_EQ(errorOf(parsePolicyFile(path, &context)),
            path.str().str() +
                ":1:10: unsupported policy version 3; the supported version "
                "is 1");
  EXPECT_EQ(errorOf(parsePolicyFile("/nonexistent/p.yaml", &context)),
            "cannot read policy file '/nonexistent/p.yaml': No such file or "
            "directory");
}

//===----------------------------------------------------------------------===//
// Errors of the file structure
//===----------------------------------------------------------------------===//

TEST_F(PolicyTest, ErrorsAtTheTop) {
  EXPECT_EQ(errorOf(parse("")),
            "p.yaml:1:1: empty policy; expected 'version: 1' and 'rules'");
  EXPECT_EQ(errorOf(parse("# nothing\n")),
            "p.yaml:1:1: empty policy; expected 'version: 1' and 'rules'");
  EXPECT_EQ(errorOf(parse("int8\n")),
            "p.yaml:1:1: expected a mapping with 'version' and 'rules' at the "
            "top level");
  EXPECT_EQ(errorOf(parse("- version: 1\n")),
            "p.yaml:1:1: expected a mapping with 'version' and 'rules' at the "
            "top level");
  EXPECT_EQ(errorOf(parse("version: 1\nrules: []\n---\nversion: 1\n")),
            "p.yaml:4:1: a policy file holds one YAML document");
  EXPECT_EQ(errorOf(parse("version: 1\nrule: []\n")),
            "p.yaml:2:1: unknown key 'rule' in the policy; expected one of: "
            "version, rules");
  EXPECT_EQ(errorOf(parse("version: 1\nrules: []\nrules: []\n")),
            "p.yaml:3:1: key 'rules' is given twice in the policy");
  EXPECT_EQ(errorOf(parse("version: 1\n? [rules]\n: []\n")),
            "p.yaml:2:3: expected a plain key in the policy");
  EXPECT_EQ(errorOf(parse("version: 1\n")),
            "p.yaml:1:1: the policy needs 'rules'");
  EXPECT_EQ(errorOf(parse("version: 1\nrules:\n")),
            "p.yaml:2:1: missing value for 'rules'");
  EXPECT_EQ(errorOf(parse("version: 1\nrules: int8\n")),
            "p.yaml:2:8: expected a sequence of rules for 'rules'");
  EXPECT_EQ(errorOf(parse("version: 1\nrules: {match: a}\n")),
            "p.yaml:2:8: expected a sequence of rules for 'rules'");
}

TEST_F(PolicyTest, ErrorsInTheVersion) {
  EXPECT_EQ(errorOf(parse("rules: []\n")),
            "p.yaml:1:1: the policy needs 'version: 1'");
  EXPECT_EQ(errorOf(parse("version: 2\nrules: []\n")),
            "p.yaml:1:10: unsupported policy version 2; the supported version "
            "is 1");
  EXPECT_EQ(errorOf(parse("version: 0\n")),
            "p.yaml:1:10: unsupported policy version 0; the supported version "
            "is 1");
  // The version is checked first, wherever it is.
  EXPECT_EQ(
      errorOf(parse("rules: [{match: a, encoding: int99}]\nversion: 2\n")),
      "p.yaml:2:10: unsupported policy version 2; the supported version "
      "is 1");
  EXPECT_EQ(errorOf(parse("version: one\n")),
            "p.yaml:1:10: expected an integer for 'version', got 'one'");
  EXPECT_EQ(errorOf(parse("version: 1.0\n")),
            "p.yaml:1:10: expected an integer for 'version', got '1.0'");
  EXPECT_EQ(errorOf(parse("version: [1]\n")),
            "p.yaml:1:10: expected an integer for 'version'");
  EXPECT_EQ(errorOf(parse("version:\nrules: []\n")),
            "p.yaml:1:1: expected an integer for 'version'");
  EXPECT_EQ(errorOf(parse("version: 99999999999999999999\n")),
            "p.yaml:1:10: integer 99999999999999999999 for 'version' is out of "
            "range");
  // A quoted number is read like a plain one.
  EXPECT_EQ(policyOf("version: '1'\nrules: []\n").rules.size(), 0u);
}

TEST_F(PolicyTest, ErrorsInARule) {
  EXPECT_EQ(ruleError("int8"),
            "p.yaml:3:5: expected a mapping with 'match' and 'encoding' for a "
            "rule");
  EXPECT_EQ(ruleError("{match: a, encodng: int8}"),
            "p.yaml:3:16: unknown key 'encodng' in a rule; expected one of: "
            "match, encoding, activations, method");
  EXPECT_EQ(ruleError("{match: a, encoding: int8, activations: int4}"),
            "p.yaml:3:45: expected f32, int8 or int8-b<block> for "
            "'activations', got 'int4'");
  EXPECT_EQ(ruleError("{match: a, match: b, encoding: int8}"),
            "p.yaml:3:16: key 'match' is given twice in a rule");
  EXPECT_EQ(ruleError("{encoding: int8}"), "p.yaml:3:5: a rule needs 'match'");
  EXPECT_EQ(ruleError("match: a"), "p.yaml:3:5: a rule needs 'encoding'");
  EXPECT_EQ(ruleError("match: a\n    encoding:"),
            "p.yaml:4:5: missing value for 'encoding'");
  EXPECT_EQ(ruleError("match: a\n    encoding: #compress.uniform<bits = 8>"),
            "p.yaml:4:5: missing value for 'encoding' (a '#' after a space "
            "starts a YAML comment: quote the #compress attribute)");
  EXPECT_EQ(ruleError("{match: a, encoding: [int8]}"),
            "p.yaml:3:26: expected a preset or a #compress attribute for "
            "'encoding'");
  EXPECT_EQ(ruleError("{match: [a], encoding: int8}"),
            "p.yaml:3:13: expected a name glob or a mapping of selectors for "
            "'match'");
  EXPECT_EQ(errorOf(parse("version: 1\nrules:\n  - &r {match: a, encoding: "
                          "int8}\n  - *r\n")),
            "p.yaml:3:3: YAML aliases are not supported (in 'rules')");
  EXPECT_EQ(ruleError("{match: &g a, encoding: *g}"),
            "p.yaml:3:19: YAML aliases are not supported (in 'encoding')");
}

TEST_F(PolicyTest, ErrorsInSelectors) {
  EXPECT_EQ(ruleError("{match: {layer: 1}, encoding: int8}"),
            "p.yaml:3:14: unknown key 'layer' in 'match'; expected one of: "
            "name, op, shape, min_elements, layers");
  EXPECT_EQ(ruleError("{match: {op: conv, op: matmul}, encoding: int8}"),
            "p.yaml:3:24: key 'op' is given twice in 'match'");
  EXPECT_EQ(ruleError("{match: {name: [a]}, encoding: int8}"),
            "p.yaml:3:20: expected a glob for 'name'");
  EXPECT_EQ(ruleError("{match: 'layers.[0-', encoding: int8}"),
            "p.yaml:3:13: invalid glob 'layers.[0-': invalid glob pattern, "
            "unmatched '['");
  EXPECT_EQ(ruleError("{match: {name: 'a{b}'}, encoding: int8}"),
            "p.yaml:3:20: invalid glob 'a{b}': empty or singleton brace "
            "expansions are not supported");
  EXPECT_EQ(ruleError("{match: {op: linear}, encoding: int8}"),
            "p.yaml:3:18: unknown op 'linear'; expected matmul, conv or "
            "gather");
  EXPECT_EQ(ruleError("{match: {op: [conv]}, encoding: int8}"),
            "p.yaml:3:18: expected matmul, conv or gather for 'op'");
  EXPECT_EQ(ruleError("{match: {shape: 4096}, encoding: int8}"),
            "p.yaml:3:21: expected a list of integers for 'shape'");
  EXPECT_EQ(ruleError("{match: {shape: [4096, n]}, encoding: int8}"),
            "p.yaml:3:28: expected an integer for 'shape', got 'n'");
  EXPECT_EQ(ruleError("{match: {shape: [[1]]}, encoding: int8}"),
            "p.yaml:3:22: expected an integer for 'shape'");
  EXPECT_EQ(ruleError("{match: {shape: [-1, 2]}, encoding: int8}"),
            "p.yaml:3:22: value -1 for 'shape' is negative; expected 0 or "
            "more");
  EXPECT_EQ(ruleError("{match: {min_elements: -5}, encoding: int8}"),
            "p.yaml:3:28: value -5 for 'min_elements' is negative; expected "
            "0 or more");
  EXPECT_EQ(ruleError("{match: {min_elements: 4k}, encoding: int8}"),
            "p.yaml:3:28: expected an integer for 'min_elements', got '4k'");
  EXPECT_EQ(ruleError("{match: {min_elements: 9223372036854775808}, "
                      "encoding: int8}"),
            "p.yaml:3:28: integer 9223372036854775808 for 'min_elements' is "
            "out of range");
}

TEST_F(PolicyTest, ErrorsInLayers) {
  EXPECT_EQ(ruleError("{match: {layers: []}, encoding: int8}"),
            "p.yaml:3:22: 'layers' is empty; expected a layer index, a range "
            "'a-b' or a list of them");
  EXPECT_EQ(ruleError("{match: {layers: 5-3}, encoding: int8}"),
            "p.yaml:3:22: empty layer range '5-3'; expected a-b with a <= b");
  EXPECT_EQ(ruleError("{match: {layers: [1, x]}, encoding: int8}"),
            "p.yaml:3:26: expected a layer index or a range 'a-b' for "
            "'layers', got 'x'");
  EXPECT_EQ(ruleError("{match: {layers: 1-2-3}, encoding: int8}"),
            "p.yaml:3:22: expected a layer index or a range 'a-b' for "
            "'layers', got '1-2-3'");
  EXPECT_EQ(ruleError("{match: {layers: -2}, encoding: int8}"),
            "p.yaml:3:22: value -2 for 'layers' is negative; expected 0 or "
            "more");
  EXPECT_EQ(ruleError("{match: {layers: [[1]]}, encoding: int8}"),
            "p.yaml:3:23: expected a layer index or a range 'a-b' for "
            "'layers'");
  EXPECT_EQ(ruleError("{match: {layers: 0-99999999999999999999}, "
                      "encoding: int8}"),
            "p.yaml:3:22: integer 99999999999999999999 for 'layers' is out of "
            "range");
}

TEST_F(PolicyTest, ErrorsInEncodingsPointIntoTheValue) {
  // Line 4 is "    encoding: <value>": the value starts at column 15.
  auto encodingError = [&](StringRef value) {
    return ruleError(("match: a\n    encoding: " + value).str());
  };
  EXPECT_EQ(encodingError("int9-g128"),
            "p.yaml:4:18: bits 9 is out of range; expected 2 to 8");
  EXPECT_EQ(encodingError("\"int4-g0\""),
            "p.yaml:4:22: group size 0 is not positive");
  EXPECT_EQ(encodingError("'int4-g128-f64'"),
            "p.yaml:4:26: unexpected 'f64' in preset 'int4-g128-f64'; "
            "expected asym, f16, bf16 or f32");
  EXPECT_EQ(encodingError("fp8"),
            "p.yaml:4:15: unknown preset 'fp8'; expected none, int8, "
            "int<b>-(g<G>|channel|tensor)[-asym][-(f16|bf16|f32)], "
            "lut<b>-(channel|g<G>), nf4-g<G>, fp8-e4m3, fp8-e5m2, mxfp4, "
            "nvfp4, <N>:<M>, block<R>x<C>-<keep>%, sparse-<keep>%, "
            "lowrank-<r>, outliers-<p>% (joined by '+') or a #compress "
            "attribute");
  EXPECT_EQ(encodingError("int4-g128+2:4"),
            "p.yaml:4:25: sparsity '2:4' must come first in 'int4-g128+2:4' "
            "(sparsity, then a quantizer of the kept values, then lowrank or "
            "outliers terms)");
  EXPECT_EQ(encodingError("' int4-g8-x'"),
            "p.yaml:4:25: unexpected 'x' in preset 'int4-g8-x'; expected "
            "asym, f16, bf16 or f32");
  EXPECT_EQ(encodingError("''"),
            "p.yaml:4:16: empty encoding; expected none, a preset such as "
            "int8 or int4-g128, or a #compress attribute");
  // MLIR's message, at the column MLIR gives inside the attribute.
  EXPECT_EQ(encodingError("'#compress.uniform<bits = 4, scale = f16, "
                          "foo = 1>'"),
            "p.yaml:4:57: unknown field 'foo' in #compress.uniform; expected "
            "one of: bits, signed, unsigned, per_tensor, per_axis, block, "
            "scale, zero_point, min");
  EXPECT_EQ(encodingError("'#compress.uniform<bits = 4>'"),
            "p.yaml:4:33: #compress.uniform needs 'scale'");
  // With escapes the text is not the source: the error is at the value.
  EXPECT_EQ(encodingError("\"\\x23compress.uniform<bits = 4>\""),
            "p.yaml:4:15: #compress.uniform needs 'scale'");
  context.loadDialect<arith::ArithDialect>();
  EXPECT_EQ(encodingError("'#arith.fastmath<fast>'"),
            "p.yaml:4:16: expected a #compress encoding, got "
            "#arith.fastmath<fast>");
}

TEST_F(PolicyTest, YamlSyntaxErrors) {
  EXPECT_EQ(errorOf(parse("version: 1\nrules:\n  - match: \"abc\n")),
            "p.yaml:3:16: invalid YAML: Expected quote at end of scalar");
  EXPECT_EQ(errorOf(parse("version: 1\nrules: [a, b\n")),
            "p.yaml:2:13: invalid YAML: Could not find closing ]!");
  EXPECT_EQ(errorOf(parse("version: 1\n rules: []\n")),
            "p.yaml:2:7: invalid YAML: Unexpected token. Expected Key or Block "
            "End");
  // A syntax error anywhere comes before every other error.
  EXPECT_EQ(errorOf(parse("version: 2\nbogus: 1\nrules: {a: 1\n")),
            "p.yaml:3:13: invalid YAML: Unexpected token. Expected Key, Flow "
            "Entry, or Flow Mapping End.");
}

TEST_F(PolicyTest, DeepNestingIsAnErrorNotACrash) {
  // The YAML parser recurses per level: a million levels would overflow the
  // stack, so the depth is bounded before parsing.
  EXPECT_EQ(errorOf(parse("version: 1\nrules: " + std::string(1000000, '['))),
            "p.yaml:2:1007: the policy nests deeper than 1000 levels");
  std::string chain;
  for (int i = 0; i < 1000000; ++i)
    chain += "- ";
  EXPECT_EQ(errorOf(parse(chain)),
            "p.yaml:1:2001: the policy nests deeper than 1000 levels");
  // Brackets in comments and quoted scalars do not nest.
  std::string braces, escapedBraces;
  for (int i = 0; i < 2000; ++i) {
    braces += "\\{";          // '\{' in a single-quoted scalar
    escapedBraces += "\\\\{"; // "\\{" in a double-quoted one
  }
  Policy policy =
      policyOf("# " + std::string(2000, '[') + "\nversion: 1\nrules:\n" +
               "  - {match: '" + braces + "', encoding: int8}\n" +
               "  - {match: \"" + escapedBraces + "\", encoding: int8}\n");
  ASSERT_EQ(policy.rules.size(), 2u);
  EXPECT_EQ(policy.rules[0].match.name, policy.rules[1].match.name);
  EXPECT_TRUE(policy.rules[0].match.matches(weight(std::string(2000, '{'))));
}

TEST_F(PolicyTest, ManyRules) {
  std::string text = "version: 1\nrules:\n";
  for (int i = 0; i < 5000; ++i)
    text += "  - {match: {name: 'layers." + std::to_string(i) +
            ".*', op: matmul}, encoding: int4-g128}\n";
  Policy policy = policyOf(text);
  ASSERT_EQ(policy.rules.size(), 5000u);
  EXPECT_EQ(policy.lookup(weight("layers.4321.wq")), &policy.rules[4321]);
  EXPECT_EQ(policy.rules[4321].position.line, 4324u);
}

} // namespace

TEST_F(PolicyTest, Methods) {
  Policy policy = policyOf(R"(version: 1
rules:
  - {match: "a*", encoding: int4-g128, method: gptq-act-order}
  - {match: "b*", encoding: 2:4+int4-g128+lowrank-8, method: wanda + gptq + eora}
  - {match: "*", encoding: int8}
)");
  ASSERT_EQ(policy.rules.size(), 3u);
  EXPECT_EQ(policy.rules[0].methods,
            (SmallVector<std::string, 1>{"gptq-act-order"}));
  EXPECT_EQ(policy.rules[0].methodPosition.column, 48u);
  EXPECT_EQ(policy.rules[1].methods,
            (SmallVector<std::string, 1>{"wanda", "gptq", "eora"}));
  EXPECT_TRUE(policy.rules[2].methods.empty());
  EXPECT_EQ(ruleError("{match: a, encoding: int8, method: best}"),
            "p.yaml:3:40: unknown method 'best'; expected rtn, gptq, "
            "gptq-act-order, kmeans, weighted-kmeans, magnitude, wanda, svd, "
            "eora");
  EXPECT_EQ(ruleError("{match: a, encoding: int8, method: gptq+gptq}"),
            "p.yaml:3:40: method 'gptq' is given twice");
  EXPECT_EQ(ruleError("{match: a, encoding: int8, method: ''}"),
            "p.yaml:3:40: expected one or more of rtn, gptq, gptq-act-order, "
            "kmeans, weighted-kmeans, magnitude, wanda, svd, eora, joined by "
            "'+', for 'method'");
}
