// A function with several results of different shapes and types: one
// --output per result, in order, or all of them printed in order.

// RUN: rm -rf %t && mkdir %t
// RUN: %python %S/Inputs/make_npy.py %t/a.npy 4x3 f4 --uniform 0 4 --seed 1
// RUN: %python %S/Inputs/make_npy.py %t/x.npy 3 f4 --uniform 0 1 --seed 2
// RUN: compress-run %s --input=@%t/a.npy --input=@%t/x.npy \
// RUN:   --output=@%t/ax.npy --output=@%t/at.npy --output=@%t/ai.npy | count 0
// RUN: %python %S/Inputs/check_npy.py %t/ax.npy "(a.astype(np.float64) @ x).astype(np.float32)" --rtol 1e-5 \
// RUN:   a=%t/a.npy x=%t/x.npy | FileCheck %s --check-prefix=AX
// RUN: %python %S/Inputs/check_npy.py %t/at.npy "a.T" --exact a=%t/a.npy | FileCheck %s --check-prefix=AT
// RUN: %python %S/Inputs/check_npy.py %t/ai.npy "a.astype(np.int8)" --exact a=%t/a.npy | FileCheck %s --check-prefix=AI
// AX: ok: ax.npy: 4 float32
// AT: ok: at.npy: 3x4 float32
// AI: ok: ai.npy: 4x3 int8

// RUN: compress-run %s --input="4x3xf32=[1,2,3, 4,5,6, 7,8,9, 10,11,12.5]" --input=3xf32=1 \
// RUN:   | FileCheck %s
// CHECK:      result #0: 4xf32
// CHECK-NEXT: [   6,   15,   24, 33.5]
// CHECK-NEXT: result #1: 3x4xf32
// CHECK-NEXT: {{\[\[}}   1,    4,    7,   10],
// CHECK-NEXT:  [   2,    5,    8,   11],
// CHECK-NEXT:  [   3,    6,    9, 12.5]]
// CHECK-NEXT: result #2: 4x3xi8
// CHECK-NEXT: {{\[\[}} 1,  2,  3],
// CHECK-NEXT:  [ 4,  5,  6],
// CHECK-NEXT:  [ 7,  8,  9],
// CHECK-NEXT:  [10, 11, 12]]

#map = affine_map<(i, j) -> (i, j)>
func.func @three(%a: tensor<4x3xf32>, %x: tensor<3xf32>)
    -> (tensor<4xf32>, tensor<3x4xf32>, tensor<4x3xi8>) {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<4xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %ax = linalg.matvec ins(%a, %x : tensor<4x3xf32>, tensor<3xf32>)
                      outs(%acc : tensor<4xf32>) -> tensor<4xf32>
  %tinit = tensor.empty() : tensor<3x4xf32>
  %at = linalg.transpose ins(%a : tensor<4x3xf32>) outs(%tinit : tensor<3x4xf32>) permutation = [1, 0]
  %iinit = tensor.empty() : tensor<4x3xi8>
  %ai = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<4x3xf32>) outs(%iinit : tensor<4x3xi8>) {
  ^bb0(%v: f32, %o: i8):
    %i = arith.fptosi %v : f32 to i8
    linalg.yield %i : i8
  } -> tensor<4x3xi8>
  return %ax, %at, %ai : tensor<4xf32>, tensor<3x4xf32>, tensor<4x3xi8>
}
