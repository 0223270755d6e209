// RUN: compress-opt %s --split-input-file --compress-gpu-emulate --canonicalize | FileCheck %s

// A warp-per-output kernel on the host: loops over the blocks and threads,
// the lanes from 31 down to 0; the subgroup sum becomes a running value that
// lane 31 starts and each later lane adds to, so lane 0 (last) stores the
// warp's sum.
func.func @warp_sum(%x: memref<2x64xf32>, %y: memref<2xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0.0 : f32
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%lane, %warp, %tz) in (%sx = %c32, %sy = %c2, %sz = %c1) {
    %partial = scf.for %k = %lane to %c64 step %c32 iter_args(%acc = %zero) -> (f32) {
      %v = memref.load %x[%warp, %k] : memref<2x64xf32>
      %s = arith.addf %acc, %v : f32
      scf.yield %s : f32
    }
    %sum = gpu.subgroup_reduce add %partial uniform : (f32) -> f32
    %first = arith.cmpi eq, %lane, %c0 : index
    scf.if %first {
      memref.store %sum, %y[%warp] : memref<2xf32>
    }
    gpu.terminator
  }
  return
}

// CHECK-LABEL: func.func @warp_sum(
// CHECK-SAME:      %[[X:.*]]: memref<2x64xf32>, %[[Y:.*]]: memref<2xf32>)
// CHECK-DAG:     %[[C31:.*]] = arith.constant 31 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK:         %[[RUNNING:.*]] = memref.alloca() : memref<1xf32>
// CHECK:         scf.for %[[WARP:.*]] = %{{.*}} to %[[C2]]
// CHECK:           scf.for %[[STEP:.*]] = %{{.*}} to %[[C32]]
// CHECK:             %[[LANE:.*]] = arith.subi %[[C31]], %[[STEP]] : index
// CHECK:             %[[STARTS:.*]] = arith.cmpi eq, %[[LANE]], %[[C31]] : index
// CHECK:             %[[PARTIAL:.*]] = scf.for %{{.*}} = %[[LANE]] to
// CHECK:               memref.load %[[X]][%[[WARP]], %{{.*}}]
// CHECK:             %[[OLD:.*]] = memref.load %[[RUNNING]][%{{.*}}] : memref<1xf32>
// CHECK:             %[[ADDED:.*]] = arith.addf %[[OLD]], %[[PARTIAL]] : f32
// CHECK:             %[[NEW:.*]] = arith.select %[[STARTS]], %[[PARTIAL]], %[[ADDED]] : f32
// CHECK:             memref.store %[[NEW]], %[[RUNNING]][%{{.*}}] : memref<1xf32>
// CHECK:             %[[LANE0:.*]] = arith.cmpi eq, %[[LANE]], %{{.*}} : index
// CHECK:             scf.if %[[LANE0]] {
// CHECK:               memref.store %[[NEW]], %[[Y]][%[[WARP]]] : memref<2xf32>
// CHECK-NOT:     gpu.

// -----

// A thread-per-point kernel: each thread runs its body once; the guard
// keeps the last block's extra threads out.
func.func @elementwise(%x: memref<300xf32>, %y: memref<300xf32>) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c256 = arith.constant 256 : index
  %c300 = arith.constant 300 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c2, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c256, %sy = %c1, %sz = %c1) {
    %base = arith.muli %bx, %c256 : index
    %i = arith.addi %base, %tx : index
    %in = arith.cmpi ult, %i, %c300 : index
    scf.if %in {
      %v = memref.load %x[%i] : memref<300xf32>
      %w = arith.negf %v : f32
      memref.store %w, %y[%i] : memref<300xf32>
    }
    gpu.terminator
  }
  return
}

// CHECK-LABEL: func.func @elementwise(
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[C255:.*]] = arith.constant 255 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK:         scf.for %[[BX:.*]] = %{{.*}} to %[[C2]]
// CHECK:           scf.for %[[STEP:.*]] = %{{.*}} to %[[C256]]
// CHECK:             %[[TX:.*]] = arith.subi %[[C255]], %[[STEP]] : index
// CHECK:             %[[BASE:.*]] = arith.muli %[[BX]], %[[C256]] : index
// CHECK:             %[[I:.*]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK:             scf.if
// CHECK:               arith.negf
// CHECK-NOT:     gpu.
