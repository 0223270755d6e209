//===- PackingTest.cpp - Bytes written by the reference packer ------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Hand-computed byte patterns: value j of a packed row occupies bits
// [j * b, (j + 1) * b) of the row, least significant bit first. A packed row
// is the smallest block of trailing dimensions whose values fill whole bytes,
// or the whole field (then padded at its end only), so the bytes of a field
// are its values packed one after the other in row-major order; the rows
// only decide the storage shape. Plain values are little-endian. Every
// pattern is checked both ways (pack and unpack).
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

class PackingTest : public EncodingTest {
protected:
  /// packField(values) == bytes and unpackField(bytes) == values.
  void expectPacks(const StorageSpec &spec, const Values &values,
                   const Bytes &bytes) {
    SCOPED_TRACE(spec.role);
    EXPECT_EQ(valueOf(encoding::packField(spec, values)), bytes);
    EXPECT_EQ(valueOf(encoding::unpackField(spec, bytes)), values);
  }
  /// Only the packing direction (the values are rounded or saturated).
  void expectPacksTo(const StorageSpec &spec, const Values &values,
                     const Bytes &bytes) {
    SCOPED_TRACE(spec.role);
    EXPECT_EQ(valueOf(encoding::packField(spec, values)), bytes);
  }
};

//===----------------------------------------------------------------------===//
// Packed integers
//===----------------------------------------------------------------------===//

TEST_F(PackingTest, ThreeBitUnsignedRow) {
  StorageSpec spec = specOf("!compress.tensor<1x8xf32, #compress.uniform<"
                            "bits = 3, unsigned, scale = f32>>",
                            "codes");
  // sum v_j << 3j = 1 + 2<<3 + 3<<6 + 4<<9 + 5<<12 + 6<<15 + 7<<18 + 0<<21
  //               = 0x1F58D1 -> bytes D1 58 1F.
  expectPacks(spec, {1, 2, 3, 4, 5, 6, 7, 0}, {0xD1, 0x58, 0x1F});
}

TEST_F(PackingTest, ThreeBitSignedTwosComplementPaddedRow) {
  StorageSpec spec = specOf(
      "!compress.tensor<1x3xf32, #compress.uniform<bits = 3, scale = f32>>",
      "codes");
  // -4 -> 0b100, -1 -> 0b111, 3 -> 0b011:
  // 4 + 7<<3 + 3<<6 = 252 = 0xFC; 9 bits -> 2 bytes, bit 8 is 0.
  expectPacks(spec, {-4, -1, 3}, {0xFC, 0x00});
}

TEST_F(PackingTest, FourBitLowNibbleFirst) {
  StorageSpec spec = specOf("!compress.tensor<1x5xf32, #compress.uniform<"
                            "bits = 4, unsigned, scale = f32>>",
                            "codes");
  // (1, 2) -> 0x21, (3, 4) -> 0x43, (15, pad) -> 0x0F.
  expectPacks(spec, {1, 2, 3, 4, 15}, {0x21, 0x43, 0x0F});
}

TEST_F(PackingTest, FourBitSigned) {
  StorageSpec spec = specOf(
      "!compress.tensor<1x4xf32, #compress.uniform<bits = 4, scale = f32>>",
      "codes");
  // -8 -> 0x8, 7 -> 0x7, -1 -> 0xF, 0 -> 0x0.
  expectPacks(spec, {-8, 7, -1, 0}, {0x78, 0x0F});
}

TEST_F(PackingTest, FourBitRowsAreMergedNotPadded) {
  StorageSpec spec = specOf("!compress.tensor<2x3xf32, #compress.uniform<"
                            "bits = 4, unsigned, scale = f32>>",
                            "codes");
  // A row of 3 nibbles (12 bits) is not whole bytes; both rows are one
  // packed row of 6 nibbles = 3 bytes: value 3 and value 4 share a byte.
  EXPECT_EQ(spec.valuesPerPackedRow, 6);
  EXPECT_EQ(str(spec.getStorageType()), "tensor<3xi8>");
  expectPacks(spec, {1, 2, 3, 4, 5, 6}, {0x21, 0x43, 0x65});
}

