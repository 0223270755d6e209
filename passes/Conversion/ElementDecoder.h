//===- ElementDecoder.h - Decode one element inside a kernel body -*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Emits, inside the body of a linalg.generic, the arithmetic that decodes ONE
// element of a compressed tensor from its storage tensors: the fused decode of
// convert-compress-to-linalg. The element's logical indices are index values
// (usually linalg.index results); the storage is read with tensor.extract and
// unpacked with shifts and masks, following docs/formats.md. The result is the
// decoded value in f32, rounded to the tensor's element type as the reference
// decoder (lib/Encoding/Decode.cpp) rounds it.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_CONVERSION_ELEMENTDECODER_H
#define COMPRESS_PASSES_CONVERSION_ELEMENTDECODER_H

#include "dialects/Compress/IR/CompressTypes.h"
#include "lib/Encoding/Layout.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>

namespace mlir::compress {

/// An index as a sum of loop indices times constant strides, each loop index
/// in [0, extent): the mixed-radix form in which the fused kernels split a
/// dimension. Divisions by constants that the digits align with (a group of
/// 128 split as 2 x 64 x 2) then need no arithmetic, which lets the
/// vectorizer see contiguous loads where a division would hide them.
struct IndexExpr {
  struct Term {
    Value value;
    int64_t stride;
    int64_t extent;
  };
  SmallVector<Term> terms;
  int64_t constant = 0;

  static IndexExpr of(Value value, int64_t extent);
  static IndexExpr constantOf(int64_t value);
  /// The largest value the expression takes.
  int64_t getMax() const;
  IndexExpr scaled(int64_t factor) const;
  IndexExpr plus(const IndexExpr &other) const;
  /// floor(this / divisor) and this mod divisor, when the terms split into
  /// multiples of `divisor` and a remainder below it; nullopt otherwise.
  std::optional<std::pair<IndexExpr, IndexExpr>>
  splitBy(int64_t divisor) const;
  /// The value as index arithmetic.
  Value materialize(OpBuilder &builder, Location loc) const;
};

/// How a fused kernel should split a dimension of the weight: `radices`,
/// most significant first, multiply to the dimension; `packDigit` is the
/// digit that selects a value within a byte (-1 if none).
struct DimensionSplit {
  SmallVector<int64_t> radices;
  int64_t packDigit = -1;
};

class ElementDecoder {
public:
  /// `storage` holds the storage tensors of `type`, in layout order.
  ElementDecoder(CompressedTensorType type, ValueRange storage);

  /// Why `type` cannot be decoded in a kernel body yet, or nullopt if it can.
  static std::optional<std::string> whyUnsupported(CompressedTensorType type);

  /// How to split dimension `dim` so that groups and packed bytes align
  /// with loop digits (the whole dimension as one digit when nothing
  /// aligns).
  static DimensionSplit suggestSplit(CompressedTensorType type, int64_t dim);

  /// The element at `indices` (one index value per dimension), in f32.
  Value build(OpBuilder &builder, Location loc, ValueRange indices) const;
  Value build(OpBuilder &builder, Location loc,
              ArrayRef<IndexExpr> indices) const;

private:
  Value decode(OpBuilder &builder, Location loc, Attribute encoding,
               ArrayRef<int64_t> shape, StringRef prefix,
               ArrayRef<IndexExpr> indices) const;
  Value decodeUniform(OpBuilder &builder, Location loc, UniformAttr attr,
                      ArrayRef<int64_t> shape, StringRef prefix,
                      ArrayRef<IndexExpr> indices) const;
  /// A slot of an encoding: a stored field of a plain type, or a nested
  /// encoding decoded in turn.
  Value decodeSlot(OpBuilder &builder, Location loc, Attribute slot,
                   ArrayRef<int64_t> shape, StringRef role,
                   ArrayRef<IndexExpr> indices) const;
  Value decodeLut(OpBuilder &builder, Location loc, LutAttr attr,
                  ArrayRef<int64_t> shape, StringRef prefix,
                  ArrayRef<IndexExpr> indices) const;
  /// `value` times the optional `scale` slot of its group (the `scales`
  /// role under `prefix`), or `value` itself without a scale.
  Value applyScale(OpBuilder &builder, Location loc, Value value,
                   Attribute scale, Granularity granularity,
                   ArrayRef<int64_t> shape, StringRef prefix,
                   ArrayRef<IndexExpr> indices) const;
  /// The stored value of field `role` at `indices` (field coordinates), in f32.
  Value readField(OpBuilder &builder, Location loc, StringRef role,
                  ArrayRef<IndexExpr> indices) const;
  /// A packed unsigned field (LUT indices) as an `index` value.
  Value readIndex(OpBuilder &builder, Location loc, StringRef role,
                  ArrayRef<IndexExpr> indices) const;
  /// A packed integer field in its word type (i8, or i32 for values that
  /// cross bytes), sign-extended when the field is signed.
  Value readPackedInt(OpBuilder &builder, Location loc, StringRef role,
                      ArrayRef<IndexExpr> indices) const;

  CompressedTensorType type;
  encoding::Layout layout;
  llvm::StringMap<Value> storageByRole;
};

} // namespace mlir::compress

#endif // COMPRESS_PASSES_CONVERSION_ELEMENTDECODER_H
