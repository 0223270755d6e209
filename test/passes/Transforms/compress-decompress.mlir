// RUN: compress-opt %s --split-input-file --compress-decompress \
// RUN:   | FileCheck %s --implicit-check-not=compress.
// The output is a plain MLIR program: stock mlir-opt reads it back.
// RUN: compress-opt %s --split-input-file --compress-decompress \
// RUN:   | %mlir_opt --split-input-file | FileCheck %s --check-prefix=STOCK

// STOCK-LABEL: func.func @values(
// STOCK-LABEL: func.func @plain(
// STOCK-LABEL: func.func @per_batch(
// STOCK-LABEL: func.func @generic_forms(
// STOCK-LABEL: func.func @gather(
// STOCK-LABEL: func.func @static_result_dims(
// STOCK-LABEL: func.func @permuted(
// STOCK-LABEL: func.func @lowrank_f16(
// STOCK-LABEL: func.func @sum_lowrank(

// Decoded values, blob names and the nn.Linear matmul. Each weight is
// 2 x 4, int8, one f32 scale 0.5 for the tensor: codes [1, -2, 3, 4] and
// [0, 127, -128, 5] decode to [0.5, -1, 1.5, 2] and [0, 63.5, -64, 2.5],
// f32 little-endian in the blob after its 4-byte alignment header (64).
// The first two share a NameLoc (the second name gets a suffix), the third
// is named after its storage blobs, the fourth has no name at all.
!w8 = !compress.tensor<2x4xf32, #compress.uniform<bits = 8, scale = f32>>
func.func @values(%x: tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %w = compress.constant {codes = dense<[[1, -2, 3, 4], [0, 127, -128, 5]]> : tensor<2x4xi8>, scales = dense<0.5> : tensor<1x1xf32>} : !w8 loc("layers.0.wq")
  %w2 = compress.constant {codes = dense<[[1, -2, 3, 4], [0, 127, -128, 5]]> : tensor<2x4xi8>, scales = dense<0.5> : tensor<1x1xf32>} : !w8 loc("layers.0.wq")
  %w3 = compress.constant {codes = dense_resource<layers.0.wk.codes> : tensor<2x4xi8>, scales = dense_resource<layers.0.wk.scales> : tensor<1x1xf32>} : !w8
  %w4 = compress.constant {codes = dense<[[1, -2, 3, 4], [0, 127, -128, 5]]> : tensor<2x4xi8>, scales = dense<0.5> : tensor<1x1xf32>} : !w8
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x4xf32>, !w8 -> tensor<3x2xf32>
  %d2 = compress.decode %w2 : !w8 -> tensor<2x4xf32>
  %d3 = compress.decode %w3 : !w8 -> tensor<2x4xf32>
  %d4 = compress.decode %w4 : !w8 -> tensor<2x4xf32>
  return %y, %d2, %d3, %d4 : tensor<3x2xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      layers.0.wk.codes: "0x0100000001FE0304007F8005",
      layers.0.wk.scales: "0x040000000000003F"
    }
  }
#-}

// CHECK-DAG:   #[[$MX:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[$MW:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG:   #[[$MY:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @values(
// CHECK-SAME:      %[[X:.*]]: tensor<3x4xf32>)
// CHECK-DAG:     %[[W:.*]] = arith.constant dense_resource<layers.0.wq> : tensor<2x4xf32>
// CHECK-DAG:     %[[W2:.*]] = arith.constant dense_resource<layers.0.wq_1> : tensor<2x4xf32>
// CHECK-DAG:     %[[W3:.*]] = arith.constant dense_resource<layers.0.wk> : tensor<2x4xf32>
// CHECK-DAG:     %[[W4:.*]] = arith.constant dense_resource<decompressed> : tensor<2x4xf32>
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[EMPTY:.*]] = tensor.empty() : tensor<3x2xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<3x2xf32>)
// CHECK:         %[[Y:.*]] = linalg.matmul indexing_maps = [#[[$MX]], #[[$MW]], #[[$MY]]] ins(%[[X]], %[[W]] : tensor<3x4xf32>, tensor<2x4xf32>) outs(%[[INIT]] : tensor<3x2xf32>) -> tensor<3x2xf32>
// CHECK:         return %[[Y]], %[[W2]], %[[W3]], %[[W4]]
// CHECK:       dialect_resources
// CHECK-DAG:     layers.0.wq: "0x400000000000003F000080BF0000C03F000000400000000000007E42000080C200002040"
// CHECK-DAG:     layers.0.wq_1: "0x400000000000003F000080BF0000C03F000000400000000000007E42000080C200002040"
// CHECK-DAG:     layers.0.wk: "0x400000000000003F000080BF0000C03F000000400000000000007E42000080C200002040"
// CHECK-DAG:     decompressed: "0x400000000000003F000080BF0000C03F000000400000000000007E42000080C200002040"

