//===- KMeans.cpp - Weighted one-dimensional k-means ----------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The distinct values u[0] < ... < u[d-1] carry weights; prefix sums of w and
// w * u (in double) give any range's weight and weighted mean in O(1). With
// centroids c[0] < ... < c[k-1], centroid i owns the values in
// (m[i-1], m[i]] where m[i] = (c[i] + c[i+1]) / 2, found by binary search.
// An iteration replaces each centroid by its range's weighted mean (a
// centroid whose range has no weight keeps its value, which keeps the order),
// and the loop stops when the ranges no longer change. The final assignment
// and error use the float centroids that are returned.
//
//===----------------------------------------------------------------------===//

#include "lib/Quantizers/KMeans.h"

#include <algorithm>
#include <cassert>
#include <numeric>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::quant;

namespace {

/// Index of the first distinct value above midpoint `m`, i.e. the end of the
/// range of the centroid below it.
int64_t rangeEnd(llvm::ArrayRef<double> unique, double m) {
  return std::upper_bound(unique.begin(), unique.end(), m) - unique.begin();
}

/// Index of the centroid nearest to `x` in ascending `centroids` (the lower
/// one on ties).
uint32_t nearest(llvm::ArrayRef<double> centroids, double x) {
  // The first centroid whose upper midpoint is >= x.
  int64_t lo = 0, hi = centroids.size() - 1;
  while (lo < hi) {
    int64_t mid = (lo + hi) / 2;
    if (x <= (centroids[mid] + centroids[mid + 1]) / 2)
      hi = mid;
    else
      lo = mid + 1;
  }
  return static_cast<uint32_t>(lo);
}

} // namespace

KMeansResult quant::kmeans1d(llvm::ArrayRef<float> values,
                             llvm::ArrayRef<float> weights, int64_t clusters,
                             int maxIterations) {
  assert(clusters >= 1 && "kmeans1d needs at least one cluster");
  assert((weights.empty() || weights.size() == values.size()) &&
         "one weight per value");
  KMeansResult result;
  int64_t n = values.size();
  bool unitWeights =
      weights.empty() || llvm::all_of(weights, [](float w) { return w == 0; });
  auto weightOf = [&](int64_t i) -> double {
    return unitWeights ? 1.0 : std::max<double>(weights[i], 0.0);
  };

  // Distinct values, ascending, with their accumulated weights.
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  // (std::stable_sort is avoided: its libstdc++ 12 buffer is deprecated.)
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return values[a] < values[b] || (values[a] == values[b] && a < b);
  });
  std::vector<double> unique, uniqueWeight;
  for (int64_t i : order) {
    if (unique.empty() || unique.back() != values[i]) {
      unique.push_back(values[i]);
      uniqueWeight.push_back(0);
    }
    uniqueWeight.back() += weightOf(i);
  }
  int64_t d = unique.size();

  std::vector<double> centroids;
  if (d <= clusters) {
    // Exact: every distinct value, then copies of the largest.
    centroids = unique;
    centroids.resize(clusters, d ? unique.back() : 0.0);
  } else {
    // Prefix sums: weight[i] and moment[i] over unique[0, i).
    std::vector<double> weight(d + 1, 0), moment(d + 1, 0);
    for (int64_t i = 0; i < d; ++i) {
      weight[i + 1] = weight[i] + uniqueWeight[i];
      moment[i + 1] = moment[i] + uniqueWeight[i] * unique[i];
    }
    double total = weight[d];
    // Weighted quantiles, then made strictly increasing indices that leave
    // room for the centroids after them.
    std::vector<int64_t> index(clusters);
    for (int64_t c = 0; c < clusters; ++c) {
      double target = (c + 0.5) / clusters * total;
      int64_t i = std::lower_bound(weight.begin() + 1, weight.end(), target) -
                  (weight.begin() + 1);
      i = std::min(i, d - 1);
      if (c > 0)
        i = std::max(i, index[c - 1] + 1);
      index[c] = std::min(i, d - clusters + c);
    }
    for (int64_t c = clusters - 2; c >= 0; --c)
      index[c] = std::min(index[c], index[c + 1] - 1);
    centroids.resize(clusters);
    for (int64_t c = 0; c < clusters; ++c)
      centroids[c] = unique[index[c]];

    std::vector<int64_t> ends(clusters, -1), newEnds(clusters);
    for (int iteration = 0; iteration < maxIterations; ++iteration) {
      for (int64_t c = 0; c + 1 < clusters; ++c)
        newEnds[c] = rangeEnd(unique, (centroids[c] + centroids[c + 1]) / 2);
      newEnds[clusters - 1] = d;
      if (newEnds == ends)
        break;
      ends = newEnds;
      int64_t begin = 0;
      for (int64_t c = 0; c < clusters; ++c) {
        double w = weight[ends[c]] - weight[begin];
        if (w > 0) {
          double mean = (moment[ends[c]] - moment[begin]) / w;
          // The mean lies within the range's values; clamp rounding.
          centroids[c] = std::clamp(mean, unique[begin], unique[ends[c] - 1]);
        }
        begin = ends[c];
      }
    }
  }

  // The float centroids, and the assignment and error against them.
  result.centroids.assign(centroids.begin(), centroids.end());
  std::vector<double> rounded(result.centroids.begin(), result.centroids.end());
  result.assignment.resize(n);
  double error = 0;
  for (int64_t i = 0; i < n; ++i) {
    uint32_t c = nearest(rounded, values[i]);
    result.assignment[i] = c;
    double diff = double(values[i]) - rounded[c];
    error += weightOf(i) * diff * diff;
  }
  result.weightedError = error;
  return result;
}
