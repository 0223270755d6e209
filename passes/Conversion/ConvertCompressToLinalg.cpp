//===- ConvertCompressToLinalg.cpp - compress -> linalg -------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/Passes.h"

namespace mlir::compress {
#define GEN_PASS_DEF_CONVERTCOMPRESSTOLINALGPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;

namespace {
struct ConvertCompressToLinalg
    : compress::impl::ConvertCompressToLinalgPassBase<ConvertCompressToLinalg> {
  using Base::Base;
  void runOnOperation() override {}
};
} // namespace
