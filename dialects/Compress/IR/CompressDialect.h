//===- CompressDialect.h - The compress dialect ------------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_DIALECTS_COMPRESS_IR_COMPRESSDIALECT_H
#define COMPRESS_DIALECTS_COMPRESS_IR_COMPRESSDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Dialect.h"

#include "dialects/Compress/IR/CompressDialect.h.inc"

#endif // COMPRESS_DIALECTS_COMPRESS_IR_COMPRESSDIALECT_H
