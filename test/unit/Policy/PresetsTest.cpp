//===- PresetsTest.cpp - Encoding choices and resolved encodings ----------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Every preset form and suffix, the exact attribute each gives for weights of
// several consumers (docs/policy.md has the table for the [4096, 4096]
// transposed matmul weight), full attribute texts, and every error message.
//
//===----------------------------------------------------------------------===//

#include "lib/Policy/Presets.h"
#include "lib/Policy/Policy.h"
#include "test/unit/Encoding/EncodingTestSupport.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::policy;
using mlir::compress::testing::errorOf;
using mlir::compress::testing::valueOf;
using G = EncodingChoice::Granularity;

namespace {

class PresetsTest : public ::testing::Test {
protected:
  EncodingChoice choiceOf(StringRef text) {
    return valueOf(parseEncodingChoice(text, &context));
  }
  std::string choiceError(StringRef text) {
    return errorOf(parseEncodingChoice(text, &context));
  }
  /// Where the error of `text` points (internal API used for positions).
  size_t errorOffset(StringRef text) {
    size_t offset = 12345;
    llvm::Expected<EncodingChoice> choice =
        internal::parseEncodingChoice(text, &context, offset);
    EXPECT_FALSE(choice) << text.str();
    llvm::consumeError(choice.takeError());
    return offset;
  }
  /// The printed encoding that `text` gives `info` ("" for none).
  std::string resolve(StringRef text, const WeightInfo &info) {
    Attribute attr = valueOf(resolveEncoding(choiceOf(text), info, &context));
    if (!attr)
      return "";
    std::string printed;
    llvm::raw_string_ostream os(printed);
    os << attr;
    return printed;
  }
  std::string resolveError(StringRef text, const WeightInfo &info) {
    return errorOf(resolveEncoding(choiceOf(text), info, &context));
  }

