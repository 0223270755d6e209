//===- KMeans.h - Weighted one-dimensional k-means --------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Weighted 1-D k-means for look-up-table quantization (SqueezeLLM weighs each
// value by the diagonal of X^T X of its input column). The values are sorted
// and merged into distinct values with accumulated weights; each centroid then
// owns a contiguous range of them, bounded by the midpoints between
// neighbouring centroids, so an iteration is k binary searches and k weighted
// means from prefix sums. Ties (a value exactly at a midpoint) go to the lower
// centroid. Everything is deterministic.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_QUANTIZERS_KMEANS_H
#define COMPRESS_LIB_QUANTIZERS_KMEANS_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace mlir::compress::quant {

struct KMeansResult {
  /// `clusters` values, ascending.
  std::vector<float> centroids;
  /// Per input value, the index of its nearest centroid (the lowest index
  /// among equally near ones).
  std::vector<uint32_t> assignment;
  /// Sum of weight * (value - centroid)^2, in double.
  double weightedError = 0;
};

/// Weighted 1-D k-means (Lloyd's iterations to convergence or
/// `maxIterations`; 0 returns the initialization). `weights` empty means all
/// 1; otherwise one non-negative weight per value (if they are all 0, all
/// count as 1). Initialization by weighted quantiles of the sorted distinct
/// values (centroid i at the (i + 1/2) / clusters quantile, made distinct).
/// Exact when the values have at most `clusters` distinct values: the
/// centroids are then every distinct value, ascending, followed by copies of
/// the largest (0 for no values), and every assignment is exact. Values must
/// be finite; `clusters` at least 1.
KMeansResult kmeans1d(llvm::ArrayRef<float> values,
                      llvm::ArrayRef<float> weights, int64_t clusters,
                      int maxIterations = 100);

} // namespace mlir::compress::quant

#endif // COMPRESS_LIB_QUANTIZERS_KMEANS_H
