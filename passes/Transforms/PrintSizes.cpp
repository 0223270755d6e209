//===- PrintSizes.cpp - Report sizes of compressed values -----------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Transforms/Passes.h"
#include "passes/Transforms/RemarkText.h"

#include "dialects/Compress/IR/CompressOps.h"
#include "lib/Encoding/Layout.h"

#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/Support/Format.h"

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSPRINTSIZESPASS
#include "passes/Transforms/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// The function (or other symbol) a value belongs to, or the pass root.
Operation *getNamingScope(Value value, Operation *root) {
  for (Operation *op = value.getParentRegion()->getParentOp(); op != root;
       op = op->getParentOp())
    if (isa<FunctionOpInterface>(op))
      return op;
  return root;
}

/// The user-facing name of a value: the name of its NameLoc, else
/// `<function>.arg<N>` for function arguments and `<function>.<op>.<index>`
/// for results and other block arguments (`<op>` is the defining or owning
/// op, `<index>` counts the compressed values of the function, in order).
std::string getValueName(Value value, Operation *scope, int64_t index) {
  if (std::optional<std::string> name = getLocationName(value.getLoc()))
    return *name;
  std::string prefix;
  if (auto symbol =
          scope->getAttrOfType<StringAttr>(SymbolTable::getSymbolAttrName()))
    prefix = symbol.str() + ".";
  auto arg = dyn_cast<BlockArgument>(value);
  if (arg && arg.getOwner()->isEntryBlock() &&
      arg.getOwner()->getParentOp() == scope)
    return prefix + "arg" + std::to_string(arg.getArgNumber());
  Operation *op = arg ? arg.getOwner()->getParentOp() : value.getDefiningOp();
  return prefix + op->getName().stripDialect().str() + "." +
         std::to_string(index);
}

struct PrintSizesPass
    : public compress::impl::CompressPrintSizesPassBase<PrintSizesPass> {
  using Base::Base;

  void runOnOperation() override {
    Operation *root = getOperation();
    // Totals in double: each value is below 2^56 bytes, their sum need not
    // fit in int64_t.
    double totalBytes = 0, totalDenseBytes = 0, totalElements = 0;
    int64_t count = 0;
    llvm::DenseMap<Operation *, int64_t> indexInScope;
    auto report = [&](Value value) {
      auto type = dyn_cast<CompressedTensorType>(value.getType());
      if (!type)
        return;
      encoding::Layout layout = encoding::getLayout(type);
      int64_t denseBytes = layout.numElements *
                           (type.getElementType().getIntOrFloatBitWidth() / 8);
      Operation *scope = getNamingScope(value, root);
      InFlightDiagnostic remark = emitRemark(value.getLoc());
      remark << "'" << getValueName(value, scope, indexInScope[scope]++) << "' "
             << type << ": " << layout.byteSize << " bytes, "
             << formatNumber(layout.getBitsPerWeight()) << " bits per weight ("
             << denseBytes << " bytes dense " << type.getElementType() << ", "
             << formatNumber(double(denseBytes) / layout.byteSize)
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
    // The values defined inside the root (its own results belong to its
    // parent): arguments of its blocks, then every nested op in order.
    for (Region &rootRegion : root->getRegions()) {
      for (Block &block : rootRegion)
        for (BlockArgument arg : block.getArguments())
          report(arg);
      rootRegion.walk<WalkOrder::PreOrder>([&](Operation *op) {
        for (Region &region : op->getRegions())
          for (Block &block : region)
            for (BlockArgument arg : block.getArguments())
              report(arg);
        for (Value result : op->getResults())
          report(result);
      });
    }
    if (count == 0)
      return;
    emitRemark(root->getLoc())
        << "total: " << count << " compressed values, "
        << formatNumber(totalBytes, "%.0f") << " bytes, "
        << formatNumber(8.0 * totalBytes / totalElements)
        << " bits per weight (" << formatNumber(totalDenseBytes, "%.0f")
        << " bytes dense, " << formatNumber(totalDenseBytes / totalBytes)
        << "x smaller)";
  }
};

} // namespace
