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
  /// The methods that compressed the weight ("rtn", "gptq + eora", ...).
  std::string method;
  /// The terms of a #compress.sum (or the whole encoding) with their bytes.
  struct Part {
    std::string name;     // "term0", ... or "weight"
    std::string encoding; // the part's encoding as printed
    int64_t bytes = 0;
    /// Bytes per storage tensor of the part (roles as in docs/formats.md).
    std::vector<std::pair<std::string, int64_t>> storage;
  };
  std::vector<Part> parts;
};

/// The parts of a weight of `type`: one per term of a top-level
/// #compress.sum, else one for the whole encoding.
std::vector<LayerRecord::Part> getParts(CompressedTensorType type);

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

/// ||X W^T - Xq Q^T||_F / ||X W^T||_F where W is `dense` and Q the weight
/// that `dequantize` gives, both seen as output-channel x inputs
/// matrices, X the calibration inputs and Xq the inputs the compressed layer
/// sees (X itself, or X with int8 activations). Streams over the weight.
/// Writes elements [begin, end) of the decoded weight into `out`.
using WeightDequantizer = llvm::function_ref<llvm::Error(
    int64_t begin, int64_t end, llvm::MutableArrayRef<float> out)>;

llvm::Expected<double> computeOutputRelError(
    WeightDequantizer dequantize, llvm::ArrayRef<float> dense, const policy::WeightInfo &weight,
    const CalibrationInputs &inputs, const CalibrationInputs &compressedInputs,
    MLIRContext *context);

/// Writes the JSON report (docs/report.md) to `path`.
llvm::Error writeReport(llvm::StringRef path,
                        llvm::ArrayRef<LayerRecord> layers);

} // namespace mlir::compress

#endif // COMPRESS_PASSES_TRANSFORMS_LAYERREPORT_H
