// RUN: compress-opt %s --split-input-file --compress-gpu-map-linalg --canonicalize --cse \
// RUN:   | FileCheck %s

// A matmul reduction (the shape convert-compress-to-linalg gives, here on a
// plain f16 weight): one warp per output element (4 warps of 32 lanes per
// block, 3 x 5 = 15 outputs: 4 blocks). Each lane takes chunks of 8
// consecutive values of the innermost reduction loop (16 bytes of f16
// weight), so the lanes stride over the 8 x 2 chunks (lane, lane + 32, ...)
// reading each chunk of weight and activations with one aligned vector
// load, and run the body once per value. Then one gpu.subgroup_reduce, and
// lane 0 adds the sum to the output it loads.
#x = affine_map<(m, n, g, j) -> (m, g, j)>
#w = affine_map<(m, n, g, j) -> (n, g, j)>
#y = affine_map<(m, n, g, j) -> (m, n)>
func.func @matmul(%x: memref<3x8x16xf32>, %w: memref<5x8x16xf16>, %y: memref<3x5xf32>) {
  linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%x, %w : memref<3x8x16xf32>, memref<5x8x16xf16>) outs(%y : memref<3x5xf32>) {
  ^bb0(%a: f32, %b: f16, %acc: f32):
    %e = arith.extf %b : f16 to f32
    %p = arith.mulf %a, %e : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// CHECK-LABEL: func.func @matmul(
// CHECK-SAME:      %[[X:.*]]: memref<3x8x16xf32>, %[[W:.*]]: memref<5x8x16xf16>, %[[Y:.*]]: memref<3x5xf32>)
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C15:.*]] = arith.constant 15 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK:         gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C4]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) threads(%[[LANE:.*]], %[[WARP:.*]], %{{.*}}) in (%{{.*}} = %[[C32]], %{{.*}} = %[[C4]], %{{.*}} = %{{.*}})
// CHECK:           %[[BASE:.*]] = arith.muli %[[BX]], %[[C4]] : index
// CHECK:           %[[OUT:.*]] = arith.addi %[[BASE]], %[[WARP]] : index
// CHECK:           %[[IN:.*]] = arith.cmpi ult, %[[OUT]], %[[C15]] : index
// CHECK:           scf.if %[[IN]] {
// CHECK:             %[[N:.*]] = arith.remui %[[OUT]], %{{.*}} : index
// CHECK:             %[[M:.*]] = arith.divui %[[OUT]], %{{.*}} : index
// CHECK:             %[[PARTIAL:.*]] = scf.for %[[R:.*]] = %[[LANE]] to %[[C16]] step %[[C32]] iter_args(%[[ACC:.*]] = %{{.*}}) -> (f32) {
// CHECK:               %[[CHUNK:.*]] = arith.remui %[[R]], %{{.*}} : index
// CHECK:               %[[G:.*]] = arith.divui %[[R]], %{{.*}} : index
// CHECK:               %[[J:.*]] = arith.muli %[[CHUNK]], %[[C8]] : index
// CHECK:               %[[VA:.*]] = vector.load %[[X]][%[[M]], %[[G]], %[[J]]] {alignment = 16 : i64} : memref<3x8x16xf32>, vector<8xf32>
// CHECK:               %[[VB:.*]] = vector.load %[[W]][%[[N]], %[[G]], %[[J]]] {alignment = 16 : i64} : memref<5x8x16xf16>, vector<8xf16>
// CHECK:               %[[A0:.*]] = vector.extract %[[VA]][0] : f32 from vector<8xf32>
// CHECK:               %[[B0:.*]] = vector.extract %[[VB]][0] : f16 from vector<8xf16>
// CHECK:               %[[E0:.*]] = arith.extf %[[B0]] : f16 to f32
// CHECK:               %[[P0:.*]] = arith.mulf %[[A0]], %[[E0]] : f32
// CHECK:               %[[S0:.*]] = arith.addf %[[ACC]], %[[P0]] : f32
// CHECK:               %[[A1:.*]] = vector.extract %[[VA]][1] : f32 from vector<8xf32>
// CHECK:               %[[B1:.*]] = vector.extract %[[VB]][1] : f16 from vector<8xf16>
// CHECK:               %[[E1:.*]] = arith.extf %[[B1]] : f16 to f32
// CHECK:               %[[P1:.*]] = arith.mulf %[[A1]], %[[E1]] : f32
// CHECK:               %[[S1:.*]] = arith.addf %[[S0]], %[[P1]] : f32
// CHECK-COUNT-5:       arith.addf
// CHECK:               %[[A7:.*]] = vector.extract %[[VA]][7] : f32 from vector<8xf32>
// CHECK:               %[[S7:.*]] = arith.addf %{{.*}}, %{{.*}} : f32
// CHECK:               scf.yield %[[S7]] : f32
// CHECK:             %[[SUM:.*]] = gpu.subgroup_reduce add %[[PARTIAL]] uniform : (f32) -> f32
// CHECK:             %[[FIRST:.*]] = arith.cmpi eq, %[[LANE]], %{{.*}} : index
// CHECK:             scf.if %[[FIRST]] {
// CHECK:               %[[OLD:.*]] = memref.load %[[Y]][%[[M]], %[[N]]] : memref<3x5xf32>
// CHECK:               %[[NEW:.*]] = arith.addf %[[OLD]], %[[SUM]] : f32
// CHECK:               memref.store %[[NEW]], %[[Y]][%[[M]], %[[N]]] : memref<3x5xf32>
// CHECK:           gpu.terminator
// CHECK-NOT:     linalg.generic

