// RUN: compress-opt %s --split-input-file --compress-apply-policy="policy=%S/Inputs/policy-int8.yaml" \
// RUN:   | FileCheck %s --implicit-check-not="arith.constant dense" --implicit-check-not=linalg.matmul \
// RUN:       --implicit-check-not=linalg.batch_matmul --implicit-check-not=linalg.matvec \
// RUN:       --implicit-check-not=linalg.vecmat --implicit-check-not=tensor.gather --implicit-check-not="model.w:"
// RUN: compress-opt %s --split-input-file --compress-apply-policy="policy=%S/Inputs/policy-int4-g4.yaml" \
// RUN:   | FileCheck %s --check-prefix=GROUP
// The whole file as one module, for the consumer kinds the report names.
// RUN: compress-opt %s --compress-apply-policy="policy=%S/Inputs/policy-int8.yaml report=%t.json" -o /dev/null 2>/dev/null
// RUN: FileCheck %s --input-file=%t.json --check-prefix=REPORT

// Every consumer kind under int8 (the default prefix checks one scale per
// output channel, on the consumer's output axis) and under int4-g4 (the
// other prefix checks blocks of 4 along the consumer's reduction axis). The
// implicit check-nots prove that no dense weight and no fused consumer is
// left behind; the ops that stay (convs, linalg.generic, a matmul with the
// weight on the left) are matched explicitly.

// A plain matmul weight is [K, N]: channels on axis 1, groups on axis 0.
// CHECK-LABEL: func.func @matmul_plain(
// CHECK-SAME:      %[[X:.*]]: tensor<2x8xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<matmul_plain.matmul.0.codes> : tensor<8x4xi8>, scales = dense_resource<matmul_plain.matmul.0.scales> : tensor<1x4xf32>} : !compress.tensor<8x4xf32, #compress.uniform<bits = 8, per_axis = 1, scale = f32>>
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] acc(f32) : tensor<2x8xf32>, !compress.tensor<8x4xf32, #compress.uniform<bits = 8, per_axis = 1, scale = f32>> -> tensor<2x4xf32>
// CHECK:         return %[[Y]]
// GROUP-LABEL: func.func @matmul_plain(
// GROUP:         compress.constant {codes = dense_resource<{{.*}}> : tensor<8x2xi8>, scales = dense_resource<{{.*}}> : tensor<2x4xf16>} : !compress.tensor<8x4xf32, #compress.uniform<bits = 4, block = [4, 1], scale = f16>>
func.func @matmul_plain(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%init : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// The transposed form ([N, K], as importers of nn.Linear write it).
// CHECK-LABEL: func.func @matmul_transposed(
// CHECK-SAME:      %[[X:.*]]: tensor<2x8xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<matmul_transposed.matmul.0.codes> : tensor<4x8xi8>, scales = dense_resource<matmul_transposed.matmul.0.scales> : tensor<4x1xf32>} : !compress.tensor<4x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<2x8xf32>, !compress.tensor<4x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>> -> tensor<2x4xf32>
// CHECK:         return %[[Y]]
// GROUP-LABEL: func.func @matmul_transposed(
// GROUP:         compress.constant {{.*}} : !compress.tensor<4x8xf32, #compress.uniform<bits = 4, block = [1, 4], scale = f16>>
// GROUP:         compress.matmul {{.*}} transpose_rhs
func.func @matmul_transposed(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  %y = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
       ins(%x, %w : tensor<2x8xf32>, tensor<4x8xf32>) outs(%init : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func.func @batch_matmul_plain(
// CHECK-SAME:      %[[X:.*]]: tensor<3x2x8xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<batch_matmul_plain.batch_matmul.0.codes> : tensor<3x8x4xi8>, scales = dense_resource<batch_matmul_plain.batch_matmul.0.scales> : tensor<1x1x4xf32>} : !compress.tensor<3x8x4xf32, #compress.uniform<bits = 8, per_axis = 2, scale = f32>>
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] acc(f32) : tensor<3x2x8xf32>, !compress.tensor<3x8x4xf32, #compress.uniform<bits = 8, per_axis = 2, scale = f32>> -> tensor<3x2x4xf32>
// CHECK:         return %[[Y]]
// GROUP-LABEL: func.func @batch_matmul_plain(
// GROUP:         compress.constant {{.*}} : !compress.tensor<3x8x4xf32, #compress.uniform<bits = 4, block = [1, 4, 1], scale = f16>>
func.func @batch_matmul_plain(%x: tensor<3x2x8xf32>) -> tensor<3x2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<3x8x4xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<3x2x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<3x2x4xf32>) -> tensor<3x2x4xf32>
  %y = linalg.batch_matmul ins(%x, %w : tensor<3x2x8xf32>, tensor<3x8x4xf32>) outs(%init : tensor<3x2x4xf32>) -> tensor<3x2x4xf32>
  return %y : tensor<3x2x4xf32>
}

// -----

// CHECK-LABEL: func.func @batch_matmul_transposed(
// CHECK-SAME:      %[[X:.*]]: tensor<3x2x8xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<batch_matmul_transposed.batch_matmul.0.codes> : tensor<3x4x8xi8>, scales = dense_resource<batch_matmul_transposed.batch_matmul.0.scales> : tensor<1x4x1xf32>} : !compress.tensor<3x4x8xf32, #compress.uniform<bits = 8, per_axis = 1, scale = f32>>
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<3x2x8xf32>, !compress.tensor<3x4x8xf32, #compress.uniform<bits = 8, per_axis = 1, scale = f32>> -> tensor<3x2x4xf32>
// CHECK:         return %[[Y]]
// GROUP-LABEL: func.func @batch_matmul_transposed(
// GROUP:         compress.constant {{.*}} : !compress.tensor<3x4x8xf32, #compress.uniform<bits = 4, block = [1, 1, 4], scale = f16>>
func.func @batch_matmul_transposed(%x: tensor<3x2x8xf32>) -> tensor<3x2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<3x4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<3x2x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<3x2x4xf32>) -> tensor<3x2x4xf32>
  %y = linalg.batch_matmul indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (b, n, k)>, affine_map<(b, m, n, k) -> (b, m, n)>]
       ins(%x, %w : tensor<3x2x8xf32>, tensor<3x4x8xf32>) outs(%init : tensor<3x2x4xf32>) -> tensor<3x2x4xf32>
  return %y : tensor<3x2x4xf32>
}

