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

class ElementDecoder {
public:
  /// `storage` holds the storage tensors of `type`, in layout order.
  ElementDecoder(CompressedTensorType type, ValueRange storage);

  /// Why `type` cannot be decoded in a kernel body yet, or nullopt if it can.
  static std::optional<std::string> whyUnsupported(CompressedTensorType type);

  /// The element at `indices` (one index value per dimension), in f32.
  Value build(OpBuilder &builder, Location loc, ValueRange indices) const;

private:
  Value decode(OpBuilder &builder, Location loc, Attribute encoding,
               ArrayRef<int64_t> shape, StringRef prefix,
               ValueRange indices) const;
  Value decodeUniform(OpBuilder &builder, Location loc, UniformAttr attr,
                      ArrayRef<int64_t> shape, StringRef prefix,
                      ValueRange indices) const;
  /// A slot of an encoding: a stored field of a plain type, or a nested
  /// encoding decoded in turn.
  Value decodeSlot(OpBuilder &builder, Location loc, Attribute slot,
                   ArrayRef<int64_t> shape, StringRef role,
                   ValueRange indices) const;
  /// The stored value of field `role` at `indices` (field coordinates), in f32.
  Value readField(OpBuilder &builder, Location loc, StringRef role,
                  ValueRange indices) const;

  CompressedTensorType type;
  encoding::Layout layout;
  llvm::StringMap<Value> storageByRole;
};

} // namespace mlir::compress

#endif // COMPRESS_PASSES_CONVERSION_ELEMENTDECODER_H
