// RUN: compress-opt %s --split-input-file --compress-apply-policy="policy=%S/Inputs/policy-selectors.yaml" 2>/dev/null \
// RUN:   | FileCheck %s
// The whole file as one module: only the last rule matches no weight.
// RUN: compress-opt %s --compress-apply-policy="policy=%S/Inputs/policy-selectors.yaml" -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WARN -DPOLICY=%S/Inputs/policy-selectors.yaml
// Weights without a rule, or with a `none` rule, stay exactly as they were:
// the output is the input as compress-opt prints it.
// RUN: compress-opt %s --split-input-file -o %t.orig.mlir
// RUN: compress-opt %s --split-input-file --compress-apply-policy="policy=%S/Inputs/policy-none.yaml" -o %t.none.mlir
// RUN: diff %t.orig.mlir %t.none.mlir
// RUN: compress-opt %s --split-input-file --compress-apply-policy="policy=%S/Inputs/policy-no-rules.yaml" -o %t.no-rules.mlir
// RUN: diff %t.orig.mlir %t.no-rules.mlir

// The rules are in Inputs/policy-selectors.yaml. A rule that matches nothing
// is a warning located in the policy file, so it is checked on stderr.
// WARN-NOT:   warning
// WARN:       [[POLICY]]:30:5: warning: rule matches no weight
// WARN-NEXT:    - match: "never.*"
// WARN-NEXT:    ^
// WARN-NOT:   warning

// First match wins: layers.0.attention.wq matches "layers.0.*" (int8) before
// {name: "layers.*.attention.*", op: matmul} (int4-g4); layers.1.attention.wq
// only the second. layers.0.conv is a conv of 4608 weights, but the glob
// comes before the conv rule.
// CHECK-LABEL: func.func @first_match_wins(
// CHECK:         compress.constant {codes = dense_resource<layers.0.attention.wq.codes> {{.*}} : !compress.tensor<4x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK:         compress.constant {codes = dense_resource<layers.1.attention.wq.codes> {{.*}} : !compress.tensor<4x8xf32, #compress.uniform<bits = 4, block = [1, 4], scale = f16>>
// CHECK:         compress.constant {codes = dense_resource<layers.0.conv.codes> {{.*}} : !compress.tensor<3x3x32x16xf32, #compress.uniform<bits = 8, per_axis = 3, scale = f32>>
func.func @first_match_wins(%x: tensor<8xf32>, %img: tensor<1x3x3x32xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<1x1x1x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %w0 = arith.constant dense<0.5> : tensor<4x8xf32> loc("layers.0.attention.wq")
  %y0 = linalg.matvec ins(%w0, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %w1 = arith.constant dense<0.5> : tensor<4x8xf32> loc("layers.1.attention.wq")
  %y1 = linalg.matvec ins(%w1, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %f = arith.constant dense<0.25> : tensor<3x3x32x16xf32> loc("layers.0.conv")
  %ce = tensor.empty() : tensor<1x1x1x16xf32>
  %cinit = linalg.fill ins(%zero : f32) outs(%ce : tensor<1x1x1x16xf32>) -> tensor<1x1x1x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf ins(%img, %f : tensor<1x3x3x32xf32>, tensor<3x3x32x16xf32>) outs(%cinit : tensor<1x1x1x16xf32>) -> tensor<1x1x1x16xf32>
  return %y0, %y1, %c : tensor<4xf32>, tensor<4xf32>, tensor<1x1x1x16xf32>
}

// -----

// `op` restricts a rule: layers.1.attention.conv has a name the matmul rule's
// glob matches, but it is a conv (of 1152 weights: too few for the conv
// rule); no other rule matches, so it stays dense.
// CHECK-LABEL: func.func @op_selector(
// CHECK-SAME:      %[[IMG:.*]]: tensor<1x3x3x8xf32>
// CHECK-NOT:     compress.
// CHECK:         %[[F:.*]] = arith.constant dense<2.500000e-01> : tensor<3x3x8x16xf32>
// CHECK-NOT:     compress.
// CHECK:         linalg.conv_2d_nhwc_hwcf ins(%[[IMG]], %[[F]] : tensor<1x3x3x8xf32>, tensor<3x3x8x16xf32>)
// CHECK-NOT:     compress.
// CHECK:         return
func.func @op_selector(%img: tensor<1x3x3x8xf32>) -> tensor<1x1x1x16xf32> {
  %zero = arith.constant 0.0 : f32
  %f = arith.constant dense<0.25> : tensor<3x3x8x16xf32> loc("layers.1.attention.conv")
  %ce = tensor.empty() : tensor<1x1x1x16xf32>
  %cinit = linalg.fill ins(%zero : f32) outs(%ce : tensor<1x1x1x16xf32>) -> tensor<1x1x1x16xf32>
  %c = linalg.conv_2d_nhwc_hwcf ins(%img, %f : tensor<1x3x3x8xf32>, tensor<3x3x8x16xf32>) outs(%cinit : tensor<1x1x1x16xf32>) -> tensor<1x1x1x16xf32>
  return %c : tensor<1x1x1x16xf32>
}

// -----

// min_elements is inclusive: 4 * 4 * 16 * 16 = 4096 weights match,
// 3 * 3 * 5 * 91 = 4095 do not.
// CHECK-LABEL: func.func @min_elements(
// CHECK-SAME:      %[[A:[^:]*]]: tensor<1x4x4x16xf32>, %[[B:[^:]*]]: tensor<1x3x3x5xf32>
// CHECK:         compress.constant {codes = dense_resource<conv.4096.codes> {{.*}} : !compress.tensor<4x4x16x16xf32, #compress.uniform<bits = 8, per_axis = 3, scale = f32>>
// CHECK:         %[[F:.*]] = arith.constant dense<2.500000e-01> : tensor<3x3x5x91xf32>
// CHECK:         linalg.conv_2d_nhwc_hwcf ins(%[[B]], %[[F]] :
func.func @min_elements(%a: tensor<1x4x4x16xf32>, %b: tensor<1x3x3x5xf32>) -> (tensor<1x1x1x16xf32>, tensor<1x1x1x91xf32>) {
  %zero = arith.constant 0.0 : f32
  %f1 = arith.constant dense<0.25> : tensor<4x4x16x16xf32> loc("conv.4096")
  %e1 = tensor.empty() : tensor<1x1x1x16xf32>
  %i1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x1x1x16xf32>) -> tensor<1x1x1x16xf32>
  %c1 = linalg.conv_2d_nhwc_hwcf ins(%a, %f1 : tensor<1x4x4x16xf32>, tensor<4x4x16x16xf32>) outs(%i1 : tensor<1x1x1x16xf32>) -> tensor<1x1x1x16xf32>
  %f2 = arith.constant dense<0.25> : tensor<3x3x5x91xf32> loc("conv.4095")
  %e2 = tensor.empty() : tensor<1x1x1x91xf32>
  %i2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x1x1x91xf32>) -> tensor<1x1x1x91xf32>
  %c2 = linalg.conv_2d_nhwc_hwcf ins(%b, %f2 : tensor<1x3x3x5xf32>, tensor<3x3x5x91xf32>) outs(%i2 : tensor<1x1x1x91xf32>) -> tensor<1x1x1x91xf32>
  return %c1, %c2 : tensor<1x1x1x16xf32>, tensor<1x1x1x91xf32>
}

