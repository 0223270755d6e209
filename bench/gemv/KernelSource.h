//===- KernelSource.h - The benchmarked kernels as compress IR --*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// A benchmark case is a weight encoding and a shape: y[M, N] = x[M, K] * W^T
// with W [N, K] (nn.Linear's layout). This file writes its kernel as MLIR
// text (compress.matmul on a compressed argument, or linalg.matmul on a
// dense one) and describes the storage tensors the lowered C interface takes
// for the weight, in order. Besides the fixed encodings below, a case may use
// any policy preset (docs/policy.md), resolved and encoded by PresetWeights.h.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_BENCH_GEMV_KERNELSOURCE_H
#define COMPRESS_BENCH_GEMV_KERNELSOURCE_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mlir::compress::bench {

/// Preset: a policy preset (KernelCase::preset), the others hand-written.
enum class Encoding {
  Int4G128,
  Int4G32,
  Int8Channel,
  DenseF32,
  DenseF16,
  Preset
};

/// "int4-g128", "int4-g32", "int8-channel", "f32", "f16" (std::nullopt for
/// anything else, presets included).
std::optional<Encoding> parseEncoding(llvm::StringRef name);
llvm::StringRef getEncodingName(Encoding encoding);

/// One storage tensor of the weight: a row-major buffer of `shape` with
/// `elementBytes`-byte elements.
struct StorageTensor {
  std::string role; // "codes", "scales" or "weights"; presets: the layout's
  llvm::SmallVector<int64_t, 2> shape;
  int64_t elementBytes;
  int64_t getNumElements() const {
    int64_t count = 1;
    for (int64_t size : shape)
      count *= size;
    return count;
  }
  int64_t getBytes() const { return getNumElements() * elementBytes; }
};

struct KernelCase {
  Encoding encoding;
  int64_t m, n, k;
  /// int8 activations per block of this many K values (the op's
  /// `int8_activations`); 0: f32 activations.
  int64_t activationBlock = 0;
  /// Encoding::Preset: the preset's name, its resolved encoding attribute
  /// (printed) and the storage tensors of its layout, in layout order.
  std::string preset{}, attribute{};
  /// The compressed weight's logical element type: "f32", "f16" or "bf16".
  std::string elementType = "f32";
  llvm::SmallVector<StorageTensor> presetStorage{};

  /// "int4-g128", ..., or the preset's name.
  llvm::StringRef getEncodingName() const;

  /// The weight's storage tensors, in the order the lowered function takes
  /// them after x.
  llvm::SmallVector<StorageTensor> getStorage() const;
  /// Bytes of one weight matrix (all its storage tensors).
  int64_t getWeightBytes() const;
  /// Elements of K per scale (K for per-channel; 0 for dense and presets).
  int64_t getGroupSize() const;
  /// `func.func @gemv(%x: tensor<MxKxf32>, %w: ...) -> tensor<MxNxf32>`.
  std::string getSource() const;
};

/// `func.func @read_sum(%a: tensor<RxCxf32>) -> tensor<Rxf32>`: row sums, a
/// parallel reduction that reads every element once.
std::string getReadSumSource(int64_t rows, int64_t cols);

} // namespace mlir::compress::bench

#endif // COMPRESS_BENCH_GEMV_KERNELSOURCE_H
