//===- Packing.cpp - Reference packer and unpacker ------------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Encoding/Packing.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::encoding;
using llvm::APFloat;
using llvm::APInt;

llvm::Error encoding::makeError(const Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

namespace {

/// `value` rounded to nearest, ties to even, into the float format `type`;
/// a NaN for a negative value in an unsigned format (LLVM 22's APFloat drops
/// the sign instead: -2 would become 2 in f8E8M0FNU).
APFloat toFloatType(double value, Type type) {
  const llvm::fltSemantics &sem = cast<FloatType>(type).getFloatSemantics();
  if (value < 0 && !APFloat::semanticsHasSignedRepr(sem))
    return APFloat::getNaN(sem);
  APFloat f(value);
  bool losesInfo = false;
  f.convert(sem, APFloat::rmNearestTiesToEven, &losesInfo);
  return f;
}

/// The bit pattern of `value` in the float format `type`, rounded to nearest.
uint64_t floatBits(double value, Type type) {
  return toFloatType(value, type).bitcastToAPInt().getZExtValue();
}

/// The shortest text that reads back as `value` ("1.5", "1e-09", "nan").
std::string formatValue(double value) {
  char text[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(text, sizeof(text), "%.*g", precision, value);
    if (std::isnan(value) || std::strtod(text, nullptr) == value)
      break;
  }
  return text;
}

/// What stops `value` from being stored in the float format `type`: a NaN,
/// an infinity or a zero in a format without one (APFloat would silently
/// write the bits of 0 or 2^-127). Finite values out of range round as
/// APFloat rounds them (to the largest value, an infinity or a NaN).
std::optional<StringRef> unrepresentable(double value, Type type) {
  const llvm::fltSemantics &sem = cast<FloatType>(type).getFloatSemantics();
  if (std::isnan(value) && !APFloat::semanticsHasNaN(sem))
    return StringRef("has no NaN");
  if (value < 0 && !APFloat::semanticsHasSignedRepr(sem))
    return StringRef("has no negative values");
  if (std::isinf(value) && !APFloat::semanticsHasInf(sem) &&
      !APFloat::semanticsHasNaN(sem))
    return StringRef("has neither infinities nor NaN");
  if (value == 0 && !APFloat::semanticsHasZero(sem))
    return StringRef("has no zero");
  return std::nullopt;
}

/// `f` as a double. NaNs are handled apart: LLVM 22's APFloat converts the
/// NaN of f8E8M0FNU (0xFF) to +inf.
double toDouble(APFloat f) {
  if (f.isNaN())
    return std::copysign(std::numeric_limits<double>::quiet_NaN(),
                         f.isNegative() ? -1.0 : 1.0);
  bool losesInfo = false;
  f.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &losesInfo);
  return f.convertToDouble();
}


/// Packed rows, as the layout defines them (only the last is ever padded).
struct RowGeometry {
  int64_t rows, valuesPerRow, bytesPerRow;
};

RowGeometry getRows(const StorageSpec &spec) {
  int64_t inner = spec.valuesPerPackedRow;
  return {spec.getNumValues() / inner, inner,
          static_cast<int64_t>(llvm::divideCeil(inner * spec.codec.bits, 8))};
}

/// The integer stored for `value` in a PackedInt/PackedFloat/Plain-int field.
llvm::Expected<uint64_t> encodeValue(const StorageSpec &spec, double value,
                                     int64_t index) {
  const FieldCodec &codec = spec.codec;
  if (codec.kind == FieldCodec::Kind::PackedFloat ||
      (codec.kind == FieldCodec::Kind::Plain && isa<FloatType>(codec.type))) {
    if (std::optional<StringRef> reason = unrepresentable(value, codec.type)) {
      std::string typeName;
      llvm::raw_string_ostream os(typeName);
      os << codec.type;
      return makeError("value " + formatValue(value) + " at index " +
                       Twine(index) + " of '" + spec.role +
                       "' cannot be stored: " + typeName + " " + *reason);
    }
    return floatBits(value, codec.type);
  }
  int64_t min, max;
  unsigned width;
  if (codec.kind == FieldCodec::Kind::PackedInt) {
    min = spec.getMinInt();
    max = spec.getMaxInt();
    width = codec.bits;
  } else {
    width = codec.type.getIntOrFloatBitWidth();
    min = -(int64_t(1) << (width - 1));
    max = (int64_t(1) << (width - 1)) - 1;
  }
  if (value != std::floor(value) || value < min || value > max)
    return makeError("value " + formatValue(value) + " at index " +
                     Twine(index) + " of '" + spec.role +
                     "' is not an integer in [" + Twine(min) + ", " +
                     Twine(max) + "]");
  return static_cast<uint64_t>(static_cast<int64_t>(value)) &
         llvm::maskTrailingOnes<uint64_t>(width);
}

double decodeValue(const StorageSpec &spec, uint64_t bits) {
  const FieldCodec &codec = spec.codec;
  if (codec.kind == FieldCodec::Kind::PackedFloat ||
      (codec.kind == FieldCodec::Kind::Plain && isa<FloatType>(codec.type)))
    return getFloatValue(bits, codec.type);
  unsigned width = codec.kind == FieldCodec::Kind::PackedInt
                       ? codec.bits
                       : codec.type.getIntOrFloatBitWidth();
  bool isSigned =
      codec.kind == FieldCodec::Kind::PackedInt ? codec.isSigned : true;
  if (isSigned)
    return static_cast<double>(llvm::SignExtend64(bits, width));
  return static_cast<double>(bits);
}

unsigned plainByteWidth(const StorageSpec &spec) {
  return llvm::divideCeil(spec.codec.type.getIntOrFloatBitWidth(), 8);
}

llvm::Error checkCount(const StorageSpec &spec, ArrayRef<double> values) {
  if (static_cast<int64_t>(values.size()) != spec.getNumValues())
    return makeError("'" + spec.role + "' needs " + Twine(spec.getNumValues()) +
                     " values, got " + Twine(values.size()));
  return llvm::Error::success();
}

} // namespace

