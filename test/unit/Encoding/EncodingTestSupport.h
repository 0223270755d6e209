//===- EncodingTestSupport.h - Fixture of the encoding tests ----*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// A context with the compress dialect, type parsing, and helpers that turn
// llvm::Expected results into values or error texts for EXPECT_EQ.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_TEST_UNIT_ENCODING_ENCODINGTESTSUPPORT_H
#define COMPRESS_TEST_UNIT_ENCODING_ENCODINGTESTSUPPORT_H

#include "dialects/Compress/IR/CompressDialect.h"
#include "dialects/Compress/IR/CompressTypes.h"
#include "lib/Encoding/Layout.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mlir::compress::testing {

class EncodingTest : public ::testing::Test {
protected:
  EncodingTest() { context.loadDialect<CompressDialect>(); }

  /// Parses `!compress.tensor<...>` text; the test fails on a parse error.
  CompressedTensorType typeOf(StringRef typeText) {
    auto type =
        dyn_cast_or_null<CompressedTensorType>(parseType(typeText, &context));
    EXPECT_TRUE(type) << "cannot parse " << typeText.str();
    return type;
  }

  encoding::Layout layoutOf(StringRef typeText) {
    CompressedTensorType type = typeOf(typeText);
    if (!type)
      return {};
    return encoding::getLayout(type);
  }

  /// The storage spec of `role` in the layout of `typeText` (copied, so that
  /// it outlives the layout).
  encoding::StorageSpec specOf(StringRef typeText, StringRef role) {
    encoding::Layout layout = layoutOf(typeText);
    const encoding::StorageSpec *spec = layout.lookup(role);
    EXPECT_TRUE(spec) << "no role '" << role.str() << "' in " << typeText.str();
    return spec ? *spec : encoding::StorageSpec();
  }

  MLIRContext context;
};

/// The printed form of a type ("i8", "f16", "tensor<3x3xi8>").
inline std::string str(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

/// The message of a failed Expected; fails the test if it succeeded.
template <typename T> std::string errorOf(llvm::Expected<T> result) {
  if (result) {
    ADD_FAILURE() << "expected an error";
    return "";
  }
  return llvm::toString(result.takeError());
}

inline std::string errorOf(llvm::Error error) {
  if (!error) {
    ADD_FAILURE() << "expected an error";
    return "";
  }
  return llvm::toString(std::move(error));
}

/// The value of a successful Expected; fails the test (and returns T{}) on an
/// error, printing its message.
template <typename T> T valueOf(llvm::Expected<T> result) {
  if (!result) {
    ADD_FAILURE() << "unexpected error: " << llvm::toString(result.takeError());
    return T();
  }
  return std::move(*result);
}

using Bytes = std::vector<uint8_t>;
using Values = std::vector<double>;

} // namespace mlir::compress::testing

#endif // COMPRESS_TEST_UNIT_ENCODING_ENCODINGTESTSUPPORT_H
