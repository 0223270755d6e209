//===- ElementType.h - Element types of host tensors ------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The element types that compress-run passes to and from compiled functions,
// their names (as in MLIR: f32, bf16, i8), their .npy dtypes, and their
// values as text. Integers are MLIR's signless integers, read and printed as
// signed numbers.
//
// .npy has no bfloat16 dtype: bf16 arrays are written as uint16 ('<u2', the
// bit patterns) and read from '<u2' or from the two-byte void dtype '<V2' that
// NumPy writes for ml_dtypes.bfloat16 arrays.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_RUNTIME_ELEMENTTYPE_H
#define COMPRESS_LIB_RUNTIME_ELEMENTTYPE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace mlir {
class Type;
} // namespace mlir

namespace mlir::compress::runtime {

enum class ElementType { F16, BF16, F32, F64, I8, I16, I32, I64 };

/// "f16, bf16, f32, f64, i8, i16, i32 or i64", for messages.
llvm::StringRef getElementTypeList();

/// The element type of MLIR `type` (a float of one of the kinds above, or an
/// integer of 8 to 64 bits), or std::nullopt.
std::optional<ElementType> getElementType(mlir::Type type);
/// Parses an MLIR element type name ("f32").
std::optional<ElementType> parseElementType(llvm::StringRef name);
/// The MLIR name of `type` ("f32").
llvm::StringRef getName(ElementType type);
unsigned getByteWidth(ElementType type);

/// The dtype compress-run writes into .npy files for `type` ("f4"; "u2" for
/// bf16), without its byte order.
llvm::StringRef getNpyDtype(ElementType type);
/// The element type of a .npy dtype without its byte order ("f4", "V2"), or
/// std::nullopt when compress-run does not read that dtype.
std::optional<ElementType> getElementTypeOfNpyDtype(llvm::StringRef dtype);

/// "4x8xf32" (just "f32" for rank 0), the shape syntax of --input.
std::string formatTensorType(ElementType type, llvm::ArrayRef<int64_t> shape);

/// Parses `text` (a decimal number; nan and inf for floats) and stores it as
/// `type` into `out` (getByteWidth(type) bytes, little-endian). Floats round
/// to nearest even; integers out of range are an error.
llvm::Error parseElement(ElementType type, llvm::StringRef text, char *out);
/// The shortest decimal text that reads back as the value at `bytes`.
std::string formatElement(ElementType type, const char *bytes);

} // namespace mlir::compress::runtime

#endif // COMPRESS_LIB_RUNTIME_ELEMENTTYPE_H
