//===- Parallel.h - Fixed-chunk parallel loops ------------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// parallelFor runs the indices of a loop on a thread pool, or in order
// without one. Callers cut their work into chunks that do not depend on the
// pool, so their results are the same with or without one.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_QUANTIZERS_PARALLEL_H
#define COMPRESS_LIB_QUANTIZERS_PARALLEL_H

#include "llvm/Support/ThreadPool.h"

#include <cstdint>

namespace mlir::compress::quant {

/// Runs fn(0) ... fn(n - 1) on `pool`, or in order without one. May be
/// called from a task of `pool` (a group wait on a worker runs the group's
/// tasks).
template <typename Fn>
void parallelFor(llvm::ThreadPoolInterface *pool, int64_t n, Fn &&fn) {
  if (!pool || n <= 1) {
    for (int64_t i = 0; i < n; ++i)
      fn(i);
    return;
  }
  llvm::ThreadPoolTaskGroup group(*pool);
  for (int64_t i = 0; i < n; ++i)
    group.async([&fn, i] { fn(i); });
  group.wait();
}

} // namespace mlir::compress::quant

#endif // COMPRESS_LIB_QUANTIZERS_PARALLEL_H
