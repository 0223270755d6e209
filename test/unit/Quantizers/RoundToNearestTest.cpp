//===- RoundToNearestTest.cpp - The round-to-nearest quantizer ------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Hand-computed codes, scales and zero points of small tensors (ties, clamps,
// zero, constant and negative groups, denormal weights, scales rounded to
// f16/bf16 before the codes), the packed bytes of 3- and 6-bit codes, the
// errors on NaN/Inf and unsupported encodings; then, on random weights, an
// independent per-element reference (scales rounded with APFloat through
// encoding::roundToFloatType), the reference decoder against
// dequantizeRange, the reported errors, and identical results with and
// without a thread pool.
//
//===----------------------------------------------------------------------===//

#include "lib/Quantizers/RoundToNearest.h"

#include "lib/Encoding/Decode.h"
#include "test/unit/Encoding/EncodingTestSupport.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <cmath>
#include <limits>
#include <random>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::testing;
using encoding::FieldValues;

namespace {

using Floats = std::vector<float>;

class RoundToNearestTest : public EncodingTest {
protected:
  quant::QuantizedTensor quantize(StringRef typeText, const Floats &weights,
                                  llvm::ThreadPoolInterface *pool = nullptr) {
    CompressedTensorType type = typeOf(typeText);
    if (!type)
      return {};
    return valueOf(quant::quantizeRoundToNearest(type, weights, pool));
  }

  /// The stored values (codes, scales, zero_points) of quantized `weights`.
  FieldValues storedOf(StringRef typeText, const Floats &weights) {
    quant::QuantizedTensor q = quantize(typeText, weights);
    return valueOf(encoding::unpackStorage(layoutOf(typeText), q.storage));
  }

  std::string errorFor(StringRef typeText, const Floats &weights,
                       llvm::ThreadPoolInterface *pool = nullptr) {
    CompressedTensorType type = typeOf(typeText);
    if (!type)
      return "";
    return errorOf(quant::quantizeRoundToNearest(type, weights, pool));
  }

  /// All elements through dequantizeRange.
  Floats dequantizeAll(StringRef typeText,
                       const encoding::StorageBytes &storage) {
    CompressedTensorType type = typeOf(typeText);
    Floats out(type.getNumElements());
    llvm::Error err = quant::dequantizeRange(type, storage, 0, out.size(), out);
    EXPECT_FALSE(err) << llvm::toString(std::move(err));
    return out;
  }
};

Floats randomWeights(int64_t count, unsigned seed, double sigma = 1.0) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, static_cast<float>(sigma));
  Floats weights(count);
  for (float &w : weights)
    w = normal(rng);
  return weights;
}

//===----------------------------------------------------------------------===//
// Hand-computed values
//===----------------------------------------------------------------------===//

TEST_F(RoundToNearestTest, SymmetricTiesRoundToEven) {
  // amax 7, scale 7 / 7 = 1: codes are the weights rounded, ties to even.
  FieldValues stored = storedOf(
      "!compress.tensor<1x10xf32, #compress.uniform<bits = 4, scale = f32>>",
      {7, -7, 2.5, 3.5, -2.5, -3.5, 0.5, -0.5, 1.5, 1.49f});
  EXPECT_EQ(stored["codes"], (Values{7, -7, 2, 4, -2, -4, 0, 0, 2, 1}));
  EXPECT_EQ(stored["scales"], (Values{1}));
}

TEST_F(RoundToNearestTest, AsymmetricTiesAndUpperClamp) {
  // lo -1.5, hi 1.5: scale 3 / 3 = 1, zero point round(1.5) = 2 (tie to
  // even); 1.5 + 2 = 3.5 clamps to 3, -1.5 + 2 = 0.5 -> 0, 0.5 + 2 = 2.5 -> 2,
  // -0.5 + 2 = 1.5 -> 2.
  FieldValues stored = storedOf(
      "!compress.tensor<1x4xf32, #compress.uniform<bits = 2, unsigned, "
      "scale = f32, zero_point = ui2>>",
      {-1.5, 1.5, 0.5, -0.5});
  EXPECT_EQ(stored["codes"], (Values{0, 3, 2, 2}));
  EXPECT_EQ(stored["scales"], (Values{1}));
  EXPECT_EQ(stored["zero_points"], (Values{2}));
}

TEST_F(RoundToNearestTest, ZeroPointClampsToItsTypeAndCodesClamp) {
  // lo -10, hi 5: scale 15 / 15 = 1, zero point 10 clamps to ui2's 3; codes
  // -10 + 3 clamps to 0, 5 + 3 = 8, 0 + 3 = 3.
  FieldValues stored = storedOf(
      "!compress.tensor<1x3xf32, #compress.uniform<bits = 4, unsigned, "
      "scale = f32, zero_point = ui2>>",
      {-10, 5, 0});
  EXPECT_EQ(stored["codes"], (Values{0, 8, 3}));
  EXPECT_EQ(stored["scales"], (Values{1}));
  EXPECT_EQ(stored["zero_points"], (Values{3}));
}