// -----

// A [K, N] weight is a plain linalg.matmul; an f16 result accumulated in f32
// is converted after the matmul.
!w = !compress.tensor<2x4xf32, #compress.uniform<bits = 8, per_axis = 1, scale = f32>>
func.func @plain(%x: tensor<3x2xf32>) -> (tensor<3x4xf32>, tensor<3x4xf16>) {
  %w = compress.constant {codes = dense<1> : tensor<2x4xi8>, scales = dense<0.5> : tensor<1x4xf32>} : !w
  %y = compress.matmul %x, %w acc(f32) : tensor<3x2xf32>, !w -> tensor<3x4xf32>
  %h = compress.matmul %x, %w acc(f32) : tensor<3x2xf32>, !w -> tensor<3x4xf16>
  return %y, %h : tensor<3x4xf32>, tensor<3x4xf16>
}

// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @plain(
// CHECK-SAME:      %[[X:.*]]: tensor<3x2xf32>)
// CHECK:         %[[W:.*]] = arith.constant dense_resource<decompressed> : tensor<2x4xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill
// CHECK:         %[[Y:.*]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<3x2xf32>, tensor<2x4xf32>) outs(%[[INIT]] : tensor<3x4xf32>) -> tensor<3x4xf32>
// CHECK:         %[[INIT2:.*]] = linalg.fill
// CHECK:         %[[ACC:.*]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<3x2xf32>, tensor<2x4xf32>) outs(%[[INIT2]] : tensor<3x4xf32>) -> tensor<3x4xf32>
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<3x4xf16>
// CHECK:         %[[H:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[ACC]] : tensor<3x4xf32>) outs(%[[EMPTY]] : tensor<3x4xf16>)
// CHECK:           ^bb0(%[[IN:.*]]: f32, %{{.*}}: f16):
// CHECK:             %[[T:.*]] = arith.truncf %[[IN]] : f32 to f16
// CHECK:             linalg.yield %[[T]] : f16
// CHECK:         return %[[Y]], %[[H]]
// CHECK:       decompressed: "0x400000000000003F0000003F0000003F0000003F0000003F0000003F0000003F0000003F"

// -----

// A per-batch weight is a linalg.batch_matmul in both layouts; f16 inputs
// are extended by the named op itself (its cast), the f16 result converted
// after it.
!w = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, block = [1, 1, 4], scale = f16>>
func.func @per_batch(%x: tensor<2x3x8xf16>, %x2: tensor<2x3x4xf16>) -> (tensor<2x3x4xf16>, tensor<2x3x8xf32>) {
  %w = compress.constant {codes = dense<17> : tensor<2x4x4xi8>, scales = dense<0.5> : tensor<2x4x2xf16>} : !w
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<2x3x8xf16>, !w -> tensor<2x3x4xf16>
  %z = compress.matmul %x2, %w acc(f32) : tensor<2x3x4xf16>, !w -> tensor<2x3x8xf32>
  return %y, %z : tensor<2x3x4xf16>, tensor<2x3x8xf32>
}