llvm::Error encoding::checkFieldValues(const StorageSpec &spec,
                                       ArrayRef<double> values) {
  if (llvm::Error err = checkCount(spec, values))
    return err;
  for (auto [i, value] : llvm::enumerate(values))
    if (llvm::Expected<uint64_t> bits = encodeValue(spec, value, i); !bits)
      return bits.takeError();
  return llvm::Error::success();
}

llvm::Expected<std::vector<uint8_t>>
encoding::packField(const StorageSpec &spec, ArrayRef<double> values) {
  if (llvm::Error err = checkCount(spec, values))
    return std::move(err);
  std::vector<uint8_t> bytes(spec.byteSize, 0);
  if (spec.codec.kind == FieldCodec::Kind::Plain) {
    unsigned width = plainByteWidth(spec);
    for (auto [i, value] : llvm::enumerate(values)) {
      llvm::Expected<uint64_t> bits = encodeValue(spec, value, i);
      if (!bits)
        return bits.takeError();
      for (unsigned b = 0; b < width; ++b)
        bytes[i * width + b] = static_cast<uint8_t>(*bits >> (8 * b));
    }
    return bytes;
  }
  RowGeometry g = getRows(spec);
  unsigned bitsPerValue = spec.codec.bits;
  for (int64_t row = 0; row < g.rows; ++row) {
    uint8_t *rowBytes = bytes.data() + row * g.bytesPerRow;
    for (int64_t j = 0; j < g.valuesPerRow; ++j) {
      int64_t index = row * g.valuesPerRow + j;
      llvm::Expected<uint64_t> bits = encodeValue(spec, values[index], index);
      if (!bits)
        return bits.takeError();
      // Value j occupies bits [j*b, (j+1)*b) of the row, LSB first.
      for (unsigned b = 0; b < bitsPerValue; ++b)
        if ((*bits >> b) & 1) {
          int64_t bit = j * bitsPerValue + b;
          rowBytes[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
        }
    }
  }
  return bytes;
}

llvm::Expected<std::vector<double>>
encoding::unpackField(const StorageSpec &spec, ArrayRef<uint8_t> bytes) {
  if (static_cast<int64_t>(bytes.size()) != spec.byteSize)
    return makeError("'" + spec.role + "' holds " + Twine(bytes.size()) +
                     " bytes, expected " + Twine(spec.byteSize));
  std::vector<double> values(spec.getNumValues());
  if (spec.codec.kind == FieldCodec::Kind::Plain) {
    unsigned width = plainByteWidth(spec);
    for (size_t i = 0; i < values.size(); ++i) {
      uint64_t bits = 0;
      for (unsigned b = 0; b < width; ++b)
        bits |= static_cast<uint64_t>(bytes[i * width + b]) << (8 * b);
      values[i] = decodeValue(spec, bits);
    }
    return values;
  }
  RowGeometry g = getRows(spec);
  unsigned bitsPerValue = spec.codec.bits;
  for (int64_t row = 0; row < g.rows; ++row) {
    const uint8_t *rowBytes = bytes.data() + row * g.bytesPerRow;
    for (int64_t j = 0; j < g.valuesPerRow; ++j) {
      uint64_t bits = 0;
      for (unsigned b = 0; b < bitsPerValue; ++b) {
        int64_t bit = j * bitsPerValue + b;
        bits |= static_cast<uint64_t>((rowBytes[bit / 8] >> (bit % 8)) & 1)
                << b;
      }
      values[row * g.valuesPerRow + j] = decodeValue(spec, bits);
    }
  }
  return values;
}

llvm::Expected<StorageBytes> encoding::packStorage(const Layout &layout,
                                                   const FieldValues &values) {
  StorageBytes result;
  for (const StorageSpec &spec : layout.storage) {
    auto it = values.find(spec.role);
    if (it == values.end())
      return makeError("no values for storage '" + spec.role + "'");
    llvm::Expected<std::vector<uint8_t>> bytes = packField(spec, it->second);
    if (!bytes)
      return bytes.takeError();
    result[spec.role] = std::move(*bytes);
  }
  return result;
}

llvm::Expected<FieldValues> encoding::unpackStorage(const Layout &layout,
                                                    const StorageBytes &bytes) {
  FieldValues result;
  for (const StorageSpec &spec : layout.storage) {
    auto it = bytes.find(spec.role);
    if (it == bytes.end())
      return makeError("no bytes for storage '" + spec.role + "'");
    llvm::Expected<std::vector<double>> values = unpackField(spec, it->second);
    if (!values)
      return values.takeError();
    result[spec.role] = std::move(*values);
  }
  return result;
}

llvm::Expected<RawElements> encoding::getRawElements(ElementsAttr attr) {
  auto type = cast<ShapedType>(attr.getType());
  int64_t numElements = type.getNumElements();
  unsigned width = llvm::divideCeil(type.getElementTypeBitWidth(), 8);
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (type.getElementTypeBitWidth() == 1)
      return makeError("i1 storage is not supported; pack bits into i8");
    return RawElements{dense.getRawData(), dense.isSplat()};
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return makeError("resource blob '" + resource.getRawHandle().getKey() +
                       "' has no data");
    ArrayRef<char> data = blob->getData();
    if (static_cast<int64_t>(data.size()) != numElements * width)
      return makeError("resource blob '" + resource.getRawHandle().getKey() +
                       "' holds " + Twine(data.size()) + " bytes, but " +
                       Twine(numElements * width) + " are needed");
    return RawElements{data, false};
  }
  return makeError("storage must be dense<> or dense_resource<>");
}

