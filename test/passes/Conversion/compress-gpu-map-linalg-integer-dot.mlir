// RUN: compress-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(compress-gpu-map-linalg),canonicalize,cse)' | FileCheck %s

// int8 activation codes times int8 weight codes on 4 rows (fewer than the
// tensor cores' 16): a warp per output element (4 x 8 = 32 warps, 4 per
// block). Each lane takes runs of 16 reduction points (lane, lane + 32,
// ... of the 8 runs of 128 values), inside one group g of 64: four
// nvvm.dot.accumulate.4way over the run's codes, decoded in registers,
// then the i32 sum times the row's and the column's scale of g into an
// f32 partial sum. The warp adds the partial sums; lane 0 adds the total
// into the output.
#q = affine_map<(m, n, g, j) -> (m, g, j)>
#sa = affine_map<(m, n, g, j) -> (m, g)>
#o = affine_map<(m, n, g, j) -> (m, n)>
func.func @int8_codes(%q: memref<4x2x64xi8>, %xs: memref<4x2xf32>,
                      %w: memref<8x128xi8>, %ws: memref<8x2xf32>,
                      %y: memref<4x8xf32>) {
  linalg.generic {indexing_maps = [#q, #sa, #o],
                  iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%q, %xs : memref<4x2x64xi8>, memref<4x2xf32>) outs(%y : memref<4x8xf32>) {
  ^bb0(%a: i8, %rowScale: f32, %out: f32):
    %n = linalg.index 1 : index
    %g = linalg.index 2 : index
    %j = linalg.index 3 : index
    %c64 = arith.constant 64 : index
    %base = arith.muli %g, %c64 : index
    %k = arith.addi %base, %j : index
    %code = memref.load %w[%n, %k] : memref<8x128xi8>
    %colScale = memref.load %ws[%n, %g] : memref<8x2xf32>
    %a32 = arith.extsi %a : i8 to i32
    %code32 = arith.extsi %code : i8 to i32
    %product = arith.muli %a32, %code32 : i32
    %scale = arith.mulf %rowScale, %colScale : f32
    %float = arith.sitofp %product : i32 to f32
    %term = arith.mulf %float, %scale : f32
    %sum = arith.addf %out, %term : f32
    linalg.yield %sum : f32
  }
  return
}

// CHECK-LABEL: func.func @int8_codes(
// CHECK-SAME:      %[[Q:.*]]: memref<4x2x64xi8>, %[[XS:.*]]: memref<4x2xf32>, %[[W:.*]]: memref<8x128xi8>, %[[WS:.*]]: memref<8x2xf32>, %[[Y:.*]]: memref<4x8xf32>)
// CHECK-DAG:     %[[ZERO_I32:.*]] = arith.constant 0 : i32
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK:         gpu.launch blocks({{.*}}) in ({{.*}} = %[[C8]], {{.*}}) threads(%[[LANE:.*]], %{{.*}}, %{{.*}}) in ({{.*}} = %[[C32]],
// CHECK:           %[[ITEM:.*]] = arith.addi
// CHECK:           %[[ROW:.*]] = arith.divui %[[ITEM]], %[[C8]] : index
// CHECK:           %[[COL:.*]] = arith.remui %[[ITEM]], %[[C8]] : index
// CHECK:           %[[PARTIAL:.*]] = scf.for %[[R:.*]] = %[[LANE]] to %[[C8]] step %[[C32]] iter_args(%[[ACC:.*]] = %[[ZERO]]) -> (f32) {
// CHECK:             %[[START:.*]] = arith.muli %[[R]], %[[C16]] : index
// CHECK:             %[[J:.*]] = arith.remui %[[START]], %[[C64]] : index
// CHECK:             %[[G:.*]] = arith.divui %[[START]], %[[C64]] : index
// CHECK:             memref.load %[[Q]][%[[ROW]], %[[G]], %[[J]]]
// CHECK:             memref.load %[[W]][%[[COL]], %{{.*}}]
// CHECK-COUNT-3:     memref.load %[[Q]]
// CHECK:             %[[A0:.*]] = vector.from_elements {{.*}} : vector<4xi8>
// CHECK:             %[[B0:.*]] = vector.from_elements {{.*}} : vector<4xi8>
// CHECK:             %[[D0:.*]] = nvvm.dot.accumulate.4way %[[A0]] <signed>, %[[B0]] <signed>, %[[ZERO_I32]] : vector<4xi8>, vector<4xi8>
// CHECK:             %[[D1:.*]] = nvvm.dot.accumulate.4way %{{.*}} <signed>, %{{.*}} <signed>, %[[D0]]
// CHECK:             %[[D2:.*]] = nvvm.dot.accumulate.4way %{{.*}} <signed>, %{{.*}} <signed>, %[[D1]]
// CHECK:             %[[D3:.*]] = nvvm.dot.accumulate.4way %{{.*}} <signed>, %{{.*}} <signed>, %[[D2]]
// CHECK:             %[[F:.*]] = arith.sitofp %[[D3]] : i32 to f32
// CHECK:             %[[SR:.*]] = memref.load %[[XS]][%[[ROW]], %[[G]]]
// CHECK:             %[[T0:.*]] = arith.mulf %[[F]], %[[SR]] : f32
// CHECK:             %[[SC:.*]] = memref.load %[[WS]][%[[COL]], %[[G]]]
// CHECK:             %[[T1:.*]] = arith.mulf %[[T0]], %[[SC]] : f32
// CHECK:             %[[NEXT:.*]] = arith.addf %[[ACC]], %[[T1]] : f32
// CHECK:             scf.yield %[[NEXT]] : f32
// CHECK:           %[[TOTAL:.*]] = gpu.subgroup_reduce add %[[PARTIAL]] uniform : (f32) -> f32
// CHECK:           scf.if
// CHECK:             %[[OLD:.*]] = memref.load %[[Y]][%[[ROW]], %[[COL]]]
// CHECK:             %[[NEW:.*]] = arith.addf %[[OLD]], %[[TOTAL]] : f32
// CHECK:             memref.store %[[NEW]], %[[Y]][%[[ROW]], %[[COL]]]

// -----

// A scale per 8 values of j: runs of 16 would cross chunks, so the matmul
// takes the plain warp-per-output form (one product per value, no dp4a).
#q = affine_map<(m, n, g, j) -> (m, g, j)>
#sa = affine_map<(m, n, g, j) -> (m, g)>
#o = affine_map<(m, n, g, j) -> (m, n)>
func.func @int8_codes_chunks_of_8(%q: memref<4x16x8xi8>, %xs: memref<4x16xf32>,
                                  %w: memref<8x128xi8>, %ws: memref<8x16xf32>,
                                  %y: memref<4x8xf32>) {
  linalg.generic {indexing_maps = [#q, #sa, #o],
                  iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%q, %xs : memref<4x16x8xi8>, memref<4x16xf32>) outs(%y : memref<4x8xf32>) {
  ^bb0(%a: i8, %rowScale: f32, %out: f32):
    %n = linalg.index 1 : index
    %g = linalg.index 2 : index
    %j = linalg.index 3 : index
    %c8 = arith.constant 8 : index
    %base = arith.muli %g, %c8 : index
    %k = arith.addi %base, %j : index
    %code = memref.load %w[%n, %k] : memref<8x128xi8>
    %colScale = memref.load %ws[%n, %g] : memref<8x16xf32>
    %a32 = arith.extsi %a : i8 to i32
    %code32 = arith.extsi %code : i8 to i32
    %product = arith.muli %a32, %code32 : i32
    %scale = arith.mulf %rowScale, %colScale : f32
    %float = arith.sitofp %product : i32 to f32
    %term = arith.mulf %float, %scale : f32
    %sum = arith.addf %out, %term : f32
    linalg.yield %sum : f32
  }
  return
}

// CHECK-LABEL: func.func @int8_codes_chunks_of_8(
// CHECK-NOT:     nvvm.dot.accumulate.4way
// CHECK:         arith.muli %{{.*}}, %{{.*}} : i32
// CHECK:         gpu.subgroup_reduce add
