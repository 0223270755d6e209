//===- ElementType.cpp - Element types of host tensors --------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/ElementType.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Endian.h"

#include <cstdio>

using namespace mlir::compress::runtime;

llvm::StringRef mlir::compress::runtime::getElementTypeList() {
  return "f16, bf16, f32, f64, i8, i16, i32 or i64";
}

std::optional<ElementType>
mlir::compress::runtime::getElementType(mlir::Type type) {
  if (type.isF16())
    return ElementType::F16;
  if (type.isBF16())
    return ElementType::BF16;
  if (type.isF32())
    return ElementType::F32;
  if (type.isF64())
    return ElementType::F64;
  // Unsigned integers would print as negative numbers: signless and signed
  // integers only.
  if (auto integer = llvm::dyn_cast<IntegerType>(type)) {
    if (integer.isUnsigned())
      return std::nullopt;
    switch (integer.getWidth()) {
    case 8:
      return ElementType::I8;
    case 16:
      return ElementType::I16;
    case 32:
      return ElementType::I32;
    case 64:
      return ElementType::I64;
    }
  }
  return std::nullopt;
}

std::optional<ElementType>
mlir::compress::runtime::parseElementType(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<ElementType>>(name)
      .Case("f16", ElementType::F16)
      .Case("bf16", ElementType::BF16)
      .Case("f32", ElementType::F32)
      .Case("f64", ElementType::F64)
      .Case("i8", ElementType::I8)
      .Case("i16", ElementType::I16)
      .Case("i32", ElementType::I32)
      .Case("i64", ElementType::I64)
      .Default(std::nullopt);
}

llvm::StringRef mlir::compress::runtime::getName(ElementType type) {
  switch (type) {
  case ElementType::F16:
    return "f16";
  case ElementType::BF16:
    return "bf16";
  case ElementType::F32:
    return "f32";
  case ElementType::F64:
    return "f64";
  case ElementType::I8:
    return "i8";
  case ElementType::I16:
    return "i16";
  case ElementType::I32:
    return "i32";
  case ElementType::I64:
    return "i64";
  }
  llvm_unreachable("unknown element type");
}

unsigned mlir::compress::runtime::getByteWidth(ElementType type) {
  switch (type) {
  case ElementType::I8:
    return 1;
  case ElementType::F16:
  case ElementType::BF16:
  case ElementType::I16:
    return 2;
  case ElementType::F32:
  case ElementType::I32:
    return 4;
  case ElementType::F64:
  case ElementType::I64:
    return 8;
  }
  llvm_unreachable("unknown element type");
}

llvm::StringRef mlir::compress::runtime::getNpyDtype(ElementType type) {
  switch (type) {
  case ElementType::F16:
    return "f2";
  case ElementType::BF16:
    return "u2";
  case ElementType::F32:
    return "f4";
  case ElementType::F64:
    return "f8";
  case ElementType::I8:
    return "i1";
  case ElementType::I16:
    return "i2";
  case ElementType::I32:
    return "i4";
  case ElementType::I64:
    return "i8";
  }
  llvm_unreachable("unknown element type");
}

std::optional<ElementType>
mlir::compress::runtime::getElementTypeOfNpyDtype(llvm::StringRef dtype) {
  return llvm::StringSwitch<std::optional<ElementType>>(dtype)
      .Case("f2", ElementType::F16)
      .Cases({"u2", "V2"}, ElementType::BF16)
      .Case("f4", ElementType::F32)
      .Case("f8", ElementType::F64)
      .Case("i1", ElementType::I8)
      .Case("i2", ElementType::I16)
      .Case("i4", ElementType::I32)
      .Case("i8", ElementType::I64)
      .Default(std::nullopt);
}

std::string
mlir::compress::runtime::formatTensorType(ElementType type,
                                          llvm::ArrayRef<int64_t> shape) {
  std::string text;
  for (int64_t size : shape)
    text += std::to_string(size) + "x";
  return text + getName(type).str();
}

static const llvm::fltSemantics &getSemantics(ElementType type) {
  switch (type) {
  case ElementType::F16:
    return llvm::APFloat::IEEEhalf();
  case ElementType::BF16:
    return llvm::APFloat::BFloat();
  case ElementType::F32:
    return llvm::APFloat::IEEEsingle();
  default:
    return llvm::APFloat::IEEEdouble();
  }
}

