// RUN: compress-opt %s --split-input-file --compress-gpu-emulate --verify-diagnostics

// A loop where lanes meet whose bounds depend on the lane: the lanes would
// leave it at different times.
func.func @varying_loop(%y: memref<32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %one = arith.constant 1.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%lane, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    // expected-error @below {{compress-gpu-emulate: a loop holding ops where lanes meet must have the same bounds in every lane}}
    scf.for %i = %c0 to %lane step %c1 {
      %sum = gpu.subgroup_reduce add %one uniform : (f32) -> f32
      memref.store %sum, %y[%lane] : memref<32xf32>
    }
    gpu.terminator
  }
  return
}

// -----

// A condition that differs between lanes around a reduction.
func.func @varying_if(%y: memref<32xf32>) {
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c32 = arith.constant 32 : index
  %one = arith.constant 1.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%lane, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    %low = arith.cmpi ult, %lane, %c16 : index
    // expected-error @below {{compress-gpu-emulate: an scf.if holding ops where lanes meet must have the same condition in every lane}}
    scf.if %low {
      %sum = gpu.subgroup_reduce add %one uniform : (f32) -> f32
      memref.store %sum, %y[%lane] : memref<32xf32>
    }
    gpu.terminator
  }
  return
}

// -----

// A reduction over clusters of lanes, which the emulation does not split.
func.func @cluster(%y: memref<32xf32>) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %one = arith.constant 1.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%lane, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    // expected-error @below {{compress-gpu-emulate: a gpu.subgroup_reduce runs on the host only over whole warps, in blocks of 32 lanes in x}}
    %sum = gpu.subgroup_reduce add %one cluster(size = 8) : (f32) -> f32
    memref.store %sum, %y[%lane] : memref<32xf32>
    gpu.terminator
  }
  return
}

// -----

// An s4 mma.sync: only the f16 and s8 shapes the kernels use are emulated.
func.func @int4_mma(%y: memref<32xvector<2x2xi32>>, %a: vector<4x8xi4>, %b: vector<2x8xi4>, %c: vector<2x2xi32>) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%lane, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    // expected-error @below {{compress-gpu-emulate: an nvgpu.mma.sync runs on the host only as m16n8k16 with f16 inputs and f32 accumulators or m16n8k32 with i8 inputs and i32 accumulators, in blocks of 32 lanes in x}}
    %d = nvgpu.mma.sync (%a, %b, %c) {mmaShape = [16, 8, 64]} : (vector<4x8xi4>, vector<2x8xi4>, vector<2x2xi32>) -> vector<2x2xi32>
    memref.store %d, %y[%lane] : memref<32xvector<2x2xi32>>
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
    // expected-error @below {{compress-gpu-emulate: a gpu.subgroup_reduce runs on the host only over whole warps, in blocks of 32 lanes in x}}
    %sum = gpu.subgroup_reduce add %one uniform : (f32) -> f32
    %first = arith.cmpi eq, %lane, %c0 : index
    scf.if %first {
      memref.store %sum, %y[%c0] : memref<1xf32>
    }
    gpu.terminator
  }
  return
}

// -----

// mma.sp.sync with sparsity selector 1 (lanes 4i + 2 and 4i + 3 give the
// metadata): not emulated.
func.func @sparse_selector(%y: memref<32xvector<2x2xf32>>, %a: vector<4x2xf16>, %b: vector<4x2xf16>, %c: vector<2x2xf32>, %m: vector<2xi16>) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%lane, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    // expected-error @below {{compress-gpu-emulate: an nvgpu.mma.sp.sync runs on the host only as m16n8k32 with f16 inputs, f32 accumulators and sparsity selector 0, in blocks of 32 lanes in x}}
    %d = nvgpu.mma.sp.sync (%a, %b, %c) metadata (%m) {mmaShape = [16, 8, 32], sparsitySelector = 1 : i32} : (vector<4x2xf16>, vector<4x2xf16>, vector<2x2xf32>) -> vector<2x2xf32>
    memref.store %d, %y[%lane] : memref<32xvector<2x2xf32>>
    gpu.terminator
  }
  return
}
