//===- Gptq.h - GPTQ error-compensating quantization ------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// GPTQ (Frantar et al. 2022) on a row-major rows x cols weight W whose input
// dimension is cols, with the Hessian H = 2/n X^T X of calibration inputs X
// (n x cols). Columns are quantized one at a time, by a caller-supplied
// column quantizer, and each column's error is spread over the columns not
// yet quantized through the upper Cholesky factor of H^-1, so that
// ||(W - Q) X^T|| stays small. The quantizer only returns dequantized values:
// the encoding (grid, groups, scales) is the caller's.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_QUANTIZERS_GPTQ_H
#define COMPRESS_LIB_QUANTIZERS_GPTQ_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/ThreadPool.h"

#include <cstdint>
#include <vector>

namespace mlir::compress::quant {

struct GptqOptions {
  int64_t blockSize = 128;
  /// Fraction of the mean Hessian diagonal added to the diagonal.
  double dampening = 0.01;
  /// Process columns in decreasing Hessian diagonal order.
  bool actOrder = false;
};

/// Called for each column j (in processing order, i.e. in the permuted matrix
/// when actOrder) with the current, error-updated permuted weight matrix `w`
/// (rows x cols, row-major; columns >= j still unquantized but updated:
/// columns of j's block of `blockSize` columns by every earlier column,
/// later columns by the columns of earlier blocks (the lazy batch update);
/// columns < j hold their quantized values) and must write the dequantized
/// values of column j for every row into `out` (rows values). It may compute
/// group parameters when j starts a group, from columns [j, j + G) of `w`
/// (which is how GPTQ forms groups). Return an error to abort.
using ColumnQuantizer = llvm::function_ref<llvm::Error(
    int64_t column, llvm::ArrayRef<float> w, llvm::MutableArrayRef<float> out)>;

struct GptqResult {
  /// Processing order: permuted column j is original column permutation[j];
  /// the identity without actOrder.
  std::vector<int64_t> permutation;
  /// rows x cols, the dequantized weights in PERMUTED column order.
  std::vector<float> quantized;
};

/// H = 2/n X^T X from calibration X (n x cols row-major), in double,
/// multithreaded (the same result without a pool); 0 when n is 0.
std::vector<double> gptqHessian(llvm::ArrayRef<float> x, int64_t n,
                                int64_t cols,
                                llvm::ThreadPoolInterface *pool = nullptr);

/// The order in which gptq() processes the columns: the identity, or with
/// act-order by decreasing Hessian diagonal (a zero diagonal counting as 1),
/// equal diagonals in column order. Callers whose quantizer must know the
/// original column of each processed one use it.
std::vector<int64_t> gptqColumnOrder(llvm::ArrayRef<double> hessian,
                                     int64_t cols, bool actOrder);

/// GPTQ: dead columns (H_jj == 0) get H_jj = 1 and W[:, j] = 0; with
/// actOrder, columns are sorted by decreasing H_jj (stable: ties keep their
/// order); dampening * mean(diag H) is added to the diagonal; then the upper
/// Cholesky factor U of H^-1 (H^-1 = U^T U), and blocks of `blockSize`
/// columns: column j's error e = (w_j - q_j) / U_jj updates the rest of its
/// block at once (w_k -= e U_jk), the columns after the block are updated
/// once per block (the lazy batch update). The per-row work runs on `pool`
/// (in fixed row chunks: the same results without it). Fails on mismatched
/// sizes, a non-positive blockSize, a Hessian that is not positive definite
/// after dampening, or an error from `quantize`.
llvm::Expected<GptqResult> gptq(llvm::ArrayRef<float> w, int64_t rows,
                                int64_t cols, llvm::ArrayRef<double> hessian,
                                const GptqOptions &options,
                                ColumnQuantizer quantize,
                                llvm::ThreadPoolInterface *pool = nullptr);

} // namespace mlir::compress::quant

#endif // COMPRESS_LIB_QUANTIZERS_GPTQ_H
