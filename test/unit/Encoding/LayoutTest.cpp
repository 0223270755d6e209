//===- LayoutTest.cpp - Storage layouts of encodings ----------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Roles (in order), field and storage shapes, storage element types and byte
// sizes of every encoding family, computed by hand. Packed fields of b-bit
// values are stored as i8 in "packed rows": trailing dimensions are merged,
// from the last one, until the n values they hold fill whole bytes (n * b a
// multiple of 8) or the whole field is merged; a packed row takes
// ceil(n * b / 8) bytes, so only a field merged whole is padded, at its end.
// The storage shape is the unmerged leading dimensions, then that byte count.
//
//===----------------------------------------------------------------------===//

#include "test/unit/Encoding/EncodingTestSupport.h"

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::testing;
using encoding::FieldCodec;
using encoding::Layout;
using encoding::StorageSpec;

namespace {

class LayoutTest : public EncodingTest {};

std::vector<std::string> rolesOf(const Layout &layout) {
  std::vector<std::string> roles;
  for (const StorageSpec &spec : layout.storage)
    roles.push_back(spec.role);
  return roles;
}

/// Checks one storage tensor: its field (logical) shape, storage shape and
/// element type, and byte size.
void expectStorage(const Layout &layout, StringRef role,
                   std::vector<int64_t> fieldShape,
                   std::vector<int64_t> storageShape, StringRef elementType,
                   int64_t byteSize) {
  SCOPED_TRACE(role.str());
  const StorageSpec *spec = layout.lookup(role);
  ASSERT_TRUE(spec);
  EXPECT_EQ(
      std::vector<int64_t>(spec->fieldShape.begin(), spec->fieldShape.end()),
      fieldShape);
  EXPECT_EQ(std::vector<int64_t>(spec->storageShape.begin(),
                                 spec->storageShape.end()),
            storageShape);
  EXPECT_EQ(str(spec->storageElementType), elementType.str());
  EXPECT_EQ(spec->byteSize, byteSize);
}

/// Checks the number of values in one packed row of `role`.
void expectPackedRow(const Layout &layout, StringRef role,
                     int64_t valuesPerPackedRow) {
  SCOPED_TRACE(role.str());
  const StorageSpec *spec = layout.lookup(role);
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->valuesPerPackedRow, valuesPerPackedRow);
}

/// Checks how the values of `role` are coded.
void expectCodec(const Layout &layout, StringRef role, FieldCodec::Kind kind,
                 unsigned bits, bool isSigned) {
  SCOPED_TRACE(role.str());
  const StorageSpec *spec = layout.lookup(role);
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->codec.kind, kind);
  EXPECT_EQ(spec->codec.bits, bits);
  EXPECT_EQ(spec->codec.isSigned, isSigned);
}

//===----------------------------------------------------------------------===//
// #compress.uniform
//===----------------------------------------------------------------------===//

TEST_F(LayoutTest, Int4Group128WithZeroPoints) {
  Layout layout =
      layoutOf("!compress.tensor<4096x4096xf16, #compress.uniform<bits = 4, "
               "unsigned, block = [1, 128], scale = f16, zero_point = ui4>>");
  EXPECT_EQ(rolesOf(layout),
            (std::vector<std::string>{"codes", "scales", "zero_points"}));
  // 4096 * 4 bits = 2048 whole bytes: the last dimension alone is a packed
  // row, nothing is merged.
  expectStorage(layout, "codes", {4096, 4096}, {4096, 2048}, "i8", 4096 * 2048);
  expectPackedRow(layout, "codes", 4096);
  // One f16 per block of 128: 4096 x 32.
  expectStorage(layout, "scales", {4096, 32}, {4096, 32}, "f16", 4096 * 32 * 2);
  // 32 zero points of 4 bits per row = 128 bits = 16 bytes.
  expectStorage(layout, "zero_points", {4096, 32}, {4096, 16}, "i8", 4096 * 16);
  expectPackedRow(layout, "zero_points", 32);
  expectCodec(layout, "zero_points", FieldCodec::Kind::PackedInt, 4, false);
  // 4 bits + 16/128 (scale) + 4/128 (zero point).
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 4.0 + 16.0 / 128 + 4.0 / 128);
}

TEST_F(LayoutTest, Uniform3BitPerTensorOddShape) {
  Layout layout = layoutOf("!compress.tensor<3x7xf32, #compress.uniform<bits "
                           "= 3, scale = f32>>");
  EXPECT_EQ(rolesOf(layout), (std::vector<std::string>{"codes", "scales"}));
  // 7 * 3 = 21 bits is not whole bytes, nor 3 * 7 * 3 = 63: the whole
  // field is one packed row of 63 bits -> 8 bytes (1 padding bit at its end).
  expectStorage(layout, "codes", {3, 7}, {8}, "i8", 8);
  expectPackedRow(layout, "codes", 21);
  expectCodec(layout, "codes", FieldCodec::Kind::PackedInt, 3, true);
  // Per tensor: one scale, the parameter shape keeps the rank.
  expectStorage(layout, "scales", {1, 1}, {1, 1}, "f32", 4);
  expectCodec(layout, "scales", FieldCodec::Kind::Plain, 0, false);
  EXPECT_EQ(layout.numElements, 21);
  EXPECT_EQ(layout.byteSize, 12);
  // 8 * 12 bytes / 21 weights.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 96.0 / 21);
}

TEST_F(LayoutTest, UniformRank1) {
  Layout layout = layoutOf("!compress.tensor<7xf32, #compress.uniform<bits = "
                           "3, scale = f32>>");
  // 21 bits -> 3 bytes; the one row is the whole field.
  expectStorage(layout, "codes", {7}, {3}, "i8", 3);
  expectPackedRow(layout, "codes", 7);
  expectStorage(layout, "scales", {1}, {1}, "f32", 4);
  EXPECT_EQ(layout.byteSize, 7);
}

