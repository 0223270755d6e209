//===- CompressTypes.h - The compressed tensor type --------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_DIALECTS_COMPRESS_IR_COMPRESSTYPES_H
#define COMPRESS_DIALECTS_COMPRESS_IR_COMPRESSTYPES_H

#include "dialects/Compress/IR/CompressAttrs.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Types.h"

#define GET_TYPEDEF_CLASSES
#include "dialects/Compress/IR/CompressTypes.h.inc"

#endif // COMPRESS_DIALECTS_COMPRESS_IR_COMPRESSTYPES_H
