//===- EncoderTest.cpp - Every encoding from dense weights ----------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The encoder's lossless cases (exact to float rounding), checked through the
// reference decoder on the packed storage: N:M on an N:M weight, 2^b-entry
// codebooks on weights with at most 2^b values per codebook, rank r on a
// rank-r weight, outliers that hold every nonzero. Then the methods that must
// beat their baselines on the same data: GPTQ vs round to nearest (output
// error), EoRA vs the body alone and vs plain SVD of the residual, Wanda vs
// magnitude pruning, and weighted vs plain k-means (in the weighted metric).
//
//===----------------------------------------------------------------------===//

#include "lib/Quantizers/Encoder.h"

#include "lib/Encoding/Decode.h"
#include "lib/Encoding/Layout.h"
#include "test/unit/Encoding/EncodingTestSupport.h"

#include "llvm/Support/ThreadPool.h"

#include <cmath>
#include <random>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::testing;

namespace {

using Floats = std::vector<float>;

class EncoderTest : public EncodingTest {
protected:
  quant::EncodedWeight encode(StringRef typeText, const Floats &weights,
                              quant::Methods methods = {},
                              const quant::CalibrationData *calibration =
                                  nullptr) {
    CompressedTensorType type = typeOf(typeText);
    EXPECT_TRUE(type) << typeText.str();
    quant::EncodeRequest request;
    request.type = type;
    request.weights = weights;
    request.reductionAxis = type.getRank() - 1;
    request.methods = methods;
    request.calibration = calibration;
    request.pool = &pool;
    return valueOf(quant::encodeWeight(request));
  }
  std::string encodeError(StringRef typeText, const Floats &weights,
                          quant::Methods methods = {}) {
    quant::EncodeRequest request;
    request.type = typeOf(typeText);
    request.weights = weights;
    request.reductionAxis = request.type.getRank() - 1;
    request.methods = methods;
    return errorOf(quant::encodeWeight(request));
  }
  /// The reference decoder's values of the packed storage, which must equal
  /// the encoder's own decoded values.
  std::vector<double> decodeStored(StringRef typeText,
                                   const quant::EncodedWeight &encoded) {
    CompressedTensorType type = typeOf(typeText);
    encoding::FieldValues fields =
        valueOf(encoding::unpackStorage(encoding::getLayout(type),
                                        encoded.storage));
    std::vector<double> decoded = valueOf(encoding::decode(type, fields));
    EXPECT_EQ(decoded.size(), encoded.decoded.size());
    for (size_t i = 0; i < decoded.size() && i < encoded.decoded.size(); ++i)
      EXPECT_NEAR(decoded[i], encoded.decoded[i],
                  1e-6 * (1 + std::abs(decoded[i])))
          << "element " << i;
    return decoded;
  }
  void expectExact(StringRef typeText, const Floats &weights,
                   quant::Methods methods = {}) {
    quant::EncodedWeight encoded = encode(typeText, weights, methods);
    std::vector<double> decoded = decodeStored(typeText, encoded);
    ASSERT_EQ(decoded.size(), weights.size());
    for (size_t i = 0; i < weights.size(); ++i)
      EXPECT_EQ(decoded[i], weights[i]) << typeText.str() << " element " << i;
    EXPECT_EQ(encoded.squaredError, 0.0) << typeText.str();
  }

  llvm::StdThreadPool pool{llvm::hardware_concurrency(2)};
};

Floats randomNormal(int64_t count, unsigned seed, float scale = 1.0f) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, scale);
  Floats values(count);
  for (float &v : values)
    v = normal(rng);
  return values;
}

/// ||X W^T - X Q^T|| / ||X W^T|| for W, Q of [rows, cols], X of [n, cols].
double outputError(const Floats &w, ArrayRef<float> q, const Floats &x,
                   int64_t rows, int64_t cols) {
  int64_t n = x.size() / cols;
  double diff = 0, norm = 0;
  for (int64_t s = 0; s < n; ++s)
    for (int64_t r = 0; r < rows; ++r) {
      double y = 0, yq = 0;
      for (int64_t c = 0; c < cols; ++c) {
        y += double(x[s * cols + c]) * w[r * cols + c];
        yq += double(x[s * cols + c]) * q[r * cols + c];
      }
      diff += (y - yq) * (y - yq);
      norm += y * y;
    }
  return std::sqrt(diff / norm);
}