// -----

// matvec: W [N, K] times x [K].
// CHECK-LABEL: func.func @matvec(
// CHECK-SAME:      %[[X:.*]]: tensor<8xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<matvec.matvec.0.codes> : tensor<4x8xi8>, scales = dense_resource<matvec.matvec.0.scales> : tensor<4x1xf32>} : !compress.tensor<4x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<8xf32>, !compress.tensor<4x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>> -> tensor<4xf32>
// CHECK:         return %[[Y]]
// GROUP-LABEL: func.func @matvec(
// GROUP:         compress.constant {{.*}} : !compress.tensor<4x8xf32, #compress.uniform<bits = 4, block = [1, 4], scale = f16>>
func.func @matvec(%x: tensor<8xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.matvec ins(%w, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// vecmat: x [K] times W [K, N].
// CHECK-LABEL: func.func @vecmat(
// CHECK-SAME:      %[[X:.*]]: tensor<8xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<vecmat.vecmat.0.codes> : tensor<8x4xi8>, scales = dense_resource<vecmat.vecmat.0.scales> : tensor<1x4xf32>} : !compress.tensor<8x4xf32, #compress.uniform<bits = 8, per_axis = 1, scale = f32>>
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] acc(f32) : tensor<8xf32>, !compress.tensor<8x4xf32, #compress.uniform<bits = 8, per_axis = 1, scale = f32>> -> tensor<4xf32>
// CHECK:         return %[[Y]]
// GROUP-LABEL: func.func @vecmat(
// GROUP:         compress.constant {{.*}} : !compress.tensor<8x4xf32, #compress.uniform<bits = 4, block = [4, 1], scale = f16>>
// REPORT:      "name": "matmul_plain.matmul.0",
// REPORT-NEXT: "op": "matmul",
// REPORT:      "consumer": "compress.matmul",
func.func @vecmat(%x: tensor<8xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.vecmat ins(%x, %w : tensor<8xf32>, tensor<8x4xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// A contraction linalg.generic has no fused form yet: a compress.decode
// feeds it. Its maps still give the axes (n is the output, k the reduction).
// CHECK-LABEL: func.func @contraction_generic(
// CHECK-SAME:      %[[X:.*]]: tensor<2x8xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<contraction_generic.generic.0.codes> : tensor<4x8xi8>, scales = dense_resource<contraction_generic.generic.0.scales> : tensor<4x1xf32>} : !compress.tensor<4x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK:         %[[D:.*]] = compress.decode %[[W]] : !compress.tensor<4x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>> -> tensor<4x8xf32>
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[D]] : tensor<2x8xf32>, tensor<4x8xf32>)
// CHECK:           arith.mulf
// CHECK:         return %[[Y]]
// GROUP-LABEL: func.func @contraction_generic(
// GROUP:         compress.constant {{.*}} : !compress.tensor<4x8xf32, #compress.uniform<bits = 4, block = [1, 4], scale = f16>>
// REPORT:      "name": "contraction_generic.generic.0",
// REPORT-NEXT: "op": "matmul",
// REPORT:      "consumer": "compress.decode",
func.func @contraction_generic(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>],
                       iterator_types = ["parallel", "parallel", "reduction"]}
       ins(%x, %w : tensor<2x8xf32>, tensor<4x8xf32>) outs(%init : tensor<2x4xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// HWCF kernels: output channels F on axis 3, groups along C (axis 2), not
// along the window dimensions.
// CHECK-LABEL: func.func @conv_nhwc_hwcf(
// CHECK-SAME:      %[[IMG:.*]]: tensor<1x6x6x8xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<conv_nhwc_hwcf.conv_2d_nhwc_hwcf.0.codes> : tensor<3x3x8x16xi8>, scales = dense_resource<conv_nhwc_hwcf.conv_2d_nhwc_hwcf.0.scales> : tensor<1x1x1x16xf32>} : !compress.tensor<3x3x8x16xf32, #compress.uniform<bits = 8, per_axis = 3, scale = f32>>
// CHECK:         %[[D:.*]] = compress.decode %[[W]] : {{.*}} -> tensor<3x3x8x16xf32>
// CHECK:         %[[Y:.*]] = linalg.conv_2d_nhwc_hwcf ins(%[[IMG]], %[[D]] : tensor<1x6x6x8xf32>, tensor<3x3x8x16xf32>)
// CHECK:         return %[[Y]]
// GROUP-LABEL: func.func @conv_nhwc_hwcf(
// GROUP:         compress.constant {{.*}} : !compress.tensor<3x3x8x16xf32, #compress.uniform<bits = 4, block = [1, 1, 4, 1], scale = f16>>
// REPORT:      "name": "conv_nhwc_hwcf.conv_2d_nhwc_hwcf.0",
// REPORT-NEXT: "op": "conv",
// REPORT:      "consumer": "compress.decode",
func.func @conv_nhwc_hwcf(%img: tensor<1x6x6x8xf32>) -> tensor<1x4x4x16xf32> {
  %w = arith.constant dense<0.25> : tensor<3x3x8x16xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  %y = linalg.conv_2d_nhwc_hwcf ins(%img, %w : tensor<1x6x6x8xf32>, tensor<3x3x8x16xf32>) outs(%init : tensor<1x4x4x16xf32>) -> tensor<1x4x4x16xf32>
  return %y : tensor<1x4x4x16xf32>
}

// -----

// Depthwise kernels sum only over their window: one scale per channel C
// (before a channel multiplier M), groups along the window's width KW.
// CHECK-LABEL: func.func @conv_depthwise(
// CHECK-SAME:      %[[IMG:.*]]: tensor<1x8x8x16xf32>
// CHECK:         %[[W:.*]] = compress.constant {{.*}} : !compress.tensor<4x4x16xf32, #compress.uniform<bits = 8, per_axis = 2, scale = f32>>
// CHECK:         %[[D:.*]] = compress.decode %[[W]] : {{.*}} -> tensor<4x4x16xf32>
// CHECK:         %[[Y:.*]] = linalg.depthwise_conv_2d_nhwc_hwc ins(%[[IMG]], %[[D]] : tensor<1x8x8x16xf32>, tensor<4x4x16xf32>)
// CHECK:         %[[M:.*]] = compress.constant {{.*}} : !compress.tensor<4x4x16x2xf32, #compress.uniform<bits = 8, per_axis = 2, scale = f32>>
// CHECK:         %[[DM:.*]] = compress.decode %[[M]]
// CHECK:         %[[YM:.*]] = linalg.depthwise_conv_2d_nhwc_hwcm ins(%[[IMG]], %[[DM]] : tensor<1x8x8x16xf32>, tensor<4x4x16x2xf32>)
// CHECK:         return %[[Y]], %[[YM]]
// GROUP-LABEL: func.func @conv_depthwise(
// GROUP:         compress.constant {{.*}} : !compress.tensor<4x4x16xf32, #compress.uniform<bits = 4, block = [1, 4, 1], scale = f16>>
// GROUP:         compress.constant {{.*}} : !compress.tensor<4x4x16x2xf32, #compress.uniform<bits = 4, block = [1, 4, 1, 1], scale = f16>>
func.func @conv_depthwise(%img: tensor<1x8x8x16xf32>, %out: tensor<1x5x5x16xf32>, %outm: tensor<1x5x5x16x2xf32>) -> (tensor<1x5x5x16xf32>, tensor<1x5x5x16x2xf32>) {
  %w = arith.constant dense<0.25> : tensor<4x4x16xf32>
  %y = linalg.depthwise_conv_2d_nhwc_hwc ins(%img, %w : tensor<1x8x8x16xf32>, tensor<4x4x16xf32>) outs(%out : tensor<1x5x5x16xf32>) -> tensor<1x5x5x16xf32>
  %m = arith.constant dense<0.5> : tensor<4x4x16x2xf32>
  %ym = linalg.depthwise_conv_2d_nhwc_hwcm ins(%img, %m : tensor<1x8x8x16xf32>, tensor<4x4x16x2xf32>) outs(%outm : tensor<1x5x5x16x2xf32>) -> tensor<1x5x5x16x2xf32>
  return %y, %ym : tensor<1x5x5x16xf32>, tensor<1x5x5x16x2xf32>
}

// -----

// FCHW kernels: output channels F on axis 0, groups along C (axis 1).
// CHECK-LABEL: func.func @conv_nchw_fchw(
// CHECK-SAME:      %[[IMG:.*]]: tensor<1x8x6x6xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<conv_nchw_fchw.conv_2d_nchw_fchw.0.codes> : tensor<16x8x3x3xi8>, scales = dense_resource<conv_nchw_fchw.conv_2d_nchw_fchw.0.scales> : tensor<16x1x1x1xf32>} : !compress.tensor<16x8x3x3xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK:         %[[D:.*]] = compress.decode %[[W]] : {{.*}} -> tensor<16x8x3x3xf32>
// CHECK:         %[[Y:.*]] = linalg.conv_2d_nchw_fchw ins(%[[IMG]], %[[D]] : tensor<1x8x6x6xf32>, tensor<16x8x3x3xf32>)
// CHECK:         return %[[Y]]
// GROUP-LABEL: func.func @conv_nchw_fchw(
// GROUP:         compress.constant {{.*}} : !compress.tensor<16x8x3x3xf32, #compress.uniform<bits = 4, block = [1, 4, 1, 1], scale = f16>>
func.func @conv_nchw_fchw(%img: tensor<1x8x6x6xf32>) -> tensor<1x16x4x4xf32> {
  %w = arith.constant dense<0.25> : tensor<16x8x3x3xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x4x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  %y = linalg.conv_2d_nchw_fchw ins(%img, %w : tensor<1x8x6x6xf32>, tensor<16x8x3x3xf32>) outs(%init : tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %y : tensor<1x16x4x4xf32>
}

// -----

// An embedding lookup: compress.gather takes the indices without their
// trailing unit dimension, and the kept unit dimension of the rows returns.
// CHECK-LABEL: func.func @embedding_gather(
// CHECK-SAME:      %[[IDS:.*]]: tensor<4x1xindex>
// CHECK:         %[[T:.*]] = compress.constant {codes = dense_resource<embedding_gather.gather.0.codes> : tensor<100x16xi8>, scales = dense_resource<embedding_gather.gather.0.scales> : tensor<100x1xf32>} : !compress.tensor<100x16xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK:         %[[I:.*]] = tensor.collapse_shape %[[IDS]] {{\[\[}}0, 1]] : tensor<4x1xindex> into tensor<4xindex>
// CHECK:         %[[R:.*]] = compress.gather %[[T]][%[[I]]] : !compress.tensor<100x16xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>, tensor<4xindex> -> tensor<4x16xf32>
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[R]] {{\[\[}}0], [1, 2]] output_shape [4, 1, 16] : tensor<4x16xf32> into tensor<4x1x16xf32>
// CHECK:         return %[[E]]
// GROUP-LABEL: func.func @embedding_gather(
// GROUP:         compress.constant {{.*}} : !compress.tensor<100x16xf32, #compress.uniform<bits = 4, block = [1, 4], scale = f16>>
// REPORT:      "name": "embedding_gather.gather.0",
// REPORT-NEXT: "op": "gather",
// REPORT:      "consumer": "compress.gather",
func.func @embedding_gather(%ids: tensor<4x1xindex>) -> tensor<4x1x16xf32> {
  %table = arith.constant dense<1.0> : tensor<100x16xf32>
  %rows = tensor.gather %table[%ids] gather_dims([0]) : (tensor<100x16xf32>, tensor<4x1xindex>) -> tensor<4x1x16xf32>
  return %rows : tensor<4x1x16xf32>
}

// -----

// The rank-reduced form of the gather needs no expand_shape; i32 indices.
// CHECK-LABEL: func.func @embedding_gather_rank_reduced(
// CHECK-SAME:      %[[IDS:.*]]: tensor<2x3x1xi32>
// CHECK:         %[[T:.*]] = compress.constant {{.*}} : !compress.tensor<100x16xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK:         %[[I:.*]] = tensor.collapse_shape %[[IDS]] {{\[\[}}0], [1, 2]] : tensor<2x3x1xi32> into tensor<2x3xi32>
// CHECK:         %[[R:.*]] = compress.gather %[[T]][%[[I]]] : {{.*}}, tensor<2x3xi32> -> tensor<2x3x16xf32>
// CHECK:         return %[[R]]
func.func @embedding_gather_rank_reduced(%ids: tensor<2x3x1xi32>) -> tensor<2x3x16xf32> {
  %table = arith.constant dense<1.0> : tensor<100x16xf32>
  %rows = tensor.gather %table[%ids] gather_dims([0]) unique : (tensor<100x16xf32>, tensor<2x3x1xi32>) -> tensor<2x3x16xf32>
  return %rows : tensor<2x3x16xf32>
}

// -----

// The embedding as torch-mlir lowers aten.embedding: a linalg.generic that
// extracts elements of the table; the table's rows are its output channels,
// and a compress.decode feeds the extract.
// CHECK-LABEL: func.func @embedding_torch(
// CHECK:         %[[T:.*]] = compress.constant {codes = dense_resource<embedding_torch.extract.0.codes> : tensor<100x16xi8>, scales = dense_resource<embedding_torch.extract.0.scales> : tensor<100x1xf32>} : !compress.tensor<100x16xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK:         %[[D:.*]] = compress.decode %[[T]] : {{.*}} -> tensor<100x16xf32>
// CHECK:         linalg.generic
// CHECK:           tensor.extract %[[D]][%{{.*}}, %{{.*}}] : tensor<100x16xf32>
// GROUP-LABEL: func.func @embedding_torch(
// GROUP:         compress.constant {{.*}} : !compress.tensor<100x16xf32, #compress.uniform<bits = 4, block = [1, 4], scale = f16>>
// REPORT:      "name": "embedding_torch.extract.0",
// REPORT-NEXT: "op": "gather",
// REPORT:      "consumer": "compress.decode",
func.func @embedding_torch(%ids: tensor<4xi64>) -> tensor<4x16xf32> {
  %table = arith.constant dense<1.0> : tensor<100x16xf32>
  %e = tensor.empty() : tensor<4x16xf32>
  %rows = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (i, j)>],
                          iterator_types = ["parallel", "parallel"]}
          ins(%ids : tensor<4xi64>) outs(%e : tensor<4x16xf32>) {
  ^bb0(%id: i64, %out: f32):
    %row = arith.index_cast %id : i64 to index
    %col = linalg.index 1 : index
    %v = tensor.extract %table[%row, %col] : tensor<100x16xf32>
    linalg.yield %v : f32
  } -> tensor<4x16xf32>
  return %rows : tensor<4x16xf32>
}