// CHECK-DAG:   #[[$MX:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG:   #[[$MW:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG:   #[[$MY:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @per_batch(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3x8xf16>, %[[X2:.*]]: tensor<2x3x4xf16>)
// CHECK:         %[[W:.*]] = arith.constant dense_resource<decompressed> : tensor<2x4x8xf16>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x4xf32>)
// CHECK:         %[[ACC:.*]] = linalg.batch_matmul indexing_maps = [#[[$MX]], #[[$MW]], #[[$MY]]] ins(%[[X]], %[[W]] : tensor<2x3x8xf16>, tensor<2x4x8xf16>) outs(%[[INIT]] : tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK:         %[[Y:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], {{.*}}} ins(%[[ACC]] : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<2x3x4xf16>)
// CHECK:             arith.truncf %{{.*}} : f32 to f16
// CHECK:         %[[INIT2:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x8xf32>)
// CHECK:         %[[Z:.*]] = linalg.batch_matmul ins(%[[X2]], %[[W]] : tensor<2x3x4xf16>, tensor<2x4x8xf16>) outs(%[[INIT2]] : tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
// CHECK:         return %[[Y]], %[[Z]]
// Codes 0x11 are 1, 1; the f16 scale 0.5 gives 0.5 (0x3800) everywhere.
// CHECK:       decompressed: "0x400000000038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038003800380038"

// -----

// A weight shared by every batch, and conversions between f16 and bf16:
// one linalg.generic with the weight as an input. A 1-D lhs is a matvec
// (nn.Linear layout) or a vecmat; a dynamic lhs gives the result its size.
!w = !compress.tensor<4x8xbf16, #compress.uniform<bits = 4, block = [1, 4], scale = f16>>
func.func @generic_forms(%x: tensor<2x2x3x8xf32>, %v: tensor<8xbf16>, %u: tensor<4xf32>, %h: tensor<?x8xbf16>) -> (tensor<2x2x3x4xf32>, tensor<4xbf16>, tensor<8xf32>, tensor<?x4xf16>) {
  %w = compress.constant {codes = dense<17> : tensor<4x4xi8>, scales = dense<0.5> : tensor<4x2xf16>} : !w
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<2x2x3x8xf32>, !w -> tensor<2x2x3x4xf32>
  %mv = compress.matmul %v, %w transpose_rhs acc(bf16) : tensor<8xbf16>, !w -> tensor<4xbf16>
  %vm = compress.matmul %u, %w acc(f32) : tensor<4xf32>, !w -> tensor<8xf32>
  %hh = compress.matmul %h, %w transpose_rhs acc(f16) : tensor<?x8xbf16>, !w -> tensor<?x4xf16>
  return %y, %mv, %vm, %hh : tensor<2x2x3x4xf32>, tensor<4xbf16>, tensor<8xf32>, tensor<?x4xf16>
}

