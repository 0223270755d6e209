// RUN: compress-opt %s --split-input-file --compress-print-sizes --verify-diagnostics -o /dev/null
// RUN: compress-opt %s --split-input-file --compress-print-sizes="storage=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=STORAGE
// RUN: compress-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(compress-print-sizes))' -o /dev/null 2>&1 | FileCheck %s --check-prefix=NESTED

// 64x64 int4, groups of 32 along the rows, f16 scales:
// 64*64/2 = 2048 bytes of codes + 64*2*2 = 256 bytes of scales = 2304 bytes,
// 2304*8/4096 = 4.5 bits per weight; dense f32 is 16384 bytes.
!w = !compress.tensor<64x64xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f16>>
// expected-remark @below {{total: 1 compressed values, 2304 bytes, 4.5 bits per weight (16384 bytes dense, 7.11x smaller)}}
module {
  func.func @unnamed() -> !w {
    // expected-remark @below {{'unnamed.constant.0' '!compress.tensor<64x64xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f16>>': 2304 bytes, 4.5 bits per weight (16384 bytes dense 'f32', 7.11x smaller)}}
    %w = compress.constant {codes = dense<0> : tensor<64x32xi8>, scales = dense<1.0> : tensor<64x2xf16>} : !w
    return %w : !w
  }
}

// -----

// A NameLoc names the value (it carries no file position, hence @unknown).
// Function arguments are reported too.
!w8 = !compress.tensor<16x8xbf16, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>
!nf4 = !compress.tensor<4x64xf16, #compress.lut<table = nf4, block = [1, 64], scale = f16>>
// 16*8 + 16*4 = 192 bytes; 4*32 + 4*2 = 136 bytes.
// expected-remark @below {{total: 2 compressed values, 328 bytes, 6.83 bits per weight (768 bytes dense, 2.34x smaller)}}
module {
  // expected-remark @below {{'named.arg0' '!compress.tensor<16x8xbf16, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>': 192 bytes, 12 bits per weight (256 bytes dense 'bf16', 1.33x smaller)}}
  func.func @named(%arg0: !w8) -> !nf4 {
    // expected-remark @unknown {{'layers.0.wq' '!compress.tensor<4x64xf16, #compress.lut<table = nf4, block = [1, 64], scale = f16>>': 136 bytes, 4.25 bits per weight (512 bytes dense 'f16', 3.76x smaller)}}
    %w = compress.constant {indices = dense<0> : tensor<4x32xi8>, scales = dense<1.0> : tensor<4x1xf16>} : !nf4 loc("layers.0.wq")
    return %w : !nf4
  }
}

// -----

// Packed fields merge trailing dimensions until their values fill whole
// bytes, so only a field merged whole is padded, at its end.
// conv: 4-bit codes of a [64, 32, 3, 3] kernel: rows of 3 (12 bits) and 3x3
//   (36 bits) are not whole bytes, 32x3x3 = 288 codes (1152 bits) are:
//   codes [64, 144] = 9216 bytes + scales [64, 1, 1, 1] f16 = 128 bytes
//   = 9344 bytes, 9344*8/18432 = 4.06 bits per weight, 36864/9344 = 3.95x.
// zp: 4-bit [7, 64] with one ui4 zero point per row: codes [7, 32] = 224
//   bytes, scales [7, 1] f16 = 14 bytes, zero points [7, 1]: 4 bits per row,
//   so all 7 (28 bits) in [4] = 4 bytes; 242 bytes, 242*8/448 = 4.32 bits per
//   weight, 896/242 = 3.70 -> 3.7x.
// odd: 3-bit [5, 172]: rows of 516 bits, so all 860 codes (2580 bits) in
//   [323] = 323 bytes, + one f32 scale = 327 bytes, 327*8/860 = 3.04 bits
//   per weight, 3440/327 = 10.52 -> 10.5x.
// total: 9913 bytes for 19740 weights = 4.02 bits per weight,
//   41200/9913 = 4.16x.
!conv = !compress.tensor<64x32x3x3xf16, #compress.uniform<bits = 4, per_axis = 0, scale = f16>>
!zp = !compress.tensor<7x64xf16, #compress.uniform<bits = 4, unsigned, per_axis = 0, scale = f16, zero_point = ui4>>
!odd = !compress.tensor<5x172xf32, #compress.uniform<bits = 3, scale = f32>>
// expected-remark @below {{total: 3 compressed values, 9913 bytes, 4.02 bits per weight (41200 bytes dense, 4.16x smaller)}}
module {
  // expected-remark @below {{'packed.arg0' '!compress.tensor<64x32x3x3xf16, #compress.uniform<bits = 4, per_axis = 0, scale = f16>>': 9344 bytes, 4.06 bits per weight (36864 bytes dense 'f16', 3.95x smaller)}}
  // expected-remark @below {{'packed.arg1' '!compress.tensor<7x64xf16, #compress.uniform<bits = 4, unsigned, per_axis = 0, scale = f16, zero_point = ui4>>': 242 bytes, 4.32 bits per weight (896 bytes dense 'f16', 3.7x smaller)}}
  // expected-remark @below {{'packed.arg2' '!compress.tensor<5x172xf32, #compress.uniform<bits = 3, scale = f32>>': 327 bytes, 3.04 bits per weight (3440 bytes dense 'f32', 10.5x smaller)}}
  func.func @packed(%conv: !conv, %zp: !zp, %odd: !odd) {
    return
  }
}

