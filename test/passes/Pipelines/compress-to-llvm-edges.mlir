// RUN: compress-opt %s --split-input-file --compress-to-llvm | FileCheck %s \
// RUN:   --implicit-check-not=unrealized_conversion_cast --implicit-check-not=bufferization.
// RUN: compress-run %s --function=lookup --input=5x3xf32=[0,1,2,10,11,12,20,21,22,30,31,32,40,41,42] \
// RUN:   --input=2x1xi64=[3,1] | FileCheck %s --check-prefix=LOOKUP

// A function that returns a constant: the clone the deallocation pipeline
// makes of the global is lowered (it was left as an unrealized cast).
func.func @weights() -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  return %w : tensor<2x2xf32>
}

// CHECK-LABEL: llvm.func @weights(
// CHECK:         llvm.call @malloc
// CHECK:         llvm.return

// -----

// A dense embedding lookup with tensor.gather lowers (through
// compress-gather-to-linalg) and returns the rows.
func.func @lookup(%table: tensor<5x3xf32>, %ids: tensor<2x1xi64>) -> tensor<2x3xf32> {
  %rows = tensor.gather %table[%ids] gather_dims([0]) : (tensor<5x3xf32>, tensor<2x1xi64>) -> tensor<2x3xf32>
  return %rows : tensor<2x3xf32>
}

// CHECK-LABEL: llvm.func @lookup(
// CHECK:         llvm.return

// LOOKUP:      result #0: 2x3xf32
// LOOKUP-NEXT: {{\[\[}}30, 31, 32],
// LOOKUP-NEXT:  [10, 11, 12]]