  MLIRContext context;
};

WeightInfo weight(StringRef name, std::vector<int64_t> shape,
                  int64_t reductionAxis, int64_t outputAxis,
                  ConsumerKind op = ConsumerKind::Matmul) {
  WeightInfo info;
  info.name = name.str();
  info.op = op;
  info.shape.assign(shape.begin(), shape.end());
  info.reductionAxis = reductionAxis;
  info.outputAxis = outputAxis;
  return info;
}

/// A [N, K] weight of a transposed matmul (y = x * W^T), as in docs/policy.md.
WeightInfo transposed() { return weight("layers.0.wq", {4096, 4096}, 1, 0); }

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

TEST_F(PresetsTest, None) {
  EncodingChoice choice = choiceOf("none");
  EXPECT_EQ(choice.kind, EncodingChoice::Kind::None);
  EXPECT_EQ(choice.text, "none");
  EXPECT_EQ(resolve("none", transposed()), "");
}

TEST_F(PresetsTest, Int8IsInt8Channel) {
  for (StringRef text : {"int8", "int8-channel"}) {
    EncodingChoice choice = choiceOf(text);
    EXPECT_EQ(choice.kind, EncodingChoice::Kind::Preset);
    EXPECT_EQ(choice.text, text.str());
    EXPECT_EQ(choice.parts[0].bits, 8u);
    EXPECT_EQ(choice.parts[0].granularity, G::Channel);
    EXPECT_FALSE(choice.parts[0].asymmetric);
    EXPECT_EQ(choice.parts[0].scaleType, "f32");
  }
}

TEST_F(PresetsTest, Granularities) {
  EncodingChoice group = choiceOf("int4-g128");
  EXPECT_EQ(group.parts[0].bits, 4u);
  EXPECT_EQ(group.parts[0].granularity, G::Group);
  EXPECT_EQ(group.parts[0].groupSize, 128);
  EXPECT_EQ(group.parts[0].scaleType, "f16"); // groups default to f16
  EncodingChoice channel = choiceOf("int6-channel");
  EXPECT_EQ(channel.parts[0].granularity, G::Channel);
  EXPECT_EQ(channel.parts[0].scaleType, "f32");
  EncodingChoice tensor = choiceOf("int3-tensor");
  EXPECT_EQ(tensor.parts[0].granularity, G::Tensor);
  EXPECT_EQ(tensor.parts[0].scaleType, "f32");
  EXPECT_EQ(choiceOf("int2-g1").parts[0].groupSize, 1);
  EXPECT_EQ(choiceOf("int5-g0100").parts[0].groupSize, 100);
}

TEST_F(PresetsTest, EveryBitWidth) {
  for (unsigned bits = 2; bits <= 8; ++bits) {
    std::string text = "int" + std::to_string(bits) + "-g32";
    EXPECT_EQ(choiceOf(text).parts[0].bits, bits);
  }
}

TEST_F(PresetsTest, Suffixes) {
  for (StringRef base : {"int4-g64", "int4-channel", "int4-tensor"}) {
    SCOPED_TRACE(base.str());
    EXPECT_FALSE(choiceOf(base).parts[0].asymmetric);
    EXPECT_TRUE(choiceOf((base + "-asym").str()).parts[0].asymmetric);
    for (StringRef scale : {"f16", "bf16", "f32"}) {
      EncodingChoice choice = choiceOf((base + "-" + scale).str());
      EXPECT_EQ(choice.parts[0].scaleType, scale.str());
      EXPECT_FALSE(choice.parts[0].asymmetric);
      choice = choiceOf((base + "-asym-" + scale).str());
      EXPECT_EQ(choice.parts[0].scaleType, scale.str());
      EXPECT_TRUE(choice.parts[0].asymmetric);
    }
  }
}

TEST_F(PresetsTest, AttributeText) {
  EncodingChoice choice =
      choiceOf("#compress.uniform<bits = 4, block = [1, 32], scale = f16>");
  EXPECT_EQ(choice.kind, EncodingChoice::Kind::Attribute);
  EXPECT_TRUE(isa<UniformAttr>(choice.attribute));
  // The dialect is loaded on demand.
  EXPECT_TRUE(context.getLoadedDialect<CompressDialect>());
  EXPECT_EQ(resolve(choice.text, transposed()),
            "#compress.uniform<bits = 4, block = [1, 32], scale = f16>");
  EXPECT_EQ(resolve("#compress.sum<#compress.uniform<bits = 4, block = [1, "
                    "128], scale = f16>, #compress.lowrank<rank = 16, u = "
                    "f16, v = f16>>",
                    transposed()),
            "#compress.sum<#compress.uniform<bits = 4, block = [1, 128], "
            "scale = f16>, #compress.lowrank<rank = 16, u = f16, v = f16>>");
}

TEST_F(PresetsTest, ParseErrors) {
  EXPECT_EQ(choiceError(""), "empty encoding; expected none, a preset such as "
                             "int8 or int4-g128, or a #compress attribute");
  std::string unknown =
      "; expected none, int8, "
      "int<b>-(g<G>|channel|tensor)[-asym][-(f16|bf16|f32)], "
      "lut<b>-(channel|g<G>), nf4-g<G>, fp8-e4m3, fp8-e5m2, mxfp4, nvfp4, "
      "<N>:<M>, block<R>x<C>-<keep>%, sparse-<keep>%, lowrank-<r>, "
      "outliers-<p>% (joined by '+') or a #compress attribute";
  EXPECT_EQ(choiceError("fp8"), "unknown preset 'fp8'" + unknown);
  EXPECT_EQ(choiceError("int"), "unknown preset 'int'" + unknown);
  EXPECT_EQ(choiceError("intx-g8"), "unknown preset 'intx-g8'" + unknown);
  EXPECT_EQ(choiceError("INT8"), "unknown preset 'INT8'" + unknown);
  EXPECT_EQ(choiceError("None"), "unknown preset 'None'" + unknown);
  EXPECT_EQ(choiceError("int9-g128"),
            "bits 9 is out of range; expected 2 to 8");
  EXPECT_EQ(choiceError("int1-channel"),
            "bits 1 is out of range; expected 2 to 8");
  EXPECT_EQ(choiceError("int16-tensor"),
            "bits 16 is out of range; expected 2 to 8");
  EXPECT_EQ(choiceError("int99999999999-tensor"),
            "bits 99999999999 is out of range; expected 2 to 8");
  EXPECT_EQ(choiceError("int4"), "preset 'int4' needs a granularity: "
                                 "int4-g<G>, int4-channel or int4-tensor");
  EXPECT_EQ(choiceError("int4-g0"), "group size 0 is not positive");
  EXPECT_EQ(choiceError("int4-g99999999999999999999"),
            "group size 99999999999999999999 is too large");
  EXPECT_EQ(choiceError("int4-g"), "unexpected 'g' in preset 'int4-g'; "
                                   "expected g<G>, channel or tensor");
  EXPECT_EQ(choiceError("int4-group128"),
            "unexpected 'group128' in preset 'int4-group128'; expected g<G>, "
            "channel or tensor");
  EXPECT_EQ(choiceError("int8-asym"), "unexpected 'asym' in preset "
                                      "'int8-asym'; expected g<G>, channel or "
                                      "tensor");
  EXPECT_EQ(choiceError("int4-g128-sym"),
            "unexpected 'sym' in preset 'int4-g128-sym'; expected asym, f16, "
            "bf16 or f32");
  EXPECT_EQ(choiceError("int4-g128-asym-asym"),
            "unexpected 'asym' in preset 'int4-g128-asym-asym'; expected f16, "
            "bf16 or f32");
  EXPECT_EQ(choiceError("int4-g128-asym-f8"),
            "unexpected 'f8' in preset 'int4-g128-asym-f8'; expected f16, bf16 "
            "or f32");
  EXPECT_EQ(choiceError("int4-g128-f16-asym"),
            "'asym' comes before the scale type in preset "
            "'int4-g128-f16-asym'");
  EXPECT_EQ(choiceError("int4-g128-f16-bf16"),
            "unexpected 'bf16' in preset 'int4-g128-f16-bf16'; expected the "
            "end of the preset");
  EXPECT_EQ(choiceError("int4-g128-"), "stray '-' in preset 'int4-g128-'");
  EXPECT_EQ(choiceError("int4--g128"), "stray '-' in preset 'int4--g128'");
  EXPECT_EQ(choiceError("int4-g128+2:4"),
            "sparsity '2:4' must come first in 'int4-g128+2:4' (sparsity, "
            "then a quantizer of the kept values, then lowrank or outliers "
            "terms)");
}

TEST_F(PresetsTest, AttributeErrors) {
  EXPECT_EQ(choiceError("#compress.uniform<bits = 4>"),
            "#compress.uniform needs 'scale'");
  EXPECT_EQ(choiceError("#compress.uniform<bits = 4, scale = f16"),
            "unbalanced '<' character in pretty dialect name");
  EXPECT_EQ(choiceError("#compress.bogus<>"),
            "unknown attribute `bogus` in dialect `compress`");
  EXPECT_EQ(choiceError("#compress.uniform<bits = 4, scale = f16> x"),
            "found trailing characters: 'x'");
  context.loadDialect<arith::ArithDialect>();
  EXPECT_EQ(choiceError("#arith.fastmath<fast>"),
            "expected a #compress encoding, got #arith.fastmath<fast>");
}

TEST_F(PresetsTest, ErrorOffsets) {
  EXPECT_EQ(errorOffset("fp8"), 0u);
  EXPECT_EQ(errorOffset("int9-g128"), 3u);
  EXPECT_EQ(errorOffset("int4"), 4u);
  EXPECT_EQ(errorOffset("int4-g0"), 6u);
  EXPECT_EQ(errorOffset("int4-gx"), 5u);
  EXPECT_EQ(errorOffset("int4-g128-asym-f8"), 15u);
  EXPECT_EQ(errorOffset("int4-g128-"), 9u);
  EXPECT_EQ(errorOffset("2:4+int4"), 8u);
  EXPECT_EQ(errorOffset("int4-g128+2:4"), 10u);
  EXPECT_EQ(errorOffset("#compress.uniform<bits = 4, foo = 1>"), 28u);
  // A multi-line attribute: line 2, column 3.
  EXPECT_EQ(errorOffset("#compress.uniform<bits = 4,\n  foo = 1>"), 30u);
}

//===----------------------------------------------------------------------===//
// Resolution
//===----------------------------------------------------------------------===//

// The table of docs/policy.md: the encoding each preset gives a [4096, 4096]
// weight of a transposed matmul, and its size in bytes.
TEST_F(PresetsTest, DocsTable) {
  struct Row {
    const char *preset, *encoding;
    int64_t bytes;
  };
  // Bytes: codes (4096 * 4096 * bits / 8), then scales and zero points
  // (4096 per channel, 4096 * 4096 / G per group, 1 per tensor; ui<b> zero
  // points packed, a lone one in a byte).
  const Row rows[] = {
      {"int8", "#compress.uniform<bits = 8, per_axis = 0, scale = f32>",
       16793600},
      {"int8-channel-asym",
       "#compress.uniform<bits = 8, unsigned, per_axis = 0, scale = f32, "
       "zero_point = ui8>",
       16797696},
      {"int8-tensor", "#compress.uniform<bits = 8, scale = f32>", 16777220},
      {"int4-g128",
       "#compress.uniform<bits = 4, block = [1, 128], scale = f16>", 8650752},
      {"int4-g128-asym",
       "#compress.uniform<bits = 4, unsigned, block = [1, 128], scale = f16, "
       "zero_point = ui4>",
       8716288},
      {"int4-g32-bf16",
       "#compress.uniform<bits = 4, block = [1, 32], scale = bf16>", 9437184},
      {"int4-channel-f16",
       "#compress.uniform<bits = 4, per_axis = 0, scale = f16>", 8396800},
      {"int3-g64-asym-f32",
       "#compress.uniform<bits = 3, unsigned, block = [1, 64], scale = f32, "
       "zero_point = ui3>",
       7438336},
      {"int2-tensor-asym",
       "#compress.uniform<bits = 2, unsigned, scale = f32, zero_point = ui2>",
       4194309},
  };
  WeightInfo w = transposed();
  for (const Row &row : rows) {
    EXPECT_EQ(resolve(row.preset, w), row.encoding);
    Attribute attr =
        valueOf(resolveEncoding(choiceOf(row.preset), w, &context));
    ASSERT_TRUE(attr);
    auto type =
        CompressedTensorType::get(&context, w.shape, Float16Type::get(&context),
                                  cast<EncodingAttrInterface>(attr));
    encoding::Layout layout = encoding::getLayout(type);
    EXPECT_EQ(layout.byteSize, row.bytes) << row.preset;
  }
  EXPECT_EQ(resolve("none", w), "");
}

TEST_F(PresetsTest, AxesFollowTheConsumer) {
  // A [K, N] matmul weight: groups down the columns, one scale per column.
  WeightInfo plain = weight("w", {256, 64}, 0, 1);
  EXPECT_EQ(resolve("int4-g128", plain),
            "#compress.uniform<bits = 4, block = [128, 1], scale = f16>");
  EXPECT_EQ(resolve("int8", plain),
            "#compress.uniform<bits = 8, per_axis = 1, scale = f32>");
  // An FCHW conv filter: groups along C, one scale per F.
  WeightInfo conv = weight("conv", {64, 32, 3, 3}, 1, 0, ConsumerKind::Conv);
  EXPECT_EQ(resolve("int4-g16", conv),
            "#compress.uniform<bits = 4, block = [1, 16, 1, 1], scale = f16>");
  EXPECT_EQ(resolve("int8", conv),
            "#compress.uniform<bits = 8, per_axis = 0, scale = f32>");
  // An HWCF conv filter: C is axis 2, F axis 3.
  WeightInfo hwcf = weight("conv", {3, 3, 32, 64}, 2, 3, ConsumerKind::Conv);
  EXPECT_EQ(resolve("int4-g32-asym", hwcf),
            "#compress.uniform<bits = 4, unsigned, block = [1, 1, 32, 1], "
            "scale = f16, zero_point = ui4>");
  EXPECT_EQ(resolve("int4-channel", hwcf),
            "#compress.uniform<bits = 4, per_axis = 3, scale = f32>");
  // An embedding table [vocab, dim]: groups along a row, a scale per row.
  WeightInfo table = weight("embed", {1000, 64}, 1, 0, ConsumerKind::Gather);
  EXPECT_EQ(resolve("int4-g64", table),
            "#compress.uniform<bits = 4, block = [1, 64], scale = f16>");
  // A 1-D weight.
  EXPECT_EQ(resolve("int8-g8", weight("bias", {64}, 0, 0)),
            "#compress.uniform<bits = 8, block = [8], scale = f16>");
}

TEST_F(PresetsTest, ResolveErrors) {
  EXPECT_EQ(resolveError("int4-g128", weight("layers.0.w2", {4096, 172}, 1, 0)),
            "group 128 does not divide the reduction size 172 of weight "
            "'layers.0.w2'");
  EXPECT_EQ(resolveError("int4-g128", weight("w", {64, 64}, 1, 0)),
            "group 128 does not divide the reduction size 64 of weight 'w'");
  EXPECT_EQ(resolveError("int4-g32", weight("w", {64, 64}, 2, 0)),
            "reduction axis 2 is out of range for weight 'w' of rank 2");
  EXPECT_EQ(resolveError("int4-channel", weight("w", {64, 64}, 1, -1)),
            "output axis -1 is out of range for weight 'w' of rank 2");
  EXPECT_EQ(resolveError("int4-tensor", weight("s", {}, 0, 0)),
            "weight 's': a compressed tensor has rank 1 or more");
  EXPECT_EQ(resolveError("int4-tensor", weight("z", {0, 4}, 1, 0)),
            "weight 'z': dimension 0 has size 0; compressed tensors have "
            "static, positive sizes");
  EXPECT_EQ(resolveError("#compress.uniform<bits = 4, block = [1, 128], "
                         "scale = f16>",
                         weight("w", {4, 6}, 1, 0)),
            "weight 'w': block = [1, 128] does not divide the shape [4, 6]: "
            "128 does not divide dimension 1 of size 6");
  EXPECT_EQ(resolveError("#compress.uniform<bits = 4, per_axis = 2, scale = "
                         "f16>",
                         weight("w", {4, 6}, 1, 0)),
            "weight 'w': per_axis = 2 is out of range for a tensor of rank 2; "
            "expected 0 to 1");
}

TEST_F(PresetsTest, HandBuiltChoices) {
  // The pass may build choices itself; bad ones are errors, not crashes.
  EncodingChoice choice = choiceOf("int4-g8");
  choice.parts[0].scaleType = "f64";
  EXPECT_EQ(errorOf(resolveEncoding(choice, transposed(), &context)),
            "unknown scale type 'f64'; expected f16, bf16 or f32");
  choice = choiceOf("int4-g8");
  choice.parts[0].bits = 12;
  EXPECT_EQ(errorOf(resolveEncoding(choice, transposed(), &context)),
            "preset 'int4-g8' for weight 'layers.0.wq': bits = 12 is out of "
            "range; expected 1 to 8");
  choice = choiceOf("int4-g8");
  choice.parts[0].groupSize = 0;
  EXPECT_EQ(errorOf(resolveEncoding(choice, transposed(), &context)),
            "group 0 does not divide the reduction size 4096 of weight "
            "'layers.0.wq'");
  EncodingChoice attr;
  attr.kind = EncodingChoice::Kind::Attribute;
  EXPECT_EQ(errorOf(resolveEncoding(attr, transposed(), &context)),
            "encoding of weight 'layers.0.wq' is not a #compress encoding");
}

TEST_F(PresetsTest, ResolvedEncodingsVerify) {
  // Whatever resolves makes a valid compressed tensor type.
  WeightInfo w = weight("w", {96, 256}, 1, 0);
  for (StringRef text : {"int8", "int2-g256-asym-bf16", "int7-tensor-f16",
                         "int5-g2", "int3-channel-asym"}) {
    Attribute attr = valueOf(resolveEncoding(choiceOf(text), w, &context));
    ASSERT_TRUE(attr) << text.str();
    EXPECT_TRUE(CompressedTensorType::get(&context, w.shape,
                                          Float16Type::get(&context),
                                          cast<EncodingAttrInterface>(attr)))
        << text.str();
  }
}

} // namespace

