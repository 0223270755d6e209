//===- PruningTest.cpp - Pruning scores and keep masks --------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Hand-checked scores (magnitude and Wanda), column norms, and the N:M,
// block and unstructured masks with their tie rules; N:M on a weight that is
// already 2:4 sparse keeps its nonzeros; the same results with a pool.
//
//===----------------------------------------------------------------------===//

#include "lib/Quantizers/Pruning.h"

#include "gtest/gtest.h"

#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <random>

using namespace mlir::compress;

namespace {

using Floats = std::vector<float>;
using Mask = std::vector<uint8_t>;

TEST(PruningTest, Scores) {
  Floats w = {1, -2, 3, -4, 0.5f, -0.25f};
  EXPECT_EQ(quant::pruningScores(w, 2, 3, {}),
            Floats({1, 2, 3, 4, 0.5f, 0.25f}));
  EXPECT_EQ(quant::pruningScores(w, 2, 3, {2, 0.5f, 4}),
            Floats({2, 1, 12, 8, 0.25f, 1}));
}

TEST(PruningTest, ColumnNorms) {
  // Columns {3, 4} -> 5, {0, 0} -> 0, {-1, 1} -> sqrt(2).
  Floats x = {3, 0, -1, 4, 0, 1};
  Floats norms = quant::columnNorms(x, 2, 3);
  EXPECT_EQ(norms, Floats({5.0f, 0.0f, std::sqrt(2.0f)}));
}

TEST(PruningTest, NMKeepsTheLargestOfEachGroup) {
  // 2:4 on rows of 8; ties go to the lower column.
  Floats scores = {1, 5, 3, 2, /**/ 0, 0, 0, 0, //
                   4, 4, 4, 1, /**/ 9, 1, 8, 7};
  Mask expected = {0, 1, 1, 0, /**/ 1, 1, 0, 0, //
                   1, 1, 0, 0, /**/ 1, 0, 1, 0};
  EXPECT_EQ(quant::selectNM(scores, 2, 8, 2, 4), expected);
  // 1:3 with a short last group (cols 7 = 3 + 3 + 1).
  Floats row = {1, 3, 2, 6, 5, 4, 0.5f};
  EXPECT_EQ(quant::selectNM(row, 1, 7, 1, 3), Mask({0, 1, 0, 1, 0, 0, 1}));
}

TEST(PruningTest, NMOnATwoFourSparseWeightKeepsItsNonzeros) {
  std::mt19937 rng(1);
  std::normal_distribution<float> normal;
  int64_t rows = 37, cols = 64;
  Floats w(rows * cols);
  Mask nonzero(w.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t g = 0; g < cols; g += 4) {
      // Two random positions of each group of 4 are nonzero.
      int first = rng() % 4, second = (first + 1 + rng() % 3) % 4;
      for (int k : {first, second}) {
        float value = normal(rng);
        w[r * cols + g + k] = value == 0 ? 1.0f : value;
        nonzero[r * cols + g + k] = 1;
      }
    }
  Floats scores = quant::pruningScores(w, rows, cols, {});
  EXPECT_EQ(quant::selectNM(scores, rows, cols, 2, 4), nonzero);
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(2));
  EXPECT_EQ(quant::selectNM(scores, rows, cols, 2, 4, &pool), nonzero);
}

TEST(PruningTest, Blocks) {
  // 4 x 4 in 2 x 2 blocks: sums 0+1+4+5 = 10, 2+3+6+7 = 18, 8+9+12+13 = 42,
  // 10+11+14+15 = 50; keep 2 -> blocks 2 and 3 (the bottom half).
  Floats scores(16);
  for (int i = 0; i < 16; ++i)
    scores[i] = i;
  Mask bottom = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(quant::selectBlocks(scores, 4, 4, 2, 2, 2), bottom);
  // Equal sums: the lower block index wins (block 1 over block 2).
  // Sums 3, 4, 4, 36.
  Floats tie = {1, 1, 2, 0, /**/ 1, 0, 0, 2, //
                0, 2, 9, 9, /**/ 2, 0, 9, 9};
  Mask expected = {0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1};
  EXPECT_EQ(quant::selectBlocks(tie, 4, 4, 2, 2, 2), expected);
  // Partial blocks at the edges: 3 x 3 in 2 x 2 blocks; block 0 = 1+2+4+5
  // = 12, block 1 = 3+6 = 9, block 2 = 7+8 = 15, block 3 = 9. Keep 1 ->
  // block 2.
  Floats small = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(quant::selectBlocks(small, 3, 3, 2, 2, 1),
            Mask({0, 0, 0, 0, 0, 0, 1, 1, 0}));
  // Keep more blocks than there are: all.
  EXPECT_EQ(quant::selectBlocks(small, 3, 3, 2, 2, 9), Mask(9, 1));
}

TEST(PruningTest, Largest) {
  // 9 (index 5), 6 (7), then 5 at 4 and 8: the lower index first.
  Floats scores = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
  EXPECT_EQ(quant::selectLargest(scores, 3),
            Mask({0, 0, 0, 0, 1, 1, 0, 1, 0, 0}));
  EXPECT_EQ(quant::selectLargest(scores, 4),
            Mask({0, 0, 0, 0, 1, 1, 0, 1, 1, 0}));
  // Then 4 (2), then 3 at 0 before 3 at 9.
  EXPECT_EQ(quant::selectLargest(scores, 6),
            Mask({1, 0, 1, 0, 1, 1, 0, 1, 1, 0}));
  EXPECT_EQ(quant::selectLargest(scores, 0), Mask(10, 0));
  EXPECT_EQ(quant::selectLargest(scores, 20), Mask(10, 1));
}

TEST(PruningTest, SameResultsWithAPool) {
  std::mt19937 rng(2);
  std::uniform_real_distribution<float> uniform(-1, 1);
  int64_t n = 300, cols = 700;
  Floats x(n * cols);
  for (float &value : x)
    value = uniform(rng);
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(2));
  Floats serial = quant::columnNorms(x, n, cols);
  EXPECT_EQ(quant::columnNorms(x, n, cols, &pool), serial);
  // Column 3's norm, summed here in the same (row) order.
  double sum = 0;
  for (int64_t r = 0; r < n; ++r)
    sum += double(x[r * cols + 3]) * x[r * cols + 3];
  EXPECT_EQ(serial[3], static_cast<float>(std::sqrt(sum)));
  Floats scores = quant::pruningScores(x, n, cols, serial);
  EXPECT_EQ(quant::selectNM(scores, n, cols, 3, 7, &pool),
            quant::selectNM(scores, n, cols, 3, 7));
}

} // namespace
