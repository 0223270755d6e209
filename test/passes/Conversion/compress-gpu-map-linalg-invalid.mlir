// RUN: compress-opt %s --split-input-file --compress-gpu-map-linalg --verify-diagnostics

func.func @host_needs_the_value(%a: memref<4xindex>) -> index {
  %c0 = arith.constant 0 : index
  // expected-error @below {{compress-gpu-map-linalg: 'memref.load' reads or writes memory and its results are used on the host; only ops without used results can run in a GPU kernel}}
  %v = memref.load %a[%c0] : memref<4xindex>
  return %v : index
}

// -----

func.func @tensors(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{compress-gpu-map-linalg: expected a linalg.generic on memrefs (run after bufferization)}}
  %r = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%y : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}
