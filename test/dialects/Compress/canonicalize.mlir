// RUN: compress-opt %s --canonicalize --split-input-file | FileCheck %s

// compress.decode of a compress.constant with at most 1024 elements folds to
// an arith.constant. Every expected value below is computed by hand from the
// stored bytes. Packed fields are written LSB-first in row-major order; the
// trailing dimensions are merged, from the last, until their values fill
// whole bytes (or the whole field is merged, then padded at its end only),
// and the storage keeps the unmerged leading dimensions. i8 storage prints
// bytes >= 128 as negative.

// 2x4 unsigned 4-bit, one scale and one ui4 zero point per row:
//   value = scale * (code - zero_point)
// codes row 0 = [0, 1, 2, 15]: bytes 0x10 = 16, 0xF2 = 242 = -14
// codes row 1 = [3, 4, 5, 6]:  bytes 0x43 = 67, 0x65 = 101
// scales = [0.5, 2.0]; zero points (ui4, one per row) = [8, 3]: a [2, 1] field
//   whose rows of 4 bits do not fill a byte, so both share one: 8 | 3<<4 = 0x38 = 56
//   row 0: 0.5 * ([0, 1, 2, 15] - 8) = [-4, -3.5, -3, 3.5]
//   row 1: 2.0 * ([3, 4, 5, 6] - 3)  = [0, 2, 4, 6]
// CHECK-LABEL: func.func @uniform_unsigned_zero_point
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[-4.000000e+00, -3.500000e+00, -3.000000e+00, 3.500000e+00], [0.000000e+00, 2.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x4xf32>
// CHECK-NOT:     compress.
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x4xf32, #compress.uniform<bits = 4, unsigned, per_axis = 0, scale = f32, zero_point = ui4>>
func.func @uniform_unsigned_zero_point() -> tensor<2x4xf32> {
  %w = compress.constant {codes = dense<[[16, -14], [67, 101]]> : tensor<2x2xi8>,
                          scales = dense<[[0.5], [2.0]]> : tensor<2x1xf32>,
                          zero_points = dense<[56]> : tensor<1xi8>} : !t
  %d = compress.decode %w : !t -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}

// -----

// 2x4 signed (two's complement) 4-bit, symmetric, one scale per row:
//   value = scale * code
// codes row 0 = [-8, 7, -1, 0]: nibbles [0x8, 0x7, 0xF, 0x0]
//   bytes 0x78 = 120, 0x0F = 15
// codes row 1 = [1, -2, 3, -4]: nibbles [0x1, 0xE, 0x3, 0xC]
//   bytes 0xE1 = 225 = -31, 0xC3 = 195 = -61
// scales = [0.5, 0.25]
//   row 0: 0.5  * [-8, 7, -1, 0] = [-4, 3.5, -0.5, 0]
//   row 1: 0.25 * [1, -2, 3, -4] = [0.25, -0.5, 0.75, -1]
// CHECK-LABEL: func.func @uniform_signed_per_axis
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[-4.000000e+00, 3.500000e+00, -5.000000e-01, 0.000000e+00], [2.500000e-01, -5.000000e-01, 7.500000e-01, -1.000000e+00]]> : tensor<2x4xf32>
// CHECK-NOT:     compress.
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x4xf32, #compress.uniform<bits = 4, per_axis = 0, scale = f32>>
func.func @uniform_signed_per_axis() -> tensor<2x4xf32> {
  %w = compress.constant {codes = dense<[[120, 15], [-31, -61]]> : tensor<2x2xi8>,
                          scales = dense<[[0.5], [0.25]]> : tensor<2x1xf32>} : !t
  %d = compress.decode %w : !t -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}

// -----

// One scale per column (per_axis = 1) of signed 8-bit codes.
// codes = [[-128, 127, 2], [1, -1, 64]], scales = [0.25, 1.0, 0.5]
//   row 0: [-128 * 0.25, 127 * 1, 2 * 0.5] = [-32, 127, 1]
//   row 1: [1 * 0.25, -1 * 1, 64 * 0.5]    = [0.25, -1, 32]
// CHECK-LABEL: func.func @uniform_signed_per_column
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[-3.200000e+01, 1.270000e+02, 1.000000e+00], [2.500000e-01, -1.000000e+00, 3.200000e+01]]> : tensor<2x3xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x3xf32, #compress.uniform<bits = 8, per_axis = 1, scale = f32>>
func.func @uniform_signed_per_column() -> tensor<2x3xf32> {
  %w = compress.constant {codes = dense<[[-128, 127, 2], [1, -1, 64]]> : tensor<2x3xi8>,
                          scales = dense<[[0.25, 1.0, 0.5]]> : tensor<1x3xf32>} : !t
  %d = compress.decode %w : !t -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// -----

// Unsigned 3-bit codes [5, 3, 7, 1, 6, 0, 2, 4]: code j is bits [3j, 3j+3) of
// the row, so codes 2 and 5 straddle byte boundaries.
//   bit:   7 6 5 4 3 2 1 0
//   byte0: 1 1 0 1 1 1 0 1  (c2 bits 1..0 = 11, c1 = 011, c0 = 101) = 0xDD = 221 = -35
//   byte1: 0 1 1 0 0 0 1 1  (c5 bit 0 = 0, c4 = 110, c3 = 001, c2 bit 2 = 1) = 0x63 = 99
//   byte2: 1 0 0 0 1 0 0 0  (c7 = 100, c6 = 010, c5 bits 2..1 = 00) = 0x88 = 136 = -120
// One per-tensor scale 0.5: values = 0.5 * codes.
// CHECK-LABEL: func.func @uniform_3bit_straddling_bytes
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[2.500000e+00, 1.500000e+00, 3.500000e+00, 5.000000e-01, 3.000000e+00, 0.000000e+00, 1.000000e+00, 2.000000e+00]]> : tensor<1x8xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<1x8xf32, #compress.uniform<bits = 3, unsigned, scale = f32>>
func.func @uniform_3bit_straddling_bytes() -> tensor<1x8xf32> {
  %w = compress.constant {codes = dense<[[-35, 99, -120]]> : tensor<1x3xi8>,
                          scales = dense<0.5> : tensor<1x1xf32>} : !t
  %d = compress.decode %w : !t -> tensor<1x8xf32>
  return %d : tensor<1x8xf32>
}