TEST_F(RoundToNearestTest, AllZeroGroupsGetScaleOne) {
  // Row 0 is zero (scale 1, codes 0); row 1 has amax 7 (scale 1).
  FieldValues stored = storedOf(
      "!compress.tensor<2x4xf32, #compress.uniform<bits = 4, per_axis = 0, "
      "scale = f16>>",
      {0, -0.0f, 0, 0, 1, 2, 3, -7});
  EXPECT_EQ(stored["codes"], (Values{0, 0, 0, 0, 1, 2, 3, -7}));
  EXPECT_EQ(stored["scales"], (Values{1, 1}));

  // With a zero point: zero point 0 for unsigned codes, the lowest code
  // (-8) for signed ones; both decode to exact zeros.
  FieldValues unsignedStored = storedOf(
      "!compress.tensor<1x3xf32, #compress.uniform<bits = 4, unsigned, "
      "scale = bf16, zero_point = ui4>>",
      {0, 0, 0});
  EXPECT_EQ(unsignedStored["codes"], (Values{0, 0, 0}));
  EXPECT_EQ(unsignedStored["scales"], (Values{1}));
  EXPECT_EQ(unsignedStored["zero_points"], (Values{0}));
  FieldValues signedStored = storedOf(
      "!compress.tensor<1x3xf32, #compress.uniform<bits = 4, scale = f32, "
      "zero_point = i4>>",
      {0, 0, 0});
  EXPECT_EQ(signedStored["codes"], (Values{-8, -8, -8}));
  EXPECT_EQ(signedStored["scales"], (Values{1}));
  EXPECT_EQ(signedStored["zero_points"], (Values{-8}));
}

TEST_F(RoundToNearestTest, ConstantGroups) {
  constexpr StringLiteral kType =
      "!compress.tensor<2x3xf32, #compress.uniform<bits = 4, unsigned, "
      "per_axis = 0, scale = f32, zero_point = ui4>>";
  Floats weights = {0.5, 0.5, 0.5, -0.25, -0.25, -0.25};
  FieldValues stored = storedOf(kType, weights);
  // Row 0: lo 0, hi 0.5, scale 0.5 / 15, zero point 0, codes 15.
  // Row 1: lo -0.25, hi 0, scale 0.25 / 15, zero point 15, codes 0.
  Type f32 = Float32Type::get(&context);
  EXPECT_EQ(stored["scales"],
            (Values{encoding::roundToFloatType(0.5 / 15, f32),
                    encoding::roundToFloatType(0.25 / 15, f32)}));
  EXPECT_EQ(stored["zero_points"], (Values{0, 15}));
  EXPECT_EQ(stored["codes"], (Values{15, 15, 15, 0, 0, 0}));
  Floats decoded = dequantizeAll(kType, quantize(kType, weights).storage);
  for (auto [w, d] : llvm::zip_equal(weights, decoded))
    EXPECT_NEAR(d, w, 1e-7);

  // Symmetric: 0.3 everywhere, scale 0.3 / 127, codes 127.
  FieldValues symmetric = storedOf(
      "!compress.tensor<4xf32, #compress.uniform<bits = 8, scale = f32>>",
      {0.3f, 0.3f, 0.3f, 0.3f});
  EXPECT_EQ(symmetric["codes"], (Values{127, 127, 127, 127}));
  EXPECT_EQ(symmetric["scales"],
            (Values{encoding::roundToFloatType(double(0.3f) / 127, f32)}));
}

TEST_F(RoundToNearestTest, NegativeOnlyGroupThreeBitPacking) {
  // lo -7, hi 0: scale 7 / 7 = 1, zero point 7; codes roundeven(w / s) + 7:
  // -7 + 7 = 0, roundeven(-3.5) = -4 -> 3, roundeven(-0.5) = 0 -> 7,
  // -1 + 7 = 6. Packed LSB-first: 0 | 3 << 3 | 7 << 6 | 6 << 9 = 0xDD8 ->
  // bytes D8 0D.
  constexpr StringLiteral kType =
      "!compress.tensor<1x4xf32, #compress.uniform<bits = 3, unsigned, "
      "scale = f32, zero_point = ui3>>";
  quant::QuantizedTensor q = quantize(kType, {-7, -3.5, -0.5, -1});
  EXPECT_EQ(q.storage["codes"], (Bytes{0xD8, 0x0D}));
  EXPECT_EQ(q.storage["zero_points"], (Bytes{0x07}));
  // 1.0f little-endian.
  EXPECT_EQ(q.storage["scales"], (Bytes{0x00, 0x00, 0x80, 0x3F}));
  // Decoded [-7, -4, 0, -1]: errors 0, 0.5^2, 0.5^2, 0.
  EXPECT_EQ(q.squaredError, 0.5);
  EXPECT_EQ(q.squaredNorm, 49 + 12.25 + 0.25 + 1);
}

