//===- Signature.cpp - What a function takes and returns ------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/Signature.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::compress::runtime;

static constexpr llvm::StringLiteral kCInterfacePrefix = "_mlir_ciface_";

std::string TensorSpec::format() const {
  std::string rank = "rank-" + std::to_string(shape.size()) + " tensor";
  if (!elementType)
    return rank;
  if (llvm::is_contained(shape, ShapedType::kDynamic))
    return rank + " of " + getName(*elementType).str();
  return formatTensorType(*elementType, shape);
}

llvm::SmallVector<std::string>
mlir::compress::runtime::getFunctionNames(ModuleOp module) {
  llvm::SmallVector<std::string> names;
  for (auto function : module.getOps<func::FuncOp>())
    if (function.isPublic() && !function.isExternal())
      names.push_back(function.getName().str());
  for (auto function : module.getOps<LLVM::LLVMFuncOp>()) {
    llvm::StringRef name = function.getName();
    if (!function.isExternal() && name.consume_front(kCInterfacePrefix) &&
        module.lookupSymbol<LLVM::LLVMFuncOp>(name))
      names.push_back(name.str());
  }
  return names;
}

void mlir::compress::runtime::recordFunctionTypes(ModuleOp module) {
  for (auto function : module.getOps<func::FuncOp>())
    if (function.isPublic() && !function.isExternal())
      function->setAttr(kFunctionTypeAttrName,
                        TypeAttr::get(function.getFunctionType()));
}

/// The spec of an argument or result of `function`, or an error at it.
static FailureOr<TensorSpec> getTensorSpec(Operation *function, Type type,
                                           const llvm::Twine &what) {
  auto fail = [&](const llvm::Twine &problem) {
    return emitError(function->getLoc())
           << what << " of '" << SymbolTable::getSymbolName(function).getValue()
           << "' has type " << type << ": " << problem;
  };
  auto shaped = llvm::dyn_cast<ShapedType>(type);
  if (!shaped || !llvm::isa<RankedTensorType, MemRefType>(type)) {
    (void)fail("compress-run passes ranked tensors only (scalars are out of "
               "scope)");
    return failure();
  }
  if (auto memref = llvm::dyn_cast<MemRefType>(type);
      memref && !memref.getLayout().isIdentity()) {
    (void)fail("only memrefs with the identity layout are supported");
    return failure();
  }
  if (!shaped.hasStaticShape()) {
    (void)fail("dynamic sizes are not supported; give every dimension a "
               "static size");
    return failure();
  }
  std::optional<ElementType> elementType =
      getElementType(shaped.getElementType());
  if (!elementType) {
    (void)fail("element type " + llvm::Twine("is not supported; expected ") +
               getElementTypeList());
    return failure();
  }
  return TensorSpec{elementType, llvm::SmallVector<int64_t>(shaped.getShape())};
}

/// The signature of `type`, a function type of `function`.
static FailureOr<FunctionSignature> getSignature(Operation *function,
                                                 FunctionType type) {
  FunctionSignature signature;
  for (auto [i, type] : llvm::enumerate(type.getInputs())) {
    FailureOr<TensorSpec> spec =
        getTensorSpec(function, type, "argument #" + llvm::Twine(i));
    if (failed(spec))
      return failure();
    signature.arguments.push_back(*spec);
  }
  for (auto [i, type] : llvm::enumerate(type.getResults())) {
    FailureOr<TensorSpec> spec =
        getTensorSpec(function, type, "result #" + llvm::Twine(i));
    if (failed(spec))
      return failure();
    signature.results.push_back(*spec);
  }
  return signature;
}

static FailureOr<FunctionSignature> getFuncSignature(func::FuncOp function) {
  if (function.isExternal() || !function.isPublic()) {
    emitError(function.getLoc())
        << "function '" << function.getName() << "' is "
        << (function.isExternal() ? "a declaration" : "private")
        << ": only public functions with a body get a C interface";
    return failure();
  }
  return getSignature(function, function.getFunctionType());
}

/// The rank of a descriptor struct {ptr, ptr, i64, array<R x i64> x 2}.
static std::optional<unsigned> getDescriptorRank(Type type) {
  auto descriptor = llvm::dyn_cast<LLVM::LLVMStructType>(type);
  if (!descriptor || descriptor.isOpaque())
    return std::nullopt;
  llvm::ArrayRef<Type> body = descriptor.getBody();
  if ((body.size() != 3 && body.size() != 5) ||
      !llvm::isa<LLVM::LLVMPointerType>(body[0]) ||
      !llvm::isa<LLVM::LLVMPointerType>(body[1]) || !body[2].isInteger(64))
    return std::nullopt;
  if (body.size() == 3)
    return 0;
  auto sizes = llvm::dyn_cast<LLVM::LLVMArrayType>(body[3]);
  if (!sizes || body[4] != sizes || !sizes.getElementType().isInteger(64))
    return std::nullopt;
  return sizes.getNumElements();
}

