// RUN: compress-opt %s --split-input-file --convert-compress-to-linalg \
// RUN:   | FileCheck %s --implicit-check-not=compress.

// 4-bit signed codes, one f16 scale per row block of 8; nn.Linear layout.
!w4 = !compress.tensor<4x8xf32, #compress.uniform<bits = 4, block = [1, 8], scale = f16>>
func.func @matmul_int4(%x: tensor<3x8xf32>) -> tensor<3x4xf32> {
  %w = compress.constant {codes = dense<[[18, 52, 86, 120], [-104, -70, -36, -2], [1, 2, 3, 4], [5, 6, 7, 8]]> : tensor<4x4xi8>, scales = dense<[[0.5], [0.25], [1.0], [2.0]]> : tensor<4x1xf16>} : !w4
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x8xf32>, !w4 -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// The reduction splits as k = 2 j + p (two nibbles per byte), looped as
// (p, j): the innermost loop walks the bytes of one row, and the activations
// are deinterleaved to match.
// CHECK-DAG:   #[[$MX:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG:   #[[$MY:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-LABEL: func.func @matmul_int4(
// CHECK-SAME:      %[[X:.*]]: tensor<3x8xf32>) -> tensor<3x4xf32>
// CHECK-DAG:     %[[CODES:.*]] = arith.constant dense<{{.*}}> : tensor<4x4xi8>
// CHECK-DAG:     %[[SCALES:.*]] = arith.constant dense<{{.*}}> : tensor<4x1xf16>
// CHECK:         %[[XE:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2]] output_shape [3, 4, 2] : tensor<3x8xf32> into tensor<3x4x2xf32>
// CHECK:         %[[XT:.*]] = linalg.transpose ins(%[[XE]] : tensor<3x4x2xf32>) outs(%{{.*}} : tensor<3x2x4xf32>) permutation = [0, 2, 1]
// Three activation rows: one sum per row (no lane accumulators).
// CHECK:         %[[INIT:.*]] = linalg.fill
// CHECK:         %[[Y:.*]] = linalg.generic {indexing_maps = [#[[$MX]], #[[$MY]]], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME:        ins(%[[XT]] : tensor<3x2x4xf32>) outs(%[[INIT]] : tensor<3x4xf32>)
// CHECK-SAME:        attrs = {activation_dims = array<i64: 0>}
// CHECK:           ^bb0(%[[IN:.*]]: f32, %[[OUT:.*]]: f32):
// CHECK-DAG:         %[[P:.*]] = linalg.index 2 : index
// CHECK-DAG:         %[[J:.*]] = linalg.index 3 : index
// CHECK-DAG:         %[[N:.*]] = linalg.index 1 : index
// Signed nibble p of the byte, in i8: (byte << (4 - 4 p)) >>s 4.
// CHECK:             %[[BYTE:.*]] = tensor.extract %[[CODES]][%[[N]], %[[J]]] : tensor<4x4xi8>
// CHECK:             %[[P8:.*]] = arith.index_castui %[[P]] : index to i8
// CHECK:             %[[SHIFT:.*]] = arith.muli %[[P8]], %{{.*}} : i8
// CHECK:             %[[UP:.*]] = arith.subi %{{.*}}, %[[SHIFT]] : i8
// CHECK:             %[[TOP:.*]] = arith.shli %[[BYTE]], %[[UP]] : i8
// CHECK:             %[[CODE:.*]] = arith.shrsi %[[TOP]], %{{.*}} : i8
// CHECK:             %[[CODE_F:.*]] = arith.sitofp %[[CODE]] : i8 to f32
// CHECK:             %[[SCALE:.*]] = tensor.extract %[[SCALES]][%[[N]], %{{.*}}] : tensor<4x1xf16>
// CHECK:             %[[SCALE_F:.*]] = arith.extf %[[SCALE]] : f16 to f32
// CHECK:             %[[W:.*]] = arith.mulf %[[SCALE_F]], %[[CODE_F]] fastmath<contract> : f32
// CHECK:             %[[PROD:.*]] = arith.mulf %[[IN]], %[[W]] fastmath<contract> : f32
// CHECK:             %[[S:.*]] = arith.addf %[[OUT]], %[[PROD]] fastmath<contract> : f32
// CHECK:             linalg.yield %[[S]] : f32
// CHECK:         return %[[Y]] : tensor<3x4xf32>

// -----

// A group of 128 int4 values splits as k = 128 g + 2 j + p, looped (g, p, j):
// the byte is 64 g + j and the scale's group is g, with no division.
!w128 = !compress.tensor<2x256xf32, #compress.uniform<bits = 4, block = [1, 128], scale = f16>>
func.func @groups(%x: tensor<256xf32>, %w: !w128) -> tensor<2xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<256xf32>, !w128 -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// CHECK-LABEL: func.func @groups(
// CHECK-SAME:      %[[X:.*]]: tensor<256xf32>, %[[CODES:.*]]: tensor<2x128xi8>, %[[SCALES:.*]]: tensor<2x2xf16>)
// CHECK:         %[[XE:.*]] = tensor.expand_shape %[[X]] {{\[}}[0, 1, 2]] output_shape [2, 64, 2]
// CHECK:         %[[XT:.*]] = linalg.transpose ins(%[[XE]] : tensor<2x64x2xf32>) outs(%{{.*}} : tensor<2x2x64xf32>) permutation = [0, 2, 1]
// One activation row (decode): the innermost digit j stays parallel, the
// kernel accumulates into lanes P[n, j] and a generic sums them.
// CHECK:         %[[LANES:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction", "parallel"]} ins(%[[XT]] : tensor<2x2x64xf32>) outs(%{{.*}} : tensor<2x64xf32>)
// CHECK-SAME:        attrs = {activation_dims = array<i64>}
// CHECK-DAG:         %[[G:.*]] = linalg.index 1 : index
// CHECK-DAG:         %[[J:.*]] = linalg.index 3 : index
// CHECK-DAG:         %[[N:.*]] = linalg.index 0 : index
// CHECK:             %[[G64:.*]] = arith.muli %[[G]], %c64 : index
// CHECK:             %[[BYTE_INDEX:.*]] = arith.addi %[[G64]], %[[J]] : index
// CHECK:             tensor.extract %[[CODES]][%[[N]], %[[BYTE_INDEX]]] : tensor<2x128xi8>
// CHECK-NOT:         arith.divui
// CHECK:             tensor.extract %[[SCALES]][%[[N]], %[[G]]] : tensor<2x2xf16>
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[LANES]] : tensor<2x64xf32>) outs(%{{.*}} : tensor<2xf32>)

