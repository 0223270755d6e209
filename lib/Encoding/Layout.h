//===- Layout.h - Storage tensors and sizes of an encoding ------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// For an encoding attached to a tensor shape: the storage tensors it needs
// (role, shape, element type, how values are packed into them), its exact
// byte size and bits per weight. The same traversal checks everything about
// the encoding that depends on the shape, so the type verifier calls it.
// Roles and packing orders are documented in docs/formats.md.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_ENCODING_LAYOUT_H
#define COMPRESS_LIB_ENCODING_LAYOUT_H

#include "dialects/Compress/IR/CompressAttrs.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace mlir::compress {
class CompressedTensorType;

namespace encoding {

/// The largest number of elements (and of stored values) a tensor may have:
/// every index stays exact in a double and every bit count fits in int64_t.
constexpr int64_t kMaxElements = int64_t(1) << 48;

/// How the values of one storage tensor are written.
struct FieldCodec {
  enum class Kind {
    /// Integers of `bits` bits, packed LSB-first in row-major order into
    /// "packed rows": the smallest trailing block of dimensions whose values
    /// fill whole bytes (or the whole field, padded to a byte at its end);
    /// stored as i8 with the leading dimensions kept.
    PackedInt,
    /// Small floats of `bits` bits (`type`), packed like PackedInt.
    PackedFloat,
    /// One value per element of `type` (f32, f16, bf16, f8*, i16, i32).
    Plain,
  };
  Kind kind = Kind::Plain;
  unsigned bits = 0;
  bool isSigned = false;
  Type type;
};

/// One storage tensor of an encoded value.
struct StorageSpec {
  /// Dotted path naming the tensor: "codes", "scales.codes", "term1.values".
  std::string role;
  /// The logical shape of the stored values (before packing).
  SmallVector<int64_t> fieldShape;
  FieldCodec codec;
  /// The shape of the storage tensor (after packing).
  SmallVector<int64_t> storageShape;
  Type storageElementType;
  int64_t byteSize = 0;
  /// Packed codecs: the number of values in one packed row (the product of
  /// the field dimensions that the last storage dimension holds).
  int64_t valuesPerPackedRow = 0;

  int64_t getNumValues() const;
  RankedTensorType getStorageType() const;
  /// The smallest and largest value a PackedInt field can hold.
  int64_t getMinInt() const;
  int64_t getMaxInt() const;
};

/// All storage tensors of an encoded tensor, in a fixed order.
struct Layout {
  SmallVector<StorageSpec> storage;
  int64_t numElements = 0;
  int64_t byteSize = 0;

  double getBitsPerWeight() const {
    return numElements ? 8.0 * byteSize / numElements : 0.0;
  }
  const StorageSpec *lookup(StringRef role) const;
};

/// Computes the layout of `encoding` on a tensor of `shape`, reporting through
/// `emitError` anything that does not fit the shape.
FailureOr<Layout> computeLayout(Attribute encoding, ArrayRef<int64_t> shape,
                                function_ref<InFlightDiagnostic()> emitError);

/// The layout of a verified compressed tensor type.
Layout getLayout(CompressedTensorType type);

/// The product of `shape`, or nullopt above kMaxElements.
std::optional<int64_t> getCheckedNumElements(ArrayRef<int64_t> shape);

// The shapes below are shared by the layout and the decoder; they assume a
// shape that the layout accepted.

/// The tensor seen as a matrix: {product of the leading dimensions, last}.
std::pair<int64_t, int64_t> getMatrixView(ArrayRef<int64_t> shape);

/// The dimension along which an N:M #compress.sparse keeps N of M values.
int64_t getNMAxis(SparseAttr attr, ArrayRef<int64_t> shape);

/// The shape of the kept values of a #compress.sparse (its `values` slot):
/// N:M keeps the shape with `shape[axis] / M * N` along its axis, blocks are
/// [kept, r * c], bitmap and csr [nnz].
SmallVector<int64_t> getSparseValuesShape(SparseAttr attr,
                                          ArrayRef<int64_t> shape);

/// The shapes of the factors of a #compress.lowrank: U is [R, rank] and V
/// [rank, C] for the tensor seen as the matrix R x C.
std::pair<SmallVector<int64_t>, SmallVector<int64_t>>
getLowRankFactorShapes(LowRankAttr attr, ArrayRef<int64_t> shape);

/// Whether compress.matmul multiplies a weight of `encoding` and `shape`
/// through its structure (docs/encodings.md, "compress.matmul"): a matrix
/// whose encoding is #compress.lowrank, or a #compress.sum with a low-rank
/// term. Its product is then the sum of its terms' products, each low-rank
/// term through its factors, and no element is rounded to the tensor's
/// element type.
bool multipliesThroughFactors(Attribute encoding, ArrayRef<int64_t> shape);

} // namespace encoding
} // namespace mlir::compress

#endif // COMPRESS_LIB_ENCODING_LAYOUT_H
