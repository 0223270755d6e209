//===- HostTensor.cpp - A dense tensor in host memory ---------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/HostTensor.h"

#include "llvm/Support/MathExtras.h"

#include <cstdlib>

using namespace mlir::compress::runtime;

llvm::Expected<HostTensor> HostTensor::allocate(ElementType type,
                                                llvm::ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t size : shape) {
    if (size < 0 || (size && count > kMaxElements / size))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "tensor " + formatTensorType(type, shape) +
                                         " is too large (at most " +
                                         llvm::Twine(kMaxElements) +
                                         " elements)");
    count *= size;
  }
  // aligned_alloc wants a multiple of the alignment; empty tensors still get
  // a valid pointer.
  size_t bytes = llvm::alignTo(std::max<size_t>(count * getByteWidth(type), 1),
                               kAlignment);
  char *data = static_cast<char *>(std::aligned_alloc(kAlignment, bytes));
  if (!data)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot allocate " + llvm::Twine(bytes) +
                                       " bytes for a tensor " +
                                       formatTensorType(type, shape));
  return HostTensor(type, shape, data);
}

int64_t HostTensor::getNumElements() const {
  int64_t count = 1;
  for (int64_t size : shape)
    count *= size;
  return count;
}

void HostTensor::Free::operator()(char *pointer) const { std::free(pointer); }