TEST_F(RoundToNearestTest, SixBitPacking) {
  // Scale 1; codes [31, -31, 1, -1] = 6-bit 0x1F, 0x21, 0x01, 0x3F;
  // 0x1F | 0x21 << 6 | 0x01 << 12 | 0x3F << 18 = 0xFC185F.
  quant::QuantizedTensor q = quantize(
      "!compress.tensor<1x4xf32, #compress.uniform<bits = 6, scale = f32>>",
      {31, -31, 1, -1});
  EXPECT_EQ(q.storage["codes"], (Bytes{0x5F, 0x18, 0xFC}));
  EXPECT_EQ(q.squaredError, 0);
}

TEST_F(RoundToNearestTest, DenormalWeights) {
  const float tiny = std::ldexp(1.0f, -149); // the smallest f32 subnormal
  // f32 scale: 2^-149 / 7 rounds to 0, so the scale is the smallest
  // positive f32 and the codes are exact.
  FieldValues f32Stored = storedOf(
      "!compress.tensor<1x3xf32, #compress.uniform<bits = 4, scale = f32>>",
      {tiny, -tiny, 0});
  EXPECT_EQ(f32Stored["scales"], (Values{std::ldexp(1.0, -149)}));
  EXPECT_EQ(f32Stored["codes"], (Values{1, -1, 0}));

  // amax 2^-140: scale 2^-140 / 7 = 73.14 * 2^-149 rounds to 73 * 2^-149;
  // 2^-140 / (73 * 2^-149) = 512 / 73 = 7.01 -> 7, and 2^-143 -> 0.88 -> 1.
  FieldValues subnormalScale = storedOf(
      "!compress.tensor<1x3xf32, #compress.uniform<bits = 4, scale = f32>>",
      {std::ldexp(1.0f, -140), std::ldexp(-1.0f, -143), 0});
  EXPECT_EQ(subnormalScale["scales"], (Values{std::ldexp(73.0, -149)}));
  EXPECT_EQ(subnormalScale["codes"], (Values{7, -1, 0}));

  // f16 scale: it underflows to 0 and becomes 2^-24, the smallest f16; the
  // weights round to code 0.
  constexpr StringLiteral kF16 =
      "!compress.tensor<1x3xf32, #compress.uniform<bits = 4, scale = f16>>";
  Floats weights = {tiny, -tiny, std::ldexp(1.0f, -126)};
  quant::QuantizedTensor q = quantize(kF16, weights);
  FieldValues f16Stored =
      valueOf(encoding::unpackStorage(layoutOf(kF16), q.storage));
  EXPECT_EQ(f16Stored["scales"], (Values{std::ldexp(1.0, -24)}));
  EXPECT_EQ(f16Stored["codes"], (Values{0, 0, 0}));
  EXPECT_EQ(q.storage["scales"], (Bytes{0x01, 0x00}));
  double norm = 0;
  for (float w : weights)
    norm += double(w) * w;
  EXPECT_EQ(q.squaredError, norm);
  EXPECT_EQ(q.squaredNorm, norm);
}

TEST_F(RoundToNearestTest, HugeGroupsSaturateTheScale) {
  // 1e6 / 7 is above 65504: the f16 scale saturates to 65504 and the codes
  // clamp.
  FieldValues stored = storedOf(
      "!compress.tensor<1x2xf32, #compress.uniform<bits = 4, scale = f16>>",
      {1e6f, -1e6f});
  EXPECT_EQ(stored["scales"], (Values{65504}));
  EXPECT_EQ(stored["codes"], (Values{7, -8}));
}

TEST_F(RoundToNearestTest, F16ScaleRoundingDecidesCodes) {
  // amax = 7 (1 + 2^-12): the exact scale 1 + 2^-12 is an f32 but rounds to
  // 1 in f16. w = 2.5 + 2^-11 is 2.4999 scales with the f32 scale (code 2)
  // and 2.5005 with the f16 one (code 3).
  Floats weights = {7 * (1 + std::ldexp(1.0f, -12)),
                    2.5f + std::ldexp(1.0f, -11)};
  FieldValues f32Stored = storedOf(
      "!compress.tensor<1x2xf32, #compress.uniform<bits = 4, scale = f32>>",
      weights);
  EXPECT_EQ(f32Stored["scales"], (Values{1 + std::ldexp(1.0, -12)}));
  EXPECT_EQ(f32Stored["codes"], (Values{7, 2}));
  quant::QuantizedTensor q = quantize(
      "!compress.tensor<1x2xf32, #compress.uniform<bits = 4, scale = f16>>",
      weights);
  EXPECT_EQ(q.storage["scales"], (Bytes{0x00, 0x3C}));
  EXPECT_EQ(valueOf(encoding::unpackStorage(
                layoutOf("!compress.tensor<1x2xf32, #compress.uniform<"
                         "bits = 4, scale = f16>>"),
                q.storage))["codes"],
            (Values{7, 3}));
}

