//===- KernelSource.cpp - The benchmarked kernels as compress IR ----------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "bench/gemv/KernelSource.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir::compress::bench;

std::optional<Encoding>
mlir::compress::bench::parseEncoding(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Encoding>>(name)
      .Case("int4-g128", Encoding::Int4G128)
      .Case("int4-g32", Encoding::Int4G32)
      .Case("int8-channel", Encoding::Int8Channel)
      .Case("f32", Encoding::DenseF32)
      .Case("f16", Encoding::DenseF16)
      .Default(std::nullopt);
}

llvm::StringRef mlir::compress::bench::getEncodingName(Encoding encoding) {
  switch (encoding) {
  case Encoding::Int4G128:
    return "int4-g128";
  case Encoding::Int4G32:
    return "int4-g32";
  case Encoding::Int8Channel:
    return "int8-channel";
  case Encoding::DenseF32:
    return "f32";
  case Encoding::DenseF16:
    return "f16";
  case Encoding::Preset:
    return "preset";
  }
  llvm_unreachable("unknown encoding");
}

llvm::StringRef KernelCase::getEncodingName() const {
  return encoding == Encoding::Preset
             ? llvm::StringRef(preset)
             : mlir::compress::bench::getEncodingName(encoding);
}

int64_t KernelCase::getGroupSize() const {
  switch (encoding) {
  case Encoding::Int4G128:
    return 128;
  case Encoding::Int4G32:
    return 32;
  case Encoding::Int8Channel:
    return k;
  case Encoding::DenseF32:
  case Encoding::DenseF16:
  case Encoding::Preset:
    return 0;
  }
  llvm_unreachable("unknown encoding");
}

llvm::SmallVector<StorageTensor> KernelCase::getStorage() const {
  switch (encoding) {
  case Encoding::Int4G128:
  case Encoding::Int4G32:
    // Two signed nibbles per byte, low nibble first; one f32 scale per group.
    return {{"codes", {n, k / 2}, 1}, {"scales", {n, k / getGroupSize()}, 4}};
  case Encoding::Int8Channel:
    return {{"codes", {n, k}, 1}, {"scales", {n, 1}, 4}};
  case Encoding::DenseF32:
    return {{"weights", {n, k}, 4}};
  case Encoding::DenseF16:
    return {{"weights", {n, k}, 2}};
  case Encoding::Preset:
    return presetStorage;
  }
  llvm_unreachable("unknown encoding");
}

int64_t KernelCase::getWeightBytes() const {
  int64_t bytes = 0;
  for (const StorageTensor &tensor : getStorage())
    bytes += tensor.getBytes();
  return bytes;
}

std::string KernelCase::getSource() const {
  std::string x = llvm::formatv("tensor<{0}x{1}xf32>", m, k).str();
  std::string y = llvm::formatv("tensor<{0}x{1}xf32>", m, n).str();
  if (encoding == Encoding::DenseF32 || encoding == Encoding::DenseF16) {
    std::string w =
        llvm::formatv("tensor<{0}x{1}x{2}>", n, k,
                      encoding == Encoding::DenseF32 ? "f32" : "f16")
            .str();
    return llvm::formatv(
               "func.func @gemv(%x: {0}, %w: {1}) -> {2} {{\n"
               "  %zero = arith.constant 0.0 : f32\n"
               "  %empty = tensor.empty() : {2}\n"
               "  %init = linalg.fill ins(%zero : f32) outs(%empty : {2}) -> "
               "{2}\n"
               "  %y = linalg.matmul indexing_maps = ["
               "affine_map<(m, n, k) -> (m, k)>, "
               "affine_map<(m, n, k) -> (n, k)>, "
               "affine_map<(m, n, k) -> (m, n)>] "
               "ins(%x, %w : {0}, {1}) outs(%init : {2}) -> {2}\n"
               "  return %y : {2}\n}\n",
               x, w, y)
        .str();
  }
  std::string attr = attribute;
  if (encoding != Encoding::Preset) {
    std::string layout =
        encoding == Encoding::Int8Channel
            ? std::string("bits = 8, per_axis = 0")
            : llvm::formatv("bits = 4, block = [1, {0}]", getGroupSize()).str();
    attr = llvm::formatv("#compress.uniform<{0}, scale = f32>", layout).str();
  }
  std::string w =
      llvm::formatv("!compress.tensor<{0}x{1}x{2}, {3}>", n, k, elementType,
                    attr)
          .str();
  std::string activations =
      activationBlock
          ? llvm::formatv("int8_activations({0}) ", activationBlock).str()
          : std::string();
  return llvm::formatv("func.func @gemv(%x: {0}, %w: {1}) -> {2} {{\n"
                       "  %y = compress.matmul %x, %w transpose_rhs {3}"
                       "acc(f32) : {0}, {1} -> {2}\n"
                       "  return %y : {2}\n}\n",
                       x, w, y, activations)
      .str();
}

std::string mlir::compress::bench::getReadSumSource(int64_t rows,
                                                    int64_t cols) {
  std::string a = llvm::formatv("tensor<{0}x{1}xf32>", rows, cols).str();
  std::string s = llvm::formatv("tensor<{0}xf32>", rows).str();
  return llvm::formatv(
             "func.func @read_sum(%a: {0}) -> {1} {{\n"
             "  %zero = arith.constant 0.0 : f32\n"
             "  %empty = tensor.empty() : {1}\n"
             "  %init = linalg.fill ins(%zero : f32) outs(%empty : {1}) -> "
             "{1}\n"
             "  %sum = linalg.reduce ins(%a : {0}) outs(%init : {1}) "
             "dimensions = [1]\n"
             "    (%in: f32, %acc: f32) {{\n"
             "      %next = arith.addf %in, %acc : f32\n"
             "      linalg.yield %next : f32\n"
             "    }\n"
             "  return %sum : {1}\n}\n",
             a, s)
      .str();
}
