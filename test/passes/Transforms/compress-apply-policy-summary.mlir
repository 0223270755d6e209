// RUN: compress-opt %s --compress-apply-policy="policy=%S/Inputs/policy-summary.yaml summary=true" --verify-diagnostics -o /dev/null

// summary=true: one remark per weight, at its constant, with its name, its
// consumer kind, the encoding, bits per weight, bytes (compressed and dense)
// and the relative errors of the weight and of the layer's outputs. One
// module (no split): every rule of Inputs/policy-summary.yaml matches a
// weight, so there is no warning.

func.func @summary(%x: tensor<1xf32>, %x2: tensor<2x64xf32>, %ids: tensor<4x1xindex>, %img: tensor<1x3x3x8xf32>)
    -> (tensor<4xf32>, tensor<2x32xf32>, tensor<4x1x16xf32>, tensor<1x1x1x4xf32>) {
  %zero = arith.constant 0.0 : f32
  // hand.w (the NameLoc of its consumer), int4-tensor: s = 7 / 7 = 1, codes
  // 1 7 -3 1, errors 0.3 and 0.2: sqrt(0.13 / 60.73) = 0.0463. With one
  // input per output the output error is the same whatever the inputs.
  // 4 4-bit codes (2 bytes) + one f32 scale = 6 bytes, 12 bits per weight.
  // expected-remark @below {{'hand.w' (matmul): #compress.uniform<bits = 4, scale = f32>, 12 bits per weight, 6 bytes (dense 16), weight error 0.0463, output error 0.0463}}
  %w = arith.constant dense<[[0.7], [7.0], [-3.2], [1.0]]> : tensor<4x1xf32>
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.matvec ins(%w, %x : tensor<4x1xf32>, tensor<1xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32> loc("hand.w")
  // A NameLoc without a file position: the remark has no position either.
  // int4-g32 of 0.5: s = f16(0.5 / 7) = 0.0714111, code 7, 7 s = 0.499878:
  // error 0.000244. 1024 bytes of codes + 64 f16 scales = 1152 bytes.
  // expected-remark @unknown {{'layers.0.wq' (matmul): #compress.uniform<bits = 4, block = [1, 32], scale = f16>, 4.5 bits per weight, 1152 bytes (dense 8192), weight error 0.000244, output error 0.000244}}
  %wq = arith.constant dense<0.5> : tensor<32x64xf32> loc("layers.0.wq")
  %e2 = tensor.empty() : tensor<2x32xf32>
  %init2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x32xf32>) -> tensor<2x32xf32>
  %y2 = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
        ins(%x2, %wq : tensor<2x64xf32>, tensor<32x64xf32>) outs(%init2 : tensor<2x32xf32>) -> tensor<2x32xf32>
  // A lookup: 1600 bytes of codes + 100 f32 scales; ones are exact.
  // expected-remark @below {{'embed.tokens' (gather): #compress.uniform<bits = 8, per_axis = 0, scale = f32>, 10 bits per weight, 2000 bytes (dense 6400), weight error 0, output error 0}}
  %table = arith.constant dense<1.0> : tensor<100x16xf32>
  %rows = tensor.gather %table[%ids] gather_dims([0]) : (tensor<100x16xf32>, tensor<4x1xindex>) -> tensor<4x1x16xf32> loc("embed.tokens")
  // Left dense by a `none` rule.
  // expected-remark @below {{'frozen.conv' (conv): none, 32 bits per weight, 1152 bytes (dense 1152), weight error 0, output error 0}}
  %f = arith.constant dense<0.25> : tensor<3x3x8x4xf32>
  %ce = tensor.empty() : tensor<1x1x1x4xf32>
  %cinit = linalg.fill ins(%zero : f32) outs(%ce : tensor<1x1x1x4xf32>) -> tensor<1x1x1x4xf32>
  %c = linalg.conv_2d_nhwc_hwcf ins(%img, %f : tensor<1x3x3x8xf32>, tensor<3x3x8x4xf32>) outs(%cinit : tensor<1x1x1x4xf32>) -> tensor<1x1x1x4xf32> loc("frozen.conv")
  return %y, %y2, %rows, %c : tensor<4xf32>, tensor<2x32xf32>, tensor<4x1x16xf32>, tensor<1x1x1x4xf32>
}