TEST_F(LayoutTest, Uniform5BitPerAxis0WithI8ZeroPoints) {
  Layout layout = layoutOf(
      "!compress.tensor<5x172xf16, #compress.uniform<bits = 5, unsigned, "
      "per_axis = 0, scale = f16, zero_point = i8>>");
  EXPECT_EQ(rolesOf(layout),
            (std::vector<std::string>{"codes", "scales", "zero_points"}));
  // 172 * 5 = 860 bits (107.5 bytes) is not whole bytes, nor
  // 860 * 5 = 4300 bits: one packed row of 4300 bits -> 538 bytes (537.5).
  expectStorage(layout, "codes", {5, 172}, {538}, "i8", 538);
  expectPackedRow(layout, "codes", 860);
  expectCodec(layout, "codes", FieldCodec::Kind::PackedInt, 5, false);
  // One scale per row: parameter shape [5, 1].
  expectStorage(layout, "scales", {5, 1}, {5, 1}, "f16", 10);
  // Signless i8 zero points are signed 8-bit packed codes: 1 * 8 bits fill a
  // byte, so the shape is kept.
  expectStorage(layout, "zero_points", {5, 1}, {5, 1}, "i8", 5);
  expectPackedRow(layout, "zero_points", 1);
  expectCodec(layout, "zero_points", FieldCodec::Kind::PackedInt, 8, true);
  // 538 + 10 + 5 = 553 bytes for 860 weights.
  EXPECT_EQ(layout.byteSize, 553);
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 8.0 * 553 / 860);
}

TEST_F(LayoutTest, Uniform6BitPerAxis1WithMins) {
  Layout layout = layoutOf(
      "!compress.tensor<4x6xf16, #compress.uniform<bits = 6, unsigned, "
      "per_axis = 1, scale = bf16, min = f16>>");
  EXPECT_EQ(rolesOf(layout),
            (std::vector<std::string>{"codes", "scales", "mins"}));
  // 6 * 6 = 36 bits is not whole bytes; 4 * 6 * 6 = 144 bits = 18 bytes
  // exactly: the whole field is merged, without padding.
  expectStorage(layout, "codes", {4, 6}, {18}, "i8", 18);
  expectPackedRow(layout, "codes", 24);
  // One parameter per column: [1, 6].
  expectStorage(layout, "scales", {1, 6}, {1, 6}, "bf16", 12);
  expectStorage(layout, "mins", {1, 6}, {1, 6}, "f16", 12);
  // 18 + 12 + 12 = 42 bytes for 24 weights = 14 bits.
  EXPECT_EQ(layout.byteSize, 42);
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 14.0);
}

TEST_F(LayoutTest, Uniform2BitRank3Blocks) {
  Layout layout = layoutOf(
      "!compress.tensor<2x4x8xf32, #compress.uniform<bits = 2, unsigned, "
      "block = [1, 2, 4], scale = f16, zero_point = ui2>>");
  // 8 * 2 = 16 bits = 2 bytes: the innermost dimension alone.
  expectStorage(layout, "codes", {2, 4, 8}, {2, 4, 2}, "i8", 16);
  expectPackedRow(layout, "codes", 8);
  // Parameters [2/1, 4/2, 8/4] = [2, 2, 2].
  expectStorage(layout, "scales", {2, 2, 2}, {2, 2, 2}, "f16", 16);
  // 2 zero points of 2 bits = 4 bits is not a byte; 2 * 2 = 4 of them are:
  // the last two dimensions merge into 1 byte, the first stays.
  expectStorage(layout, "zero_points", {2, 2, 2}, {2, 1}, "i8", 2);
  expectPackedRow(layout, "zero_points", 4);
  // 16 + 16 + 2 = 34 bytes for 64 weights = 4.25 bits.
  EXPECT_EQ(layout.byteSize, 34);
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 4.25);
}

TEST_F(LayoutTest, UniformTwoLevelScalesKQuantLike) {
  // Q4_K: 4-bit codes in blocks of 32, 6-bit scales and mins per block, each
  // scaled by an f16 per row of blocks (a super-block of 8 x 32 = 256).
  Layout layout = layoutOf(
      "!compress.tensor<8x256xf16, #compress.uniform<bits = 4, unsigned, "
      "block = [1, 32], "
      "scale = #compress.uniform<bits = 6, unsigned, block = [1, 8], scale = "
      "f16>, "
      "min = #compress.uniform<bits = 6, unsigned, block = [1, 8], scale = "
      "f16>>>");
  EXPECT_EQ(rolesOf(layout),
            (std::vector<std::string>{"codes", "scales.codes", "scales.scales",
                                      "mins.codes", "mins.scales"}));
  // 256 * 4 bits = 128 bytes per row.
  expectStorage(layout, "codes", {8, 256}, {8, 128}, "i8", 1024);
  // 8 blocks per row: 8 * 6 bits = 48 bits = 6 bytes per row.
  expectStorage(layout, "scales.codes", {8, 8}, {8, 6}, "i8", 48);
  expectCodec(layout, "scales.codes", FieldCodec::Kind::PackedInt, 6, false);
  // The nested block [1, 8] over [8, 8]: one f16 per row.
  expectStorage(layout, "scales.scales", {8, 1}, {8, 1}, "f16", 16);
  expectStorage(layout, "mins.codes", {8, 8}, {8, 6}, "i8", 48);
  expectStorage(layout, "mins.scales", {8, 1}, {8, 1}, "f16", 16);
  // 1024 + 48 + 16 + 48 + 16 = 1152 bytes for 2048 weights: 4.5 bits, as
  // llama.cpp's Q4_K.
  EXPECT_EQ(layout.byteSize, 1152);
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 4.5);
}

TEST_F(LayoutTest, UniformEncodedZeroPoint) {
  Layout layout = layoutOf(
      "!compress.tensor<4x8xf16, #compress.uniform<bits = 3, unsigned, block "
      "= [1, 4], scale = f16, zero_point = #compress.uniform<bits = 4, "
      "unsigned, scale = f32>>>");
  EXPECT_EQ(rolesOf(layout),
            (std::vector<std::string>{"codes", "scales", "zero_points.codes",
                                      "zero_points.scales"}));
  // 8 * 3 = 24 bits = 3 bytes per row.
  expectStorage(layout, "codes", {4, 8}, {4, 3}, "i8", 12);
  expectStorage(layout, "scales", {4, 2}, {4, 2}, "f16", 16);
  // 2 zero points of 4 bits per row: 1 byte.
  expectStorage(layout, "zero_points.codes", {4, 2}, {4, 1}, "i8", 4);
  expectStorage(layout, "zero_points.scales", {1, 1}, {1, 1}, "f32", 4);
  EXPECT_EQ(layout.byteSize, 36);
}

