//===- Gptq.cpp - GPTQ error-compensating quantization --------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The working matrix stays f32 (the quantizer reads it); the Hessian, its
// inverse's Cholesky factor and the scaled errors are double, and each update
// is computed in double and rounded once. Rows are independent given the
// quantized column, so every update runs over fixed chunks of rows; the
// quantizer is called between them, once per column.
//
//===----------------------------------------------------------------------===//

#include "lib/Quantizers/Gptq.h"

#include "lib/Encoding/Packing.h"
#include "lib/Quantizers/EigenSupport.h"
#include "lib/Quantizers/LowRank.h"
#include "lib/Quantizers/Parallel.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <numeric>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::quant;
using encoding::makeError;

namespace {

/// Rows per task of the updates.
constexpr int64_t kRowsPerTask = 128;

} // namespace

std::vector<double> quant::gptqHessian(llvm::ArrayRef<float> x, int64_t n,
                                       int64_t cols,
                                       llvm::ThreadPoolInterface *pool) {
  std::vector<double> h = inputCovariance(x, n, cols, pool);
  double factor = n > 0 ? 2.0 / n : 0.0;
  for (double &value : h)
    value *= factor;
  return h;
}

std::vector<int64_t> quant::gptqColumnOrder(llvm::ArrayRef<double> hessian,
                                            int64_t cols, bool actOrder) {
  std::vector<int64_t> order(cols);
  std::iota(order.begin(), order.end(), 0);
  if (!actOrder)
    return order;
  // A dead column (zero diagonal) counts as 1, as gptq() sets it.
  auto diagonal = [&](int64_t j) {
    double h = hessian[j * cols + j];
    return h == 0 ? 1.0 : h;
  };
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return diagonal(a) > diagonal(b) ||
           (diagonal(a) == diagonal(b) && a < b);
  });
  return order;
}

llvm::Expected<GptqResult>
quant::gptq(llvm::ArrayRef<float> w, int64_t rows, int64_t cols,
            llvm::ArrayRef<double> hessian, const GptqOptions &options,
            ColumnQuantizer quantize, llvm::ThreadPoolInterface *pool) {
  if (rows < 0 || cols < 0 || static_cast<int64_t>(w.size()) != rows * cols)
    return makeError("the weight holds " + llvm::Twine(w.size()) +
                     " values, expected " + llvm::Twine(rows) + " x " +
                     llvm::Twine(cols));
  if (static_cast<int64_t>(hessian.size()) != cols * cols)
    return makeError("the Hessian holds " + llvm::Twine(hessian.size()) +
                     " values, expected " + llvm::Twine(cols) + " x " +
                     llvm::Twine(cols));
  if (options.blockSize < 1)
    return makeError("the GPTQ block size must be positive, got " +
                     llvm::Twine(options.blockSize));

  // Dead columns, then the processing order.
  MatrixD h = Eigen::Map<const RowMatrixD>(hessian.data(), cols, cols);
  std::vector<bool> dead(cols, false);
  for (int64_t j = 0; j < cols; ++j)
    if (h(j, j) == 0) {
      h(j, j) = 1;
      dead[j] = true;
    }
  GptqResult result;
  result.permutation = gptqColumnOrder(hessian, cols, options.actOrder);
  std::vector<int64_t> &perm = result.permutation;

  std::vector<float> work(rows * cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < cols; ++j)
      work[r * cols + j] = dead[perm[j]] ? 0.0f : w[r * cols + perm[j]];
  MatrixD hp(cols, cols);
  for (int64_t j = 0; j < cols; ++j)
    for (int64_t i = 0; i < cols; ++i)
      hp(i, j) = h(perm[i], perm[j]);

  // Dampening, H^-1, and its upper Cholesky factor.
  if (cols > 0)
    hp.diagonal().array() += options.dampening * hp.diagonal().mean();
  Eigen::LLT<MatrixD> llt(hp);
  if (llt.info() != Eigen::Success)
    return makeError("the Hessian is not positive definite after dampening");
  MatrixD inverse = llt.solve(MatrixD::Identity(cols, cols));
  inverse = (inverse + inverse.transpose()) / 2;
  Eigen::LLT<MatrixD> inverseLlt(inverse);
  if (inverseLlt.info() != Eigen::Success)
    return makeError("the inverse Hessian is not positive definite");
  RowMatrixD u = inverseLlt.matrixU();

  result.quantized.assign(rows * cols, 0.0f);
  std::vector<float> out(rows);
  int64_t block = std::min(options.blockSize, std::max<int64_t>(cols, 1));
  std::vector<double> errors(rows * block);
  int64_t rowTasks = llvm::divideCeil(rows, kRowsPerTask);
  for (int64_t begin = 0; begin < cols; begin += block) {
    int64_t end = std::min(cols, begin + block), count = end - begin;
    for (int64_t j = begin; j < end; ++j) {
      std::fill(out.begin(), out.end(), 0.0f);
      if (llvm::Error error = quantize(j, work, out))
        return std::move(error);
      double diagonal = u(j, j);
      const double *uRow = u.data() + j * cols;
      parallelFor(pool, rowTasks, [&](int64_t task) {
        int64_t rowEnd = std::min(rows, (task + 1) * kRowsPerTask);
        for (int64_t r = task * kRowsPerTask; r < rowEnd; ++r) {
          float *row = work.data() + r * cols;
          double e = (double(row[j]) - out[r]) / diagonal;
          errors[r * count + (j - begin)] = e;
          result.quantized[r * cols + j] = out[r];
          row[j] = out[r];
          if (e != 0)
            for (int64_t k = j + 1; k < end; ++k)
              row[k] = static_cast<float>(row[k] - e * uRow[k]);
        }
      });
    }
    if (end == cols)
      continue;
    // The lazy batch update: W[:, end:] -= Err U[begin:end, end:].
    parallelFor(pool, rowTasks, [&](int64_t task) {
      int64_t rowEnd = std::min(rows, (task + 1) * kRowsPerTask);
      std::vector<double> accumulator(cols - end);
      for (int64_t r = task * kRowsPerTask; r < rowEnd; ++r) {
        float *row = work.data() + r * cols;
        for (int64_t k = end; k < cols; ++k)
          accumulator[k - end] = row[k];
        for (int64_t t = 0; t < count; ++t) {
          double e = errors[r * count + t];
          if (e == 0)
            continue;
          const double *uRow = u.data() + (begin + t) * cols;
          for (int64_t k = end; k < cols; ++k)
            accumulator[k - end] -= e * uRow[k];
        }
        for (int64_t k = end; k < cols; ++k)
          row[k] = static_cast<float>(accumulator[k - end]);
      }
    });
  }
  return result;
}
