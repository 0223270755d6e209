// Results are printed as numpy.array2string(value, separator=', ') prints
// them, checked against NumPy itself for integers (floats in dtypes.mlir):
// right-aligned columns, rows wrapped at 75 columns, blank lines between
// blocks of rank 3, and the middle of each dimension longer than 6 elided as
// "..." in tensors of more than 1000 elements.

// RUN: rm -rf %t && mkdir %t
// RUN: %python %S/Inputs/make_npy.py %t/a2.npy 40x50 i4 --seed 1
// RUN: %python %S/Inputs/make_npy.py %t/a1.npy 30 i8 --seed 2
// RUN: %python %S/Inputs/make_npy.py %t/a3.npy 2x3x12 i2 --seed 3
// RUN: %python %S/Inputs/make_npy.py %t/b3.npy 11x11x11 i1 --seed 4
// RUN: %python %S/Inputs/make_npy.py %t/b1.npy 1001 i4 --seed 5
// RUN: %python %S/Inputs/make_npy.py %t/c1.npy 1000 i4 --seed 6

// RUN: compress-run %s --function=neg2 --input=@%t/a2.npy > %t/a2.txt
// RUN: %python %S/Inputs/check_print.py %t/a2.txt "np.negative(a)" --bind a=%t/a2.npy | FileCheck %s
// RUN: compress-run %s --function=neg1 --input=@%t/a1.npy > %t/a1.txt
// RUN: %python %S/Inputs/check_print.py %t/a1.txt "np.negative(a)" --bind a=%t/a1.npy | FileCheck %s
// RUN: compress-run %s --function=neg3 --input=@%t/a3.npy > %t/a3.txt
// RUN: %python %S/Inputs/check_print.py %t/a3.txt "np.negative(a)" --bind a=%t/a3.npy | FileCheck %s
// RUN: compress-run %s --function=neg3big --input=@%t/b3.npy > %t/b3.txt
// RUN: %python %S/Inputs/check_print.py %t/b3.txt "np.negative(a)" --bind a=%t/b3.npy | FileCheck %s
// RUN: compress-run %s --function=neg1big --input=@%t/b1.npy > %t/b1.txt
// RUN: %python %S/Inputs/check_print.py %t/b1.txt "np.negative(a)" --bind a=%t/b1.npy | FileCheck %s
// RUN: compress-run %s --function=neg1000 --input=@%t/c1.npy > %t/c1.txt
// RUN: %python %S/Inputs/check_print.py %t/c1.txt "np.negative(a)" --bind a=%t/c1.npy | FileCheck %s
// CHECK: ok: 1 results

// Several results are printed in order.
// RUN: compress-run %s --function=split --input=@%t/a1.npy > %t/split.txt
// RUN: %python %S/Inputs/check_print.py %t/split.txt "np.negative(a)" "a * 2" --bind a=%t/a1.npy \
// RUN:   | FileCheck %s --check-prefix=SPLIT
// SPLIT: ok: 2 results

// A 1000-element tensor is printed whole, 1001 elements are elided.
// RUN: FileCheck %s --check-prefix=ELIDED < %t/b1.txt
// ELIDED: result #0: 1001xi32
// ELIDED-NEXT: {{^}}[{{.*}}, ..., 
// RUN: FileCheck %s --check-prefix=WHOLE < %t/c1.txt
// WHOLE-NOT: ...

// Rank 0: the value alone, from a literal or a .npy file.
// RUN: compress-run %s --function=neg0 --input=f32=2.5 | FileCheck %s --check-prefix=RANK0
// RUN: %python -c "import numpy; numpy.save('%t/r0.npy', numpy.array(2.5, numpy.float32))"
// RUN: compress-run %s --function=neg0 --input=@%t/r0.npy | FileCheck %s --check-prefix=RANK0
// RANK0:      result #0: f32
// RANK0-NEXT: {{^}}-2.5{{$}}

#map1 = affine_map<(i) -> (i)>
#map2 = affine_map<(i, j) -> (i, j)>
#map3 = affine_map<(i, j, k) -> (i, j, k)>

