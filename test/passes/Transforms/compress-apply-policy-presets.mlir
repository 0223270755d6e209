// RUN: compress-opt %s --split-input-file --compress-apply-policy="policy=%S/Inputs/policy-presets.yaml" 2>/dev/null \
// RUN:   | FileCheck %s --implicit-check-not="arith.constant dense" --implicit-check-not=linalg.matvec

// Every preset family on a matvec weight [N = 16, K = 64] (output channels on
// axis 0, groups along axis 1), each weight named after the rule of
// Inputs/policy-presets.yaml that gives it its encoding. The storage shapes
// follow docs/formats.md: codes packed along rows, one scale (and zero point)
// per group.

// int8 is int8-channel: symmetric, one f32 scale per output channel.
// CHECK-LABEL: func.func @int8(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<int8.codes> : tensor<16x64xi8>, scales = dense_resource<int8.scales> : tensor<16x1xf32>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>> -> tensor<16xf32>
func.func @int8(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int8")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// CHECK-LABEL: func.func @int8_channel(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int8-channel.codes"> : tensor<16x64xi8>, scales = dense_resource<"int8-channel.scales"> : tensor<16x1xf32>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>> -> tensor<16xf32>
func.func @int8_channel(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int8-channel")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// A scale type suffix.
// CHECK-LABEL: func.func @int8_channel_f16(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int8-channel-f16.codes"> : tensor<16x64xi8>, scales = dense_resource<"int8-channel-f16.scales"> : tensor<16x1xf16>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f16>> -> tensor<16xf32>
func.func @int8_channel_f16(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int8-channel-f16")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// Groups of G along the reduction axis, f16 scales by default.
// CHECK-LABEL: func.func @int4_g32(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int4-g32.codes"> : tensor<16x32xi8>, scales = dense_resource<"int4-g32.scales"> : tensor<16x2xf16>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f16>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f16>> -> tensor<16xf32>
func.func @int4_g32(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int4-g32")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// CHECK-LABEL: func.func @int4_g32_f32(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int4-g32-f32.codes"> : tensor<16x32xi8>, scales = dense_resource<"int4-g32-f32.scales"> : tensor<16x2xf32>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f32>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f32>> -> tensor<16xf32>
func.func @int4_g32_f32(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int4-g32-f32")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// CHECK-LABEL: func.func @int4_g32_bf16(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int4-g32-bf16.codes"> : tensor<16x32xi8>, scales = dense_resource<"int4-g32-bf16.scales"> : tensor<16x2xbf16>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 4, block = [1, 32], scale = bf16>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 4, block = [1, 32], scale = bf16>> -> tensor<16xf32>
func.func @int4_g32_bf16(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int4-g32-bf16")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// -asym: unsigned codes and a ui<b> zero point per group (two 4-bit zero
// points per byte).
// CHECK-LABEL: func.func @int4_g32_asym(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int4-g32-asym.codes"> : tensor<16x32xi8>, scales = dense_resource<"int4-g32-asym.scales"> : tensor<16x2xf16>, zero_points = dense_resource<"int4-g32-asym.zero_points"> : tensor<16x1xi8>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 4, unsigned, block = [1, 32], scale = f16, zero_point = ui4>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 4, unsigned, block = [1, 32], scale = f16, zero_point = ui4>> -> tensor<16xf32>
func.func @int4_g32_asym(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int4-g32-asym")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// -asym comes before the scale type.
// CHECK-LABEL: func.func @int4_g32_asym_bf16(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int4-g32-asym-bf16.codes"> : tensor<16x32xi8>, scales = dense_resource<"int4-g32-asym-bf16.scales"> : tensor<16x2xbf16>, zero_points = dense_resource<"int4-g32-asym-bf16.zero_points"> : tensor<16x1xi8>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 4, unsigned, block = [1, 32], scale = bf16, zero_point = ui4>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 4, unsigned, block = [1, 32], scale = bf16, zero_point = ui4>> -> tensor<16xf32>
func.func @int4_g32_asym_bf16(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int4-g32-asym-bf16")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// Odd widths pack across bytes: 64 5-bit codes take 40 bytes per row.
// CHECK-LABEL: func.func @int5_g16(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int5-g16.codes"> : tensor<16x40xi8>, scales = dense_resource<"int5-g16.scales"> : tensor<16x4xf16>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 5, block = [1, 16], scale = f16>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 5, block = [1, 16], scale = f16>> -> tensor<16xf32>
func.func @int5_g16(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int5-g16")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// A group as long as the reduction axis.
// CHECK-LABEL: func.func @int7_g64(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int7-g64.codes"> : tensor<16x56xi8>, scales = dense_resource<"int7-g64.scales"> : tensor<16x1xf16>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 7, block = [1, 64], scale = f16>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 7, block = [1, 64], scale = f16>> -> tensor<16xf32>
func.func @int7_g64(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int7-g64")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// The narrowest preset width.
// CHECK-LABEL: func.func @int2_g8(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int2-g8.codes"> : tensor<16x16xi8>, scales = dense_resource<"int2-g8.scales"> : tensor<16x8xf16>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 2, block = [1, 8], scale = f16>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 2, block = [1, 8], scale = f16>> -> tensor<16xf32>
func.func @int2_g8(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int2-g8")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// Per channel with zero points: 16 6-bit zero points are packed whole
// (96 bits = 12 bytes); channel scales default to f32.
// CHECK-LABEL: func.func @int6_channel_asym(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int6-channel-asym.codes"> : tensor<16x48xi8>, scales = dense_resource<"int6-channel-asym.scales"> : tensor<16x1xf32>, zero_points = dense_resource<"int6-channel-asym.zero_points"> : tensor<12xi8>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 6, unsigned, per_axis = 0, scale = f32, zero_point = ui6>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 6, unsigned, per_axis = 0, scale = f32, zero_point = ui6>> -> tensor<16xf32>
func.func @int6_channel_asym(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int6-channel-asym")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// int<b>-tensor: one scale for the whole weight, f32 by default.
// CHECK-LABEL: func.func @int3_tensor(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int3-tensor.codes"> : tensor<16x24xi8>, scales = dense_resource<"int3-tensor.scales"> : tensor<1x1xf32>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 3, scale = f32>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 3, scale = f32>> -> tensor<16xf32>
func.func @int3_tensor(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int3-tensor")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// CHECK-LABEL: func.func @int2_tensor_asym(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int2-tensor-asym.codes"> : tensor<16x16xi8>, scales = dense_resource<"int2-tensor-asym.scales"> : tensor<1x1xf32>, zero_points = dense_resource<"int2-tensor-asym.zero_points"> : tensor<1xi8>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 2, unsigned, scale = f32, zero_point = ui2>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 2, unsigned, scale = f32, zero_point = ui2>> -> tensor<16xf32>
func.func @int2_tensor_asym(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int2-tensor-asym")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// CHECK-LABEL: func.func @int8_tensor_bf16(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"int8-tensor-bf16.codes"> : tensor<16x64xi8>, scales = dense_resource<"int8-tensor-bf16.scales"> : tensor<1x1xbf16>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 8, scale = bf16>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 8, scale = bf16>> -> tensor<16xf32>
func.func @int8_tensor_bf16(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("int8-tensor-bf16")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// A full #compress attribute, used as written: 4 x 8 blocks, unlike any
// preset.
// CHECK-LABEL: func.func @attr_block(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<attr.block.codes> : tensor<16x32xi8>, scales = dense_resource<attr.block.scales> : tensor<4x8xbf16>, zero_points = dense_resource<attr.block.zero_points> : tensor<4x4xi8>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 4, unsigned, block = [4, 8], scale = bf16, zero_point = ui4>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 4, unsigned, block = [4, 8], scale = bf16, zero_point = ui4>> -> tensor<16xf32>
func.func @attr_block(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("attr.block")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// An attribute with signed codes and an i8 zero point (single quotes in
// the YAML).
// CHECK-LABEL: func.func @attr_signed_zero_point(
// CHECK-SAME:      %[[X:.*]]: tensor<64xf32>
// CHECK:         %[[W:.*]] = compress.constant {codes = dense_resource<"attr.signed-zero-point.codes"> : tensor<16x64xi8>, scales = dense_resource<"attr.signed-zero-point.scales"> : tensor<16x1xf16>, zero_points = dense_resource<"attr.signed-zero-point.zero_points"> : tensor<16x1xi8>} : !compress.tensor<16x64xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f16, zero_point = i8>>
// CHECK:         compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<64xf32>, !compress.tensor<16x64xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f16, zero_point = i8>> -> tensor<16xf32>
func.func @attr_signed_zero_point(%x: tensor<64xf32>) -> tensor<16xf32> {
  %w = arith.constant dense<0.5> : tensor<16x64xf32> loc("attr.signed-zero-point")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x64xf32>, tensor<64xf32>) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// Codes computed by hand: int4-g4 on [2, 8]. Group (0, 0) has amax 7, so
// s = 7 / 7 = 1: codes 7 -7 0 2 (0.5 is a tie, to even), packed low nibble
// first: 0x97 0x20. Group (0, 1) has amax 4: s = f16(4 / 7) = 0.5712890625
// (0x3892), and 1 2 3 4 / s = 1.75 3.5009 5.25 7.0017 give 2 4 5 7: 0x42
// 0x75 (3.5009 is no tie: the scale was rounded first). Row 1 is zero:
// codes 0, s = 1 (0x3c00). Scales are little-endian f16; blobs start with
// their 4-byte alignment.
// CHECK-LABEL: func.func @hand_computed(
// CHECK:         compress.constant {codes = dense_resource<"hand.int4-g4.codes"> : tensor<2x4xi8>, scales = dense_resource<"hand.int4-g4.scales"> : tensor<2x2xf16>} : !compress.tensor<2x8xf32, #compress.uniform<bits = 4, block = [1, 4], scale = f16>>
// CHECK:         "hand.int4-g4.codes": "0x{{[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]}}9720427500000000"
// CHECK:         "hand.int4-g4.scales": "0x{{[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]}}003C9238003C003C"
func.func @hand_computed(%x: tensor<8xf32>) -> tensor<2xf32> {
  %w = arith.constant dense<[[7.0, -7.0, 0.5, 1.5, 1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32> loc("hand.int4-g4")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2xf32>) -> tensor<2xf32>
  %y = linalg.matvec ins(%w, %x : tensor<2x8xf32>, tensor<8xf32>) outs(%init : tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}