//===----------------------------------------------------------------------===//
// #compress.lut
//===----------------------------------------------------------------------===//

TEST_F(LayoutTest, LutCodebookPerTensor) {
  Layout layout = layoutOf("!compress.tensor<3x7xf16, #compress.lut<bits = "
                           "3, codebook = f16>>");
  EXPECT_EQ(rolesOf(layout), (std::vector<std::string>{"indices", "codebook"}));
  // 7 * 3 = 21 bits, 21 * 3 = 63 bits: neither is whole bytes, so the
  // whole field is one row of 63 bits -> 8 bytes.
  expectStorage(layout, "indices", {3, 7}, {8}, "i8", 8);
  expectCodec(layout, "indices", FieldCodec::Kind::PackedInt, 3, false);
  // Parameter shape [1, 1], then 2^3 codewords of dim 1.
  expectStorage(layout, "codebook", {1, 1, 8, 1}, {1, 1, 8, 1}, "f16", 16);
  // 8 + 16 = 24 bytes for 21 weights.
  EXPECT_EQ(layout.byteSize, 24);
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 192.0 / 21);
}

TEST_F(LayoutTest, LutCodebookPerAxis) {
  Layout layout = layoutOf("!compress.tensor<4x16xf32, #compress.lut<bits = "
                           "2, codebook = f32, codebook_axis = 0>>");
  // 16 * 2 = 32 bits = 4 bytes per row.
  expectStorage(layout, "indices", {4, 16}, {4, 4}, "i8", 16);
  // One codebook of 4 entries per row: [4, 1, 4, 1] f32.
  expectStorage(layout, "codebook", {4, 1, 4, 1}, {4, 1, 4, 1}, "f32", 64);
  // 80 bytes for 64 weights.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 10.0);
}

TEST_F(LayoutTest, LutCodebookPerBlock) {
  Layout layout = layoutOf(
      "!compress.tensor<2x12xbf16, #compress.lut<bits = 4, codebook = bf16, "
      "codebook_block = [1, 6]>>");
  // 12 * 4 = 48 bits = 6 bytes per row.
  expectStorage(layout, "indices", {2, 12}, {2, 6}, "i8", 12);
  // Blocks [2, 12] / [1, 6] = [2, 2], each 16 codewords: 64 bf16.
  expectStorage(layout, "codebook", {2, 2, 16, 1}, {2, 2, 16, 1}, "bf16", 128);
  EXPECT_EQ(layout.byteSize, 140);
}

TEST_F(LayoutTest, LutVectorCodebook) {
  Layout layout = layoutOf("!compress.tensor<4x8xf16, #compress.lut<bits = "
                           "5, codebook = f16, dim = 2>>");
  // One index per pair of values: [4, 4]. 4 * 5 = 20 bits is not whole
  // bytes; 16 * 5 = 80 bits = 10 bytes is.
  expectStorage(layout, "indices", {4, 4}, {10}, "i8", 10);
  expectPackedRow(layout, "indices", 16);
  expectCodec(layout, "indices", FieldCodec::Kind::PackedInt, 5, false);
  // 32 codewords of 2 values.
  expectStorage(layout, "codebook", {1, 1, 32, 2}, {1, 1, 32, 2}, "f16", 128);
  // 10 + 128 = 138 bytes for 32 weights.
  EXPECT_EQ(layout.byteSize, 138);
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 34.5);
}

TEST_F(LayoutTest, LutVectorCodebookPerBlock) {
  Layout layout = layoutOf(
      "!compress.tensor<4x8xf16, #compress.lut<bits = 1, codebook = f16, "
      "codebook_block = [2, 4], dim = 4>>");
  // [4, 8 / 4] indices of 1 bit: 2 bits is not a byte, 4 * 2 = 8 bits is.
  expectStorage(layout, "indices", {4, 2}, {1}, "i8", 1);
  expectPackedRow(layout, "indices", 8);
  // Blocks [4/2, 8/4] = [2, 2], 2 codewords of 4 values each.
  expectStorage(layout, "codebook", {2, 2, 2, 4}, {2, 2, 2, 4}, "f16", 64);
}

TEST_F(LayoutTest, LutNF4BlockScale) {
  Layout layout = layoutOf(
      "!compress.tensor<5x172xf16, #compress.lut<table = nf4, block = [1, "
      "43], scale = f32>>");
  // A fixed table stores no codebook.
  EXPECT_EQ(rolesOf(layout), (std::vector<std::string>{"indices", "scales"}));
  // 172 * 4 bits = 86 whole bytes per row.
  expectStorage(layout, "indices", {5, 172}, {5, 86}, "i8", 430);
  expectPackedRow(layout, "indices", 172);
  expectCodec(layout, "indices", FieldCodec::Kind::PackedInt, 4, false);
  // 172 / 43 = 4 blocks per row.
  expectStorage(layout, "scales", {5, 4}, {5, 4}, "f32", 80);
  // 510 bytes for 860 weights.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 8.0 * 510 / 860);
}

TEST_F(LayoutTest, LutNF4PerAxisScale) {
  Layout layout = layoutOf("!compress.tensor<3x5xbf16, #compress.lut<table = "
                           "nf4, per_axis = 1, scale = bf16>>");
  // 5 * 4 = 20 bits is not whole bytes: the whole field is one row of
  // 15 * 4 = 60 bits -> 8 bytes (4 padding bits at the end).
  expectStorage(layout, "indices", {3, 5}, {8}, "i8", 8);
  expectPackedRow(layout, "indices", 15);
  expectStorage(layout, "scales", {1, 5}, {1, 5}, "bf16", 10);
  EXPECT_EQ(layout.byteSize, 18);
}

