//===- LowRankTest.cpp - Truncated SVD, EoRA and input covariance ---------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Exactly low-rank matrices reproduced by both SVD branches (BDCSVD and the
// randomized range finder), a hand-computed leading singular triplet, EoRA
// against the plain SVD under anisotropic and identity input covariances,
// X^T X by hand, and the same results with a pool.
//
//===----------------------------------------------------------------------===//

#include "lib/Quantizers/LowRank.h"

#include "gtest/gtest.h"

#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <cmath>
#include <random>

using namespace mlir::compress;

namespace {

using Floats = std::vector<float>;

Floats randomMatrix(int64_t rows, int64_t cols, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  Floats m(rows * cols);
  for (float &value : m)
    value = normal(rng);
  return m;
}

/// a (n x k) times b (k x m), row-major, in double.
std::vector<double> multiply(const Floats &a, const Floats &b, int64_t n,
                             int64_t k, int64_t m) {
  std::vector<double> c(n * m, 0.0);
  for (int64_t i = 0; i < n; ++i)
    for (int64_t t = 0; t < k; ++t)
      for (int64_t j = 0; j < m; ++j)
        c[i * m + j] += double(a[i * k + t]) * b[t * m + j];
  return c;
}

/// ||W - U V||_F / ||W||_F.
double relativeError(const Floats &w, const quant::LowRankFactors &f,
                     int64_t rows, int64_t cols, int64_t rank) {
  std::vector<double> uv = multiply(f.u, f.v, rows, rank, cols);
  double error = 0, norm = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    error += (w[i] - uv[i]) * (w[i] - uv[i]);
    norm += double(w[i]) * w[i];
  }
  return std::sqrt(error / norm);
}

/// ||(E - U V) X^T||_F for X (n x cols).
double outputError(const Floats &e, const quant::LowRankFactors &f,
                   const Floats &x, int64_t rows, int64_t cols, int64_t n,
                   int64_t rank) {
  std::vector<double> uv = multiply(f.u, f.v, rows, rank, cols);
  double sum = 0;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t s = 0; s < n; ++s) {
      double dot = 0;
      for (int64_t c = 0; c < cols; ++c)
        dot += (e[r * cols + c] - uv[r * cols + c]) * x[s * cols + c];
      sum += dot * dot;
    }
  return std::sqrt(sum);
}

TEST(LowRankTest, ExactRankTwoWithBdcsvd) {
  // 6 x 5 = (6 x 2)(2 x 5): rank + 10 >= min(6, 5) / 2, so BDCSVD.
  Floats a = {1, 0, 2, 1, -1, 3, 0, 1, 4, -2, 1, 1};
  Floats b = {1, 2, 0, -1, 3, 0, 1, 1, 2, -1};
  std::vector<double> product = multiply(a, b, 6, 2, 5);
  Floats w(product.begin(), product.end());
  quant::LowRankFactors f = quant::truncatedSvd(w, 6, 5, 2);
  ASSERT_EQ(f.u.size(), 12u);
  ASSERT_EQ(f.v.size(), 10u);
  EXPECT_LT(relativeError(w, f, 6, 5, 2), 1e-5);
  // Rank 1 is not enough; a rank above min(rows, cols) pads with zeros.
  EXPECT_GT(relativeError(w, quant::truncatedSvd(w, 6, 5, 1), 6, 5, 1), 0.01);
  quant::LowRankFactors padded = quant::truncatedSvd(w, 6, 5, 7);
  EXPECT_LT(relativeError(w, padded, 6, 5, 7), 1e-5);
  for (int64_t r = 0; r < 6; ++r)
    EXPECT_EQ(padded.u[r * 7 + 6], 0.0f);
}

TEST(LowRankTest, ExactRankThreeWithTheRandomizedRangeFinder) {
  // 200 x 150 of rank 3: 3 + 10 < 150 / 2, so the randomized branch.
  int64_t rows = 200, cols = 150, rank = 3;
  std::vector<double> product =
      multiply(randomMatrix(rows, rank, 1), randomMatrix(rank, cols, 2), rows,
               rank, cols);
  Floats w(product.begin(), product.end());
  quant::LowRankFactors f = quant::truncatedSvd(w, rows, cols, rank);
  EXPECT_LT(relativeError(w, f, rows, cols, rank), 1e-5);
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(2));
  quant::LowRankFactors parallel =
      quant::truncatedSvd(w, rows, cols, rank, &pool);
  EXPECT_EQ(parallel.u, f.u);
  EXPECT_EQ(parallel.v, f.v);
  // Rank 3 plus noise: the best rank-3 error is at most the noise's (the
  // rank-3 part is a candidate); the sketch with power iterations gets
  // within 1% of that bound.
  Floats noisy = w, noise = randomMatrix(rows, cols, 3);
  double noiseNorm = 0, norm = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    noisy[i] += 1e-2f * noise[i];
    noiseNorm += 1e-4 * double(noise[i]) * noise[i];
    norm += double(noisy[i]) * noisy[i];
  }
  double bound = std::sqrt(noiseNorm / norm);
  EXPECT_LT(relativeError(noisy, quant::truncatedSvd(noisy, rows, cols, rank),
                          rows, cols, rank),
            1.01 * bound);
}

