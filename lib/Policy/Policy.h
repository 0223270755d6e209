//===- Policy.h - Compression policy files ------------------------*- C++
//-*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The model of a compression policy file (YAML, docs/policy.md): an ordered
// list of rules, each a selector over weights and the encoding to give the
// weights it matches. The first matching rule wins.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_POLICY_POLICY_H
#define COMPRESS_LIB_POLICY_POLICY_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Types.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace mlir::compress::policy {

/// The kind of op that consumes a weight.
enum class ConsumerKind { Matmul, Conv, Gather };
llvm::StringRef stringifyConsumerKind(ConsumerKind kind);
std::optional<ConsumerKind> symbolizeConsumerKind(llvm::StringRef text);

/// What the pass knows of a weight when it asks the policy.
struct WeightInfo {
  std::string name;
  ConsumerKind op = ConsumerKind::Matmul;
  llvm::SmallVector<int64_t> shape;
  /// The dimension the consumer sums over (K of a matmul, C of a conv, the
  /// row length of an embedding): groups run along it.
  int64_t reductionAxis = 0;
  /// The dimension that indexes output channels (N of a matmul, F of a conv,
  /// the rows of an embedding): per-channel scales run along it.
  int64_t outputAxis = 0;
  /// The weight's element type (f32, f16 or bf16; null means f32): the
  /// default type of stored sparse values and low-rank factors.
  Type elementType;
};

/// A position in the policy file (1-based; 0 when unknown).
struct SourcePosition {
  unsigned line = 0, column = 0;
};

/// `match:` of a rule. Unset fields match everything.
struct Selector {
  std::optional<std::string> name; // a glob over weight names
  std::optional<ConsumerKind> op;
  std::optional<llvm::SmallVector<int64_t>> shape; // exact shape
  std::optional<int64_t> minElements;
  /// Inclusive ranges of layer indices (see getLayerIndex); empty: any.
  llvm::SmallVector<std::pair<int64_t, int64_t>> layers;

  bool matches(const WeightInfo &weight) const;
};

/// One `+`-separated part of a preset (docs/policy.md has the grammar).
struct PresetPart {
  enum class Family {
    Int,      // int<b>-...: #compress.uniform
    Lut,      // lut<b>-(channel|g<G>): k-means codebooks
    Nf4,      // nf4-g<G>
    Fp8E4M3,  // fp8-e4m3
    Fp8E5M2,  // fp8-e5m2
    Mxfp4,    // mxfp4
    Nvfp4,    // nvfp4
    NM,       // <N>:<M>
    Block,    // block<R>x<C>-<keep>%
    Sparse,   // sparse-<keep>%
    LowRank,  // lowrank-<r>
    Outliers, // outliers-<p>%
  };
  enum class Granularity { Tensor, Channel, Group };
  Family family = Family::Int;
  /// The part's text and its byte offset in the whole `encoding:` value.
  std::string text;
  size_t offset = 0;
  /// Int, Lut, Nf4: code bits, groups, zero points, scale type.
  unsigned bits = 0;
  Granularity granularity = Granularity::Channel;
  int64_t groupSize = 0;
  bool asymmetric = false;
  std::string scaleType; // "f32", "f16" or "bf16"
  /// NM: N kept of every M.
  int64_t n = 0, m = 0;
  /// Block: the block shape.
  int64_t blockRows = 0, blockCols = 0;
  /// Block, Sparse: the percentage kept; Outliers: the percentage stored.
  double percent = 0;
  /// LowRank: the rank.
  int64_t rank = 0;
  /// NM, Block, Sparse, LowRank, Outliers: the stored values' type ("" for
  /// the default: the weight's element type, f16 for outliers).
  std::string valueType;

  bool isQuantizer() const;
  bool isSparsity() const;
};

/// `encoding:` of a rule: `none`, a preset, or `#compress...` attribute text.
struct EncodingChoice {
  enum class Kind { None, Preset, Attribute };
  using Granularity = PresetPart::Granularity;
  Kind kind = Kind::None;
  /// The text as written in the file (without surrounding whitespace).
  std::string text;
  /// Kind::Preset: the parts, in the order written: an optional sparsity
  /// pattern, an optional quantizer (of the kept values when both are
  /// given), then low-rank and outlier terms added to them.
  llvm::SmallVector<PresetPart, 2> parts;
  /// Kind::Attribute: the parsed encoding (verified without a shape).
  Attribute attribute;
};

struct Rule {
  Selector match;
  EncodingChoice encoding;
  /// `activations: int8` (block 128) or `int8-b<B>`: the matmuls of the
  /// weight quantize their activations per block of B at run time
  /// (compress.matmul's int8_activations); 0 for `f32`, the default.
  int64_t activationBlock = 0;
  SourcePosition activationsPosition; // of its `activations:` value
  /// `method:`: the methods named (each one of kMethodNames), in the order
  /// written; empty for the defaults (docs/policy.md).
  llvm::SmallVector<std::string, 1> methods;
  SourcePosition methodPosition; // of its `method:` value
  SourcePosition position;         // of the rule
  SourcePosition encodingPosition; // of its `encoding:` value
};

/// The values `method:` accepts.
constexpr llvm::StringLiteral kMethodNames[] = {
    "rtn",    "gptq",      "gptq-act-order", "kmeans", "weighted-kmeans",
    "magnitude", "wanda", "svd",             "eora"};

/// The `version:` this build reads.
constexpr int64_t kPolicyVersion = 1;

struct Policy {
  std::string path;
  llvm::SmallVector<Rule, 0> rules;

  /// "path:line:column" of `position`, to prefix the pass's diagnostics.
  std::string formatPosition(SourcePosition position) const;

  /// The first rule that matches `weight`, or null if none does.
  const Rule *lookup(const WeightInfo &weight) const;
};

/// Parses policy text. Errors read "path:line:column: message". `context`
/// parses `#compress...` encodings.
llvm::Expected<Policy> parsePolicy(llvm::StringRef text, llvm::StringRef path,
                                   MLIRContext *context);
/// Reads and parses a policy file.
llvm::Expected<Policy> parsePolicyFile(llvm::StringRef path,
                                       MLIRContext *context);

/// Parses an `encoding:` value (a preset name or `#compress...` text).
llvm::Expected<EncodingChoice> parseEncodingChoice(llvm::StringRef text,
                                                   MLIRContext *context);

/// The layer index in a weight name: the first dot-separated component that
/// is a decimal number ("layers.12.attention.wq" -> 12).
std::optional<int64_t> getLayerIndex(llvm::StringRef name);

/// The encoding `choice` gives `weight`: a null Attribute for `none`, else an
/// encoding that verifies on the weight's shape. Errors name the weight, e.g.
/// "group 128 does not divide the reduction size 172 of weight 'w2'".
llvm::Expected<Attribute> resolveEncoding(const EncodingChoice &choice,
                                          const WeightInfo &weight,
                                          MLIRContext *context);

} // namespace mlir::compress::policy

#endif // COMPRESS_LIB_POLICY_POLICY_H