// -----

// 3-bit rows of 3 codes take 9 bits, not whole bytes, so the two rows are
// packed as one: 6 codes, 18 bits, 3 bytes (storage [3], not [2, 2]); only
// the last 6 bits are padding.
// codes [7, 0, 5, 1, 6, 2]: code j is bits [3j, 3j+3) (LSB first)
//   bits 0..17 = 111 000 101 100 011 010
//   byte0 = bits 0..7   = 0b01000111 = 71
//   byte1 = bits 8..15  = 0b01100011 = 99  (c2 bit 2, c3 = 001, c4 = 110, c5 bit 0)
//   byte2 = bits 16..17 = 0b00000001 = 1   (c5 bits 2..1 = 01, then padding)
// Scale 1: values = codes.
// CHECK-LABEL: func.func @uniform_3bit_rows_share_bytes
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[7.000000e+00, 0.000000e+00, 5.000000e+00], [1.000000e+00, 6.000000e+00, 2.000000e+00]]> : tensor<2x3xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x3xf32, #compress.uniform<bits = 3, unsigned, scale = f32>>
func.func @uniform_3bit_rows_share_bytes() -> tensor<2x3xf32> {
  %w = compress.constant {codes = dense<[71, 99, 1]> : tensor<3xi8>,
                          scales = dense<1.0> : tensor<1x1xf32>} : !t
  %d = compress.decode %w : !t -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// -----

// value = scale * code - min (K-quant form), one scale and min per block of 2.
// codes (4-bit unsigned) = [1, 3, 10, 15]: bytes 0x31 = 49, 0xFA = 250 = -6
// scales = [0.5, 0.25], mins = [1.0, -2.0]
//   [0.5*1 - 1, 0.5*3 - 1, 0.25*10 + 2, 0.25*15 + 2] = [-0.5, 0.5, 4.5, 5.75]
// CHECK-LABEL: func.func @uniform_min
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[-5.000000e-01, 5.000000e-01, 4.500000e+00, 5.750000e+00]]> : tensor<1x4xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<1x4xf32, #compress.uniform<bits = 4, unsigned, block = [1, 2], scale = f32, min = f32>>
func.func @uniform_min() -> tensor<1x4xf32> {
  %w = compress.constant {codes = dense<[[49, -6]]> : tensor<1x2xi8>,
                          scales = dense<[[0.5, 0.25]]> : tensor<1x2xf32>,
                          mins = dense<[[1.0, -2.0]]> : tensor<1x2xf32>} : !t
  %d = compress.decode %w : !t -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

// -----

// Two-level scales: the two block scales are 4-bit unsigned codes [3, 12]
// (byte 0xC3 = 195 = -61) times a per-tensor f32 super scale 0.125:
//   scales = [0.375, 1.5]
// codes (8-bit signed) = [2, -4, 1, 10]
//   [0.375*2, 0.375*-4, 1.5*1, 1.5*10] = [0.75, -1.5, 1.5, 15]
// CHECK-LABEL: func.func @uniform_encoded_scale
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[7.500000e-01, -1.500000e+00, 1.500000e+00, 1.500000e+01]]> : tensor<1x4xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<1x4xf32, #compress.uniform<bits = 8, block = [1, 2], scale = #compress.uniform<bits = 4, unsigned, scale = f32>>>
func.func @uniform_encoded_scale() -> tensor<1x4xf32> {
  %w = compress.constant {codes = dense<[[2, -4, 1, 10]]> : tensor<1x4xi8>,
                          scales.codes = dense<[[-61]]> : tensor<1x1xi8>,
                          scales.scales = dense<0.125> : tensor<1x1xf32>} : !t
  %d = compress.decode %w : !t -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

// -----

// The decoded values are rounded to the f16 element type:
// scale f32(0.1) = 0.100000001490116..., codes [1, 3]
//   0.1000000015  -> f16 0x2E66 = 1638 * 2^-14 = 0.0999755859375
//   0.3000000045  -> f16: 0.3000000045 / 2^-12 = 1228.80002 -> 1229 * 2^-12 = 0.300048828125
// CHECK-LABEL: func.func @uniform_rounded_to_f16
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[9.997550e-02, 3.000490e-01]]> : tensor<1x2xf16>
// CHECK:         return %[[CST]]
!t = !compress.tensor<1x2xf16, #compress.uniform<bits = 8, scale = f32>>
func.func @uniform_rounded_to_f16() -> tensor<1x2xf16> {
  %w = compress.constant {codes = dense<[[1, 3]]> : tensor<1x2xi8>,
                          scales = dense<0.1> : tensor<1x1xf32>} : !t
  %d = compress.decode %w : !t -> tensor<1x2xf16>
  return %d : tensor<1x2xf16>
}

