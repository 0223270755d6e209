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

// -----

// int8 activation codes times int8 weight codes (convert-compress-to-linalg
// integer-products form): the i32 products are scaled by the activation
// row's scale and the weight column's, both of the group g only, so the 64
// values of j form a chunk. Per chunk, the warp sums 2 steps of 32 values
// on s8 mma.sync into i32 accumulators (A fragments vector<4x4xi8>: rows
// group and group + 8, K 4 * pair + {0..3} and + 16; B vector<2x4xi8>),
// then each lane adds sum * row scale * column scale to its f32 sums.
#q = affine_map<(m, n, g, j) -> (m, g, j)>
#sa = affine_map<(m, n, g, j) -> (m, g)>
#o4 = affine_map<(m, n, g, j) -> (m, n)>
func.func @int8_codes(%q: memref<16x2x64xi8>, %xs: memref<16x2xf32>,
                      %w: memref<8x128xi8>, %ws: memref<8x2xf32>,
                      %y: memref<16x8xf32>) {
  linalg.generic {indexing_maps = [#q, #sa, #o4],
                  iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%q, %xs : memref<16x2x64xi8>, memref<16x2xf32>) outs(%y : memref<16x8xf32>) {
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
// CHECK-SAME:      %[[Q:.*]]: memref<16x2x64xi8>, %[[XS:.*]]: memref<16x2xf32>, %[[W:.*]]: memref<8x128xi8>, %[[WS:.*]]: memref<8x2xf32>, %[[Y:.*]]: memref<16x8xf32>)
// CHECK-DAG:     %[[ZERO32:.*]] = arith.constant dense<0> : vector<2x2xi32>
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<2x2xf32>
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[C64:.*]] = arith.constant 64 : index
// CHECK-DAG:     %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG:     %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : index
// CHECK:         gpu.launch
// CHECK:           %[[GROUP:.*]] = arith.divui %{{.*}}, %[[C4]] : index
// CHECK:           %[[PAIR:.*]] = arith.remui %{{.*}}, %[[C4]] : index
// CHECK:           %[[ROW:.*]] = arith.addi %{{.*}}, %[[GROUP]] : index
// CHECK:           %[[COL:.*]] = arith.muli %[[PAIR]], %[[C2]] : index
// CHECK:           %[[SUMS:.*]] = scf.for %[[CHUNK:.*]] = %{{.*}} to %[[C2]] step %{{.*}} iter_args(%[[ACC:.*]] = %[[ZERO]]) -> (vector<2x2xf32>) {
// CHECK:             %[[START:.*]] = arith.muli %[[CHUNK]], %[[C64]] : index
// CHECK:             %[[INT:.*]] = scf.for %[[STEP:.*]] = %{{.*}} to %[[C2]] step %{{.*}} iter_args(%[[IACC:.*]] = %[[ZERO32]]) -> (vector<2x2xi32>) {
// CHECK:               %[[STEP_K:.*]] = arith.muli %[[STEP]], %[[C32]] : index
// CHECK:               %[[STEP_START:.*]] = arith.addi %[[START]], %[[STEP_K]] : index
// CHECK:               %[[LANE_K:.*]] = arith.muli %[[PAIR]], %[[C4]] : index
// CHECK:               %[[K0:.*]] = arith.addi %[[STEP_START]], %[[LANE_K]] : index
// CHECK:               %[[J0:.*]] = arith.remui %[[K0]], %[[C64]] : index
// CHECK:               %[[G0:.*]] = arith.divui %[[K0]], %[[C64]] : index
// CHECK:               %[[K16:.*]] = arith.addi %[[K0]], %[[C16]] : index
// CHECK:               %[[J16:.*]] = arith.remui %[[K16]], %[[C64]] : index
// CHECK:               %[[G16:.*]] = arith.divui %[[K16]], %[[C64]] : index
// CHECK:               %[[BOTTOM:.*]] = arith.addi %[[ROW]], %[[C8]] : index
// CHECK:               memref.load %[[Q]][%[[ROW]], %[[G0]], %[[J0]]]
// CHECK-COUNT-3:       memref.load %[[Q]][%[[ROW]],
// CHECK:               memref.load %[[Q]][%[[BOTTOM]], %[[G0]], %[[J0]]]
// CHECK-COUNT-3:       memref.load %[[Q]][%[[BOTTOM]],
// CHECK:               memref.load %[[Q]][%[[ROW]], %[[G16]], %[[J16]]]
// CHECK-COUNT-3:       memref.load %[[Q]][%[[ROW]],
// CHECK:               memref.load %[[Q]][%[[BOTTOM]], %[[G16]], %[[J16]]]
// CHECK-COUNT-3:       memref.load %[[Q]][%[[BOTTOM]],
// CHECK:               %[[A:.*]] = vector.from_elements {{.*}} : vector<4x4xi8>
// CHECK-COUNT-8:       memref.load %[[W]][%[[GROUP]],
// CHECK:               %[[B:.*]] = vector.from_elements {{.*}} : vector<2x4xi8>
// CHECK:               %[[D:.*]] = nvgpu.mma.sync(%[[A]], %[[B]], %[[IACC]]) {mmaShape = [16, 8, 32]} : (vector<4x4xi8>, vector<2x4xi8>, vector<2x2xi32>) -> vector<2x2xi32>
// CHECK:               scf.yield %[[D]] : vector<2x2xi32>
// CHECK:             %[[GROUP:.*]] = arith.divui %[[START]], %[[C64]] : index
// CHECK:             %[[S_TOP:.*]] = memref.load %[[XS]][%[[ROW]], %[[GROUP]]]
// CHECK:             %[[S_BOTTOM:.*]] = memref.load %[[XS]][%{{.*}}, %[[GROUP]]]
// CHECK:             %[[S_LEFT:.*]] = memref.load %[[WS]][%[[COL]], %[[GROUP]]]
// CHECK:             %[[S_RIGHT:.*]] = memref.load %[[WS]][%{{.*}}, %[[GROUP]]]
// CHECK:             %[[I00:.*]] = vector.extract %[[INT]][0, 0] : i32 from vector<2x2xi32>
// CHECK:             %[[F00:.*]] = arith.sitofp %[[I00]] : i32 to f32
// CHECK:             %[[S00:.*]] = arith.mulf %[[S_TOP]], %[[S_LEFT]] : f32
// CHECK:             %[[T00:.*]] = arith.mulf %[[F00]], %[[S00]] : f32
// CHECK:             %[[OLD00:.*]] = vector.extract %[[ACC]][0, 0] : f32 from vector<2x2xf32>
// CHECK:             arith.addf %[[OLD00]], %[[T00]] : f32
// CHECK:             arith.mulf %[[S_TOP]], %[[S_RIGHT]] : f32
// CHECK:             arith.mulf %[[S_BOTTOM]], %[[S_LEFT]] : f32
// CHECK:             arith.mulf %[[S_BOTTOM]], %[[S_RIGHT]] : f32
// CHECK:             %[[NEXT:.*]] = vector.from_elements {{.*}} : vector<2x2xf32>
// CHECK:             scf.yield %[[NEXT]] : vector<2x2xf32>
// CHECK:           vector.extract %[[SUMS]][0, 0]
// CHECK-COUNT-4:   memref.store %{{.*}}, %[[Y]]
// CHECK-NOT:       gpu.subgroup_reduce

// Without tensor cores: the dp4a form (compress-gpu-map-linalg-integer-dot.mlir).
// OFF-LABEL: func.func @int8_codes(
// OFF-NOT:     nvgpu.mma.sync
// OFF:         nvvm.dot.accumulate.4way
// OFF:         gpu.subgroup_reduce add

// -----

// The same with a scale per 16 values of j: chunks of 16 are shorter than
// an s8 mma.sync's 32, so the matmul takes the dp4a warp-per-output form.
#q = affine_map<(m, n, g, j) -> (m, g, j)>
#sa = affine_map<(m, n, g, j) -> (m, g)>
#o4 = affine_map<(m, n, g, j) -> (m, n)>
func.func @int8_codes_short_chunks(%q: memref<16x8x16xi8>, %xs: memref<16x8xf32>,
                                   %w: memref<8x128xi8>, %ws: memref<8x8xf32>,
                                   %y: memref<16x8xf32>) {
  linalg.generic {indexing_maps = [#q, #sa, #o4],
                  iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%q, %xs : memref<16x8x16xi8>, memref<16x8xf32>) outs(%y : memref<16x8xf32>) {
  ^bb0(%a: i8, %rowScale: f32, %out: f32):
    %n = linalg.index 1 : index
    %g = linalg.index 2 : index
    %j = linalg.index 3 : index
    %c16 = arith.constant 16 : index
    %base = arith.muli %g, %c16 : index
    %k = arith.addi %base, %j : index
    %code = memref.load %w[%n, %k] : memref<8x128xi8>
    %colScale = memref.load %ws[%n, %g] : memref<8x8xf32>
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

// CHECK-LABEL: func.func @int8_codes_short_chunks(
// CHECK-NOT:     nvgpu.mma.sync
// CHECK-COUNT-4: nvvm.dot.accumulate.4way
// CHECK:         gpu.subgroup_reduce add
