// RUN: compress-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(compress-gpu-map-linalg),canonicalize,cse)' | FileCheck %s
// RUN: compress-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(compress-gpu-map-linalg{tensor-cores=false}))' | FileCheck %s --check-prefix=OFF

// An int8 weight with f16 row scales, decoded to f16, times f16
// activations, summed in f32: the tensor-core form. 40 rows make two row
// groups of 32 (the second partly outside), 16 columns one group of two
// 8-column tiles: two warps, one block. Per step of 16 reduction values,
// each lane builds two A fragments (rows group and group + 8 of each
// 16-row tile; rows past 40 read as zero) and two B fragments (the decode
// of column group of each tile), and the warp issues 2 x 2 mma.sync. Each
// lane then adds its 4 sums per block into rows below 40.
#x = affine_map<(m, n, k) -> (m, k)>
#o = affine_map<(m, n, k) -> (m, n)>
func.func @int8_rows(%x: memref<40x32xf16>, %w: memref<16x32xi8>,
                     %s: memref<16xf16>, %y: memref<40x16xf32>) {
  linalg.generic {indexing_maps = [#x, #o],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x : memref<40x32xf16>) outs(%y : memref<40x16xf32>) {
  ^bb0(%a: f16, %out: f32):
    %n = linalg.index 1 : index
    %k = linalg.index 2 : index
    %code = memref.load %w[%n, %k] : memref<16x32xi8>
    %value = arith.sitofp %code : i8 to f32
    %scale16 = memref.load %s[%n] : memref<16xf16>
    %scale = arith.extf %scale16 : f16 to f32
    %scaled = arith.mulf %scale, %value : f32
    %weight16 = arith.truncf %scaled : f32 to f16
    %weight = arith.extf %weight16 : f16 to f32
    %activation = arith.extf %a : f16 to f32
    %product = arith.mulf %activation, %weight : f32
    %sum = arith.addf %out, %product : f32
    linalg.yield %sum : f32
  }
  return
}

// CHECK-LABEL: func.func @int8_rows(
// CHECK-SAME:      %[[X:.*]]: memref<40x32xf16>, %[[W:.*]]: memref<16x32xi8>, %[[S:.*]]: memref<16xf16>, %[[Y:.*]]: memref<40x16xf32>)
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK-DAG:     %[[C40:.*]] = arith.constant 40 : index
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<2x2xf32>
// CHECK-DAG:     %[[ZERO16:.*]] = arith.constant 0.000000e+00 : f16
// CHECK:         gpu.launch blocks({{.*}}) in ({{.*}} = %[[C1]], {{.*}} = %[[C1]], {{.*}} = %[[C1]]) threads(%[[LANE:.*]], %[[WARP:.*]], %{{.*}}) in ({{.*}} = %[[C32]], {{.*}} = %[[C4]], {{.*}} = %[[C1]])
// CHECK:           %[[INSIDE:.*]] = arith.cmpi ult, %[[WARP]], %[[C2]] : index
// CHECK:           scf.if %[[INSIDE]] {
// CHECK:             %[[GROUP:.*]] = arith.divui %[[LANE]], %[[C4]] : index
// CHECK:             %[[PAIR:.*]] = arith.remui %[[LANE]], %[[C4]] : index
// CHECK:             %[[SUMS:.*]]:4 = scf.for %[[STEP:.*]] = %{{.*}} to %[[C2]] step %[[C1]] iter_args(%[[D00:.*]] = %[[ZERO]], %[[D01:.*]] = %[[ZERO]], %[[D10:.*]] = %[[ZERO]], %[[D11:.*]] = %[[ZERO]]) -> (vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>) {
// CHECK:               %[[ROW_IN:.*]] = arith.cmpi ult, %{{.*}}, %[[C40]] : index
// CHECK:               scf.if %[[ROW_IN]] -> (f16) {
// CHECK:                 memref.load %[[X]]
// CHECK:               } else {
// CHECK:                 scf.yield %[[ZERO16]] : f16
// CHECK-COUNT-7:       scf.if {{.*}} -> (f16)
// CHECK:               %[[A0:.*]] = vector.from_elements {{.*}} : vector<4x2xf16>
// CHECK-COUNT-8:       scf.if {{.*}} -> (f16)
// CHECK:               %[[A1:.*]] = vector.from_elements {{.*}} : vector<4x2xf16>
// CHECK:               memref.load %[[W]]
// CHECK:               memref.load %[[S]]
// CHECK:               arith.truncf
// CHECK:               %[[B0:.*]] = vector.from_elements {{.*}} : vector<2x2xf16>
// CHECK:               %[[B1:.*]] = vector.from_elements {{.*}} : vector<2x2xf16>
// CHECK:               %[[R00:.*]] = nvgpu.mma.sync(%[[A0]], %[[B0]], %[[D00]]) {mmaShape = [16, 8, 16]}
// CHECK:               %[[R01:.*]] = nvgpu.mma.sync(%[[A0]], %[[B1]], %[[D01]]) {mmaShape = [16, 8, 16]}
// CHECK:               %[[R10:.*]] = nvgpu.mma.sync(%[[A1]], %[[B0]], %[[D10]]) {mmaShape = [16, 8, 16]}
// CHECK:               %[[R11:.*]] = nvgpu.mma.sync(%[[A1]], %[[B1]], %[[D11]]) {mmaShape = [16, 8, 16]}
// CHECK:               scf.yield %[[R00]], %[[R01]], %[[R10]], %[[R11]]
// CHECK:             %[[SUM:.*]] = vector.extract %[[SUMS]]#0[0, 0] : f32 from vector<2x2xf32>
// CHECK:             scf.if %{{.*}} {
// CHECK:               %[[OLD:.*]] = memref.load %[[Y]]
// CHECK:               %[[NEW:.*]] = arith.addf %[[OLD]], %[[SUM]] : f32
// CHECK:               memref.store %[[NEW]], %[[Y]]
// CHECK-COUNT-15:    memref.store %{{.*}}, %[[Y]]
// CHECK-NOT:         memref.store
// CHECK-NOT:       gpu.subgroup_reduce

// Without tensor cores: a warp per output.
// OFF-LABEL: func.func @int8_rows(
// OFF-NOT:     nvgpu.mma.sync
// OFF:         gpu.subgroup_reduce add

// -----

// The same body on f32 activations: the products are no longer of two f16
// values, so the tensor cores (f16 inputs) would round: warp per output.
#x = affine_map<(m, n, k) -> (m, k)>
#o = affine_map<(m, n, k) -> (m, n)>
func.func @f32_activations(%x: memref<40x32xf32>, %w: memref<16x32xf16>,
                           %y: memref<40x16xf32>) {
  linalg.generic {indexing_maps = [#x, #o],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x : memref<40x32xf32>) outs(%y : memref<40x16xf32>) {
  ^bb0(%a: f32, %out: f32):
    %n = linalg.index 1 : index
    %k = linalg.index 2 : index
    %w16 = memref.load %w[%n, %k] : memref<16x32xf16>
    %weight = arith.extf %w16 : f16 to f32
    %product = arith.mulf %a, %weight : f32
    %sum = arith.addf %out, %product : f32
    linalg.yield %sum : f32
  }
  return
}

// CHECK-LABEL: func.func @f32_activations(
// CHECK-NOT:     nvgpu.mma.sync
// CHECK:         gpu.subgroup_reduce add

// -----

// Too few rows (8 < tensor-core-min-rows = 16), and columns that are not a
// multiple of 8: warp per output.
#x = affine_map<(m, n, k) -> (m, k)>
#w = affine_map<(m, n, k) -> (n, k)>
#o = affine_map<(m, n, k) -> (m, n)>
func.func @small_shapes(%x8: memref<8x32xf16>, %w16: memref<16x32xf16>, %y8: memref<8x16xf32>,
                        %x: memref<40x32xf16>, %w12: memref<12x32xf16>, %y12: memref<40x12xf32>) {
  linalg.generic {indexing_maps = [#x, #w, #o],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x8, %w16 : memref<8x32xf16>, memref<16x32xf16>) outs(%y8 : memref<8x16xf32>) {
  ^bb0(%a: f16, %b: f16, %out: f32):
    %ae = arith.extf %a : f16 to f32
    %be = arith.extf %b : f16 to f32
    %product = arith.mulf %ae, %be : f32
    %sum = arith.addf %out, %product : f32
    linalg.yield %sum : f32
  }
  linalg.generic {indexing_maps = [#x, #w, #o],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %w12 : memref<40x32xf16>, memref<12x32xf16>) outs(%y12 : memref<40x12xf32>) {
  ^bb0(%a: f16, %b: f16, %out: f32):
    %ae = arith.extf %a : f16 to f32
    %be = arith.extf %b : f16 to f32
    %product = arith.mulf %ae, %be : f32
    %sum = arith.addf %out, %product : f32
    linalg.yield %sum : f32
  }
  return
}

// CHECK-LABEL: func.func @small_shapes(
// CHECK-NOT:     nvgpu.mma.sync
// CHECK:         gpu.subgroup_reduce add
// CHECK-NOT:     nvgpu.mma.sync
// CHECK:         gpu.subgroup_reduce add
// CHECK-NOT:     nvgpu.mma.sync