// -----


// Matrix-vector product, [K, N] weight, unsigned codes with packed ui4 zero
// points, f16 result accumulated in f32.
!wz = !compress.tensor<8x6xf16, #compress.uniform<bits = 4, unsigned, per_axis = 1, scale = f32, zero_point = ui4>>
func.func @matvec_zero_point(%x: tensor<8xf16>, %w: !wz) -> tensor<6xf16> {
  %y = compress.matmul %x, %w acc(f32) : tensor<8xf16>, !wz -> tensor<6xf16>
  return %y : tensor<6xf16>
}

func.func @caller(%x: tensor<8xf16>, %w: !wz) -> (tensor<6xf16>, !wz) {
  %y = call @matvec_zero_point(%x, %w) : (tensor<8xf16>, !wz) -> tensor<6xf16>
  return %y, %w : tensor<6xf16>, !wz
}

// CHECK-LABEL: func.func @matvec_zero_point(
// CHECK-SAME:      %[[X:.*]]: tensor<8xf16>, %[[CODES:.*]]: tensor<8x3xi8>, %[[SCALES:.*]]: tensor<1x6xf32>, %[[ZP:.*]]: tensor<1x3xi8>) -> tensor<6xf16>
// CHECK:         %[[ACC:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<8xf16>) outs(%{{.*}} : tensor<6xf32>)
// CHECK:           ^bb0(%[[IN:.*]]: f16, %[[OUT:.*]]: f32):
// CHECK-DAG:         %[[N:.*]] = linalg.index 0 : index
// CHECK-DAG:         %[[K:.*]] = linalg.index 1 : index
// CHECK:             tensor.extract %[[CODES]][%[[K]], %{{.*}}] : tensor<8x3xi8>
// CHECK:             %[[CODE:.*]] = arith.uitofp %{{.*}} : i8 to f32
// CHECK:             %[[SCALE:.*]] = tensor.extract %[[SCALES]][%{{.*}}, %[[N]]] : tensor<1x6xf32>
// CHECK:             tensor.extract %[[ZP]][%{{.*}}, %{{.*}}] : tensor<1x3xi8>
// CHECK:             %[[Z:.*]] = arith.uitofp %{{.*}} : i8 to f32
// CHECK:             %[[CENTERED:.*]] = arith.subf %[[CODE]], %[[Z]] : f32
// CHECK:             %[[W32:.*]] = arith.mulf %[[SCALE]], %[[CENTERED]] fastmath<contract> : f32
// CHECK:             %[[W16:.*]] = arith.truncf %[[W32]] : f32 to f16
// CHECK:             %[[W:.*]] = arith.extf %[[W16]] : f16 to f32
// CHECK:             %[[XF:.*]] = arith.extf %[[IN]] : f16 to f32
// CHECK:             arith.mulf %[[XF]], %[[W]] fastmath<contract> : f32
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} ins(%[[ACC]] : tensor<6xf32>) outs(%{{.*}} : tensor<6xf16>)
// CHECK:           arith.truncf %{{.*}} : f32 to f16
// CHECK:         return %[[Y]] : tensor<6xf16>

