//===- LocationNames.h - Names carried by locations --------------*- C++
//-*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_TRANSFORMS_LOCATIONNAMES_H
#define COMPRESS_PASSES_TRANSFORMS_LOCATIONNAMES_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

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

} // namespace mlir::compress

#endif // COMPRESS_PASSES_TRANSFORMS_LOCATIONNAMES_H
