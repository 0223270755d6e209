//===- CInterface.h - Calls through _mlir_ciface_ wrappers ------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The C interface of a lowered function (docs/runtime.md): every memref is a
// pointer to a descriptor
//
//   struct { T *allocated; T *aligned; int64_t offset;
//            int64_t sizes[rank]; int64_t strides[rank]; };
//
// and the results come back through a pointer passed first: one descriptor,
// or a struct of descriptors for several results. Every field is 8 bytes, so
// a descriptor is 3 + 2 * rank words and a struct of them their concatenation.
// The results' buffers are malloc'ed by the function.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_RUNTIME_CINTERFACE_H
#define COMPRESS_LIB_RUNTIME_CINTERFACE_H

#include "lib/Runtime/HostTensor.h"

namespace mlir::compress::runtime {

struct MemRefDescriptor {
  void *allocated = nullptr;
  void *aligned = nullptr;
  int64_t offset = 0;
  llvm::SmallVector<int64_t> sizes, strides;
};

/// Calls a function's packed wrapper (ExecutionEngine::lookupPacked of
/// `_mlir_ciface_<name>`), whose arguments are the addresses of the C
/// interface's pointer arguments.
class CInterfaceCall {
public:
  using PackedFn = void (*)(void **);

  CInterfaceCall(PackedFn function, llvm::ArrayRef<unsigned> resultRanks)
      : function(function), resultRanks(resultRanks) {}

  /// Calls the function on `inputs` (contiguous, row-major) and returns the
  /// descriptors of its results, which own malloc'ed buffers.
  llvm::SmallVector<MemRefDescriptor> call(llvm::ArrayRef<HostTensor> inputs);

private:
  PackedFn function;
  llvm::SmallVector<unsigned> resultRanks;
};

/// Copies the elements that `descriptor` points at (any strides) into a new
/// contiguous tensor of `type`.
llvm::Expected<HostTensor> copyToHost(const MemRefDescriptor &descriptor,
                                      ElementType type);

/// Frees the buffers the function allocated for `results`: each distinct
/// `allocated` pointer once, except those of `inputs` (a function may return
/// its argument) and the marker MLIR gives a buffer that is a constant global
/// (0xdeadbeef), which are not malloc'ed.
void freeResults(llvm::ArrayRef<MemRefDescriptor> results,
                 llvm::ArrayRef<HostTensor> inputs);

} // namespace mlir::compress::runtime

#endif // COMPRESS_LIB_RUNTIME_CINTERFACE_H
