//===- DecodeTest.cpp - The reference decoder on hand-made values ---------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Small tensors whose stored values are written by hand; each expected
// tensor is worked out in the comment beside it. Values are chosen to be
// exact in binary, so the comparisons are exact.
//
//===----------------------------------------------------------------------===//

#include "lib/Encoding/Decode.h"
#include "test/unit/Encoding/EncodingTestSupport.h"

#include <cmath>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::testing;
using encoding::FieldValues;

namespace {

class DecodeTest : public EncodingTest {
protected:
  Values decodeOf(StringRef typeText, const FieldValues &values) {
    CompressedTensorType type = typeOf(typeText);
    if (!type)
      return {};
    return valueOf(encoding::decode(type, values));
  }
};

//===----------------------------------------------------------------------===//
// #compress.uniform
//===----------------------------------------------------------------------===//

TEST_F(DecodeTest, UniformPerTensor) {
  // 0.5 * [-8, -1, 0, 7].
  EXPECT_EQ(decodeOf("!compress.tensor<2x2xf32, #compress.uniform<bits = 4, "
                     "scale = f32>>",
                     {{"codes", {-8, -1, 0, 7}}, {"scales", {0.5}}}),
            (Values{-4, -0.5, 0, 3.5}));
}

TEST_F(DecodeTest, UniformPerAxisWithZeroPoints) {
  // Row 0: 2 * ([8, 9, 0] - 8) = [0, 2, -16].
  // Row 1: 0.25 * ([1, 5, 15] - 1) = [0, 1, 3.5].
  EXPECT_EQ(decodeOf("!compress.tensor<2x3xf32, #compress.uniform<bits = 4, "
                     "unsigned, per_axis = 0, scale = f32, zero_point = ui4>>",
                     {{"codes", {8, 9, 0, 1, 5, 15}},
                      {"scales", {2, 0.25}},
                      {"zero_points", {8, 1}}}),
            (Values{0, 2, -16, 0, 1, 3.5}));
}

TEST_F(DecodeTest, UniformMinIsSubtractedAfterScaling) {
  // Per column: scales [1, 0.5], mins [0.5, 2]; value = scale * code - min.
  // [1 * 1 - 0.5, 0.5 * 2 - 2, 1 * 7 - 0.5, 0.5 * 0 - 2].
  EXPECT_EQ(
      decodeOf(
          "!compress.tensor<2x2xf32, #compress.uniform<bits = 3, "
          "unsigned, per_axis = 1, scale = f32, min = f32>>",
          {{"codes", {1, 2, 7, 0}}, {"scales", {1, 0.5}}, {"mins", {0.5, 2}}}),
      (Values{0.5, -1, 6.5, -2}));
}

TEST_F(DecodeTest, UniformZeroPointIsSubtractedBeforeScaling) {
  // The same numbers as a zero point: value = scale * (code - zero_point).
  // [1 * (1 - 0.5), 0.5 * (2 - 2), 1 * (7 - 0.5), 0.5 * (0 - 2)].
  EXPECT_EQ(decodeOf("!compress.tensor<2x2xf32, #compress.uniform<bits = 3, "
                     "unsigned, per_axis = 1, scale = f32, zero_point = "
                     "f32>>",
                     {{"codes", {1, 2, 7, 0}},
                      {"scales", {1, 0.5}},
                      {"zero_points", {0.5, 2}}}),
            (Values{0.5, 0, 6.5, -1}));
}

TEST_F(DecodeTest, UniformBlocksWithFloatZeroPoints) {
  // Blocks of [1, 2]: scales [[1, 2], [4, 8]], zero points [[0.5, 0], [0, 1]].
  // Row 0: 1 * ([1, 2] - 0.5) = [0.5, 1.5]; 2 * [3, -1] = [6, -2].
  // Row 1: 4 * [1, -2] = [4, -8];           8 * ([0, 2] - 1) = [-8, 8].
  EXPECT_EQ(decodeOf("!compress.tensor<2x4xf32, #compress.uniform<bits = 3, "
                     "block = [1, 2], scale = f32, zero_point = f16>>",
                     {{"codes", {1, 2, 3, -1, 1, -2, 0, 2}},
                      {"scales", {1, 2, 4, 8}},
                      {"zero_points", {0.5, 0, 0, 1}}}),
            (Values{0.5, 1.5, 6, -2, 4, -8, -8, 8}));
}

TEST_F(DecodeTest, UniformRank3Blocks) {
  // Blocks [2, 1, 2] over [2, 2, 2]: the scale depends on the middle index
  // only. Elements (i, j, k) at 4i + 2j + k; j = 1 at 2, 3, 6, 7 (x 10).
  EXPECT_EQ(
      decodeOf("!compress.tensor<2x2x2xf32, #compress.uniform<bits = "
               "4, block = [2, 1, 2], scale = f32>>",
               {{"codes", {0, 1, 2, 3, 4, 5, 6, 7}}, {"scales", {1, 10}}}),
      (Values{0, 1, 20, 30, 4, 5, 60, 70}));
}

TEST_F(DecodeTest, UniformTwoLevelScalesAndMins) {
  // Parameters [2, 2] (blocks of 4 in a 2 x 8 tensor).
  // scales = 6-bit codes [[4, 8], [2, 6]] times f16 per row [0.25, 0.5]
  //        = [[1, 2], [1, 3]].
  // mins   = 6-bit codes [[1, 3], [8, 0]] times f32 per row [0.5, 0.125]
  //        = [[0.5, 1.5], [1, 0]].
  // Row 0: 1 * [0, 1, 2, 15] - 0.5 = [-0.5, 0.5, 1.5, 14.5]
  //        2 * [0, 1, 2, 3] - 1.5  = [-1.5, 0.5, 2.5, 4.5]
  // Row 1: 1 * [4, 4, 4, 4] - 1    = [3, 3, 3, 3]
  //        3 * [0, 1, 15, 15] - 0  = [0, 3, 45, 45]
  EXPECT_EQ(
      decodeOf(
          "!compress.tensor<2x8xf32, #compress.uniform<bits = 4, unsigned, "
          "block = [1, 4], "
          "scale = #compress.uniform<bits = 6, unsigned, block = [1, 2], "
          "scale = f16>, "
          "min = #compress.uniform<bits = 6, per_axis = 0, scale = f32>>>",
          {{"codes", {0, 1, 2, 15, 0, 1, 2, 3, 4, 4, 4, 4, 0, 1, 15, 15}},
           {"scales.codes", {4, 8, 2, 6}},
           {"scales.scales", {0.25, 0.5}},
           {"mins.codes", {1, 3, 8, 0}},
           {"mins.scales", {0.5, 0.125}}}),
      (Values{-0.5, 0.5, 1.5, 14.5, -1.5, 0.5, 2.5, 4.5, 3, 3, 3, 3, 0, 3, 45,
              45}));
}

//===----------------------------------------------------------------------===//
// #compress.lut
//===----------------------------------------------------------------------===//

TEST_F(DecodeTest, LutCodebookPerRow) {
  // Row 0 looks up [-1, 0, 0.5, 2], row 1 [10, 20, 30, 40].
  EXPECT_EQ(decodeOf("!compress.tensor<2x3xf32, #compress.lut<bits = 2, "
                     "codebook = f16, codebook_axis = 0>>",
                     {{"indices", {0, 3, 2, 1, 1, 3}},
                      {"codebook", {-1, 0, 0.5, 2, 10, 20, 30, 40}}}),
            (Values{-1, 2, 0.5, 20, 20, 40}));
}

TEST_F(DecodeTest, LutCodebookPerColumn) {
  // Column c looks up codebook c: [[1, 2], [3, 4], [5, 6]].
  // Indices [[0, 1, 0], [1, 1, 0]] -> [[1, 4, 5], [2, 4, 5]].
  EXPECT_EQ(decodeOf("!compress.tensor<2x3xf32, #compress.lut<bits = 1, "
                     "codebook = f32, codebook_axis = 1>>",
                     {{"indices", {0, 1, 0, 1, 1, 0}},
                      {"codebook", {1, 2, 3, 4, 5, 6}}}),
            (Values{1, 4, 5, 2, 4, 5}));
}

TEST_F(DecodeTest, LutWithPerColumnScale) {
  // Codebook [-1, 3]; indices [[0, 1], [1, 0]] -> [[-1, 3], [3, -1]];
  // times column scales [2, 10].
  EXPECT_EQ(decodeOf("!compress.tensor<2x2xf32, #compress.lut<bits = 1, "
                     "codebook = f32, per_axis = 1, scale = f32>>",
                     {{"indices", {0, 1, 1, 0}},
                      {"codebook", {-1, 3}},
                      {"scales", {2, 10}}}),
            (Values{-2, 30, 6, -10}));
}

TEST_F(DecodeTest, LutVectorCodebook) {
  // Codewords of 2: #0 = [1, 2], #1 = [-3, 4]. Indices [[1, 0], [0, 1]].
  EXPECT_EQ(decodeOf("!compress.tensor<2x4xf32, #compress.lut<bits = 1, "
                     "codebook = f32, dim = 2>>",
                     {{"indices", {1, 0, 0, 1}}, {"codebook", {1, 2, -3, 4}}}),
            (Values{-3, 4, 1, 2, 1, 2, -3, 4}));
}

TEST_F(DecodeTest, LutVectorCodebookPerBlock) {
  // 4 codebooks (blocks [1, 2] of 2 x 4), 2 codewords of 2 each: codebook
  // value (book b, codeword w, component c) = 4b + 2w + c.
  // (row 0, cols 0-1): book 0, w 1 -> [2, 3];  (row 0, cols 2-3): book 1,
  // w 0 -> [4, 5]; (row 1, cols 0-1): book 2, w 0 -> [8, 9];
  // (row 1, cols 2-3): book 3, w 1 -> [14, 15].
  EXPECT_EQ(
      decodeOf("!compress.tensor<2x4xf32, #compress.lut<bits = 1, "
               "codebook = f32, codebook_block = [1, 2], dim = 2>>",
               {{"indices", {1, 0, 0, 1}},
                {"codebook",
                 {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}}}),
      (Values{2, 3, 4, 5, 8, 9, 14, 15}));
}

TEST_F(DecodeTest, LutNF4WithScale) {
  // NF4 entries 0, 15, 7, 13 are -1, 1, 0 and 0.5626170039176941 (QLoRA,
  // appendix E); rows scaled by 2 and 0.5.
  EXPECT_EQ(decodeOf("!compress.tensor<2x2xf32, #compress.lut<table = nf4, "
                     "per_axis = 0, scale = f32>>",
                     {{"indices", {0, 15, 7, 13}}, {"scales", {2, 0.5}}}),
            (Values{-2, 2, 0, 0.28130850195884705}));
}

TEST_F(DecodeTest, LutNF4EveryEntry) {
  Values indices;
  for (int i = 0; i < 16; ++i)
    indices.push_back(i);
  EXPECT_EQ(
      decodeOf("!compress.tensor<1x16xf32, #compress.lut<table = nf4>>",
               {{"indices", indices}}),
      (Values{-1.0, -0.6961928009986877, -0.5250730514526367,
              -0.39491748809814453, -0.28444138169288635, -0.18477343022823334,
              -0.09105003625154495, 0.0, 0.07958029955625534,
              0.16093020141124725, 0.24611230194568634, 0.33791524171829224,
              0.44070982933044434, 0.5626170039176941, 0.7229568362236023,
              1.0}));
}

TEST_F(DecodeTest, LutSignTable) {
  // Index 0 is -1, index 1 is +1.
  EXPECT_EQ(decodeOf("!compress.tensor<2x2xf32, #compress.lut<table = sign>>",
                     {{"indices", {0, 1, 1, 0}}}),
            (Values{-1, 1, 1, -1}));
}

//===----------------------------------------------------------------------===//
// #compress.float
//===----------------------------------------------------------------------===//

TEST_F(DecodeTest, FloatWithoutScale) {
  EXPECT_EQ(decodeOf("!compress.tensor<1x3xf32, #compress.float<f8E5M2>>",
                     {{"codes", {1, -1.5, 57344}}}),
            (Values{1, -1.5, 57344}));
}

TEST_F(DecodeTest, FloatMXFP4LikeE8M0Scales) {
  // Blocks of 2: [1.5, -6] * 0.25 = [0.375, -1.5]; [0.5, 3] * 8 = [4, 24].
  EXPECT_EQ(decodeOf("!compress.tensor<1x4xf32, #compress.float<f4E2M1FN, "
                     "block = [1, 2], scale = f8E8M0FNU>>",
                     {{"codes", {1.5, -6, 0.5, 3}}, {"scales", {0.25, 8}}}),
            (Values{0.375, -1.5, 4, 24}));
}

TEST_F(DecodeTest, FloatNVFP4LikeNestedScales) {
  // Block scales: e4m3 [1.5, 0.25] times the f32 tensor scale 2 = [3, 0.5].
  // [1, -2] * 3 = [3, -6]; [6, 0.5] * 0.5 = [3, 0.25].
  EXPECT_EQ(decodeOf("!compress.tensor<1x4xf32, #compress.float<f4E2M1FN, "
                     "block = [1, 2], scale = #compress.float<f8E4M3FN, "
                     "scale = f32>>>",
                     {{"codes", {1, -2, 6, 0.5}},
                      {"scales.codes", {1.5, 0.25}},
                      {"scales.scales", {2}}}),
            (Values{3, -6, 3, 0.25}));
}

TEST_F(DecodeTest, FloatPerAxisScale) {
  // Rows scaled by 0.5 and 4.
  EXPECT_EQ(decodeOf("!compress.tensor<2x2xf32, #compress.float<f6E2M3FN, "
                     "per_axis = 0, scale = f16>>",
                     {{"codes", {7.5, -0.125, 1, 2}}, {"scales", {0.5, 4}}}),
            (Values{3.75, -0.0625, 4, 8}));
}

//===----------------------------------------------------------------------===//
// #compress.sparse
//===----------------------------------------------------------------------===//

TEST_F(DecodeTest, Sparse2To4Positions) {
  // Group 0 (cols 0-3): 1 at 0, 2 at 3. Group 1 (cols 4-7): 3 at 5, 4 at 6.
  EXPECT_EQ(decodeOf("!compress.tensor<1x8xf32, #compress.sparse<nm = [2, "
                     "4], values = f32>>",
                     {{"values", {1, 2, 3, 4}}, {"positions", {0, 3, 1, 2}}}),
            (Values{1, 0, 0, 2, 0, 3, 4, 0}));
}

TEST_F(DecodeTest, Sparse1To2AlongAxis0) {
  // Kept [[5, 6], [7, 8]] at row offsets [[1, 0], [0, 1]] in groups of 2
  // rows: W[1][0] = 5, W[0][1] = 6, W[2][0] = 7, W[3][1] = 8.
  EXPECT_EQ(decodeOf("!compress.tensor<4x2xf32, #compress.sparse<nm = [1, "
                     "2], axis = 0, values = f32>>",
                     {{"values", {5, 6, 7, 8}}, {"positions", {1, 0, 0, 1}}}),
            (Values{0, 6, 5, 0, 7, 0, 0, 8}));
}

TEST_F(DecodeTest, Sparse2To4AlongAxis0) {
  // One group of 4 rows; kept [[1, 2], [3, 4]] at [[1, 0], [3, 2]]:
  // column 0 has 1 at row 1 and 3 at row 3; column 1 has 2 at row 0 and 4
  // at row 2.
  EXPECT_EQ(decodeOf("!compress.tensor<4x2xf32, #compress.sparse<nm = [2, "
                     "4], axis = 0, values = f32>>",
                     {{"values", {1, 2, 3, 4}}, {"positions", {1, 0, 3, 2}}}),
            (Values{0, 2, 1, 0, 0, 4, 3, 0}));
}

TEST_F(DecodeTest, Sparse2To4QuantizedValues) {
  // Values 0.5 * [1, -2, 3, -4] at positions [1, 2 | 0, 3].
  EXPECT_EQ(decodeOf("!compress.tensor<1x8xf32, #compress.sparse<nm = [2, "
                     "4], values = #compress.uniform<bits = 4, scale = "
                     "f32>>>",
                     {{"values.codes", {1, -2, 3, -4}},
                      {"values.scales", {0.5}},
                      {"positions", {1, 2, 0, 3}}}),
            (Values{0, 0.5, -1, 0, 1.5, 0, 0, -2}));
}

TEST_F(DecodeTest, SparseBlocks) {
  // Block row 0 keeps block column 1, block row 1 keeps block column 0.
  EXPECT_EQ(decodeOf("!compress.tensor<4x4xf32, #compress.sparse<block = [2, "
                     "2], kept = 2, values = f32>>",
                     {{"values", {1, 2, 3, 4, 5, 6, 7, 8}},
                      {"block_row_ptr", {0, 1, 2}},
                      {"block_col_indices", {1, 0}}}),
            (Values{0, 0, 1, 2, //
                    0, 0, 3, 4, //
                    5, 6, 0, 0, //
                    7, 8, 0, 0}));
}

TEST_F(DecodeTest, SparseBlocksTwoInOneRow) {
  // Row 0 keeps block columns 0 and 2, row 1 keeps block column 1.
  EXPECT_EQ(decodeOf("!compress.tensor<2x6xf32, #compress.sparse<block = [1, "
                     "2], kept = 3, index = i16, values = f32>>",
                     {{"values", {1, 2, 3, 4, 5, 6}},
                      {"block_row_ptr", {0, 2, 3}},
                      {"block_col_indices", {0, 2, 1}}}),
            (Values{1, 2, 0, 0, 3, 4, 0, 0, 5, 6, 0, 0}));
}

TEST_F(DecodeTest, SparseBitmap) {
  // Set bits at 0, 2, 5 take the values in order.
  EXPECT_EQ(decodeOf("!compress.tensor<2x3xf32, #compress.sparse<bitmap, nnz "
                     "= 3, values = f32>>",
                     {{"values", {7, -1, 0.5}}, {"mask", {1, 0, 1, 0, 0, 1}}}),
            (Values{7, 0, -1, 0, 0, 0.5}));
}

TEST_F(DecodeTest, SparseCSR) {
  // Row 0: cols 1, 3; row 1 empty; row 2: cols 0, 2.
  FieldValues values{{"values", {1, 2, 3, 4}},
                     {"row_ptr", {0, 2, 2, 4}},
                     {"col_indices", {1, 3, 0, 2}}};
  Values expected{0, 1, 0, 2, 0, 0, 0, 0, 3, 0, 4, 0};
  EXPECT_EQ(decodeOf("!compress.tensor<3x4xf32, #compress.sparse<csr, nnz = "
                     "4, values = f32>>",
                     values),
            expected);
  EXPECT_EQ(decodeOf("!compress.tensor<3x4xf32, #compress.sparse<csr, nnz = "
                     "4, index = i16, values = f32>>",
                     values),
            expected);
}

TEST_F(DecodeTest, SparseCSRRank3) {
  // Seen as 4 rows of 3: (row 1, col 2) = linear 5, (row 3, col 0) = 9.
  EXPECT_EQ(decodeOf("!compress.tensor<2x2x3xf32, #compress.sparse<csr, nnz "
                     "= 2, values = f32>>",
                     {{"values", {5, 6}},
                      {"row_ptr", {0, 0, 1, 1, 2}},
                      {"col_indices", {2, 0}}}),
            (Values{0, 0, 0, 0, 0, 5, 0, 0, 0, 6, 0, 0}));
}

//===----------------------------------------------------------------------===//
// #compress.lowrank, #compress.permuted
//===----------------------------------------------------------------------===//

TEST_F(DecodeTest, LowRankRank1) {
  // [1, 2, 3]^T x [4, -1].
  EXPECT_EQ(decodeOf("!compress.tensor<3x2xf32, #compress.lowrank<rank = 1, "
                     "u = f32, v = f32>>",
                     {{"u", {1, 2, 3}}, {"v", {4, -1}}}),
            (Values{4, -1, 8, -2, 12, -3}));
}

TEST_F(DecodeTest, LowRankRank2) {
  // U rows [1, 0], [0, 1], [1, 1] pick V row 0, V row 1, their sum.
  EXPECT_EQ(decodeOf("!compress.tensor<3x4xf32, #compress.lowrank<rank = 2, "
                     "u = f32, v = f32>>",
                     {{"u", {1, 0, 0, 1, 1, 1}},
                      {"v", {1, 2, 3, 4, 10, 20, 30, 40}}}),
            (Values{1, 2, 3, 4, 10, 20, 30, 40, 11, 22, 33, 44}));
}

TEST_F(DecodeTest, PermutedColumns) {
  // W[:, perm[j]] = body[:, j] with perm [2, 0, 1]:
  // W[:, 2] = [1, 4], W[:, 0] = [2, 5], W[:, 1] = [3, 6].
  EXPECT_EQ(decodeOf("!compress.tensor<2x3xf32, #compress.permuted<axis = 1, "
                     "body = f32>>",
                     {{"perm", {2, 0, 1}}, {"body", {1, 2, 3, 4, 5, 6}}}),
            (Values{2, 3, 1, 5, 6, 4}));
}

TEST_F(DecodeTest, PermutedRows) {
  // perm [1, 2, 0]: W[1] = body[0], W[2] = body[1], W[0] = body[2].
  EXPECT_EQ(decodeOf("!compress.tensor<3x2xf32, #compress.permuted<axis = 0, "
                     "body = f32>>",
                     {{"perm", {1, 2, 0}}, {"body", {1, 2, 3, 4, 5, 6}}}),
            (Values{5, 6, 1, 2, 3, 4}));
}

TEST_F(DecodeTest, PermutedGroupQuantizedBody) {
  // Body: blocks of 2 with scales [[1, 10], [0.5, 2]]:
  //   [[1, 2, 30, 40], [-0.5, -1, -6, -8]].
  // perm [3, 0, 2, 1]: W[:, 3] = body[:, 0], W[:, 0] = body[:, 1],
  //   W[:, 2] = body[:, 2], W[:, 1] = body[:, 3].
  EXPECT_EQ(decodeOf("!compress.tensor<2x4xf32, #compress.permuted<axis = 1, "
                     "body = #compress.uniform<bits = 4, block = [1, 2], "
                     "scale = f32>>>",
                     {{"perm", {3, 0, 2, 1}},
                      {"body.codes", {1, 2, 3, 4, -1, -2, -3, -4}},
                      {"body.scales", {1, 10, 0.5, 2}}}),
            (Values{2, 40, 30, 1, -1, -8, -6, -0.5}));
}

//===----------------------------------------------------------------------===//
// #compress.sum, #compress.product, compositions
//===----------------------------------------------------------------------===//

TEST_F(DecodeTest, SumOfQuantizedAndOutliers) {
  // 0.5 * [1, -1, 0, -2] + (10 at row 0, column 1).
  EXPECT_EQ(decodeOf("!compress.tensor<2x2xf32, #compress.sum<"
                     "#compress.uniform<bits = 2, scale = f32>, "
                     "#compress.sparse<csr, nnz = 1, values = f32>>>",
                     {{"term0.codes", {1, -1, 0, -2}},
                      {"term0.scales", {0.5}},
                      {"term1.values", {10}},
                      {"term1.row_ptr", {0, 1, 1}},
                      {"term1.col_indices", {1}}}),
            (Values{0.5, 9.5, 0, -1}));
}

TEST_F(DecodeTest, SumOfPlainTerms) {
  EXPECT_EQ(decodeOf("!compress.tensor<1x3xf32, #compress.sum<f32, f32, "
                     "f16>>",
                     {{"term0", {1, 2, 3}},
                      {"term1", {10, 20, 30}},
                      {"term2", {0.5, 0.5, 0.5}}}),
            (Values{11.5, 22.5, 33.5}));
}

TEST_F(DecodeTest, ProductSignTimesLowRank) {
  // Signs [[+, -, +], [-, -, +]] times [2, 3]^T x [1, 0.5, 4]
  //   = [[2, 1, 8], [3, 1.5, 12]].
  EXPECT_EQ(decodeOf("!compress.tensor<2x3xf32, #compress.product<"
                     "#compress.lut<table = sign>, "
                     "#compress.lowrank<rank = 1, u = f32, v = f32>>>",
                     {{"factor0.indices", {1, 0, 1, 0, 0, 1}},
                      {"factor1.u", {2, 3}},
                      {"factor1.v", {1, 0.5, 4}}}),
            (Values{2, -1, 8, -3, -1.5, 12}));
}

TEST_F(DecodeTest, NestedResultsAreRoundedToF32) {
  // (1 + 2^-20)^2 = 1 + 2^-19 + 2^-40 needs more than f32's 24 bits: a
  // nested factor is rounded to 1 + 2^-19, a top-level result is not.
  double a = 1 + std::ldexp(1.0, -20);
  FieldValues nested{{"factor0.indices", {1, 1, 1, 1}},
                     {"factor1.u", {a, 1}},
                     {"factor1.v", {a, 1}}};
  EXPECT_EQ(decodeOf("!compress.tensor<2x2xf32, #compress.product<"
                     "#compress.lut<table = sign>, "
                     "#compress.lowrank<rank = 1, u = f32, v = f32>>>",
                     nested),
            (Values{1 + std::ldexp(1.0, -19), a, a, 1}));
  EXPECT_EQ(decodeOf("!compress.tensor<2x2xf32, #compress.lowrank<rank = 1, "
                     "u = f32, v = f32>>",
                     {{"u", {a, 1}}, {"v", {a, 1}}}),
            (Values{1 + std::ldexp(1.0, -19) + std::ldexp(1.0, -40), a, a, 1}));
}

TEST_F(DecodeTest, PermutedSumOfNestedParts) {
  // term0: 2-bit codes, per-row scales e4m3 [0.5, 2] x f32 4 = [2, 8],
  //   zero points [1, 2]: row 0 = 2 * ([0, 1, 2, 3] - 1) = [-2, 0, 2, 4],
  //   row 1 = 8 * ([3, 2, 1, 0] - 2) = [8, 0, -8, -16].
  // term1: 1 of 4 per row: 100 at column 2, -100 at column 0.
  // body = [[-2, 0, 102, 4], [-92, 0, -8, -16]].
  // perm [1, 2, 3, 0]: W[:, 1] = body[:, 0], W[:, 2] = body[:, 1],
  //   W[:, 3] = body[:, 2], W[:, 0] = body[:, 3].
  EXPECT_EQ(
      decodeOf("!compress.tensor<2x4xf32, #compress.permuted<axis = 1, body "
               "= #compress.sum<"
               "#compress.uniform<bits = 2, unsigned, per_axis = 0, scale = "
               "#compress.float<f8E4M3FN, scale = f32>, zero_point = ui2>, "
               "#compress.sparse<nm = [1, 4], values = f32>>>>",
               {{"perm", {1, 2, 3, 0}},
                {"body.term0.codes", {0, 1, 2, 3, 3, 2, 1, 0}},
                {"body.term0.scales.codes", {0.5, 2}},
                {"body.term0.scales.scales", {4}},
                {"body.term0.zero_points", {1, 2}},
                {"body.term1.values", {100, -100}},
                {"body.term1.positions", {2, 0}}}),
      (Values{4, -2, 0, 102, -16, -92, 0, -8}));
}

TEST_F(DecodeTest, ExtraRolesAreIgnored) {
  EXPECT_EQ(decodeOf("!compress.tensor<1x2xf32, #compress.uniform<bits = 4, "
                     "scale = f32>>",
                     {{"codes", {1, 2}}, {"scales", {3}}, {"unused", {9}}}),
            (Values{3, 6}));
}

} // namespace