// -----

// A rank-3 tensor with one scale per index of the middle dimension:
// codes [[[1, 2], [3, 4]], [[5, 6], [7, 8]]], scales [10, 100] (shape 1x2x1)
//   W[i][0][k] = 10 * code, W[i][1][k] = 100 * code
// CHECK-LABEL: func.func @uniform_rank3_per_axis
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}{{\[}}[1.000000e+01, 2.000000e+01], [3.000000e+02, 4.000000e+02]], {{\[}}[5.000000e+01, 6.000000e+01], [7.000000e+02, 8.000000e+02]]]> : tensor<2x2x2xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x2x2xf32, #compress.uniform<bits = 8, per_axis = 1, scale = f32>>
func.func @uniform_rank3_per_axis() -> tensor<2x2x2xf32> {
  %w = compress.constant {codes = dense<[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]> : tensor<2x2x2xi8>,
                          scales = dense<[[[10.0], [100.0]]]> : tensor<1x2x1xf32>} : !t
  %d = compress.decode %w : !t -> tensor<2x2x2xf32>
  return %d : tensor<2x2x2xf32>
}

// -----

// A rank-1 tensor in blocks of 3, signed 2-bit codes with ui2 zero points.
// codes: the 6 x 2 bits of the row take 2 bytes:
//   0xE4 = 228 = -28 -> fields [0, 1, 2, 3], 0x01 -> fields [1, 0]
//   as signed 2-bit codes: [0, 1, -2, -1, 1, 0]
// zero points (ui2) [1, 2]: 1 | 2<<2 = 9; scales [1, 3]
//   block 0: 1 * ([0, 1, -2] - 1) = [-1, 0, -3]
//   block 1: 3 * ([-1, 1, 0] - 2) = [-9, -3, -6]
// CHECK-LABEL: func.func @uniform_rank1_signed_block
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<[-1.000000e+00, 0.000000e+00, -3.000000e+00, -9.000000e+00, -3.000000e+00, -6.000000e+00]> : tensor<6xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<6xf32, #compress.uniform<bits = 2, block = [3], scale = f32, zero_point = ui2>>
func.func @uniform_rank1_signed_block() -> tensor<6xf32> {
  %w = compress.constant {codes = dense<[-28, 1]> : tensor<2xi8>,
                          scales = dense<[1.0, 3.0]> : tensor<2xf32>,
                          zero_points = dense<[9]> : tensor<1xi8>} : !t
  %d = compress.decode %w : !t -> tensor<6xf32>
  return %d : tensor<6xf32>
}

// -----

// 2-bit indices into one stored f32 codebook per row (codebook_axis = 0).
// codebook row 0 = [-1.5, -0.5, 0.5, 1.5], row 1 = [0, 0.25, 1, 4]
// indices row 0 = [3, 0, 2, 1]: 3 | 0<<2 | 2<<4 | 1<<6 = 99
// indices row 1 = [0, 3, 3, 2]: 0 | 3<<2 | 3<<4 | 2<<6 = 188 = -68
//   row 0: [1.5, -1.5, 0.5, -0.5]; row 1: [0, 4, 4, 1]
// CHECK-LABEL: func.func @lut_codebook
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[1.500000e+00, -1.500000e+00, 5.000000e-01, -5.000000e-01], [0.000000e+00, 4.000000e+00, 4.000000e+00, 1.000000e+00]]> : tensor<2x4xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x4xf32, #compress.lut<bits = 2, codebook = f32, codebook_axis = 0>>
func.func @lut_codebook() -> tensor<2x4xf32> {
  %w = compress.constant {indices = dense<[[99], [-68]]> : tensor<2x1xi8>,
                          codebook = dense<[[[[-1.5], [-0.5], [0.5], [1.5]]], [[[0.0], [0.25], [1.0], [4.0]]]]> : tensor<2x1x4x1xf32>} : !t
  %d = compress.decode %w : !t -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}

// -----

