//===- Passes.h - compress -> compress passes --------------------*- C++
//-*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_TRANSFORMS_PASSES_H
#define COMPRESS_PASSES_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::compress {

#define GEN_PASS_DECL
#include "passes/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Transforms/Passes.h.inc"

} // namespace mlir::compress

#endif // COMPRESS_PASSES_TRANSFORMS_PASSES_H
