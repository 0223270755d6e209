//===- RoundToNearest.h - Round-to-nearest uniform quantizer ----*- C++ -*-===//
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
// Per group, with codes in [cmin, cmax] (signed: [-2^(b-1), 2^(b-1) - 1],
// unsigned: [0, 2^b - 1]) and all arithmetic in double:
//   - symmetric (signed codes, no zero point): s = amax / (2^(b-1) - 1)
//     (amax / 1 for 1-bit codes), code = clamp(roundeven(w / s), cmin, cmax);
//     cmin is reached only by ties or a scale rounded down;
//   - with a zero point: lo = min(min(g), 0), hi = max(max(g), 0),
//     s = (hi - lo) / (cmax - cmin), z = clamp(roundeven(cmin - lo / s),
//     cmin, cmax) then clamped to the zero point type's range, code =
//     clamp(roundeven(w / s) + z, cmin, cmax);
//   - unsigned codes without a zero point: s = max(hi, 0) / cmax, negative
//     weights clamp to code 0.
// s is rounded (nearest, ties to even) to the scale type before z and the
// codes. A group of zeros gets s = 1 (exact in every type; its codes decode
// to 0). A positive s that rounds to 0 (subnormal weights, f16 underflow)
// becomes the type's smallest positive value; one above the type's largest
// finite value saturates to it (the codes then clamp). The decoded value is
// f32(s * (code - z)), as the reference decoder rounds it; squaredError
// compares the weights with it.
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
/// storage of `type`. Fails on unsupported encodings, on a wrong weight
/// count and on NaN or infinite weights, naming the first: "weight element
/// 12 is NaN" (or "is +inf", "is -inf"). Runs on `pool` when given, and may
/// be called from a task of that pool; the results (bytes and errors, summed
/// per fixed chunk in a fixed order) are the same with or without it.
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