TEST_F(LayoutTest, LutSignTable) {
  Layout layout =
      layoutOf("!compress.tensor<3x5xf32, #compress.lut<table = sign>>");
  EXPECT_EQ(rolesOf(layout), (std::vector<std::string>{"indices"}));
  // 1-bit indices: 5 bits is not a byte; the whole field is 15 bits -> 2
  // bytes (1 padding bit).
  expectStorage(layout, "indices", {3, 5}, {2}, "i8", 2);
  expectPackedRow(layout, "indices", 15);
  expectCodec(layout, "indices", FieldCodec::Kind::PackedInt, 1, false);
  // 2 bytes for 15 weights.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 16.0 / 15);
}

//===----------------------------------------------------------------------===//
// #compress.float
//===----------------------------------------------------------------------===//

TEST_F(LayoutTest, FloatE4M3PerTensorScale) {
  Layout layout = layoutOf("!compress.tensor<4x4xf16, #compress.float<"
                           "f8E4M3FN, scale = f32>>");
  EXPECT_EQ(rolesOf(layout), (std::vector<std::string>{"codes", "scales"}));
  // Small float codes are packed as i8 even at 8 bits.
  expectStorage(layout, "codes", {4, 4}, {4, 4}, "i8", 16);
  const StorageSpec *codes = layout.lookup("codes");
  ASSERT_TRUE(codes);
  EXPECT_EQ(codes->codec.kind, FieldCodec::Kind::PackedFloat);
  EXPECT_EQ(codes->codec.bits, 8u);
  EXPECT_EQ(str(codes->codec.type), "f8E4M3FN");
  expectStorage(layout, "scales", {1, 1}, {1, 1}, "f32", 4);
  EXPECT_EQ(layout.byteSize, 20);
}

TEST_F(LayoutTest, FloatE5M2WithoutScale) {
  Layout layout =
      layoutOf("!compress.tensor<2x3xbf16, #compress.float<f8E5M2>>");
  EXPECT_EQ(rolesOf(layout), (std::vector<std::string>{"codes"}));
  expectStorage(layout, "codes", {2, 3}, {2, 3}, "i8", 6);
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 8.0);
}

TEST_F(LayoutTest, FloatMXFP4) {
  Layout layout = layoutOf(
      "!compress.tensor<2x64xf16, #compress.float<f4E2M1FN, block = [1, 32], "
      "scale = f8E8M0FNU>>");
  // 64 * 4 bits = 32 bytes per row.
  expectStorage(layout, "codes", {2, 64}, {2, 32}, "i8", 64);
  // An f8E8M0FNU scale is stored as it is, one byte per block of 32.
  expectStorage(layout, "scales", {2, 2}, {2, 2}, "f8E8M0FNU", 4);
  // 4 bits + 8/32.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 4.25);
}

TEST_F(LayoutTest, FloatNVFP4NestedScale) {
  Layout layout = layoutOf(
      "!compress.tensor<2x32xbf16, #compress.float<f4E2M1FN, block = [1, "
      "16], scale = #compress.float<f8E4M3FN, scale = f32>>>");
  EXPECT_EQ(rolesOf(layout), (std::vector<std::string>{"codes", "scales.codes",
                                                       "scales.scales"}));
  expectStorage(layout, "codes", {2, 32}, {2, 16}, "i8", 32);
  // The block scales are f8E4M3FN codes packed as i8.
  expectStorage(layout, "scales.codes", {2, 2}, {2, 2}, "i8", 4);
  expectStorage(layout, "scales.scales", {1, 1}, {1, 1}, "f32", 4);
  // 40 bytes for 64 weights.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 5.0);
}

TEST_F(LayoutTest, FloatMXFP6) {
  Layout layout = layoutOf(
      "!compress.tensor<3x32xf32, #compress.float<f6E2M3FN, block = [1, 32], "
      "scale = f8E8M0FNU>>");
  // 32 * 6 = 192 bits = 24 bytes per row.
  expectStorage(layout, "codes", {3, 32}, {3, 24}, "i8", 72);
  expectStorage(layout, "scales", {3, 1}, {3, 1}, "f8E8M0FNU", 3);
  // 75 bytes for 96 weights.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 6.25);
}

TEST_F(LayoutTest, Float6BitOddRow) {
  Layout layout = layoutOf("!compress.tensor<3x7xf16, #compress.float<"
                           "f6E3M2FN, per_axis = 0, scale = f16>>");
  // 7 * 6 = 42 bits is not whole bytes, nor 21 * 6 = 126 bits: one packed
  // row of 126 bits -> 16 bytes (2 padding bits at the end).
  expectStorage(layout, "codes", {3, 7}, {16}, "i8", 16);
  expectPackedRow(layout, "codes", 21);
  expectStorage(layout, "scales", {3, 1}, {3, 1}, "f16", 6);
  EXPECT_EQ(layout.byteSize, 22);
}

//===----------------------------------------------------------------------===//
// #compress.sparse
//===----------------------------------------------------------------------===//

TEST_F(LayoutTest, Sparse2To4) {
  Layout layout = layoutOf("!compress.tensor<4x8xf16, #compress.sparse<nm = "
                           "[2, 4], values = f16>>");
  EXPECT_EQ(rolesOf(layout), (std::vector<std::string>{"values", "positions"}));
  // 2 of every 4 along the last axis: [4, 4] kept.
  expectStorage(layout, "values", {4, 4}, {4, 4}, "f16", 32);
  // Positions 0..3 take 2 bits: 4 * 2 = 8 bits per row.
  expectStorage(layout, "positions", {4, 4}, {4, 1}, "i8", 4);
  expectCodec(layout, "positions", FieldCodec::Kind::PackedInt, 2, false);
  // 36 bytes for 32 weights.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 9.0);
}

TEST_F(LayoutTest, SparseNMAlongAxis0) {
  Layout layout = layoutOf("!compress.tensor<8x3xf32, #compress.sparse<nm = "
                           "[1, 4], axis = 0, values = f32>>");
  // 1 of every 4 rows: [8 / 4 * 1, 3] = [2, 3] kept.
  expectStorage(layout, "values", {2, 3}, {2, 3}, "f32", 24);
  // 3 positions of 2 bits = 6 bits is not a byte; all 6 positions are 12
  // bits -> 2 bytes (4 padding bits).
  expectStorage(layout, "positions", {2, 3}, {2}, "i8", 2);
  expectPackedRow(layout, "positions", 6);
}