// -----

// Packed int4 codes read in the body (two per byte: byte k / 2, nibble
// k % 2), as convert-compress-to-linalg builds them: a chunk of 32 values
// reads 16 code bytes with one load, values 2i and 2i + 1 taking byte i,
// and 32 activations in one vector<32xf32> load. The scale, one per 32
// values, moves once per chunk: a one-element load. The row's bias, which
// does not move along the reduction, stays a scalar load in each copy.
func.func @packed_int4(%x: memref<2x64xf32>, %codes: memref<4x32xi8>, %scales: memref<4x2xf32>,
                       %bias: memref<4xf32>, %y: memref<2x4xf32>) {
  %c2 = arith.constant 2 : index
  %c32 = arith.constant 32 : index
  %c4_i8 = arith.constant 4 : i8
  %c15_i8 = arith.constant 15 : i8
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x : memref<2x64xf32>) outs(%y : memref<2x4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %k = linalg.index 2 : index
    %n = linalg.index 1 : index
    %byte = arith.divui %k, %c2 : index
    %nibble = arith.remui %k, %c2 : index
    %packed = memref.load %codes[%n, %byte] : memref<4x32xi8>
    %shift8 = arith.index_castui %nibble : index to i8
    %shift = arith.muli %shift8, %c4_i8 : i8
    %shifted = arith.shrui %packed, %shift : i8
    %code = arith.andi %shifted, %c15_i8 : i8
    %codef = arith.uitofp %code : i8 to f32
    %group = arith.divui %k, %c32 : index
    %scale = memref.load %scales[%n, %group] : memref<4x2xf32>
    %b = memref.load %bias[%n] : memref<4xf32>
    %w = arith.mulf %codef, %scale : f32
    %wb = arith.addf %w, %b : f32
    %p = arith.mulf %a, %wb : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// CHECK-LABEL: func.func @packed_int4(
// CHECK-SAME:      %[[X:.*]]: memref<2x64xf32>, %[[CODES:.*]]: memref<4x32xi8>, %[[SCALES:.*]]: memref<4x2xf32>, %[[BIAS:.*]]: memref<4xf32>,
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK:         gpu.launch
// CHECK:             scf.for %[[R:.*]] = %{{.*}} to %[[C2]] step %[[C32]]
// CHECK:               %[[K:.*]] = arith.muli %[[R]], %[[C32]] : index
// CHECK:               %[[VX:.*]] = vector.load %[[X]][%{{.*}}, %[[K]]] {alignment = 16 : i64} : memref<2x64xf32>, vector<32xf32>
// CHECK:               %[[BYTE:.*]] = arith.divui %[[K]], %[[C2]] : index
// CHECK:               %[[VC:.*]] = vector.load %[[CODES]][%[[N:.*]], %[[BYTE]]] {alignment = 16 : i64} : memref<4x32xi8>, vector<16xi8>
// CHECK:               vector.extract %[[VC]][0] : i8 from vector<16xi8>
// CHECK:               %[[GROUP:.*]] = arith.divui %[[K]], %[[C32]] : index
// CHECK:               %[[VS:.*]] = vector.load %[[SCALES]][%[[N]], %[[GROUP]]] {alignment = 4 : i64} : memref<4x2xf32>, vector<1xf32>
// CHECK:               vector.extract %[[VS]][0] : f32 from vector<1xf32>
// CHECK:               memref.load %[[BIAS]][%[[N]]] : memref<4xf32>
// Value 1 reads byte 0 again (the same extract, after CSE), value 2 byte 1.
// CHECK:               vector.extract %[[VX]][1] : f32 from vector<32xf32>
// CHECK-NOT:           vector.extract %[[VC]]
// CHECK:               vector.extract %[[VX]][2] : f32 from vector<32xf32>
// CHECK:               vector.extract %[[VC]][1] : i8 from vector<16xi8>
// CHECK:               vector.extract %[[VX]][30] : f32 from vector<32xf32>
// CHECK:               vector.extract %[[VC]][15] : i8 from vector<16xi8>
// CHECK:               vector.extract %[[VX]][31] : f32 from vector<32xf32>
// CHECK-NOT:           vector.load
// CHECK:               scf.yield
// CHECK:             gpu.subgroup_reduce add

// -----

// The scalar form, a value per lane and step, where no load can be read
// as a vector: the innermost reduction is dynamic, or its loads are not
// consecutive (every other element) or not aligned to the chunk (one past
// a multiple of 4).
func.func @dynamic_reduction(%x: memref<3x?xf32>, %w: memref<5x?xf32>, %y: memref<3x5xf32>) {
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w : memref<3x?xf32>, memref<5x?xf32>) outs(%y : memref<3x5xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// CHECK-LABEL: func.func @dynamic_reduction(
// CHECK:         scf.for %[[R:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK:           memref.load %{{.*}}[%{{.*}}, %[[R]]] : memref<3x?xf32>
// CHECK:           memref.load %{{.*}}[%{{.*}}, %[[R]]] : memref<5x?xf32>
// CHECK-NOT:     vector.load

func.func @strided_or_misaligned(%z: memref<3x64xf32>, %x: memref<3x130xf32>, %y: memref<3xf32>) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  linalg.generic {indexing_maps = [affine_map<(m, k) -> (m, k)>, affine_map<(m, k) -> (m)>], iterator_types = ["parallel", "reduction"]}
      ins(%z : memref<3x64xf32>) outs(%y : memref<3xf32>) {
  ^bb0(%c: f32, %acc: f32):
    %m = linalg.index 0 : index
    %k = linalg.index 1 : index
    %twice = arith.muli %k, %c2 : index
    %even = memref.load %x[%m, %twice] : memref<3x130xf32>
    %next = arith.addi %k, %c1 : index
    %shifted = memref.load %x[%m, %next] : memref<3x130xf32>
    %p = arith.mulf %even, %shifted : f32
    %q = arith.mulf %p, %c : f32
    %s = arith.addf %acc, %q : f32
    linalg.yield %s : f32
  }
  return
}

// Only the input %z is read as vectors (chunks of 4 f32).
// CHECK-LABEL: func.func @strided_or_misaligned(
// CHECK-SAME:      %[[Z:.*]]: memref<3x64xf32>, %[[X:.*]]: memref<3x130xf32>,
// CHECK:         scf.for
// CHECK:           vector.load %[[Z]]{{.*}} : memref<3x64xf32>, vector<4xf32>
// CHECK-NOT:       vector.load
// CHECK:           memref.load %[[X]]
// CHECK:           memref.load %[[X]]
// CHECK-NOT:       vector.load
// CHECK:           scf.yield

// -----

// An N:M row kernel (a parallel generic whose scf.for sums a row's groups
// into the output): a warp per output, the lanes splitting the groups
// (lane, lane + 32, ...), each summing its own from zero; one
// gpu.subgroup_reduce, and lane 0 adds the sum to the output.
func.func @row_loop(%x: memref<3x64xf32>, %values: memref<5x32xf32>, %y: memref<3x5xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c16 = arith.constant 16 : index
  linalg.generic {indexing_maps = [affine_map<(m, n) -> (m, n)>], iterator_types = ["parallel", "parallel"]}
      outs(%y : memref<3x5xf32>) {
  ^bb0(%out: f32):
    %m = linalg.index 0 : index
    %n = linalg.index 1 : index
    %sum = scf.for %g = %c0 to %c16 step %c1 iter_args(%acc = %out) -> (f32) {
      %k = arith.muli %g, %c2 : index
      %kk = arith.addi %k, %c1 : index
      %a = memref.load %x[%m, %k] : memref<3x64xf32>
      %b = memref.load %values[%n, %k] : memref<5x32xf32>
      %p = arith.mulf %a, %b : f32
      %s0 = arith.addf %acc, %p : f32
      %a1 = memref.load %x[%m, %kk] : memref<3x64xf32>
      %b1 = memref.load %values[%n, %kk] : memref<5x32xf32>
      %p1 = arith.mulf %a1, %b1 : f32
      %s1 = arith.addf %s0, %p1 : f32
      scf.yield %s1 : f32
    }
    linalg.yield %sum : f32
  }
  return
}

// CHECK-LABEL: func.func @row_loop(
// CHECK-SAME:      %[[X:.*]]: memref<3x64xf32>, %[[V:.*]]: memref<5x32xf32>, %[[Y:.*]]: memref<3x5xf32>)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK:         gpu.launch {{.*}} threads(%[[LANE:.*]], %[[WARP:.*]], %{{.*}}) in (%{{.*}} = %[[C32]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}})
// CHECK:             %[[N:.*]] = arith.remui
// CHECK:             %[[M:.*]] = arith.divui
// CHECK:             %[[PARTIAL:.*]] = scf.for %[[G:.*]] = %[[LANE]] to %[[C16]] step %[[C32]] iter_args(%[[ACC:.*]] = %[[ZERO]]) -> (f32) {
// CHECK:               memref.load %[[X]][%[[M]], %{{.*}}]
// CHECK:               memref.load %[[V]][%[[N]], %{{.*}}]
// CHECK:               %[[S0:.*]] = arith.addf %[[ACC]], %{{.*}} : f32
// CHECK:               %[[S1:.*]] = arith.addf %[[S0]], %{{.*}} : f32
// CHECK:               scf.yield %[[S1]] : f32
// CHECK:             %[[SUM:.*]] = gpu.subgroup_reduce add %[[PARTIAL]] uniform : (f32) -> f32
// CHECK:             scf.if %{{.*}} {
// CHECK:               %[[OLD:.*]] = memref.load %[[Y]][%[[M]], %[[N]]] : memref<3x5xf32>
// CHECK:               %[[NEW:.*]] = arith.addf %[[OLD]], %[[SUM]] : f32
// CHECK:               memref.store %[[NEW]], %[[Y]][%[[M]], %[[N]]] : memref<3x5xf32>

// -----

// A row loop whose partial sum is used other than by the add chain (here
// scaled each step) is not a sum of independent terms: a thread per
// output runs it whole.
func.func @row_loop_not_a_sum(%values: memref<5x32xf32>, %y: memref<5xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c32 = arith.constant 32 : index
  %half = arith.constant 0.5 : f32
  linalg.generic {indexing_maps = [affine_map<(n) -> (n)>], iterator_types = ["parallel"]}
      outs(%y : memref<5xf32>) {
  ^bb0(%out: f32):
    %n = linalg.index 0 : index
    %sum = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %out) -> (f32) {
      %v = memref.load %values[%n, %k] : memref<5x32xf32>
      %scaled = arith.mulf %acc, %half : f32
      %s = arith.addf %scaled, %v : f32
      scf.yield %s : f32
    }
    linalg.yield %sum : f32
  }
  return
}

