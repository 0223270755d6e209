// RUN: compress-opt %s --split-input-file --compress-gpu-map-linalg --canonicalize --cse \
// RUN:   | FileCheck %s

// A matmul reduction (the shape convert-compress-to-linalg gives, here on a
// plain f16 weight): one warp per output element (4 warps of 32 lanes per
// block, 3 x 5 = 15 outputs: 4 blocks), the lanes striding over the 8 x 16
// reduction (lane, lane + 32, ...), one gpu.subgroup_reduce, and lane 0
// adding the sum to the output it loads.
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
// CHECK-DAG:     %[[C15:.*]] = arith.constant 15 : index
// CHECK-DAG:     %[[C128:.*]] = arith.constant 128 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK:         gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C4]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) threads(%[[LANE:.*]], %[[WARP:.*]], %{{.*}}) in (%{{.*}} = %[[C32]], %{{.*}} = %[[C4]], %{{.*}} = %{{.*}})
// CHECK:           %[[BASE:.*]] = arith.muli %[[BX]], %[[C4]] : index
// CHECK:           %[[OUT:.*]] = arith.addi %[[BASE]], %[[WARP]] : index
// CHECK:           %[[IN:.*]] = arith.cmpi ult, %[[OUT]], %[[C15]] : index
// CHECK:           scf.if %[[IN]] {
// CHECK:             %[[N:.*]] = arith.remui %[[OUT]], %{{.*}} : index
// CHECK:             %[[M:.*]] = arith.divui %[[OUT]], %{{.*}} : index
// CHECK:             %[[PARTIAL:.*]] = scf.for %[[R:.*]] = %[[LANE]] to %[[C128]] step %[[C32]] iter_args(%[[ACC:.*]] = %{{.*}}) -> (f32) {
// CHECK:               %[[J:.*]] = arith.remui %[[R]], %{{.*}} : index
// CHECK:               %[[G:.*]] = arith.divui %[[R]], %{{.*}} : index
// CHECK:               %[[A:.*]] = memref.load %[[X]][%[[M]], %[[G]], %[[J]]] : memref<3x8x16xf32>
// CHECK:               %[[B:.*]] = memref.load %[[W]][%[[N]], %[[G]], %[[J]]] : memref<5x8x16xf16>
// CHECK:               %[[E:.*]] = arith.extf %[[B]] : f16 to f32
// CHECK:               %[[P:.*]] = arith.mulf %[[A]], %[[E]] : f32
// CHECK:               %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK:               scf.yield %[[S]] : f32
// CHECK:             %[[SUM:.*]] = gpu.subgroup_reduce add %[[PARTIAL]] uniform : (f32) -> f32
// CHECK:             %[[FIRST:.*]] = arith.cmpi eq, %[[LANE]], %{{.*}} : index
// CHECK:             scf.if %[[FIRST]] {
// CHECK:               %[[OLD:.*]] = memref.load %[[Y]][%[[M]], %[[N]]] : memref<3x5xf32>
// CHECK:               %[[NEW:.*]] = arith.addf %[[OLD]], %[[SUM]] : f32
// CHECK:               memref.store %[[NEW]], %[[Y]][%[[M]], %[[N]]] : memref<3x5xf32>
// CHECK:           gpu.terminator
// CHECK-NOT:     linalg.generic

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
