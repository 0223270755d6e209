//===- CompressOps.h - Ops of the compress dialect ---------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_DIALECTS_COMPRESS_IR_COMPRESSOPS_H
#define COMPRESS_DIALECTS_COMPRESS_IR_COMPRESSOPS_H

#include "dialects/Compress/IR/CompressAttrs.h"
#include "dialects/Compress/IR/CompressDialect.h"
#include "dialects/Compress/IR/CompressTypes.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/Compress/IR/CompressOps.h.inc"

#endif // COMPRESS_DIALECTS_COMPRESS_IR_COMPRESSOPS_H
