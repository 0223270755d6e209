//===- NpyTensor.cpp - Host tensors from and to .npy files ----------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/NpyTensor.h"

#include "lib/Import/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir::compress;
using namespace mlir::compress::runtime;

static llvm::Error fileError(llvm::StringRef path, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 path + ": " + message);
}

llvm::Expected<HostTensor>
mlir::compress::runtime::readNpyTensor(llvm::StringRef path,
                                       std::string *dtype) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return fileError(path, "cannot read: " + buffer.getError().message());
  llvm::Expected<import::NpyRawArray> array =
      import::parseNpyRaw((*buffer)->getBuffer(), path);
  if (!array)
    return array.takeError();
  std::optional<ElementType> type = getElementTypeOfNpyDtype(array->dtype);
  if (!type)
    return fileError(path, "dtype '" + array->dtype +
                               "' is not supported; expected f2 (f16), f4 "
                               "(f32), f8 (f64), i1 (i8), i2 (i16), i4 (i32), "
                               "i8 (i64), or u2 or V2 (bf16 bit patterns)");
  if (dtype)
    *dtype = array->dtype;
  llvm::Expected<HostTensor> tensor = HostTensor::allocate(*type, array->shape);
  if (!tensor)
    return fileError(path, llvm::toString(tensor.takeError()));
  std::memcpy(tensor->getData(), array->data.data(), array->data.size());
  return tensor;
}

llvm::Error mlir::compress::runtime::writeNpyTensor(llvm::StringRef path,
                                                    const HostTensor &tensor) {
  std::error_code error;
  llvm::raw_fd_ostream os(path, error, llvm::sys::fs::OF_None);
  if (error)
    return fileError(path, "cannot write: " + error.message());
  import::writeNpy(os, getNpyDtype(tensor.getElementType()), tensor.getShape(),
                   llvm::StringRef(tensor.getData(), tensor.getSizeInBytes()));
  os.close();
  if (os.has_error()) {
    error = os.error();
    os.clear_error();
    return fileError(path, "cannot write: " + error.message());
  }
  return llvm::Error::success();
}