// CHECK-LABEL: func.func @caller(
// CHECK-SAME:      %[[X:.*]]: tensor<8xf16>, %[[C:.*]]: tensor<8x3xi8>, %[[S:.*]]: tensor<1x6xf32>, %[[Z:.*]]: tensor<1x3xi8>)
// CHECK-SAME:      -> (tensor<6xf16>, tensor<8x3xi8>, tensor<1x6xf32>, tensor<1x3xi8>)
// CHECK:         %[[Y:.*]] = call @matvec_zero_point(%[[X]], %[[C]], %[[S]], %[[Z]])
// CHECK:         return %[[Y]], %[[C]], %[[S]], %[[Z]]

// -----


// 3-bit codes cross bytes; K-quant min form; per-batch weights; dynamic batch.
!w3 = !compress.tensor<2x5x7xf32, #compress.uniform<bits = 3, unsigned, block = [1, 1, 7], scale = f16, min = f16>>
func.func @batched_int3_min(%x: tensor<2x?x7xf32>, %w: !w3) -> tensor<2x?x5xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<2x?x7xf32>, !w3 -> tensor<2x?x5xf32>
  return %y : tensor<2x?x5xf32>
}

// CHECK-LABEL: func.func @batched_int3_min(
// CHECK-SAME:      %[[X:.*]]: tensor<2x?x7xf32>, %[[CODES:.*]]: tensor<27xi8>, %[[SCALES:.*]]: tensor<2x5x1xf16>, %[[MINS:.*]]: tensor<2x5x1xf16>)
// CHECK:         %[[M:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<2x?x7xf32>
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[M]]) : tensor<2x?x5xf32>
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<2x?x7xf32>)
// CHECK-DAG:         %[[B:.*]] = linalg.index 0 : index
// CHECK-DAG:         %[[N:.*]] = linalg.index 2 : index
// CHECK-DAG:         %[[K:.*]] = linalg.index 3 : index
// The whole field is one bitstream (2*5*7*3 bits): bit = 105 b + 21 n + 3 k.
// CHECK:             arith.muli %[[B]], %c105 : index
// CHECK:             arith.muli %[[N]], %c21 : index
// CHECK:             arith.muli %[[K]], %c3 : index
// CHECK:             %[[BIT:.*]] = arith.addi
// CHECK:             %[[FIRST:.*]] = arith.divui %[[BIT]], %c8 : index
// CHECK:             %[[SHIFT:.*]] = arith.remui %[[BIT]], %c8 : index
// CHECK:             tensor.extract %[[CODES]][%[[FIRST]]] : tensor<27xi8>
// CHECK:             %[[NEXT:.*]] = arith.addi %[[FIRST]], %{{.*}} : index
// CHECK:             %[[CLAMPED:.*]] = arith.minui %[[NEXT]], %{{.*}} : index
// CHECK:             tensor.extract %[[CODES]][%[[CLAMPED]]] : tensor<27xi8>
// CHECK:             arith.ori
// CHECK:             arith.shrui
// CHECK:             arith.andi %{{.*}}, %{{.*}}7_i32
// CHECK:             %[[CODE:.*]] = arith.uitofp
// CHECK:             tensor.extract %[[SCALES]][%[[B]], %[[N]], %{{.*}}] : tensor<2x5x1xf16>
// CHECK:             tensor.extract %[[MINS]][%[[B]], %[[N]], %{{.*}}] : tensor<2x5x1xf16>
// CHECK:             %[[SCALED:.*]] = arith.mulf %{{.*}}, %[[CODE]] : f32
// CHECK:             arith.subf %[[SCALED]], %{{.*}} : f32