TEST_F(RoundToNearestTest, BF16ScaleRoundingDecidesCodes) {
  // Scale 1 + 2^-9 rounds to 1 in bf16; 2.5 + 2^-8 gives code 2 with the
  // f32 scale and 3 with the bf16 one.
  Floats weights = {7 * (1 + std::ldexp(1.0f, -9)),
                    2.5f + std::ldexp(1.0f, -8)};
  FieldValues f32Stored = storedOf(
      "!compress.tensor<1x2xf32, #compress.uniform<bits = 4, scale = f32>>",
      weights);
  EXPECT_EQ(f32Stored["codes"], (Values{7, 2}));
  constexpr StringLiteral kBF16 =
      "!compress.tensor<1x2xf32, #compress.uniform<bits = 4, scale = bf16>>";
  quant::QuantizedTensor q = quantize(kBF16, weights);
  EXPECT_EQ(q.storage["scales"], (Bytes{0x80, 0x3F}));
  EXPECT_EQ(
      valueOf(encoding::unpackStorage(layoutOf(kBF16), q.storage))["codes"],
      (Values{7, 3}));
}

TEST_F(RoundToNearestTest, PerAxisOne) {
  // Columns: [127, -63.5] scale 1 -> [127, -64]; [-254, 3] scale 2 ->
  // [-127, 2]; [0, 0] scale 1 -> [0, 0].
  FieldValues stored = storedOf(
      "!compress.tensor<2x3xf32, #compress.uniform<bits = 8, per_axis = 1, "
      "scale = f32>>",
      {127, -254, 0, -63.5, 3, 0});
  EXPECT_EQ(stored["scales"], (Values{1, 2, 1}));
  EXPECT_EQ(stored["codes"], (Values{127, -127, 0, -64, 2, 0}));
}

TEST_F(RoundToNearestTest, TwoDimensionalBlocks) {
  // Block (cols 0-1) amax 7, scale 1: [7, 1, -2, 0.5 -> 0]; block (cols 2-3)
  // amax 14, scale 2: [7, -1.5 -> -2, 2.5 -> 2, 3.5 -> 4].
  FieldValues stored = storedOf(
      "!compress.tensor<2x4xf32, #compress.uniform<bits = 4, block = [2, 2], "
      "scale = f32>>",
      {7, 1, 14, -3, -2, 0.5, 5, 7});
  EXPECT_EQ(stored["scales"], (Values{1, 2}));
  EXPECT_EQ(stored["codes"], (Values{7, 1, 7, -2, -2, 0, 2, 4}));
}

TEST_F(RoundToNearestTest, ThreeDimensionalPerAxis) {
  // Axis 1 of 2x2x2: group 0 holds elements 0, 1, 4, 5 ([7, -1, 3, 0],
  // scale 1), group 1 elements 2, 3, 6, 7 ([14, 2, -6, 1], scale 2).
  FieldValues stored = storedOf(
      "!compress.tensor<2x2x2xf32, #compress.uniform<bits = 4, per_axis = 1, "
      "scale = f32>>",
      {7, -1, 14, 2, 3, 0, -6, 1});
  EXPECT_EQ(stored["scales"], (Values{1, 2}));
  EXPECT_EQ(stored["codes"], (Values{7, -1, 7, 1, 3, 0, -3, 0}));
}

TEST_F(RoundToNearestTest, ThreeDimensionalBlocks) {
  // Blocks [1, 2, 2] of 2x2x4: four blocks with amax 7, 14, 28, 0.
  FieldValues stored =
      storedOf("!compress.tensor<2x2x4xf32, #compress.uniform<bits = 4, "
               "block = [1, 2, 2], scale = f32>>",
               {7, 1, 14, 2,  //
                -3, 2, 3, -2, //
                28, 4, 0, 0,  //
                -6, 10, 0, 0});
  EXPECT_EQ(stored["scales"], (Values{1, 2, 4, 1}));
  EXPECT_EQ(stored["codes"], (Values{7, 1, 7, 1,   //
                                     -3, 2, 2, -1, //
                                     7, 1, 0, 0,   //
                                     -2, 2, 0, 0}));
}

