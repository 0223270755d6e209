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
// for the weight, in order.
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

enum class Encoding { Int4G128, Int4G32, Int8Channel, DenseF32, DenseF16 };

/// "int4-g128", "int4-g32", "int8-channel", "f32", "f16" (std::nullopt for
/// anything else).
std::optional<Encoding> parseEncoding(llvm::StringRef name);
llvm::StringRef getEncodingName(Encoding encoding);

/// One storage tensor of the weight: a row-major [rows, cols] buffer of
/// `elementBytes`-byte elements.
struct StorageTensor {
  std::string role; // "codes", "scales" or "weights"
  int64_t rows, cols, elementBytes;
  int64_t getBytes() const { return rows * cols * elementBytes; }
};

struct KernelCase {
  Encoding encoding;
  int64_t m, n, k;
  /// int8 activations per block of this many K values (the op's
  /// `int8_activations`); 0: f32 activations.
  int64_t activationBlock = 0;

  /// The weight's storage tensors, in the order the lowered function takes
  /// them after x.
  llvm::SmallVector<StorageTensor> getStorage() const;
  /// Bytes of one weight matrix (all its storage tensors).
  int64_t getWeightBytes() const;
  /// Elements of K per scale (K for per-channel; 0 for dense).
  int64_t getGroupSize() const;
  /// `func.func @gemv(%x: tensor<MxKxf32>, %w: ...) -> tensor<MxNxf32>`.
  std::string getSource() const;
};

/// `func.func @read_sum(%a: tensor<RxCxf32>) -> tensor<Rxf32>`: row sums, a
/// parallel reduction that reads every element once.
std::string getReadSumSource(int64_t rows, int64_t cols);

} // namespace mlir::compress::bench

#endif // COMPRESS_BENCH_GEMV_KERNELSOURCE_H