/// Calibration inputs with very different column scales and correlations,
/// where the methods that use them have something to gain.
Floats anisotropicInputs(int64_t n, int64_t cols, unsigned seed) {
  Floats x = randomNormal(n * cols, seed);
  for (int64_t s = 0; s < n; ++s)
    for (int64_t c = 0; c < cols; ++c) {
      float &v = x[s * cols + c];
      v *= 0.1f + 3.0f * float(c % 7) / 7.0f;
      if (c > 0)
        v += 0.8f * x[s * cols + c - 1];
    }
  return x;
}

//===----------------------------------------------------------------------===//
// Lossless cases
//===----------------------------------------------------------------------===//

TEST_F(EncoderTest, NMOnAnNMWeightIsExact) {
  // 2:4 along rows of 16, then 1:4 along the other axis.
  Floats w = randomNormal(8 * 16, 1);
  for (int64_t r = 0; r < 8; ++r)
    for (int64_t g = 0; g < 4; ++g) {
      // Zero two of each four, at places that change with the group.
      w[r * 16 + g * 4 + (r + g) % 4] = 0;
      w[r * 16 + g * 4 + (r + g + 1) % 4] = 0;
    }
  expectExact("!compress.tensor<8x16xf32, #compress.sparse<nm = [2, 4], "
              "values = f32>>",
              w);
  Floats v = randomNormal(8 * 6, 2);
  for (int64_t g = 0; g < 2; ++g)
    for (int64_t c = 0; c < 6; ++c)
      for (int64_t p = 0; p < 4; ++p)
        if (p != (g + c) % 4)
          v[(g * 4 + p) * 6 + c] = 0;
  expectExact("!compress.tensor<8x6xf32, #compress.sparse<nm = [1, 4], axis "
              "= 0, values = f32>>",
              v);
}

TEST_F(EncoderTest, CodebooksWithEnoughEntriesAreExact) {
  // Each row has at most 4 distinct f16-exact values: 2-bit codebooks per
  // row reproduce it; a per-tensor 3-bit codebook holds all 8 values.
  const float palette[] = {-1.5f, -0.25f, 0.0f, 0.125f, 0.5f, 0.75f, 2.0f, 3.5f};
  Floats w(6 * 20);
  for (int64_t r = 0; r < 6; ++r)
    for (int64_t c = 0; c < 20; ++c)
      w[r * 20 + c] = palette[(r % 2) * 4 + (c * c + r) % 4];
  expectExact("!compress.tensor<6x20xf32, #compress.lut<bits = 2, codebook = "
              "f16, codebook_axis = 0>>",
              w);
  expectExact("!compress.tensor<6x20xf32, #compress.lut<bits = 3, codebook = "
              "f32>>",
              w);
  // Fewer distinct values than entries.
  Floats two(6 * 20);
  for (int64_t i = 0; i < 120; ++i)
    two[i] = i % 3 ? 0.5f : -0.75f;
  expectExact("!compress.tensor<6x20xf32, #compress.lut<bits = 4, codebook = "
              "bf16, codebook_block = [2, 10]>>",
              two);
}

TEST_F(EncoderTest, LowRankOfARankRWeight) {
  // W = A B with A [24, 3], B [3, 40]: rank 3 reproduces it.
  int64_t rows = 24, cols = 40, rank = 3;
  Floats a = randomNormal(rows * rank, 3), b = randomNormal(rank * cols, 4);
  Floats w(rows * cols, 0.0f);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      for (int64_t k = 0; k < rank; ++k)
        w[r * cols + c] += a[r * rank + k] * b[k * cols + c];
  StringRef text =
      "!compress.tensor<24x40xf32, #compress.lowrank<rank = 3, u = f32, v = "
      "f32>>";
  quant::EncodedWeight encoded = encode(text, w);
  std::vector<double> decoded = decodeStored(text, encoded);
  double maxAbs = 0;
  for (float v : w)
    maxAbs = std::max(maxAbs, double(std::abs(v)));
  for (size_t i = 0; i < w.size(); ++i)
    EXPECT_NEAR(decoded[i], w[i], 1e-5 * maxAbs) << i;
  EXPECT_LT(std::sqrt(encoded.squaredError / encoded.squaredNorm), 1e-6);
  EXPECT_EQ(encoded.method, "svd");
}

