//===- Packing.h - Reference packer and unpacker ----------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The reference encoder from stored values (codes, scales, indices, ...) to
// the bytes of the storage tensors, and its inverse. One double per value
// holds every integer code and every float of at most 32 bits exactly. The
// bit orders are documented in docs/formats.md.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_ENCODING_PACKING_H
#define COMPRESS_LIB_ENCODING_PACKING_H

#include "lib/Encoding/Layout.h"

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace mlir::compress::encoding {

/// The values of each storage tensor, by role, in row-major order of its
/// field shape.
using FieldValues = llvm::StringMap<std::vector<double>>;
/// The bytes of each storage tensor, by role.
using StorageBytes = llvm::StringMap<std::vector<uint8_t>>;

/// An error with `message` (the errors of lib/Encoding carry no error code).
llvm::Error makeError(const llvm::Twine &message);

/// Packs `values` (spec.getNumValues() of them) into the storage bytes.
/// Integers must be exact and in range; floats are rounded to nearest, ties to
/// even, into their storage type, which must have a NaN, an infinity, a zero
/// or negative values for a value that is one (f4E2M1FN has no NaN,
/// f8E8M0FNU neither zero nor negative values).
llvm::Expected<std::vector<uint8_t>> packField(const StorageSpec &spec,
                                               llvm::ArrayRef<double> values);

/// Succeeds exactly when packField(spec, values) would: the count, the
/// integers and the special float values are checked.
llvm::Error checkFieldValues(const StorageSpec &spec,
                             llvm::ArrayRef<double> values);

/// Reads the values of one storage tensor back (`bytes.size()` must be
/// spec.byteSize).
llvm::Expected<std::vector<double>> unpackField(const StorageSpec &spec,
                                                llvm::ArrayRef<uint8_t> bytes);

/// packField / unpackField over every storage tensor of a layout.
llvm::Expected<StorageBytes> packStorage(const Layout &layout,
                                         const FieldValues &values);
llvm::Expected<FieldValues> unpackStorage(const Layout &layout,
                                          const StorageBytes &bytes);

/// The bytes an ElementsAttr holds, without a copy: all elements, or one
/// element of a splat.
struct RawElements {
  llvm::ArrayRef<char> data;
  bool isSplat = false;
};

/// The raw little-endian bytes of a `dense<>` or `dense_resource<>` attribute
/// as they are stored. Fails on a resource blob that is missing or does not
/// hold the whole tensor, and on i1 or other attributes.
llvm::Expected<RawElements> getRawElements(ElementsAttr attr);

/// The raw little-endian bytes of a `dense<>` or `dense_resource<>` storage
/// attribute (a splat is expanded).
llvm::Expected<std::vector<uint8_t>> getStorageBytes(ElementsAttr attr);

/// The alignment of the dense_resource blobs makeStorageAttr creates: a cache
/// line, enough for any element type and for vector loads of the codes.
constexpr size_t kStorageBlobAlignment = 64;

/// Builds the storage attribute of `spec` from its bytes: a `dense_resource`
/// blob named `blobName` (large data) or an inline `dense<>` (when blobName is
/// empty). Null when `bytes` does not hold spec.byteSize bytes.
ElementsAttr makeStorageAttr(const StorageSpec &spec,
                             llvm::ArrayRef<uint8_t> bytes,
                             llvm::StringRef blobName = {});

/// Rounds `value` to the float type `type` (nearest, ties to even). A NaN
/// stays a NaN, and a negative value in a format without negative values
/// (f8E8M0FNU) becomes a NaN: packField refuses both where the format has no
/// NaN or no negative values.
double roundToFloatType(double value, Type type);

/// The value of the float type `type` whose bit pattern is `bits` (NaN
/// patterns give NaN; f8E8M0FNU's 0xFF too).
double getFloatValue(uint64_t bits, Type type);

} // namespace mlir::compress::encoding

#endif // COMPRESS_LIB_ENCODING_PACKING_H
