//===- LayerReport.cpp - What compress-apply-policy did, per layer --------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Transforms/LayerReport.h"
#include "dialects/Compress/IR/CompressAttrs.h"
#include "lib/Encoding/Layout.h"

#include "mlir/IR/Threading.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <random>

using namespace mlir;
using namespace mlir::compress;

int64_t mlir::compress::getInputColumns(const policy::WeightInfo &weight) {
  int64_t columns = 1;
  for (auto [axis, dim] : llvm::enumerate(weight.shape))
    if (static_cast<int64_t>(axis) != weight.outputAxis)
      columns *= dim;
  return columns;
}

CalibrationInputs mlir::compress::makeSeededNormalInputs(int64_t rows,
                                                         int64_t columns,
                                                         uint64_t seed) {
  CalibrationInputs inputs;
  inputs.rows = rows;
  inputs.columns = columns;
  inputs.values.resize(rows * columns);
  std::mt19937_64 engine(seed);
  auto uniform = [&] { return (engine() >> 11) * 0x1.0p-53; };
  for (size_t i = 0; i < inputs.values.size(); i += 2) {
    double u1 = 1.0 - uniform(), u2 = uniform();
    double radius = std::sqrt(-2.0 * std::log(u1));
    inputs.values[i] = radius * std::cos(2 * M_PI * u2);
    if (i + 1 < inputs.values.size())
      inputs.values[i + 1] = radius * std::sin(2 * M_PI * u2);
  }
  inputs.description = llvm::formatv("seeded standard normal ({0} rows, seed "
                                     "{1})",
                                     rows, seed);
  return inputs;
}

llvm::Expected<double> mlir::compress::computeOutputRelError(
    WeightDequantizer dequantize, ArrayRef<float> dense, const policy::WeightInfo &weight,
    const CalibrationInputs &inputs, const CalibrationInputs &compressedInputs,
    MLIRContext *context) {
  // Element i of the weight is i = (a * outputs + o) * strideOut + b: output
  // channel o, input column c = a * strideOut + b. Work items are contiguous
  // ranges of one `a` and a block of outputs; each reads its dense and
  // dequantized values once.
  ArrayRef<int64_t> shape = weight.shape;
  int64_t outputs = shape[weight.outputAxis];
  int64_t strideOut = 1;
  for (size_t d = weight.outputAxis + 1; d < shape.size(); ++d)
    strideOut *= shape[d];
  int64_t outer = static_cast<int64_t>(dense.size()) / (outputs * strideOut);
  int64_t rows = inputs.rows, columns = inputs.columns;
  // Blocks of outputs: at most 64 Ki weights per block, and enough blocks to
  // keep every thread busy. Each task owns the sums of its outputs and adds
  // the `outer` ranges in order: no shared sums, and a result that does not
  // depend on the number of threads.
  int64_t blockOutputs = std::max<int64_t>(
      1, std::min({outputs, (int64_t(1) << 16) / strideOut,
                   static_cast<int64_t>(llvm::divideCeil(outputs, 64))}));
  int64_t blocks = llvm::divideCeil(outputs, blockOutputs);
  std::vector<double> exact(rows * outputs, 0.0), approx(rows * outputs, 0.0);
  std::vector<std::string> errors(blocks);
  mlir::parallelFor(context, 0, blocks, [&](size_t block) {
    int64_t o0 = block * blockOutputs;
    int64_t o1 = std::min(outputs, o0 + blockOutputs);
    std::vector<float> decoded((o1 - o0) * strideOut);
    for (int64_t a = 0; a < outer; ++a) {
      int64_t begin = (a * outputs + o0) * strideOut;
      int64_t end = (a * outputs + o1) * strideOut;
      if (llvm::Error err = dequantize(begin, end, decoded)) {
        errors[block] = llvm::toString(std::move(err));
        return;
      }
      const float *w = dense.data() + begin;
      for (int64_t r = 0; r < rows; ++r) {
        const float *x = inputs.values.data() + r * columns + a * strideOut;
        const float *xq =
            compressedInputs.values.data() + r * columns + a * strideOut;
        double *yr = exact.data() + r * outputs,
               *qr = approx.data() + r * outputs;
        for (int64_t o = o0; o < o1; ++o) {
          // A dot product over the run of strideOut inputs of output o.
          const float *wo = w + (o - o0) * strideOut;
          const float *qo = decoded.data() + (o - o0) * strideOut;
          double sy = 0, sq = 0;
          for (int64_t b = 0; b < strideOut; ++b) {
            sy += double(x[b]) * wo[b];
            sq += double(xq[b]) * qo[b];
          }
          yr[o] += sy;
          qr[o] += sq;
        }
      }
    }
  });
  for (const std::string &error : errors)
    if (!error.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(), error);
  double diff = 0, norm = 0;
  for (int64_t k = 0; k < rows * outputs; ++k) {
    diff += (exact[k] - approx[k]) * (exact[k] - approx[k]);
    norm += exact[k] * exact[k];
  }
  // All-zero dense outputs: 0 if the compressed ones are zero too, else no
  // relative error exists (NaN, written as null).
  return norm > 0 ? std::sqrt(diff / norm) : (diff > 0 ? NAN : 0.0);
}