// CHECK-LABEL: func.func @row_loop_not_a_sum(
// CHECK:         gpu.launch
// CHECK-NOT:     gpu.subgroup_reduce
// CHECK:           scf.for
// CHECK:             arith.mulf
// CHECK-NOT:     gpu.subgroup_reduce

// -----

// A maximum over a block (the scale of int8 activations): the partials
// start at -inf and the warp reduces with maximumf.
func.func @absmax(%x: memref<4x64xf32>, %m: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x64xf32>) outs(%m : memref<4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %abs = math.absf %a : f32
    %max = arith.maximumf %acc, %abs : f32
    linalg.yield %max : f32
  }
  return
}

// CHECK-LABEL: func.func @absmax(
// CHECK:         %[[NEG_INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[NEG_INF]]) -> (f32)
// CHECK:           math.absf
// CHECK:           arith.maximumf
// CHECK:         gpu.subgroup_reduce maximumf %{{.*}} uniform : (f32) -> f32

// -----

// Elementwise: a thread per element, 256 threads per block, 6 x 100 = 600
// elements in 3 blocks.
func.func @elementwise(%x: memref<6x100xf16>, %y: memref<6x100xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<6x100xf16>) outs(%y : memref<6x100xf32>) {
  ^bb0(%a: f16, %b: f32):
    %e = arith.extf %a : f16 to f32
    linalg.yield %e : f32
  }
  return
}

