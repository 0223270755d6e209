//===- CompressDialect.cpp - The compress dialect -------------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "dialects/Compress/IR/CompressDialect.h"
#include "dialects/Compress/IR/CompressOps.h"

using namespace mlir;
using namespace mlir::compress;

#include "dialects/Compress/IR/CompressDialect.cpp.inc"

void CompressDialect::initialize() {
  registerAttributes();
  registerTypes();
  addOperations<
#define GET_OP_LIST
#include "dialects/Compress/IR/CompressOps.cpp.inc"
      >();
}

Operation *CompressDialect::materializeConstant(OpBuilder &builder,
                                                Attribute value, Type type,
                                                Location loc) {
  // Folded decodes produce dense tensors.
  if (auto dense = dyn_cast<DenseElementsAttr>(value))
    if (dense.getType() == type)
      return arith::ConstantOp::create(builder, loc, type, dense);
  return nullptr;
}
