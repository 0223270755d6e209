// RUN: compress-opt %s --split-input-file --convert-compress-to-linalg --verify-diagnostics

// Run-time compression has no lowering yet.
!kv = !compress.tensor<4x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
func.func @encode(%x: tensor<4x8xf32>) -> !kv {
  // expected-error @below {{convert-compress-to-linalg: compress.encode (run-time compression) is not lowered yet}}
  %e = compress.encode %x : tensor<4x8xf32> -> !kv
  return %e : !kv
}