// -----

// compress.matmul computes the product alone: a matmul that accumulates
// into a value not known to be zero gets a linalg.add of that value.
// CHECK-LABEL: func.func @matmul_accumulate(
// CHECK-SAME:      %[[X:.*]]: tensor<2x8xf32>, %[[ACC:.*]]: tensor<2x4xf32>
// CHECK:         %[[W:.*]] = compress.constant
// CHECK:         %[[P:.*]] = compress.matmul %[[X]], %[[W]] acc(f32)
// CHECK:         %[[S:.*]] = linalg.add ins(%[[P]], %[[ACC]] : tensor<2x4xf32>, tensor<2x4xf32>) outs(%[[ACC]] : tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK:         return %[[S]]
func.func @matmul_accumulate(%x: tensor<2x8xf32>, %acc: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%acc : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// A fill with 1.0 is not zero either.
// CHECK-LABEL: func.func @matmul_fill_one(
// CHECK-SAME:      %[[X:.*]]: tensor<2x8xf32>
// CHECK:         %[[W:.*]] = compress.constant
// CHECK:         %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ONE]] : f32)
// CHECK:         %[[P:.*]] = compress.matmul %[[X]], %[[W]] acc(f32)
// CHECK:         %[[S:.*]] = linalg.add ins(%[[P]], %[[INIT]] : tensor<2x4xf32>, tensor<2x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>)
// CHECK:         return %[[S]]
func.func @matmul_fill_one(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32>
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<2x4xf32>
  %init = linalg.fill ins(%one : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%init : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// A zero splat init is zero: no add. The splat is the init, not a weight.
// CHECK-LABEL: func.func @matmul_zero_splat_init(
// CHECK-SAME:      %[[X:.*]]: tensor<2x8xf32>
// CHECK:         %[[W:.*]] = compress.constant
// CHECK:         arith.constant dense<0.000000e+00> : tensor<2x4xf32>
// CHECK:         %[[P:.*]] = compress.matmul %[[X]], %[[W]] acc(f32)
// CHECK-NOT:     linalg.add
// CHECK:         return %[[P]]
func.func @matmul_zero_splat_init(%x: tensor<2x8xf32>) -> tensor<2x4xf32> {
  %w = arith.constant dense<0.5> : tensor<8x4xf32>
  %init = arith.constant dense<0.0> : tensor<2x4xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x8xf32>, tensor<8x4xf32>) outs(%init : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// One weight, two consumers: one compressed constant feeds both.
// The name is left unchecked for now: docs/policy.md names it after the first
// consumer in program order, `two_consumers.matmul.0` (not the use list's
// order, which MLIR keeps newest first).
// CHECK-LABEL: func.func @two_consumers(
// CHECK-SAME:      %[[X:.*]]: tensor<2x8xf32>, %[[V:.*]]: tensor<8xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<two_consumers.matmul.0.codes> : tensor<4x8xi8>, {{.*}}} : !compress.tensor<4x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK-NOT:     compress.constant
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<2x8xf32>
// CHECK:         %[[Z:.*]] = compress.matmul %[[V]], %[[W]] transpose_rhs acc(f32) : tensor<8xf32>
// CHECK:         return %[[Y]], %[[Z]]
func.func @two_consumers(%x: tensor<2x8xf32>, %v: tensor<8xf32>) -> (tensor<2x4xf32>, tensor<4xf32>) {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  %y = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
       ins(%x, %w : tensor<2x8xf32>, tensor<4x8xf32>) outs(%init : tensor<2x4xf32>) -> tensor<2x4xf32>
  %e2 = tensor.empty() : tensor<4xf32>
  %init2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<4xf32>) -> tensor<4xf32>
  %z = linalg.matvec ins(%w, %v : tensor<4x8xf32>, tensor<8xf32>) outs(%init2 : tensor<4xf32>) -> tensor<4xf32>
  return %y, %z : tensor<2x4xf32>, tensor<4xf32>
}

// -----

// A use that is no consumer (here the return) gets a compress.decode, the
// matvec still the fused form.
// CHECK-LABEL: func.func @fused_and_decoded(
// CHECK-SAME:      %[[X:.*]]: tensor<8xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<fused_and_decoded.matvec.0.codes>
// CHECK:         %[[D:.*]] = compress.decode %[[W]] : {{.*}} -> tensor<4x8xf32>
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] transpose_rhs
// CHECK:         return %[[Y]], %[[D]]
// REPORT:      "name": "fused_and_decoded.matvec.0",
// REPORT:      "consumer": "mixed",
func.func @fused_and_decoded(%x: tensor<8xf32>) -> (tensor<4xf32>, tensor<4x8xf32>) {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.matvec ins(%w, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %y, %w : tensor<4xf32>, tensor<4x8xf32>
}

// -----

// A weight on the left of a matmul ([M, K]: rows are the outputs) has no
// fused form: decoded, the matmul stays.
// CHECK-LABEL: func.func @weight_on_the_left(
// CHECK-SAME:      %[[X:.*]]: tensor<8x2xf32>
// CHECK:         %[[W:.*]] = compress.constant {{.*}} : !compress.tensor<4x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK:         %[[D:.*]] = compress.decode %[[W]]
// CHECK:         %[[Y:.*]] = linalg.matmul ins(%[[D]], %[[X]] : tensor<4x8xf32>, tensor<8x2xf32>)
// CHECK:         return %[[Y]]
// GROUP-LABEL: func.func @weight_on_the_left(
// GROUP:         compress.constant {{.*}} : !compress.tensor<4x8xf32, #compress.uniform<bits = 4, block = [1, 4], scale = f16>>
func.func @weight_on_the_left(%x: tensor<8x2xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
  %y = linalg.matmul ins(%w, %x : tensor<4x8xf32>, tensor<8x2xf32>) outs(%init : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// Not weights: an integer constant (even in a matmul) and a float constant
// that only an elementwise op uses.
// CHECK-LABEL: func.func @not_weights(
// CHECK-SAME:      %[[X:.*]]: tensor<2x8xi8>, %[[B:.*]]: tensor<4xf32>
// CHECK-NOT:     compress.
// CHECK:         %[[WI:.*]] = arith.constant dense<3> : tensor<8x4xi8>
// CHECK:         linalg.matmul ins(%[[X]], %[[WI]] : tensor<2x8xi8>, tensor<8x4xi8>)
// CHECK:         %[[BIAS:.*]] = arith.constant dense<5.000000e-01> : tensor<4xf32>
// CHECK:         linalg.add ins(%[[B]], %[[BIAS]] : tensor<4xf32>, tensor<4xf32>)
// CHECK-NOT:     compress.
// CHECK:         return
// GROUP-LABEL: func.func @not_weights(
// GROUP-NOT:     compress.
// GROUP:         return
func.func @not_weights(%x: tensor<2x8xi8>, %b: tensor<4xf32>) -> (tensor<2x4xi32>, tensor<4xf32>) {
  %wi = arith.constant dense<3> : tensor<8x4xi8>
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<2x4xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<2x4xi32>) -> tensor<2x4xi32>
  %q = linalg.matmul ins(%x, %wi : tensor<2x8xi8>, tensor<8x4xi8>) outs(%init : tensor<2x4xi32>) -> tensor<2x4xi32>
  %bias = arith.constant dense<0.5> : tensor<4xf32>
  %e2 = tensor.empty() : tensor<4xf32>
  %s = linalg.add ins(%b, %bias : tensor<4xf32>, tensor<4xf32>) outs(%e2 : tensor<4xf32>) -> tensor<4xf32>
  return %q, %s : tensor<2x4xi32>, tensor<4xf32>
}

// -----

// Weight names (docs/policy.md), in order: the dense_resource key, a
// NameLoc on the constant, a NameLoc on the consumer, else
// <function>.<consumer op>.<index>. They name the storage blobs. The dense
// blob `model.w` is gone from the output (the implicit CHECK-NOT).
// CHECK-LABEL: func.func @name_resource_key(
// CHECK:         compress.constant {codes = dense_resource<model.w.codes> : tensor<4x8xi8>, scales = dense_resource<model.w.scales> : tensor<4x1xf32>}
// CHECK:         model.w.codes: "0x
// CHECK:         model.w.scales: "0x
func.func @name_resource_key(%x: tensor<8xf32>) -> tensor<4xf32> {
  %w = arith.constant dense_resource<model.w> : tensor<4x8xf32> loc("constant.name")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.matvec ins(%w, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32> loc("consumer.name")
  return %y : tensor<4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      model.w: "0x040000000000C0BF000080BF000000BF000000000000003F0000803F0000C03F0000C0BF000080BF000000BF000000000000003F0000803F0000C03F0000C0BF000080BF000000BF000000000000003F0000803F0000C03F0000C0BF000080BF000000BF000000000000003F0000803F0000C03F0000C0BF000080BF000000BF00000000"
    }
  }
#-}

// -----

// A NameLoc on the constant (here around a file position) comes before one
// on the consumer.
// CHECK-LABEL: func.func @name_constant_loc(
// CHECK:         compress.constant {codes = dense_resource<layers.3.mlp.w1.codes> : tensor<4x8xi8>, scales = dense_resource<layers.3.mlp.w1.scales> : tensor<4x1xf32>}
func.func @name_constant_loc(%x: tensor<8xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x8xf32> loc("layers.3.mlp.w1"("model.py":12:3))
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.matvec ins(%w, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32> loc("consumer.name")
  return %y : tensor<4xf32>
}

// -----

// A NameLoc inside a fused location counts.
// CHECK-LABEL: func.func @name_fused_loc(
// CHECK:         compress.constant {codes = dense_resource<fused.w.codes> : tensor<4x8xi8>
func.func @name_fused_loc(%x: tensor<8xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x8xf32> loc(fused["model.py":12:3, "fused.w"])
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.matvec ins(%w, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// An unnamed constant takes the NameLoc of its consumer.
// CHECK-LABEL: func.func @name_consumer_loc(
// CHECK:         compress.constant {codes = dense_resource<layers.3.attention.wq.codes> : tensor<4x8xi8>, scales = dense_resource<layers.3.attention.wq.scales> : tensor<4x1xf32>}
func.func @name_consumer_loc(%x: tensor<8xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.matvec ins(%w, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32> loc("layers.3.attention.wq")
  return %y : tensor<4xf32>
}

// -----

// Generated names count the weights of each function (other constants do
// not count), named after their consumer op.
// CHECK-LABEL: func.func @generated_a(
// CHECK:         compress.constant {codes = dense_resource<generated_a.matvec.0.codes>
// CHECK:         arith.constant dense<5.000000e-01> : tensor<4xf32>
// CHECK:         compress.constant {codes = dense_resource<generated_a.conv_2d_nhwc_hwcf.1.codes>
// CHECK-LABEL: func.func @generated_b(
// CHECK:         compress.constant {codes = dense_resource<generated_b.gather.0.codes>
func.func @generated_a(%x: tensor<8xf32>, %img: tensor<1x3x3x8xf32>) -> (tensor<4xf32>, tensor<1x1x1x4xf32>) {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %bias = arith.constant dense<0.5> : tensor<4xf32>
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.matvec ins(%w, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %yb = linalg.add ins(%y, %bias : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %f = arith.constant dense<0.25> : tensor<3x3x8x4xf32>
  %ce = tensor.empty() : tensor<1x1x1x4xf32>
  %cinit = linalg.fill ins(%zero : f32) outs(%ce : tensor<1x1x1x4xf32>) -> tensor<1x1x1x4xf32>
  %c = linalg.conv_2d_nhwc_hwcf ins(%img, %f : tensor<1x3x3x8xf32>, tensor<3x3x8x4xf32>) outs(%cinit : tensor<1x1x1x4xf32>) -> tensor<1x1x1x4xf32>
  return %yb, %c : tensor<4xf32>, tensor<1x1x1x4xf32>
}
func.func @generated_b(%ids: tensor<4x1xindex>) -> tensor<4x1x16xf32> {
  %table = arith.constant dense<1.0> : tensor<100x16xf32>
  %rows = tensor.gather %table[%ids] gather_dims([0]) : (tensor<100x16xf32>, tensor<4x1xindex>) -> tensor<4x1x16xf32>
  return %rows : tensor<4x1x16xf32>
}

// -----

// A gather of one row with rank-1 indices: the indices collapse to a 0-d
// tensor, the row expands back to [1, D].
// CHECK-LABEL: func.func @gather_one_row(
// CHECK-SAME:      %[[IDS:.*]]: tensor<1xindex>
// CHECK:         %[[T:.*]] = compress.constant
// CHECK:         %[[C:.*]] = tensor.collapse_shape %[[IDS]] [] : tensor<1xindex> into tensor<index>
// CHECK:         %[[R:.*]] = compress.gather %[[T]][%[[C]]] : {{.*}}, tensor<index> -> tensor<16xf32>
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[R]] {{\[\[}}0, 1]] output_shape [1, 16] : tensor<16xf32> into tensor<1x16xf32>
// CHECK:         return %[[E]]
func.func @gather_one_row(%ids: tensor<1xindex>) -> tensor<1x16xf32> {
  %t = arith.constant dense<1.0> : tensor<100x16xf32>
  %g = tensor.gather %t[%ids] gather_dims([0]) : (tensor<100x16xf32>, tensor<1xindex>) -> tensor<1x16xf32>
  return %g : tensor<1x16xf32>
}

// -----

// Both operands of a matmul are constants, the right one defined first: it
// replaces the matmul, then the left one (no right-hand side: decoded) finds
// its use in the new compress.matmul, not in the erased linalg.matmul.
// CHECK-LABEL: func.func @both_operands_constant(
// CHECK:         %[[B:.*]] = compress.constant {{.*}} : !compress.tensor<4x8xf32
// CHECK:         %[[A:.*]] = compress.constant {{.*}} : !compress.tensor<2x8xf32
// CHECK:         %[[DA:.*]] = compress.decode %[[A]]
// CHECK:         %[[Y:.*]] = compress.matmul %[[DA]], %[[B]] transpose_rhs acc(f32)
// CHECK:         return %[[Y]]
func.func @both_operands_constant() -> tensor<2x4xf32> {
  %b = arith.constant dense<0.25> : tensor<4x8xf32>
  %a = arith.constant dense<0.5> : tensor<2x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4xf32>) -> tensor<2x4xf32>
  %y = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
       ins(%a, %b : tensor<2x8xf32>, tensor<4x8xf32>) outs(%init : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// One op uses the weight twice (matmul(%w, %w)): the decoded use is rewritten
// before the fused one erases the matmul.
// CHECK-LABEL: func.func @same_weight_twice(
// CHECK-SAME:      %[[Z:.*]]: tensor<4x4xf32>
// CHECK:         %[[W:.*]] = compress.constant
// CHECK:         %[[D:.*]] = compress.decode %[[W]]
// CHECK:         %[[Y:.*]] = compress.matmul %[[D]], %[[W]] acc(f32)
// CHECK:         %[[S:.*]] = linalg.add ins(%[[Y]], %[[Z]] : tensor<4x4xf32>, tensor<4x4xf32>) outs(%[[Z]] : tensor<4x4xf32>)
// CHECK:         return %[[S]]
func.func @same_weight_twice(%z: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [1.5, 2.5, 3.5, 4.5], [0.5, -1.0, 2.0, -3.0]]> : tensor<4x4xf32>
  %y = linalg.matmul ins(%w, %w : tensor<4x4xf32>, tensor<4x4xf32>) outs(%z : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %y : tensor<4x4xf32>
}
