//===- GpuContiguousAccess.h - Loads that a lane can read as one vector ---===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// compress-gpu-map-linalg gives each lane of a warp-per-output kernel a
// chunk of consecutive values of the innermost reduction loop. A load whose
// address moves by one element per step of that loop reads, over a chunk,
// consecutive elements: one aligned vector.load instead of one load per
// element. This file decides which loads of a linalg.generic (through its
// indexing maps, or memref.load ops in its body) qualify.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_CONVERSION_GPUCONTIGUOUSACCESS_H
#define COMPRESS_PASSES_CONVERSION_GPUCONTIGUOUSACCESS_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/AffineExpr.h"

#include <optional>

namespace mlir::compress {

/// An index as an integer-linear function of the loops of a linalg.generic,
/// floor-divided by a positive constant (packed sub-byte codes: the byte of
/// element k is k / 2):
///   (constant + sum(coefficients[d] * loop d)) floordiv divisor.
struct LinearIndex {
  SmallVector<int64_t> coefficients;
  int64_t constant = 0;
  int64_t divisor = 1;
};

/// The linear form of `index`, an index value computed in the body of a
/// linalg.generic with `numLoops` loops from linalg.index ops, constants,
/// addi, subi, muli by a constant and index casts, and at the end a divui
/// or divsi by a positive constant; none otherwise.
std::optional<LinearIndex> getLinearIndex(Value index, unsigned numLoops);

/// The linear form of an indexing-map result (floordiv by a constant at the
/// end only); none for mod, ceildiv and products of loops.
std::optional<LinearIndex> getLinearIndex(AffineExpr expr, unsigned numLoops);

/// Whether a load from `type` at `indices`, over the values [s, s + chunk)
/// of loop `dim` for any s multiple of `chunk` (the other loops fixed),
/// reads the chunk / divisor consecutive elements of one row (the last
/// dimension) that start at a multiple of chunk / divisor elements from the
/// buffer's start, value s + c reading element c / divisor of them. Needs a
/// static last dimension, the identity layout, whole-byte elements, the
/// last index moving by one per `divisor` steps of `dim` (its divisor
/// dividing `chunk`) and the others not moving.
bool isChunkContiguous(MemRefType type, ArrayRef<LinearIndex> indices,
                       int64_t dim, int64_t chunk);

/// Whether the last of `indices` moves by one element per `divisor` steps
/// of loop `dim` and the others do not move: a candidate for
/// isChunkContiguous.
bool movesAlong(ArrayRef<LinearIndex> indices, int64_t dim);

} // namespace mlir::compress

#endif // COMPRESS_PASSES_CONVERSION_GPUCONTIGUOUSACCESS_H
