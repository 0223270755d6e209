//===- SharedStages.h - Stages of both code generation pipelines -*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// compress-to-llvm and compress-to-nvvm start alike: the model's elementwise
// chains fuse, compress ops become fused decode generics, and tensors become
// buffers with identity layouts at function boundaries. Private to
// passes/Pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_PIPELINES_SHAREDSTAGES_H
#define COMPRESS_PASSES_PIPELINES_SHAREDSTAGES_H

#include "passes/Conversion/Passes.h"

namespace mlir {
class OpPassManager;

namespace compress {

/// canonicalize, compress-gather-to-linalg and elementwise fusion (so that
/// fusion never reshapes the decode kernels made next), then
/// convert-compress-to-linalg with `lowering`, canonicalize and CSE.
void addDecodeKernelStages(OpPassManager &pm,
                           const ConvertCompressToLinalgPassOptions &lowering);

/// one-shot-bufferize across function boundaries with identity layouts
/// (what callers pass and receive), then canonicalize.
void addBufferizeStages(OpPassManager &pm);

} // namespace compress
} // namespace mlir

#endif // COMPRESS_PASSES_PIPELINES_SHAREDSTAGES_H
