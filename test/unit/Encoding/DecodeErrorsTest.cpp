//===- DecodeErrorsTest.cpp - Stored data the decoder refuses -------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Stored values that break an encoding's invariants (positions out of order,
// row pointers that decrease, repeated permutation entries, ...) and values
// that could not have been stored at all: each with its exact message.
//
//===----------------------------------------------------------------------===//

#include "lib/Encoding/Decode.h"
#include "test/unit/Encoding/EncodingTestSupport.h"

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::testing;
using encoding::FieldValues;

namespace {

class DecodeErrorsTest : public EncodingTest {
protected:
  std::string decodeErrorOf(StringRef typeText, const FieldValues &values) {
    CompressedTensorType type = typeOf(typeText);
    if (!type)
      return "";
    return errorOf(encoding::decode(type, values));
  }

  static constexpr StringLiteral k2To4 =
      "!compress.tensor<1x8xf32, #compress.sparse<nm = [2, 4], values = f32>>";
  static constexpr StringLiteral kCSR =
      "!compress.tensor<3x3xf32, #compress.sparse<csr, nnz = 3, values = "
      "f32>>";
  static constexpr StringLiteral kBlocks =
      "!compress.tensor<4x4xf32, #compress.sparse<block = [2, 2], kept = 2, "
      "values = f32>>";
};

//===----------------------------------------------------------------------===//
// N:M positions
//===----------------------------------------------------------------------===//

TEST_F(DecodeErrorsTest, NMPositionsOutOfOrder) {
  // Group 1 (entries 2, 3) has positions 2 then 1.
  EXPECT_EQ(decodeErrorOf(
                k2To4, {{"values", {1, 2, 3, 4}}, {"positions", {0, 3, 2, 1}}}),
            "'positions' must increase within each group of 4 (entry 3)");
}

TEST_F(DecodeErrorsTest, NMRepeatedPosition) {
  EXPECT_EQ(decodeErrorOf(
                k2To4, {{"values", {1, 2, 3, 4}}, {"positions", {1, 1, 0, 1}}}),
            "'positions' must increase within each group of 4 (entry 1)");
}

TEST_F(DecodeErrorsTest, NMPositionsOutOfOrderAlongAxis0) {
  // Kept [2, 2] along axis 0; column 1 has positions 3 then 0 (entries 1
  // and 3, one row of kept values apart).
  EXPECT_EQ(
      decodeErrorOf("!compress.tensor<4x2xf32, #compress.sparse<nm = "
                    "[2, 4], axis = 0, values = f32>>",
                    {{"values", {1, 2, 3, 4}}, {"positions", {0, 3, 1, 0}}}),
      "'positions' must increase within each group of 4 (entry 3)");
}

TEST_F(DecodeErrorsTest, NMPositionOutOfRange) {
  // M = 3 stores positions in 2 bits, which can hold 3.
  EXPECT_EQ(decodeErrorOf("!compress.tensor<1x3xf32, #compress.sparse<nm = "
                          "[2, 3], values = f32>>",
                          {{"values", {1, 2}}, {"positions", {0, 3}}}),
            "'positions' entry 1 is 3, outside 0..2");
}

TEST_F(DecodeErrorsTest, NMErrorNamesTheNestedRole) {
  EXPECT_EQ(decodeErrorOf("!compress.tensor<1x4xf32, #compress.sum<f32, "
                          "#compress.sparse<nm = [2, 4], values = f32>>>",
                          {{"term0", {0, 0, 0, 0}},
                           {"term1.values", {1, 2}},
                           {"term1.positions", {3, 0}}}),
            "'term1.positions' must increase within each group of 4 (entry "
            "1)");
}

//===----------------------------------------------------------------------===//
// CSR
//===----------------------------------------------------------------------===//

TEST_F(DecodeErrorsTest, CSRRowPointerNotStartingAtZero) {
  EXPECT_EQ(decodeErrorOf(kCSR, {{"values", {1, 2, 3}},
                                 {"row_ptr", {1, 1, 2, 3}},
                                 {"col_indices", {0, 1, 2}}}),
            "'row_ptr' must start at 0 and end at 3, found 1 and 3");
}

TEST_F(DecodeErrorsTest, CSRRowPointerNotEndingAtNnz) {
  EXPECT_EQ(decodeErrorOf(kCSR, {{"values", {1, 2, 3}},
                                 {"row_ptr", {0, 1, 2, 2}},
                                 {"col_indices", {0, 1, 2}}}),
            "'row_ptr' must start at 0 and end at 3, found 0 and 2");
}

TEST_F(DecodeErrorsTest, CSRRowPointerDecreasing) {
  EXPECT_EQ(decodeErrorOf(kCSR, {{"values", {1, 2, 3}},
                                 {"row_ptr", {0, 2, 1, 3}},
                                 {"col_indices", {0, 1, 2}}}),
            "'row_ptr' decreases at entry 2");
}

TEST_F(DecodeErrorsTest, CSRColumnOutOfRange) {
  EXPECT_EQ(decodeErrorOf(kCSR, {{"values", {1, 2, 3}},
                                 {"row_ptr", {0, 1, 2, 3}},
                                 {"col_indices", {0, 3, 2}}}),
            "'col_indices' entry 1 is 3, outside 0..2");
}

TEST_F(DecodeErrorsTest, CSRNegativeColumn) {
  EXPECT_EQ(decodeErrorOf(kCSR, {{"values", {1, 2, 3}},
                                 {"row_ptr", {0, 1, 2, 3}},
                                 {"col_indices", {-1, 0, 0}}}),
            "'col_indices' entry 0 is -1, outside 0..2");
}

TEST_F(DecodeErrorsTest, CSRColumnsNotIncreasing) {
  // Row 1 holds entries 1 and 2 with columns 2 then 1.
  EXPECT_EQ(decodeErrorOf(kCSR, {{"values", {1, 2, 3}},
                                 {"row_ptr", {0, 1, 3, 3}},
                                 {"col_indices", {0, 2, 1}}}),
            "'col_indices' must increase within row 1 (entry 2)");
}

TEST_F(DecodeErrorsTest, CSRRepeatedColumn) {
  EXPECT_EQ(decodeErrorOf(kCSR, {{"values", {1, 2, 3}},
                                 {"row_ptr", {0, 3, 3, 3}},
                                 {"col_indices", {0, 1, 1}}}),
            "'col_indices' must increase within row 0 (entry 2)");
}

TEST_F(DecodeErrorsTest, CSRColumnsMayRestartInTheNextRow) {
  // Not an error: each row starts afresh.
  CompressedTensorType type = typeOf(kCSR);
  ASSERT_TRUE(type);
  EXPECT_EQ(valueOf(encoding::decode(type, {{"values", {1, 2, 3}},
                                            {"row_ptr", {0, 1, 2, 3}},
                                            {"col_indices", {2, 1, 0}}})),
            (Values{0, 0, 1, 0, 2, 0, 3, 0, 0}));
}

//===----------------------------------------------------------------------===//
// Blocks, bitmap, permutation
//===----------------------------------------------------------------------===//

TEST_F(DecodeErrorsTest, BlockRowPointerNotStartingAtZero) {
  EXPECT_EQ(decodeErrorOf(kBlocks, {{"values", Values(8, 1)},
                                    {"block_row_ptr", {1, 1, 2}},
                                    {"block_col_indices", {0, 1}}}),
            "'block_row_ptr' must start at 0 and end at 2, found 1 and 2");
}

TEST_F(DecodeErrorsTest, BlockRowPointerDecreasing) {
  EXPECT_EQ(decodeErrorOf(kBlocks, {{"values", Values(8, 1)},
                                    {"block_row_ptr", {0, 3, 2}},
                                    {"block_col_indices", {0, 1}}}),
            "'block_row_ptr' decreases at entry 2");
}

TEST_F(DecodeErrorsTest, BlockColumnOutOfRange) {
  // 4 columns in blocks of 2: block columns 0..1.
  EXPECT_EQ(decodeErrorOf(kBlocks, {{"values", Values(8, 1)},
                                    {"block_row_ptr", {0, 1, 2}},
                                    {"block_col_indices", {0, 2}}}),
            "'block_col_indices' entry 1 is 2, outside 0..1");
}

TEST_F(DecodeErrorsTest, BlockColumnsNotIncreasing) {
  EXPECT_EQ(decodeErrorOf(kBlocks, {{"values", Values(8, 1)},
                                    {"block_row_ptr", {0, 2, 2}},
                                    {"block_col_indices", {1, 0}}}),
            "'block_col_indices' must increase within row 0 (entry 1)");
}

TEST_F(DecodeErrorsTest, BitmapSetsTooFewBits) {
  EXPECT_EQ(
      decodeErrorOf("!compress.tensor<2x3xf32, #compress.sparse<"
                    "bitmap, nnz = 3, values = f32>>",
                    {{"values", {1, 2, 3}}, {"mask", {1, 0, 0, 0, 0, 1}}}),
      "'mask' sets 2 bits, but nnz = 3");
}

TEST_F(DecodeErrorsTest, BitmapSetsTooManyBits) {
  EXPECT_EQ(
      decodeErrorOf("!compress.tensor<2x3xf32, #compress.sparse<"
                    "bitmap, nnz = 3, values = f32>>",
                    {{"values", {1, 2, 3}}, {"mask", {1, 1, 0, 1, 1, 1}}}),
      "'mask' sets more than nnz = 3 bits");
}

TEST_F(DecodeErrorsTest, PermutationWithRepeatedIndex) {
  EXPECT_EQ(decodeErrorOf("!compress.tensor<2x3xf32, #compress.permuted<axis "
                          "= 1, body = f32>>",
                          {{"perm", {0, 2, 0}}, {"body", Values(6, 1)}}),
            "'perm' is not a permutation of 0..2: entry 2 is 0");
}

TEST_F(DecodeErrorsTest, PermutationOutOfRange) {
  EXPECT_EQ(decodeErrorOf("!compress.tensor<3x2xf32, #compress.permuted<axis "
                          "= 0, body = f32>>",
                          {{"perm", {0, 3, 1}}, {"body", Values(6, 1)}}),
            "'perm' is not a permutation of 0..2: entry 1 is 3");
  EXPECT_EQ(decodeErrorOf("!compress.tensor<3x2xf32, #compress.permuted<axis "
                          "= 0, body = f32>>",
                          {{"perm", {-1, 0, 1}}, {"body", Values(6, 1)}}),
            "'perm' is not a permutation of 0..2: entry 0 is -1");
}

//===----------------------------------------------------------------------===//
// Values that could not have been stored
//===----------------------------------------------------------------------===//

TEST_F(DecodeErrorsTest, MissingRole) {
  EXPECT_EQ(decodeErrorOf("!compress.tensor<2x2xf32, #compress.uniform<bits "
                          "= 4, scale = f32>>",
                          {{"codes", {1, 2, 3, 4}}}),
            "no values for storage 'scales'");
}

TEST_F(DecodeErrorsTest, WrongValueCount) {
  // Without the check the decoder would read past the 3 codes.
  EXPECT_EQ(decodeErrorOf("!compress.tensor<2x2xf32, #compress.uniform<bits "
                          "= 4, scale = f32>>",
                          {{"codes", {1, 2, 3}}, {"scales", {1}}}),
            "'codes' needs 4 values, got 3");
}

TEST_F(DecodeErrorsTest, LutIndexOutOfRange) {
  // A 2-bit index cannot be 4 (the codebook has 4 entries).
  EXPECT_EQ(decodeErrorOf("!compress.tensor<1x2xf32, #compress.lut<bits = 2, "
                          "codebook = f32>>",
                          {{"indices", {0, 4}}, {"codebook", {1, 2, 3, 4}}}),
            "value 4 at index 1 of 'indices' is not an integer in [0, 3]");
}

TEST_F(DecodeErrorsTest, NegativeNMPosition) {
  EXPECT_EQ(decodeErrorOf(k2To4, {{"values", {1, 2, 3, 4}},
                                  {"positions", {-1, 3, 0, 1}}}),
            "value -1 at index 0 of 'positions' is not an integer in [0, 3]");
}

TEST_F(DecodeErrorsTest, NonIntegerRowPointer) {
  EXPECT_EQ(decodeErrorOf(kCSR, {{"values", {1, 2, 3}},
                                 {"row_ptr", {0, 1.5, 2, 3}},
                                 {"col_indices", {0, 1, 2}}}),
            "value 1.5 at index 1 of 'row_ptr' is not an integer in "
            "[-2147483648, 2147483647]");
}

} // namespace
