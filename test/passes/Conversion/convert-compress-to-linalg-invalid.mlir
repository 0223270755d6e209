// RUN: compress-opt %s --split-input-file --convert-compress-to-linalg --verify-diagnostics

// Run-time compression has no lowering yet.
!kv = !compress.tensor<4x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
func.func @encode(%x: tensor<4x8xf32>) -> !kv {
  // expected-error @below {{convert-compress-to-linalg: compress.encode (run-time compression) is not lowered yet}}
  %e = compress.encode %x : tensor<4x8xf32> -> !kv
  return %e : !kv
}

// -----

// Small floats are not lowered to fused kernels yet: the error names the
// encoding at the first value that has it (here a function argument).
!f8 = !compress.tensor<4x8xf32, #compress.float<f8E4M3FN, per_axis = 0, scale = f32>>
// expected-error @below {{convert-compress-to-linalg: encoding #compress.float<f8E4M3FN, per_axis = 0, scale = f32> in '!compress.tensor<4x8xf32, #compress.float<f8E4M3FN, per_axis = 0, scale = f32>>' is not lowered to fused kernels yet}}
func.func @small_float(%w: !f8, %x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<2x8xf32>, !f8 -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// f8 scales need a lowering of f8 -> f32 conversions first.
!w = !compress.tensor<4x32xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f8E4M3FN>>
func.func @f8_scale(%x: tensor<2x32xf32>) -> tensor<2x4xf32> {
  // expected-error @below {{convert-compress-to-linalg: stored type f8E4M3FN in '!compress.tensor<4x32xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f8E4M3FN>>' is not lowered to fused kernels yet}}
  %w = compress.constant {codes = dense<0> : tensor<4x16xi8>, scales = dense<1.0> : tensor<4x1xf8E4M3FN>} : !w
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<2x32xf32>, !w -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// Each unsupported type is reported once, at its first value.
!sp = !compress.tensor<4x8xf32, #compress.sparse<nm = [2, 4], values = f16>>
// expected-error @below {{convert-compress-to-linalg: encoding #compress.sparse<nm = [2, 4], values = f16> in '!compress.tensor<4x8xf32, #compress.sparse<nm = [2, 4], values = f16>>' is not lowered to fused kernels yet}}
func.func @sparse(%x: tensor<2x8xf32>, %w: !sp) -> tensor<2x4xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<2x8xf32>, !sp -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
