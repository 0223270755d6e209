// RUN: compress-opt %s | compress-opt | FileCheck %s
// RUN: compress-opt %s --verify-roundtrip | FileCheck %s

// Round trip of every op of the compress dialect and of every encoding
// attribute with each of its optional fields. Encodings are written with their
// fields out of order and with the defaults spelled out (`signed`,
// `per_tensor`); the checks expect the canonical printed form.

//===----------------------------------------------------------------------===//
// compress.constant, compress.decode, compress.encode
//===----------------------------------------------------------------------===//

// 8x8 int4 per row: codes 8x(8*4/8 = 4) bytes, one f16 scale per row.
// CHECK-LABEL: func.func @constant_inline
// CHECK:         %[[W:.*]] = compress.constant {codes = dense<17> : tensor<8x4xi8>, scales = dense<{{\[}}[1.000000e+00], [2.000000e+00], [3.000000e+00], [4.000000e+00], [5.000000e+00], [6.000000e+00], [7.000000e+00], [8.000000e+00]]> : tensor<8x1xf16>} : !compress.tensor<8x8xf32, #compress.uniform<bits = 4, per_axis = 0, scale = f16>>
// CHECK:         return %[[W]]
func.func @constant_inline() -> !compress.tensor<8x8xf32, #compress.uniform<bits = 4, per_axis = 0, scale = f16>> {
  %w = compress.constant {scales = dense<[[1.0], [2.0], [3.0], [4.0], [5.0], [6.0], [7.0], [8.0]]> : tensor<8x1xf16>,
                          codes = dense<17> : tensor<8x4xi8>}
      : !compress.tensor<8x8xf32, #compress.uniform<bits = 4, per_axis = 0, scale = f16>>
  return %w : !compress.tensor<8x8xf32, #compress.uniform<bits = 4, per_axis = 0, scale = f16>>
}

// Blobs hold exactly the storage bytes after a 4-byte alignment word:
// codes 4x(16*4/8 = 8) = 32 bytes, scales 4x1 f16 = 8 bytes.
// CHECK-LABEL: func.func @constant_resource
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<ops_codes> : tensor<4x8xi8>, scales = dense_resource<ops_scales> : tensor<4x1xf16>} : !compress.tensor<4x16xf16, #compress.uniform<bits = 4, block = [1, 16], scale = f16>>
// CHECK:         return %[[W]]
func.func @constant_resource() -> !compress.tensor<4x16xf16, #compress.uniform<bits = 4, block = [1, 16], scale = f16>> {
  %w = compress.constant {codes = dense_resource<ops_codes> : tensor<4x8xi8>,
                          scales = dense_resource<ops_scales> : tensor<4x1xf16>}
      : !compress.tensor<4x16xf16, #compress.uniform<bits = 4, block = [1, 16], scale = f16>>
  return %w : !compress.tensor<4x16xf16, #compress.uniform<bits = 4, block = [1, 16], scale = f16>>
}

// CHECK-LABEL: func.func @decode
// CHECK-SAME:    (%[[W:.*]]: !compress.tensor<64x32xbf16, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>)
// CHECK:         %[[D:.*]] = compress.decode %[[W]] : !compress.tensor<64x32xbf16, #compress.uniform<bits = 8, per_axis = 0, scale = f32>> -> tensor<64x32xbf16>
// CHECK:         return %[[D]]
func.func @decode(%w: !compress.tensor<64x32xbf16, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>) -> tensor<64x32xbf16> {
  %d = compress.decode %w : !compress.tensor<64x32xbf16, #compress.uniform<bits = 8, per_axis = 0, scale = f32>> -> tensor<64x32xbf16>
  return %d : tensor<64x32xbf16>
}

// CHECK-LABEL: func.func @encode
// CHECK-SAME:    (%[[X:.*]]: tensor<128x64xf16>)
// CHECK:         %[[E:.*]] = compress.encode %[[X]] : tensor<128x64xf16> -> !compress.tensor<128x64xf16, #compress.uniform<bits = 4, block = [1, 64], scale = f16, zero_point = f16>>
// CHECK:         return %[[E]]
func.func @encode(%x: tensor<128x64xf16>) -> !compress.tensor<128x64xf16, #compress.uniform<bits = 4, block = [1, 64], scale = f16, zero_point = f16>> {
  %e = compress.encode %x : tensor<128x64xf16> -> !compress.tensor<128x64xf16, #compress.uniform<bits = 4, block = [1, 64], scale = f16, zero_point = f16>>
  return %e : !compress.tensor<128x64xf16, #compress.uniform<bits = 4, block = [1, 64], scale = f16, zero_point = f16>>
}

// Encode then decode: the pair is not folded away by the parser or printer.
// CHECK-LABEL: func.func @encode_decode
// CHECK-SAME:    (%[[X:.*]]: tensor<16x32xf32>)
// CHECK:         %[[E:.*]] = compress.encode %[[X]] : tensor<16x32xf32> -> !compress.tensor<16x32xf32, #compress.float<f8E4M3FN, per_axis = 0, scale = f32>>
// CHECK:         %[[D:.*]] = compress.decode %[[E]] : !compress.tensor<16x32xf32, #compress.float<f8E4M3FN, per_axis = 0, scale = f32>> -> tensor<16x32xf32>
// CHECK:         return %[[D]]
func.func @encode_decode(%x: tensor<16x32xf32>) -> tensor<16x32xf32> {
  %e = compress.encode %x : tensor<16x32xf32> -> !compress.tensor<16x32xf32, #compress.float<f8E4M3FN, per_axis = 0, scale = f32>>
  %d = compress.decode %e : !compress.tensor<16x32xf32, #compress.float<f8E4M3FN, per_axis = 0, scale = f32>> -> tensor<16x32xf32>
  return %d : tensor<16x32xf32>
}

//===----------------------------------------------------------------------===//
// compress.matmul
//===----------------------------------------------------------------------===//