std::vector<LayerRecord::Part>
mlir::compress::getParts(CompressedTensorType type) {
  encoding::Layout layout = encoding::getLayout(type);
  auto print = [](Attribute attr) {
    std::string text;
    llvm::raw_string_ostream(text) << attr;
    return text;
  };
  // (name, encoding) of each part; "weight" holds every storage tensor.
  SmallVector<std::pair<std::string, Attribute>> named;
  if (auto sum = dyn_cast<SumAttr>(type.getEncoding()))
    for (auto [t, term] : llvm::enumerate(sum.getTerms()))
      named.push_back({"term" + std::to_string(t), term});
  else
    named.push_back({"weight", type.getEncoding()});
  std::vector<LayerRecord::Part> parts;
  for (auto &[name, encoding] : named) {
    LayerRecord::Part &part = parts.emplace_back();
    part.name = name;
    part.encoding = print(encoding);
    for (const encoding::StorageSpec &spec : layout.storage) {
      StringRef role = spec.role;
      if (name != "weight" && role != name && !role.starts_with(name + "."))
        continue;
      part.bytes += spec.byteSize;
      part.storage.push_back({spec.role, spec.byteSize});
    }
  }
  return parts;
}

llvm::Error mlir::compress::writeReport(StringRef path,
                                        ArrayRef<LayerRecord> layers) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return llvm::createStringError(ec, "cannot write report '" + path +
                                           "': " + ec.message());
  llvm::json::OStream json(os, 2);
  int64_t totalDense = 0, totalCompressed = 0, totalElements = 0;
  json.object([&] {
    json.attributeArray("layers", [&] {
      for (const LayerRecord &layer : layers) {
        int64_t elements = 1;
        for (int64_t dim : layer.weight.shape)
          elements *= dim;
        totalDense += layer.bytesDense;
        totalCompressed += layer.bytesCompressed;
        totalElements += elements;
        json.object([&] {
          json.attribute("name", layer.weight.name);
          json.attribute("op", policy::stringifyConsumerKind(layer.weight.op));
          json.attributeArray("shape", [&] {
            for (int64_t dim : layer.weight.shape)
              json.value(dim);
          });
          json.attribute("encoding", layer.encoding);
          json.attribute("rule", layer.rule);
          json.attribute("consumer", layer.consumer);
          json.attribute("bits_per_weight", layer.bitsPerWeight);
          json.attribute("bytes_dense", layer.bytesDense);
          json.attribute("bytes_compressed", layer.bytesCompressed);
          json.attribute("weight_rel_error", layer.weightRelError);
          if (std::isnan(layer.outputRelError))
            json.attribute("output_rel_error", nullptr);
          else
            json.attribute("output_rel_error", layer.outputRelError);
          json.attribute("calibration", layer.calibration);
          json.attribute("activations", layer.activations);
          json.attribute("method", layer.method);
          json.attributeArray("parts", [&] {
            for (const LayerRecord::Part &part : layer.parts)
              json.object([&] {
                json.attribute("part", part.name);
                json.attribute("encoding", part.encoding);
                json.attribute("bytes", part.bytes);
                json.attributeObject("storage", [&] {
                  for (const auto &[role, bytes] : part.storage)
                    json.attribute(role, bytes);
                });
              });
          });
        });
      }
    });
    json.attributeObject("total", [&] {
      json.attribute("bytes_dense", totalDense);
      json.attribute("bytes_compressed", totalCompressed);
      json.attribute("bits_per_weight",
                     totalElements ? 8.0 * totalCompressed / totalElements
                                   : 0.0);
    });
  });
  os << "\n";
  return llvm::Error::success();
}
