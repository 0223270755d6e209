//===- TensorPrinter.cpp - Print host tensors as NumPy does ---------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "lib/Runtime/TensorPrinter.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace mlir::compress::runtime;

namespace {
// numpy's defaults: threshold, edgeitems and linewidth.
constexpr int64_t kThreshold = 1000;
constexpr int64_t kEdgeItems = 3;
constexpr size_t kLineWidth = 75;
constexpr int64_t kEllipsis = -1;

class Printer {
public:
  Printer(llvm::raw_ostream &os, const HostTensor &tensor)
      : os(os), tensor(tensor), shape(tensor.getShape()),
        summarize(tensor.getNumElements() > kThreshold),
        strides(shape.size(), 1) {
    for (int64_t dim = static_cast<int64_t>(shape.size()) - 2; dim >= 0; --dim)
      strides[dim] = strides[dim + 1] * shape[dim + 1];
  }

  void print() {
    if (shape.empty()) {
      os << format(0);
      return;
    }
    if (tensor.getNumElements() == 0) {
      os << "[]";
      return;
    }
    forEachShown(0, 0, [&](int64_t element) {
      width = std::max(width, format(element).size());
    });
    size_t column = 0;
    printDim(0, 0, column);
  }

private:
  std::string format(int64_t element) const {
    ElementType type = tensor.getElementType();
    return formatElement(type, tensor.getData() + element * getByteWidth(type));
  }

  /// The indices of `dim` that are printed, kEllipsis where some are elided.
  llvm::SmallVector<int64_t> shownIndices(unsigned dim) const {
    llvm::SmallVector<int64_t> indices;
    int64_t size = shape[dim];
    if (!summarize || size <= 2 * kEdgeItems) {
      for (int64_t i = 0; i < size; ++i)
        indices.push_back(i);
      return indices;
    }
    for (int64_t i = 0; i < kEdgeItems; ++i)
      indices.push_back(i);
    indices.push_back(kEllipsis);
    for (int64_t i = size - kEdgeItems; i < size; ++i)
      indices.push_back(i);
    return indices;
  }

  template <typename Fn>
  void forEachShown(unsigned dim, int64_t offset, Fn fn) const {
    for (int64_t index : shownIndices(dim)) {
      if (index == kEllipsis)
        continue;
      int64_t element = offset + index * strides[dim];
      if (dim + 1 == shape.size())
        fn(element);
      else
        forEachShown(dim + 1, element, fn);
    }
  }

  void printDim(unsigned dim, int64_t offset, size_t &column) {
    unsigned rank = shape.size();
    os << '[';
    ++column;
    bool first = true;
    for (int64_t index : shownIndices(dim)) {
      if (dim + 1 == rank) {
        std::string text = "...";
        if (index != kEllipsis) {
          text = format(offset + index);
          text.insert(0, width - text.size(), ' ');
        }
        if (!first) {
          os << ',';
          ++column;
          // Room for the separator, the value and the closing brackets.
          if (column + 1 + text.size() + rank > kLineWidth) {
            os << '\n';
            os.indent(rank);
            column = rank;
          } else {
            os << ' ';
            ++column;
          }
        }
        os << text;
        column += text.size();
      } else {
        if (!first) {
          os << ',';
          for (unsigned line = dim + 1; line < rank; ++line)
            os << '\n';
          os.indent(dim + 1);
          column = dim + 1;
        }
        if (index == kEllipsis) {
          os << "...";
          column += 3;
        } else {
          printDim(dim + 1, offset + index * strides[dim], column);
        }
      }
      first = false;
    }
    os << ']';
    ++column;
  }

  llvm::raw_ostream &os;
  const HostTensor &tensor;
  llvm::ArrayRef<int64_t> shape;
  bool summarize;
  llvm::SmallVector<int64_t> strides;
  size_t width = 0;
};
} // namespace

void mlir::compress::runtime::printTensor(llvm::raw_ostream &os,
                                          const HostTensor &tensor) {
  Printer(os, tensor).print();
}