// -----

// shape is exact: [6, 8] matches, its transpose [8, 6] does not.
// CHECK-LABEL: func.func @shape_selector(
// CHECK:         compress.constant {codes = dense_resource<proj.a.codes> {{.*}} : !compress.tensor<6x8xf32, #compress.uniform<bits = 5, scale = f32>>
// CHECK:         %[[B:.*]] = arith.constant dense<5.000000e-01> : tensor<8x6xf32>
// CHECK:         linalg.vecmat ins(%{{.*}}, %[[B]] : tensor<8xf32>, tensor<8x6xf32>)
func.func @shape_selector(%x: tensor<8xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<6xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<6xf32>) -> tensor<6xf32>
  %a = arith.constant dense<0.5> : tensor<6x8xf32> loc("proj.a")
  %ya = linalg.matvec ins(%a, %x : tensor<6x8xf32>, tensor<8xf32>) outs(%init : tensor<6xf32>) -> tensor<6xf32>
  %b = arith.constant dense<0.5> : tensor<8x6xf32> loc("proj.b")
  %yb = linalg.vecmat ins(%x, %b : tensor<8xf32>, tensor<8x6xf32>) outs(%init : tensor<6xf32>) -> tensor<6xf32>
  return %ya, %yb : tensor<6xf32>, tensor<6xf32>
}

// -----

