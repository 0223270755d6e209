//===- Pruning.h - Pruning scores and keep masks ----------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The numerical side of pruning: importance scores (magnitude, or Wanda's
// |W| * ||X[:, c]||_2) and keep masks from scores for the sparsity patterns
// (N:M along rows, blocks, unstructured). Matrices are row-major; masks hold
// 1 for a kept element and 0 for a pruned one. Ties between equal scores are
// broken by position (the lower index is kept), so every mask is
// deterministic; N:M along the columns of a matrix is N:M along the rows of
// its transpose (the caller transposes).
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_QUANTIZERS_PRUNING_H
#define COMPRESS_LIB_QUANTIZERS_PRUNING_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/ThreadPool.h"

#include <cstdint>
#include <vector>

namespace mlir::compress::quant {

/// Importance scores for pruning: |W[r][c]| (magnitude) when `columnNorms` is
/// empty, else |W[r][c]| * columnNorms[c] (Wanda: ||X[:, c]||_2 over the
/// calibration rows). `w` is rows x cols row-major.
std::vector<float> pruningScores(llvm::ArrayRef<float> w, int64_t rows,
                                 int64_t cols,
                                 llvm::ArrayRef<float> columnNorms);

/// ||X[:, c]||_2 for calibration X (n x cols row-major), summed in double in
/// row order (the same with or without `pool`).
std::vector<float> columnNorms(llvm::ArrayRef<float> x, int64_t n, int64_t cols,
                               llvm::ThreadPoolInterface *pool = nullptr);

/// Keep masks (1 = kept), row-major rows x cols: N of every M consecutive
/// elements of each row (groups along the columns), the N largest scores;
/// ties go to the lower column. A last group shorter than M (cols not a
/// multiple of M) keeps min(N, its length).
std::vector<uint8_t> selectNM(llvm::ArrayRef<float> scores, int64_t rows,
                              int64_t cols, int64_t n, int64_t m,
                              llvm::ThreadPoolInterface *pool = nullptr);

/// `kept` blocks of br x bc with the largest sum of scores (summed in
/// double; ties: lower block index in block-row-major order). Blocks at the
/// bottom and right edges may be partial when br or bc does not divide the
/// shape; `kept` is clamped to [0, number of blocks].
std::vector<uint8_t> selectBlocks(llvm::ArrayRef<float> scores, int64_t rows,
                                  int64_t cols, int64_t br, int64_t bc,
                                  int64_t kept);

/// The `count` largest scores of the whole matrix (ties: lower linear
/// index); `count` is clamped to [0, scores.size()].
std::vector<uint8_t> selectLargest(llvm::ArrayRef<float> scores, int64_t count);

} // namespace mlir::compress::quant

#endif // COMPRESS_LIB_QUANTIZERS_PRUNING_H
