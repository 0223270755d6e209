//===- CompressTypes.cpp - The compressed tensor type ---------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "dialects/Compress/IR/CompressTypes.h"
#include "dialects/Compress/IR/CompressDialect.h"
#include "lib/Encoding/Layout.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h" // used by the generated type parser

using namespace mlir;
using namespace mlir::compress;

#define GET_TYPEDEF_CLASSES
#include "dialects/Compress/IR/CompressTypes.cpp.inc"

void CompressDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dialects/Compress/IR/CompressTypes.cpp.inc"
      >();
}

int64_t CompressedTensorType::getNumElements() const {
  return *encoding::getCheckedNumElements(getShape());
}

RankedTensorType CompressedTensorType::getDenseType() const {
  return RankedTensorType::get(getShape(), getElementType());
}

/// `!compress.tensor<` dimension-list element-type `,` encoding `>`
Type CompressedTensorType::parse(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  SmallVector<int64_t> shape;
  Type elementType;
  Attribute encoding;
  if (parser.parseLess())
    return {};
  // The generic dimension list stops at a `-` or `*` and then reports
  // "expected non-function type"; name the real problem instead.
  SMLoc dimLoc = parser.getCurrentLocation();
  if (succeeded(parser.parseOptionalStar())) {
    parser.emitError(dimLoc, "a compressed tensor has a static shape; "
                             "unranked '*' is not allowed");
    return {};
  }
  if (parser.parseDimensionList(shape, /*allowDynamic=*/false,
                                /*withTrailingX=*/true))
    return {};
  dimLoc = parser.getCurrentLocation();
  if (succeeded(parser.parseOptionalMinus())) {
    // The magnitude is not read back: `-0xf16` would lex as a hex integer.
    parser.emitError(dimLoc)
        << "dimension " << shape.size()
        << " has a negative size; compressed tensors have static, positive "
           "sizes";
    return {};
  }
  if (parser.parseType(elementType))
    return {};
  if (failed(parser.parseOptionalComma())) {
    parser.emitError(parser.getCurrentLocation(),
                     "expected ',' and a #compress encoding after the element "
                     "type");
    return {};
  }
  if (parser.parseAttribute(encoding) || parser.parseGreater())
    return {};
  auto encodingAttr = dyn_cast<EncodingAttrInterface>(encoding);
  if (!encodingAttr) {
    parser.emitError(loc) << "expected a #compress encoding, got " << encoding;
    return {};
  }
  return getChecked([&] { return parser.emitError(loc); },
                    parser.getContext(), shape, elementType, encodingAttr);
}

void CompressedTensorType::print(AsmPrinter &printer) const {
  printer << "<";
  printer.printDimensionList(getShape());
  printer << "x" << getElementType() << ", ";
  printer.printAttribute(getEncoding());
  printer << ">";
}

LogicalResult
CompressedTensorType::verify(function_ref<InFlightDiagnostic()> emitError,
                             ArrayRef<int64_t> shape, Type elementType,
                             EncodingAttrInterface encoding) {
  if (shape.empty())
    return emitError() << "a compressed tensor has rank 1 or more";
  for (auto [i, dim] : llvm::enumerate(shape))
    if (dim <= 0)
      return emitError() << "dimension " << i << " has size " << dim
                         << "; compressed tensors have static, positive sizes";
  if (!isa<Float32Type, Float16Type, BFloat16Type>(elementType))
    return emitError() << "element type " << elementType
                       << " is not allowed; expected f32, f16 or bf16";
  if (!encoding::getCheckedNumElements(shape)) {
    InFlightDiagnostic diag = emitError();
    diag << "shape [";
    llvm::interleaveComma(shape, diag);
    return diag << "] has more than 2^48 elements, the most a compressed "
                   "tensor may have";
  }
  if (!encoding)
    return emitError() << "a compressed tensor needs a #compress encoding";
  return encoding::computeLayout(encoding, shape, emitError);
}