TEST_F(RoundToNearestTest, EveryBitWidth) {
  for (unsigned bits = 1; bits <= 8; ++bits) {
    SCOPED_TRACE(bits);
    // Signed: amax = qmax (1 for one bit), so the scale is 1 and the codes
    // are the weights; -qmax - 0.5 would round to -qmax - 1 (ties to even
    // for even qmax + 1).
    int qmax = std::max((1 << (bits - 1)) - 1, 1);
    std::string signedType =
        "!compress.tensor<4xf32, #compress.uniform<bits = " +
        std::to_string(bits) + ", scale = f32>>";
    int low = bits == 1 ? -1 : -qmax;
    int high = bits == 1 ? 0 : qmax;
    FieldValues s =
        storedOf(signedType, {float(high), float(low), 0, float(high - 1)});
    EXPECT_EQ(s["scales"], (Values{bits == 1 ? 1.0 : 1.0}));
    EXPECT_EQ(s["codes"],
              (Values{double(high), double(low), 0, double(high - 1)}));
    // Unsigned with a zero point: weights 0 .. 2^b - 1 give scale 1, zero
    // point 0 and the weights as codes.
    int top = (1 << bits) - 1;
    std::string unsignedType =
        "!compress.tensor<3xf32, #compress.uniform<bits = " +
        std::to_string(bits) + ", unsigned, scale = f32, zero_point = ui" +
        std::to_string(bits) + ">>";
    FieldValues u = storedOf(unsignedType, {0, float(top), float(top / 2)});
    EXPECT_EQ(u["scales"], (Values{1}));
    EXPECT_EQ(u["zero_points"], (Values{0}));
    EXPECT_EQ(u["codes"], (Values{0, double(top), double(top / 2)}));
  }
}

TEST_F(RoundToNearestTest, UnsignedWithoutZeroPointClampsNegatives) {
  // Scale hi / 15 = 1: negative weights clamp to code 0.
  FieldValues stored =
      storedOf("!compress.tensor<4xf32, #compress.uniform<bits = 4, unsigned, "
               "scale = f32>>",
               {15, 2.5, -3, 0});
  EXPECT_EQ(stored["scales"], (Values{1}));
  EXPECT_EQ(stored["codes"], (Values{15, 2, 0, 0}));
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST_F(RoundToNearestTest, NaNAndInfinities) {
  constexpr StringLiteral kType =
      "!compress.tensor<2x8xf32, #compress.uniform<bits = 4, block = [1, 4], "
      "scale = f16>>";
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  Floats weights(16, 1.0f);
  weights[12] = inf;
  weights[5] = nan;
  EXPECT_EQ(errorFor(kType, weights), "weight element 5 is NaN");
  weights[5] = 1;
  EXPECT_EQ(errorFor(kType, weights), "weight element 12 is +inf");
  weights[3] = -inf;
  EXPECT_EQ(errorFor(kType, weights), "weight element 3 is -inf");
  weights[3] = -nan;
  EXPECT_EQ(errorFor(kType, weights), "weight element 3 is NaN");
}

TEST_F(RoundToNearestTest, FirstNaNAcrossChunksWithAPool) {
  // 512 x 1024 values span several chunks; the first bad one is reported,
  // whichever chunk finishes first.
  constexpr StringLiteral kType =
      "!compress.tensor<512x1024xf32, #compress.uniform<bits = 4, "
      "block = [1, 128], scale = f16>>";
  Floats weights = randomWeights(512 * 1024, 7);
  weights[400000] = std::numeric_limits<float>::quiet_NaN();
  weights[300001] = -std::numeric_limits<float>::infinity();
  weights[500000] = std::numeric_limits<float>::infinity();
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(2));
  EXPECT_EQ(errorFor(kType, weights, &pool), "weight element 300001 is -inf");
  EXPECT_EQ(errorFor(kType, weights), "weight element 300001 is -inf");
}

TEST_F(RoundToNearestTest, WrongWeightCount) {
  EXPECT_EQ(errorFor("!compress.tensor<2x2xf32, #compress.uniform<bits = 4, "
                     "scale = f32>>",
                     {1, 2, 3}),
            "expected 4 weights, got 3");
}

TEST_F(RoundToNearestTest, UnsupportedEncodings) {
  struct Case {
    const char *type;
    const char *error;
  };
  const Case cases[] = {
      {"!compress.tensor<4x8xf32, #compress.lut<bits = 4, codebook = f16>>",
       "round-to-nearest quantizes #compress.uniform encodings, not "
       "#compress.lut<bits = 4, codebook = f16>"},
      {"!compress.tensor<4x8xf32, #compress.uniform<bits = 4, unsigned, "
       "scale = f16, min = f16>>",
       "round-to-nearest does not support min = f16; use an integer "
       "zero_point"},
      {"!compress.tensor<4x8xf32, #compress.uniform<bits = 4, "
       "scale = f8E4M3FN>>",
       "round-to-nearest needs scale = f32, f16 or bf16, not f8E4M3FN"},
      {"!compress.tensor<4x8xf32, #compress.uniform<bits = 4, per_axis = 0, "
       "scale = #compress.uniform<bits = 8, scale = f32>>>",
       "round-to-nearest needs scale = f32, f16 or bf16, not "
       "#compress.uniform<bits = 8, scale = f32>"},
      {"!compress.tensor<4x8xf32, #compress.uniform<bits = 4, unsigned, "
       "scale = f16, zero_point = f16>>",
       "round-to-nearest needs an integer zero_point (ui<b> or i<b>), not "
       "f16"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.type);
    CompressedTensorType type = typeOf(c.type);
    ASSERT_TRUE(type);
    EXPECT_FALSE(quant::isSupportedByRoundToNearest(type));
    EXPECT_EQ(errorOf(quant::checkSupportedByRoundToNearest(type)), c.error);
    EXPECT_EQ(errorOf(quant::quantizeRoundToNearest(
                  type, Floats(type.getNumElements(), 1.0f))),
              c.error);
    Floats out(4);
    EXPECT_EQ(errorOf(quant::dequantizeRange(type, {}, 0, 4, out)), c.error);
  }
}