static FailureOr<FunctionSignature>
getLLVMSignature(ModuleOp module, LLVM::LLVMFuncOp function,
                 llvm::ArrayRef<ElementType> resultTypes) {
  llvm::StringRef name = function.getName();
  auto wrapper =
      module.lookupSymbol<LLVM::LLVMFuncOp>((kCInterfacePrefix + name).str());
  if (function.isExternal() || !wrapper || wrapper.isExternal()) {
    emitError(function.getLoc())
        << "function '" << name << "' has no C interface (" << kCInterfacePrefix
        << name << "): lower it from a func.func with the "
        << "llvm.emit_c_interface attribute";
    return failure();
  }
  // The expanded descriptors: two pointers, the offset, R sizes, R strides.
  FunctionSignature signature;
  llvm::ArrayRef<Type> params = function.getFunctionType().getParams();
  for (size_t i = 0; i < params.size();) {
    size_t start = i;
    bool pointers = i + 1 < params.size() &&
                    llvm::isa<LLVM::LLVMPointerType>(params[i]) &&
                    llvm::isa<LLVM::LLVMPointerType>(params[i + 1]);
    i += pointers ? 2 : 0;
    size_t words = 0;
    while (i < params.size() && params[i].isInteger(64))
      ++i, ++words;
    if (!pointers || words % 2 != 1) {
      emitError(function.getLoc())
          << "argument #" << signature.arguments.size() << " of '" << name
          << "' (LLVM parameter " << start
          << ") is not a memref descriptor: compress-run passes ranked "
             "tensors only";
      return failure();
    }
    signature.arguments.push_back(
        {std::nullopt,
         llvm::SmallVector<int64_t>((words - 1) / 2, ShapedType::kDynamic)});
  }

  llvm::SmallVector<unsigned> resultRanks;
  Type result = function.getFunctionType().getReturnType();
  if (std::optional<unsigned> rank = getDescriptorRank(result)) {
    resultRanks.push_back(*rank);
  } else if (auto results = llvm::dyn_cast<LLVM::LLVMStructType>(result)) {
    for (Type type : results.getBody())
      if (std::optional<unsigned> rank = getDescriptorRank(type))
        resultRanks.push_back(*rank);
    if (resultRanks.size() != results.getBody().size()) {
      emitError(function.getLoc())
          << "the results of '" << name
          << "' are not memref descriptors: compress-run returns ranked "
             "tensors only";
      return failure();
    }
  } else if (!llvm::isa<LLVM::LLVMVoidType>(result)) {
    emitError(function.getLoc())
        << "the result of '" << name
        << "' is not a memref descriptor: compress-run returns ranked tensors "
           "only";
    return failure();
  }
  if (auto recorded =
          function->getAttrOfType<TypeAttr>(kFunctionTypeAttrName)) {
    auto type = llvm::dyn_cast<FunctionType>(recorded.getValue());
    if (!type) {
      emitError(function.getLoc()) << kFunctionTypeAttrName << " of '" << name
                                   << "' is not a function type";
      return failure();
    }
    FailureOr<FunctionSignature> full = getSignature(function, type);
    if (failed(full))
      return failure();
    bool ranksMatch = full->arguments.size() == signature.arguments.size() &&
                      full->results.size() == resultRanks.size();
    for (auto [spec, lowered] : llvm::zip(full->arguments, signature.arguments))
      ranksMatch &= spec.shape.size() == lowered.shape.size();
    for (auto [spec, rank] : llvm::zip(full->results, resultRanks))
      ranksMatch &= spec.shape.size() == rank;
    if (!ranksMatch) {
      emitError(function.getLoc())
          << "the descriptors of '" << name << "' do not match its "
          << kFunctionTypeAttrName << " " << type;
      return failure();
    }
    if (!resultTypes.empty()) {
      emitError(function.getLoc())
          << "--result-types is for LLVM dialect functions without a "
          << "recorded type; '" << name << "' records " << type;
      return failure();
    }
    return full;
  }
  if (resultTypes.size() != resultRanks.size()) {
    emitError(function.getLoc())
        << "'" << name << "' is LLVM dialect without a recorded type (as "
        << "compress-run --emit=mlir records it), and its descriptors do not "
        << "record element types: pass --result-types with one type per "
        << "result (" << resultRanks.size() << "), for example --result-types="
        << llvm::join(llvm::SmallVector<std::string>(resultRanks.size(), "f32"),
                      ",");
    return failure();
  }
  for (auto [rank, type] : llvm::zip(resultRanks, resultTypes))
    signature.results.push_back(
        {type, llvm::SmallVector<int64_t>(rank, ShapedType::kDynamic)});
  return signature;
}

FailureOr<FunctionSignature> mlir::compress::runtime::getFunctionSignature(
    ModuleOp module, llvm::StringRef name,
    llvm::ArrayRef<ElementType> resultTypes) {
  if (auto function = module.lookupSymbol<func::FuncOp>(name)) {
    if (!resultTypes.empty()) {
      emitError(function.getLoc())
          << "--result-types is for LLVM dialect functions; '" << name
          << "' declares the types of its results";
      return failure();
    }
    return getFuncSignature(function);
  }
  if (auto function = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
    return getLLVMSignature(module, function, resultTypes);
  emitError(module.getLoc()) << "no function '" << name << "' in the module";
  return failure();
}