// -----


// Embedding lookup from an int8 table with per-row scales.
!table = !compress.tensor<16x4xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
func.func @gather(%table: !table, %ids: tensor<2x3xi64>) -> tensor<2x3x4xf32> {
  %e = compress.gather %table[%ids] : !table, tensor<2x3xi64> -> tensor<2x3x4xf32>
  return %e : tensor<2x3x4xf32>
}

// CHECK-DAG:   #[[$MI:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG:   #[[$MO:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @gather(
// CHECK-SAME:      %[[CODES:.*]]: tensor<16x4xi8>, %[[SCALES:.*]]: tensor<16x1xf32>, %[[IDS:.*]]: tensor<2x3xi64>) -> tensor<2x3x4xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[$MI]], #[[$MO]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[IDS]] : tensor<2x3xi64>)
// CHECK:           ^bb0(%[[ID:.*]]: i64, %{{.*}}: f32):
// CHECK:             %[[ROW:.*]] = arith.index_cast %[[ID]] : i64 to index
// CHECK:             %[[D:.*]] = linalg.index 2 : index
// CHECK:             tensor.extract %[[CODES]][%[[ROW]], %[[D]]] : tensor<16x4xi8>
// CHECK-NOT:         arith.andi
// CHECK:             arith.sitofp
// CHECK:             tensor.extract %[[SCALES]][%[[ROW]], %{{.*}}] : tensor<16x1xf32>

// -----


// Two-level scales (the scales are themselves 8-bit codes with f32 scales),
// materialized for a consumer without a fused form.
!w2 = !compress.tensor<2x32xbf16, #compress.uniform<bits = 2, block = [1, 16], scale = #compress.uniform<bits = 8, unsigned, per_axis = 0, scale = f32>>>
func.func @decode_nested(%w: !w2) -> tensor<2x32xbf16> {
  %d = compress.decode %w : !w2 -> tensor<2x32xbf16>
  return %d : tensor<2x32xbf16>
}

// CHECK-LABEL: func.func @decode_nested(
// CHECK-SAME:      %[[CODES:.*]]: tensor<2x8xi8>, %[[SCALE_CODES:.*]]: tensor<2x2xi8>, %[[SCALE_SCALES:.*]]: tensor<2x1xf32>) -> tensor<2x32xbf16>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}], iterator_types = ["parallel", "parallel"]} outs(%{{.*}} : tensor<2x32xbf16>)
// CHECK-DAG:         %[[R:.*]] = linalg.index 0 : index
// CHECK-DAG:         %[[C:.*]] = linalg.index 1 : index
// CHECK:             %[[GROUP:.*]] = arith.divui %[[C]], %{{.*}} : index
// CHECK:             tensor.extract %[[CODES]]
// CHECK:             tensor.extract %[[SCALE_CODES]][%[[R]], %[[GROUP]]] : tensor<2x2xi8>
// CHECK:             tensor.extract %[[SCALE_SCALES]][%[[R]], %{{.*}}] : tensor<2x1xf32>
// CHECK:             arith.truncf %{{.*}} : f32 to bf16

// -----

// An f32 lhs accumulated in f16: x is truncated to the accumulator type.
!wh = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, block = [1, 4], scale = f16>>
func.func @f32_lhs_f16_acc(%x: tensor<3x8xf32>, %w: !wh) -> tensor<3x4xf16> {
  %y = compress.matmul %x, %w transpose_rhs acc(f16) : tensor<3x8xf32>, !wh -> tensor<3x4xf16>
  return %y : tensor<3x4xf16>
}

// CHECK-LABEL: func.func @f32_lhs_f16_acc(
// CHECK:         linalg.generic {{.*}} outs(%{{.*}} : tensor<3x4xf16>)
// CHECK:           ^bb0(%[[IN:.*]]: f32, %[[OUT:.*]]: f16):
// CHECK:             %[[X:.*]] = arith.truncf %[[IN]] : f32 to f16
// CHECK:             %[[W:.*]] = arith.truncf %{{.*}} : f32 to f16
// CHECK:             %[[P:.*]] = arith.mulf %[[X]], %[[W]] fastmath<contract> : f16
// CHECK:             arith.addf %[[OUT]], %[[P]] fastmath<contract> : f16

// -----

