// compress-run takes IR at any level: LLVM dialect (not lowered again),
// bytecode, and stdin.

// compress-run records each function's type before lowering it, so a module
// it lowered is run as its source is.
// RUN: rm -rf %t && mkdir %t
// RUN: compress-run %s --emit=mlir -o %t/lowered.mlir
// RUN: FileCheck %s --check-prefix=LOWERED < %t/lowered.mlir
// LOWERED-NOT: linalg.
// LOWERED-DAG: llvm.func @_mlir_ciface_scale_shift(
// LOWERED-DAG: llvm.func @scale_shift({{.*}}compress_run.function_type = (tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xi32>)

// RUN: compress-run %s --function=scale_shift --input=2x3xf32=[1,2,3,4,5,6] \
// RUN:   | FileCheck %s
// RUN: compress-run %t/lowered.mlir --function=scale_shift --input=2x3xf32=[1,2,3,4,5,6] \
// RUN:   | FileCheck %s
// RUN: compress-run %t/lowered.mlir --no-lower --function=scale_shift --input=2x3xf32=[1,2,3,4,5,6] \
// RUN:   | FileCheck %s
// CHECK:      result #0: 2x3xf32
// CHECK-NEXT: {{\[\[}} 2,  4,  6],
// CHECK-NEXT:  [ 8, 10, 12]]
// CHECK-NEXT: result #1: 2x3xi32
// CHECK-NEXT: {{\[\[}}1, 2, 3],
// CHECK-NEXT:  [4, 5, 6]]

// Its inputs are checked as the source's are.
// RUN: not compress-run %t/lowered.mlir --function=scale_shift --input=3x2xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RECORDED-SHAPE
// RECORDED-SHAPE: compress-run: error: input #0 ('3x2xf32=1') is 3x2xf32, but argument #0 of 'scale_shift' is 2x3xf32

// A module lowered elsewhere tells only ranks: the results' element types are
// given with --result-types, the inputs are checked for their ranks alone and
// the results' sizes are those the call returns.
// RUN: compress-opt %s --compress-to-llvm -o %t/opt-lowered.mlir
// RUN: compress-run %t/opt-lowered.mlir --function=scale_shift --result-types=f32,i32 \
// RUN:   --input=2x3xf32=[1,2,3,4,5,6] | FileCheck %s
// RUN: compress-run - --function=scale_shift --result-types=f32,i32 \
// RUN:   --input=2x3xf32=[1,2,3,4,5,6] < %t/opt-lowered.mlir | FileCheck %s
// RUN: compress-run %t/opt-lowered.mlir --function=scale --result-types=bf16 \
// RUN:   --input=2x3xbf16=[1,2,3,4,5,6] | FileCheck %s --check-prefix=SCALE
// SCALE:      result #0: 2x3xbf16
// SCALE-NEXT: {{\[\[}} 2,  4,  6],
// SCALE-NEXT:  [ 8, 10, 12]]

// Bytecode, from a file and from stdin.
// RUN: compress-opt %s --emit-bytecode -o %t/model.mlirbc
// RUN: compress-run %t/model.mlirbc --function=scale_shift --input=2x3xf32=[1,2,3,4,5,6] | FileCheck %s
// RUN: compress-run - --function=scale_shift --input=2x3xf32=[1,2,3,4,5,6] < %t/model.mlirbc | FileCheck %s

#map = affine_map<(i, j) -> (i, j)>
// (2 x, x truncated to an integer)
func.func @scale_shift(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xi32>) {
  %two = arith.constant 2.0 : f32
  %init = tensor.empty() : tensor<2x3xf32>
  %iinit = tensor.empty() : tensor<2x3xi32>
  %r:2 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x3xf32>) outs(%init, %iinit : tensor<2x3xf32>, tensor<2x3xi32>) {
  ^bb0(%v: f32, %o0: f32, %o1: i32):
    %scaled = arith.mulf %v, %two : f32
    %int = arith.fptosi %v : f32 to i32
    linalg.yield %scaled, %int : f32, i32
  } -> (tensor<2x3xf32>, tensor<2x3xi32>)
  return %r#0, %r#1 : tensor<2x3xf32>, tensor<2x3xi32>
}

func.func @scale(%x: tensor<2x3xbf16>) -> tensor<2x3xbf16> {
  %two = arith.constant 2.0 : bf16
  %init = tensor.empty() : tensor<2x3xbf16>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x3xbf16>) outs(%init : tensor<2x3xbf16>) {
  ^bb0(%v: bf16, %o: bf16):
    %scaled = arith.mulf %v, %two : bf16
    linalg.yield %scaled : bf16
  } -> tensor<2x3xbf16>
  return %r : tensor<2x3xbf16>
}