TEST_F(EncoderTest, OutliersHoldingEveryNonzeroAreExact) {
  // 1% of 64x50 = 32 nonzero f16-exact values: the body sees zeros only.
  Floats w(64 * 50, 0.0f);
  std::mt19937 rng(5);
  for (int k = 0; k < 32; ++k) {
    int64_t i = (k * 97 + 13) % w.size();
    w[i] = std::ldexp(float(int(rng() % 2000) - 1000), -7);
  }
  StringRef text = "!compress.tensor<64x50xf32, #compress.sum<"
                   "#compress.uniform<bits = 3, block = [1, 10], scale = f16>,"
                   " #compress.sparse<csr, nnz = 32, index = i16, values = "
                   "f16>>>";
  expectExact(text, w);
  // The same with a codebook body (SqueezeLLM's form).
  expectExact("!compress.tensor<64x50xf32, #compress.sum<#compress.lut<bits "
              "= 4, codebook = f16, codebook_axis = 0>, #compress.sparse<csr, "
              "nnz = 32, index = i16, values = f16>>>",
              w);
}

TEST_F(EncoderTest, PartsDecodeAsStored) {
  // Every other family: the stored data decode to the encoder's values.
  Floats w = randomNormal(32 * 64, 6);
  for (StringRef text : {
           "!compress.tensor<32x64xf32, #compress.lut<table = nf4, block = "
           "[1, 32], scale = f16>>",
           "!compress.tensor<32x64xf32, #compress.float<f8E4M3FN, per_axis = "
           "0, scale = f32>>",
           "!compress.tensor<32x64xf32, #compress.float<f8E5M2, per_axis = 0, "
           "scale = f32>>",
           "!compress.tensor<32x64xf32, #compress.float<f4E2M1FN, block = [1, "
           "32], scale = f8E8M0FNU>>",
           "!compress.tensor<32x64xf32, #compress.float<f4E2M1FN, block = [1, "
           "16], scale = #compress.float<f8E4M3FN, scale = f32>>>",
           "!compress.tensor<32x64xf32, #compress.sparse<nm = [2, 4], values "
           "= #compress.uniform<bits = 4, block = [1, 16], scale = f16>>>",
           "!compress.tensor<32x64xf32, #compress.sparse<block = [1, 16], "
           "kept = 64, index = i16, values = #compress.uniform<bits = 4, "
           "block = [1, 16], scale = f16>>>",
           "!compress.tensor<32x64xf32, #compress.sparse<bitmap, nnz = 700, "
           "values = f16>>",
           "!compress.tensor<32x64xf32, #compress.sum<#compress.uniform<bits "
           "= 4, block = [1, 32], scale = f16>, #compress.lowrank<rank = 4, u "
           "= f16, v = f16>>>",
           "!compress.tensor<32x64xf32, #compress.permuted<axis = 1, body = "
           "#compress.uniform<bits = 4, block = [1, 32], scale = f16>>>",
       }) {
    quant::EncodedWeight encoded = encode(text, w);
    decodeStored(text, encoded);
    double error = std::sqrt(encoded.squaredError / encoded.squaredNorm);
    EXPECT_GT(error, 0.0) << text.str();
    EXPECT_LT(error, 0.75) << text.str();
  }
}

