// compress-run lowers a func + linalg module with compress-to-llvm,
// JIT-compiles it and calls a function with splat, literal and .npy inputs.

// Splat and literal inputs, printed: w x is 96 * 0.25 * 2 = 48 in every row.
// RUN: compress-run %s --function=mlp --input=5x96xf32=0.25 --input=96xf32=2 \
// RUN:   --input="5xf32=[-50, -48, 0, 0.5, 1e3]" | FileCheck %s --check-prefix=SPLAT
// SPLAT:      result #0: 5xf32
// SPLAT-NEXT: [   0,    0,   48, 48.5, 1048]
// SPLAT-NOT:  {{.}}

// The module's only public function is the default.
// RUN: compress-run %s --input=5x96xf32=0.25 --input=96xf32=2 \
// RUN:   --input="5xf32=[-50, -48, 0, 0.5, 1e3]" | FileCheck %s --check-prefix=SPLAT

// .npy inputs of multiples of 1/8 (every sum exact, whatever the order):
// the result is exactly NumPy's, relu clamping included.
// RUN: rm -rf %t && mkdir %t
// RUN: %python %S/Inputs/make_npy.py %t/w8.npy 5x96 f4 --uniform -1 1 --steps 8 --seed 1
// RUN: %python %S/Inputs/make_npy.py %t/x8.npy 96 f4 --uniform -4 4 --steps 1 --seed 2
// RUN: %python %S/Inputs/make_npy.py %t/b8.npy 5 f4 --uniform -8 8 --steps 8 --seed 3
// RUN: compress-run %s --input=@%t/w8.npy --input=@%t/x8.npy --input=@%t/b8.npy \
// RUN:   --output=@%t/y8.npy | count 0
// RUN: %python %S/Inputs/check_npy.py %t/y8.npy "np.maximum(w @ x + b, 0)" --exact \
// RUN:   w=%t/w8.npy x=%t/x8.npy b=%t/b8.npy | FileCheck %s --check-prefix=EXACT
// EXACT: ok: y8.npy: 5 float32, max relative error 0

// Random positive inputs (no cancellation): within 1e-5 of the float64 result.
// RUN: %python %S/Inputs/make_npy.py %t/w.npy 5x96 f4 --uniform 0 1 --seed 4
// RUN: %python %S/Inputs/make_npy.py %t/x.npy 96 f4 --uniform 0 1 --seed 5
// RUN: %python %S/Inputs/make_npy.py %t/b.npy 5 f4 --uniform 0 1 --seed 6
// RUN: compress-run %s --input=@%t/w.npy --input=@%t/x.npy --input=@%t/b.npy --output=@%t/y.npy
// RUN: %python %S/Inputs/check_npy.py %t/y.npy \
// RUN:   "np.maximum(w.astype(np.float64) @ x + b, 0).astype(np.float32)" --rtol 1e-5 \
// RUN:   w=%t/w.npy x=%t/x.npy b=%t/b.npy | FileCheck %s --check-prefix=CLOSE
// CLOSE: ok: y.npy: 5 float32

// The same with the pipeline's options changed: scalar loops, 2 threads,
// other tiles, and a baseline CPU recorded on the functions.
// RUN: compress-run %s --input=@%t/w.npy --input=@%t/x.npy --input=@%t/b.npy --output=@%t/y-scalar.npy \
// RUN:   --vectorize=false --num-threads=2
// RUN: %python %S/Inputs/check_npy.py %t/y-scalar.npy \
// RUN:   "np.maximum(w.astype(np.float64) @ x + b, 0).astype(np.float32)" --rtol 1e-5 \
// RUN:   w=%t/w.npy x=%t/x.npy b=%t/b.npy | FileCheck %s --check-prefix=CLOSE-SCALAR
// CLOSE-SCALAR: ok: y-scalar.npy: 5 float32
// RUN: compress-run %s --input=@%t/w.npy --input=@%t/x.npy --input=@%t/b.npy --output=@%t/y-tiles.npy \
// RUN:   --thread-tile=0,4 --vector-tile=8 --reduction-tile=32 --cpu=x86-64 --features=+sse2
// RUN: %python %S/Inputs/check_npy.py %t/y-tiles.npy \
// RUN:   "np.maximum(w.astype(np.float64) @ x + b, 0).astype(np.float32)" --rtol 1e-5 \
// RUN:   w=%t/w.npy x=%t/x.npy b=%t/b.npy | FileCheck %s --check-prefix=CLOSE-TILES
// CLOSE-TILES: ok: y-tiles.npy: 5 float32

// The flags reach the pipeline: the lowered module records them.
// RUN: compress-run %s --emit=mlir --num-threads=3 --cpu=x86-64 --features=+sse2 \
// RUN:   --thread-tile=1 | FileCheck %s --check-prefix=OPTIONS
// OPTIONS-DAG: llvm.func @_mlir_ciface_mlp(
// OPTIONS-DAG: target_cpu = "x86-64"
// OPTIONS-DAG: target_features = #llvm.target_features<["+sse2"]>
// OPTIONS-DAG: omp.parallel num_threads(

#map = affine_map<(i) -> (i)>
func.func @mlp(%w: tensor<5x96xf32>, %x: tensor<96xf32>, %b: tensor<5xf32>) -> tensor<5xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<5xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<5xf32>) -> tensor<5xf32>
  %wx = linalg.matvec ins(%w, %x : tensor<5x96xf32>, tensor<96xf32>)
                      outs(%acc : tensor<5xf32>) -> tensor<5xf32>
  %y = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel"]}
      ins(%wx, %b : tensor<5xf32>, tensor<5xf32>) outs(%init : tensor<5xf32>) {
  ^bb0(%v: f32, %bias: f32, %out: f32):
    %sum = arith.addf %v, %bias : f32
    %relu = arith.maximumf %sum, %zero : f32
    linalg.yield %relu : f32
  } -> tensor<5xf32>
  return %y : tensor<5xf32>
}

// Private functions are not entry points (nor checked for tensor types).
func.func private @helper(%x: f32) -> f32 {
  return %x : f32
}
