//===- CInterface.cpp - Calls through _mlir_ciface_ wrappers --------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/CInterface.h"

#include "llvm/ADT/SmallPtrSet.h"

#include <cstdlib>
#include <cstring>

using namespace mlir::compress::runtime;

static_assert(sizeof(void *) == sizeof(int64_t),
              "descriptors are arrays of 8-byte words");

static unsigned getDescriptorWords(unsigned rank) { return 3 + 2 * rank; }

static void appendDescriptor(const HostTensor &tensor,
                             llvm::SmallVectorImpl<int64_t> &words) {
  llvm::ArrayRef<int64_t> shape = tensor.getShape();
  auto pointer = reinterpret_cast<int64_t>(tensor.getData());
  words.push_back(pointer); // allocated
  words.push_back(pointer); // aligned
  words.push_back(0);       // offset
  llvm::append_range(words, shape);
  llvm::SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t dim = static_cast<int64_t>(shape.size()) - 2; dim >= 0; --dim)
    strides[dim] = strides[dim + 1] * shape[dim + 1];
  llvm::append_range(words, strides);
}

static MemRefDescriptor readDescriptor(const int64_t *words, unsigned rank) {
  MemRefDescriptor descriptor;
  std::memcpy(&descriptor.allocated, &words[0], sizeof(void *));
  std::memcpy(&descriptor.aligned, &words[1], sizeof(void *));
  descriptor.offset = words[2];
  descriptor.sizes.assign(words + 3, words + 3 + rank);
  descriptor.strides.assign(words + 3 + rank, words + 3 + 2 * rank);
  return descriptor;
}

llvm::SmallVector<MemRefDescriptor>
CInterfaceCall::call(llvm::ArrayRef<HostTensor> inputs) {
  // The descriptors of the inputs, one after the other.
  llvm::SmallVector<int64_t> inputWords;
  llvm::SmallVector<size_t> inputStarts;
  for (const HostTensor &input : inputs) {
    inputStarts.push_back(inputWords.size());
    appendDescriptor(input, inputWords);
  }
  unsigned resultWordCount = 0;
  for (unsigned rank : resultRanks)
    resultWordCount += getDescriptorWords(rank);
  llvm::SmallVector<int64_t> resultWords(resultWordCount, 0);

  // The C interface's arguments, then the packed list of their addresses.
  llvm::SmallVector<void *> pointers;
  if (!resultRanks.empty())
    pointers.push_back(resultWords.data());
  for (size_t start : inputStarts)
    pointers.push_back(inputWords.data() + start);
  llvm::SmallVector<void *> packed;
  for (void *&pointer : pointers)
    packed.push_back(&pointer);
  function(packed.data());

  llvm::SmallVector<MemRefDescriptor> results;
  const int64_t *words = resultWords.data();
  for (unsigned rank : resultRanks) {
    results.push_back(readDescriptor(words, rank));
    words += getDescriptorWords(rank);
  }
  return results;
}

llvm::Expected<HostTensor>
mlir::compress::runtime::copyToHost(const MemRefDescriptor &descriptor,
                                    ElementType type) {
  llvm::Expected<HostTensor> tensor =
      HostTensor::allocate(type, descriptor.sizes);
  if (!tensor)
    return tensor.takeError();
  int64_t count = tensor->getNumElements();
  if (count == 0)
    return tensor;
  unsigned width = getByteWidth(type);
  const char *base =
      static_cast<const char *>(descriptor.aligned) + descriptor.offset * width;
  unsigned rank = descriptor.sizes.size();
  // Row-major descriptors (the usual case) are one copy.
  bool contiguous = true;
  int64_t expected = 1;
  for (int64_t dim = static_cast<int64_t>(rank) - 1; dim >= 0; --dim) {
    if (descriptor.sizes[dim] != 1 && descriptor.strides[dim] != expected)
      contiguous = false;
    expected *= descriptor.sizes[dim];
  }
  if (contiguous) {
    std::memcpy(tensor->getData(), base, count * width);
    return tensor;
  }
  llvm::SmallVector<int64_t> index(rank, 0);
  for (int64_t element = 0; element < count; ++element) {
    int64_t position = 0;
    for (unsigned dim = 0; dim < rank; ++dim)
      position += index[dim] * descriptor.strides[dim];
    std::memcpy(tensor->getData() + element * width, base + position * width,
                width);
    for (int64_t dim = static_cast<int64_t>(rank) - 1; dim >= 0; --dim) {
      if (++index[dim] < descriptor.sizes[dim])
        break;
      index[dim] = 0;
    }
  }
  return tensor;
}

void mlir::compress::runtime::freeResults(
    llvm::ArrayRef<MemRefDescriptor> results,
    llvm::ArrayRef<HostTensor> inputs) {
  llvm::SmallPtrSet<void *, 8> done;
  for (const HostTensor &input : inputs)
    done.insert(const_cast<char *>(input.getData()));
  done.insert(reinterpret_cast<void *>(uintptr_t(0xdeadbeef)));
  for (const MemRefDescriptor &result : results)
    if (result.allocated && done.insert(result.allocated).second)
      std::free(result.allocated);
}
