// RUN: compress-opt %s --split-input-file --convert-compress-to-linalg --canonicalize \
// RUN:   --compress-cpu-vectorize=min-threaded-work=0 | FileCheck %s
// By default ops under 65536 iterations stay on one thread (not the fused
// decode kernels):
// RUN: compress-opt %s --split-input-file --convert-compress-to-linalg --canonicalize \
// RUN:   --compress-cpu-vectorize | FileCheck %s --check-prefix=SMALL
// SMALL-LABEL: func.func @linear(
// SMALL-NOT:     scf.forall {{.*}} -> (tensor<4x2x2x64xf32>)
// SMALL:         scf.forall {{.*}} -> (tensor<4x64xf32>)
// SMALL-LABEL: func.func @silu(
// SMALL-NOT:     scf.forall
// SMALL:         math.exp %{{.*}} : vector<4xf32>

// A fused int4 kernel (groups of 128): threads share the output rows (n),
// each row is decoded 64 bytes at a time (one contiguous load, one scale),
// and the decoded row is reused by every activation row in the innermost
// loop.
!w = !compress.tensor<64x256xf32, #compress.uniform<bits = 4, block = [1, 128], scale = f16>>
func.func @linear(%x: tensor<4x256xf32>, %w: !w) -> tensor<4x64xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<4x256xf32>, !w -> tensor<4x64xf32>
  return %y : tensor<4x64xf32>
}

// CHECK-LABEL: func.func @linear(
// CHECK-SAME:      %[[X:.*]]: tensor<4x256xf32>, %[[CODES:.*]]: tensor<64x128xi8>, %[[SCALES:.*]]: tensor<64x2xf16>)
// The activations are deinterleaved (the transpose), the accumulator zeroed
// (the fill), each vectorized and shared by threads.
// CHECK:         scf.forall (%{{.*}}) in (4) shared_outs(%{{.*}}) -> (tensor<4x2x2x64xf32>)
// CHECK:           vector.transfer_read {{.*}} : tensor<1x1x16x1xf32>, vector<16xf32>
// CHECK:         scf.forall (%{{.*}}) in (4) shared_outs(%{{.*}}) -> (tensor<4x64xf32>)
// CHECK:           vector.transfer_write %{{.*}} : vector<16xf32>, tensor<1x16xf32>
// CHECK:         scf.forall (%[[N0:.*]]) = (0) to (64) step (8)
// CHECK:           scf.for %[[N:.*]] = %{{.*}} to %{{.*}} step
// CHECK:             scf.for %[[G:.*]] = %{{.*}} to %{{.*}} step
// CHECK:               %[[BYTES:.*]] = vector.transfer_read %[[CODES]][%{{.*}}, %{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<64x128xi8>, vector<64xi8>
// CHECK:               %[[SCALE:.*]] = vector.transfer_read %[[SCALES]][%{{.*}}, %{{.*}}], %{{.*}} : tensor<64x2xf16>, vector<f16>
// CHECK:               vector.broadcast %[[SCALE]] : vector<f16> to vector<64xf16>
// CHECK:               scf.for %[[P:.*]] = %{{.*}} to %{{.*}} step
// CHECK:                 arith.shli %{{.*}} : vector<64xi8>
// CHECK:                 arith.shrsi %{{.*}} : vector<64xi8>
// CHECK:                 arith.sitofp %{{.*}} : vector<64xi8> to vector<64xf32>
// CHECK:                 %[[W:.*]] = arith.mulf %{{.*}} fastmath<contract> : vector<64xf32>
// CHECK:                 scf.for %[[M:.*]] = %{{.*}} to %{{.*}} step
// CHECK:                   %[[XV:.*]] = vector.transfer_read %{{.*}} : tensor<1x1x1x64xf32>, vector<64xf32>
// CHECK:                   %[[PROD:.*]] = arith.mulf %[[XV]], %[[W]] fastmath<contract> : vector<64xf32>
// CHECK:                   vector.reduction <add>, %[[PROD]], %{{.*}} : vector<64xf32> into f32
// CHECK-NOT:     vector.gather
// CHECK:         return

// -----

// A dense elementwise op: threads share the rows, vectors run along the
// contiguous dimension.
func.func @silu(%x: tensor<32x172xf32>) -> tensor<32x172xf32> {
  %e = tensor.empty() : tensor<32x172xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<32x172xf32>) outs(%e : tensor<32x172xf32>) {
  ^bb0(%a: f32, %b: f32):
    %n = arith.negf %a : f32
    %ex = math.exp %n : f32
    %one = arith.constant 1.0 : f32
    %d = arith.addf %one, %ex : f32
    %s = arith.divf %a, %d : f32
    linalg.yield %s : f32
  } -> tensor<32x172xf32>
  return %y : tensor<32x172xf32>
}

// 172 = 4 * 43: the vector tile is the largest divisor of 172 up to 16.
// CHECK-LABEL: func.func @silu(
// CHECK:         scf.forall (%{{.*}}) = (0) to (32) step (4)
// CHECK:           scf.for
// CHECK:             scf.for %{{.*}} = %{{.*}} to %c172 step %c4
// CHECK:               vector.transfer_read {{.*}} : tensor<1x4xf32>, vector<4xf32>
// CHECK:               math.exp %{{.*}} : vector<4xf32>
// CHECK:               vector.transfer_write {{.*}} : vector<4xf32>, tensor<1x4xf32>

// -----

// A map that divides (`k floordiv 128`): a tile of k crossing a multiple of
// 128 would get a slice of one scale, so the op is not tiled (it becomes
// loops later).
#blocks = affine_map<(m, k) -> (m, k floordiv 128)>
#all = affine_map<(m, k) -> (m, k)>
// CHECK-LABEL: func.func @divided_map
// CHECK-NOT:     scf.forall
// CHECK-NOT:     vector.transfer_read
// CHECK:         linalg.generic
func.func @divided_map(%q: tensor<1x384xf32>, %s: tensor<1x3xf32>) -> tensor<1x384xf32> {
  %e = tensor.empty() : tensor<1x384xf32>
  %y = linalg.generic {indexing_maps = [#all, #blocks, #all], iterator_types = ["parallel", "parallel"]}
      ins(%q, %s : tensor<1x384xf32>, tensor<1x3xf32>) outs(%e : tensor<1x384xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<1x384xf32>
  return %y : tensor<1x384xf32>
}
