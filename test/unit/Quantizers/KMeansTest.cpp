//===- KMeansTest.cpp - Weighted one-dimensional k-means ------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Hand-checked clusterings: exactness with at most k distinct values, the
// 2-cluster {0, 1, 9, 10}, a weight that moves a centroid, the
// initialization (maxIterations = 0) against the converged result, and ties
// at a midpoint.
//
//===----------------------------------------------------------------------===//

#include "lib/Quantizers/KMeans.h"

#include "gtest/gtest.h"

#include <random>

using namespace mlir::compress;

namespace {

using Floats = std::vector<float>;
using Indices = std::vector<uint32_t>;

TEST(KMeansTest, ExactWithAtMostKDistinctValues) {
  Floats values = {3.5f, -1.25f, 3.5f, 0.1f, -1.25f, 0.1f, 3.5f};
  quant::KMeansResult result = quant::kmeans1d(values, {}, 5);
  // The 3 distinct values, then copies of the largest.
  EXPECT_EQ(result.centroids, Floats({-1.25f, 0.1f, 3.5f, 3.5f, 3.5f}));
  EXPECT_EQ(result.assignment, Indices({2, 0, 2, 1, 0, 1, 2}));
  EXPECT_EQ(result.weightedError, 0);
  // Exactly k distinct values.
  result = quant::kmeans1d(values, {}, 3);
  EXPECT_EQ(result.centroids, Floats({-1.25f, 0.1f, 3.5f}));
  EXPECT_EQ(result.weightedError, 0);
  // No values.
  result = quant::kmeans1d({}, {}, 2);
  EXPECT_EQ(result.centroids, Floats({0.0f, 0.0f}));
  EXPECT_TRUE(result.assignment.empty());
}

TEST(KMeansTest, TwoClusters) {
  // Quantile init: targets 1 and 3 of total weight 4 pick 0 and 9; the
  // midpoint 4.5 splits {0, 1} | {9, 10}: centroids 0.5 and 9.5, error
  // 4 * 0.25 = 1.
  quant::KMeansResult result = quant::kmeans1d({10, 0, 9, 1}, {}, 2);
  EXPECT_EQ(result.centroids, Floats({0.5f, 9.5f}));
  EXPECT_EQ(result.assignment, Indices({1, 0, 1, 0}));
  EXPECT_DOUBLE_EQ(result.weightedError, 1.0);
}

TEST(KMeansTest, WeightsMoveACentroid) {
  // Weights {1, 3, 1, 1}: the low cluster's mean is (0 * 1 + 1 * 3) / 4 =
  // 0.75; error 1 * 0.75^2 + 3 * 0.25^2 + 2 * 0.5^2 = 1.25.
  quant::KMeansResult result = quant::kmeans1d({0, 1, 9, 10}, {1, 3, 1, 1}, 2);
  EXPECT_EQ(result.centroids, Floats({0.75f, 9.5f}));
  EXPECT_EQ(result.assignment, Indices({0, 0, 1, 1}));
  EXPECT_DOUBLE_EQ(result.weightedError, 1.25);
  // A zero weight: the value still gets assigned, but does not pull.
  result = quant::kmeans1d({0, 1, 9, 10, 5}, {1, 3, 1, 1, 0}, 2);
  EXPECT_EQ(result.centroids, Floats({0.75f, 9.5f}));
  EXPECT_EQ(result.assignment, Indices({0, 0, 1, 1, 0}));
  EXPECT_DOUBLE_EQ(result.weightedError, 1.25);
}

TEST(KMeansTest, IterationsLowerTheErrorOfTheInitialization) {
  // Init (quantiles 2.5 and 7.5 of 10 unit weights) picks 2 and 7: error
  // (4 + 1 + 0 + 1 + 4) + (4 + 1 + 0 + 1) + 93^2 = 8665. Lloyd: {0..4} |
  // {5..8, 100} -> 2, 25.2 -> {0..8} | {100} -> 4, 100: error 60.
  Floats values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 100};
  quant::KMeansResult init = quant::kmeans1d(values, {}, 2, 0);
  EXPECT_EQ(init.centroids, Floats({2.0f, 7.0f}));
  EXPECT_DOUBLE_EQ(init.weightedError, 8665.0);
  quant::KMeansResult result = quant::kmeans1d(values, {}, 2);
  EXPECT_EQ(result.centroids, Floats({4.0f, 100.0f}));
  EXPECT_DOUBLE_EQ(result.weightedError, 60.0);
  EXPECT_LT(result.weightedError, init.weightedError);
}

TEST(KMeansTest, RandomValuesConvergeToALocalOptimum) {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  Floats values(2000), weights(2000);
  for (size_t i = 0; i < values.size(); ++i) {
    values[i] = normal(rng);
    weights[i] = std::abs(normal(rng));
  }
  quant::KMeansResult init = quant::kmeans1d(values, weights, 16, 0);
  quant::KMeansResult result = quant::kmeans1d(values, weights, 16, 1000);
  EXPECT_LT(result.weightedError, init.weightedError);
  ASSERT_EQ(result.centroids.size(), 16u);
  EXPECT_TRUE(std::is_sorted(result.centroids.begin(), result.centroids.end()));
  // Every value is assigned to its nearest centroid, and each centroid is
  // the weighted mean of its values (to float rounding).
  std::vector<double> sum(16, 0), weight(16, 0);
  for (size_t i = 0; i < values.size(); ++i) {
    uint32_t c = result.assignment[i];
    for (float centroid : result.centroids)
      EXPECT_LE(std::abs(values[i] - result.centroids[c]),
                std::abs(values[i] - centroid));
    sum[c] += double(weights[i]) * values[i];
    weight[c] += weights[i];
  }
  for (int c = 0; c < 16; ++c)
    EXPECT_NEAR(result.centroids[c], sum[c] / weight[c], 1e-5);
  // Deterministic.
  EXPECT_EQ(quant::kmeans1d(values, weights, 16, 1000).centroids,
            result.centroids);
}

TEST(KMeansTest, TiesGoToTheLowerCentroid) {
  // Weights {1, 0, 1}: init targets 0.5 and 1.5 of total weight 2 pick 0 and
  // 2; 1 has no weight, so they stay, and 1 lies at their midpoint.
  quant::KMeansResult result = quant::kmeans1d({0, 1, 2}, {1, 0, 1}, 2);
  EXPECT_EQ(result.centroids, Floats({0.0f, 2.0f}));
  EXPECT_EQ(result.assignment, Indices({0, 0, 1}));
  EXPECT_DOUBLE_EQ(result.weightedError, 0.0);
}

} // namespace
