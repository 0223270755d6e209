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

// -----

// A 2:4 row kernel (convert-compress-to-linalg's form): per group of 4 of a
// weight row, two kept f16 values and their 2-bit positions (4 per byte),
// times the activations at 4 * group + position. 32 activation rows, 16
// weight rows and 16 groups: one warp, two steps of 8 groups. Per step each
// lane builds the A fragment of kept values (groups pair and pair + 4 of
// rows quad and quad + 8), the metadata of kept values 8 * (lane % 2) ..
// + 7 (8 positions shifted by 2j into an i16 per row), and 4 B fragments of
// dense activations (K 2 * pair + 8i + {0, 1}), then issues 4 mma.sp.sync.
#w = affine_map<(m, n) -> (m, n)>
func.func @two_four(%x: memref<32x64xf16>, %kept: memref<16x32xf16>,
                    %positions: memref<16x8xi8>, %y: memref<32x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %c2_i8 = arith.constant 2 : i8
  %c3_i8 = arith.constant 3 : i8
  linalg.generic {indexing_maps = [#w], iterator_types = ["parallel", "parallel"]}
      outs(%y : memref<32x16xf32>) {
  ^bb0(%out: f32):
    %m = linalg.index 0 : index
    %n = linalg.index 1 : index
    %sum = scf.for %g = %c0 to %c16 step %c1 iter_args(%acc = %out) -> (f32) {
      %base = arith.muli %g, %c4 : index
      %v0 = arith.muli %g, %c2 : index
      %byte0 = arith.divui %v0, %c4 : index
      %field0 = arith.remui %v0, %c4 : index
      %packed0 = memref.load %positions[%n, %byte0] : memref<16x8xi8>
      %f0 = arith.index_castui %field0 : index to i8
      %s0 = arith.muli %f0, %c2_i8 : i8
      %sh0 = arith.shrui %packed0, %s0 : i8
      %p0 = arith.andi %sh0, %c3_i8 : i8
      %pos0 = arith.index_castui %p0 : i8 to index
      %k0 = arith.addi %base, %pos0 : index
      %x0 = memref.load %x[%m, %k0] : memref<32x64xf16>
      %w0 = memref.load %kept[%n, %v0] : memref<16x32xf16>
      %we0 = arith.extf %w0 : f16 to f32
      %xe0 = arith.extf %x0 : f16 to f32
      %t0 = arith.mulf %xe0, %we0 : f32
      %a0 = arith.addf %acc, %t0 : f32
      %v1 = arith.addi %v0, %c1 : index
      %byte1 = arith.divui %v1, %c4 : index
      %field1 = arith.remui %v1, %c4 : index
      %packed1 = memref.load %positions[%n, %byte1] : memref<16x8xi8>
      %f1 = arith.index_castui %field1 : index to i8
      %s1 = arith.muli %f1, %c2_i8 : i8
      %sh1 = arith.shrui %packed1, %s1 : i8
      %p1 = arith.andi %sh1, %c3_i8 : i8
      %pos1 = arith.index_castui %p1 : i8 to index
      %k1 = arith.addi %base, %pos1 : index
      %x1 = memref.load %x[%m, %k1] : memref<32x64xf16>
      %w1 = memref.load %kept[%n, %v1] : memref<16x32xf16>
      %we1 = arith.extf %w1 : f16 to f32
      %xe1 = arith.extf %x1 : f16 to f32
      %t1 = arith.mulf %xe1, %we1 : f32
      %a1 = arith.addf %a0, %t1 : f32
      scf.yield %a1 : f32
    }
    linalg.yield %sum : f32
  }
  return
}

// CHECK-LABEL: func.func @two_four(
// CHECK-SAME:      %[[X:.*]]: memref<32x64xf16>, %[[KEPT:.*]]: memref<16x32xf16>, %[[POS:.*]]: memref<16x8xi8>, %[[Y:.*]]: memref<32x16xf32>)
// CHECK:         gpu.launch
// CHECK:           scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args({{.*}}) -> (vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>) {
// CHECK-COUNT-8:     memref.load %[[KEPT]]
// CHECK:             %[[A:.*]] = vector.from_elements {{.*}} : vector<4x2xf16>
// CHECK:             memref.load %[[POS]]
// CHECK:             arith.shli {{.*}} : i16
// CHECK:             arith.ori {{.*}} : i16
// CHECK:             %[[META:.*]] = vector.from_elements {{.*}} : vector<2xi16>
// CHECK-COUNT-8:     memref.load %[[X]]
// CHECK:             %[[B0:.*]] = vector.from_elements {{.*}} : vector<4x2xf16>
// CHECK:             nvgpu.mma.sp.sync(%[[A]], %[[B0]], %{{.*}}) metadata(%[[META]]) {mmaShape = [16, 8, 32]}
// CHECK-COUNT-3:     nvgpu.mma.sp.sync
// CHECK:           vector.extract
// CHECK-COUNT-16:  memref.store %{{.*}}, %[[Y]]
// CHECK-NOT:       gpu.subgroup_reduce