// Matrix-vector product: lhs [K], rhs [K, N], result [N].
// CHECK-LABEL: func.func @matvec
// CHECK-SAME:    (%[[X:.*]]: tensor<64xf32>, %[[W:.*]]: !compress.tensor<64x32xf32, #compress.uniform<bits = 8, per_axis = 1, scale = f32>>)
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] acc(f32) : tensor<64xf32>, !compress.tensor<64x32xf32, #compress.uniform<bits = 8, per_axis = 1, scale = f32>> -> tensor<32xf32>
// CHECK:         return %[[Y]]
func.func @matvec(%x: tensor<64xf32>, %w: !compress.tensor<64x32xf32, #compress.uniform<bits = 8, per_axis = 1, scale = f32>>) -> tensor<32xf32> {
  %y = compress.matmul %x, %w acc(f32) : tensor<64xf32>, !compress.tensor<64x32xf32, #compress.uniform<bits = 8, per_axis = 1, scale = f32>> -> tensor<32xf32>
  return %y : tensor<32xf32>
}

// Matrix-vector product with an nn.Linear weight: lhs [K], rhs [N, K].
// CHECK-LABEL: func.func @matvec_transpose_rhs
// CHECK-SAME:    (%[[X:.*]]: tensor<64xf16>, %[[W:.*]]: !compress.tensor<32x64xf16, #compress.uniform<bits = 4, block = [1, 32], scale = f16>>)
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf16>, !compress.tensor<32x64xf16, #compress.uniform<bits = 4, block = [1, 32], scale = f16>> -> tensor<32xf16>
// CHECK:         return %[[Y]]
func.func @matvec_transpose_rhs(%x: tensor<64xf16>, %w: !compress.tensor<32x64xf16, #compress.uniform<bits = 4, block = [1, 32], scale = f16>>) -> tensor<32xf16> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<64xf16>, !compress.tensor<32x64xf16, #compress.uniform<bits = 4, block = [1, 32], scale = f16>> -> tensor<32xf16>
  return %y : tensor<32xf16>
}

// [M, K] x [N, K]^T -> [M, N].
// CHECK-LABEL: func.func @matmul_transpose_rhs
// CHECK-SAME:    (%[[X:.*]]: tensor<8x256xf32>, %[[W:.*]]: !compress.tensor<128x256xf32, #compress.uniform<bits = 4, block = [1, 128], scale = f16>>)
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<8x256xf32>, !compress.tensor<128x256xf32, #compress.uniform<bits = 4, block = [1, 128], scale = f16>> -> tensor<8x128xf32>
// CHECK:         return %[[Y]]
func.func @matmul_transpose_rhs(%x: tensor<8x256xf32>, %w: !compress.tensor<128x256xf32, #compress.uniform<bits = 4, block = [1, 128], scale = f16>>) -> tensor<8x128xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<8x256xf32>, !compress.tensor<128x256xf32, #compress.uniform<bits = 4, block = [1, 128], scale = f16>> -> tensor<8x128xf32>
  return %y : tensor<8x128xf32>
}

// int8 activations per block of 128 (W4A8).
// CHECK-LABEL: func.func @matmul_int8_activations
// CHECK:         compress.matmul %{{.*}}, %{{.*}} transpose_rhs int8_activations(128) acc(f32) : tensor<8x256xf32>
func.func @matmul_int8_activations(%x: tensor<8x256xf32>, %w: !compress.tensor<128x256xf32, #compress.uniform<bits = 4, block = [1, 128], scale = f32>>) -> tensor<8x128xf32> {
  %y = compress.matmul %x, %w transpose_rhs int8_activations(128) acc(f32) : tensor<8x256xf32>, !compress.tensor<128x256xf32, #compress.uniform<bits = 4, block = [1, 128], scale = f32>> -> tensor<8x128xf32>
  return %y : tensor<8x128xf32>
}

// The CPU kernels' vector ops.
// CHECK-LABEL: func.func @kernel_vector_ops
// CHECK:         compress.lookup %{{.*}}[%{{.*}}] : vector<16xf32>, vector<16xi32>
// CHECK:         compress.dot_u8i8 %{{.*}}, %{{.*}}, %{{.*}} : vector<64xi8> -> vector<16xi32>
func.func @kernel_vector_ops(%t: vector<16xf32>, %i: vector<16xi32>, %a: vector<64xi8>, %b: vector<64xi8>, %acc: vector<16xi32>) -> (vector<16xf32>, vector<16xi32>) {
  %v = compress.lookup %t[%i] : vector<16xf32>, vector<16xi32>
  %d = compress.dot_u8i8 %acc, %a, %b : vector<64xi8> -> vector<16xi32>
  return %v, %d : vector<16xf32>, vector<16xi32>
}

// [M, K] x [K, N] -> [M, N].
// CHECK-LABEL: func.func @matmul_kn
// CHECK-SAME:    (%[[X:.*]]: tensor<8x256xf32>, %[[W:.*]]: !compress.tensor<256x128xf32, #compress.uniform<bits = 4, block = [128, 1], scale = f16>>)
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] acc(f32) : tensor<8x256xf32>, !compress.tensor<256x128xf32, #compress.uniform<bits = 4, block = [128, 1], scale = f16>> -> tensor<8x128xf32>
// CHECK:         return %[[Y]]
func.func @matmul_kn(%x: tensor<8x256xf32>, %w: !compress.tensor<256x128xf32, #compress.uniform<bits = 4, block = [128, 1], scale = f16>>) -> tensor<8x128xf32> {
  %y = compress.matmul %x, %w acc(f32) : tensor<8x256xf32>, !compress.tensor<256x128xf32, #compress.uniform<bits = 4, block = [128, 1], scale = f16>> -> tensor<8x128xf32>
  return %y : tensor<8x128xf32>
}

