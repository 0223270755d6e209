// RUN: compress-opt %s --split-input-file --convert-compress-to-linalg="lane-accumulators=false integer-products=true" | FileCheck %s
// RUN: compress-opt %s --split-input-file --convert-compress-to-linalg="lane-accumulators=false" | FileCheck %s --check-prefix=OFF

// int8 activations times int4 codes in groups of 128, blocks of 128: the
// activations are quantized per block, their codes split like K = 128 *
// outer + 64 * middle(1) + 2 * byte + pack, a view read through the loops
// (outer, middle, pack, byte): no transpose. One generic multiplies the codes in i32 and scales
// the product by the block's scale (of outer) times the group's (of
// outer): the scales depend on the outermost reduction loop only.
// CHECK-DAG:   #[[$CODES:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d2, d3, d5, d4)>
// CHECK-DAG:   #[[$BLOCKS:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d2)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1)>
// CHECK-LABEL: func.func @int4_g128(
// CHECK-SAME:      %[[X:.*]]: tensor<3x256xf32>, %[[W:.*]]: tensor<40x128xi8>, %[[S:.*]]: tensor<40x2xf16>)
// CHECK:         math.absf
// CHECK:         math.roundeven
// CHECK:         %[[Q:.*]] = arith.fptosi %{{.*}} : f32 to i8
// CHECK:         %[[SPLIT:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2, 3, 4]] output_shape [3, 2, 1, 64, 2] : tensor<3x256xi8> into tensor<3x2x1x64x2xi8>
// CHECK-NOT:     linalg.transpose
// CHECK:         linalg.generic {indexing_maps = [#[[$CODES]], #[[$BLOCKS]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "reduction", "reduction", "reduction", "reduction"]}
// CHECK-SAME:        ins(%[[SPLIT]], %{{.*}} : tensor<3x2x1x64x2xi8>, tensor<3x2xf32>) outs(%{{.*}} : tensor<3x40xf32>)
// CHECK:         ^bb0(%[[A:.*]]: i8, %[[XSCALE:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK:           %[[OUTER:.*]] = linalg.index 2 : index
// CHECK:           %[[N:.*]] = linalg.index 1 : index
// CHECK:           %[[WS16:.*]] = tensor.extract %[[S]][%[[N]], %[[OUTER]]] : tensor<40x2xf16>
// CHECK:           %[[WS:.*]] = arith.extf %[[WS16]] : f16 to f32
// CHECK:           tensor.extract %[[W]]
// CHECK:           %[[CODE:.*]] = arith.shrsi %{{.*}} : i8
// CHECK:           %[[A32:.*]] = arith.extsi %[[A]] : i8 to i32
// CHECK:           %[[C32:.*]] = arith.extsi %[[CODE]] : i8 to i32
// CHECK:           %[[P:.*]] = arith.muli %[[A32]], %[[C32]] : i32
// CHECK:           %[[SCALE:.*]] = arith.mulf %[[XSCALE]], %[[WS]] : f32
// CHECK:           %[[PF:.*]] = arith.sitofp %[[P]] : i32 to f32
// CHECK:           %[[T:.*]] = arith.mulf %[[PF]], %[[SCALE]] : f32
// CHECK:           %[[SUM:.*]] = arith.addf %[[ACC]], %[[T]] : f32
// CHECK:           linalg.yield %[[SUM]] : f32

// OFF-LABEL: func.func @int4_g128(
// OFF-NOT:     arith.muli %{{.*}} : i32
// OFF:         arith.sitofp %{{.*}} : i8 to f32
// OFF-NOT:     arith.muli %{{.*}} : i32
// OFF:         return
!w = !compress.tensor<40x256xf32, #compress.uniform<bits = 4, block = [1, 128], scale = f16>>
func.func @int4_g128(%x: tensor<3x256xf32>, %w: !w) -> tensor<3x40xf32> {
  %y = compress.matmul %x, %w transpose_rhs int8_activations(128) acc(f32) : tensor<3x256xf32>, !w -> tensor<3x40xf32>
  return %y : tensor<3x40xf32>
}

// -----

