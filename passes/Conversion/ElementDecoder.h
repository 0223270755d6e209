//===- ElementDecoder.h - Decode one element inside a kernel body -*- C++
//-*-===//
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
// decoder (lib/Encoding/Decode.cpp) rounds it. N:M sparsity compares the
// element's offset with its group's positions, a low-rank product loops over
// the rank, sums and products combine their parts; what cannot be found in
// place (an inverse permutation, blocks, bitmaps and CSR scattered to dense)
// is computed once by prepare(), before the kernel.
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
  std::optional<std::pair<IndexExpr, IndexExpr>> splitBy(int64_t divisor) const;
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

/// scf.for over [lower, upper) with step 1 carrying `inits`; `body` returns
/// the values to yield. The loops of the decode (a low-rank dot product, a
/// scatter of stored values) and of the sparse kernels.
ValueRange buildForLoop(
    OpBuilder &builder, Location loc, Value lower, Value upper,
    ValueRange inits,
    function_ref<SmallVector<Value>(OpBuilder &, Location, Value, ValueRange)>
        body);

class ElementDecoder {
public:
  /// `storage` holds the storage tensors of `type`, in layout order.
  ElementDecoder(CompressedTensorType type, ValueRange storage);

  /// A part of the tensor that is itself a tensor: `slot` (an encoding or a
  /// plain type) of `shape`, stored under `role` (the sum term "term1", the
  /// low-rank factor "u", the kept values "values", ...). The part decodes
  /// in f32, as the reference decoder decodes nested values.
  /// With `elementType`, the part's values are rounded to it instead (the
  /// body of a permutation, the kept values of a sparse tensor, whose
  /// elements are the tensor's).
  ElementDecoder getPart(Attribute slot, ArrayRef<int64_t> shape,
                         StringRef role, Type elementType = {}) const;

  /// The encoding of the part, or a TypeAttr for a plain stored part.
  Attribute getEncoding() const { return root; }
  ArrayRef<int64_t> getShape() const { return shape; }
  /// The type the decoded values are rounded to (f32 for a part).
  Type getElementType() const { return elementType; }
  /// The role of field `name` of the part ("term1.values" for "values").
  std::string getRole(StringRef name) const;

  /// Whether decoding one element runs a loop (over the rank of a low-rank
  /// part): a kernel that reuses the elements had better decode them once.
  bool decodeLoops() const;

  /// Why `type` cannot be decoded in a kernel body yet, or nullopt if it can.
  static std::optional<std::string> whyUnsupported(CompressedTensorType type);

  /// How to split dimension `dim` so that groups and packed bytes align
  /// with loop digits (the whole dimension as one digit when nothing
  /// aligns).
  static DimensionSplit suggestSplit(CompressedTensorType type, int64_t dim);
  DimensionSplit suggestSplit(int64_t dim) const;

  /// Emits at the builder's point, outside any kernel, what the decode of
  /// an element needs computed once: the inverse of each permutation, and
  /// the sparse patterns whose elements are not found in place (blocks,
  /// bitmap, CSR) scattered into a dense f32 matrix.
  void prepare(OpBuilder &builder, Location loc);

  /// The element at `indices` (one index value per dimension), in f32.
  Value build(OpBuilder &builder, Location loc, ValueRange indices) const;
  Value build(OpBuilder &builder, Location loc,
              ArrayRef<IndexExpr> indices) const;
  /// `value` (f32) rounded to the element type, in f32.
  Value round(OpBuilder &builder, Location loc, Value value) const;

  /// Whether `type`'s elements are signed integer codes of at most 8 bits
  /// times a plain float scale per group (#compress.uniform without zero
  /// point or mins): what buildCodeAndScale() reads.
  static bool hasScaledIntegerCodes(CompressedTensorType type);

  /// For a whole tensor with hasScaledIntegerCodes: the code at `indices`
  /// (i8) and its group's scale (f32). The element is scale * code, before
  /// the rounding to the element type that build() applies.
  std::pair<Value, Value> buildCodeAndScale(OpBuilder &builder, Location loc,
                                            ArrayRef<IndexExpr> indices) const;

  /// The integer field `role` (positions, row pointers, column indices, a
  /// permutation) at `indices`, as an `index` value.
  Value readIndex(OpBuilder &builder, Location loc, StringRef role,
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
  Value decodeSparse(OpBuilder &builder, Location loc, SparseAttr attr,
                     ArrayRef<int64_t> shape, StringRef prefix,
                     ArrayRef<IndexExpr> indices) const;
  Value decodeLowRank(OpBuilder &builder, Location loc, LowRankAttr attr,
                      ArrayRef<int64_t> shape, StringRef prefix,
                      ArrayRef<IndexExpr> indices) const;
  Value decodePermuted(OpBuilder &builder, Location loc, PermutedAttr attr,
                       ArrayRef<int64_t> shape, StringRef prefix,
                       ArrayRef<IndexExpr> indices) const;
  /// The parts of a sum or product, decoded and combined elementwise.
  Value decodeParts(OpBuilder &builder, Location loc, ArrayRef<Attribute> parts,
                    StringRef partName, bool multiply, ArrayRef<int64_t> shape,
                    StringRef prefix, ArrayRef<IndexExpr> indices) const;
  /// `value` times the optional `scale` slot of its group (the `scales`
  /// role under `prefix`), or `value` itself without a scale.
  Value applyScale(OpBuilder &builder, Location loc, Value value,
                   Attribute scale, Granularity granularity,
                   ArrayRef<int64_t> shape, StringRef prefix,
                   ArrayRef<IndexExpr> indices) const;
  /// The stored value of field `role` at `indices` (field coordinates), in f32.
  Value readField(OpBuilder &builder, Location loc, StringRef role,
                  ArrayRef<IndexExpr> indices) const;
  /// The field `role` at `indices` as stored: a plain element, or a packed
  /// integer as readPackedInt reads it.
  Value readStored(OpBuilder &builder, Location loc, StringRef role,
                   ArrayRef<IndexExpr> indices) const;
  /// A packed integer field in its word type (i8, or i32 for values that
  /// cross bytes), sign-extended when the field is signed.
  Value readPackedInt(OpBuilder &builder, Location loc, StringRef role,
                      ArrayRef<IndexExpr> indices) const;

  /// prepare() for the encoding `slot` of `shape` under `prefix`, nested
  /// slots first.
  void prepareSlot(OpBuilder &builder, Location loc, Attribute slot,
                   ArrayRef<int64_t> shape, StringRef prefix);
  /// The sparse tensor under `prefix` as a dense [R, C] matrix.
  Value materializeSparse(OpBuilder &builder, Location loc, SparseAttr attr,
                          ArrayRef<int64_t> shape, StringRef prefix) const;

  encoding::Layout layout;
  /// The storage tensors by role, and what prepare() computed, by the
  /// prefix of its encoding followed by "#dense" or "#inverse".
  llvm::StringMap<Value> storageByRole;
  /// The part this decoder decodes: an encoding or a TypeAttr, its shape,
  /// its role ("" for the whole tensor) and the element type its values are
  /// rounded to.
  Attribute root;
  SmallVector<int64_t> shape;
  std::string role;
  Type elementType;
};

} // namespace mlir::compress

#endif // COMPRESS_PASSES_CONVERSION_ELEMENTDECODER_H
