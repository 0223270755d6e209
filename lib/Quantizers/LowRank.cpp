//===- LowRank.cpp - Truncated SVD, EoRA and input covariance -------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The randomized range finder (Halko, Martinsson and Tropp 2011, algorithm
// 4.4): Y = A Omega for a Gaussian Omega of l = rank + 10 columns, Q = qr(Y),
// then twice Q = qr(A qr(A^T Q)); then the SVD of the small B = Q^T A gives
// A ~= (Q U_B) S V_B^T. The Gaussian values come from a fixed-seed
// std::mt19937_64 through Box-Muller (written out: std::normal_distribution
// differs between standard libraries).
//
//===----------------------------------------------------------------------===//

#include "lib/Quantizers/LowRank.h"

#include "lib/Quantizers/EigenSupport.h"
#include "lib/Quantizers/Parallel.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <random>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::quant;

namespace {

/// Rows per task of the parallel products, columns per task of
/// inputCovariance and rows of X converted to double at a time.
constexpr int64_t kProductRows = 256;
constexpr int64_t kCovarianceCols = 64;
constexpr int64_t kCovarianceRows = 1024;
/// Oversampling and power iterations of the randomized range finder.
constexpr int64_t kOversampling = 10;
constexpr int kPowerIterations = 2;
constexpr uint64_t kSketchSeed = 0x5eed5eedULL;

/// a * b, by fixed chunks of rows of the result on `pool`.
MatrixD product(const MatrixD &a, const MatrixD &b,
                llvm::ThreadPoolInterface *pool) {
  MatrixD result(a.rows(), b.cols());
  parallelFor(
      pool, llvm::divideCeil(a.rows(), kProductRows), [&](int64_t chunk) {
        int64_t begin = chunk * kProductRows;
        int64_t len = std::min(kProductRows, a.rows() - begin);
        result.middleRows(begin, len).noalias() = a.middleRows(begin, len) * b;
      });
  return result;
}

/// An orthonormal basis of the columns of `y` (thin Q of its QR).
MatrixD orthonormalize(const MatrixD &y) {
  Eigen::HouseholderQR<MatrixD> qr(y);
  return qr.householderQ() * MatrixD::Identity(y.rows(), y.cols());
}

/// A rows x cols matrix of standard normal values from a fixed seed.
MatrixD gaussian(int64_t rows, int64_t cols) {
  std::mt19937_64 rng(kSketchSeed);
  auto uniform = [&] {
    // (0, 1]: 53 random bits, never 0 (log is taken).
    return (static_cast<double>(rng() >> 11) + 1.0) * 0x1p-53;
  };
  MatrixD result(rows, cols);
  for (int64_t j = 0; j < cols; ++j)
    for (int64_t i = 0; i < rows; ++i) {
      double radius = std::sqrt(-2.0 * std::log(uniform()));
      result(i, j) = radius * std::cos(2.0 * llvm::numbers::pi * uniform());
    }
  return result;
}

/// Balanced rank-`rank` factors of `a` in double: u (rows x rank) and v
/// (rank x cols), with zero pairs past min(rows, cols).
struct Factors {
  MatrixD u, v;
};

Factors svdFactors(const MatrixD &a, int64_t rank,
                   llvm::ThreadPoolInterface *pool) {
  int64_t rows = a.rows(), cols = a.cols();
  int64_t small = std::min(rows, cols);
  MatrixD leftVectors, rightVectors; // rows x k, cols x k
  Eigen::VectorXd singular;
  if (rank + kOversampling < small / 2) {
    int64_t l = rank + kOversampling;
    MatrixD at = a.transpose();
    MatrixD q = orthonormalize(product(a, gaussian(cols, l), pool));
    for (int i = 0; i < kPowerIterations; ++i) {
      MatrixD z = orthonormalize(product(at, q, pool));
      q = orthonormalize(product(a, z, pool));
    }
    // B = Q^T A = (A^T Q)^T.
    MatrixD b = product(at, q, pool).transpose();
    Eigen::BDCSVD<MatrixD> svd(b, Eigen::ComputeThinU | Eigen::ComputeThinV);
    leftVectors = q * svd.matrixU();
    rightVectors = svd.matrixV();
    singular = svd.singularValues();
  } else if (small > 0) {
    Eigen::BDCSVD<MatrixD> svd(a, Eigen::ComputeThinU | Eigen::ComputeThinV);
    leftVectors = svd.matrixU();
    rightVectors = svd.matrixV();
    singular = svd.singularValues();
  }
  Factors factors{MatrixD::Zero(rows, rank), MatrixD::Zero(rank, cols)};
  int64_t kept = std::min<int64_t>(rank, singular.size());
  for (int64_t k = 0; k < kept; ++k) {
    double root = std::sqrt(std::max(singular(k), 0.0));
    Eigen::Index top = 0;
    rightVectors.col(k).cwiseAbs().maxCoeff(&top);
    double sign = rightVectors(top, k) < 0 ? -root : root;
    factors.u.col(k) = leftVectors.col(k) * sign;
    factors.v.row(k) = rightVectors.col(k).transpose() * sign;
  }
  return factors;
}

LowRankFactors toFloat(const Factors &factors) {
  LowRankFactors result;
  RowMatrixF u = factors.u.cast<float>(), v = factors.v.cast<float>();
  result.u.assign(u.data(), u.data() + u.size());
  result.v.assign(v.data(), v.data() + v.size());
  return result;
}

MatrixD toDouble(llvm::ArrayRef<float> w, int64_t rows, int64_t cols) {
  assert(static_cast<int64_t>(w.size()) == rows * cols && "rows x cols");
  return Eigen::Map<const RowMatrixF>(w.data(), rows, cols).cast<double>();
}

} // namespace

