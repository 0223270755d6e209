//===- HostTensor.h - A dense tensor in host memory -------------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The inputs and results of a compiled function as compress-run holds them:
// an element type, a static shape and row-major elements in a 64-byte aligned
// buffer (the alignment the compiled code's vector loads assume).
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_RUNTIME_HOSTTENSOR_H
#define COMPRESS_LIB_RUNTIME_HOSTTENSOR_H

#include "lib/Runtime/ElementType.h"

#include "llvm/ADT/SmallVector.h"

#include <memory>

namespace mlir::compress::runtime {

class HostTensor {
public:
  static constexpr size_t kAlignment = 64;

  /// The largest number of elements of a tensor.
  static constexpr int64_t kMaxElements = int64_t(1) << 40;

  /// An uninitialized tensor; an error when `shape` has negative sizes, more
  /// than kMaxElements elements, or the memory cannot be allocated.
  static llvm::Expected<HostTensor> allocate(ElementType type,
                                             llvm::ArrayRef<int64_t> shape);

  ElementType getElementType() const { return type; }
  llvm::ArrayRef<int64_t> getShape() const { return shape; }
  int64_t getNumElements() const;
  size_t getSizeInBytes() const {
    return getNumElements() * getByteWidth(type);
  }
  char *getData() { return data.get(); }
  const char *getData() const { return data.get(); }
  /// "4x8xf32".
  std::string getTypeString() const { return formatTensorType(type, shape); }

private:
  HostTensor(ElementType type, llvm::ArrayRef<int64_t> shape, char *data)
      : type(type), shape(shape), data(data) {}

  struct Free {
    void operator()(char *pointer) const;
  };

  ElementType type;
  llvm::SmallVector<int64_t> shape;
  std::unique_ptr<char[], Free> data;
};

} // namespace mlir::compress::runtime

#endif // COMPRESS_LIB_RUNTIME_HOSTTENSOR_H