// Vector codebook: 1-bit indices select codewords of 2 values.
// codebook = [[1, 2], [-3, 0.5]], indices = [1, 0]: a [1, 2] field of 2 bits,
// packed whole into storage [1]: byte 0b01 = 1
//   [-3, 0.5, 1, 2]
// CHECK-LABEL: func.func @lut_vector
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[-3.000000e+00, 5.000000e-01, 1.000000e+00, 2.000000e+00]]> : tensor<1x4xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<1x4xf32, #compress.lut<bits = 1, codebook = f32, dim = 2>>
func.func @lut_vector() -> tensor<1x4xf32> {
  %w = compress.constant {indices = dense<[1]> : tensor<1xi8>,
                          codebook = dense<[[[[1.0, 2.0], [-3.0, 0.5]]]]> : tensor<1x1x2x2xf32>} : !t
  %d = compress.decode %w : !t -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

// -----

// Vector codebooks per block: codewords of 2 values, one codebook of 2
// codewords per 1x2 block (codebook_block = [1, 2]) of a 2x4 tensor.
// codebook (r, c) entry e = [[[0,1],[2,3]], [[4,5],[6,7]]; [[8,9],[10,11]], [[12,13],[14,15]]]
// indices row 0 = [1, 0], row 1 = [0, 1]: a [2, 2] field of 1-bit indices,
//   4 bits in all, packed into storage [1]: 0b1001 = 9
//   row 0: book (0,0)[1] = [2, 3], book (0,1)[0] = [4, 5]
//   row 1: book (1,0)[0] = [8, 9], book (1,1)[1] = [14, 15]
// CHECK-LABEL: func.func @lut_vector_codebook_block
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00], [8.000000e+00, 9.000000e+00, 1.400000e+01, 1.500000e+01]]> : tensor<2x4xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x4xf32, #compress.lut<bits = 1, codebook = f32, codebook_block = [1, 2], dim = 2>>
func.func @lut_vector_codebook_block() -> tensor<2x4xf32> {
  %w = compress.constant {indices = dense<[9]> : tensor<1xi8>,
                          codebook = dense<[[[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [6.0, 7.0]]], [[[8.0, 9.0], [10.0, 11.0]], [[12.0, 13.0], [14.0, 15.0]]]]> : tensor<2x2x2x2xf32>} : !t
  %d = compress.decode %w : !t -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}

// -----

// NF4 with one f32 scale per block of 4:
// indices [0, 7, 15, 12]: bytes 0 | 7<<4 = 112, 15 | 12<<4 = 207 = -49
// NF4 table: [0] = -1, [7] = 0, [15] = 1, [12] = 0.44070982933044434
// scale 0.5: [-0.5, 0, 0.5, 0.22035491466522217 -> f32 0.220354915]
// CHECK-LABEL: func.func @lut_nf4_scaled
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[-5.000000e-01, 0.000000e+00, 5.000000e-01, 0.220354915]]> : tensor<1x4xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<1x4xf32, #compress.lut<table = nf4, block = [1, 4], scale = f32>>
func.func @lut_nf4_scaled() -> tensor<1x4xf32> {
  %w = compress.constant {indices = dense<[[112, -49]]> : tensor<1x2xi8>,
                          scales = dense<0.5> : tensor<1x1xf32>} : !t
  %d = compress.decode %w : !t -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

// -----

// MX-style f4E2M1FN with one f8E8M0FNU (power of two) scale per block of 4.
// E2M1 codes: 0x1 = 0.5, 0x3 = 1.5, 0xC = -2, 0x7 = 6, 0x5 = 3, 0x9 = -0.5,
// 0x6 = 4, 0x0 = 0; bytes 0x31 = 49, 0x7C = 124, 0x95 = 149 = -107, 0x06 = 6
// scales = [2^1, 2^-2] = [2, 0.25]
//   [1, 3, -4, 12, 0.75, -0.125, 1, 0]
// CHECK-LABEL: func.func @float_f4_e8m0_scale
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 3.000000e+00, -4.000000e+00, 1.200000e+01, 7.500000e-01, -1.250000e-01, 1.000000e+00, 0.000000e+00]]> : tensor<1x8xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<1x8xf32, #compress.float<f4E2M1FN, block = [1, 4], scale = f8E8M0FNU>>
func.func @float_f4_e8m0_scale() -> tensor<1x8xf32> {
  %w = compress.constant {codes = dense<[[49, 124, -107, 6]]> : tensor<1x4xi8>,
                          scales = dense<[[2.0, 0.25]]> : tensor<1x2xf8E8M0FNU>} : !t
  %d = compress.decode %w : !t -> tensor<1x8xf32>
  return %d : tensor<1x8xf32>
}

// -----

// 2:4 sparsity: 2 kept values per group of 4 with 2-bit positions.
// values row 0 = [1, 2, 3, 4], positions [0, 3, 1, 2]:
//   0 | 3<<2 | 1<<4 | 2<<6 = 156 = -100 -> [1, 0, 0, 2, 0, 3, 4, 0]
// values row 1 = [-1, -2, -3, -4], positions [2, 3, 0, 1]:
//   2 | 3<<2 | 0<<4 | 1<<6 = 78 -> [0, 0, -1, -2, -3, -4, 0, 0]
// CHECK-LABEL: func.func @sparse_2_4
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 0.000000e+00, 0.000000e+00, 2.000000e+00, 0.000000e+00, 3.000000e+00, 4.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00, -1.000000e+00, -2.000000e+00, -3.000000e+00, -4.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<2x8xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x8xf32, #compress.sparse<nm = [2, 4], values = f32>>
func.func @sparse_2_4() -> tensor<2x8xf32> {
  %w = compress.constant {values = dense<[[1.0, 2.0, 3.0, 4.0], [-1.0, -2.0, -3.0, -4.0]]> : tensor<2x4xf32>,
                          positions = dense<[[-100], [78]]> : tensor<2x1xi8>} : !t
  %d = compress.decode %w : !t -> tensor<2x8xf32>
  return %d : tensor<2x8xf32>
}

// -----