// layers: 4 (one index), [5, 7] (a list), 10-12 (a range, both ends
// included), and {name: "blocks.*", layers: [20, "30-31"]}. Layers 6 and 13
// match none; h.30.w has layer 30 but not the name.
// CHECK-LABEL: func.func @layer_selector(
// CHECK:         compress.constant {codes = dense_resource<model.layers.4.w.codes> {{.*}}#compress.uniform<bits = 2, scale = f32>>
// CHECK:         compress.constant {codes = dense_resource<model.layers.5.w.codes> {{.*}}#compress.uniform<bits = 3, scale = f32>>
// CHECK:         arith.constant dense<6.000000e+00> : tensor<4x8xf32>
// CHECK:         compress.constant {codes = dense_resource<model.layers.7.w.codes> {{.*}}#compress.uniform<bits = 3, scale = f32>>
// CHECK:         compress.constant {codes = dense_resource<model.layers.10.w.codes> {{.*}}#compress.uniform<bits = 6, scale = f32>>
// CHECK:         compress.constant {codes = dense_resource<model.layers.12.w.codes> {{.*}}#compress.uniform<bits = 6, scale = f32>>
// CHECK:         arith.constant dense<1.300000e+01> : tensor<4x8xf32>
// CHECK:         compress.constant {codes = dense_resource<blocks.20.w.codes> {{.*}}#compress.uniform<bits = 7, scale = f32>>
// CHECK:         compress.constant {codes = dense_resource<blocks.31.w.codes> {{.*}}#compress.uniform<bits = 7, scale = f32>>
// CHECK:         arith.constant dense<3.000000e+01> : tensor<4x8xf32>
// CHECK-NOT:     compress.constant
// CHECK:         return
func.func @layer_selector(%x: tensor<8xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %w4 = arith.constant dense<4.0> : tensor<4x8xf32> loc("model.layers.4.w")
  %y4 = linalg.matvec ins(%w4, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %w5 = arith.constant dense<5.0> : tensor<4x8xf32> loc("model.layers.5.w")
  %y5 = linalg.matvec ins(%w5, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %w6 = arith.constant dense<6.0> : tensor<4x8xf32> loc("model.layers.6.w")
  %y6 = linalg.matvec ins(%w6, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %w7 = arith.constant dense<7.0> : tensor<4x8xf32> loc("model.layers.7.w")
  %y7 = linalg.matvec ins(%w7, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %w10 = arith.constant dense<10.0> : tensor<4x8xf32> loc("model.layers.10.w")
  %y10 = linalg.matvec ins(%w10, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %w12 = arith.constant dense<12.0> : tensor<4x8xf32> loc("model.layers.12.w")
  %y12 = linalg.matvec ins(%w12, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %w13 = arith.constant dense<13.0> : tensor<4x8xf32> loc("model.layers.13.w")
  %y13 = linalg.matvec ins(%w13, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %w20 = arith.constant dense<20.0> : tensor<4x8xf32> loc("blocks.20.w")
  %y20 = linalg.matvec ins(%w20, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %w31 = arith.constant dense<31.0> : tensor<4x8xf32> loc("blocks.31.w")
  %y31 = linalg.matvec ins(%w31, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %h30 = arith.constant dense<30.0> : tensor<4x8xf32> loc("h.30.w")
  %z30 = linalg.matvec ins(%h30, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %y4, %y5, %y6, %y7, %y10, %y12, %y13, %y20, %y31, %z30 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// op: gather selects embedding tables.
// CHECK-LABEL: func.func @gather_selector(
// CHECK:         %[[T:.*]] = compress.constant {codes = dense_resource<tok_embeddings.codes> {{.*}} : !compress.tensor<32x8xf32, #compress.uniform<bits = 4, per_axis = 0, scale = f32>>
// CHECK:         compress.gather %[[T]]
func.func @gather_selector(%ids: tensor<3x1xindex>) -> tensor<3x1x8xf32> {
  %t = arith.constant dense<0.5> : tensor<32x8xf32> loc("tok_embeddings")
  %rows = tensor.gather %t[%ids] gather_dims([0]) : (tensor<32x8xf32>, tensor<3x1xindex>) -> tensor<3x1x8xf32>
  return %rows : tensor<3x1x8xf32>
}

// -----

// `none` and no rule at all: the constants and their consumers stay exactly
// as they were (the diff RUN lines check every split this way).
// CHECK-LABEL: func.func @left_dense(
// CHECK-SAME:      %[[X:.*]]: tensor<8xf32>, %[[IDS:.*]]: tensor<3x1xindex>
// CHECK-NOT:     compress.
// CHECK:         %[[F:.*]] = arith.constant dense<5.000000e-01> : tensor<4x8xf32>
// CHECK:         linalg.matvec ins(%[[F]], %[[X]] : tensor<4x8xf32>, tensor<8xf32>)
// CHECK:         %[[O:.*]] = arith.constant dense<2.500000e-01> : tensor<8x4xf32>
// CHECK:         linalg.vecmat ins(%[[X]], %[[O]] : tensor<8xf32>, tensor<8x4xf32>)
// CHECK:         %[[T:.*]] = arith.constant dense<1.000000e+00> : tensor<32x8xf32>
// CHECK:         tensor.gather %[[T]][%[[IDS]]] gather_dims([0])
// CHECK-NOT:     compress.
// CHECK:         return
func.func @left_dense(%x: tensor<8xf32>, %ids: tensor<3x1xindex>) -> (tensor<4xf32>, tensor<4xf32>, tensor<3x1x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %f = arith.constant dense<0.5> : tensor<4x8xf32> loc("frozen.w")
  %y = linalg.matvec ins(%f, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %o = arith.constant dense<0.25> : tensor<8x4xf32> loc("other.w")
  %z = linalg.vecmat ins(%x, %o : tensor<8xf32>, tensor<8x4xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %t = arith.constant dense<1.0> : tensor<32x8xf32> loc("frozen.table")
  %rows = tensor.gather %t[%ids] gather_dims([0]) : (tensor<32x8xf32>, tensor<3x1xindex>) -> tensor<3x1x8xf32>
  return %y, %z, %rows : tensor<4xf32>, tensor<4xf32>, tensor<3x1x8xf32>
}