TEST_F(LayoutTest, SparseNMEncodedValues) {
  Layout layout = layoutOf(
      "!compress.tensor<2x16xf16, #compress.sparse<nm = [3, 8], values = "
      "#compress.uniform<bits = 4, scale = f16>>>");
  EXPECT_EQ(
      rolesOf(layout),
      (std::vector<std::string>{"values.codes", "values.scales", "positions"}));
  // Kept [2, 16 / 8 * 3] = [2, 6]; 6 * 4 bits = 3 whole bytes per row.
  expectStorage(layout, "values.codes", {2, 6}, {2, 3}, "i8", 6);
  expectPackedRow(layout, "values.codes", 6);
  expectStorage(layout, "values.scales", {1, 1}, {1, 1}, "f16", 2);
  // Positions 0..7: 3 bits; 6 * 3 = 18 bits is not whole bytes; the whole
  // field is 12 * 3 = 36 bits -> 5 bytes (4 padding bits).
  expectStorage(layout, "positions", {2, 6}, {5}, "i8", 5);
  expectPackedRow(layout, "positions", 12);
  expectCodec(layout, "positions", FieldCodec::Kind::PackedInt, 3, false);
  // 6 + 2 + 5 = 13 bytes for 32 weights.
  EXPECT_EQ(layout.byteSize, 13);
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 3.25);
}

TEST_F(LayoutTest, SparseBlocks) {
  Layout layout = layoutOf("!compress.tensor<4x8xf16, #compress.sparse<block "
                           "= [2, 4], kept = 2, values = f16>>");
  EXPECT_EQ(rolesOf(layout),
            (std::vector<std::string>{"values", "block_row_ptr",
                                      "block_col_indices"}));
  // 2 blocks of 2 x 4 values.
  expectStorage(layout, "values", {2, 8}, {2, 8}, "f16", 32);
  // 4 / 2 = 2 block rows -> 3 row pointers; default index i32.
  expectStorage(layout, "block_row_ptr", {3}, {3}, "i32", 12);
  expectStorage(layout, "block_col_indices", {2}, {2}, "i32", 8);
  expectCodec(layout, "block_col_indices", FieldCodec::Kind::Plain, 0, true);
  // 52 bytes for 32 weights.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 13.0);
}

TEST_F(LayoutTest, SparseBlocksI16Rank3) {
  // Seen as a matrix of 2 * 2 = 4 rows by 6 columns.
  Layout layout = layoutOf(
      "!compress.tensor<2x2x6xf32, #compress.sparse<block = [2, 3], kept = "
      "3, index = i16, values = bf16>>");
  expectStorage(layout, "values", {3, 6}, {3, 6}, "bf16", 36);
  expectStorage(layout, "block_row_ptr", {3}, {3}, "i16", 6);
  expectStorage(layout, "block_col_indices", {3}, {3}, "i16", 6);
  EXPECT_EQ(layout.byteSize, 48);
}

TEST_F(LayoutTest, SparseBitmap) {
  Layout layout = layoutOf("!compress.tensor<3x7xf32, #compress.sparse<"
                           "bitmap, nnz = 5, values = bf16>>");
  EXPECT_EQ(rolesOf(layout), (std::vector<std::string>{"values", "mask"}));
  expectStorage(layout, "values", {5}, {5}, "bf16", 10);
  // One bit per weight: 7 bits is not a byte; the whole mask is 21 bits ->
  // 3 bytes (3 padding bits at the end).
  expectStorage(layout, "mask", {3, 7}, {3}, "i8", 3);
  expectPackedRow(layout, "mask", 21);
  expectCodec(layout, "mask", FieldCodec::Kind::PackedInt, 1, false);
  // 10 + 3 = 13 bytes for 21 weights.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 104.0 / 21);
}

TEST_F(LayoutTest, SparseCSRDefaultI32) {
  Layout layout = layoutOf("!compress.tensor<5x172xf16, #compress.sparse<"
                           "csr, nnz = 100, values = f16>>");
  EXPECT_EQ(rolesOf(layout),
            (std::vector<std::string>{"values", "row_ptr", "col_indices"}));
  expectStorage(layout, "values", {100}, {100}, "f16", 200);
  expectStorage(layout, "row_ptr", {6}, {6}, "i32", 24);
  expectStorage(layout, "col_indices", {100}, {100}, "i32", 400);
  expectCodec(layout, "row_ptr", FieldCodec::Kind::Plain, 0, true);
  // 624 bytes for 860 weights.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 8.0 * 624 / 860);
}

TEST_F(LayoutTest, SparseCSRI16) {
  Layout layout = layoutOf("!compress.tensor<5x172xf16, #compress.sparse<"
                           "csr, nnz = 100, index = i16, values = f16>>");
  expectStorage(layout, "row_ptr", {6}, {6}, "i16", 12);
  expectStorage(layout, "col_indices", {100}, {100}, "i16", 200);
  // 200 + 12 + 200.
  EXPECT_EQ(layout.byteSize, 412);
}

TEST_F(LayoutTest, SparseCSREncodedValues) {
  Layout layout = layoutOf(
      "!compress.tensor<4x4xf16, #compress.sparse<csr, nnz = 5, values = "
      "#compress.uniform<bits = 4, scale = f16>>>");
  // The 5 kept values are a rank-1 field: 20 bits -> 3 bytes.
  expectStorage(layout, "values.codes", {5}, {3}, "i8", 3);
  expectStorage(layout, "values.scales", {1}, {1}, "f16", 2);
  expectStorage(layout, "row_ptr", {5}, {5}, "i32", 20);
  expectStorage(layout, "col_indices", {5}, {5}, "i32", 20);
}

//===----------------------------------------------------------------------===//
// #compress.lowrank, #compress.permuted
//===----------------------------------------------------------------------===//