static bool isFloat(ElementType type) {
  return type == ElementType::F16 || type == ElementType::BF16 ||
         type == ElementType::F32 || type == ElementType::F64;
}

static void storeBits(uint64_t bits, unsigned bytes, char *out) {
  for (unsigned i = 0; i < bytes; ++i)
    out[i] = static_cast<char>(bits >> (8 * i));
}

static uint64_t loadBits(const char *bytes, unsigned count) {
  uint64_t bits = 0;
  for (unsigned i = 0; i < count; ++i)
    bits |= uint64_t(static_cast<unsigned char>(bytes[i])) << (8 * i);
  return bits;
}

static llvm::Error valueError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Error mlir::compress::runtime::parseElement(ElementType type,
                                                  llvm::StringRef text,
                                                  char *out) {
  text = text.trim();
  unsigned bytes = getByteWidth(type);
  if (!isFloat(type)) {
    int64_t value;
    if (text.getAsInteger(10, value))
      return valueError("'" + text + "' is not an integer");
    int64_t limit = bytes == 8 ? INT64_MAX : (int64_t(1) << (8 * bytes - 1));
    if (bytes < 8 && (value < -limit || value >= limit))
      return valueError(text + " is out of range for " + getName(type));
    storeBits(static_cast<uint64_t>(value), bytes, out);
    return llvm::Error::success();
  }
  llvm::APFloat value(getSemantics(type));
  if (text.empty())
    return valueError("'' is not a number");
  llvm::Expected<llvm::APFloat::opStatus> status =
      value.convertFromString(text, llvm::APFloat::rmNearestTiesToEven);
  if (!status) {
    llvm::consumeError(status.takeError());
    return valueError("'" + text + "' is not a number");
  }
  if (*status & llvm::APFloat::opOverflow)
    return valueError(text + " is out of range for " + getName(type));
  storeBits(value.bitcastToAPInt().getZExtValue(), bytes, out);
  return llvm::Error::success();
}

std::string mlir::compress::runtime::formatElement(ElementType type,
                                                   const char *bytes) {
  unsigned width = getByteWidth(type);
  uint64_t bits = loadBits(bytes, width);
  if (!isFloat(type)) {
    // Sign-extend from `width` bytes.
    unsigned shift = 64 - 8 * width;
    return std::to_string(static_cast<int64_t>(bits << shift) >> shift);
  }
  const llvm::fltSemantics &semantics = getSemantics(type);
  llvm::APFloat value(semantics, llvm::APInt(8 * width, bits));
  if (value.isNaN())
    return "nan";
  if (value.isInfinity())
    return value.isNegative() ? "-inf" : "inf";
  bool lost;
  llvm::APFloat wide = value;
  wide.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
               &lost);
  double exact = wide.convertToDouble();
  // The fewest significant digits that read back as the same value.
  char text[40];
  int digits = 1;
  for (; digits < 17; ++digits) {
    std::snprintf(text, sizeof(text), "%.*g", digits, exact);
    llvm::APFloat back(semantics);
    llvm::Expected<llvm::APFloat::opStatus> status =
        back.convertFromString(text, llvm::APFloat::rmNearestTiesToEven);
    if (!status) {
      llvm::consumeError(status.takeError());
      continue;
    }
    if (back.bitwiseIsEqual(value))
      break;
  }
  std::snprintf(text, sizeof(text), "%.*g", digits, exact);
  // %g writes 10 as 1e+01 when one digit is enough: below 1e16, write the
  // same digits positionally, as NumPy does ("10", "1200").
  llvm::StringRef shortest(text);
  auto [mantissa, exponentText] = shortest.split('e');
  int exponent;
  exponentText.consume_front("+");
  if (exponentText.empty() || exponentText.getAsInteger(10, exponent) ||
      exponent < 0 || exponent >= 16)
    return text;
  std::string sign = mantissa.consume_front("-") ? "-" : "";
  std::string significand = mantissa.str();
  llvm::erase(significand, '.');
  int count = significand.size();
  if (exponent >= count - 1)
    return sign + significand + std::string(exponent - (count - 1), '0');
  return sign + significand.substr(0, exponent + 1) + "." +
         significand.substr(exponent + 1);
}
