// RUN: compress-opt %s --split-input-file --compress-gpu-emulate --canonicalize | FileCheck %s

// A warp-per-output kernel on the host: loops over the blocks and warps;
// the lanes of a warp run in lockstep. The ops before the reduction run in
// one loop over the lanes, which keeps each lane's partial sum in a
// 32-element buffer; the reduction combines lanes 0 to 31 once per warp,
// and every lane sees the sum; the ops after it run in a second lane loop.
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
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK:         %[[PARTIALS:.*]] = memref.alloca() : memref<32xf32>
// CHECK:         scf.for %[[WARP:.*]] = %{{.*}} to %[[C2]]
// CHECK:           scf.for %[[LANE:.*]] = %[[C0]] to %[[C32]]
// CHECK:             %[[PARTIAL:.*]] = scf.for %{{.*}} = %[[LANE]] to
// CHECK:               memref.load %[[X]][%[[WARP]], %{{.*}}]
// CHECK:             memref.store %[[PARTIAL]], %[[PARTIALS]][%[[LANE]]] : memref<32xf32>
// CHECK:           %[[LANE0:.*]] = memref.load %[[PARTIALS]][%[[C0]]] : memref<32xf32>
// CHECK:           %[[SUM:.*]] = scf.for %[[OTHER:.*]] = %[[C1]] to %[[C32]] step %[[C1]] iter_args(%[[RUNNING:.*]] = %[[LANE0]]) -> (f32) {
// CHECK:             %[[NEXT:.*]] = memref.load %[[PARTIALS]][%[[OTHER]]] : memref<32xf32>
// CHECK:             %[[ADDED:.*]] = arith.addf %[[RUNNING]], %[[NEXT]] : f32
// CHECK:             scf.yield %[[ADDED]] : f32
// CHECK:           scf.for %[[LANE2:.*]] = %[[C0]] to %[[C32]]
// CHECK:             %[[IS0:.*]] = arith.cmpi eq, %[[LANE2]], %[[C0]] : index
// CHECK:             scf.if %[[IS0]] {
// CHECK:               memref.store %[[SUM]], %[[Y]][%[[WARP]]] : memref<2xf32>
// CHECK-NOT:     gpu.

// -----

// Every lane uses the warp's sum, as gpu.subgroup_reduce defines.
func.func @sum_in_every_lane(%y: memref<32xf32>) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%lane, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    %i = arith.index_cast %lane : index to i32
    %v = arith.sitofp %i : i32 to f32
    %sum = gpu.subgroup_reduce add %v uniform : (f32) -> f32
    %w = arith.addf %sum, %v : f32
    memref.store %w, %y[%lane] : memref<32xf32>
    gpu.terminator
  }
  return
}

// CHECK-LABEL: func.func @sum_in_every_lane(
// CHECK-SAME:      %[[Y:.*]]: memref<32xf32>)
// CHECK:         %[[VALUES:.*]] = memref.alloca() : memref<32xf32>
// CHECK:         scf.for %[[LANE:.*]] =
// CHECK:           %[[V:.*]] = arith.sitofp
// CHECK:           memref.store %[[V]], %[[VALUES]][%[[LANE]]]
// CHECK:         %[[SUM:.*]] = scf.for {{.*}} -> (f32) {
// CHECK:         scf.for %[[LANE2:.*]] =
// CHECK:           %[[OWN:.*]] = memref.load %[[VALUES]][%[[LANE2]]]
// CHECK:           %[[W:.*]] = arith.addf %[[SUM]], %[[OWN]] : f32
// CHECK:           memref.store %[[W]], %[[Y]][%[[LANE2]]]

// -----

// A thread-per-point kernel (no lanes meet, blocks of any width): each
// thread runs its body once; the guard keeps the last block's extra
// threads out.
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
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK:         scf.for %[[BX:.*]] = %{{.*}} to %[[C2]]
// CHECK:           scf.for %[[TX:.*]] = %{{.*}} to %[[C256]]
// CHECK:             %[[BASE:.*]] = arith.muli %[[BX]], %[[C256]] : index
// CHECK:             %[[I:.*]] = arith.addi %[[BASE]], %[[TX]] : index
// CHECK:             scf.if
// CHECK:               arith.negf
// CHECK-NOT:     gpu.

// -----

