//===- LowRank.h - Truncated SVD, EoRA and input covariance -----*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Low-rank factors W ~= U V of row-major float matrices, computed in double
// with Eigen:
//   - truncatedSvd: the best rank-r approximation in the Frobenius norm,
//     balanced (U = U_r sqrt(S), V = sqrt(S) V_r^T);
//   - eigenspaceLowRank (EoRA): the rank-r U V that minimizes
//     ||(E - U V) X^T||_F given C = X^T X, by a truncated SVD in the
//     eigenspace of C;
//   - inputCovariance: C = X^T X of calibration inputs.
// Each singular pair's sign is fixed (the largest-magnitude entry of its row
// of V, the first of equal ones, is positive), and the random sketch has a
// fixed seed, so results are deterministic, with or without a pool.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_QUANTIZERS_LOWRANK_H
#define COMPRESS_LIB_QUANTIZERS_LOWRANK_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/ThreadPool.h"

#include <cstdint>
#include <vector>

namespace mlir::compress::quant {

struct LowRankFactors {
  std::vector<float> u; // rows x rank, row-major
  std::vector<float> v; // rank x cols, row-major
};

/// Truncated SVD W ~= U V, balanced (U = U_r sqrt(S), V = sqrt(S) V_r^T), in
/// double. Uses a randomized range finder (a Gaussian sketch of rank + 10
/// columns with a fixed seed, 2 power iterations with QR
/// re-orthonormalization) when rank + 10 < min(rows, cols) / 2, else
/// Eigen::BDCSVD. Exact to rounding on an exactly rank-r matrix. Singular
/// pairs beyond min(rows, cols) are zero. The large products run on `pool`
/// when given (in fixed row chunks: the same results without it).
LowRankFactors truncatedSvd(llvm::ArrayRef<float> w, int64_t rows, int64_t cols,
                            int64_t rank,
                            llvm::ThreadPoolInterface *pool = nullptr);

/// EoRA: the rank-r factors of a residual E (rows x cols, the input
/// dimension is cols) that minimize ||(E - U V) X^T||_F for calibration
/// inputs X, given the input covariance C = X^T X (cols x cols, row-major,
/// double). With C = Q diag(l) Q^T (l clamped to >= 1e-8 * max l; all 1 when
/// C is 0): E' = E Q diag(sqrt l), truncated SVD of E' = U' V', then U = U',
/// V = V' diag(1/sqrt l) Q^T.
LowRankFactors eigenspaceLowRank(llvm::ArrayRef<float> residual, int64_t rows,
                                 int64_t cols,
                                 llvm::ArrayRef<double> covariance,
                                 int64_t rank,
                                 llvm::ThreadPoolInterface *pool = nullptr);

/// C = X^T X for X (n x cols row-major), in double, multithreaded by column
/// blocks (over fixed row chunks: the same result without a pool). C is
/// exactly symmetric.
std::vector<double> inputCovariance(llvm::ArrayRef<float> x, int64_t n,
                                    int64_t cols,
                                    llvm::ThreadPoolInterface *pool = nullptr);

} // namespace mlir::compress::quant

#endif // COMPRESS_LIB_QUANTIZERS_LOWRANK_H
