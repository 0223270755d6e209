//===- ActivationInt8.h - int8 activations, on host values ------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// compress.matmul's `int8_activations(B)` applied to values in memory: the
// report's output error (compress-apply-policy) and the benchmark's
// reference use it. The IR form, for kernels and compress-decompress, is
// lib/Builders/ActivationQuant.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_QUANTIZERS_ACTIVATIONINT8_H
#define COMPRESS_LIB_QUANTIZERS_ACTIVATIONINT8_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>

namespace mlir::compress::quant {

/// Replaces each run of `block` consecutive values (values.size() is a
/// multiple of block) by s * q with s = max|x| / 127 and
/// q = clamp(roundeven(x * (127 / max|x|)), -127, 127), q = 0 for an
/// all-zero run, in f32.
void fakeQuantizeInt8Blocks(llvm::MutableArrayRef<float> values,
                            int64_t block);

} // namespace mlir::compress::quant

#endif // COMPRESS_LIB_QUANTIZERS_ACTIVATIONINT8_H