// An mma.sync in a warp-level loop: the accumulator lives in a 32-element
// buffer across iterations. Per mma, one lane loop writes each lane's A, B
// and C fragments into 16x16, 8x16 (n x k) and 16x8 f32 matrices at the
// coordinates of upstream's fragment layout, and a second computes each
// lane's part of D = A * B^T + C over the 16 values of k.
func.func @mma(%a: memref<2x32xvector<4x2xf16>>, %b: memref<2x32xvector<2x2xf16>>,
               %d: memref<32xvector<2x2xf32>>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%lane, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    %zero = arith.constant dense<0.0> : vector<2x2xf32>
    %sum = scf.for %k = %c0 to %c2 step %c1 iter_args(%acc = %zero) -> (vector<2x2xf32>) {
      %av = memref.load %a[%k, %lane] : memref<2x32xvector<4x2xf16>>
      %bv = memref.load %b[%k, %lane] : memref<2x32xvector<2x2xf16>>
      %next = nvgpu.mma.sync (%av, %bv, %acc) {mmaShape = [16, 8, 16]} : (vector<4x2xf16>, vector<2x2xf16>, vector<2x2xf32>) -> vector<2x2xf32>
      scf.yield %next : vector<2x2xf32>
    }
    memref.store %sum, %d[%lane] : memref<32xvector<2x2xf32>>
    gpu.terminator
  }
  return
}

// CHECK-LABEL: func.func @mma(
// CHECK-SAME:      %[[A:.*]]: memref<2x32xvector<4x2xf16>>, %[[B:.*]]: memref<2x32xvector<2x2xf16>>, %[[D:.*]]: memref<32xvector<2x2xf32>>)
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     %[[ACC:.*]] = memref.alloca() : memref<32xvector<2x2xf32>>
// CHECK-DAG:     %[[AF:.*]] = memref.alloca() : memref<32xvector<4x2xf16>>
// CHECK-DAG:     %[[BF:.*]] = memref.alloca() : memref<32xvector<2x2xf16>>
// CHECK-DAG:     %[[AM:.*]] = memref.alloca() : memref<16x16xf32>
// CHECK-DAG:     %[[BM:.*]] = memref.alloca() : memref<8x16xf32>
// CHECK-DAG:     %[[CM:.*]] = memref.alloca() : memref<16x8xf32>
// CHECK-DAG:     %[[DF:.*]] = memref.alloca() : memref<32xvector<2x2xf32>>
// CHECK:         scf.for %[[L0:.*]] =
// CHECK:           memref.store %{{.*}}, %[[ACC]][%[[L0]]]
// CHECK:         scf.for %[[K:.*]] =
// CHECK:           scf.for %[[L1:.*]] =
// CHECK:             memref.load %[[A]][%[[K]], %[[L1]]]
// CHECK:             memref.store %{{.*}}, %[[AF]][%[[L1]]]
// CHECK:             memref.load %[[B]][%[[K]], %[[L1]]]
// CHECK:             memref.store %{{.*}}, %[[BF]][%[[L1]]]
// CHECK:           scf.for %[[L2:.*]] =
// CHECK:             %[[AV:.*]] = memref.load %[[AF]][%[[L2]]]
// CHECK-COUNT-8:     memref.store %{{.*}}, %[[AM]][
// CHECK:             %[[BV:.*]] = memref.load %[[BF]][%[[L2]]]
// CHECK-COUNT-4:     memref.store %{{.*}}, %[[BM]][
// CHECK:             %[[CV:.*]] = memref.load %[[ACC]][%[[L2]]]
// CHECK-COUNT-4:     memref.store %{{.*}}, %[[CM]][
// CHECK:           scf.for %[[L3:.*]] =
// CHECK:             %[[C:.*]] = memref.load %[[CM]]
// CHECK:             scf.for %[[KK:.*]] = %{{.*}} to %[[C16]] {{.*}} iter_args(%[[S:.*]] = %[[C]]) -> (f32)
// CHECK:               %[[AE:.*]] = memref.load %[[AM]][%{{.*}}, %[[KK]]]
// CHECK:               %[[BE:.*]] = memref.load %[[BM]][%{{.*}}, %[[KK]]]
// CHECK:               %[[P:.*]] = arith.mulf %[[AE]], %[[BE]] : f32
// CHECK:               arith.addf %[[S]], %[[P]] : f32
// CHECK:             memref.store %{{.*}}, %[[DF]][%[[L3]]] : memref<32xvector<2x2xf32>>
// CHECK:           scf.for %[[L4:.*]] =
// CHECK:             %[[NEXT:.*]] = memref.load %[[DF]][%[[L4]]]
// CHECK:             memref.store %[[NEXT]], %[[ACC]][%[[L4]]]
// CHECK:         scf.for %[[L5:.*]] =
// CHECK:           %[[SUM:.*]] = memref.load %[[ACC]][%[[L5]]]
// CHECK:           memref.store %[[SUM]], %[[D]][%[[L5]]]
// CHECK-NOT:     nvgpu.

