// RUN: compress-opt %s --split-input-file --compress-print-sizes --verify-diagnostics -o /dev/null
// RUN: compress-opt %s --split-input-file --compress-print-sizes="storage=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=STORAGE

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

// STORAGE: 'unnamed.constant.0' {{.*}}; codes: 'tensor<64x32xi8>' = 2048 bytes; scales: 'tensor<64x2xf16>' = 256 bytes
// STORAGE: 'layers.0.wq' {{.*}}; indices: 'tensor<4x32xi8>' = 128 bytes; scales: 'tensor<4x1xf16>' = 8 bytes