// CHECK-DAG:   #[[$BX:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
// CHECK-DAG:   #[[$BW:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d3, d4)>
// CHECK-DAG:   #[[$BY:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-DAG:   #[[$MX:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[$MW:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG:   #[[$MY:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @generic_forms(
// CHECK-SAME:      %[[X:.*]]: tensor<2x2x3x8xf32>, %[[V:.*]]: tensor<8xbf16>, %[[U:.*]]: tensor<4xf32>, %[[H:.*]]: tensor<?x8xbf16>)
// CHECK:         %[[W:.*]] = arith.constant dense_resource<decompressed> : tensor<4x8xbf16>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x2x3x4xf32>)
// CHECK:         %[[Y:.*]] = linalg.generic {indexing_maps = [#[[$BX]], #[[$BW]], #[[$BY]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[W]] : tensor<2x2x3x8xf32>, tensor<4x8xbf16>) outs(%[[INIT]] : tensor<2x2x3x4xf32>)
// CHECK:           ^bb0(%[[IN:.*]]: f32, %[[IW:.*]]: bf16, %[[OUT:.*]]: f32):
// CHECK:             %[[WF:.*]] = arith.extf %[[IW]] : bf16 to f32
// CHECK:             %[[P:.*]] = arith.mulf %[[IN]], %[[WF]] : f32
// CHECK:             %[[S:.*]] = arith.addf %[[OUT]], %[[P]] : f32
// CHECK:             linalg.yield %[[S]] : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : bf16) outs(%{{.*}} : tensor<4xbf16>)
// CHECK:         %[[MV:.*]] = linalg.matvec ins(%[[W]], %[[V]] : tensor<4x8xbf16>, tensor<8xbf16>) outs(%[[INIT]] : tensor<4xbf16>) -> tensor<4xbf16>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<8xf32>)
// CHECK:         %[[VM:.*]] = linalg.vecmat ins(%[[U]], %[[W]] : tensor<4xf32>, tensor<4x8xbf16>) outs(%[[INIT]] : tensor<8xf32>) -> tensor<8xf32>
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[M:.*]] = tensor.dim %[[H]], %[[C0]] : tensor<?x8xbf16>
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[M]]) : tensor<?x4xf16>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f16) outs(%[[EMPTY]] : tensor<?x4xf16>)
// CHECK:         %[[HH:.*]] = linalg.generic {indexing_maps = [#[[$MX]], #[[$MW]], #[[$MY]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[H]], %[[W]] : tensor<?x8xbf16>, tensor<4x8xbf16>) outs(%[[INIT]] : tensor<?x4xf16>)
// CHECK:           ^bb0(%[[IN:.*]]: bf16, %[[IW:.*]]: bf16, %[[OUT:.*]]: f16):
// CHECK:             %[[XF:.*]] = arith.extf %[[IN]] : bf16 to f32
// CHECK:             %[[XH:.*]] = arith.truncf %[[XF]] : f32 to f16
// CHECK:             %[[WF:.*]] = arith.extf %[[IW]] : bf16 to f32
// CHECK:             %[[WH:.*]] = arith.truncf %[[WF]] : f32 to f16
// CHECK:             %[[P:.*]] = arith.mulf %[[XH]], %[[WH]] : f16
// CHECK:             %[[S:.*]] = arith.addf %[[OUT]], %[[P]] : f16
// CHECK:             linalg.yield %[[S]] : f16
// CHECK:         return %[[Y]], %[[MV]], %[[VM]], %[[HH]]
// bf16 0.5 is 0x3F00.
// CHECK:       decompressed: "0x40000000003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F003F"

// -----

// Lookups: a generic over the result extracts from the dense table at the
// row its index selects, for integer and index ids of any rank and a table
// of rank 3. Codes 0x1B are 3, 2, 1, 0; zero points 0x05 are 1, 1, 0, 0
// (rows 0, 1 and 4, 5 have zero point 1): row 0 is 0.5 * [2, 1, 0, -1, 2, 1]
// and row 2 is 0.5 * [3, 2, 1, 0, 3, 2] (bf16 1.0 is 0x3F80).
!t = !compress.tensor<6x2x3xbf16, #compress.uniform<bits = 2, unsigned, per_axis = 0, scale = bf16, zero_point = ui2>>
func.func @gather(%ids: tensor<2x3xi32>, %dyn: tensor<?xindex>) -> (tensor<2x3x2x3xbf16>, tensor<?x2x3xbf16>) {
  %t = compress.constant {codes = dense<27> : tensor<9xi8>, scales = dense<0.5> : tensor<6x1x1xbf16>, zero_points = dense<5> : tensor<2xi8>} : !t loc("tok_embeddings")
  %g = compress.gather %t[%ids] : !t, tensor<2x3xi32> -> tensor<2x3x2x3xbf16>
  %h = compress.gather %t[%dyn] : !t, tensor<?xindex> -> tensor<?x2x3xbf16>
  return %g, %h : tensor<2x3x2x3xbf16>, tensor<?x2x3xbf16>
}