// STORAGE: 'unnamed.constant.0' {{.*}}; codes: 'tensor<64x32xi8>' = 2048 bytes; scales: 'tensor<64x2xf16>' = 256 bytes
// STORAGE: 'layers.0.wq' {{.*}}; indices: 'tensor<4x32xi8>' = 128 bytes; scales: 'tensor<4x1xf16>' = 8 bytes
// STORAGE: 'packed.arg0' {{.*}}; codes: 'tensor<64x144xi8>' = 9216 bytes; scales: 'tensor<64x1x1x1xf16>' = 128 bytes
// STORAGE: 'packed.arg1' {{.*}}; codes: 'tensor<7x32xi8>' = 224 bytes; scales: 'tensor<7x1xf16>' = 14 bytes; zero_points: 'tensor<4xi8>' = 4 bytes
// STORAGE: 'packed.arg2' {{.*}}; codes: 'tensor<323xi8>' = 323 bytes; scales: 'tensor<1x1xf32>' = 4 bytes

// -----

// Values in nested regions are named after their function, the op that holds
// them and their position among the function's compressed values, so names
// stay unique across loops (each loop has an iteration argument and a result).
!w = !compress.tensor<4x8xf32, #compress.uniform<bits = 8, scale = f32>>
// expected-remark @below {{total: 5 compressed values, 180 bytes, 9 bits per weight (640 bytes dense, 3.56x smaller)}}
module {
  // expected-remark @below {{'loops.arg0' '!compress.tensor<4x8xf32, #compress.uniform<bits = 8, scale = f32>>': 36 bytes, 9 bits per weight (128 bytes dense 'f32', 3.56x smaller)}}
  func.func @loops(%a: !w, %c0: index, %c1: index) {
    // expected-remark @below {{'loops.for.1' '!compress.tensor<4x8xf32, #compress.uniform<bits = 8, scale = f32>>': 36 bytes}}
    // expected-remark @below {{'loops.for.2' '!compress.tensor<4x8xf32, #compress.uniform<bits = 8, scale = f32>>': 36 bytes}}
    %r = scf.for %i = %c0 to %c1 step %c1 iter_args(%x = %a) -> (!w) {
      scf.yield %x : !w
    }
    // expected-remark @below {{'loops.for.3' '!compress.tensor<4x8xf32, #compress.uniform<bits = 8, scale = f32>>': 36 bytes}}
    // expected-remark @below {{'loops.for.4' '!compress.tensor<4x8xf32, #compress.uniform<bits = 8, scale = f32>>': 36 bytes}}
    %s = scf.for %i = %c0 to %c1 step %c1 iter_args(%x = %a) -> (!w) {
      scf.yield %x : !w
    }
    return
  }
}

// Run on each function (a nested pipeline), the pass names and totals that
// function's values.
// NESTED: remark: 'loops.arg0'
// NESTED: remark: 'loops.for.1'
// NESTED: remark: total: 5 compressed values