func.func @neg2(%a: tensor<40x50xi32>) -> tensor<40x50xi32> {
  %zero = arith.constant 0 : i32
  %init = tensor.empty() : tensor<40x50xi32>
  %r = linalg.generic {indexing_maps = [#map2, #map2], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<40x50xi32>) outs(%init : tensor<40x50xi32>) {
  ^bb0(%x: i32, %o: i32):
    %y = arith.subi %zero, %x : i32
    linalg.yield %y : i32
  } -> tensor<40x50xi32>
  return %r : tensor<40x50xi32>
}

func.func @neg1(%a: tensor<30xi64>) -> tensor<30xi64> {
  %zero = arith.constant 0 : i64
  %init = tensor.empty() : tensor<30xi64>
  %r = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel"]}
      ins(%a : tensor<30xi64>) outs(%init : tensor<30xi64>) {
  ^bb0(%x: i64, %o: i64):
    %y = arith.subi %zero, %x : i64
    linalg.yield %y : i64
  } -> tensor<30xi64>
  return %r : tensor<30xi64>
}

func.func @neg3(%a: tensor<2x3x12xi16>) -> tensor<2x3x12xi16> {
  %zero = arith.constant 0 : i16
  %init = tensor.empty() : tensor<2x3x12xi16>
  %r = linalg.generic {indexing_maps = [#map3, #map3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%a : tensor<2x3x12xi16>) outs(%init : tensor<2x3x12xi16>) {
  ^bb0(%x: i16, %o: i16):
    %y = arith.subi %zero, %x : i16
    linalg.yield %y : i16
  } -> tensor<2x3x12xi16>
  return %r : tensor<2x3x12xi16>
}

func.func @neg3big(%a: tensor<11x11x11xi8>) -> tensor<11x11x11xi8> {
  %zero = arith.constant 0 : i8
  %init = tensor.empty() : tensor<11x11x11xi8>
  %r = linalg.generic {indexing_maps = [#map3, #map3], iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%a : tensor<11x11x11xi8>) outs(%init : tensor<11x11x11xi8>) {
  ^bb0(%x: i8, %o: i8):
    %y = arith.subi %zero, %x : i8
    linalg.yield %y : i8
  } -> tensor<11x11x11xi8>
  return %r : tensor<11x11x11xi8>
}

func.func @neg1big(%a: tensor<1001xi32>) -> tensor<1001xi32> {
  %zero = arith.constant 0 : i32
  %init = tensor.empty() : tensor<1001xi32>
  %r = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel"]}
      ins(%a : tensor<1001xi32>) outs(%init : tensor<1001xi32>) {
  ^bb0(%x: i32, %o: i32):
    %y = arith.subi %zero, %x : i32
    linalg.yield %y : i32
  } -> tensor<1001xi32>
  return %r : tensor<1001xi32>
}

func.func @neg1000(%a: tensor<1000xi32>) -> tensor<1000xi32> {
  %zero = arith.constant 0 : i32
  %init = tensor.empty() : tensor<1000xi32>
  %r = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel"]}
      ins(%a : tensor<1000xi32>) outs(%init : tensor<1000xi32>) {
  ^bb0(%x: i32, %o: i32):
    %y = arith.subi %zero, %x : i32
    linalg.yield %y : i32
  } -> tensor<1000xi32>
  return %r : tensor<1000xi32>
}

func.func @split(%a: tensor<30xi64>) -> (tensor<30xi64>, tensor<30xi64>) {
  %zero = arith.constant 0 : i64
  %two = arith.constant 2 : i64
  %init = tensor.empty() : tensor<30xi64>
  %r:2 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel"]}
      ins(%a : tensor<30xi64>) outs(%init, %init : tensor<30xi64>, tensor<30xi64>) {
  ^bb0(%x: i64, %o0: i64, %o1: i64):
    %y = arith.subi %zero, %x : i64
    %z = arith.muli %x, %two : i64
    linalg.yield %y, %z : i64, i64
  } -> (tensor<30xi64>, tensor<30xi64>)
  return %r#0, %r#1 : tensor<30xi64>, tensor<30xi64>
}

func.func @neg0(%a: tensor<f32>) -> tensor<f32> {
  %init = tensor.empty() : tensor<f32>
  %r = linalg.generic {indexing_maps = [affine_map<() -> ()>, affine_map<() -> ()>], iterator_types = []}
      ins(%a : tensor<f32>) outs(%init : tensor<f32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.negf %x : f32
    linalg.yield %y : f32
  } -> tensor<f32>
  return %r : tensor<f32>
}