// N:M along rows (axis = 0): 2 of every 4 rows of each column are kept.
// kept values [[1, 2], [3, 4]] (kept row j of group 0 = slot j)
// positions (2-bit, a [2, 2] field: rows of 4 bits share one byte, storage [1])
//   kept row 0 = [0, 1], kept row 1 = [3, 2]:
//   0 | 1<<2 | 3<<4 | 2<<6 = 180 = -76
//   column 0 keeps rows 0, 3 -> W[0][0] = 1, W[3][0] = 3
//   column 1 keeps rows 1, 2 -> W[1][1] = 2, W[2][1] = 4
// CHECK-LABEL: func.func @sparse_nm_axis0
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 0.000000e+00], [0.000000e+00, 2.000000e+00], [0.000000e+00, 4.000000e+00], [3.000000e+00, 0.000000e+00]]> : tensor<4x2xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<4x2xf32, #compress.sparse<nm = [2, 4], axis = 0, values = f32>>
func.func @sparse_nm_axis0() -> tensor<4x2xf32> {
  %w = compress.constant {values = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>,
                          positions = dense<[-76]> : tensor<1xi8>} : !t
  %d = compress.decode %w : !t -> tensor<4x2xf32>
  return %d : tensor<4x2xf32>
}

// -----

// Bitmap: mask row 0 = [1, 0, 0, 1], row 1 = [0, 1, 0, 0]; rows of 4 bits
// share one byte (storage [1]): 0b0010_1001 = 41;
// the 3 values [1.5, -2, 4] fill the set bits in row-major order.
//   [[1.5, 0, 0, -2], [0, 4, 0, 0]]
// CHECK-LABEL: func.func @sparse_bitmap
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[1.500000e+00, 0.000000e+00, 0.000000e+00, -2.000000e+00], [0.000000e+00, 4.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<2x4xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x4xf32, #compress.sparse<bitmap, nnz = 3, values = f32>>
func.func @sparse_bitmap() -> tensor<2x4xf32> {
  %w = compress.constant {values = dense<[1.5, -2.0, 4.0]> : tensor<3xf32>,
                          mask = dense<[41]> : tensor<1xi8>} : !t
  %d = compress.decode %w : !t -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}

// -----

// 1x2 blocks, 2 kept (block row pointers [0, 1, 2], block columns [1, 0]),
// the kept blocks quantized to signed 4 bits with one scale per block:
//   block 0 codes [3, -2] (0xE3 = 227 = -29) * 0.5  = [1.5, -1]   -> row 0, cols 2..3
//   block 1 codes [7, -8] (0x87 = 135 = -121) * 0.25 = [1.75, -2] -> row 1, cols 0..1
// CHECK-LABEL: func.func @sparse_block_encoded_values
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[0.000000e+00, 0.000000e+00, 1.500000e+00, -1.000000e+00], [1.750000e+00, -2.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<2x4xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x4xf32, #compress.sparse<block = [1, 2], kept = 2, values = #compress.uniform<bits = 4, per_axis = 0, scale = f32>>>
func.func @sparse_block_encoded_values() -> tensor<2x4xf32> {
  %w = compress.constant {values.codes = dense<[[-29], [-121]]> : tensor<2x1xi8>,
                          values.scales = dense<[[0.5], [0.25]]> : tensor<2x1xf32>,
                          block_row_ptr = dense<[0, 1, 2]> : tensor<3xi32>,
                          block_col_indices = dense<[1, 0]> : tensor<2xi32>} : !t
  %d = compress.decode %w : !t -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}

// -----

// CSR outliers in a 3x4 tensor with i16 indices:
// row_ptr = [0, 2, 2, 4], col_indices = [0, 3, 1, 2], values = [1.5, -2, 4, 0.5]
//   row 0: cols 0, 3 -> [1.5, 0, 0, -2]; row 1: empty; row 2: cols 1, 2 -> [0, 4, 0.5, 0]
// CHECK-LABEL: func.func @sparse_csr
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[1.500000e+00, 0.000000e+00, 0.000000e+00, -2.000000e+00], [0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 4.000000e+00, 5.000000e-01, 0.000000e+00]]> : tensor<3x4xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<3x4xf32, #compress.sparse<csr, nnz = 4, index = i16, values = f32>>
func.func @sparse_csr() -> tensor<3x4xf32> {
  %w = compress.constant {values = dense<[1.5, -2.0, 4.0, 0.5]> : tensor<4xf32>,
                          row_ptr = dense<[0, 2, 2, 4]> : tensor<4xi16>,
                          col_indices = dense<[0, 3, 1, 2]> : tensor<4xi16>} : !t
  %d = compress.decode %w : !t -> tensor<3x4xf32>
  return %d : tensor<3x4xf32>
}

// -----

// Rank-1 factorization: U = [[2], [-1]], V = [[1, 0.5, -3]]
//   U * V = [[2, 1, -6], [-1, -0.5, 3]]
// CHECK-LABEL: func.func @lowrank
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[2.000000e+00, 1.000000e+00, -6.000000e+00], [-1.000000e+00, -5.000000e-01, 3.000000e+00]]> : tensor<2x3xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x3xf32, #compress.lowrank<rank = 1, u = f32, v = f32>>
func.func @lowrank() -> tensor<2x3xf32> {
  %w = compress.constant {u = dense<[[2.0], [-1.0]]> : tensor<2x1xf32>,
                          v = dense<[[1.0, 0.5, -3.0]]> : tensor<1x3xf32>} : !t
  %d = compress.decode %w : !t -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// -----

// Columns permuted: W[:, perm[j]] = body[:, j] with perm = [2, 0, 1].
// body = [[1, 2, 3], [4, 5, 6]]
//   W[:, 2] = body[:, 0], W[:, 0] = body[:, 1], W[:, 1] = body[:, 2]
//   W = [[2, 3, 1], [5, 6, 4]]
// CHECK-LABEL: func.func @permuted
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[2.000000e+00, 3.000000e+00, 1.000000e+00], [5.000000e+00, 6.000000e+00, 4.000000e+00]]> : tensor<2x3xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x3xf32, #compress.permuted<axis = 1, body = f32>>
func.func @permuted() -> tensor<2x3xf32> {
  %w = compress.constant {perm = dense<[2, 0, 1]> : tensor<3xi32>,
                          body = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>} : !t
  %d = compress.decode %w : !t -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// -----

// Rows permuted (axis = 0) over an encoded body: perm = [1, 0],
// body = 8-bit codes [[1, 2], [3, 4]] times per-tensor scale 2
//   = [[2, 4], [6, 8]]; W[perm[j], :] = body[j, :] -> W = [[6, 8], [2, 4]]
// CHECK-LABEL: func.func @permuted_rows_encoded_body
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[6.000000e+00, 8.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x2xf32, #compress.permuted<axis = 0, body = #compress.uniform<bits = 8, scale = f32>>>
func.func @permuted_rows_encoded_body() -> tensor<2x2xf32> {
  %w = compress.constant {perm = dense<[1, 0]> : tensor<2xi32>,
                          body.codes = dense<[[1, 2], [3, 4]]> : tensor<2x2xi8>,
                          body.scales = dense<2.0> : tensor<1x1xf32>} : !t
  %d = compress.decode %w : !t -> tensor<2x2xf32>
  return %d : tensor<2x2xf32>
}

// -----

// term0: 8-bit codes [[2, -4], [6, 0]] times per-tensor scale 0.5 = [[1, -2], [3, 0]]
// term1: stored f32 [[0.25, 0.25], [-1, 10]]
//   sum = [[1.25, -1.75], [2, 10]]
// CHECK-LABEL: func.func @sum
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[1.250000e+00, -1.750000e+00], [2.000000e+00, 1.000000e+01]]> : tensor<2x2xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x2xf32, #compress.sum<#compress.uniform<bits = 8, scale = f32>, f32>>
func.func @sum() -> tensor<2x2xf32> {
  %w = compress.constant {term0.codes = dense<[[2, -4], [6, 0]]> : tensor<2x2xi8>,
                          term0.scales = dense<0.5> : tensor<1x1xf32>,
                          term1 = dense<[[0.25, 0.25], [-1.0, 10.0]]> : tensor<2x2xf32>} : !t
  %d = compress.decode %w : !t -> tensor<2x2xf32>
  return %d : tensor<2x2xf32>
}

// -----

// Three terms: a body, CSR outliers and a dense correction.
// term0: 2-bit unsigned codes [[0, 1, 2, 3]] (0b11100100 = 228 = -28), scale 1
//   = [0, 1, 2, 3]
// term1: one outlier 100 at column 2 (row_ptr [0, 1], col_indices [2])
// term2: a stored f32 term [0.5, 0.5, 0.5, 0.5]
//   sum = [0.5, 1.5, 102.5, 3.5]
// CHECK-LABEL: func.func @sum_three_terms
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[5.000000e-01, 1.500000e+00, 1.025000e+02, 3.500000e+00]]> : tensor<1x4xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<1x4xf32, #compress.sum<#compress.uniform<bits = 2, unsigned, scale = f32>, #compress.sparse<csr, nnz = 1, values = f32>, f32>>
func.func @sum_three_terms() -> tensor<1x4xf32> {
  %w = compress.constant {term0.codes = dense<[[-28]]> : tensor<1x1xi8>,
                          term0.scales = dense<1.0> : tensor<1x1xf32>,
                          term1.values = dense<[100.0]> : tensor<1xf32>,
                          term1.row_ptr = dense<[0, 1]> : tensor<2xi32>,
                          term1.col_indices = dense<[2]> : tensor<1xi32>,
                          term2 = dense<0.5> : tensor<1x4xf32>} : !t
  %d = compress.decode %w : !t -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

// -----

// A 1-bit sign (index 0 = -1, index 1 = +1) times a stored magnitude:
// signs row 0 = [+, -] (indices [1, 0]), row 1 = [-, +] (indices [0, 1]);
//   the four 1-bit indices share one byte (storage [1]): 0b1001 = 9
// magnitudes = [[1.5, 2], [3, 0.5]]
//   product = [[1.5, -2], [-3, 0.5]]
// CHECK-LABEL: func.func @product
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[1.500000e+00, -2.000000e+00], [-3.000000e+00, 5.000000e-01]]> : tensor<2x2xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x2xf32, #compress.product<#compress.lut<table = sign>, f32>>
func.func @product() -> tensor<2x2xf32> {
  %w = compress.constant {factor0.indices = dense<[9]> : tensor<1xi8>,
                          factor1 = dense<[[1.5, 2.0], [3.0, 0.5]]> : tensor<2x2xf32>} : !t
  %d = compress.decode %w : !t -> tensor<2x2xf32>
  return %d : tensor<2x2xf32>
}