TEST_F(RoundToNearestTest, DequantizeRangeChecksItsArguments) {
  constexpr StringLiteral kType =
      "!compress.tensor<2x4xf32, #compress.uniform<bits = 4, scale = f32>>";
  CompressedTensorType type = typeOf(kType);
  quant::QuantizedTensor q = quantize(kType, Floats(8, 1.0f));
  Floats out(4);
  EXPECT_EQ(errorOf(quant::dequantizeRange(type, q.storage, 6, 10, out)),
            "element range [6, 10) is not within [0, 8]");
  EXPECT_EQ(errorOf(quant::dequantizeRange(type, q.storage, 0, 3, out)),
            "the output holds 4 values, expected 3");
  encoding::StorageBytes missing = q.storage;
  missing.erase("scales");
  EXPECT_EQ(errorOf(quant::dequantizeRange(type, missing, 0, 4, out)),
            "no bytes for storage 'scales'");
  encoding::StorageBytes shortCodes = q.storage;
  shortCodes["codes"].pop_back();
  EXPECT_EQ(errorOf(quant::dequantizeRange(type, shortCodes, 0, 4, out)),
            "'codes' holds 3 bytes, expected 4");
}

//===----------------------------------------------------------------------===//
// Against an independent reference, on random weights
//===----------------------------------------------------------------------===//

/// The stored values that the rules in RoundToNearest.h give, computed per
/// element from multi-indices, with scales rounded by APFloat.
FieldValues referenceQuantize(CompressedTensorType type,
                              const Floats &weights) {
  auto attr = cast<UniformAttr>(type.getEncoding());
  ArrayRef<int64_t> shape = type.getShape();
  Granularity granularity{attr.getAxis(), attr.getBlock()};
  SmallVector<int64_t> block = granularity.getBlockShape(shape);
  SmallVector<int64_t> params = granularity.getParamShape(shape);
  int64_t numGroups = 1;
  for (int64_t p : params)
    numGroups *= p;
  std::vector<int64_t> groupOf(weights.size());
  for (size_t i = 0; i < weights.size(); ++i) {
    int64_t rest = i, group = 0, stride = 1;
    for (int64_t d = shape.size() - 1; d >= 0; --d) {
      group += (rest % shape[d]) / block[d] * stride;
      stride *= params[d];
      rest /= shape[d];
    }
    groupOf[i] = group;
  }
  std::vector<double> lo(numGroups, INFINITY), hi(numGroups, -INFINITY);
  for (size_t i = 0; i < weights.size(); ++i) {
    lo[groupOf[i]] = std::min<double>(lo[groupOf[i]], weights[i]);
    hi[groupOf[i]] = std::max<double>(hi[groupOf[i]], weights[i]);
  }
  unsigned bits = attr.getBits();
  bool isSigned = attr.getIsSigned();
  double codeMin = isSigned ? -std::ldexp(1.0, bits - 1) : 0;
  double codeMax =
      isSigned ? std::ldexp(1.0, bits - 1) - 1 : std::ldexp(1.0, bits) - 1;
  Type scaleType = cast<TypeAttr>(attr.getScale()).getValue();
  const llvm::fltSemantics &sem =
      cast<FloatType>(scaleType).getFloatSemantics();
  double smallest = llvm::APFloat::getSmallest(sem).convertToDouble();
  double largest = llvm::APFloat::getLargest(sem).convertToDouble();
  IntegerType zeroType;
  if (attr.getZeroPoint())
    zeroType =
        cast<IntegerType>(cast<TypeAttr>(attr.getZeroPoint()).getValue());

  FieldValues result;
  std::vector<double> &scales = result["scales"];
  std::vector<double> &zeros = result["zero_points"];
  for (int64_t g = 0; g < numGroups; ++g) {
    double low = std::min(lo[g], 0.0), high = std::max(hi[g], 0.0);
    double raw;
    if (zeroType)
      raw = (high - low) / (codeMax - codeMin);
    else if (isSigned)
      raw = std::max(-low, high) / std::max(codeMax, 1.0);
    else
      raw = high / codeMax;
    double scale = 1;
    if (raw != 0) {
      scale = encoding::roundToFloatType(raw, scaleType);
      if (scale == 0)
        scale = smallest;
      if (std::isinf(scale))
        scale = largest;
    }
    scales.push_back(scale);
    if (zeroType) {
      double z =
          std::clamp(std::nearbyint(codeMin - low / scale), codeMin, codeMax);
      unsigned width = zeroType.getWidth();
      double zMin = zeroType.isUnsigned() ? 0 : -std::ldexp(1.0, width - 1);
      double zMax = zeroType.isUnsigned() ? std::ldexp(1.0, width) - 1
                                          : std::ldexp(1.0, width - 1) - 1;
      zeros.push_back(std::clamp(z, zMin, zMax));
    } else {
      zeros.push_back(0);
    }
  }
  std::vector<double> &codes = result["codes"];
  for (size_t i = 0; i < weights.size(); ++i) {
    int64_t g = groupOf[i];
    codes.push_back(std::clamp(
        std::nearbyint(weights[i] / scales[g]) + zeros[g], codeMin, codeMax));
  }
  if (!zeroType)
    result.erase("zero_points");
  return result;
}

