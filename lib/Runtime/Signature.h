//===- Signature.h - What a function takes and returns ----------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The tensors a function of the input module takes and returns, read before
// lowering, to check the inputs and to read the results.
//
// A func.func gives everything: ranked tensors (or memrefs with the identity
// layout) of static shape and an element type of ElementType.h. compress-run
// records that type on each public function before lowering it
// (kFunctionTypeAttrName, which func-to-llvm keeps), so a module it lowered
// is checked as well as its source. Any other function that is already LLVM
// dialect gives only the ranks of its memref descriptors: its inputs are
// checked for their ranks alone, its results' element types must be given
// (--result-types), and their sizes are those the call returns.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_RUNTIME_SIGNATURE_H
#define COMPRESS_LIB_RUNTIME_SIGNATURE_H

#include "lib/Runtime/ElementType.h"

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace mlir {
class ModuleOp;
} // namespace mlir

namespace mlir::compress::runtime {

struct TensorSpec {
  /// Unknown (std::nullopt) for the arguments of an LLVM dialect function.
  std::optional<ElementType> elementType;
  /// ShapedType::kDynamic where unknown (LLVM dialect functions).
  llvm::SmallVector<int64_t> shape;

  /// "4x8xf32"; "rank-2 tensor" when nothing but the rank is known.
  std::string format() const;
};

/// The attribute that holds a function's type from before lowering.
constexpr llvm::StringLiteral kFunctionTypeAttrName =
    "compress_run.function_type";

struct FunctionSignature {
  llvm::SmallVector<TensorSpec> arguments;
  llvm::SmallVector<TensorSpec> results;
};

/// Records the type of every public func.func with a body on it
/// (kFunctionTypeAttrName), for getFunctionSignature after lowering.
void recordFunctionTypes(mlir::ModuleOp module);

/// The public functions with a body (func.func, or llvm.func with a C
/// interface wrapper) in `module`, in order.
llvm::SmallVector<std::string> getFunctionNames(mlir::ModuleOp module);

/// The signature of function `name` of `module`. `resultTypes` are the
/// element types of the results of an LLVM dialect function that has no
/// recorded type (and must be empty otherwise). Emits an error on the
/// module's context (at the function where there is one) and fails when the
/// function does not exist or takes or returns something else than tensors.
FailureOr<FunctionSignature>
getFunctionSignature(mlir::ModuleOp module, llvm::StringRef name,
                     llvm::ArrayRef<ElementType> resultTypes);

} // namespace mlir::compress::runtime

#endif // COMPRESS_LIB_RUNTIME_SIGNATURE_H
