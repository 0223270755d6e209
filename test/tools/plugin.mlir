// Stock mlir-opt (Debian's /usr/lib/llvm-22/bin/mlir-opt) loads the dialect
// and the passes from CompressPlugin.so. Plugin passes are reachable only
// through --pass-pipeline (mlir-opt parses its flags before loading plugins).

// RUN: %mlir_opt %s --load-dialect-plugin=%compress_lib/CompressPlugin.so | FileCheck %s
// RUN: %mlir_opt %s --load-dialect-plugin=%compress_lib/CompressPlugin.so | %mlir_opt --load-dialect-plugin=%compress_lib/CompressPlugin.so | FileCheck %s
// RUN: %mlir_opt %s --load-dialect-plugin=%compress_lib/CompressPlugin.so --load-pass-plugin=%compress_lib/CompressPlugin.so --pass-pipeline='builtin.module(compress-print-sizes)' --verify-diagnostics -o /dev/null
// RUN: %mlir_opt %s --load-dialect-plugin=%compress_lib/CompressPlugin.so --canonicalize | FileCheck %s --check-prefix=FOLD
// RUN: not %mlir_opt %s 2>&1 | FileCheck %s --check-prefix=NOPLUGIN

!w = !compress.tensor<2x4xf32, #compress.uniform<bits = 4, block = [1, 4], scale = f32>>

// CHECK-LABEL: func.func @decode
// CHECK: %[[W:.*]] = compress.constant {codes = dense<{{\[\[}}33, 67], [-87, -53]]> : tensor<2x2xi8>, scales = dense<{{\[\[}}1.000000e+00], [5.000000e-01]]> : tensor<2x1xf32>} : !compress.tensor<2x4xf32, #compress.uniform<bits = 4, block = [1, 4], scale = f32>>
// CHECK: compress.decode %[[W]]
// The reference decoder runs inside mlir-opt: codes 1, 2, 3, 4 / -7, -6, -5, -4
// (0xA9 = 9 and 10 in signed 4 bits is -7 and -6), times 1 and 0.5.
// FOLD-LABEL: func.func @decode
// FOLD: arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00], [-3.500000e+00, -3.000000e+00, -2.500000e+00, -2.000000e+00]]> : tensor<2x4xf32>
// NOPLUGIN: error: {{.*}} type created with unregistered dialect
// expected-remark @below {{total: 1 compressed values, 12 bytes, 12 bits per weight (32 bytes dense, 2.67x smaller)}}
module {
func.func @decode() -> tensor<2x4xf32> {
  // expected-remark @below {{'decode.constant.0' '!compress.tensor<2x4xf32, #compress.uniform<bits = 4, block = [1, 4], scale = f32>>': 12 bytes, 12 bits per weight (32 bytes dense 'f32', 2.67x smaller)}}
  %w = compress.constant {codes = dense<[[0x21, 0x43], [0xA9, 0xCB]]> : tensor<2x2xi8>, scales = dense<[[1.0], [0.5]]> : tensor<2x1xf32>} : !w
  %d = compress.decode %w : !w -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}
}
