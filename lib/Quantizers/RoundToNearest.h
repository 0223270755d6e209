//===- RoundToNearest.h - Round-to-nearest uniform quantizer -----*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Round-to-nearest (ties to even) quantization of dense f32 weights into the
// storage of a #compress.uniform encoding, with clamping, for every
// granularity, symmetric or with zero points, 1 to 8 bits. Scales are rounded
// to their storage type before the codes are computed, so the stored scale is
// the one used. The work is split over groups of rows on a thread pool.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_QUANTIZERS_ROUNDTONEAREST_H
#define COMPRESS_LIB_QUANTIZERS_ROUNDTONEAREST_H

#include "dialects/Compress/IR/CompressTypes.h"
#include "lib/Encoding/Packing.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/ThreadPool.h"

namespace mlir::compress::quant {

struct QuantizedTensor {
  /// The packed bytes of every storage tensor of the type's layout.
  encoding::StorageBytes storage;
  /// ||W - decode(W)||^2 and ||W||^2 over all elements (for the report).
  double squaredError = 0;
  double squaredNorm = 0;
};

/// True if `type` can be quantized by quantizeRoundToNearest: a
/// #compress.uniform whose scale is f32, f16 or bf16 and whose zero point,
/// if any, is an integer type (min is not supported).
bool isSupportedByRoundToNearest(CompressedTensorType type);

/// Succeeds when isSupportedByRoundToNearest(type); otherwise an error that
/// says what is not supported (the encoding kind, `min`, the scale or the
/// zero point type).
llvm::Error checkSupportedByRoundToNearest(CompressedTensorType type);

/// Quantizes `weights` (row-major, type.getNumElements() values) into the
/// storage of `type`. Fails on NaN or infinite weights (naming the first
/// index) and on unsupported encodings. Runs on `pool` when given.
llvm::Expected<QuantizedTensor>
quantizeRoundToNearest(CompressedTensorType type, llvm::ArrayRef<float> weights,
                       llvm::ThreadPoolInterface *pool = nullptr);

/// Dequantizes elements [begin, end) (row-major linear indices) of a tensor
/// quantized by quantizeRoundToNearest, in f32 as kernels compute them, into
/// `out` (end - begin values). Streams over large weights without decoding
/// them whole.
llvm::Error dequantizeRange(CompressedTensorType type,
                            const encoding::StorageBytes &storage,
                            int64_t begin, int64_t end,
                            llvm::MutableArrayRef<float> out);

} // namespace mlir::compress::quant

#endif // COMPRESS_LIB_QUANTIZERS_ROUNDTONEAREST_H