//===----------------------------------------------------------------------===//
// The families of issue 7 and their compositions
//===----------------------------------------------------------------------===//

TEST_F(PresetsTest, FamilyPresets) {
  WeightInfo w = weight("w", {256, 512}, 1, 0);
  w.elementType = Float16Type::get(&context);
  std::pair<StringRef, StringRef> cases[] = {
      {"lut4-channel",
       "#compress.lut<bits = 4, codebook = f16, codebook_axis = 0>"},
      {"lut3-g64-f32",
       "#compress.lut<bits = 3, codebook = f32, codebook_block = [1, 64]>"},
      {"nf4-g64", "#compress.lut<table = nf4, block = [1, 64], scale = f16>"},
      {"fp8-e4m3", "#compress.float<f8E4M3FN, per_axis = 0, scale = f32>"},
      {"fp8-e5m2", "#compress.float<f8E5M2, per_axis = 0, scale = f32>"},
      {"mxfp4", "#compress.float<f4E2M1FN, block = [1, 32], scale = "
                "f8E8M0FNU>"},
      {"nvfp4", "#compress.float<f4E2M1FN, block = [1, 16], scale = "
                "#compress.float<f8E4M3FN, scale = f32>>"},
      {"2:4", "#compress.sparse<nm = [2, 4], values = f16>"},
      {"1:8-f32", "#compress.sparse<nm = [1, 8], values = f32>"},
      {"block1x16-50%", "#compress.sparse<block = [1, 16], kept = 4096, "
                        "index = i16, values = f16>"},
      // 10% of 131072: CSR (2 x i32 per value) beats the 16 KiB bitmap.
      {"sparse-1%", "#compress.sparse<csr, nnz = 1311, index = i16, values = "
                    "f16>"},
      {"sparse-30%", "#compress.sparse<bitmap, nnz = 39322, values = f16>"},
      {"lowrank-32", "#compress.lowrank<rank = 32, u = f16, v = f16>"},
      {"lowrank-8-f32", "#compress.lowrank<rank = 8, u = f32, v = f32>"},
  };
  for (auto [text, expected] : cases)
    EXPECT_EQ(resolve(text, w), expected) << text.str();
}