// CHECK-DAG:   #[[$IDS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG:   #[[$IDS1:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-DAG:   #[[$OUT1:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @gather(
// CHECK-SAME:      %[[IDS:.*]]: tensor<2x3xi32>, %[[DYN:.*]]: tensor<?xindex>)
// CHECK:         %[[T:.*]] = arith.constant dense_resource<tok_embeddings> : tensor<6x2x3xbf16>
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<2x3x2x3xbf16>
// CHECK:         %[[G:.*]] = linalg.generic {indexing_maps = [#[[$IDS]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[IDS]] : tensor<2x3xi32>) outs(%[[EMPTY]] : tensor<2x3x2x3xbf16>)
// CHECK:           ^bb0(%[[ID:.*]]: i32, %{{.*}}: bf16):
// CHECK:             %[[ROW:.*]] = arith.index_cast %[[ID]] : i32 to index
// CHECK:             %[[I:.*]] = linalg.index 2 : index
// CHECK:             %[[J:.*]] = linalg.index 3 : index
// CHECK:             %[[E:.*]] = tensor.extract %[[T]][%[[ROW]], %[[I]], %[[J]]] : tensor<6x2x3xbf16>
// CHECK:             linalg.yield %[[E]] : bf16
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[N:.*]] = tensor.dim %[[DYN]], %[[C0]] : tensor<?xindex>
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[N]]) : tensor<?x2x3xbf16>
// CHECK:         %[[H:.*]] = linalg.generic {indexing_maps = [#[[$IDS1]], #[[$OUT1]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[DYN]] : tensor<?xindex>) outs(%[[EMPTY]] : tensor<?x2x3xbf16>)
// CHECK:           ^bb0(%[[ID:.*]]: index, %{{.*}}: bf16):
// CHECK:             %[[I:.*]] = linalg.index 1 : index
// CHECK:             %[[J:.*]] = linalg.index 2 : index
// CHECK:             %[[E:.*]] = tensor.extract %[[T]][%[[ID]], %[[I]], %[[J]]] : tensor<6x2x3xbf16>
// CHECK:             linalg.yield %[[E]] : bf16
// CHECK:         return %[[G]], %[[H]]
// CHECK:       tok_embeddings: "0x40000000803F003F000000BF803F003F000000BF803F003F000000BFC03F803F003F0000C03F803F003F0000C03F803F003F0000803F003F000000BF803F003F000000BF803F003F000000BF"

// -----

// A result type less static than the computed one gets a tensor.cast; a
// rank-0 index gathers one row. The weight (named by a NameLoc inside a
// fused location) is f16, asymmetric with f32 scales: codes 0x21 0x43 are
// 1, 2, 3, 4 and 0xFF 0x00 are 15, 15, 0, 0; zero points 0x01 are 1, 0 and
// 0x78 are 8, 7. The rows decode in double and round once to f16:
// [0.1f * 0, 0.1f * 1, 0.2f * 3, 0.2f * 4] and [0.3f * 7, 0.3f * 7,
// 0.001f * -7, 0.001f * -7] = [0, 0.1, 0.6, 0.8], [2.1, 2.1, -0.007, -0.007].
!w = !compress.tensor<2x4xf16, #compress.uniform<bits = 4, unsigned, block = [1, 2], scale = f32, zero_point = ui4>>
func.func @static_result_dims(%x: tensor<3x4xf16>, %id: tensor<i64>) -> (tensor<?x2xf16>, tensor<4xf16>) {
  %w = compress.constant {codes = dense<[[33, 67], [-1, 0]]> : tensor<2x2xi8>, scales = dense<[[0.1, 0.2], [0.3, 1.0e-3]]> : tensor<2x2xf32>, zero_points = dense<[[1], [120]]> : tensor<2x1xi8>} : !w loc(fused["model.py":1:1, "layers.1.wo"])
  %y = compress.matmul %x, %w transpose_rhs acc(f16) : tensor<3x4xf16>, !w -> tensor<?x2xf16>
  %g = compress.gather %w[%id] : !w, tensor<i64> -> tensor<4xf16>
  return %y, %g : tensor<?x2xf16>, tensor<4xf16>
}

