//===- CpuVectorize.cpp - Tile and vectorize linalg ops for the CPU -------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/Passes.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSCPUVECTORIZEPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {
struct CpuVectorize
    : compress::impl::CompressCpuVectorizePassBase<CpuVectorize> {
  using Base::Base;
  void runOnOperation() override {}
};
} // namespace