TEST_F(LayoutTest, LowRank) {
  Layout layout = layoutOf("!compress.tensor<6x10xf16, #compress.lowrank<"
                           "rank = 2, u = f16, v = bf16>>");
  EXPECT_EQ(rolesOf(layout), (std::vector<std::string>{"u", "v"}));
  expectStorage(layout, "u", {6, 2}, {6, 2}, "f16", 24);
  expectStorage(layout, "v", {2, 10}, {2, 10}, "bf16", 40);
  // 64 bytes for 60 weights.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 8.0 * 64 / 60);
}

TEST_F(LayoutTest, LowRankRank3QuantizedV) {
  // Seen as a 6 x 10 matrix.
  Layout layout = layoutOf(
      "!compress.tensor<2x3x10xf32, #compress.lowrank<rank = 4, u = f32, v = "
      "#compress.uniform<bits = 8, per_axis = 0, scale = f32>>>");
  EXPECT_EQ(rolesOf(layout),
            (std::vector<std::string>{"u", "v.codes", "v.scales"}));
  expectStorage(layout, "u", {6, 4}, {6, 4}, "f32", 96);
  expectStorage(layout, "v.codes", {4, 10}, {4, 10}, "i8", 40);
  expectStorage(layout, "v.scales", {4, 1}, {4, 1}, "f32", 16);
  EXPECT_EQ(layout.byteSize, 152);
}

TEST_F(LayoutTest, PermutedGroupQuantized) {
  Layout layout =
      layoutOf("!compress.tensor<4x8xf16, #compress.permuted<axis = 1, body = "
               "#compress.uniform<bits = 4, block = [1, 4], scale = f16>>>");
  EXPECT_EQ(rolesOf(layout),
            (std::vector<std::string>{"perm", "body.codes", "body.scales"}));
  // One i32 per column.
  expectStorage(layout, "perm", {8}, {8}, "i32", 32);
  expectStorage(layout, "body.codes", {4, 8}, {4, 4}, "i8", 16);
  expectStorage(layout, "body.scales", {4, 2}, {4, 2}, "f16", 16);
  // 64 bytes for 32 weights.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 16.0);
}

TEST_F(LayoutTest, PermutedPlainBody) {
  Layout layout = layoutOf(
      "!compress.tensor<3x2xf32, #compress.permuted<axis = 0, body = f16>>");
  EXPECT_EQ(rolesOf(layout), (std::vector<std::string>{"perm", "body"}));
  expectStorage(layout, "perm", {3}, {3}, "i32", 12);
  expectStorage(layout, "body", {3, 2}, {3, 2}, "f16", 12);
}

//===----------------------------------------------------------------------===//
// #compress.sum, #compress.product, compositions
//===----------------------------------------------------------------------===//

TEST_F(LayoutTest, SumOfThreeTerms) {
  Layout layout =
      layoutOf("!compress.tensor<4x8xf16, #compress.sum<"
               "#compress.uniform<bits = 3, scale = f16>, "
               "#compress.sparse<csr, nnz = 3, index = i16, values = f16>, "
               "#compress.lowrank<rank = 1, u = f16, v = f16>>>");
  EXPECT_EQ(rolesOf(layout),
            (std::vector<std::string>{
                "term0.codes", "term0.scales", "term1.values", "term1.row_ptr",
                "term1.col_indices", "term2.u", "term2.v"}));
  // 8 * 3 = 24 bits = 3 bytes per row.
  expectStorage(layout, "term0.codes", {4, 8}, {4, 3}, "i8", 12);
  expectStorage(layout, "term0.scales", {1, 1}, {1, 1}, "f16", 2);
  expectStorage(layout, "term1.values", {3}, {3}, "f16", 6);
  expectStorage(layout, "term1.row_ptr", {5}, {5}, "i16", 10);
  expectStorage(layout, "term1.col_indices", {3}, {3}, "i16", 6);
  expectStorage(layout, "term2.u", {4, 1}, {4, 1}, "f16", 8);
  expectStorage(layout, "term2.v", {1, 8}, {1, 8}, "f16", 16);
  // 12 + 2 + 6 + 10 + 6 + 8 + 16 = 60 bytes for 32 weights.
  EXPECT_EQ(layout.byteSize, 60);
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 15.0);
}

TEST_F(LayoutTest, SumWithPlainTerm) {
  Layout layout = layoutOf("!compress.tensor<2x3xf32, #compress.sum<bf16, "
                           "#compress.lut<table = sign>>>");
  EXPECT_EQ(rolesOf(layout),
            (std::vector<std::string>{"term0", "term1.indices"}));
  // A plain term stores the whole tensor.
  expectStorage(layout, "term0", {2, 3}, {2, 3}, "bf16", 12);
  // 3 sign bits, then 6: neither is a byte, so the whole field is one row
  // of 6 bits -> 1 byte.
  expectStorage(layout, "term1.indices", {2, 3}, {1}, "i8", 1);
  expectPackedRow(layout, "term1.indices", 6);
  EXPECT_EQ(layout.byteSize, 13);
}

TEST_F(LayoutTest, ProductSignTimesLowRank) {
  Layout layout = layoutOf(
      "!compress.tensor<4x8xf16, #compress.product<#compress.lut<table = "
      "sign>, #compress.lowrank<rank = 2, u = f16, v = f16>>>");
  EXPECT_EQ(rolesOf(layout), (std::vector<std::string>{
                                 "factor0.indices", "factor1.u", "factor1.v"}));
  // 8 sign bits = 1 byte per row.
  expectStorage(layout, "factor0.indices", {4, 8}, {4, 1}, "i8", 4);
  expectStorage(layout, "factor1.u", {4, 2}, {4, 2}, "f16", 16);
  expectStorage(layout, "factor1.v", {2, 8}, {2, 8}, "f16", 32);
  // 52 bytes for 32 weights.
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 13.0);
}