// CHECK-DAG:   #[[$SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-DAG:   #[[$ROW:.*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @static_result_dims(
// CHECK-SAME:      %[[X:.*]]: tensor<3x4xf16>, %[[ID:.*]]: tensor<i64>)
// CHECK:         %[[W:.*]] = arith.constant dense_resource<layers.1.wo> : tensor<2x4xf16>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f16) outs(%{{.*}} : tensor<3x2xf16>)
// CHECK:         %[[Y:.*]] = linalg.matmul indexing_maps = [{{.*}}] ins(%[[X]], %[[W]] : tensor<3x4xf16>, tensor<2x4xf16>) outs(%[[INIT]] : tensor<3x2xf16>) -> tensor<3x2xf16>
// CHECK:         %[[CAST:.*]] = tensor.cast %[[Y]] : tensor<3x2xf16> to tensor<?x2xf16>
// CHECK:         %[[G:.*]] = linalg.generic {indexing_maps = [#[[$SCALAR]], #[[$ROW]]], iterator_types = ["parallel"]} ins(%[[ID]] : tensor<i64>) outs(%{{.*}} : tensor<4xf16>)
// CHECK:             %[[R:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK:             %[[I:.*]] = linalg.index 0 : index
// CHECK:             tensor.extract %[[W]][%[[R]], %[[I]]] : tensor<2x4xf16>
// CHECK:         return %[[CAST]], %[[G]]
// CHECK:       layers.1.wo: "0x400000000000662ECD38663A334033402B9F2B9F"

// -----

// Encodings beyond #compress.uniform decompress too (whatever the reference
// decoder knows): the body decodes to [1, 2, 3, 4] and the permutation sends
// its columns to [2, 0, 3, 1], giving [2, 4, 1, 3].
!w = !compress.tensor<1x4xf32, #compress.permuted<axis = 1, body = #compress.uniform<bits = 4, scale = f32>>>
func.func @permuted() -> tensor<1x4xf32> {
  %w = compress.constant {perm = dense<[2, 0, 3, 1]> : tensor<4xi32>,
                          body.codes = dense<[[0x21, 0x43]]> : tensor<1x2xi8>,
                          body.scales = dense<1.0> : tensor<1x1xf32>} : !w
  %d = compress.decode %w : !w -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}

// CHECK-LABEL: func.func @permuted(
// CHECK:         %[[W:.*]] = arith.constant dense_resource<decompressed> : tensor<1x4xf32>
// CHECK:         return %[[W]]
// CHECK:       decompressed: "0x4000000000000040000080400000803F00004040"

// -----

// compress.matmul multiplies a low-rank weight through its factors, also in
// an f16 tensor (docs/encodings.md, "compress.matmul"): the reference does
// too, t = x V^T then y = t U^T, with U and V as f32 constants named after
// the weight. compress.decode still gives the f16 elements of U V: [0.5, 1,
// 1.5, 2] and [1, 2, 3, 4].
!lr = !compress.tensor<2x4xf16, #compress.lowrank<rank = 1, u = f16, v = f16>>
func.func @lowrank_f16(%x: tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<2x4xf16>) {
  %w = compress.constant {u = dense<[[1.0], [2.0]]> : tensor<2x1xf16>,
                          v = dense<[[0.5, 1.0, 1.5, 2.0]]> : tensor<1x4xf16>} : !lr loc("layers.0.wq")
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x4xf32>, !lr -> tensor<3x2xf32>
  %d = compress.decode %w : !lr -> tensor<2x4xf16>
  return %y, %d : tensor<3x2xf32>, tensor<2x4xf16>
}

// CHECK-DAG:   #[[$MX:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[$MW:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG:   #[[$MY:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @lowrank_f16(
// CHECK-SAME:      %[[X:.*]]: tensor<3x4xf32>)
// CHECK-DAG:     %[[W:.*]] = arith.constant dense_resource<layers.0.wq> : tensor<2x4xf16>
// CHECK-DAG:     %[[U:.*]] = arith.constant dense_resource<layers.0.wq.u> : tensor<2x1xf32>
// CHECK-DAG:     %[[V:.*]] = arith.constant dense_resource<layers.0.wq.v> : tensor<1x4xf32>
// CHECK:         %[[ZT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<3x1xf32>)
// CHECK:         %[[T:.*]] = linalg.matmul indexing_maps = [#[[$MX]], #[[$MW]], #[[$MY]]] ins(%[[X]], %[[V]] : tensor<3x4xf32>, tensor<1x4xf32>) outs(%[[ZT]] : tensor<3x1xf32>)
// CHECK:         %[[ZY:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<3x2xf32>)
// CHECK:         %[[Y:.*]] = linalg.matmul indexing_maps = [#[[$MX]], #[[$MW]], #[[$MY]]] ins(%[[T]], %[[U]] : tensor<3x1xf32>, tensor<2x1xf32>) outs(%[[ZY]] : tensor<3x2xf32>)
// CHECK:         return %[[Y]], %[[W]]
// CHECK:       dialect_resources
// CHECK-DAG:     layers.0.wq: "0x400000000038003C003E0040003C004000420044"
// CHECK-DAG:     layers.0.wq.u: "0x400000000000803F00000040"
// CHECK-DAG:     layers.0.wq.v: "0x400000000000003F0000803F0000C03F00000040"

