// A tensor with no elements prints as NumPy prints it: [].
// (The vectorizer leaves empty iteration spaces alone.)

// RUN: rm -rf %t && mkdir %t
// RUN: %python %S/Inputs/make_npy.py %t/e.npy 0x3 i4
// RUN: compress-run %s --input=@%t/e.npy > %t/e.txt
// RUN: %python %S/Inputs/check_print.py %t/e.txt "np.negative(a)" --bind a=%t/e.npy | FileCheck %s
// RUN: FileCheck %s --check-prefix=TEXT < %t/e.txt
// CHECK: ok: 1 results
// TEXT:      result #0: 0x3xi32
// TEXT-NEXT: {{^}}[]{{$}}

#map = affine_map<(i, j) -> (i, j)>
func.func @empty(%a: tensor<0x3xi32>) -> tensor<0x3xi32> {
  %zero = arith.constant 0 : i32
  %init = tensor.empty() : tensor<0x3xi32>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<0x3xi32>) outs(%init : tensor<0x3xi32>) {
  ^bb0(%x: i32, %o: i32):
    %y = arith.subi %zero, %x : i32
    linalg.yield %y : i32
  } -> tensor<0x3xi32>
  return %r : tensor<0x3xi32>
}