TEST_F(LayoutTest, DeepComposition) {
  // A permuted sum of a 3-bit body with NVFP-like scales and CSR outliers
  // whose values are e5m2 codes.
  Layout layout =
      layoutOf("!compress.tensor<8x16xf16, #compress.permuted<axis = 1, body = "
               "#compress.sum<"
               "#compress.uniform<bits = 3, unsigned, block = [1, 8], scale = "
               "#compress.float<f8E4M3FN, scale = f32>, zero_point = ui3>, "
               "#compress.sparse<csr, nnz = 4, index = i16, values = "
               "#compress.float<f8E5M2>>>>>");
  EXPECT_EQ(rolesOf(layout),
            (std::vector<std::string>{
                "perm", "body.term0.codes", "body.term0.scales.codes",
                "body.term0.scales.scales", "body.term0.zero_points",
                "body.term1.values.codes", "body.term1.row_ptr",
                "body.term1.col_indices"}));
  expectStorage(layout, "perm", {16}, {16}, "i32", 64);
  // 16 * 3 = 48 bits = 6 bytes per row.
  expectStorage(layout, "body.term0.codes", {8, 16}, {8, 6}, "i8", 48);
  // Blocks [8, 16 / 8] = [8, 2].
  expectStorage(layout, "body.term0.scales.codes", {8, 2}, {8, 2}, "i8", 16);
  expectStorage(layout, "body.term0.scales.scales", {1, 1}, {1, 1}, "f32", 4);
  // 2 * 3 = 6 bits is not a byte; the whole field is 16 * 3 = 48 bits = 6
  // bytes exactly.
  expectStorage(layout, "body.term0.zero_points", {8, 2}, {6}, "i8", 6);
  expectPackedRow(layout, "body.term0.zero_points", 16);
  expectStorage(layout, "body.term1.values.codes", {4}, {4}, "i8", 4);
  expectStorage(layout, "body.term1.row_ptr", {9}, {9}, "i16", 18);
  expectStorage(layout, "body.term1.col_indices", {4}, {4}, "i16", 8);
  // 64 + 48 + 16 + 4 + 6 + 4 + 18 + 8 = 168 bytes for 128 weights.
  EXPECT_EQ(layout.byteSize, 168);
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 10.5);
}

TEST_F(LayoutTest, ByteSizeIsTheSumOfTheStorage) {
  Layout layout = layoutOf(
      "!compress.tensor<5x172xf16, #compress.sum<#compress.lut<table = nf4, "
      "block = [1, 43], scale = f16>, #compress.sparse<csr, nnz = 9, values "
      "= f16>>>");
  int64_t total = 0;
  for (const StorageSpec &spec : layout.storage) {
    SCOPED_TRACE(spec.role);
    total += spec.byteSize;
    // Every storage type holds exactly its byte size.
    RankedTensorType type = spec.getStorageType();
    EXPECT_EQ(type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8),
              spec.byteSize);
  }
  // 430 (indices) + 5 * 4 * 2 (scales) + 18 + 24 + 36 (csr).
  EXPECT_EQ(total, 430 + 40 + 18 + 24 + 36);
  EXPECT_EQ(layout.byteSize, total);
}

//===----------------------------------------------------------------------===//
// Packed rows: trailing dimensions merged until they fill whole bytes
//===----------------------------------------------------------------------===//

TEST_F(LayoutTest, PackedRowsConvWeightMergesThreeDims) {
  Layout layout = layoutOf(
      "!compress.tensor<64x32x3x3xf32, #compress.uniform<bits = 4, per_axis = "
      "0, scale = f16>>");
  // Rows of 3 (12 bits) and 3 x 3 = 9 (36 bits) are not whole bytes;
  // 32 x 3 x 3 = 288 values (1152 bits = 144 bytes) are: one packed row per
  // filter, no padding (one byte per row of 3 would take 64 x 32 x 3 x 2 =
  // 12288 bytes, not 9216).
  expectStorage(layout, "codes", {64, 32, 3, 3}, {64, 144}, "i8", 9216);
  expectPackedRow(layout, "codes", 288);
  // One f16 scale per filter.
  expectStorage(layout, "scales", {64, 1, 1, 1}, {64, 1, 1, 1}, "f16", 128);
  // 9216 + 128 = 9344 bytes for 64 * 288 = 18432 weights: 4 + 1/18 bits.
  EXPECT_EQ(layout.numElements, 18432);
  EXPECT_EQ(layout.byteSize, 9344);
  EXPECT_DOUBLE_EQ(layout.getBitsPerWeight(), 8.0 * 9344 / 18432);
}

TEST_F(LayoutTest, PackedRowsRank3MergingStopsAtTwoDims) {
  Layout layout = layoutOf("!compress.tensor<5x4x6xf32, #compress.uniform<"
                           "bits = 3, unsigned, scale = f32>>");
  // 6 * 3 = 18 bits is not whole bytes; 4 * 6 * 3 = 72 bits = 9 bytes is:
  // the first dimension stays, the last two become 9 bytes.
  expectStorage(layout, "codes", {5, 4, 6}, {5, 9}, "i8", 45);
  expectPackedRow(layout, "codes", 24);
  expectStorage(layout, "scales", {1, 1, 1}, {1, 1, 1}, "f32", 4);
  EXPECT_EQ(layout.byteSize, 49);
}

TEST_F(LayoutTest, PackedRowsRank4MergingStopsAtTwoDims) {
  Layout layout = layoutOf("!compress.tensor<2x3x2x2xf32, #compress.uniform<"
                           "bits = 2, unsigned, scale = f32>>");
  // 2 * 2 = 4 bits, then 2 * 2 * 2 = 8 bits = 1 byte: two leading
  // dimensions stay.
  expectStorage(layout, "codes", {2, 3, 2, 2}, {2, 3, 1}, "i8", 6);
  expectPackedRow(layout, "codes", 4);
}

TEST_F(LayoutTest, PackedRowsNothingMerged) {
  // 8 * 4 = 32 bits = 4 bytes: the last dimension alone, shape kept.
  Layout layout = layoutOf("!compress.tensor<3x5x8xf32, #compress.uniform<"
                           "bits = 4, scale = f32>>");
  expectStorage(layout, "codes", {3, 5, 8}, {3, 5, 4}, "i8", 60);
  expectPackedRow(layout, "codes", 8);
  // 8-bit values always fill a byte each: the field shape is the storage
  // shape, even with an odd last dimension.
  layout = layoutOf("!compress.tensor<3x7xf32, #compress.uniform<bits = 8, "
                    "scale = f32>>");
  expectStorage(layout, "codes", {3, 7}, {3, 7}, "i8", 21);
  expectPackedRow(layout, "codes", 7);
  // A bitmap of 16 bits per row: 2 bytes per row.
  layout = layoutOf("!compress.tensor<2x16xf32, #compress.sparse<bitmap, nnz "
                    "= 3, values = f32>>");
  expectStorage(layout, "mask", {2, 16}, {2, 2}, "i8", 4);
  expectPackedRow(layout, "mask", 16);
}