// A dynamic number of rows (tokens).
// CHECK-LABEL: func.func @matmul_dynamic_m
// CHECK-SAME:    (%[[X:.*]]: tensor<?x256xf32>, %[[W:.*]]: !compress.tensor<64x256xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>)
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<?x256xf32>, !compress.tensor<64x256xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>> -> tensor<?x64xf32>
// CHECK:         return %[[Y]]
func.func @matmul_dynamic_m(%x: tensor<?x256xf32>, %w: !compress.tensor<64x256xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>) -> tensor<?x64xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<?x256xf32>, !compress.tensor<64x256xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>> -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// Batched lhs [B, M, K], one weight [N, K] shared by every batch.
// CHECK-LABEL: func.func @matmul_batched_lhs_shared_weight
// CHECK-SAME:    (%[[X:.*]]: tensor<2x4x8x128xf32>, %[[W:.*]]: !compress.tensor<64x128xf32, #compress.lut<bits = 4, codebook = f16, codebook_axis = 0>>)
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<2x4x8x128xf32>, !compress.tensor<64x128xf32, #compress.lut<bits = 4, codebook = f16, codebook_axis = 0>> -> tensor<2x4x8x64xf32>
// CHECK:         return %[[Y]]
func.func @matmul_batched_lhs_shared_weight(%x: tensor<2x4x8x128xf32>, %w: !compress.tensor<64x128xf32, #compress.lut<bits = 4, codebook = f16, codebook_axis = 0>>) -> tensor<2x4x8x64xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<2x4x8x128xf32>, !compress.tensor<64x128xf32, #compress.lut<bits = 4, codebook = f16, codebook_axis = 0>> -> tensor<2x4x8x64xf32>
  return %y : tensor<2x4x8x64xf32>
}

// Batched lhs [B, M, K] with one weight per batch [B, K, N] (e.g. experts).
// CHECK-LABEL: func.func @matmul_batched_weight
// CHECK-SAME:    (%[[X:.*]]: tensor<4x8x128xf32>, %[[W:.*]]: !compress.tensor<4x128x64xf32, #compress.uniform<bits = 4, block = [1, 32, 1], scale = f16>>)
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] acc(f32) : tensor<4x8x128xf32>, !compress.tensor<4x128x64xf32, #compress.uniform<bits = 4, block = [1, 32, 1], scale = f16>> -> tensor<4x8x64xf32>
// CHECK:         return %[[Y]]
func.func @matmul_batched_weight(%x: tensor<4x8x128xf32>, %w: !compress.tensor<4x128x64xf32, #compress.uniform<bits = 4, block = [1, 32, 1], scale = f16>>) -> tensor<4x8x64xf32> {
  %y = compress.matmul %x, %w acc(f32) : tensor<4x8x128xf32>, !compress.tensor<4x128x64xf32, #compress.uniform<bits = 4, block = [1, 32, 1], scale = f16>> -> tensor<4x8x64xf32>
  return %y : tensor<4x8x64xf32>
}

// Batched lhs with batched nn.Linear weights [B, N, K].
// A dynamic lhs batch dimension may match the weight's batch at run time.
// CHECK-LABEL: func.func @matmul_dynamic_batch_batched_weight
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?x4xf32>, %[[W:.*]]: !compress.tensor<2x4x8xf32, #compress.uniform<bits = 8, scale = f32>>)
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] acc(f32) : tensor<?x?x4xf32>, !compress.tensor<2x4x8xf32, #compress.uniform<bits = 8, scale = f32>> -> tensor<2x?x8xf32>
// CHECK:         return %[[Y]]
func.func @matmul_dynamic_batch_batched_weight(%x: tensor<?x?x4xf32>, %w: !compress.tensor<2x4x8xf32, #compress.uniform<bits = 8, scale = f32>>) -> tensor<2x?x8xf32> {
  %y = compress.matmul %x, %w acc(f32) : tensor<?x?x4xf32>, !compress.tensor<2x4x8xf32, #compress.uniform<bits = 8, scale = f32>> -> tensor<2x?x8xf32>
  return %y : tensor<2x?x8xf32>
}

// CHECK-LABEL: func.func @matmul_batched_weight_transpose_rhs
// CHECK-SAME:    (%[[X:.*]]: tensor<4x8x128xbf16>, %[[W:.*]]: !compress.tensor<4x64x128xbf16, #compress.uniform<bits = 4, block = [1, 1, 32], scale = bf16>>)
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<4x8x128xbf16>, !compress.tensor<4x64x128xbf16, #compress.uniform<bits = 4, block = [1, 1, 32], scale = bf16>> -> tensor<4x8x64xbf16>
// CHECK:         return %[[Y]]
func.func @matmul_batched_weight_transpose_rhs(%x: tensor<4x8x128xbf16>, %w: !compress.tensor<4x64x128xbf16, #compress.uniform<bits = 4, block = [1, 1, 32], scale = bf16>>) -> tensor<4x8x64xbf16> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<4x8x128xbf16>, !compress.tensor<4x64x128xbf16, #compress.uniform<bits = 4, block = [1, 1, 32], scale = bf16>> -> tensor<4x8x64xbf16>
  return %y : tensor<4x8x64xbf16>
}

// f16 activations and result, accumulated in f32.
// CHECK-LABEL: func.func @matmul_f16_acc_f32
// CHECK-SAME:    (%[[X:.*]]: tensor<8x128xf16>, %[[W:.*]]: !compress.tensor<64x128xf16, #compress.float<f4E2M1FN, block = [1, 32], scale = f8E8M0FNU>>)
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<8x128xf16>, !compress.tensor<64x128xf16, #compress.float<f4E2M1FN, block = [1, 32], scale = f8E8M0FNU>> -> tensor<8x64xf16>
// CHECK:         return %[[Y]]
func.func @matmul_f16_acc_f32(%x: tensor<8x128xf16>, %w: !compress.tensor<64x128xf16, #compress.float<f4E2M1FN, block = [1, 32], scale = f8E8M0FNU>>) -> tensor<8x64xf16> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<8x128xf16>, !compress.tensor<64x128xf16, #compress.float<f4E2M1FN, block = [1, 32], scale = f8E8M0FNU>> -> tensor<8x64xf16>
  return %y : tensor<8x64xf16>
}

