//===- Passes.h - Passes out of the compress dialect ------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_CONVERSION_PASSES_H
#define COMPRESS_PASSES_CONVERSION_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::compress {

/// The attribute convert-compress-to-linalg sets on a fused decode kernel:
/// the loop dimensions that do not index the weight (rows of activations).
/// compress-cpu-vectorize puts them innermost so decoded weights are reused.
constexpr StringLiteral kActivationDimsAttr = "activation_dims";

#define GEN_PASS_DECL
#include "passes/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Conversion/Passes.h.inc"

} // namespace mlir::compress

#endif // COMPRESS_PASSES_CONVERSION_PASSES_H
