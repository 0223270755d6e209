//===- Encoder.h - Dense weights into any #compress encoding ----*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Compresses a dense f32 weight into the storage of any encoding that a
// policy preset gives, part by part, each part by its method:
//   - #compress.uniform: round to nearest (RoundToNearest.h), or GPTQ;
//   - #compress.lut: k-means codebooks (optionally weighted by the diagonal
//     of X^T X, SqueezeLLM), or a fixed table (nf4) with absmax scales;
//   - #compress.float: absmax scales (power-of-two E8M0 scales for MX) and
//     round to nearest in the format;
//   - #compress.sparse: the kept positions by magnitude or Wanda's
//     |W| * ||x||, then the kept values encoded by the values slot;
//   - #compress.lowrank: truncated SVD, or EoRA's fit in the eigenspace of
//     the input covariance;
//   - #compress.sum: outlier terms take the largest magnitudes of the weight
//     and store what the other terms leave; the other terms fit the residual
//     of the ones before them;
//   - #compress.permuted: GPTQ's act-order, or the identity.
// Nested slots (scales that are themselves encoded, quantized kept values or
// factors) are encoded in turn. docs/design.md describes the methods.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_QUANTIZERS_ENCODER_H
#define COMPRESS_LIB_QUANTIZERS_ENCODER_H

#include "dialects/Compress/IR/CompressTypes.h"
#include "lib/Encoding/Packing.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/ThreadPool.h"

#include <string>
#include <vector>

namespace mlir::compress::quant {

/// The methods a policy rule names (docs/policy.md, `method:`); the defaults
/// (round to nearest, k-means, magnitude, SVD) where none is named.
struct Methods {
  bool gptq = false;
  bool actOrder = false; // gptq-act-order
  bool weightedKMeans = false;
  bool wanda = false;
  bool eora = false;

  /// From the names of `method:`; unknown names are ignored (the policy
  /// reader rejects them).
  static Methods fromNames(llvm::ArrayRef<std::string> names);
  bool needsCalibration() const {
    return gptq || weightedKMeans || wanda || eora;
  }
};

/// Calibration inputs of a weight: `rows` input vectors of `columns`
/// values, one per index of the weight's reduction axis.
struct CalibrationData {
  llvm::ArrayRef<float> inputs;
  int64_t rows = 0, columns = 0;
};

struct EncodeRequest {
  CompressedTensorType type;
  /// Row-major, type.getNumElements() values.
  llvm::ArrayRef<float> weights;
  /// The dimension the consumer sums over (it indexes the calibration
  /// inputs' columns); -1 if none.
  int64_t reductionAxis = -1;
  Methods methods;
  /// Needed by the methods that use calibration (Methods::needsCalibration).
  const CalibrationData *calibration = nullptr;
  llvm::ThreadPoolInterface *pool = nullptr;
};

struct EncodedWeight {
  encoding::StorageBytes storage;
  /// The decoded weight in f32.
  std::vector<float> decoded;
  double squaredError = 0, squaredNorm = 0;
  /// What ran, for the report: "rtn", "gptq (act-order)", "kmeans + csr
  /// outliers by magnitude", ...
  std::string method;
};

/// Fails, naming the method, when a method of `methods` applies to no part
/// of `encoding` (`wanda` on a weight without sparsity, ...).
llvm::Error checkMethodsApply(Attribute encoding, const Methods &methods);

/// Encodes the weight. Fails with a message on an encoding part that no
/// method here handles, on NaN or infinite weights, and on methods whose
/// calibration is missing.
llvm::Expected<EncodedWeight> encodeWeight(const EncodeRequest &request);

} // namespace mlir::compress::quant

#endif // COMPRESS_LIB_QUANTIZERS_ENCODER_H