TEST_F(EncoderTest, SmallFloatScales) {
  // MXFP4: power-of-two scales 2^(floor(log2 amax) - 2); blocks of FP4
  // values times 2^k whose largest magnitude is 6 * 2^k are exact.
  const float fp4[] = {0.0f, 0.5f, 1.0f, 1.5f, 2.0f, 3.0f, 4.0f, 6.0f};
  Floats w(2 * 32, 0.0f);
  for (int64_t i = 0; i < 64; ++i)
    w[i] = std::ldexp(fp4[i % 8] * (i % 3 ? 1.0f : -1.0f), i < 32 ? 0 : -5);
  expectExact("!compress.tensor<2x32xf32, #compress.float<f4E2M1FN, block = "
              "[1, 32], scale = f8E8M0FNU>>",
              w);
}

TEST_F(EncoderTest, Errors) {
  Floats w(4 * 8, 1.0f);
  EXPECT_EQ(encodeError("!compress.tensor<4x8xf32, #compress.product<f16, "
                        "f16>>",
                        w),
            "no quantizer for #compress.product<f16, f16>: a product of "
            "tensors has no compression method yet");
  EXPECT_EQ(encodeError("!compress.tensor<4x8xf32, #compress.lut<bits = 4, "
                        "dim = 2, codebook = f16>>",
                        w),
            "no quantizer for #compress.lut<bits = 4, codebook = f16, dim = "
            "2>: k-means builds scalar codebooks without scales");
  quant::Methods gptq;
  gptq.gptq = true;
  EXPECT_EQ(encodeError("!compress.tensor<4x8xf32, #compress.uniform<bits = "
                        "4, scale = f16>>",
                        w, gptq),
            "method 'gptq' needs calibration inputs");
  quant::Methods wanda;
  wanda.wanda = true;
  EXPECT_EQ(encodeError("!compress.tensor<4x8xf32, #compress.uniform<bits = "
                        "4, scale = f16>>",
                        w, wanda),
            "method 'wanda' applies to a sparsity pattern, and the encoding "
            "#compress.uniform<bits = 4, scale = f16> has none");
  Floats bad = w;
  bad[3] = NAN;
  EXPECT_EQ(encodeError("!compress.tensor<4x8xf32, #compress.sparse<nm = [2, "
                        "4], values = f16>>",
                        bad),
            "weight element 3 is NaN");
}

//===----------------------------------------------------------------------===//
// Methods against their baselines
//===----------------------------------------------------------------------===//

TEST_F(EncoderTest, GptqBeatsRoundToNearest) {
  int64_t rows = 32, cols = 128, n = 512;
  Floats w = randomNormal(rows * cols, 7);
  Floats x = anisotropicInputs(n, cols, 8);
  quant::CalibrationData calibration{x, n, cols};
  for (StringRef text :
       {"!compress.tensor<32x128xf32, #compress.uniform<bits = 3, block = [1, "
        "32], scale = f16>>",
        "!compress.tensor<32x128xf32, #compress.uniform<bits = 4, unsigned, "
        "per_axis = 0, scale = f32, zero_point = ui4>>",
        "!compress.tensor<32x128xf32, #compress.sparse<nm = [2, 4], values = "
        "#compress.uniform<bits = 4, block = [1, 32], scale = f16>>>"}) {
    quant::EncodedWeight rtn = encode(text, w, {}, &calibration);
    quant::Methods methods;
    methods.gptq = true;
    quant::EncodedWeight gptq = encode(text, w, methods, &calibration);
    decodeStored(text, gptq);
    double rtnError = outputError(w, rtn.decoded, x, rows, cols);
    double gptqError = outputError(w, gptq.decoded, x, rows, cols);
    EXPECT_LT(gptqError, 0.9 * rtnError) << text.str();
    EXPECT_NE(gptq.method.find("gptq"), std::string::npos) << gptq.method;
  }
  // Act-order: the body holds the columns in decreasing Hessian order and
  // `perm` maps them back.
  StringRef permuted =
      "!compress.tensor<32x128xf32, #compress.permuted<axis = 1, body = "
      "#compress.uniform<bits = 3, block = [1, 32], scale = f16>>>";
  quant::Methods actOrder;
  actOrder.gptq = actOrder.actOrder = true;
  quant::EncodedWeight ordered = encode(permuted, w, actOrder, &calibration);
  decodeStored(permuted, ordered);
  quant::EncodedWeight plain = encode(permuted, w, {}, &calibration);
  EXPECT_LT(outputError(w, ordered.decoded, x, rows, cols),
            0.9 * outputError(w, plain.decoded, x, rows, cols));
  EXPECT_EQ(ordered.method, "gptq (act-order)");
}