TEST_F(PresetsTest, Compositions) {
  WeightInfo w = weight("w", {256, 512}, 1, 0);
  w.elementType = Float16Type::get(&context);
  std::pair<StringRef, StringRef> cases[] = {
      // Groups of a quantizer of kept values count kept values.
      {"2:4+int4-g128",
       "#compress.sparse<nm = [2, 4], values = #compress.uniform<bits = 4, "
       "block = [1, 128], scale = f16>>"},
      {"2:4+int8", "#compress.sparse<nm = [2, 4], values = "
                   "#compress.uniform<bits = 8, per_axis = 0, scale = f32>>"},
      {"int3-g16+outliers-0.5%",
       "#compress.sum<#compress.uniform<bits = 3, block = [1, 16], scale = "
       "f16>, #compress.sparse<csr, nnz = 655, index = i16, values = f16>>"},
      {"lut4-channel+outliers-0.5%",
       "#compress.sum<#compress.lut<bits = 4, codebook = f16, codebook_axis "
       "= 0>, #compress.sparse<csr, nnz = 655, index = i16, values = f16>>"},
      {"int4-g128+lowrank-32",
       "#compress.sum<#compress.uniform<bits = 4, block = [1, 128], scale = "
       "f16>, #compress.lowrank<rank = 32, u = f16, v = f16>>"},
      // GQSA: one scale per kept 1x16 block.
      {"block1x16-50%+int4-g16",
       "#compress.sparse<block = [1, 16], kept = 4096, index = i16, values = "
       "#compress.uniform<bits = 4, block = [1, 16], scale = f16>>"},
      {"block2x8-25%+int4-channel",
       "#compress.sparse<block = [2, 8], kept = 2048, index = i16, values = "
       "#compress.uniform<bits = 4, per_axis = 0, scale = f32>>"},
      // The count of kept values becomes a whole number of groups.
      {"sparse-1%+int8-g64",
       "#compress.sparse<csr, nnz = 1344, index = i16, values = "
       "#compress.uniform<bits = 8, block = [64], scale = f16>>"},
      {"lowrank-16+outliers-1%",
       "#compress.sum<#compress.lowrank<rank = 16, u = f16, v = f16>, "
       "#compress.sparse<csr, nnz = 1311, index = i16, values = f16>>"},
      {"2:4+int4-g64+lowrank-8+outliers-0.1%",
       "#compress.sum<#compress.sparse<nm = [2, 4], values = "
       "#compress.uniform<bits = 4, block = [1, 64], scale = f16>>, "
       "#compress.lowrank<rank = 8, u = f16, v = f16>, #compress.sparse<csr, "
       "nnz = 131, index = i16, values = f16>>"},
  };
  for (auto [text, expected] : cases)
    EXPECT_EQ(resolve(text, w), expected) << text.str();
}

