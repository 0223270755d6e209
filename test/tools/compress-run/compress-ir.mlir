// compress IR runs as it is: compress-to-llvm lowers compress.constant and
// compress.matmul into fused decode kernels.

// Every code byte 0x11 holds two codes 1: row 0 of the weight is 0.5 then
// 0.25 (128 columns each), row 1 is 1 then 2; with inputs 1 the rows sum to
// 96 and 384.
// RUN: compress-run %s --input=4x256xf32=1 | FileCheck %s
// CHECK:      result #0: 4x2xf32
// CHECK-NEXT: {{\[\[}} 96, 384],
// CHECK-NEXT:  [ 96, 384],
// CHECK-NEXT:  [ 96, 384],
// CHECK-NEXT:  [ 96, 384]]

// Random inputs: the same results as the dense program that
// compress-decompress makes of the module (the reference decoder's weights).
// RUN: rm -rf %t && mkdir %t
// RUN: compress-opt %s --compress-decompress -o %t/dense.mlir
// RUN: %python %S/Inputs/make_npy.py %t/x.npy 4x256 f4 --uniform 0 1
// RUN: compress-run %s --input=@%t/x.npy --output=@%t/y.npy
// RUN: compress-run %t/dense.mlir --input=@%t/x.npy --output=@%t/y-dense.npy
// RUN: %python %S/Inputs/check_npy.py %t/y.npy "dense" --rtol 1e-5 dense=%t/y-dense.npy \
// RUN:   | FileCheck %s --check-prefix=DENSE
// DENSE: ok: y.npy: 4x2 float32

!w = !compress.tensor<2x256xf32, #compress.uniform<bits = 4, block = [1, 128], scale = f16>>
func.func @linear(%x: tensor<4x256xf32>) -> tensor<4x2xf32> {
  %w = compress.constant {codes = dense<17> : tensor<2x128xi8>,
                          scales = dense<[[0.5, 0.25], [1.0, 2.0]]> : tensor<2x2xf16>} : !w
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<4x256xf32>, !w -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}