TEST_F(EncoderTest, EoraLowersTheErrorOfItsBody) {
  int64_t rows = 48, cols = 64, n = 512;
  Floats w = randomNormal(rows * cols, 9);
  Floats x = anisotropicInputs(n, cols, 10);
  quant::CalibrationData calibration{x, n, cols};
  StringRef body = "!compress.tensor<48x64xf32, #compress.uniform<bits = 3, "
                   "block = [1, 32], scale = f16>>";
  StringRef withLowRank =
      "!compress.tensor<48x64xf32, #compress.sum<#compress.uniform<bits = 3, "
      "block = [1, 32], scale = f16>, #compress.lowrank<rank = 8, u = f32, v "
      "= f32>>>";
  double bodyError =
      outputError(w, encode(body, w, {}, &calibration).decoded, x, rows, cols);
  double svdError = outputError(
      w, encode(withLowRank, w, {}, &calibration).decoded, x, rows, cols);
  quant::Methods eora;
  eora.eora = true;
  quant::EncodedWeight fitted = encode(withLowRank, w, eora, &calibration);
  decodeStored(withLowRank, fitted);
  double eoraError = outputError(w, fitted.decoded, x, rows, cols);
  EXPECT_LT(eoraError, bodyError);
  EXPECT_LT(eoraError, svdError);
  EXPECT_EQ(fitted.method, "rtn + eora");
}

TEST_F(EncoderTest, WandaBeatsMagnitudeOnItsMetric) {
  int64_t rows = 32, cols = 64, n = 256;
  Floats w = randomNormal(rows * cols, 11);
  Floats x = anisotropicInputs(n, cols, 12);
  quant::CalibrationData calibration{x, n, cols};
  StringRef text = "!compress.tensor<32x64xf32, #compress.sparse<nm = [2, 4], "
                   "values = f32>>";
  quant::Methods wanda;
  wanda.wanda = true;
  quant::EncodedWeight pruned = encode(text, w, wanda, &calibration);
  decodeStored(text, pruned);
  EXPECT_EQ(pruned.method, "wanda");
  EXPECT_LT(outputError(w, pruned.decoded, x, rows, cols),
            outputError(w, encode(text, w).decoded, x, rows, cols));
}

TEST_F(EncoderTest, WeightedKMeansFollowsTheInputs) {
  int64_t rows = 16, cols = 64, n = 256;
  Floats w = randomNormal(rows * cols, 13);
  Floats x = anisotropicInputs(n, cols, 14);
  quant::CalibrationData calibration{x, n, cols};
  StringRef text = "!compress.tensor<16x64xf32, #compress.lut<bits = 2, "
                   "codebook = f32, codebook_axis = 0>>";
  quant::Methods weighted;
  weighted.weightedKMeans = true;
  quant::EncodedWeight sensitive = encode(text, w, weighted, &calibration);
  decodeStored(text, sensitive);
  EXPECT_EQ(sensitive.method, "weighted-kmeans");
  // SqueezeLLM's objective: sum over c of (X^T X)_cc (w - q)^2.
  std::vector<double> diagonal(cols, 0.0);
  for (int64_t s = 0; s < n; ++s)
    for (int64_t c = 0; c < cols; ++c)
      diagonal[c] += double(x[s * cols + c]) * x[s * cols + c];
  auto weightedError = [&](ArrayRef<float> q) {
    double sum = 0;
    for (int64_t i = 0; i < rows * cols; ++i)
      sum += diagonal[i % cols] * (w[i] - q[i]) * (w[i] - q[i]);
    return sum;
  };
  EXPECT_LT(weightedError(sensitive.decoded),
            weightedError(encode(text, w).decoded));
}

} // namespace