// -----

// Exactly 1024 elements still fold: splat codes 3 times per-tensor scale 0.5.
// CHECK-LABEL: func.func @fold_1024_elements
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<1.500000e+00> : tensor<32x32xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<32x32xf32, #compress.uniform<bits = 8, scale = f32>>
func.func @fold_1024_elements() -> tensor<32x32xf32> {
  %w = compress.constant {codes = dense<3> : tensor<32x32xi8>, scales = dense<0.5> : tensor<1x1xf32>} : !t
  %d = compress.decode %w : !t -> tensor<32x32xf32>
  return %d : tensor<32x32xf32>
}

// -----

// 1025 and more elements are never materialized at compile time.
// CHECK-LABEL: func.func @no_fold_above_1024_elements
// CHECK:         %[[W:.*]] = compress.constant {codes = dense<3> : tensor<32x33xi8>, scales = dense<5.000000e-01> : tensor<1x1xf32>}
// CHECK:         %[[D:.*]] = compress.decode %[[W]]
// CHECK-NOT:     arith.constant
// CHECK:         return %[[D]]
!t = !compress.tensor<32x33xf32, #compress.uniform<bits = 8, scale = f32>>
func.func @no_fold_above_1024_elements() -> tensor<32x33xf32> {
  %w = compress.constant {codes = dense<3> : tensor<32x33xi8>, scales = dense<0.5> : tensor<1x1xf32>} : !t
  %d = compress.decode %w : !t -> tensor<32x33xf32>
  return %d : tensor<32x33xf32>
}

