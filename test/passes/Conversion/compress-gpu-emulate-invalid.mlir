// RUN: compress-opt %s --split-input-file --compress-gpu-emulate --verify-diagnostics

// Every lane uses the warp's sum: the running value would be partial for
// all but lane 0.
func.func @sum_used_by_every_lane(%y: memref<32xf32>) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %one = arith.constant 1.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%lane, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    // expected-error @below {{compress-gpu-emulate: a gpu.subgroup_reduce runs on the host only in blocks of 32 lanes in x, with its result used in lane 0 alone}}
    %sum = gpu.subgroup_reduce add %one uniform : (f32) -> f32
    memref.store %sum, %y[%lane] : memref<32xf32>
    gpu.terminator
  }
  return
}

// -----

// Lanes that meet other than through a subgroup reduction.
func.func @barrier(%y: memref<64xf32>) {
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1) {
    // expected-error @below {{compress-gpu-emulate: 'gpu.barrier' has no host emulation}}
    gpu.barrier
    gpu.terminator
  }
  return
}

// -----

// A subgroup reduction in blocks whose x size is not one warp.
func.func @wide_blocks(%y: memref<1xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %one = arith.constant 1.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%lane, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1) {
    // expected-error @below {{compress-gpu-emulate: a gpu.subgroup_reduce runs on the host only in blocks of 32 lanes in x}}
    %sum = gpu.subgroup_reduce add %one uniform : (f32) -> f32
    %first = arith.cmpi eq, %lane, %c0 : index
    scf.if %first {
      memref.store %sum, %y[%c0] : memref<1xf32>
    }
    gpu.terminator
  }
  return
}
