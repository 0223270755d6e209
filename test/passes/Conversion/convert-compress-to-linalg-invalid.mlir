// RUN: compress-opt %s --split-input-file --convert-compress-to-linalg --verify-diagnostics

// Run-time compression has no lowering yet.
!kv = !compress.tensor<4x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
func.func @encode(%x: tensor<4x8xf32>) -> !kv {
  // expected-error @below {{convert-compress-to-linalg: compress.encode (run-time compression) is not lowered yet}}
  %e = compress.encode %x : tensor<4x8xf32> -> !kv
  return %e : !kv
}

// -----

// Sparsity is not lowered to fused kernels yet: the error names the
// encoding at the first value that has it (here a function argument).
!sp = !compress.tensor<4x8xf32, #compress.sparse<nm = [2, 4], values = f32>>
// expected-error @below {{convert-compress-to-linalg: encoding #compress.sparse<nm = [2, 4], values = f32> in '!compress.tensor<4x8xf32, #compress.sparse<nm = [2, 4], values = f32>>' is not lowered to fused kernels yet}}
func.func @sparse(%w: !sp, %x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<2x8xf32>, !sp -> tensor<2x4xf32>
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
