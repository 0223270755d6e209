//===- CpuMatmulKernels.h - Streaming CPU kernels for compress.matmul -*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The fast form of a compress.matmul on a CPU: instead of one linalg.generic
// that the vectorizer tiles, a loop nest of vector ops that streams each
// weight row once, decodes 16 packed bytes per load in registers and
// multiplies them into accumulators kept for a block of activation rows
// (docs/codegen.md, "CPU kernels"). Used by convert-compress-to-linalg when
// its `cpu-features` option is set; ops the kernels do not cover keep the
// generic lowering.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_CONVERSION_CPUMATMULKERNELS_H
#define COMPRESS_PASSES_CONVERSION_CPUMATMULKERNELS_H

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/StringRef.h"

namespace mlir {
class TypeConverter;

namespace compress {

/// The instruction sets the kernels may use.
struct CpuKernelTarget {
  /// AVX-512 F + BW: 16-entry table lookups (vpermd) decode 4-bit codes.
  bool avx512 = false;
  /// AVX-512 VNNI: int8 dot products (vpdpbusd) for int8 activations.
  bool avx512Vnni = false;

  /// From an LLVM feature list such as "+avx512f,+avx512bw,-avx512vnni",
  /// applied on top of the host's features when `features` starts with
  /// "host" ("host", "host,-avx512f").
  static CpuKernelTarget fromFeatures(StringRef features);
};

/// Adds the kernel patterns (benefit 2, so they win over the generic
/// lowering on the ops they match).
void populateCpuMatmulKernelPatterns(const TypeConverter &converter,
                                     RewritePatternSet &patterns,
                                     CpuKernelTarget target);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_PASSES_CONVERSION_CPUMATMULKERNELS_H