// A dynamic reduction size is the weight's (the verifier guarantees it).
!wd = !compress.tensor<36x64xf32, #compress.uniform<bits = 4, block = [1, 16], scale = f16>>
func.func @dynamic_k(%x: tensor<5x?xf32>, %w: !wd) -> tensor<5x36xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<5x?xf32>, !wd -> tensor<5x36xf32>
  return %y : tensor<5x36xf32>
}

// CHECK-LABEL: func.func @dynamic_k(
// CHECK-SAME:      %[[X:.*]]: tensor<5x?xf32>
// CHECK:         %[[XS:.*]] = tensor.cast %[[X]] : tensor<5x?xf32> to tensor<5x64xf32>
// CHECK:         tensor.expand_shape %[[XS]] {{\[}}[0], [1, 2, 3]] output_shape [5, 4, 8, 2]

// -----

// #compress.lut: the body reads the packed 4-bit index of the element, then
// the codeword of the row's codebook (codebook_axis = 0) at that index, and
// multiplies it by the row's scale.
!lut = !compress.tensor<8x32xf32, #compress.lut<bits = 4, codebook = f16, codebook_axis = 0, per_axis = 0, scale = f32>>
// CHECK-LABEL: func.func @lut_matvec
// CHECK-SAME:    (%[[X:.*]]: tensor<32xf32>, %[[IDX:.*]]: tensor<8x16xi8>, %[[BOOK:.*]]: tensor<8x1x16x1xf16>, %[[S:.*]]: tensor<8x1xf32>)
// CHECK:         linalg.generic
// CHECK:           %[[BYTE:.*]] = tensor.extract %[[IDX]]
// CHECK:           %[[CODE:.*]] = arith.andi %{{.*}}, %{{.*}} : i8
// CHECK:           %[[I:.*]] = arith.index_castui %[[CODE]] : i8 to index
// CHECK:           %[[WORD:.*]] = tensor.extract %[[BOOK]][%{{.*}}, %{{.*}}, %[[I]], %{{.*}}] : tensor<8x1x16x1xf16>
// CHECK:           %[[W:.*]] = arith.extf %[[WORD]] : f16 to f32
// CHECK:           %[[SCALE:.*]] = tensor.extract %[[S]]
// CHECK:           arith.mulf %[[SCALE]], %[[W]]
func.func @lut_matvec(%x: tensor<32xf32>, %w: !lut) -> tensor<8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<32xf32>, !lut -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// #compress.float (NVFP4): the 4-bit code's bits and the f8E4M3FN scale's
// bits (bitcast to i8) each index a constant table of their format's values.
!nv = !compress.tensor<4x32xf32, #compress.float<f4E2M1FN, block = [1, 16], scale = f8E4M3FN>>
// CHECK-LABEL: func.func @nvfp4
// CHECK-SAME:    (%{{.*}}: tensor<2x32xf32>, %[[CODES:.*]]: tensor<4x16xi8>, %[[S:.*]]: tensor<4x2xf8E4M3FN>)
// CHECK:         linalg.generic
// CHECK:           %[[CODE:.*]] = arith.andi %{{.*}}, %{{.*}} : i8
// CHECK:           %[[F4:.*]] = arith.constant dense<[0.000000e+00, 5.000000e-01, 1.000000e+00, 1.500000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 6.000000e+00, -0.000000e+00, -5.000000e-01, -1.000000e+00, -1.500000e+00, -2.000000e+00, -3.000000e+00, -4.000000e+00, -6.000000e+00]> : tensor<16xf32>
// CHECK:           %[[I:.*]] = arith.index_castui %[[CODE]] : i8 to index
// CHECK:           %[[W:.*]] = tensor.extract %[[F4]][%[[I]]] : tensor<16xf32>
// CHECK:           %[[SBITS:.*]] = tensor.extract %[[S]]
// CHECK:           %[[SB:.*]] = arith.bitcast %[[SBITS]] : f8E4M3FN to i8
// CHECK:           %[[F8:.*]] = arith.constant dense<"0x{{[0-9A-F]+}}"> : tensor<256xf32>
// CHECK:           %[[SI:.*]] = arith.index_castui %[[SB]] : i8 to index
// CHECK:           %[[SCALE:.*]] = tensor.extract %[[F8]][%[[SI]]] : tensor<256xf32>
// CHECK:           arith.mulf %[[SCALE]], %[[W]]
func.func @nvfp4(%x: tensor<2x32xf32>, %w: !nv) -> tensor<2x4xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<2x32xf32>, !nv -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
