//===- CompressOps.cpp - Ops of the compress dialect ----------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "dialects/Compress/IR/CompressOps.h"
#include "lib/Encoding/Decode.h"
#include "lib/Encoding/Layout.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::compress;

#define GET_OP_CLASSES
#include "dialects/Compress/IR/CompressOps.cpp.inc"

namespace {
/// Inline `dense<>` storage above this size must be a dense_resource blob.
constexpr int64_t kMaxInlineStorageBytes = 4096;
/// compress.decode of a constant folds only up to this many elements, and
/// only when its storage (splats included) holds at most this many bytes.
constexpr int64_t kMaxFoldedElements = 1024;
constexpr int64_t kMaxFoldedStorageBytes = 64 * 1024;

/// Checks that `dense` has the logical shape and element type of `compressed`.
LogicalResult verifyDenseMatches(Operation *op, StringRef what,
                                 RankedTensorType dense,
                                 CompressedTensorType compressed) {
  if (dense.getShape() != compressed.getShape() ||
      dense.getElementType() != compressed.getElementType())
    return op->emitOpError()
           << what << " type " << dense << " does not match the compressed "
           << "tensor's logical type " << compressed.getDenseType();
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  auto type = cast<CompressedTensorType>(getResult().getType());
  encoding::Layout layout = encoding::getLayout(type);
  DictionaryAttr storage = getStorage();
  llvm::StringSet<> expected;
  for (const encoding::StorageSpec &spec : layout.storage) {
    expected.insert(spec.role);
    Attribute attr = storage.get(spec.role);
    if (!attr)
      return emitOpError() << "is missing storage '" << spec.role << "' ("
                           << spec.getStorageType() << ")";
    auto elements = dyn_cast<ElementsAttr>(attr);
    if (!elements || !isa<DenseElementsAttr, DenseResourceElementsAttr>(attr))
      return emitOpError() << "storage '" << spec.role
                           << "' must be a dense<> or dense_resource<> tensor";
    if (elements.getType() != spec.getStorageType())
      return emitOpError() << "storage '" << spec.role << "' has type "
                           << elements.getType() << ", but the encoding needs "
                           << spec.getStorageType();
    auto dense = dyn_cast<DenseElementsAttr>(attr);
    if (dense && !dense.isSplat() && spec.byteSize > kMaxInlineStorageBytes)
      return emitOpError() << "storage '" << spec.role << "' holds "
                           << spec.byteSize
                           << " bytes inline; storage above "
                           << kMaxInlineStorageBytes
                           << " bytes must be a dense_resource blob";
    if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
      if (AsmResourceBlob *blob = resource.getRawHandle().getBlob())
        if (static_cast<int64_t>(blob->getData().size()) != spec.byteSize)
          return emitOpError()
                 << "storage '" << spec.role << "' blob '"
                 << resource.getRawHandle().getKey() << "' holds "
                 << blob->getData().size() << " bytes, but "
                 << spec.getStorageType() << " needs " << spec.byteSize;
  }
  for (NamedAttribute entry : storage)
    if (!expected.contains(entry.getName().strref())) {
      SmallVector<StringRef> roles;
      for (const encoding::StorageSpec &spec : layout.storage)
        roles.push_back(spec.role);
      return emitOpError() << "has unexpected storage '"
                           << entry.getName().strref()
                           << "'; the encoding stores: "
                           << llvm::join(roles, ", ");
    }
  return success();
}

//===----------------------------------------------------------------------===//
// DecodeOp / EncodeOp
//===----------------------------------------------------------------------===//

LogicalResult DecodeOp::verify() {
  return verifyDenseMatches(*this, "result",
                            cast<RankedTensorType>(getResult().getType()),
                            cast<CompressedTensorType>(getInput().getType()));
}

OpFoldResult DecodeOp::fold(FoldAdaptor) {
  auto constant = getInput().getDefiningOp<ConstantOp>();
  auto type = cast<CompressedTensorType>(getInput().getType());
  if (!constant || type.getNumElements() > kMaxFoldedElements ||
      encoding::getLayout(type).byteSize > kMaxFoldedStorageBytes)
    return {};
  llvm::Expected<std::vector<double>> values =
      encoding::decodeStorage(type, constant.getStorage());
  if (!values) {
    // Bad stored data is reported by whoever decodes it for real; folding
    // just declines.
    llvm::consumeError(values.takeError());
    return {};
  }
  auto resultType = cast<RankedTensorType>(getResult().getType());
  const llvm::fltSemantics &semantics =
      cast<FloatType>(resultType.getElementType()).getFloatSemantics();
  SmallVector<APFloat> elements;
  elements.reserve(values->size());
  for (double value : *values) {
    APFloat element(value);
    bool losesInfo = false;
    element.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
    elements.push_back(element);
  }
  return DenseElementsAttr::get(resultType, elements);
}

LogicalResult EncodeOp::verify() {
  return verifyDenseMatches(*this, "input",
                            cast<RankedTensorType>(getInput().getType()),
                            cast<CompressedTensorType>(getResult().getType()));
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::verify() {
  auto lhsType = cast<RankedTensorType>(getLhs().getType());
  auto rhsType = cast<CompressedTensorType>(getRhs().getType());
  auto resultType = cast<RankedTensorType>(getResult().getType());
  Type acc = getAcc();

  for (auto [what, type] : {std::pair<StringRef, Type>{"lhs", lhsType
                                                                  .getElementType()},
                            {"result", resultType.getElementType()}})
    if (!isa<Float32Type, Float16Type, BFloat16Type>(type))
      return emitOpError() << what << " element type " << type
                           << " is not allowed; expected f32, f16 or bf16";
  if (!isa<Float32Type, Float16Type, BFloat16Type>(acc))
    return emitOpError() << "accumulator type " << acc
                         << " is not allowed; expected f32, f16 or bf16";
  // f16 and bf16 hold different ranges: only f32 holds both.
  Type resultElement = resultType.getElementType();
  if (!isa<Float32Type>(acc) && acc != resultElement) {
    InFlightDiagnostic diag = emitOpError()
                              << "accumulator type " << acc
                              << " cannot hold every result value of type "
                              << resultElement << "; expected f32";
    if (!isa<Float32Type>(resultElement))
      diag << " or " << resultElement;
    return diag;
  }
  if (lhsType.getRank() < 1)
    return emitOpError() << "lhs must have rank 1 or more";
  if (rhsType.getRank() < 2)
    return emitOpError() << "rhs must have rank 2 or more, got "
                         << rhsType.getRank();

  ArrayRef<int64_t> lhs = lhsType.getShape();
  ArrayRef<int64_t> rhs = rhsType.getShape();
  int64_t k = lhs.back();
  int64_t rhsK = getTransposeRhs() ? rhs.back() : rhs[rhs.size() - 2];
  int64_t n = getTransposeRhs() ? rhs[rhs.size() - 2] : rhs.back();
  if (!ShapedType::isDynamic(k) && k != rhsK)
    return emitOpError() << "reduction sizes differ: lhs has " << k
                         << ", rhs has " << rhsK
                         << (getTransposeRhs() ? " (rhs is [N, K])"
                                               : " (rhs is [K, N])");

  // Expected result: lhs batch dims, M (if lhs is a matrix), N.
  SmallVector<int64_t> expected(lhs.drop_back());
  ArrayRef<int64_t> lhsBatch =
      lhs.size() >= 2 ? lhs.drop_back(2) : ArrayRef<int64_t>();
  ArrayRef<int64_t> rhsBatch = rhs.drop_back(2);
  // A dynamic lhs batch dimension may match the weight's at run time.
  if (!rhsBatch.empty() && failed(verifyCompatibleShape(rhsBatch, lhsBatch)))
    return emitOpError() << "rhs batch dimensions ["
                         << llvm::make_range(rhsBatch.begin(), rhsBatch.end())
                         << "] must be absent or equal to the lhs batch "
                            "dimensions ["
                         << llvm::make_range(lhsBatch.begin(), lhsBatch.end())
                         << "]";
  expected.push_back(n);
  if (failed(verifyCompatibleShape(resultType.getShape(), expected)))
    return emitOpError() << "result shape " << resultType
                         << " does not match the expected shape ["
                         << llvm::make_range(expected.begin(), expected.end())
                         << "]";
  if (std::optional<int64_t> block = getInt8Activations()) {
    if (*block <= 0)
      return emitOpError() << "int8_activations block " << *block
                           << " must be positive";
    if (rhsK % *block != 0)
      return emitOpError() << "int8_activations block " << *block
                           << " does not divide the reduction size " << rhsK;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// GatherOp
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::verify() {
  auto tableType = cast<CompressedTensorType>(getTable().getType());
  auto indicesType = cast<RankedTensorType>(getIndices().getType());
  auto resultType = cast<RankedTensorType>(getResult().getType());
  SmallVector<int64_t> expected(indicesType.getShape());
  llvm::append_range(expected, tableType.getShape().drop_front());
  if (resultType.getElementType() != tableType.getElementType())
    return emitOpError() << "result element type "
                         << resultType.getElementType()
                         << " must be the table's element type "
                         << tableType.getElementType();
  if (failed(verifyCompatibleShape(resultType.getShape(), expected)))
    return emitOpError() << "result shape " << resultType
                         << " must be the indices shape followed by the row "
                            "shape: ["
                         << llvm::make_range(expected.begin(), expected.end())
                         << "]";
  return success();
}