TEST_F(PackingTest, FourBitWholeFieldPaddedOnlyAtItsEnd) {
  StorageSpec spec = specOf("!compress.tensor<3x3xf32, #compress.uniform<"
                            "bits = 4, unsigned, scale = f32>>",
                            "codes");
  // 3 nibbles (12 bits), 9 nibbles (36 bits): never whole bytes, so the
  // field is one row of 5 bytes whose last high nibble is padding (a byte
  // per row would take 6).
  EXPECT_EQ(str(spec.getStorageType()), "tensor<5xi8>");
  expectPacks(spec, {1, 2, 3, 4, 5, 6, 7, 8, 9},
              {0x21, 0x43, 0x65, 0x87, 0x09});
  // The padding nibble is ignored when unpacking.
  EXPECT_EQ(
      valueOf(encoding::unpackField(spec, Bytes{0x21, 0x43, 0x65, 0x87, 0xF9})),
      (Values{1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST_F(PackingTest, FourBitRank3MergesTwoDims) {
  StorageSpec spec = specOf("!compress.tensor<2x2x3xf32, #compress.uniform<"
                            "bits = 4, unsigned, scale = f32>>",
                            "codes");
  // 3 nibbles = 12 bits, 2 x 3 nibbles = 24 bits = 3 bytes: two packed rows
  // of 6 values (storage [2, 3]); the second starts at byte 3.
  EXPECT_EQ(spec.valuesPerPackedRow, 6);
  EXPECT_EQ(str(spec.getStorageType()), "tensor<2x3xi8>");
  expectPacks(spec, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
              {0x21, 0x43, 0x65, 0x87, 0xA9, 0xCB});
}

TEST_F(PackingTest, FourBitConvFilters) {
  StorageSpec spec = specOf("!compress.tensor<2x2x3x3xf32, #compress.uniform<"
                            "bits = 4, unsigned, per_axis = 0, scale = f32>>",
                            "codes");
  // 3 (12 bits), 9 (36 bits), 2 x 3 x 3 = 18 nibbles = 9 bytes: one packed
  // row per filter, storage [2, 9].
  EXPECT_EQ(spec.valuesPerPackedRow, 18);
  EXPECT_EQ(str(spec.getStorageType()), "tensor<2x9xi8>");
  // Value i is i mod 16. Filter 0 (values 0..17): 0x10 0x32 ... 0xFE, then
  // (0, 1) -> 0x10. Filter 1 (values 18..35 = 2..15, 0..3): (2, 3) -> 0x32
  // ... (14, 15) -> 0xFE, then 0x10, 0x32.
  Values values;
  for (int i = 0; i < 36; ++i)
    values.push_back(i % 16);
  expectPacks(spec, values,
              {0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE, 0x10, //
               0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE, 0x10, 0x32});
}

TEST_F(PackingTest, FiveBitSigned) {
  StorageSpec spec = specOf(
      "!compress.tensor<1x3xf32, #compress.uniform<bits = 5, scale = f32>>",
      "codes");
  // -16 -> 16, 15 -> 15, -3 -> 29: 16 + 15<<5 + 29<<10 = 0x75F0 (15 bits).
  expectPacks(spec, {-16, 15, -3}, {0xF0, 0x75});
}

TEST_F(PackingTest, SixBitUnsigned) {
  StorageSpec spec = specOf("!compress.tensor<1x4xf32, #compress.uniform<"
                            "bits = 6, unsigned, scale = f32>>",
                            "codes");
  // 63 + 1<<6 + 32<<12 + 5<<18 = 0x16007F.
  expectPacks(spec, {63, 1, 32, 5}, {0x7F, 0x00, 0x16});
}

TEST_F(PackingTest, SixBitSignedRowsShareABytePaddedAtTheEnd) {
  StorageSpec spec = specOf(
      "!compress.tensor<2x3xf32, #compress.uniform<bits = 6, scale = f32>>",
      "codes");
  // 18 bits per row is not whole bytes: one row of 36 bits -> 5 bytes, the
  // second row starting at bit 18.
  // -1 -> 63, 0, 1, -32 -> 32, 31, -2 -> 62 at bits 0, 6, 12, 18, 24, 30:
  // 0x3F + 1<<12 + 32<<18 + 31<<24 + 62<<30
  // = 0x3F + 0x1000 + 0x800000 + 0x1F000000 + 0xF80000000 = 0xF9F80103F;
  // bits 36..39 are padding.
  EXPECT_EQ(str(spec.getStorageType()), "tensor<5xi8>");
  expectPacks(spec, {-1, 0, 1, -32, 31, -2}, {0x3F, 0x10, 0x80, 0x9F, 0x0F});
}

TEST_F(PackingTest, EightBitSigned) {
  StorageSpec spec = specOf(
      "!compress.tensor<1x4xf32, #compress.uniform<bits = 8, scale = f32>>",
      "codes");
  expectPacks(spec, {-128, -1, 0, 127}, {0x80, 0xFF, 0x00, 0x7F});
}

TEST_F(PackingTest, SixteenBitZeroPointsAreLittleEndian) {
  StorageSpec spec = specOf(
      "!compress.tensor<1x2xf32, #compress.uniform<bits = 8, per_axis = 1, "
      "scale = f32, zero_point = i16>>",
      "zero_points");
  // -2 -> 0xFFFE, 4660 = 0x1234; bits LSB first = little-endian bytes.
  expectPacks(spec, {-2, 4660}, {0xFE, 0xFF, 0x34, 0x12});
}

TEST_F(PackingTest, SixteenBitLutIndices) {
  StorageSpec spec = specOf("!compress.tensor<1x2xf32, #compress.lut<bits = "
                            "16, codebook = f16>>",
                            "indices");
  expectPacks(spec, {65535, 1}, {0xFF, 0xFF, 0x01, 0x00});
}

TEST_F(PackingTest, TwoBitNMPositions) {
  StorageSpec spec = specOf("!compress.tensor<1x8xf16, #compress.sparse<nm = "
                            "[2, 4], values = f16>>",
                            "positions");
  // 0 + 3<<2 + 1<<4 + 2<<6 = 156 = 0x9C.
  expectPacks(spec, {0, 3, 1, 2}, {0x9C});
}

TEST_F(PackingTest, OneBitMask) {
  StorageSpec spec = specOf("!compress.tensor<2x10xf32, #compress.sparse<"
                            "bitmap, nnz = 6, values = f32>>",
                            "mask");
  // 10 bits per row is not whole bytes: one row of 20 bits -> 3 bytes.
  // Row 0 sets bits 0, 2, 3 | 8, 9 -> 0x0D 0x03; row 1 starts at bit 10 and
  // sets its bit 9 = bit 19 = bit 3 of byte 2 -> 0x08.
  EXPECT_EQ(str(spec.getStorageType()), "tensor<3xi8>");
  expectPacks(spec, {1, 0, 1, 1, 0, 0, 0, 0, 1, 1, //
                     0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
              {0x0D, 0x03, 0x08});
}

TEST_F(PackingTest, UnpackIgnoresPaddingBits) {
  StorageSpec spec = specOf("!compress.tensor<1x7xf32, #compress.sparse<"
                            "bitmap, nnz = 7, values = f32>>",
                            "mask");
  // Bit 7 of the field is padding: read as if clear, and packed clear.
  EXPECT_EQ(valueOf(encoding::unpackField(spec, Bytes{0xFF})),
            (Values{1, 1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(valueOf(encoding::packField(spec, Values{1, 1, 1, 1, 1, 1, 1})),
            (Bytes{0x7F}));
}

//===----------------------------------------------------------------------===//
// Plain values
//===----------------------------------------------------------------------===//

TEST_F(PackingTest, F16LittleEndian) {
  StorageSpec spec = specOf("!compress.tensor<1x4xf32, #compress.uniform<"
                            "bits = 8, per_axis = 1, scale = f16>>",
                            "scales");
  // 1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800, 65504 = 0x7BFF.
  expectPacks(spec, {1.0, -2.0, 0.5, 65504.0},
              {0x00, 0x3C, 0x00, 0xC0, 0x00, 0x38, 0xFF, 0x7B});
}

TEST_F(PackingTest, F16RoundsToNearestEven) {
  StorageSpec spec = specOf("!compress.tensor<1x2xf32, #compress.uniform<"
                            "bits = 8, per_axis = 1, scale = f16>>",
                            "scales");
  // f16 has 10 fraction bits. 1 + 2^-11 is halfway between 0x3C00 and
  // 0x3C01: ties to the even 0x3C00. 1 + 3 * 2^-11 is halfway between 0x3C01
  // and 0x3C02: ties to the even 0x3C02.
  expectPacksTo(spec,
                {1.0 + std::ldexp(1.0, -11), 1.0 + 3 * std::ldexp(1.0, -11)},
                {0x00, 0x3C, 0x02, 0x3C});
}

TEST_F(PackingTest, BF16LittleEndianAndRounding) {
  StorageSpec spec = specOf("!compress.tensor<1x4xf32, #compress.uniform<"
                            "bits = 8, per_axis = 1, scale = bf16>>",
                            "scales");
  // 1.0 = 0x3F80, -3.0 = 0xC040.
  expectPacks(spec, {1.0, -3.0, 1.0, 1.0},
              {0x80, 0x3F, 0x40, 0xC0, 0x80, 0x3F, 0x80, 0x3F});
  // 7 fraction bits: 1 + 2^-8 ties to 0x3F80, 1 + 3 * 2^-8 ties to 0x3F82.
  expectPacksTo(
      spec,
      {1.0 + std::ldexp(1.0, -8), 1.0 + 3 * std::ldexp(1.0, -8), 0.0, -0.0},
      {0x80, 0x3F, 0x82, 0x3F, 0x00, 0x00, 0x00, 0x80});
}

TEST_F(PackingTest, F32LittleEndian) {
  StorageSpec spec = specOf("!compress.tensor<1x2xf32, #compress.uniform<"
                            "bits = 8, per_axis = 1, scale = f32>>",
                            "scales");
  // 1.0 = 0x3F800000, -0.75 = 0xBF400000.
  expectPacks(spec, {1.0, -0.75},
              {0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x40, 0xBF});
}

TEST_F(PackingTest, F8E8M0FNUScales) {
  StorageSpec spec = specOf(
      "!compress.tensor<1x5xf32, #compress.float<f4E2M1FN, per_axis = 1, "
      "scale = f8E8M0FNU>>",
      "scales");
  // A biased exponent (bias 127): 2^0 = 0x7F, 2^-2 = 0x7D, 2^3 = 0x82,
  // 2^-127 = 0x00, 2^127 = 0xFE.
  expectPacks(spec,
              {1.0, 0.25, 8.0, std::ldexp(1.0, -127), std::ldexp(1.0, 127)},
              {0x7F, 0x7D, 0x82, 0x00, 0xFE});
}

TEST_F(PackingTest, F8E8M0FNUNaN) {
  StorageSpec spec = specOf(
      "!compress.tensor<1x1xf32, #compress.float<f4E2M1FN, per_axis = 1, "
      "scale = f8E8M0FNU>>",
      "scales");
  EXPECT_EQ(valueOf(encoding::packField(spec, Values{NAN})), (Bytes{0xFF}));
  Values values = valueOf(encoding::unpackField(spec, Bytes{0xFF}));
  ASSERT_EQ(values.size(), 1u);
  EXPECT_TRUE(std::isnan(values[0]));
}

TEST_F(PackingTest, F8E4M3FNPlainScales) {
  StorageSpec spec = specOf(
      "!compress.tensor<1x5xf32, #compress.float<f4E2M1FN, per_axis = 1, "
      "scale = f8E4M3FN>>",
      "scales");
  EXPECT_EQ(str(spec.storageElementType), "f8E4M3FN");
  // Bias 7: 1.0 = 0 0111 000 = 0x38, 448 = 0 1111 110 = 0x7E,
  // -2 = 1 1000 000 = 0xC0, 0.5 = 0 0110 000 = 0x30, 2^-9 = subnormal 0x01.
  expectPacks(spec, {1.0, 448.0, -2.0, 0.5, std::ldexp(1.0, -9)},
              {0x38, 0x7E, 0xC0, 0x30, 0x01});
}

TEST_F(PackingTest, F8E4M3FNInfinityBecomesNaN) {
  StorageSpec spec = specOf(
      "!compress.tensor<1x1xf32, #compress.float<f4E2M1FN, per_axis = 1, "
      "scale = f8E4M3FN>>",
      "scales");
  // f8E4M3FN has no infinity; its NaN is 0x7F.
  expectPacksTo(spec, {INFINITY}, {0x7F});
}

TEST_F(PackingTest, F8E5M2PlainScales) {
  StorageSpec spec = specOf(
      "!compress.tensor<1x4xf32, #compress.float<f4E2M1FN, per_axis = 1, "
      "scale = f8E5M2>>",
      "scales");
  // Bias 15: 1.0 = 0 01111 00 = 0x3C, -1.5 = 1 01111 10 = 0xBE,
  // 57344 = 0 11110 11 = 0x7B (the largest), inf = 0x7C.
  expectPacks(spec, {1.0, -1.5, 57344.0, INFINITY}, {0x3C, 0xBE, 0x7B, 0x7C});
}

//===----------------------------------------------------------------------===//
// Packed small floats
//===----------------------------------------------------------------------===//

TEST_F(PackingTest, F4E2M1FNCodes) {
  StorageSpec spec =
      specOf("!compress.tensor<1x6xf32, #compress.float<f4E2M1FN>>", "codes");
  // 1.0 -> 0b0010, -0.5 -> 0b1001, 6.0 -> 0b0111, 0 -> 0, -6 -> 0b1111,
  // 1.5 -> 0b0011; two codes per byte, low nibble first.
  expectPacks(spec, {1.0, -0.5, 6.0, 0.0, -6.0, 1.5}, {0x92, 0x07, 0x3F});
}

TEST_F(PackingTest, F4E2M1FNEveryCode) {
  StorageSpec spec =
      specOf("!compress.tensor<1x16xf32, #compress.float<f4E2M1FN>>", "codes");
  // Codes 0..15 in order: 0 0.5 1 1.5 2 3 4 6 and their negatives.
  expectPacks(spec,
              {0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, //
               -0.0, -0.5, -1.0, -1.5, -2.0, -3.0, -4.0, -6.0},
              {0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE});
  // -0.0 == 0.0 for EXPECT_EQ, so check that code 8 keeps its sign.
  Values values = valueOf(encoding::unpackField(
      spec, Bytes{0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE}));
  ASSERT_EQ(values.size(), 16u);
  EXPECT_TRUE(std::signbit(values[8]));
  EXPECT_FALSE(std::signbit(values[0]));
}

TEST_F(PackingTest, F4E2M1FNRoundsTiesToEvenAndSaturates) {
  StorageSpec spec =
      specOf("!compress.tensor<1x6xf32, #compress.float<f4E2M1FN>>", "codes");
  // 2.5 is halfway between 2 (0b100) and 3 (0b101): 2 -> code 4.
  // 5.0 is halfway between 4 (0b110) and 6 (0b111): 4 -> code 6.
  // 0.25 is halfway between 0 and 0.5: 0 -> code 0.
  // 0.75 is halfway between 0.5 (0b001) and 1 (0b010): 1 -> code 2.
  // 100 is above the largest value: 6 -> code 7. -0.0 -> code 8.
  expectPacksTo(spec, {2.5, 5.0, 0.25, 0.75, 100.0, -0.0}, {0x64, 0x20, 0x87});
}

TEST_F(PackingTest, F6E2M3FNCodes) {
  StorageSpec spec =
      specOf("!compress.tensor<1x3xf32, #compress.float<f6E2M3FN>>", "codes");
  // Bias 1: 1.0 = 0 01 000 = 0x08, -7.5 = 1 11 111 = 0x3F,
  // 0.125 = subnormal 0 00 001 = 0x01.
  // 0x08 + 0x3F<<6 + 0x01<<12 = 0x1FC8; 18 bits -> 3 bytes.
  expectPacks(spec, {1.0, -7.5, 0.125}, {0xC8, 0x1F, 0x00});
}

TEST_F(PackingTest, F6E3M2FNCodes) {
  StorageSpec spec =
      specOf("!compress.tensor<1x2xf32, #compress.float<f6E3M2FN>>", "codes");
  // Bias 3: 1.0 = 0 011 00 = 0x0C, -28 = 1 111 11 = 0x3F.
  // 0x0C + 0x3F<<6 = 0xFCC.
  expectPacks(spec, {1.0, -28.0}, {0xCC, 0x0F});
}

TEST_F(PackingTest, F8E4M3FNCodesAreStoredAsI8) {
  StorageSpec spec =
      specOf("!compress.tensor<1x4xf32, #compress.float<f8E4M3FN>>", "codes");
  EXPECT_EQ(str(spec.storageElementType), "i8");
  expectPacks(spec, {1.0, 448.0, -2.0, 0.5}, {0x38, 0x7E, 0xC0, 0x30});
}

//===----------------------------------------------------------------------===//
// Indices
//===----------------------------------------------------------------------===//

TEST_F(PackingTest, I16Indices) {
  StorageSpec spec = specOf("!compress.tensor<3x4xf32, #compress.sparse<csr, "
                            "nnz = 2, index = i16, values = f32>>",
                            "row_ptr");
  // The packer stores any i16; order is the decoder's business.
  // 258 = 0x0102, -1 = 0xFFFF, 32767 = 0x7FFF.
  expectPacks(spec, {0, 258, -1, 32767},
              {0x00, 0x00, 0x02, 0x01, 0xFF, 0xFF, 0xFF, 0x7F});
}

TEST_F(PackingTest, I32Indices) {
  StorageSpec spec = specOf("!compress.tensor<2x4xf32, #compress.sparse<csr, "
                            "nnz = 2, values = f32>>",
                            "row_ptr");
  // -2 = 0xFFFFFFFE, 65536 = 0x00010000.
  expectPacks(
      spec, {1, -2, 65536},
      {0x01, 0x00, 0x00, 0x00, 0xFE, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x01, 0x00});
}

TEST_F(PackingTest, PermutationIsI32) {
  StorageSpec spec = specOf(
      "!compress.tensor<2x3xf32, #compress.permuted<axis = 1, body = f32>>",
      "perm");
  expectPacks(
      spec, {2, 0, 1},
      {0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00});
}

//===----------------------------------------------------------------------===//
// Whole layouts
//===----------------------------------------------------------------------===//

TEST_F(PackingTest, PackStorageByRole) {
  encoding::Layout layout = layoutOf(
      "!compress.tensor<1x4xf32, #compress.uniform<bits = 4, unsigned, scale "
      "= f16, zero_point = ui4>>");
  encoding::FieldValues values{
      {"codes", {1, 2, 3, 4}}, {"scales", {0.5}}, {"zero_points", {8}}};
  encoding::StorageBytes bytes = valueOf(encoding::packStorage(layout, values));
  EXPECT_EQ(bytes.size(), 3u);
  EXPECT_EQ(bytes["codes"], (Bytes{0x21, 0x43}));
  // 0.5 = f16 0x3800.
  EXPECT_EQ(bytes["scales"], (Bytes{0x00, 0x38}));
  // One 4-bit zero point: the whole field, padded to a byte.
  EXPECT_EQ(bytes["zero_points"], (Bytes{0x08}));

  encoding::FieldValues back = valueOf(encoding::unpackStorage(layout, bytes));
  EXPECT_EQ(back.size(), 3u);
  EXPECT_EQ(back["codes"], (Values{1, 2, 3, 4}));
  EXPECT_EQ(back["scales"], (Values{0.5}));
  EXPECT_EQ(back["zero_points"], (Values{8}));
}

TEST_F(PackingTest, RoundToFloatType) {
  Type f16 = Float16Type::get(&context);
  Type bf16 = BFloat16Type::get(&context);
  Type f32 = Float32Type::get(&context);
  Type f4 = Float4E2M1FNType::get(&context);
  // 1 + 2^-11 ties to 1 in f16; 1 + 3 * 2^-11 ties to 1 + 2^-9.
  EXPECT_EQ(encoding::roundToFloatType(1.0 + std::ldexp(1.0, -11), f16), 1.0);
  EXPECT_EQ(encoding::roundToFloatType(1.0 + 3 * std::ldexp(1.0, -11), f16),
            1.0 + std::ldexp(1.0, -9));
  // 65520 is halfway between 65504 and 2^16 (past the largest f16): inf.
  EXPECT_EQ(encoding::roundToFloatType(65520.0, f16), INFINITY);
  // bf16 keeps 8 significant bits: 257 -> 256, 259 -> 260.
  EXPECT_EQ(encoding::roundToFloatType(257.0, bf16), 256.0);
  EXPECT_EQ(encoding::roundToFloatType(259.0, bf16), 260.0);
  // f32: 1 + 2^-24 ties to 1.
  EXPECT_EQ(encoding::roundToFloatType(1.0 + std::ldexp(1.0, -24), f32), 1.0);
  EXPECT_EQ(encoding::roundToFloatType(2.5, f4), 2.0);
  // A NaN stays a NaN, even in a format without one.
  EXPECT_TRUE(std::isnan(encoding::roundToFloatType(NAN, f16)));
  EXPECT_TRUE(std::isnan(encoding::roundToFloatType(NAN, f4)));
  // APFloat alone turns the NaN of f8E8M0FNU into +inf.
  Type e8m0 = Float8E8M0FNUType::get(&context);
  EXPECT_TRUE(std::isnan(encoding::roundToFloatType(NAN, e8m0)));
  // f8E8M0FNU has no negative values (APFloat alone drops the sign): NaN, as
  // packField refuses them.
  EXPECT_EQ(encoding::roundToFloatType(4.0, e8m0), 4.0);
  EXPECT_TRUE(std::isnan(encoding::roundToFloatType(-2.0, e8m0)));
  EXPECT_TRUE(std::isnan(encoding::roundToFloatType(-INFINITY, e8m0)));
  EXPECT_EQ(encoding::roundToFloatType(-2.0, f4), -2.0);
}

} // namespace
