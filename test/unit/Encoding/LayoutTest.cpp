//===- LayoutTest.cpp - Storage layouts of encodings ----------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "dialects/Compress/IR/CompressDialect.h"
#include "dialects/Compress/IR/CompressTypes.h"
#include "lib/Encoding/Layout.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::compress;

namespace {

class LayoutTest : public ::testing::Test {
protected:
  LayoutTest() { context.loadDialect<CompressDialect>(); }

  encoding::Layout layoutOf(StringRef typeText) {
    auto type = dyn_cast_or_null<CompressedTensorType>(
        parseType(typeText, &context));
    EXPECT_TRUE(type) << typeText.str();
    return encoding::getLayout(type);
  }

  MLIRContext context;
};

TEST_F(LayoutTest, Int4Group128WithZeroPoints) {
  encoding::Layout layout =
      layoutOf("!compress.tensor<4096x4096xf16, #compress.uniform<bits = 4, "
               "unsigned, block = [1, 128], scale = f16, zero_point = ui4>>");
  ASSERT_EQ(layout.storage.size(), 3u);
  EXPECT_EQ(layout.storage[0].role, "codes");
  EXPECT_EQ(layout.storage[0].byteSize, 4096 * 2048);
  EXPECT_EQ(layout.storage[1].role, "scales");
  EXPECT_EQ(layout.storage[1].byteSize, 4096 * 32 * 2);
  EXPECT_EQ(layout.storage[2].role, "zero_points");
  EXPECT_EQ(layout.storage[2].byteSize, 4096 * 16);
  // 4 bits + 16/128 (scale) + 4/128 (zero point).
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 4.0 + 16.0 / 128 + 4.0 / 128);
}

} // namespace