// -----

// An s8 mma.sync (m16n8k32): the fragments go into i32 matrices (A 16x32,
// B 8x32), extended with their sign, and D sums the 32 integer products
// of each element in i32.
func.func @mma_int8(%a: memref<32xvector<4x4xi8>>, %b: memref<32xvector<2x4xi8>>,
                    %d: memref<32xvector<2x2xi32>>) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%lane, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    %zero = arith.constant dense<0> : vector<2x2xi32>
    %av = memref.load %a[%lane] : memref<32xvector<4x4xi8>>
    %bv = memref.load %b[%lane] : memref<32xvector<2x4xi8>>
    %next = nvgpu.mma.sync (%av, %bv, %zero) {mmaShape = [16, 8, 32]} : (vector<4x4xi8>, vector<2x4xi8>, vector<2x2xi32>) -> vector<2x2xi32>
    memref.store %next, %d[%lane] : memref<32xvector<2x2xi32>>
    gpu.terminator
  }
  return
}

// CHECK-LABEL: func.func @mma_int8(
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[AM:.*]] = memref.alloca() : memref<16x32xi32>
// CHECK-DAG:     %[[BM:.*]] = memref.alloca() : memref<8x32xi32>
// CHECK-DAG:     %[[CM:.*]] = memref.alloca() : memref<16x8xi32>
// CHECK:         scf.for
// CHECK-COUNT-16:  arith.extsi %{{.*}} : i8 to i32
// CHECK-COUNT-8:   arith.extsi %{{.*}} : i8 to i32
// CHECK:         scf.for
// CHECK:           %[[C:.*]] = memref.load %[[CM]]
// CHECK:           scf.for %[[KK:.*]] = %{{.*}} to %[[C32]] {{.*}} iter_args(%[[S:.*]] = %[[C]]) -> (i32)
// CHECK:             %[[AE:.*]] = memref.load %[[AM]][%{{.*}}, %[[KK]]]
// CHECK:             %[[BE:.*]] = memref.load %[[BM]][%{{.*}}, %[[KK]]]
// CHECK:             %[[P:.*]] = arith.muli %[[AE]], %[[BE]] : i32
// CHECK:             arith.addi %[[S]], %[[P]] : i32
// CHECK-NOT:     nvgpu.

// -----

// nvvm.dot.accumulate.4way (dp4a) is a lane's own op: it becomes host
// arithmetic (the bytes extended with their sign, or without it for an
// unsigned operand, multiplied and summed with the accumulator) inside
// the lane loop.
func.func @dp4a(%a: memref<32xvector<4xi8>>, %b: memref<32xvector<4xi8>>,
                %c: memref<32xi32>, %d: memref<32xi32>) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%lane, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    %av = memref.load %a[%lane] : memref<32xvector<4xi8>>
    %bv = memref.load %b[%lane] : memref<32xvector<4xi8>>
    %cv = memref.load %c[%lane] : memref<32xi32>
    %r = nvvm.dot.accumulate.4way %av <signed>, %bv <unsigned>, %cv : vector<4xi8>, vector<4xi8>
    memref.store %r, %d[%lane] : memref<32xi32>
    gpu.terminator
  }
  return
}