// -----

// A weight of realistic size: 4096x4096 with splat storage, not folded.
// CHECK-LABEL: func.func @no_fold_large_weight
// CHECK:         %[[W:.*]] = compress.constant
// CHECK:         %[[D:.*]] = compress.decode %[[W]] : !compress.tensor<4096x4096xf16, #compress.uniform<bits = 4, block = [1, 128], scale = f16>> -> tensor<4096x4096xf16>
// CHECK:         return %[[D]]
!t = !compress.tensor<4096x4096xf16, #compress.uniform<bits = 4, block = [1, 128], scale = f16>>
func.func @no_fold_large_weight() -> tensor<4096x4096xf16> {
  %w = compress.constant {codes = dense<0> : tensor<4096x2048xi8>, scales = dense<1.0> : tensor<4096x32xf16>} : !t
  %d = compress.decode %w : !t -> tensor<4096x4096xf16>
  return %d : tensor<4096x4096xf16>
}

// -----

// Few elements but large storage (a 16-bit codebook per row: 4 x 65536 x 4
// bytes = 1 MiB of splat data): not folded, so a splat cannot make the folder
// expand megabytes.
// CHECK-LABEL: func.func @no_fold_large_storage
// CHECK:         %[[W:.*]] = compress.constant
// CHECK:         %[[D:.*]] = compress.decode %[[W]]
// CHECK-NOT:     arith.constant
// CHECK:         return %[[D]]
!t = !compress.tensor<4x2xf32, #compress.lut<bits = 16, codebook = f32, codebook_axis = 0>>
func.func @no_fold_large_storage() -> tensor<4x2xf32> {
  %w = compress.constant {indices = dense<1> : tensor<4x4xi8>, codebook = dense<2.0> : tensor<4x1x65536x1xf32>} : !t
  %d = compress.decode %w : !t -> tensor<4x2xf32>
  return %d : tensor<4x2xf32>
}

// -----

// Only constants fold: a decode of an argument stays.
// CHECK-LABEL: func.func @no_fold_argument
// CHECK-SAME:    (%[[W:.*]]: !compress.tensor<2x2xf32, #compress.uniform<bits = 8, scale = f32>>)
// CHECK:         %[[D:.*]] = compress.decode %[[W]]
// CHECK:         return %[[D]]
!t = !compress.tensor<2x2xf32, #compress.uniform<bits = 8, scale = f32>>
func.func @no_fold_argument(%w: !t) -> tensor<2x2xf32> {
  %d = compress.decode %w : !t -> tensor<2x2xf32>
  return %d : tensor<2x2xf32>
}

// -----

// Nor does a decode of a run-time encode.
// CHECK-LABEL: func.func @no_fold_encode
// CHECK-SAME:    (%[[X:.*]]: tensor<2x2xf32>)
// CHECK:         %[[E:.*]] = compress.encode %[[X]]
// CHECK:         %[[D:.*]] = compress.decode %[[E]]
// CHECK:         return %[[D]]
!t = !compress.tensor<2x2xf32, #compress.uniform<bits = 8, scale = f32>>
func.func @no_fold_encode(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %e = compress.encode %x : tensor<2x2xf32> -> !t
  %d = compress.decode %e : !t -> tensor<2x2xf32>
  return %d : tensor<2x2xf32>
}

// -----