// -----

// A sum with a low-rank term ([K, N], int8 activations, f16 tensor): the
// activations are quantized once, then term 0 (decoded in f32: 0.25 times
// the codes, not rounded to f16) and the low-rank term t = xq U, y += t V
// accumulate in f32; only the result becomes f16. Only matmuls use the
// weight, so no dense tensor of its elements is built.
!s = !compress.tensor<4x2xf16, #compress.sum<#compress.uniform<bits = 8, scale = f32>,
                                             #compress.lowrank<rank = 1, u = f16, v = f32>>>
func.func @sum_lowrank(%x: tensor<?x4xf32>) -> tensor<?x2xf16> {
  %w = compress.constant {term0.codes = dense<[[1, 2], [3, 4], [5, 6], [7, 8]]> : tensor<4x2xi8>,
                          term0.scales = dense<0.25> : tensor<1x1xf32>,
                          term1.u = dense<[[1.0], [-1.0], [0.5], [2.0]]> : tensor<4x1xf16>,
                          term1.v = dense<[[3.0, -0.5]]> : tensor<1x2xf32>} : !s loc("mlp.up")
  %y = compress.matmul %x, %w int8_activations(4) acc(f32) : tensor<?x4xf32>, !s -> tensor<?x2xf16>
  return %y : tensor<?x2xf16>
}

// CHECK-LABEL: func.func @sum_lowrank(
// CHECK-NOT:     dense_resource<mlp.up> :
// CHECK-DAG:     %[[T0:.*]] = arith.constant dense_resource<mlp.up.term0> : tensor<4x2xf32>
// CHECK-DAG:     %[[U:.*]] = arith.constant dense_resource<mlp.up.term1.u> : tensor<4x1xf32>
// CHECK-DAG:     %[[V:.*]] = arith.constant dense_resource<mlp.up.term1.v> : tensor<1x2xf32>
// CHECK:         math.roundeven
// CHECK:         %[[XQ:.*]] = tensor.collapse_shape %{{.*}} : tensor<?x1x4xf32> into tensor<?x4xf32>
// CHECK:         %[[Z0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x2xf32>)
// CHECK:         %[[Y0:.*]] = linalg.matmul ins(%[[XQ]], %[[T0]] : tensor<?x4xf32>, tensor<4x2xf32>) outs(%[[Z0]] : tensor<?x2xf32>)
// CHECK:         %[[ZT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x1xf32>)
// CHECK:         %[[T:.*]] = linalg.matmul ins(%[[XQ]], %[[U]] : tensor<?x4xf32>, tensor<4x1xf32>) outs(%[[ZT]] : tensor<?x1xf32>)
// CHECK:         %[[Y:.*]] = linalg.matmul ins(%[[T]], %[[V]] : tensor<?x1xf32>, tensor<1x2xf32>) outs(%[[Y0]] : tensor<?x2xf32>)
// CHECK:         arith.truncf %{{.*}} : f32 to f16
// CHECK:       dialect_resources
// CHECK-DAG:     mlp.up.term0: "0x400000000000803E0000003F0000403F0000803F0000A03F0000C03F0000E03F00000040"
// CHECK-DAG:     mlp.up.term1.u: "0x400000000000803F000080BF0000003F00000040"
// CHECK-DAG:     mlp.up.term1.v: "0x4000000000004040000000BF"