// CHECK-LABEL: func.func @dp4a(
// CHECK-SAME:      %[[A:.*]]: memref<32xvector<4xi8>>, %[[B:.*]]: memref<32xvector<4xi8>>, %[[C:.*]]: memref<32xi32>, %[[D:.*]]: memref<32xi32>)
// CHECK:         scf.for %[[L:.*]] =
// CHECK:           %[[AV:.*]] = memref.load %[[A]][%[[L]]]
// CHECK:           %[[BV:.*]] = memref.load %[[B]][%[[L]]]
// CHECK:           %[[CV:.*]] = memref.load %[[C]][%[[L]]]
// CHECK:           %[[AW:.*]] = arith.extsi %[[AV]] : vector<4xi8> to vector<4xi32>
// CHECK:           %[[BW:.*]] = arith.extui %[[BV]] : vector<4xi8> to vector<4xi32>
// CHECK:           %[[P:.*]] = arith.muli %[[AW]], %[[BW]] : vector<4xi32>
// CHECK:           %[[S:.*]] = vector.reduction <add>, %[[P]], %[[CV]] : vector<4xi32> into i32
// CHECK:           memref.store %[[S]], %[[D]][%[[L]]]
// CHECK-NOT:     nvvm.

// -----

// mma.sp.sync: the kept values go into a 16x16 matrix and the metadata
// words of lanes 4i and 4i + 1 into a 16x2 i16 matrix; a dense 16x32 A is
// cleared, then each kept value c of row r is placed at K = 4 * (c / 2) +
// its 2-bit position; D sums over the 32 values of K.
func.func @mma_sparse(%a: memref<32xvector<4x2xf16>>, %b: memref<32xvector<4x2xf16>>,
                      %meta: memref<32xvector<2xi16>>, %d: memref<32xvector<2x2xf32>>) {
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%lane, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1) {
    %zero = arith.constant dense<0.0> : vector<2x2xf32>
    %av = memref.load %a[%lane] : memref<32xvector<4x2xf16>>
    %bv = memref.load %b[%lane] : memref<32xvector<4x2xf16>>
    %mv = memref.load %meta[%lane] : memref<32xvector<2xi16>>
    %r = nvgpu.mma.sp.sync (%av, %bv, %zero) metadata (%mv) {mmaShape = [16, 8, 32]} : (vector<4x2xf16>, vector<4x2xf16>, vector<2x2xf32>) -> vector<2x2xf32>
    memref.store %r, %d[%lane] : memref<32xvector<2x2xf32>>
    gpu.terminator
  }
  return
}

// CHECK-LABEL: func.func @mma_sparse(
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : i16
// CHECK-DAG:     %[[KEPT:.*]] = memref.alloca() : memref<16x16xf32>
// CHECK-DAG:     %[[BM:.*]] = memref.alloca() : memref<8x32xf32>
// CHECK-DAG:     %[[WORDS:.*]] = memref.alloca() : memref<16x2xi16>
// CHECK-DAG:     %[[DENSE:.*]] = memref.alloca() : memref<16x32xf32>
// CHECK:         scf.for %[[L:.*]] =
// CHECK-COUNT-8:   memref.store %{{.*}}, %[[KEPT]][
// CHECK-COUNT-8:   memref.store %{{.*}}, %[[BM]][
// CHECK:           %[[GIVES:.*]] = arith.cmpi ult, %{{.*}}, %{{.*}} : index
// CHECK:           scf.if %[[GIVES]] {
// CHECK:             memref.store %{{.*}}, %[[WORDS]][
// CHECK:             memref.store %{{.*}}, %[[WORDS]][
// CHECK:         scf.for %[[R:.*]] =
// CHECK:           scf.for %[[K:.*]] =
// CHECK:             memref.store %{{.*}}, %[[DENSE]][%[[R]], %[[K]]]
// CHECK:           scf.for %[[C:.*]] =
// CHECK:             %[[WORD:.*]] = memref.load %[[WORDS]][%[[R]],
// CHECK:             %[[SHIFTED:.*]] = arith.shrui %[[WORD]],
// CHECK:             %[[POSITION:.*]] = arith.andi %[[SHIFTED]], %[[C3]] : i16
// CHECK:             %[[VALUE:.*]] = memref.load %[[KEPT]][%[[R]], %[[C]]]
// CHECK:             memref.store %[[VALUE]], %[[DENSE]][%[[R]], %{{.*}}]
// CHECK:         scf.for %{{.*}} =
// CHECK:           scf.for %{{.*}} = %{{.*}} to %[[C32]] {{.*}} -> (f32)
// CHECK:             memref.load %[[DENSE]]
// CHECK:             memref.load %[[BM]]
// CHECK-NOT:     nvgpu.
