//===- LocationNames.h - Names carried by locations --------------*- C++
//-*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_TRANSFORMS_REMARKTEXT_H
#define COMPRESS_PASSES_TRANSFORMS_REMARKTEXT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace mlir::compress {

/// The name of the first NameLoc in `loc` (looking into fused locations), as
/// importers attach layer names: `loc("layers.0.wq")`.
inline std::optional<std::string> getLocationName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (std::optional<std::string> name = getLocationName(inner))
        return name;
  return std::nullopt;
}

/// `value` printed with a printf format ("%.3g": 4.5, 7.11, 0.000244).
inline std::string formatNumber(double value, const char *format = "%.3g") {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format(format, value);
  return text;
}

} // namespace mlir::compress

#endif // COMPRESS_PASSES_TRANSFORMS_REMARKTEXT_H
