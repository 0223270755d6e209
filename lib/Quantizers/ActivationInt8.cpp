//===- ActivationInt8.cpp - int8 activations, on host values --------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Quantizers/ActivationInt8.h"

#include <algorithm>
#include <cassert>
#include <cmath>

void mlir::compress::quant::fakeQuantizeInt8Blocks(
    llvm::MutableArrayRef<float> values, int64_t block) {
  assert(block > 0 && values.size() % block == 0 && "whole blocks");
  for (size_t start = 0; start < values.size(); start += block) {
    llvm::MutableArrayRef<float> run = values.slice(start, block);
    float maxAbs = 0;
    for (float value : run)
      maxAbs = std::max(maxAbs, std::abs(value));
    float inverse = maxAbs == 0 ? 0.0f : 127.0f / maxAbs;
    float scale = maxAbs / 127.0f;
    for (float &value : run) {
      // nearbyint in the default mode rounds half to even.
      float code = std::nearbyint(value * inverse);
      value = std::clamp(code, -127.0f, 127.0f) * scale;
    }
  }
}
