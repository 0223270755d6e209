// The module of compress-run-device-cuda.test: one int4 nn.Linear.
!w = !compress.tensor<64x256xf32, #compress.uniform<bits = 4, block = [1, 128], scale = f16>>
func.func @linear(%x: tensor<3x256xf32>) -> tensor<3x64xf32> {
  %w = compress.constant {codes = dense<17> : tensor<64x128xi8>, scales = dense<0.5> : tensor<64x2xf16>} : !w
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x256xf32>, !w -> tensor<3x64xf32>
  return %y : tensor<3x64xf32>
}