class RoundToNearestReferenceTest
    : public RoundToNearestTest,
      public ::testing::WithParamInterface<const char *> {};

TEST_P(RoundToNearestReferenceTest, MatchesReferenceDecoderAndErrors) {
  StringRef typeText = GetParam();
  CompressedTensorType type = typeOf(typeText);
  ASSERT_TRUE(type);
  int64_t n = type.getNumElements();
  // Weights of mixed magnitudes, with exact zeros and one zero group at the
  // start (the first 16 elements).
  Floats weights = randomWeights(n, 42);
  std::mt19937 rng(3);
  for (int64_t i = 0; i < n; ++i) {
    if (i < 16 || rng() % 17 == 0)
      weights[i] = 0;
    else if (i % 5 == 0)
      weights[i] *= 1e-3f;
  }

  quant::QuantizedTensor q = quantize(typeText, weights);
  encoding::Layout layout = encoding::getLayout(type);
  FieldValues stored = valueOf(encoding::unpackStorage(layout, q.storage));
  FieldValues expected = referenceQuantize(type, weights);
  EXPECT_EQ(stored["scales"], expected["scales"]);
  if (layout.lookup("zero_points"))
    EXPECT_EQ(stored["zero_points"], expected["zero_points"]);
  EXPECT_EQ(stored["codes"], expected["codes"]);

  // The reference decoder, rounded to f32, equals dequantizeRange, and the
  // errors are those of the f32 values (summed here in another order).
  std::vector<double> decoded = valueOf(encoding::decode(type, stored));
  Floats dequantized = dequantizeAll(typeText, q.storage);
  ASSERT_EQ(decoded.size(), dequantized.size());
  double squaredError = 0, squaredNorm = 0;
  for (int64_t i = 0; i < n; ++i) {
    ASSERT_EQ(static_cast<float>(decoded[i]), dequantized[i])
        << "element " << i;
    double diff = double(weights[i]) - static_cast<float>(decoded[i]);
    squaredError += diff * diff;
    squaredNorm += double(weights[i]) * weights[i];
  }
  EXPECT_NEAR(q.squaredError, squaredError, 1e-12 * squaredError);
  EXPECT_NEAR(q.squaredNorm, squaredNorm, 1e-12 * squaredNorm);

  // A range that starts and ends inside rows.
  int64_t begin = n / 3, end = n - n / 5;
  Floats part(end - begin);
  llvm::Error err = quant::dequantizeRange(type, q.storage, begin, end, part);
  ASSERT_FALSE(err) << llvm::toString(std::move(err));
  EXPECT_EQ(part,
            Floats(dequantized.begin() + begin, dequantized.begin() + end));
}