TEST(LowRankTest, LeadingSingularTriplet) {
  // W = [[3, 1], [1, 3], [0, 0]]: sigma_1 = 4 with u = (1, 1, 0) / sqrt 2 and
  // v = (1, 1) / sqrt 2 (sigma_2 = 2 with (1, -1, 0) and (1, -1)). Balanced:
  // U = sqrt(4) u = (sqrt 2, sqrt 2, 0), V = (sqrt 2, sqrt 2), signs with
  // V's largest entry (the first of equal ones) positive.
  quant::LowRankFactors f = quant::truncatedSvd({3, 1, 1, 3, 0, 0}, 3, 2, 1);
  float root2 = std::sqrt(2.0f);
  ASSERT_EQ(f.u.size(), 3u);
  ASSERT_EQ(f.v.size(), 2u);
  EXPECT_NEAR(f.u[0], root2, 1e-6);
  EXPECT_NEAR(f.u[1], root2, 1e-6);
  EXPECT_NEAR(f.u[2], 0.0f, 1e-6);
  EXPECT_NEAR(f.v[0], root2, 1e-6);
  EXPECT_NEAR(f.v[1], root2, 1e-6);
}

TEST(LowRankTest, EigenspaceLowRankWeighsTheInputs) {
  int64_t rows = 24, cols = 32, n = 256, rank = 4;
  Floats e = randomMatrix(rows, cols, 4);
  // Anisotropic inputs: column c scaled by 10^(-2 c / cols), then mixed.
  Floats z = randomMatrix(n, cols, 5);
  for (int64_t s = 0; s < n; ++s)
    for (int64_t c = 0; c < cols; ++c)
      z[s * cols + c] *= std::pow(10.0f, -2.0f * c / cols);
  Floats mix = randomMatrix(cols, cols, 6);
  std::vector<double> mixed = multiply(z, mix, n, cols, cols);
  Floats x(mixed.begin(), mixed.end());
  std::vector<double> c = quant::inputCovariance(x, n, cols);
  quant::LowRankFactors eora = quant::eigenspaceLowRank(e, rows, cols, c, rank);
  quant::LowRankFactors plain = quant::truncatedSvd(e, rows, cols, rank);
  double eoraError = outputError(e, eora, x, rows, cols, n, rank);
  double plainError = outputError(e, plain, x, rows, cols, n, rank);
  EXPECT_LT(eoraError, 0.95 * plainError);

  // With X^T X = I, EoRA is the plain truncated SVD.
  std::vector<double> identity(cols * cols, 0.0);
  for (int64_t i = 0; i < cols; ++i)
    identity[i * cols + i] = 1;
  quant::LowRankFactors same =
      quant::eigenspaceLowRank(e, rows, cols, identity, rank);
  EXPECT_NEAR(relativeError(e, same, rows, cols, rank),
              relativeError(e, plain, rows, cols, rank), 1e-6);
}

TEST(LowRankTest, InputCovariance) {
  // X = [[1, 2], [3, 4], [0, -1]]: X^T X = [[1+9, 2+12], [14, 4+16+1]].
  std::vector<double> c = quant::inputCovariance({1, 2, 3, 4, 0, -1}, 3, 2);
  EXPECT_EQ(c, std::vector<double>({10, 14, 14, 21}));
  // More rows than one chunk and columns than one block, with a pool.
  int64_t n = 2500, cols = 150;
  Floats x = randomMatrix(n, cols, 7);
  std::vector<double> serial = quant::inputCovariance(x, n, cols);
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(2));
  EXPECT_EQ(quant::inputCovariance(x, n, cols, &pool), serial);
  for (int64_t i : {0, 63, 64, 149})
    for (int64_t j : {0, 1, 100, 149}) {
      double sum = 0;
      for (int64_t s = 0; s < n; ++s)
        sum += double(x[s * cols + i]) * x[s * cols + j];
      EXPECT_NEAR(serial[i * cols + j], sum, 1e-9 * n);
      EXPECT_EQ(serial[i * cols + j], serial[j * cols + i]);
    }
}

} // namespace