TEST_F(PresetsTest, FamilyParseErrors) {
  EXPECT_EQ(choiceError("lut4"), "preset 'lut4' needs a codebook scope: "
                                 "lut4-channel or lut4-g<G>");
  EXPECT_EQ(choiceError("lut9-channel"),
            "bits 9 is out of range; expected 1 to 8");
  EXPECT_EQ(choiceError("lut4-tensor"),
            "unexpected 'tensor' in preset 'lut4-tensor'; expected g<G> or "
            "channel");
  EXPECT_EQ(choiceError("nf4"), "preset 'nf4' needs a group: nf4-g<G>");
  EXPECT_EQ(choiceError("5:4"), "N:M = 5:4 is out of range; expected 1 <= N "
                                "<= M and 2 <= M <= 256");
  EXPECT_EQ(choiceError("2:x"), "expected a number for the M in preset "
                                "'2:x', got 'x'");
  EXPECT_EQ(choiceError("block1x16"),
            "preset 'block1x16' needs the percentage of blocks kept: "
            "block1x16-<keep>%");
  EXPECT_EQ(choiceError("sparse-50"),
            "unexpected '50' in preset 'sparse-50'; expected a percentage "
            "such as 50% or 0.5%");
  EXPECT_EQ(choiceError("sparse-150%"),
            "percentage 150% is out of range; expected above 0% and at most "
            "100%");
  EXPECT_EQ(choiceError("lowrank-0"), "rank 0 is not positive");
  EXPECT_EQ(choiceError("outliers-1%"),
            "outliers 'outliers-1%' need a body to add to in 'outliers-1%', "
            "such as int4-g128+outliers-1%");
  EXPECT_EQ(choiceError("int4-g128+int8"),
            "quantizer 'int8' must come before the lowrank and outliers "
            "terms in 'int4-g128+int8'");
  EXPECT_EQ(choiceError("int4-g128+"), "empty part in preset 'int4-g128+'");
  EXPECT_EQ(choiceError("2:4+foo"),
            "unknown preset 'foo' in '2:4+foo'; expected none, int8, "
            "int<b>-(g<G>|channel|tensor)[-asym][-(f16|bf16|f32)], "
            "lut<b>-(channel|g<G>), nf4-g<G>, fp8-e4m3, fp8-e5m2, mxfp4, "
            "nvfp4, <N>:<M>, block<R>x<C>-<keep>%, sparse-<keep>%, "
            "lowrank-<r>, outliers-<p>% (joined by '+') or a #compress "
            "attribute");
  EXPECT_EQ(errorOffset("2:4+foo"), 4u);
  EXPECT_EQ(errorOffset("int4-g128+lowrank-x"), 18u);
}

TEST_F(PresetsTest, FamilyResolveErrors) {
  WeightInfo w = weight("w", {256, 512}, 1, 0);
  EXPECT_EQ(resolveError("3:7", w),
            "preset '3:7' for weight 'w': M = 7 does not divide the "
            "reduction size 512");
  EXPECT_EQ(resolveError("block3x16-50%", w),
            "preset 'block3x16-50%' for weight 'w': blocks of 3x16 do not "
            "tile the 256x512 matrix view of the weight");
  EXPECT_EQ(resolveError("sparse-5%+int4-channel", w),
            "preset 'int4-channel' for weight 'w': the values have no "
            "channels; use g<G>");
  EXPECT_EQ(resolveError("2:4+int4-g96", w),
            "group 96 does not divide the reduction size 256 of weight 'w'");
  EXPECT_EQ(resolveError("lowrank-256", w),
            "weight 'w': rank = 256 must be below min(256, 512) = 256 for the "
            "tensor [256, 512] seen as a 256x512 matrix");
}
