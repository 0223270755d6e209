// RUN: compress-opt %s --split-input-file --compress-to-llvm \
// RUN:   | FileCheck %s --implicit-check-not=alloca --implicit-check-not=" vector."

// A row reduction over 65536 rows: its 2-D transfers are unrolled into 1-D
// loads, not lowered through a stack temporary inside the loop (which
// overflowed the 8 MiB stack).
// CHECK-LABEL: llvm.func @rms(
// CHECK:         llvm.load %{{.*}} : !llvm.ptr -> vector<64xf32>
// CHECK:         "llvm.intr.vector.reduce.fadd"
func.func @rms(%x: tensor<65536x64xf32>) -> tensor<65536xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<65536xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<65536xf32>) -> tensor<65536xf32>
  %ss = linalg.generic {indexing_maps = [affine_map<(t, d) -> (t, d)>, affine_map<(t, d) -> (t)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<65536x64xf32>) outs(%z : tensor<65536xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %sq = arith.mulf %a, %a : f32
    %sum = arith.addf %acc, %sq : f32
    linalg.yield %sum : f32
  } -> tensor<65536xf32>
  return %ss : tensor<65536xf32>
}

// -----

// The rotary embedding of q on strided slices of (even, odd) pairs: its 0-d
// transfers become scalar loads and stores.
// CHECK-LABEL: llvm.func @rope_heads(
// CHECK:         llvm.return
func.func @rope_heads(%q: tensor<7x64xf32>, %cos: tensor<7x4xf32>, %sin: tensor<7x4xf32>) -> tensor<4x14x8xf32> {
  %c0 = arith.constant 0 : index
  %e = tensor.empty() : tensor<7x8x4x2xf32>
  %pairs = tensor.expand_shape %q [[0], [1, 2, 3]] output_shape [7, 8, 4, 2] : tensor<7x64xf32> into tensor<7x8x4x2xf32>
  %even = tensor.extract_slice %pairs[0, 0, 0, 0] [7, 8, 4, 1] [1, 1, 1, 1] : tensor<7x8x4x2xf32> to tensor<7x8x4xf32>
  %odd = tensor.extract_slice %pairs[0, 0, 0, 1] [7, 8, 4, 1] [1, 1, 1, 1] : tensor<7x8x4x2xf32> to tensor<7x8x4xf32>
  %rot = linalg.generic {indexing_maps = [affine_map<(t, h, i, j) -> (t, h, i)>, affine_map<(t, h, i, j) -> (t, h, i)>, affine_map<(t, h, i, j) -> (t, i)>, affine_map<(t, h, i, j) -> (t, i)>, affine_map<(t, h, i, j) -> (t, h, i, j)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%even, %odd, %cos, %sin : tensor<7x8x4xf32>, tensor<7x8x4xf32>, tensor<7x4xf32>, tensor<7x4xf32>) outs(%e : tensor<7x8x4x2xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32, %s: f32, %o: f32):
    %j = linalg.index 3 : index
    %first = arith.cmpi eq, %j, %c0 : index
    %ac = arith.mulf %a, %c : f32
    %bs = arith.mulf %b, %s : f32
    %re = arith.subf %ac, %bs : f32
    %as = arith.mulf %a, %s : f32
    %bc = arith.mulf %b, %c : f32
    %im = arith.addf %as, %bc : f32
    %y = arith.select %first, %re, %im : f32
    linalg.yield %y : f32
  } -> tensor<7x8x4x2xf32>
  %qr = tensor.collapse_shape %rot [[0], [1, 2, 3]] : tensor<7x8x4x2xf32> into tensor<7x64xf32>
  %heads = tensor.expand_shape %qr [[0], [1, 2, 3]] output_shape [7, 4, 2, 8] : tensor<7x64xf32> into tensor<7x4x2x8xf32>
  %et = tensor.empty() : tensor<4x2x7x8xf32>
  %t = linalg.transpose ins(%heads : tensor<7x4x2x8xf32>) outs(%et : tensor<4x2x7x8xf32>) permutation = [1, 2, 0, 3]
  %g = tensor.collapse_shape %t [[0], [1, 2], [3]] : tensor<4x2x7x8xf32> into tensor<4x14x8xf32>
  return %g : tensor<4x14x8xf32>
}
