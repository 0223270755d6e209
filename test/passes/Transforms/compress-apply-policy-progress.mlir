// RUN: compress-opt %s --split-input-file --compress-apply-policy="policy=%S/Inputs/policy-int8.yaml" -o /dev/null 2>&1 \
// RUN:   | FileCheck %s

// A model with 16 weights or more prints one progress line per weight on
// stderr (plain output, not a diagnostic): its index, the seconds since the
// pass started, its name and its encoding. The matvecs accumulate into each
// other, so each weight after the first also gets a linalg.add.

// CHECK:      compress-apply-policy: [1/16] {{[0-9]+\.[0-9]}} s sixteen.matvec.0 #compress.uniform<bits = 8, per_axis = 0, scale = f32>
// CHECK-NEXT: compress-apply-policy: [2/16] {{[0-9]+\.[0-9]}} s sixteen.matvec.1 #compress.uniform<bits = 8, per_axis = 0, scale = f32>
// CHECK-COUNT-13: compress-apply-policy: [{{[0-9]+}}/16]
// CHECK-NEXT: compress-apply-policy: [16/16] {{[0-9]+\.[0-9]}} s sixteen.matvec.15 #compress.uniform<bits = 8, per_axis = 0, scale = f32>
func.func @sixteen(%x: tensor<8xf32>) -> tensor<4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %w0 = arith.constant dense<1.0> : tensor<4x8xf32>
  %y0 = linalg.matvec ins(%w0, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %w1 = arith.constant dense<2.0> : tensor<4x8xf32>
  %y1 = linalg.matvec ins(%w1, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y0 : tensor<4xf32>) -> tensor<4xf32>
  %w2 = arith.constant dense<3.0> : tensor<4x8xf32>
  %y2 = linalg.matvec ins(%w2, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y1 : tensor<4xf32>) -> tensor<4xf32>
  %w3 = arith.constant dense<4.0> : tensor<4x8xf32>
  %y3 = linalg.matvec ins(%w3, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y2 : tensor<4xf32>) -> tensor<4xf32>
  %w4 = arith.constant dense<5.0> : tensor<4x8xf32>
  %y4 = linalg.matvec ins(%w4, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y3 : tensor<4xf32>) -> tensor<4xf32>
  %w5 = arith.constant dense<6.0> : tensor<4x8xf32>
  %y5 = linalg.matvec ins(%w5, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y4 : tensor<4xf32>) -> tensor<4xf32>
  %w6 = arith.constant dense<7.0> : tensor<4x8xf32>
  %y6 = linalg.matvec ins(%w6, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y5 : tensor<4xf32>) -> tensor<4xf32>
  %w7 = arith.constant dense<8.0> : tensor<4x8xf32>
  %y7 = linalg.matvec ins(%w7, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y6 : tensor<4xf32>) -> tensor<4xf32>
  %w8 = arith.constant dense<9.0> : tensor<4x8xf32>
  %y8 = linalg.matvec ins(%w8, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y7 : tensor<4xf32>) -> tensor<4xf32>
  %w9 = arith.constant dense<10.0> : tensor<4x8xf32>
  %y9 = linalg.matvec ins(%w9, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y8 : tensor<4xf32>) -> tensor<4xf32>
  %w10 = arith.constant dense<11.0> : tensor<4x8xf32>
  %y10 = linalg.matvec ins(%w10, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y9 : tensor<4xf32>) -> tensor<4xf32>
  %w11 = arith.constant dense<12.0> : tensor<4x8xf32>
  %y11 = linalg.matvec ins(%w11, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y10 : tensor<4xf32>) -> tensor<4xf32>
  %w12 = arith.constant dense<13.0> : tensor<4x8xf32>
  %y12 = linalg.matvec ins(%w12, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y11 : tensor<4xf32>) -> tensor<4xf32>
  %w13 = arith.constant dense<14.0> : tensor<4x8xf32>
  %y13 = linalg.matvec ins(%w13, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y12 : tensor<4xf32>) -> tensor<4xf32>
  %w14 = arith.constant dense<15.0> : tensor<4x8xf32>
  %y14 = linalg.matvec ins(%w14, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y13 : tensor<4xf32>) -> tensor<4xf32>
  %w15 = arith.constant dense<16.0> : tensor<4x8xf32>
  %y15 = linalg.matvec ins(%w15, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y14 : tensor<4xf32>) -> tensor<4xf32>
  return %y15 : tensor<4xf32>
}

// -----

// 15 weights: no progress.
// CHECK-NOT:  compress-apply-policy: [
func.func @fifteen(%x: tensor<8xf32>) -> tensor<4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %w0 = arith.constant dense<1.0> : tensor<4x8xf32>
  %y0 = linalg.matvec ins(%w0, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %w1 = arith.constant dense<2.0> : tensor<4x8xf32>
  %y1 = linalg.matvec ins(%w1, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y0 : tensor<4xf32>) -> tensor<4xf32>
  %w2 = arith.constant dense<3.0> : tensor<4x8xf32>
  %y2 = linalg.matvec ins(%w2, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y1 : tensor<4xf32>) -> tensor<4xf32>
  %w3 = arith.constant dense<4.0> : tensor<4x8xf32>
  %y3 = linalg.matvec ins(%w3, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y2 : tensor<4xf32>) -> tensor<4xf32>
  %w4 = arith.constant dense<5.0> : tensor<4x8xf32>
  %y4 = linalg.matvec ins(%w4, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y3 : tensor<4xf32>) -> tensor<4xf32>
  %w5 = arith.constant dense<6.0> : tensor<4x8xf32>
  %y5 = linalg.matvec ins(%w5, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y4 : tensor<4xf32>) -> tensor<4xf32>
  %w6 = arith.constant dense<7.0> : tensor<4x8xf32>
  %y6 = linalg.matvec ins(%w6, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y5 : tensor<4xf32>) -> tensor<4xf32>
  %w7 = arith.constant dense<8.0> : tensor<4x8xf32>
  %y7 = linalg.matvec ins(%w7, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y6 : tensor<4xf32>) -> tensor<4xf32>
  %w8 = arith.constant dense<9.0> : tensor<4x8xf32>
  %y8 = linalg.matvec ins(%w8, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y7 : tensor<4xf32>) -> tensor<4xf32>
  %w9 = arith.constant dense<10.0> : tensor<4x8xf32>
  %y9 = linalg.matvec ins(%w9, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y8 : tensor<4xf32>) -> tensor<4xf32>
  %w10 = arith.constant dense<11.0> : tensor<4x8xf32>
  %y10 = linalg.matvec ins(%w10, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y9 : tensor<4xf32>) -> tensor<4xf32>
  %w11 = arith.constant dense<12.0> : tensor<4x8xf32>
  %y11 = linalg.matvec ins(%w11, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y10 : tensor<4xf32>) -> tensor<4xf32>
  %w12 = arith.constant dense<13.0> : tensor<4x8xf32>
  %y12 = linalg.matvec ins(%w12, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y11 : tensor<4xf32>) -> tensor<4xf32>
  %w13 = arith.constant dense<14.0> : tensor<4x8xf32>
  %y13 = linalg.matvec ins(%w13, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y12 : tensor<4xf32>) -> tensor<4xf32>
  %w14 = arith.constant dense<15.0> : tensor<4x8xf32>
  %y14 = linalg.matvec ins(%w14, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%y13 : tensor<4xf32>) -> tensor<4xf32>
  return %y14 : tensor<4xf32>
}