llvm::Expected<std::vector<uint8_t>>
encoding::getStorageBytes(ElementsAttr attr) {
  llvm::Expected<RawElements> raw = getRawElements(attr);
  if (!raw)
    return raw.takeError();
  if (!raw->isSplat)
    return std::vector<uint8_t>(raw->data.begin(), raw->data.end());
  int64_t numElements = cast<ShapedType>(attr.getType()).getNumElements();
  std::vector<uint8_t> bytes;
  bytes.reserve(numElements * raw->data.size());
  for (int64_t i = 0; i < numElements; ++i)
    bytes.insert(bytes.end(), raw->data.begin(), raw->data.end());
  return bytes;
}

ElementsAttr encoding::makeStorageAttr(const StorageSpec &spec,
                                       ArrayRef<uint8_t> bytes,
                                       StringRef blobName) {
  if (static_cast<int64_t>(bytes.size()) != spec.byteSize)
    return {};
  RankedTensorType type = spec.getStorageType();
  ArrayRef<char> data(reinterpret_cast<const char *>(bytes.data()),
                      bytes.size());
  if (blobName.empty())
    return DenseElementsAttr::getFromRawBuffer(type, data);
  return DenseResourceElementsAttr::get(
      type, blobName,
      HeapAsmResourceBlob::allocateAndCopyWithAlign(data,
                                                    kStorageBlobAlignment));
}

double encoding::roundToFloatType(double value, Type type) {
  // Not through the bits: a NaN stays a NaN even in a format that cannot
  // encode one.
  return toDouble(toFloatType(value, type));
}

double mlir::compress::encoding::getFloatValue(uint64_t bits, Type type) {
  const llvm::fltSemantics &sem = cast<FloatType>(type).getFloatSemantics();
  return toDouble(APFloat(sem, APInt(APFloat::getSizeInBits(sem), bits)));
}
