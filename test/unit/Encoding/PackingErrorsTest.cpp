//===- PackingErrorsTest.cpp - Values the packer refuses ------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Every refusal carries a message that names the storage role, the index and
// the allowed range.
//
//===----------------------------------------------------------------------===//

#include "lib/Encoding/Packing.h"
#include "test/unit/Encoding/EncodingTestSupport.h"

#include <cmath>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::testing;
using encoding::StorageSpec;

namespace {

class PackingErrorsTest : public EncodingTest {
protected:
  StorageSpec threeBitUnsigned() {
    return specOf("!compress.tensor<1x8xf32, #compress.uniform<bits = 3, "
                  "unsigned, scale = f32>>",
                  "codes");
  }
};

TEST_F(PackingErrorsTest, CodeAboveRange) {
  EXPECT_EQ(errorOf(encoding::packField(threeBitUnsigned(),
                                        Values{0, 1, 8, 0, 0, 0, 0, 0})),
            "value 8 at index 2 of 'codes' is not an integer in [0, 7]");
}

TEST_F(PackingErrorsTest, NegativeUnsignedCode) {
  EXPECT_EQ(errorOf(encoding::packField(threeBitUnsigned(),
                                        Values{0, 0, 0, 0, 0, 0, 0, -1})),
            "value -1 at index 7 of 'codes' is not an integer in [0, 7]");
}

TEST_F(PackingErrorsTest, SignedCodeBelowRange) {
  StorageSpec spec = specOf(
      "!compress.tensor<1x3xf32, #compress.uniform<bits = 3, scale = f32>>",
      "codes");
  EXPECT_EQ(errorOf(encoding::packField(spec, Values{-5, 0, 0})),
            "value -5 at index 0 of 'codes' is not an integer in [-4, 3]");
}

TEST_F(PackingErrorsTest, NonIntegerCode) {
  EXPECT_EQ(errorOf(encoding::packField(threeBitUnsigned(),
                                        Values{1.5, 0, 0, 0, 0, 0, 0, 0})),
            "value 1.5 at index 0 of 'codes' is not an integer in [0, 7]");
}

TEST_F(PackingErrorsTest, TinyNonIntegerIsPrintedExactly) {
  // Printed with enough digits to tell it from 0.
  EXPECT_EQ(errorOf(encoding::packField(threeBitUnsigned(),
                                        Values{0, 1e-9, 0, 0, 0, 0, 0, 0})),
            "value 1e-09 at index 1 of 'codes' is not an integer in [0, 7]");
  EXPECT_EQ(errorOf(encoding::packField(threeBitUnsigned(),
                                        Values{0, 0, 3.1, 0, 0, 0, 0, 0})),
            "value 3.1 at index 2 of 'codes' is not an integer in [0, 7]");
}

TEST_F(PackingErrorsTest, NaNAndInfinityCodes) {
  EXPECT_EQ(errorOf(encoding::packField(threeBitUnsigned(),
                                        Values{NAN, 0, 0, 0, 0, 0, 0, 0})),
            "value nan at index 0 of 'codes' is not an integer in [0, 7]");
  EXPECT_EQ(errorOf(encoding::packField(threeBitUnsigned(),
                                        Values{0, 0, 0, 0, 0, 0, 0, INFINITY})),
            "value inf at index 7 of 'codes' is not an integer in [0, 7]");
}

TEST_F(PackingErrorsTest, NestedRoleInMessage) {
  StorageSpec spec = specOf(
      "!compress.tensor<2x8xf16, #compress.uniform<bits = 4, block = [1, "
      "4], scale = #compress.uniform<bits = 6, unsigned, scale = f16>>>",
      "scales.codes");
  EXPECT_EQ(errorOf(encoding::packField(spec, Values{1, 2, 64, 3})),
            "value 64 at index 2 of 'scales.codes' is not an integer in [0, "
            "63]");
}

TEST_F(PackingErrorsTest, IndexOutOfI16) {
  StorageSpec spec = specOf("!compress.tensor<3x4xf32, #compress.sparse<csr, "
                            "nnz = 2, index = i16, values = f32>>",
                            "row_ptr");
  EXPECT_EQ(errorOf(encoding::packField(spec, Values{0, 32768, 1, 2})),
            "value 32768 at index 1 of 'row_ptr' is not an integer in "
            "[-32768, 32767]");
}

TEST_F(PackingErrorsTest, NonIntegerI32Index) {
  StorageSpec spec = specOf("!compress.tensor<2x4xf32, #compress.sparse<csr, "
                            "nnz = 2, values = f32>>",
                            "col_indices");
  EXPECT_EQ(errorOf(encoding::packField(spec, Values{0, 0.5})),
            "value 0.5 at index 1 of 'col_indices' is not an integer in "
            "[-2147483648, 2147483647]");
}

TEST_F(PackingErrorsTest, WrongValueCount) {
  EXPECT_EQ(errorOf(encoding::packField(threeBitUnsigned(),
                                        Values{1, 2, 3, 4, 5, 6, 7})),
            "'codes' needs 8 values, got 7");
  StorageSpec scales = specOf(
      "!compress.tensor<1x8xf32, #compress.uniform<bits = 3, scale = f16>>",
      "scales");
  EXPECT_EQ(errorOf(encoding::packField(scales, Values{1, 2})),
            "'scales' needs 1 values, got 2");
}

TEST_F(PackingErrorsTest, WrongByteCount) {
  // 8 codes of 3 bits take 3 bytes.
  EXPECT_EQ(
      errorOf(encoding::unpackField(threeBitUnsigned(), Bytes{0xD1, 0x58})),
      "'codes' holds 2 bytes, expected 3");
  StorageSpec spec = specOf("!compress.tensor<2x4xf32, #compress.sparse<csr, "
                            "nnz = 2, values = f32>>",
                            "row_ptr");
  // 3 i32 row pointers take 12 bytes.
  EXPECT_EQ(errorOf(encoding::unpackField(spec, Bytes(13, 0))),
            "'row_ptr' holds 13 bytes, expected 12");
}

TEST_F(PackingErrorsTest, NaNInF4E2M1FN) {
  StorageSpec spec =
      specOf("!compress.tensor<1x2xf32, #compress.float<f4E2M1FN>>", "codes");
  // Without the check, APFloat writes the bits of 0.
  EXPECT_EQ(errorOf(encoding::packField(spec, Values{1.0, NAN})),
            "value nan at index 1 of 'codes' cannot be stored: f4E2M1FN has "
            "no NaN");
}

TEST_F(PackingErrorsTest, InfinityInF6) {
  StorageSpec spec =
      specOf("!compress.tensor<1x2xf32, #compress.float<f6E2M3FN>>", "codes");
  EXPECT_EQ(errorOf(encoding::packField(spec, Values{-INFINITY, 1.0})),
            "value -inf at index 0 of 'codes' cannot be stored: f6E2M3FN has "
            "neither infinities nor NaN");
}

TEST_F(PackingErrorsTest, ZeroInF8E8M0FNU) {
  StorageSpec spec = specOf(
      "!compress.tensor<1x2xf32, #compress.float<f4E2M1FN, per_axis = 1, "
      "scale = f8E8M0FNU>>",
      "scales");
  // Without the check, APFloat writes 0x00, which is 2^-127.
  EXPECT_EQ(errorOf(encoding::packField(spec, Values{1.0, 0.0})),
            "value 0 at index 1 of 'scales' cannot be stored: f8E8M0FNU has "
            "no zero");
}

TEST_F(PackingErrorsTest, NegativeInF8E8M0FNU) {
  StorageSpec spec = specOf(
      "!compress.tensor<1x3xf32, #compress.float<f4E2M1FN, per_axis = 1, "
      "scale = f8E8M0FNU>>",
      "scales");
  // Without the check, APFloat drops the sign: -2 is stored as 2 and -0.5
  // as 2^127.
  EXPECT_EQ(errorOf(encoding::packField(spec, Values{4.0, -2.0, 0.5})),
            "value -2 at index 1 of 'scales' cannot be stored: f8E8M0FNU has "
            "no negative values");
  EXPECT_EQ(errorOf(encoding::checkFieldValues(spec, Values{4.0, 2.0, -0.5})),
            "value -0.5 at index 2 of 'scales' cannot be stored: f8E8M0FNU "
            "has no negative values");
  EXPECT_EQ(errorOf(encoding::packField(spec, Values{-INFINITY, 1.0, 1.0})),
            "value -inf at index 0 of 'scales' cannot be stored: f8E8M0FNU "
            "has no negative values");
  // Positive values and the NaN are stored.
  Bytes bytes = valueOf(encoding::packField(spec, Values{4.0, 0.5, NAN}));
  EXPECT_EQ(bytes, (Bytes{0x81, 0x7E, 0xFF}));
}

TEST_F(PackingErrorsTest, CheckFieldValuesMatchesPackField) {
  StorageSpec spec = threeBitUnsigned();
  EXPECT_FALSE(static_cast<bool>(
      encoding::checkFieldValues(spec, Values{0, 1, 2, 3, 4, 5, 6, 7})));
  EXPECT_EQ(
      errorOf(encoding::checkFieldValues(spec, Values{0, 1, 2, 3, 4, 5, 6, 9})),
      "value 9 at index 7 of 'codes' is not an integer in [0, 7]");
  EXPECT_EQ(errorOf(encoding::checkFieldValues(spec, Values{0})),
            "'codes' needs 8 values, got 1");
}

TEST_F(PackingErrorsTest, MissingRoleInPackStorage) {
  encoding::Layout layout = layoutOf(
      "!compress.tensor<1x4xf32, #compress.uniform<bits = 4, unsigned, scale "
      "= f16, zero_point = ui4>>");
  encoding::FieldValues values{{"codes", {1, 2, 3, 4}}, {"zero_points", {8}}};
  EXPECT_EQ(errorOf(encoding::packStorage(layout, values)),
            "no values for storage 'scales'");
}

TEST_F(PackingErrorsTest, BadValueInPackStorage) {
  encoding::Layout layout = layoutOf(
      "!compress.tensor<1x4xf32, #compress.uniform<bits = 4, unsigned, scale "
      "= f16, zero_point = ui4>>");
  encoding::FieldValues values{
      {"codes", {1, 2, 3, 4}}, {"scales", {0.5}}, {"zero_points", {16}}};
  EXPECT_EQ(errorOf(encoding::packStorage(layout, values)),
            "value 16 at index 0 of 'zero_points' is not an integer in [0, "
            "15]");
}

TEST_F(PackingErrorsTest, MissingRoleInUnpackStorage) {
  encoding::Layout layout = layoutOf(
      "!compress.tensor<1x4xf32, #compress.uniform<bits = 4, unsigned, scale "
      "= f16, zero_point = ui4>>");
  encoding::StorageBytes bytes;
  bytes["codes"] = {0x21, 0x43};
  bytes["scales"] = {0x00, 0x38};
  EXPECT_EQ(errorOf(encoding::unpackStorage(layout, bytes)),
            "no bytes for storage 'zero_points'");
  bytes["zero_points"] = {0x08, 0x00};
  EXPECT_EQ(errorOf(encoding::unpackStorage(layout, bytes)),
            "'zero_points' holds 2 bytes, expected 1");
}

} // namespace