// f16 accumulation of an f16 result.
// CHECK-LABEL: func.func @matmul_f16_acc_f16
// CHECK:         compress.matmul %{{.*}}, %{{.*}} transpose_rhs acc(f16) : tensor<8x128xf16>, !compress.tensor<64x128xf16, #compress.uniform<bits = 8, scale = f16>> -> tensor<8x64xf16>
func.func @matmul_f16_acc_f16(%x: tensor<8x128xf16>, %w: !compress.tensor<64x128xf16, #compress.uniform<bits = 8, scale = f16>>) -> tensor<8x64xf16> {
  %y = compress.matmul %x, %w transpose_rhs acc(f16) : tensor<8x128xf16>, !compress.tensor<64x128xf16, #compress.uniform<bits = 8, scale = f16>> -> tensor<8x64xf16>
  return %y : tensor<8x64xf16>
}

// A matmul of a compress.constant (the usual form after import).
// CHECK-LABEL: func.func @matmul_of_constant
// CHECK-SAME:    (%[[X:.*]]: tensor<2x16xf32>)
// CHECK:         %[[W:.*]] = compress.constant {codes = dense<0> : tensor<8x16xi8>, scales = dense<5.000000e-01> : tensor<8x1xf32>} : !compress.tensor<8x16xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32)
// CHECK-SAME:      -> tensor<2x8xf32>
// CHECK:         return %[[Y]]
func.func @matmul_of_constant(%x: tensor<2x16xf32>) -> tensor<2x8xf32> {
  %w = compress.constant {codes = dense<0> : tensor<8x16xi8>, scales = dense<0.5> : tensor<8x1xf32>}
      : !compress.tensor<8x16xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<2x16xf32>, !compress.tensor<8x16xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>> -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

//===----------------------------------------------------------------------===//
// compress.gather
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @gather_i32
// CHECK-SAME:    (%[[T:.*]]: !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, %[[I:.*]]: tensor<16xi32>)
// CHECK:         %[[G:.*]] = compress.gather %[[T]][%[[I]]] : !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, tensor<16xi32> -> tensor<16x64xf16>
// CHECK:         return %[[G]]
func.func @gather_i32(%t: !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, %ids: tensor<16xi32>) -> tensor<16x64xf16> {
  %g = compress.gather %t[%ids] : !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, tensor<16xi32> -> tensor<16x64xf16>
  return %g : tensor<16x64xf16>
}

// CHECK-LABEL: func.func @gather_i64
// CHECK-SAME:    (%[[T:.*]]: !compress.tensor<1000x64xf32, #compress.lut<bits = 4, codebook = f16, codebook_axis = 0>>, %[[I:.*]]: tensor<16xi64>)
// CHECK:         %[[G:.*]] = compress.gather %[[T]][%[[I]]] : !compress.tensor<1000x64xf32, #compress.lut<bits = 4, codebook = f16, codebook_axis = 0>>, tensor<16xi64> -> tensor<16x64xf32>
// CHECK:         return %[[G]]
func.func @gather_i64(%t: !compress.tensor<1000x64xf32, #compress.lut<bits = 4, codebook = f16, codebook_axis = 0>>, %ids: tensor<16xi64>) -> tensor<16x64xf32> {
  %g = compress.gather %t[%ids] : !compress.tensor<1000x64xf32, #compress.lut<bits = 4, codebook = f16, codebook_axis = 0>>, tensor<16xi64> -> tensor<16x64xf32>
  return %g : tensor<16x64xf32>
}

// CHECK-LABEL: func.func @gather_index
// CHECK-SAME:    (%[[T:.*]]: !compress.tensor<1000x64xbf16, #compress.uniform<bits = 4, block = [1, 32], scale = bf16>>, %[[I:.*]]: tensor<16xindex>)
// CHECK:         %[[G:.*]] = compress.gather %[[T]][%[[I]]] : !compress.tensor<1000x64xbf16, #compress.uniform<bits = 4, block = [1, 32], scale = bf16>>, tensor<16xindex> -> tensor<16x64xbf16>
// CHECK:         return %[[G]]
func.func @gather_index(%t: !compress.tensor<1000x64xbf16, #compress.uniform<bits = 4, block = [1, 32], scale = bf16>>, %ids: tensor<16xindex>) -> tensor<16x64xbf16> {
  %g = compress.gather %t[%ids] : !compress.tensor<1000x64xbf16, #compress.uniform<bits = 4, block = [1, 32], scale = bf16>>, tensor<16xindex> -> tensor<16x64xbf16>
  return %g : tensor<16x64xbf16>
}

// Indices [batch, sequence] give a result [batch, sequence, hidden].
// CHECK-LABEL: func.func @gather_multi_dim_indices
// CHECK-SAME:    (%[[T:.*]]: !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, %[[I:.*]]: tensor<2x16xi64>)
// CHECK:         %[[G:.*]] = compress.gather %[[T]][%[[I]]] : !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, tensor<2x16xi64> -> tensor<2x16x64xf16>
// CHECK:         return %[[G]]
func.func @gather_multi_dim_indices(%t: !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, %ids: tensor<2x16xi64>) -> tensor<2x16x64xf16> {
  %g = compress.gather %t[%ids] : !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, tensor<2x16xi64> -> tensor<2x16x64xf16>
  return %g : tensor<2x16x64xf16>
}

// A dynamic number of indices.
// CHECK-LABEL: func.func @gather_dynamic_indices
// CHECK-SAME:    (%[[T:.*]]: !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, %[[I:.*]]: tensor<?xi32>)
// CHECK:         %[[G:.*]] = compress.gather %[[T]][%[[I]]] : !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, tensor<?xi32> -> tensor<?x64xf16>
// CHECK:         return %[[G]]
func.func @gather_dynamic_indices(%t: !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, %ids: tensor<?xi32>) -> tensor<?x64xf16> {
  %g = compress.gather %t[%ids] : !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, tensor<?xi32> -> tensor<?x64xf16>
  return %g : tensor<?x64xf16>
}

// A rank-0 index tensor gathers one row.
// CHECK-LABEL: func.func @gather_scalar_index
// CHECK-SAME:    (%[[T:.*]]: !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, %[[I:.*]]: tensor<i64>)
// CHECK:         %[[G:.*]] = compress.gather %[[T]][%[[I]]] : !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, tensor<i64> -> tensor<64xf16>
// CHECK:         return %[[G]]
func.func @gather_scalar_index(%t: !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, %ids: tensor<i64>) -> tensor<64xf16> {
  %g = compress.gather %t[%ids] : !compress.tensor<1000x64xf16, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>, tensor<i64> -> tensor<64xf16>
  return %g : tensor<64xf16>
}

// A rank-3 table: each gathered row is a 4x16 slice.
// CHECK-LABEL: func.func @gather_rank3_table
// CHECK-SAME:    (%[[T:.*]]: !compress.tensor<100x4x16xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>, %[[I:.*]]: tensor<3xi16>)
// CHECK:         %[[G:.*]] = compress.gather %[[T]][%[[I]]] : !compress.tensor<100x4x16xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>, tensor<3xi16> -> tensor<3x4x16xf32>
// CHECK:         return %[[G]]
func.func @gather_rank3_table(%t: !compress.tensor<100x4x16xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>, %ids: tensor<3xi16>) -> tensor<3x4x16xf32> {
  %g = compress.gather %t[%ids] : !compress.tensor<100x4x16xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>, tensor<3xi16> -> tensor<3x4x16xf32>
  return %g : tensor<3x4x16xf32>
}

//===----------------------------------------------------------------------===//
// #compress.uniform
//===----------------------------------------------------------------------===//

// The defaults (signed, per tensor) are not printed.
// CHECK-LABEL: func.func private @uniform_defaults
// CHECK-SAME:    (!compress.tensor<64x64xf32, #compress.uniform<bits = 8, scale = f32>>)
func.func private @uniform_defaults(!compress.tensor<64x64xf32, #compress.uniform<signed, scale = f32, per_tensor, bits = 8>>)

// CHECK-LABEL: func.func private @uniform_per_axis
// CHECK-SAME:    (!compress.tensor<64x64xbf16, #compress.uniform<bits = 8, per_axis = 1, scale = bf16>>)
func.func private @uniform_per_axis(!compress.tensor<64x64xbf16, #compress.uniform<per_axis = 1, bits = 8, scale = bf16>>)

// CHECK-LABEL: func.func private @uniform_unsigned_block_zero_point
// CHECK-SAME:    (!compress.tensor<64x256xf16, #compress.uniform<bits = 4, unsigned, block = [1, 128], scale = f16, zero_point = ui4>>)
func.func private @uniform_unsigned_block_zero_point(!compress.tensor<64x256xf16, #compress.uniform<zero_point = ui4, scale = f16, block = [1, 128], unsigned, bits = 4>>)

// CHECK-LABEL: func.func private @uniform_signed_int_zero_point
// CHECK-SAME:    (!compress.tensor<64x64xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32, zero_point = i8>>)
func.func private @uniform_signed_int_zero_point(!compress.tensor<64x64xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32, zero_point = i8>>)

// A float zero point (HQQ-style).
// CHECK-LABEL: func.func private @uniform_float_zero_point
// CHECK-SAME:    (!compress.tensor<64x64xf16, #compress.uniform<bits = 3, unsigned, block = [1, 64], scale = f16, zero_point = f16>>)
func.func private @uniform_float_zero_point(!compress.tensor<64x64xf16, #compress.uniform<bits = 3, unsigned, block = [1, 64], scale = f16, zero_point = f16>>)

// An encoded zero point.
// CHECK-LABEL: func.func private @uniform_encoded_zero_point
// CHECK-SAME:    (!compress.tensor<64x256xf16, #compress.uniform<bits = 2, unsigned, block = [1, 16], scale = f16, zero_point = #compress.uniform<bits = 4, unsigned, per_axis = 0, scale = f16>>>)
func.func private @uniform_encoded_zero_point(!compress.tensor<64x256xf16, #compress.uniform<bits = 2, unsigned, block = [1, 16], scale = f16, zero_point = #compress.uniform<bits = 4, unsigned, per_axis = 0, scale = f16>>>)

// value = scale * code - min.
// CHECK-LABEL: func.func private @uniform_min
// CHECK-SAME:    (!compress.tensor<64x64xf32, #compress.uniform<bits = 4, unsigned, block = [1, 32], scale = f16, min = f16>>)
func.func private @uniform_min(!compress.tensor<64x64xf32, #compress.uniform<min = f16, bits = 4, unsigned, block = [1, 32], scale = f16>>)

// Scale and min both encoded (two-level K-quant parameters).
// CHECK-LABEL: func.func private @uniform_encoded_scale_and_min
// CHECK-SAME:    (!compress.tensor<16x256xf16, #compress.uniform<bits = 4, unsigned, block = [1, 32], scale = #compress.uniform<bits = 6, unsigned, block = [1, 8], scale = f16>, min = #compress.uniform<bits = 6, unsigned, block = [1, 8], scale = f16>>>)
func.func private @uniform_encoded_scale_and_min(!compress.tensor<16x256xf16, #compress.uniform<bits = 4, unsigned, block = [1, 32], scale = #compress.uniform<bits = 6, unsigned, block = [1, 8], scale = f16>, min = #compress.uniform<bits = 6, unsigned, block = [1, 8], scale = f16>>>)

// Power-of-two and FP8 scales; 1-bit codes.
// CHECK-LABEL: func.func private @uniform_small_scales
// CHECK-SAME:    (!compress.tensor<64x64xf32, #compress.uniform<bits = 1, unsigned, block = [1, 32], scale = f8E8M0FNU>>,
// CHECK-SAME:     !compress.tensor<64x64xf32, #compress.uniform<bits = 4, block = [1, 16], scale = f8E4M3FN>>,
// CHECK-SAME:     !compress.tensor<64x64xf32, #compress.uniform<bits = 4, block = [1, 16], scale = f8E5M2>>)
func.func private @uniform_small_scales(!compress.tensor<64x64xf32, #compress.uniform<bits = 1, unsigned, block = [1, 32], scale = f8E8M0FNU>>,
                                        !compress.tensor<64x64xf32, #compress.uniform<bits = 4, block = [1, 16], scale = f8E4M3FN>>,
                                        !compress.tensor<64x64xf32, #compress.uniform<bits = 4, block = [1, 16], scale = f8E5M2>>)

// A 1-D (bias) and a 4-D (convolution) tensor.
// CHECK-LABEL: func.func private @uniform_ranks
// CHECK-SAME:    (!compress.tensor<256xf32, #compress.uniform<bits = 8, block = [64], scale = f32>>,
// CHECK-SAME:     !compress.tensor<64x32x3x3xf32, #compress.uniform<bits = 4, per_axis = 0, scale = f32>>)
func.func private @uniform_ranks(!compress.tensor<256xf32, #compress.uniform<bits = 8, block = [64], scale = f32>>,
                                 !compress.tensor<64x32x3x3xf32, #compress.uniform<bits = 4, per_axis = 0, scale = f32>>)

//===----------------------------------------------------------------------===//
// #compress.lut
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func private @lut_per_tensor_codebook
// CHECK-SAME:    (!compress.tensor<64x64xf32, #compress.lut<bits = 3, codebook = f32>>)
func.func private @lut_per_tensor_codebook(!compress.tensor<64x64xf32, #compress.lut<codebook = f32, bits = 3>>)

// CHECK-LABEL: func.func private @lut_codebook_axis
// CHECK-SAME:    (!compress.tensor<64x64xf16, #compress.lut<bits = 4, codebook = f16, codebook_axis = 0>>)
func.func private @lut_codebook_axis(!compress.tensor<64x64xf16, #compress.lut<codebook_axis = 0, codebook = f16, bits = 4>>)

// CHECK-LABEL: func.func private @lut_codebook_block
// CHECK-SAME:    (!compress.tensor<64x128xbf16, #compress.lut<bits = 2, codebook = bf16, codebook_block = [16, 64]>>)
func.func private @lut_codebook_block(!compress.tensor<64x128xbf16, #compress.lut<bits = 2, codebook = bf16, codebook_block = [16, 64]>>)

// FP8 codebooks.
// CHECK-LABEL: func.func private @lut_fp8_codebooks
// CHECK-SAME:    (!compress.tensor<64x64xf16, #compress.lut<bits = 4, codebook = f8E4M3FN, codebook_axis = 0>>,
// CHECK-SAME:     !compress.tensor<64x64xf16, #compress.lut<bits = 4, codebook = f8E5M2>>)
func.func private @lut_fp8_codebooks(!compress.tensor<64x64xf16, #compress.lut<bits = 4, codebook = f8E4M3FN, codebook_axis = 0>>,
                                     !compress.tensor<64x64xf16, #compress.lut<bits = 4, codebook = f8E5M2>>)

// Vector codebook (codewords of 8 values) with a per-row scale.
// CHECK-LABEL: func.func private @lut_vector_scaled
// CHECK-SAME:    (!compress.tensor<64x256xf16, #compress.lut<bits = 8, codebook = f16, dim = 8, per_axis = 0, scale = f16>>)
func.func private @lut_vector_scaled(!compress.tensor<64x256xf16, #compress.lut<scale = f16, per_axis = 0, dim = 8, bits = 8, codebook = f16>>)

// A per-tensor scale prints no granularity.
// CHECK-LABEL: func.func private @lut_per_tensor_scale
// CHECK-SAME:    (!compress.tensor<64x64xf32, #compress.lut<bits = 4, codebook = f16, codebook_block = [64, 32], scale = f32>>)
func.func private @lut_per_tensor_scale(!compress.tensor<64x64xf32, #compress.lut<bits = 4, codebook = f16, codebook_block = [64, 32], per_tensor, scale = f32>>)

// Fixed tables: the index width comes from the table, an explicit `bits` that
// agrees with it is accepted and not printed.
// CHECK-LABEL: func.func private @lut_nf4
// CHECK-SAME:    (!compress.tensor<64x128xf16, #compress.lut<table = nf4, block = [1, 64], scale = f32>>,
// CHECK-SAME:     !compress.tensor<64x128xf16, #compress.lut<table = nf4, block = [1, 64], scale = bf16>>)
func.func private @lut_nf4(!compress.tensor<64x128xf16, #compress.lut<table = nf4, block = [1, 64], scale = f32>>,
                           !compress.tensor<64x128xf16, #compress.lut<scale = bf16, bits = 4, block = [1, 64], table = nf4>>)

// CHECK-LABEL: func.func private @lut_sign
// CHECK-SAME:    (!compress.tensor<64x64xf32, #compress.lut<table = sign>>,
// CHECK-SAME:     !compress.tensor<64x64xf32, #compress.lut<table = sign, per_axis = 0, scale = f16>>)
func.func private @lut_sign(!compress.tensor<64x64xf32, #compress.lut<table = sign>>,
                            !compress.tensor<64x64xf32, #compress.lut<bits = 1, table = sign, per_axis = 0, scale = f16>>)

// Double quantization: the NF4 absmax scales are themselves 8-bit codes.
// CHECK-LABEL: func.func private @lut_encoded_scale
// CHECK-SAME:    (!compress.tensor<64x256xf16, #compress.lut<table = nf4, block = [1, 64], scale = #compress.uniform<bits = 8, unsigned, block = [1, 4], scale = f32, min = f32>>>)
func.func private @lut_encoded_scale(!compress.tensor<64x256xf16, #compress.lut<table = nf4, block = [1, 64], scale = #compress.uniform<bits = 8, unsigned, block = [1, 4], scale = f32, min = f32>>>)

//===----------------------------------------------------------------------===//
// #compress.float
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func private @float_formats
// CHECK-SAME:    (!compress.tensor<64x64xf16, #compress.float<f8E4M3FN>>,
// CHECK-SAME:     !compress.tensor<64x64xf16, #compress.float<f8E5M2, scale = f32>>,
// CHECK-SAME:     !compress.tensor<64x64xf16, #compress.float<f6E2M3FN, block = [1, 32], scale = f8E8M0FNU>>,
// CHECK-SAME:     !compress.tensor<64x64xf16, #compress.float<f6E3M2FN, per_axis = 0, scale = bf16>>,
// CHECK-SAME:     !compress.tensor<64x64xf16, #compress.float<f4E2M1FN>>)
func.func private @float_formats(!compress.tensor<64x64xf16, #compress.float<f8E4M3FN>>,
                                 !compress.tensor<64x64xf16, #compress.float<f8E5M2, per_tensor, scale = f32>>,
                                 !compress.tensor<64x64xf16, #compress.float<f6E2M3FN, scale = f8E8M0FNU, block = [1, 32]>>,
                                 !compress.tensor<64x64xf16, #compress.float<f6E3M2FN, per_axis = 0, scale = bf16>>,
                                 !compress.tensor<64x64xf16, #compress.float<f4E2M1FN>>)

// NVFP4: an FP8 block scale, itself scaled per tensor in f32.
// CHECK-LABEL: func.func private @float_encoded_scale
// CHECK-SAME:    (!compress.tensor<64x128xbf16, #compress.float<f4E2M1FN, block = [1, 16], scale = #compress.float<f8E4M3FN, scale = f32>>>)
func.func private @float_encoded_scale(!compress.tensor<64x128xbf16, #compress.float<f4E2M1FN, block = [1, 16], scale = #compress.float<f8E4M3FN, scale = f32>>>)

//===----------------------------------------------------------------------===//
// #compress.sparse
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func private @sparse_nm
// CHECK-SAME:    (!compress.tensor<64x64xf16, #compress.sparse<nm = [2, 4], values = f16>>,
// CHECK-SAME:     !compress.tensor<64x64xf16, #compress.sparse<nm = [1, 8], axis = 0, values = bf16>>,
// CHECK-SAME:     !compress.tensor<64x64xf16, #compress.sparse<nm = [2, 4], values = #compress.uniform<bits = 4, per_axis = 0, scale = f16>>>)
func.func private @sparse_nm(!compress.tensor<64x64xf16, #compress.sparse<values = f16, nm = [2, 4]>>,
                             !compress.tensor<64x64xf16, #compress.sparse<nm = [1, 8], values = bf16, axis = 0>>,
                             !compress.tensor<64x64xf16, #compress.sparse<nm = [2, 4], values = #compress.uniform<bits = 4, per_axis = 0, scale = f16>>>)

// CHECK-LABEL: func.func private @sparse_block
// CHECK-SAME:    (!compress.tensor<64x128xf16, #compress.sparse<block = [1, 16], kept = 128, values = f16>>,
// CHECK-SAME:     !compress.tensor<64x128xf16, #compress.sparse<block = [4, 4], kept = 100, index = i16, values = #compress.uniform<bits = 4, block = [1, 16], scale = f16>>>)
func.func private @sparse_block(!compress.tensor<64x128xf16, #compress.sparse<block = [1, 16], kept = 128, values = f16>>,
                                !compress.tensor<64x128xf16, #compress.sparse<values = #compress.uniform<bits = 4, block = [1, 16], scale = f16>, index = i16, kept = 100, block = [4, 4]>>)

// CHECK-LABEL: func.func private @sparse_bitmap
// CHECK-SAME:    (!compress.tensor<64x64xf32, #compress.sparse<bitmap, nnz = 1000, values = f16>>)
func.func private @sparse_bitmap(!compress.tensor<64x64xf32, #compress.sparse<nnz = 1000, bitmap, values = f16>>)

// CHECK-LABEL: func.func private @sparse_csr
// CHECK-SAME:    (!compress.tensor<64x64xf32, #compress.sparse<csr, nnz = 40, values = f16>>,
// CHECK-SAME:     !compress.tensor<64x64xf32, #compress.sparse<csr, nnz = 40, index = i16, values = bf16>>,
// CHECK-SAME:     !compress.tensor<64x64xf32, #compress.sparse<csr, nnz = 40, index = i32, values = #compress.float<f8E4M3FN, scale = f32>>>)
func.func private @sparse_csr(!compress.tensor<64x64xf32, #compress.sparse<csr, nnz = 40, values = f16>>,
                              !compress.tensor<64x64xf32, #compress.sparse<index = i16, csr, values = bf16, nnz = 40>>,
                              !compress.tensor<64x64xf32, #compress.sparse<csr, nnz = 40, index = i32, values = #compress.float<f8E4M3FN, scale = f32>>>)

//===----------------------------------------------------------------------===//
// #compress.lowrank, #compress.permuted
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func private @lowrank
// CHECK-SAME:    (!compress.tensor<64x128xf16, #compress.lowrank<rank = 8, u = f16, v = bf16>>,
// CHECK-SAME:     !compress.tensor<64x128xf16, #compress.lowrank<rank = 16, u = #compress.uniform<bits = 8, per_axis = 0, scale = f16>, v = #compress.uniform<bits = 8, per_axis = 0, scale = f16>>>)
func.func private @lowrank(!compress.tensor<64x128xf16, #compress.lowrank<v = bf16, u = f16, rank = 8>>,
                           !compress.tensor<64x128xf16, #compress.lowrank<rank = 16, u = #compress.uniform<bits = 8, per_axis = 0, scale = f16>, v = #compress.uniform<bits = 8, per_axis = 0, scale = f16>>>)

// CHECK-LABEL: func.func private @permuted
// CHECK-SAME:    (!compress.tensor<64x256xf16, #compress.permuted<axis = 1, body = #compress.uniform<bits = 4, block = [1, 128], scale = f16>>>,
// CHECK-SAME:     !compress.tensor<64x256xf16, #compress.permuted<axis = 0, body = f16>>)
func.func private @permuted(!compress.tensor<64x256xf16, #compress.permuted<body = #compress.uniform<bits = 4, block = [1, 128], scale = f16>, axis = 1>>,
                            !compress.tensor<64x256xf16, #compress.permuted<axis = 0, body = f16>>)

//===----------------------------------------------------------------------===//
// #compress.sum, #compress.product
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func private @sum
// CHECK-SAME:    (!compress.tensor<64x128xf16, #compress.sum<#compress.uniform<bits = 4, block = [1, 128], scale = f16>, #compress.lowrank<rank = 16, u = f16, v = f16>>>,
// CHECK-SAME:     !compress.tensor<64x128xf16, #compress.sum<#compress.uniform<bits = 3, block = [1, 64], scale = f16>, #compress.lowrank<rank = 4, u = f16, v = f16>, #compress.sparse<csr, nnz = 64, index = i16, values = f16>>>,
// CHECK-SAME:     !compress.tensor<64x128xf16, #compress.sum<#compress.float<f8E4M3FN, scale = f32>, f16>>)
func.func private @sum(!compress.tensor<64x128xf16, #compress.sum<#compress.uniform<bits = 4, block = [1, 128], scale = f16>, #compress.lowrank<rank = 16, u = f16, v = f16>>>,
                       !compress.tensor<64x128xf16, #compress.sum<#compress.uniform<bits = 3, block = [1, 64], scale = f16>, #compress.lowrank<rank = 4, u = f16, v = f16>, #compress.sparse<csr, nnz = 64, index = i16, values = f16>>>,
                       !compress.tensor<64x128xf16, #compress.sum<#compress.float<f8E4M3FN, scale = f32>, f16>>)

// CHECK-LABEL: func.func private @product
// CHECK-SAME:    (!compress.tensor<64x128xf16, #compress.product<#compress.lut<table = sign>, #compress.lowrank<rank = 16, u = f16, v = f16>>>,
// CHECK-SAME:     !compress.tensor<64x128xf16, #compress.product<#compress.lut<table = sign>, #compress.uniform<bits = 2, unsigned, per_axis = 0, scale = f16>, f16>>)
func.func private @product(!compress.tensor<64x128xf16, #compress.product<#compress.lut<table = sign>, #compress.lowrank<rank = 16, u = f16, v = f16>>>,
                           !compress.tensor<64x128xf16, #compress.product<#compress.lut<table = sign>, #compress.uniform<bits = 2, unsigned, per_axis = 0, scale = f16>, f16>>)

// Nesting every kind of slot: a permuted body that is a sum whose terms hold
// encoded scales, encoded sparse values and encoded low-rank factors.
// CHECK-LABEL: func.func private @deep_nesting
// CHECK-SAME:    (!compress.tensor<64x128xf16, #compress.permuted<axis = 1, body = #compress.sum<#compress.uniform<bits = 3, unsigned, block = [1, 16], scale = #compress.uniform<bits = 3, unsigned, block = [16, 1], scale = f16, zero_point = ui3>, zero_point = #compress.uniform<bits = 3, unsigned, block = [16, 1], scale = f16, zero_point = ui3>>, #compress.sparse<csr, nnz = 32, index = i16, values = #compress.float<f8E4M3FN>>, #compress.lowrank<rank = 4, u = #compress.lut<bits = 4, codebook = f16>, v = #compress.product<#compress.lut<table = sign>, f16>>>>>)
func.func private @deep_nesting(!compress.tensor<64x128xf16, #compress.permuted<axis = 1, body = #compress.sum<#compress.uniform<bits = 3, unsigned, block = [1, 16], scale = #compress.uniform<bits = 3, unsigned, block = [16, 1], scale = f16, zero_point = ui3>, zero_point = #compress.uniform<bits = 3, unsigned, block = [16, 1], scale = f16, zero_point = ui3>>, #compress.sparse<csr, nnz = 32, index = i16, values = #compress.float<f8E4M3FN>>, #compress.lowrank<rank = 4, u = #compress.lut<bits = 4, codebook = f16>, v = #compress.product<#compress.lut<table = sign>, f16>>>>>)

// The blobs of @constant_resource print back unchanged.
// CHECK:       {-#
// CHECK-NEXT:    dialect_resources: {
// CHECK-NEXT:      builtin: {
// CHECK-NEXT:        ops_codes: "0x080000000B30557A9FC4E90E33587DA2C7EC11365B80A5CAEF14395E83A8CDF2173C6186",
// CHECK-NEXT:        ops_scales: "0x08000000003400380030003C"
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:  #-}
{-#
  dialect_resources: {
    builtin: {
      // 4x8 bytes of packed int4 codes.
      ops_codes: "0x080000000B30557A9FC4E90E33587DA2C7EC11365B80A5CAEF14395E83A8CDF2173C6186",
      // f16 scales 0.25, 0.5, 0.125, 1.0.
      ops_scales: "0x08000000003400380030003C"
    }
  }
#-}
