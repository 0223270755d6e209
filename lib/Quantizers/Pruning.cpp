//===- Pruning.cpp - Pruning scores and keep masks ------------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Selections order candidates by (score descending, index ascending), a strict
// total order on distinct indices, so nth_element picks the same set every
// time. NaN scores order as the smallest.
//
//===----------------------------------------------------------------------===//

#include "lib/Quantizers/Pruning.h"

#include "lib/Quantizers/Parallel.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::quant;

namespace {

/// Rows per task of the row-parallel loops, and columns per task of
/// columnNorms (fixed, so results do not depend on the pool).
constexpr int64_t kRowsPerChunk = 64;
constexpr int64_t kColsPerChunk = 256;

/// True if candidate a (score sa) goes before candidate b: higher score, then
/// lower index; NaN is lowest.
template <typename Score>
bool before(Score sa, int64_t a, Score sb, int64_t b) {
  bool nanA = std::isnan(sa), nanB = std::isnan(sb);
  if (nanA != nanB)
    return nanB;
  if (!nanA && sa != sb)
    return sa > sb;
  return a < b;
}

/// A mask keeping the `count` best of `scores` (indices 0 .. size - 1).
template <typename Score>
std::vector<uint8_t> keepBest(llvm::ArrayRef<Score> scores, int64_t count) {
  int64_t size = scores.size();
  count = std::clamp<int64_t>(count, 0, size);
  std::vector<uint8_t> mask(size, 0);
  if (count == size) {
    std::fill(mask.begin(), mask.end(), 1);
    return mask;
  }
  std::vector<int64_t> order(size);
  std::iota(order.begin(), order.end(), 0);
  std::nth_element(
      order.begin(), order.begin() + count, order.end(),
      [&](int64_t a, int64_t b) { return before(scores[a], a, scores[b], b); });
  for (int64_t i = 0; i < count; ++i)
    mask[order[i]] = 1;
  return mask;
}

} // namespace

std::vector<float> quant::pruningScores(llvm::ArrayRef<float> w, int64_t rows,
                                        int64_t cols,
                                        llvm::ArrayRef<float> columnNorms) {
  assert(static_cast<int64_t>(w.size()) == rows * cols && "rows x cols");
  assert((columnNorms.empty() ||
          static_cast<int64_t>(columnNorms.size()) == cols) &&
         "one norm per column");
  std::vector<float> scores(w.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      float magnitude = std::fabs(w[r * cols + c]);
      scores[r * cols + c] =
          columnNorms.empty() ? magnitude : magnitude * columnNorms[c];
    }
  return scores;
}

std::vector<float> quant::columnNorms(llvm::ArrayRef<float> x, int64_t n,
                                      int64_t cols,
                                      llvm::ThreadPoolInterface *pool) {
  assert(static_cast<int64_t>(x.size()) == n * cols && "n x cols");
  std::vector<float> norms(cols);
  parallelFor(pool, llvm::divideCeil(cols, kColsPerChunk), [&](int64_t chunk) {
    int64_t begin = chunk * kColsPerChunk;
    int64_t end = std::min(cols, begin + kColsPerChunk);
    std::vector<double> sums(end - begin, 0.0);
    for (int64_t r = 0; r < n; ++r) {
      const float *row = x.data() + r * cols;
      for (int64_t c = begin; c < end; ++c)
        sums[c - begin] += double(row[c]) * row[c];
    }
    for (int64_t c = begin; c < end; ++c)
      norms[c] = static_cast<float>(std::sqrt(sums[c - begin]));
  });
  return norms;
}

std::vector<uint8_t> quant::selectNM(llvm::ArrayRef<float> scores, int64_t rows,
                                     int64_t cols, int64_t n, int64_t m,
                                     llvm::ThreadPoolInterface *pool) {
  assert(static_cast<int64_t>(scores.size()) == rows * cols && "rows x cols");
  assert(m >= 1 && n >= 0 && "N:M needs M >= 1 and N >= 0");
  std::vector<uint8_t> mask(scores.size(), 0);
  parallelFor(pool, llvm::divideCeil(rows, kRowsPerChunk), [&](int64_t chunk) {
    int64_t rowEnd = std::min(rows, (chunk + 1) * kRowsPerChunk);
    std::vector<int64_t> order;
    for (int64_t r = chunk * kRowsPerChunk; r < rowEnd; ++r) {
      const float *row = scores.data() + r * cols;
      for (int64_t g = 0; g < cols; g += m) {
        int64_t len = std::min(m, cols - g);
        int64_t keep = std::min(n, len);
        order.resize(len);
        std::iota(order.begin(), order.end(), g);
        std::partial_sort(
            order.begin(), order.begin() + keep, order.end(),
            [&](int64_t a, int64_t b) { return before(row[a], a, row[b], b); });
        for (int64_t i = 0; i < keep; ++i)
          mask[r * cols + order[i]] = 1;
      }
    }
  });
  return mask;
}

std::vector<uint8_t> quant::selectBlocks(llvm::ArrayRef<float> scores,
                                         int64_t rows, int64_t cols, int64_t br,
                                         int64_t bc, int64_t kept) {
  assert(static_cast<int64_t>(scores.size()) == rows * cols && "rows x cols");
  assert(br >= 1 && bc >= 1 && "blocks of at least 1 x 1");
  int64_t blockRows = llvm::divideCeil(rows, br);
  int64_t blockCols = llvm::divideCeil(cols, bc);
  std::vector<double> sums(blockRows * blockCols, 0.0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      sums[(r / br) * blockCols + c / bc] += scores[r * cols + c];
  std::vector<uint8_t> keptBlocks =
      keepBest(llvm::ArrayRef<double>(sums), kept);
  std::vector<uint8_t> mask(scores.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      mask[r * cols + c] = keptBlocks[(r / br) * blockCols + c / bc];
  return mask;
}

std::vector<uint8_t> quant::selectLargest(llvm::ArrayRef<float> scores,
                                          int64_t count) {
  return keepBest(scores, count);
}