// int8 codes in groups of 128 with blocks of 64 and batched activations:
// K = 128 * outer + 64 * middle + byte, the activation scales [6, 4] seen
// as [6, 2, 2] per (outer, middle), the weight's per outer; the result is
// expanded back to [2, 3, 40].
// CHECK-DAG:   #[[$CODES:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d3, d4)>
// CHECK-DAG:   #[[$BLOCKS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d3)>
// CHECK-LABEL: func.func @int8_g128_blocks_of_64(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3x256xf32>, %[[W:.*]]: tensor<40x256xi8>, %[[S:.*]]: tensor<40x2xf32>)
// CHECK:         tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<2x3x256xf32> into tensor<6x256xf32>
// CHECK:         %[[SPLIT:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2, 3]] output_shape [6, 2, 2, 64] : tensor<6x256xi8> into tensor<6x2x2x64xi8>
// CHECK:         %[[XS:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2]] output_shape [6, 2, 2] : tensor<6x4xf32> into tensor<6x2x2xf32>
// CHECK:         %[[Y:.*]] = linalg.generic {indexing_maps = [#[[$CODES]], #[[$BLOCKS]], #{{.*}}], iterator_types = ["parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME:        ins(%[[SPLIT]], %[[XS]] : tensor<6x2x2x64xi8>, tensor<6x2x2xf32>) outs(%{{.*}} : tensor<6x40xf32>)
// CHECK:           %[[OUTER:.*]] = linalg.index 2 : index
// CHECK:           %[[N:.*]] = linalg.index 1 : index
// CHECK:           tensor.extract %[[S]][%[[N]], %[[OUTER]]] : tensor<40x2xf32>
// CHECK:           %[[CODE:.*]] = tensor.extract %[[W]][%[[N]], %{{.*}}] : tensor<40x256xi8>
// CHECK:           arith.extsi %[[CODE]] : i8 to i32
// CHECK:           arith.muli %{{.*}} : i32
// CHECK:         tensor.expand_shape %[[Y]] {{\[}}[0, 1], [2]] output_shape [2, 3, 40] : tensor<6x40xf32> into tensor<2x3x40xf32>
!w = !compress.tensor<40x256xf32, #compress.uniform<bits = 8, block = [1, 128], scale = f32>>
func.func @int8_g128_blocks_of_64(%x: tensor<2x3x256xf32>, %w: !w) -> tensor<2x3x40xf32> {
  %y = compress.matmul %x, %w transpose_rhs int8_activations(64) acc(f32) : tensor<2x3x256xf32>, !w -> tensor<2x3x40xf32>
  return %y : tensor<2x3x40xf32>
}

// -----

// f16 weights (each decoded element rounded to f16, which products of codes
// would skip), asymmetric codes and groups that do not nest with the
// blocks (24 and 128) keep the fake-quantized activations: the generic
// multiplies scale * code of each block in f32.
// CHECK-LABEL: func.func @not_integer(
// CHECK-NOT:     arith.muli %{{.*}} : i32
// CHECK-COUNT-3: arith.sitofp %{{.*}} : i8 to f32
// CHECK-NOT:     arith.muli %{{.*}} : i32
// CHECK:         return
!f16 = !compress.tensor<40x256xf16, #compress.uniform<bits = 4, block = [1, 128], scale = f16>>
!asym = !compress.tensor<40x256xf32, #compress.uniform<bits = 4, unsigned, block = [1, 128], scale = f16, zero_point = ui4>>
!odd = !compress.tensor<40x384xf32, #compress.uniform<bits = 4, block = [1, 24], scale = f16>>
func.func @not_integer(%x: tensor<3x256xf16>, %x32: tensor<3x256xf32>, %x384: tensor<3x384xf32>, %a: !f16, %b: !asym, %c: !odd)
    -> (tensor<3x40xf32>, tensor<3x40xf32>, tensor<3x40xf32>) {
  %ya = compress.matmul %x, %a transpose_rhs int8_activations(128) acc(f32) : tensor<3x256xf16>, !f16 -> tensor<3x40xf32>
  %yb = compress.matmul %x32, %b transpose_rhs int8_activations(128) acc(f32) : tensor<3x256xf32>, !asym -> tensor<3x40xf32>
  %yc = compress.matmul %x384, %c transpose_rhs int8_activations(128) acc(f32) : tensor<3x384xf32>, !odd -> tensor<3x40xf32>
  return %ya, %yb, %yc : tensor<3x40xf32>, tensor<3x40xf32>, tensor<3x40xf32>
}
