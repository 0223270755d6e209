//===- CompressAttrs.h - Encoding attributes --------------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_DIALECTS_COMPRESS_IR_COMPRESSATTRS_H
#define COMPRESS_DIALECTS_COMPRESS_IR_COMPRESSATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectImplementation.h"

#include "dialects/Compress/IR/CompressEnums.h.inc"
#include "dialects/Compress/IR/CompressInterfaces.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/Compress/IR/CompressAttrs.h.inc"

namespace mlir::compress {

/// How per-group parameters (scales, zero points, codebooks) are shared: one
/// for the whole tensor, one per index of `axis`, or one per block.
struct Granularity {
  int64_t axis = -1;
  llvm::ArrayRef<int64_t> block;

  bool isPerAxis() const { return axis >= 0; }
  bool isBlock() const { return !block.empty(); }
  /// The block shape for a tensor of `shape` (valid after verification).
  llvm::SmallVector<int64_t> getBlockShape(llvm::ArrayRef<int64_t> shape) const;
  /// The shape of the parameter tensor: shape / block shape.
  llvm::SmallVector<int64_t> getParamShape(llvm::ArrayRef<int64_t> shape) const;
};

/// Names of the fixed look-up tables of `#compress.lut<table = ...>`.
llvm::ArrayRef<llvm::StringRef> getFixedLutTableNames();
/// The values of a fixed table, or an empty array if `name` is unknown.
llvm::ArrayRef<double> getFixedLutTable(llvm::StringRef name);

/// Small floats accepted as `#compress.float` formats.
bool isSupportedSmallFloat(Type type);

} // namespace mlir::compress

#endif // COMPRESS_DIALECTS_COMPRESS_IR_COMPRESSATTRS_H