TEST_F(LayoutTest, PackedRowsWholeFieldPaddedOnlyAtItsEnd) {
  // 172 * 3 = 516 bits is not whole bytes, nor 860 * 3 = 2580 bits: the
  // whole field is one row of 2580 bits -> 323 bytes (322.5; 4 padding bits,
  // where a byte per row would take 5 * 65 = 325 bytes).
  Layout layout = layoutOf("!compress.tensor<5x172xf32, #compress.uniform<"
                           "bits = 3, scale = f32>>");
  expectStorage(layout, "codes", {5, 172}, {323}, "i8", 323);
  expectPackedRow(layout, "codes", 860);
}

TEST_F(LayoutTest, PackedRowsPerRowZeroPoints) {
  // ui4 zero points of shape [M, 1]: 4 bits is not a byte, so all M are one
  // packed row of ceil(M * 4 / 8) bytes. M = 4096: 2048 bytes, no padding.
  Layout layout = layoutOf(
      "!compress.tensor<4096x4096xf16, #compress.uniform<bits = 4, unsigned, "
      "per_axis = 0, scale = f16, zero_point = ui4>>");
  expectStorage(layout, "codes", {4096, 4096}, {4096, 2048}, "i8", 4096 * 2048);
  expectStorage(layout, "scales", {4096, 1}, {4096, 1}, "f16", 8192);
  expectStorage(layout, "zero_points", {4096, 1}, {2048}, "i8", 2048);
  expectPackedRow(layout, "zero_points", 4096);
  // M = 5: 20 bits -> 3 bytes, the last nibble is padding.
  layout = layoutOf("!compress.tensor<5x8xf16, #compress.uniform<bits = 4, "
                    "unsigned, per_axis = 0, scale = f16, zero_point = ui4>>");
  expectStorage(layout, "zero_points", {5, 1}, {3}, "i8", 3);
  expectPackedRow(layout, "zero_points", 5);
  // The codes: 8 * 4 = 32 bits per row, kept.
  expectStorage(layout, "codes", {5, 8}, {5, 4}, "i8", 20);
  // 20 + 10 + 3 = 33 bytes.
  EXPECT_EQ(layout.byteSize, 33);
}

TEST_F(LayoutTest, ValuesPerPackedRow) {
  struct Case {
    const char *type;
    const char *role;
    int64_t valuesPerPackedRow;
    std::vector<int64_t> storageShape;
  };
  // Hand-computed: the last dimensions merged until values * bits % 8 == 0.
  const Case cases[] = {
      // 3 (12 bits), 9 (36), 288 (1152 = 144 bytes).
      {"!compress.tensor<64x32x3x3xf32, #compress.uniform<bits = 4, scale = "
       "f32>>",
       "codes",
       288,
       {64, 144}},
      // 172 (516 bits), then the whole field: 860 (2580 bits -> 323 bytes).
      {"!compress.tensor<5x172xf32, #compress.uniform<bits = 3, scale = "
       "f32>>",
       "codes",
       860,
       {323}},
      // 2 (4 bits), 4 (8 bits = 1 byte).
      {"!compress.tensor<2x3x2x2xf32, #compress.uniform<bits = 2, unsigned, "
       "scale = f32>>",
       "codes",
       4,
       {2, 3, 1}},
      // 3 (21 bits), 1 x 3 (21), 8 x 1 x 3 = 24 (168 bits = 21 bytes): a
      // dimension of 1 is merged on the way.
      {"!compress.tensor<2x8x1x3xf32, #compress.uniform<bits = 7, scale = "
       "f32>>",
       "codes",
       24,
       {2, 21}},
      // 5 (30 bits), 20 (120 bits = 15 bytes).
      {"!compress.tensor<3x4x5xf32, #compress.uniform<bits = 6, unsigned, "
       "scale = f32>>",
       "codes",
       20,
       {3, 15}},
      // 8 (8 bits): nothing merged.
      {"!compress.tensor<3x5x8xf32, #compress.lut<table = sign>>",
       "indices",
       8,
       {3, 5, 1}},
      // Small floats: 5 (20 bits), 15 (60), 45 (180 bits -> 23 bytes).
      {"!compress.tensor<3x3x5xf32, #compress.float<f4E2M1FN>>",
       "codes",
       45,
       {23}},
      // 2 (12 bits), 8 (48 bits = 6 bytes).
      {"!compress.tensor<2x4x2xf32, #compress.float<f6E2M3FN>>",
       "codes",
       8,
       {2, 6}},
      // Zero points [3, 1] of 4 bits: 1 (4 bits), 3 (12 bits -> 2 bytes).
      {"!compress.tensor<3x4xf32, #compress.uniform<bits = 8, per_axis = 0, "
       "scale = f32, zero_point = ui4>>",
       "zero_points",
       3,
       {2}},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.type);
    StorageSpec spec = specOf(c.type, c.role);
    EXPECT_EQ(spec.valuesPerPackedRow, c.valuesPerPackedRow);
    EXPECT_EQ(std::vector<int64_t>(spec.storageShape.begin(),
                                   spec.storageShape.end()),
              c.storageShape);
    // The packed rows hold every value: (leading storage dims) * row = all.
    int64_t rows = 1;
    for (int64_t dim : ArrayRef<int64_t>(spec.storageShape).drop_back())
      rows *= dim;
    EXPECT_EQ(rows * spec.valuesPerPackedRow, spec.getNumValues());
  }
  // A plain field has no packed rows.
  EXPECT_EQ(specOf("!compress.tensor<3x7xf32, #compress.uniform<bits = 3, "
                   "scale = f32>>",
                   "scales")
                .valuesPerPackedRow,
            0);
}

} // namespace
