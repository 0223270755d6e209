//===- Presets.h - Encoding choices (private) --------------------*- C++
//-*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// What the policy parser needs from Presets.cpp beyond Policy.h: where in the
// `encoding:` text an error is, so that its column points at the bad part.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_POLICY_PRESETS_H
#define COMPRESS_LIB_POLICY_PRESETS_H

#include "lib/Policy/Policy.h"

namespace mlir::compress::policy::internal {

/// parseEncodingChoice; on failure, `errorOffset` is the byte of `text` (or
/// the text's size, for its end) that the error is about.
llvm::Expected<EncodingChoice> parseEncodingChoice(llvm::StringRef text,
                                                   MLIRContext *context,
                                                   size_t &errorOffset);

} // namespace mlir::compress::policy::internal

#endif // COMPRESS_LIB_POLICY_PRESETS_H
