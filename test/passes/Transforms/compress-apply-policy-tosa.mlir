// TOSA models go through the upstream lowerings first: tosa.const becomes
// arith.constant, tosa.matmul linalg.batch_matmul, tosa.conv2d
// linalg.conv_2d_nhwc_fhwc (OHWI kernels). Their weights are then found like
// any other. (tosa.fully_connected no longer exists in MLIR 22.)
// RUN: compress-opt %s --split-input-file \
// RUN:   --pass-pipeline='builtin.module(func.func(tosa-to-linalg-named,tosa-to-linalg,tosa-to-arith))' \
// RUN:   | compress-opt --split-input-file --compress-apply-policy="policy=%S/Inputs/policy-tosa.yaml" \
// RUN:   | FileCheck %s --implicit-check-not=tosa. --implicit-check-not=linalg.batch_matmul \
// RUN:       --implicit-check-not="dense<5.000000e-01>" --implicit-check-not="dense<2.500000e-01>"

// tosa.matmul: B is [batch, K, N], so groups of 4 run along axis 1.
// CHECK-LABEL: func.func @tosa_matmul(
// CHECK-SAME:      %[[A:.*]]: tensor<1x2x8xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<tosa_matmul.batch_matmul.0.codes> : tensor<1x8x2xi8>, scales = dense_resource<tosa_matmul.batch_matmul.0.scales> : tensor<1x2x4xf16>} : !compress.tensor<1x8x4xf32, #compress.uniform<bits = 4, block = [1, 4, 1], scale = f16>>
// CHECK:         %[[Y:.*]] = compress.matmul %[[A]], %[[W]] acc(f32) : tensor<1x2x8xf32>, !compress.tensor<1x8x4xf32, #compress.uniform<bits = 4, block = [1, 4, 1], scale = f16>> -> tensor<1x2x4xf32>
// CHECK:         return %[[Y]]
func.func @tosa_matmul(%a: tensor<1x2x8xf32>) -> tensor<1x2x4xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<1x8x4xf32>}> : () -> tensor<1x8x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.matmul %a, %w, %zp, %zp : (tensor<1x2x8xf32>, tensor<1x8x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x4xf32>
  return %y : tensor<1x2x4xf32>
}

// -----

// tosa.conv2d: OHWI kernels, one scale per output channel (axis 0). The bias
// is no weight: it stays, broadcast into the init of the convolution.
// CHECK-LABEL: func.func @tosa_conv2d(
// CHECK-SAME:      %[[IMG:.*]]: tensor<1x6x6x8xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<tosa_conv2d.conv_2d_nhwc_fhwc.0.codes> : tensor<16x3x3x8xi8>, scales = dense_resource<tosa_conv2d.conv_2d_nhwc_fhwc.0.scales> : tensor<16x1x1x1xf32>} : !compress.tensor<16x3x3x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK:         %[[D:.*]] = compress.decode %[[W]] : !compress.tensor<16x3x3x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>> -> tensor<16x3x3x8xf32>
// CHECK:         %[[BIAS:.*]] = arith.constant dense<1.250000e-01> : tensor<16xf32>
// CHECK:         %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[BIAS]] : tensor<16xf32>)
// CHECK:         %[[Y:.*]] = linalg.conv_2d_nhwc_fhwc {{.*}} ins(%[[IMG]], %[[D]] : tensor<1x6x6x8xf32>, tensor<16x3x3x8xf32>) outs(%[[INIT]] : tensor<1x4x4x16xf32>)
// CHECK:         return %[[Y]]
func.func @tosa_conv2d(%img: tensor<1x6x6x8xf32>) -> tensor<1x4x4x16xf32> {
  %w = "tosa.const"() <{values = dense<0.25> : tensor<16x3x3x8xf32>}> : () -> tensor<16x3x3x8xf32>
  %b = "tosa.const"() <{values = dense<0.125> : tensor<16xf32>}> : () -> tensor<16xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.conv2d %img, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}
       : (tensor<1x6x6x8xf32>, tensor<16x3x3x8xf32>, tensor<16xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x16xf32>
  return %y : tensor<1x4x4x16xf32>
}