// CHECK-LABEL: func.func @elementwise(
// CHECK-SAME:      %[[X:.*]]: memref<6x100xf16>, %[[Y:.*]]: memref<6x100xf32>)
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG:     %[[C600:.*]] = arith.constant 600 : index
// CHECK:         gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C3]], {{.*}}) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C256]],
// CHECK:           %[[P:.*]] = arith.addi %{{.*}}, %[[TX]] : index
// CHECK:           %[[IN:.*]] = arith.cmpi ult, %[[P]], %[[C600]] : index
// CHECK:           scf.if %[[IN]] {
// CHECK:             %[[J:.*]] = arith.remui %[[P]], %{{.*}} : index
// CHECK:             %[[I:.*]] = arith.divui %[[P]], %{{.*}} : index
// CHECK:             %[[A:.*]] = memref.load %[[X]][%[[I]], %[[J]]]
// CHECK:             %[[E:.*]] = arith.extf %[[A]] : f16 to f32
// CHECK:             memref.store %[[E]], %[[Y]][%[[I]], %[[J]]]

// -----

// A reduction whose output is read twice (not a plain combiner): a thread
// per output, which loops over the reduction and reads and writes its
// output at every step, as convert-linalg-to-loops would.
func.func @running(%x: memref<4x64xf32>, %m: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x64xf32>) outs(%m : memref<4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %p = arith.mulf %acc, %a : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// CHECK-LABEL: func.func @running(
// CHECK-SAME:      %[[X:.*]]: memref<4x64xf32>, %[[M:.*]]: memref<4xf32>)
// CHECK-NOT:     gpu.subgroup_reduce
// CHECK:         gpu.launch
// CHECK:           scf.if
// CHECK:             scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:               %[[A:.*]] = memref.load %[[X]][%[[I:.*]], %[[J]]]
// CHECK:               %[[OLD:.*]] = memref.load %[[M]][%[[I]]]
// CHECK:               %[[P:.*]] = arith.mulf %[[OLD]], %[[A]]
// CHECK:               %[[S:.*]] = arith.addf %[[OLD]], %[[P]]
// CHECK:               memref.store %[[S]], %[[M]][%[[I]]]
// CHECK-NOT:     gpu.subgroup_reduce

// -----

// A copy that bufferization made and a host loop that fills a buffer: each
// runs in a kernel of its own (the copy a thread per element, the loop one
// thread).
func.func @copy_and_loop(%a: memref<10xf32>, %b: memref<10xf32>, %c: memref<3xindex>) {
  memref.copy %a, %b : memref<10xf32> to memref<10xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  scf.for %i = %c0 to %c3 step %c1 {
    memref.store %i, %c[%i] : memref<3xindex>
  }
  return
}

// CHECK-LABEL: func.func @copy_and_loop(
// CHECK-SAME:      %[[A:.*]]: memref<10xf32>, %[[B:.*]]: memref<10xf32>, %[[C:.*]]: memref<3xindex>)
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NOT:     memref.copy
// CHECK:         gpu.launch
// CHECK:           %[[V:.*]] = memref.load %[[A]][%[[I:.*]]] : memref<10xf32>
// CHECK:           memref.store %[[V]], %[[B]][%[[I]]] : memref<10xf32>
// CHECK:         gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]]) threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]])
// CHECK-NEXT:      scf.for
// CHECK-NEXT:        memref.store %{{.*}}, %[[C]]
// CHECK:           gpu.terminator

// -----

// A chunked load whose index is defined outside the body (a constant of the
// function): the vector load uses it as it is. (Regression: the index was
// looked up among the body's clones, and the pass crashed.)
#x = affine_map<(m, k) -> (m, k)>
#o = affine_map<(m, k) -> (m)>
func.func @outside_index(%x: memref<2x64xf32>, %w: memref<3x64xf32>, %y: memref<2xf32>) {
  %c2 = arith.constant 2 : index
  linalg.generic {indexing_maps = [#x, #o], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<2x64xf32>) outs(%y : memref<2xf32>) {
  ^bb0(%a: f32, %out: f32):
    %k = linalg.index 1 : index
    %w0 = memref.load %w[%c2, %k] : memref<3x64xf32>
    %p = arith.mulf %a, %w0 : f32
    %s = arith.addf %out, %p : f32
    linalg.yield %s : f32
  }
  return
}

// CHECK-LABEL: func.func @outside_index(
// CHECK-SAME:      %{{.*}}: memref<2x64xf32>, %[[W:.*]]: memref<3x64xf32>,
// CHECK:         %[[C2:.*]] = arith.constant 2 : index
// CHECK:         gpu.launch
// CHECK:           vector.load %[[W]][%[[C2]], %{{.*}}] {alignment = 16 : i64} : memref<3x64xf32>, vector<4xf32>
