//===- LayerReport.h - What compress-apply-policy did, per layer -*- C++
//-*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The per-layer report of compress-apply-policy (docs/report.md): sizes,
// encoding, measured errors, and the JSON file that carries them.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_TRANSFORMS_LAYERREPORT_H
#define COMPRESS_PASSES_TRANSFORMS_LAYERREPORT_H

#include "dialects/Compress/IR/CompressTypes.h"
#include "lib/Encoding/Packing.h"
#include "lib/Policy/Policy.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::compress {

struct LayerRecord {
  policy::WeightInfo weight;
  /// The encoding as printed, or "none".
  std::string encoding;
  /// The policy text that chose it (a preset or the attribute), or "".
  std::string rule;
  /// compress.matmul, compress.gather or compress.decode; "" when unchanged.
  std::string consumer;
  int64_t bytesDense = 0, bytesCompressed = 0;
  double bitsPerWeight = 0;
  double weightRelError = 0, outputRelError = 0;
  /// Where the inputs of the output error came from.
  std::string calibration;
  /// "f32", or "int8 per block of B" when the policy quantizes the
  /// activations of the weight's matmuls (included in outputRelError).
  std::string activations = "f32";
};

/// Inputs for the output error of one weight: `rows` x `columns` values.
struct CalibrationInputs {
  std::vector<float> values;
  int64_t rows = 0, columns = 0;
  std::string description;
};

/// The columns of a weight seen as an output-channel x inputs matrix: every
/// element except those along the output axis.
int64_t getInputColumns(const policy::WeightInfo &weight);

/// `rows` x `columns` standard-normal values from a fixed seed (mt19937_64 and
/// Box-Muller, so they are the same on every platform).
CalibrationInputs makeSeededNormalInputs(int64_t rows, int64_t columns,
                                         uint64_t seed);

/// ||X W^T - Xq Q^T||_F / ||X W^T||_F where W is `dense` and Q the
/// dequantized `storage` of `type`, both seen as output-channel x inputs
/// matrices, X the calibration inputs and Xq the inputs the compressed layer
/// sees (X itself, or X with int8 activations). Streams over the weight.
llvm::Expected<double> computeOutputRelError(
    CompressedTensorType type, const encoding::StorageBytes &storage,
    llvm::ArrayRef<float> dense, const policy::WeightInfo &weight,
    const CalibrationInputs &inputs, const CalibrationInputs &compressedInputs,
    MLIRContext *context);

/// Writes the JSON report (docs/report.md) to `path`.
llvm::Error writeReport(llvm::StringRef path,
                        llvm::ArrayRef<LayerRecord> layers);

} // namespace mlir::compress

#endif // COMPRESS_PASSES_TRANSFORMS_LAYERREPORT_H