LowRankFactors quant::truncatedSvd(llvm::ArrayRef<float> w, int64_t rows,
                                   int64_t cols, int64_t rank,
                                   llvm::ThreadPoolInterface *pool) {
  assert(rank >= 0 && "rank must not be negative");
  return toFloat(svdFactors(toDouble(w, rows, cols), rank, pool));
}

LowRankFactors quant::eigenspaceLowRank(llvm::ArrayRef<float> residual,
                                        int64_t rows, int64_t cols,
                                        llvm::ArrayRef<double> covariance,
                                        int64_t rank,
                                        llvm::ThreadPoolInterface *pool) {
  assert(rank >= 0 && "rank must not be negative");
  assert(static_cast<int64_t>(covariance.size()) == cols * cols &&
         "cols x cols covariance");
  MatrixD c = Eigen::Map<const RowMatrixD>(covariance.data(), cols, cols);
  Eigen::SelfAdjointEigenSolver<MatrixD> eigen(c);
  Eigen::VectorXd lambda = eigen.eigenvalues();
  double largest = cols ? lambda.maxCoeff() : 0.0;
  if (!(largest > 0))
    lambda.setOnes(); // C = 0: every factorization is as good; plain SVD.
  else
    lambda = lambda.cwiseMax(1e-8 * largest);
  Eigen::VectorXd root = lambda.cwiseSqrt();
  const MatrixD &q = eigen.eigenvectors();

  // E' = E Q diag(sqrt l).
  MatrixD scaled = product(toDouble(residual, rows, cols), q, pool);
  scaled = scaled * root.asDiagonal();
  Factors factors = svdFactors(scaled, rank, pool);
  // V = V' diag(1 / sqrt l) Q^T = (Q diag(1 / sqrt l) V'^T)^T.
  MatrixD back = q * root.cwiseInverse().asDiagonal();
  MatrixD vt = product(back, factors.v.transpose(), pool);
  factors.v = vt.transpose();
  return toFloat(factors);
}

std::vector<double> quant::inputCovariance(llvm::ArrayRef<float> x, int64_t n,
                                           int64_t cols,
                                           llvm::ThreadPoolInterface *pool) {
  assert(static_cast<int64_t>(x.size()) == n * cols && "n x cols");
  // Upper triangle, by blocks of rows of C, over fixed chunks of X's rows.
  RowMatrixD c = RowMatrixD::Zero(cols, cols);
  RowMatrixD chunk;
  for (int64_t begin = 0; begin < n; begin += kCovarianceRows) {
    int64_t len = std::min(kCovarianceRows, n - begin);
    chunk = Eigen::Map<const RowMatrixF>(x.data() + begin * cols, len, cols)
                .cast<double>();
    parallelFor(pool, llvm::divideCeil(cols, kCovarianceCols),
                [&](int64_t block) {
                  int64_t first = block * kCovarianceCols;
                  int64_t size = std::min(kCovarianceCols, cols - first);
                  c.block(first, first, size, cols - first).noalias() +=
                      chunk.middleCols(first, size).transpose() *
                      chunk.rightCols(cols - first);
                });
  }
  for (int64_t i = 0; i < cols; ++i)
    for (int64_t j = 0; j < i; ++j)
      c(i, j) = c(j, i);
  return std::vector<double>(c.data(), c.data() + c.size());
}