INSTANTIATE_TEST_SUITE_P(
    RoundToNearest, RoundToNearestReferenceTest,
    ::testing::Values(
        "!compress.tensor<1xf32, #compress.uniform<bits = 4, scale = f16>>",
        "!compress.tensor<4x256xf32, #compress.uniform<bits = 4, "
        "block = [1, 128], scale = f16>>",
        "!compress.tensor<4x256xf32, #compress.uniform<bits = 4, unsigned, "
        "block = [1, 64], scale = bf16, zero_point = ui4>>",
        "!compress.tensor<256x4xf32, #compress.uniform<bits = 4, "
        "block = [128, 1], scale = f16, zero_point = i4>>",
        "!compress.tensor<16x24xf32, #compress.uniform<bits = 8, "
        "per_axis = 0, scale = f32>>",
        "!compress.tensor<16x24xf32, #compress.uniform<bits = 8, "
        "per_axis = 1, scale = f16>>",
        "!compress.tensor<16x24xf32, #compress.uniform<bits = 8, unsigned, "
        "block = [4, 8], scale = bf16, zero_point = ui8>>",
        "!compress.tensor<6x10xf32, #compress.uniform<bits = 3, scale = f32>>",
        "!compress.tensor<8x12xf32, #compress.uniform<bits = 5, unsigned, "
        "block = [4, 3], scale = f16, zero_point = ui8>>",
        "!compress.tensor<3x4x6xf32, #compress.uniform<bits = 6, "
        "block = [1, 2, 3], scale = f32, zero_point = i6>>",
        "!compress.tensor<4x3x3x5xf32, #compress.uniform<bits = 2, "
        "per_axis = 3, scale = bf16>>",
        "!compress.tensor<5x3x3x2xf32, #compress.uniform<bits = 7, unsigned, "
        "per_axis = 0, scale = f16, zero_point = ui7>>",
        "!compress.tensor<2x3x4xf32, #compress.uniform<bits = 1, "
        "per_axis = 1, scale = f32>>",
        "!compress.tensor<2x3x4xf32, #compress.uniform<bits = 4, unsigned, "
        "block = [2, 1, 2], scale = f32>>",
        "!compress.tensor<7x9xf32, #compress.uniform<bits = 3, unsigned, "
        "per_axis = 1, scale = f16, zero_point = ui2>>",
        "!compress.tensor<4x6x8xf32, #compress.uniform<bits = 4, "
        "block = [2, 1, 4], scale = f16, zero_point = i3>>",
        "!compress.tensor<6x1x5xf32, #compress.uniform<bits = 2, unsigned, "
        "per_axis = 2, scale = f16, zero_point = ui16>>",
        "!compress.tensor<333x999xf32, #compress.uniform<bits = 3, "
        "scale = f16>>",
        "!compress.tensor<301x999xf32, #compress.uniform<bits = 3, unsigned, "
        "per_axis = 1, scale = bf16, zero_point = ui3>>",
        "!compress.tensor<512x1024xf32, #compress.uniform<bits = 4, "
        "block = [1, 128], scale = f16>>",
        "!compress.tensor<64x8x3x3xf32, #compress.uniform<bits = 5, "
        "per_axis = 0, scale = f16>>"));

TEST_F(RoundToNearestTest, ScalesOfEveryMagnitude) {
  // One row per magnitude 2^-150 .. 2^40: scales underflow, are subnormal,
  // normal or saturate, in every format; the reference rounds with APFloat.
  for (const char *scale : {"f32", "f16", "bf16"}) {
    SCOPED_TRACE(scale);
    std::string typeText =
        std::string("!compress.tensor<191x8xf32, #compress.uniform<bits = "
                    "4, per_axis = 0, scale = ") +
        scale + ">>";
    CompressedTensorType type = typeOf(typeText);
    Floats weights = randomWeights(191 * 8, 11);
    for (int64_t row = 0; row < 191; ++row)
      for (int64_t k = 0; k < 8; ++k)
        weights[row * 8 + k] = std::ldexp(weights[row * 8 + k], row - 150);
    FieldValues stored = storedOf(typeText, weights);
    FieldValues expected = referenceQuantize(type, weights);
    EXPECT_EQ(stored["scales"], expected["scales"]);
    EXPECT_EQ(stored["codes"], expected["codes"]);
  }
}

//===----------------------------------------------------------------------===//
// Threads
//===----------------------------------------------------------------------===//

TEST_F(RoundToNearestTest, SameResultsWithAndWithoutAPool) {
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(2));
  for (const char *typeText :
       {"!compress.tensor<512x1024xf32, #compress.uniform<bits = 4, "
        "block = [1, 128], scale = f16>>",
        "!compress.tensor<512x1024xf32, #compress.uniform<bits = 4, unsigned, "
        "block = [128, 1], scale = bf16, zero_point = ui4>>",
        "!compress.tensor<512x1024xf32, #compress.uniform<bits = 8, "
        "per_axis = 1, scale = f32>>",
        "!compress.tensor<512x1024xf32, #compress.uniform<bits = 3, "
        "scale = f16>>",
        "!compress.tensor<333x999xf32, #compress.uniform<bits = 3, "
        "unsigned, block = [9, 27], scale = f16, zero_point = ui3>>"}) {
    SCOPED_TRACE(typeText);
    CompressedTensorType type = typeOf(typeText);
    Floats weights = randomWeights(type.getNumElements(), 5, 0.02);
    quant::QuantizedTensor serial = quantize(typeText, weights);
    quant::QuantizedTensor parallel = quantize(typeText, weights, &pool);
    for (const encoding::StorageSpec &spec : encoding::getLayout(type).storage)
      EXPECT_EQ(serial.storage[spec.role], parallel.storage[spec.role])
          << spec.role;
    EXPECT_EQ(serial.squaredError, parallel.squaredError);
    EXPECT_EQ(serial.squaredNorm, parallel.squaredNorm);
    EXPECT_GT(serial.squaredError, 0);
    // From a task of the pool itself: the group wait runs the chunks.
    quant::QuantizedTensor nested;
    pool.async([&] {
          nested = valueOf(quant::quantizeRoundToNearest(type, weights, &pool));
        })
        .wait();
    EXPECT_EQ(nested.storage["codes"], serial.storage["codes"]);
    EXPECT_EQ(nested.squaredError, serial.squaredError);
  }
}

} // namespace