// Stored data that break the encoding (a CSR row pointer that decreases) do
// not fold; the decode is left for whoever decodes it for real.
// CHECK-LABEL: func.func @no_fold_bad_csr
// CHECK:         %[[W:.*]] = compress.constant
// CHECK:         %[[D:.*]] = compress.decode %[[W]]
// CHECK-NOT:     arith.constant
// CHECK:         return %[[D]]
!t = !compress.tensor<2x2xf32, #compress.sparse<csr, nnz = 1, values = f32>>
func.func @no_fold_bad_csr() -> tensor<2x2xf32> {
  %w = compress.constant {values = dense<[1.0]> : tensor<1xf32>,
                          row_ptr = dense<[0, 2, 1]> : tensor<3xi32>,
                          col_indices = dense<[0]> : tensor<1xi32>} : !t
  %d = compress.decode %w : !t -> tensor<2x2xf32>
  return %d : tensor<2x2xf32>
}

// -----

// A permutation with a repeated index does not fold either.
// CHECK-LABEL: func.func @no_fold_bad_permutation
// CHECK:         %[[W:.*]] = compress.constant
// CHECK:         %[[D:.*]] = compress.decode %[[W]]
// CHECK:         return %[[D]]
!t = !compress.tensor<2x3xf32, #compress.permuted<axis = 1, body = f32>>
func.func @no_fold_bad_permutation() -> tensor<2x3xf32> {
  %w = compress.constant {perm = dense<[0, 2, 0]> : tensor<3xi32>,
                          body = dense<1.0> : tensor<2x3xf32>} : !t
  %d = compress.decode %w : !t -> tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}

// -----

// Unused decodes and constants (both Pure) are erased, large or small.
// CHECK-LABEL: func.func @dead_decode_and_constant
// CHECK-NOT:     compress.
// CHECK-NOT:     arith.constant
// CHECK:         return
// CHECK-NEXT:  }
!small = !compress.tensor<2x2xf32, #compress.uniform<bits = 8, scale = f32>>
!large = !compress.tensor<64x64xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f16>>
func.func @dead_decode_and_constant() {
  %s = compress.constant {codes = dense<1> : tensor<2x2xi8>, scales = dense<1.0> : tensor<1x1xf32>} : !small
  %ds = compress.decode %s : !small -> tensor<2x2xf32>
  %l = compress.constant {codes = dense<0> : tensor<64x32xi8>, scales = dense<1.0> : tensor<64x2xf16>} : !large
  %dl = compress.decode %l : !large -> tensor<64x64xf32>
  return
}

// -----

// A dead encode is erased too; its input stays an argument.
// CHECK-LABEL: func.func @dead_encode
// CHECK-NOT:     compress.
// CHECK:         return
// CHECK-NEXT:  }
!t = !compress.tensor<2x2xf32, #compress.uniform<bits = 8, scale = f32>>
func.func @dead_encode(%x: tensor<2x2xf32>) {
  %e = compress.encode %x : tensor<2x2xf32> -> !t
  return
}

// -----

// The constant of a folded decode that has another user stays for that user.
// CHECK-LABEL: func.func @constant_kept_for_matmul
// CHECK-SAME:    (%[[X:.*]]: tensor<1x2xf32>)
// CHECK-DAG:     %[[CST:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG:     %[[W:.*]] = compress.constant
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]]
// CHECK-NOT:     compress.decode
// CHECK:         return %[[CST]], %[[Y]]
!t = !compress.tensor<2x2xf32, #compress.uniform<bits = 8, scale = f32>>
func.func @constant_kept_for_matmul(%x: tensor<1x2xf32>) -> (tensor<2x2xf32>, tensor<1x2xf32>) {
  %w = compress.constant {codes = dense<[[1, 2], [3, 4]]> : tensor<2x2xi8>, scales = dense<1.0> : tensor<1x1xf32>} : !t
  %d = compress.decode %w : !t -> tensor<2x2xf32>
  %y = compress.matmul %x, %w acc(f32) : tensor<1x2xf32>, !t -> tensor<1x2xf32>
  return %d, %y : tensor<2x2xf32>, tensor<1x2xf32>
}

// -----

// Storage in dense_resource blobs folds like inline storage.
// codes row 0 = [1, 2, 3, 4]:  bytes 0x21, 0x43
// codes row 1 = [15, 0, 8, 9]: bytes 0x0F, 0x98
// f16 scales 0.5 (0x3800), 2.0 (0x4000), little-endian
//   row 0: 0.5 * [1, 2, 3, 4] = [0.5, 1, 1.5, 2]; row 1: 2 * [15, 0, 8, 9] = [30, 0, 16, 18]
// CHECK-LABEL: func.func @fold_dense_resource
// CHECK-NOT:     compress.
// CHECK:         %[[CST:.*]] = arith.constant dense<{{\[}}[5.000000e-01, 1.000000e+00, 1.500000e+00, 2.000000e+00], [3.000000e+01, 0.000000e+00, 1.600000e+01, 1.800000e+01]]> : tensor<2x4xf32>
// CHECK:         return %[[CST]]
!t = !compress.tensor<2x4xf32, #compress.uniform<bits = 4, unsigned, per_axis = 0, scale = f16>>
func.func @fold_dense_resource() -> tensor<2x4xf32> {
  %w = compress.constant {codes = dense_resource<fold_codes> : tensor<2x2xi8>,
                          scales = dense_resource<fold_scales> : tensor<2x1xf16>} : !t
  %d = compress.decode %w : !t -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      fold_codes: "0x0100000021430F98",
      fold_scales: "0x0200000000380040"
    }
  }
#-}
