//===- TensorInput.cpp - Tensors from --input specifications --------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/TensorInput.h"

#include "lib/Runtime/NpyTensor.h"

#include <cstring>

using namespace mlir::compress::runtime;

static llvm::Error inputError(llvm::StringRef spec,
                              const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "--input '" + spec + "': " + message);
}

llvm::Expected<TensorInput>
mlir::compress::runtime::parseTensorInput(llvm::StringRef spec) {
  if (spec.consume_front("@")) {
    std::string dtype;
    llvm::Expected<HostTensor> tensor = readNpyTensor(spec, &dtype);
    if (!tensor)
      return tensor.takeError();
    return TensorInput{std::move(*tensor), dtype};
  }

  auto [type, value] = spec.split('=');
  if (type.size() == spec.size())
    return inputError(spec, "expected @FILE.npy, SHAPExTYPE=VALUE or "
                            "SHAPExTYPE=[V0,V1,...]");
  llvm::SmallVector<llvm::StringRef> parts;
  type.split(parts, 'x');
  std::optional<ElementType> elementType = parseElementType(parts.back());
  if (!elementType)
    return inputError(spec, "unknown element type '" + parts.back() +
                                "'; expected " + getElementTypeList());
  llvm::SmallVector<int64_t> shape;
  for (llvm::StringRef part : llvm::ArrayRef(parts).drop_back()) {
    int64_t size;
    if (part.getAsInteger(10, size) || size < 0)
      return inputError(spec,
                        "bad dimension '" + part + "'; expected a static size");
    shape.push_back(size);
  }
  llvm::Expected<HostTensor> tensor = HostTensor::allocate(*elementType, shape);
  if (!tensor)
    return inputError(spec, llvm::toString(tensor.takeError()));

  unsigned width = getByteWidth(*elementType);
  int64_t count = tensor->getNumElements();
  value = value.trim();
  if (value.consume_front("[")) {
    if (!value.consume_back("]"))
      return inputError(spec, "the list of values has no closing ']'");
    llvm::SmallVector<llvm::StringRef> values;
    if (!value.trim().empty())
      value.split(values, ',');
    if (static_cast<int64_t>(values.size()) != count)
      return inputError(spec, "has " + llvm::Twine(values.size()) +
                                  " values, but " + type + " holds " +
                                  llvm::Twine(count));
    for (auto [i, text] : llvm::enumerate(values))
      if (llvm::Error error =
              parseElement(*elementType, text, tensor->getData() + i * width))
        return inputError(spec, "value " + llvm::Twine(i) + ": " +
                                    llvm::toString(std::move(error)));
    return TensorInput{std::move(*tensor), ""};
  }

  char element[8];
  if (llvm::Error error = parseElement(*elementType, value, element))
    return inputError(spec, llvm::toString(std::move(error)));
  for (int64_t i = 0; i < count; ++i)
    std::memcpy(tensor->getData() + i * width, element, width);
  return TensorInput{std::move(*tensor), ""};
}
