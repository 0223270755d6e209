//===- PrintSizes.cpp - Report sizes of compressed values -----------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Transforms/Passes.h"

#include "dialects/Compress/IR/CompressOps.h"
#include "lib/Encoding/Layout.h"

#include "llvm/Support/Format.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSPRINTSIZESPASS
#include "passes/Transforms/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// The name of a NameLoc in `loc`, if any.
std::optional<std::string> getLocName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (std::optional<std::string> name = getLocName(inner))
        return name;
  return std::nullopt;
}

/// The user-facing name of a value: the name of its NameLoc, else
/// `<function>.arg<N>` for arguments and `<function>.<op>.<index>` for results
/// (index counts the compressed values of that function, in order).
std::string getValueName(Value value, int64_t indexInFunction) {
  if (std::optional<std::string> name = getLocName(value.getLoc()))
    return *name;
  Operation *scope = value.getParentRegion()->getParentOp();
  std::string prefix;
  if (auto symbol = scope->getAttrOfType<StringAttr>("sym_name"))
    prefix = symbol.str() + ".";
  if (auto arg = dyn_cast<BlockArgument>(value))
    return prefix + "arg" + std::to_string(arg.getArgNumber());
  Operation *op = value.getDefiningOp();
  return prefix + op->getName().stripDialect().str() + "." +
         std::to_string(indexInFunction);
}

std::string formatRatio(double value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::format("%.3g", value);
  return text;
}

struct PrintSizesPass
    : public compress::impl::CompressPrintSizesPassBase<PrintSizesPass> {
  using Base::Base;

  void runOnOperation() override {
    int64_t totalBytes = 0, totalDenseBytes = 0, totalElements = 0, count = 0;
    llvm::DenseMap<Operation *, int64_t> indexInScope;
    auto report = [&](Value value) {
      auto type = dyn_cast<CompressedTensorType>(value.getType());
      if (!type)
        return;
      encoding::Layout layout = encoding::getLayout(type);
      int64_t denseBytes =
          layout.numElements * (type.getElementType().getIntOrFloatBitWidth() / 8);
      InFlightDiagnostic remark = emitRemark(value.getLoc());
      Operation *scope = value.getParentRegion()->getParentOp();
      remark << "'" << getValueName(value, indexInScope[scope]++) << "' "
             << type << ": "
             << layout.byteSize << " bytes, "
             << formatRatio(layout.getBitsPerWeight())
             << " bits per weight (" << denseBytes << " bytes dense "
             << type.getElementType() << ", "
             << formatRatio(double(denseBytes) / layout.byteSize)
             << "x smaller)";
      if (showStorage)
        for (const encoding::StorageSpec &spec : layout.storage)
          remark << "; " << spec.role << ": " << spec.getStorageType() << " = "
                 << spec.byteSize << " bytes";
      totalBytes += layout.byteSize;
      totalDenseBytes += denseBytes;
      totalElements += layout.numElements;
      ++count;
    };
    getOperation()->walk([&](Operation *op) {
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            report(arg);
      for (Value result : op->getResults())
        report(result);
    });
    if (count == 0)
      return;
    emitRemark(getOperation()->getLoc())
        << "total: " << count << " compressed values, " << totalBytes
        << " bytes, " << formatRatio(8.0 * totalBytes / totalElements)
        << " bits per weight (" << totalDenseBytes << " bytes dense, "
        << formatRatio(double(totalDenseBytes) / totalBytes) << "x smaller)";
  }
};

} // namespace
