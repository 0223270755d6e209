// RUN: compress-opt %s --split-input-file --convert-compress-to-linalg="cpu-features=+avx512f,+avx512bw,+avx512vnni" --canonicalize --cse | FileCheck %s --check-prefixes=CHECK,AVX512
// RUN: compress-opt %s --split-input-file --convert-compress-to-linalg="cpu-features=generic" --canonicalize --cse | FileCheck %s --check-prefixes=CHECK,GENERIC

// The CPU kernels of convert-compress-to-linalg (docs/codegen.md, "CPU
// kernels"): which matmuls get one, and the loop nest it is. With AVX-512 the
// nibbles are decoded by compress.lookup (vpermd); elsewhere by a shift pair
// and an int-to-float conversion.

// int4, groups of 128, one activation row. The activations are reordered
// per 128 values ([16 lanes][8 nibbles] -> [8][16]); each weight row is one
// parallel iteration that prefetches the next row and reads 64 bytes (16
// words) per step.
!w4 = !compress.tensor<64x256xf32, #compress.uniform<bits = 4, block = [1, 128], scale = f32>>
// CHECK-LABEL: func.func @int4_g128
// CHECK-SAME:    (%[[X:.*]]: tensor<1x256xf32>, %[[CODES:.*]]: tensor<64x128xi8>, %[[SCALES:.*]]: tensor<64x2xf32>)
// CHECK-DAG:     %[[CB:.*]] = bufferization.to_buffer %[[CODES]] read_only : tensor<64x128xi8> to memref<64x128xi8>
// CHECK-DAG:     %[[XE:.*]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2, 3]] output_shape [1, 2, 16, 8]
// CHECK:         %[[XT:.*]] = linalg.transpose ins(%[[XE]] : tensor<1x2x16x8xf32>) outs(%{{.*}} : tensor<1x2x8x16xf32>) permutation = [0, 1, 3, 2]
// CHECK:         %[[XC:.*]] = tensor.collapse_shape %[[XT]]
// CHECK:         %[[XB:.*]] = bufferization.to_buffer %[[XC]] read_only : tensor<1x256xf32> to memref<1x256xf32>
// CHECK:         %[[Y:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x64xf32>
// CHECK:         scf.forall (%[[N:.*]]) in (64) {
// CHECK:           %[[NEXT:.*]] = arith.minsi
// CHECK:           scf.for %[[S:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args
// CHECK:             memref.prefetch %[[CB]][%[[NEXT]], %{{.*}}], read, locality<0>, data
// CHECK:             %[[BYTES:.*]] = vector.load %[[CB]][%[[N]], %{{.*}}] : memref<64x128xi8>, vector<64xi8>
// CHECK:             %[[WORDS:.*]] = vector.bitcast %[[BYTES]] : vector<64xi8> to vector<16xi32>
// AVX512:            %[[TABLE:.*]] = arith.mulf %{{.*}}, %{{.*}} : vector<16xf32>
// AVX512:            compress.lookup %[[TABLE]][%[[WORDS]]] : vector<16xf32>, vector<16xi32>
// AVX512-COUNT-7:    compress.lookup %[[TABLE]][%{{.*}}]
// GENERIC-NOT:       compress.lookup
// GENERIC:           arith.shli %[[WORDS]], %{{.*}} : vector<16xi32>
// GENERIC:           arith.shrsi
// GENERIC:           arith.sitofp %{{.*}} : vector<16xi32> to vector<16xf32>
// CHECK:             vector.load %[[XB]][%{{.*}}, %{{.*}}] : memref<1x256xf32>, vector<16xf32>
// CHECK:             vector.fma
// CHECK:             scf.yield
// CHECK:           vector.reduction <add>, %{{.*}} fastmath<reassoc,contract> : vector<16xf32> into f32
// CHECK:           memref.store %{{.*}}, %[[Y]][%{{.*}}, %[[N]]] : memref<1x64xf32>
// CHECK:         bufferization.to_tensor %[[Y]] restrict writable : memref<1x64xf32> to tensor<1x64xf32>
func.func @int4_g128(%x: tensor<1x256xf32>, %w: !w4) -> tensor<1x64xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<1x256xf32>, !w4 -> tensor<1x64xf32>
  return %y : tensor<1x64xf32>
}

// -----

// int8 with one scale per row: the scale multiplies the row's sum once; the
// activations are reordered per 64 values ([16][4] -> [4][16]), and a
// dynamic number of rows is computed in passes of 512 rows (x stays in L2),
// each in blocks of 4 rows that share the decoded weights, then one by one.
!w8 = !compress.tensor<40x128xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f16>>
// CHECK-LABEL: func.func @int8_channel_rows
// CHECK:         tensor.expand_shape %{{.*}} output_shape [%{{.*}}, 2, 16, 4]
// CHECK:         memref.alloc(%[[ROWS:.*]]) {alignment = 64 : i64} : memref<?x40xf32>
// CHECK:         scf.for %[[M0:.*]] = %{{.*}} to %[[ROWS]] step %c512
// CHECK:           %[[MEND:.*]] = arith.minsi
// CHECK:           scf.forall
// CHECK:             scf.for %{{.*}} = %[[M0]] to %{{.*}} step %c4
// CHECK-COUNT-4:       vector.reduction <add>
// CHECK:             scf.for %{{.*}} = %{{.*}} to %[[MEND]] step %c1
// CHECK:             vector.bitcast %{{.*}} : vector<64xi8> to vector<16xi32>
// CHECK-NOT:         compress.lookup
// CHECK:             arith.sitofp
// CHECK:           %[[SUM:.*]] = vector.reduction <add>
// CHECK:           arith.mulf %[[SUM]], %{{.*}} : f32
func.func @int8_channel_rows(%x: tensor<?x128xf32>, %w: !w8) -> tensor<?x40xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<?x128xf32>, !w8 -> tensor<?x40xf32>
  return %y : tensor<?x40xf32>
}

// -----

// int8 activations: quantized per block of 128 (max |x|, roundeven, clamp),
// the per-group sums that the unsigned weight codes (code + 8 = code XOR
// 0x88) add, taken back per row; bytes multiplied by compress.dot_u8i8 with
// per-lane weight scales (groups of 32: 4 lanes each).
!w = !compress.tensor<40x256xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f16>>
// CHECK-LABEL: func.func @int4_g32_int8_activations
// CHECK:         math.absf
// CHECK:         arith.maximumf
// CHECK:         math.roundeven
// CHECK:         arith.fptosi %{{.*}} : f32 to i8
// CHECK:         linalg.transpose ins(%{{.*}} : tensor<3x2x64x2xi8>) outs(%{{.*}} : tensor<3x2x2x64xi8>) permutation = [0, 1, 3, 2]
// Several activation rows: two weight rows per iteration share each
// activation load.
// CHECK:         scf.forall (%{{.*}}) in (20)
// CHECK:             %[[RAW:.*]] = vector.load %{{.*}} : memref<40x128xi8>, vector<64xi8>
// CHECK:             %[[U:.*]] = arith.xori %[[RAW]], %{{.*}} : vector<64xi8>
// CHECK:             %[[LO:.*]] = arith.andi %[[U]], %{{.*}} : vector<64xi8>
// CHECK:             %[[HI:.*]] = arith.shrui %[[U]], %{{.*}} : vector<64xi8>
// CHECK:             %[[D0:.*]] = compress.dot_u8i8 %{{.*}}, %[[LO]], %{{.*}} : vector<64xi8> -> vector<16xi32>
// CHECK:             %[[D1:.*]] = compress.dot_u8i8 %[[D0]], %[[HI]], %{{.*}} : vector<64xi8> -> vector<16xi32>
// CHECK:             %[[WS:.*]] = vector.shuffle %{{.*}}, %{{.*}} [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]
// CHECK:             %[[SCALE:.*]] = arith.mulf %[[WS]], %{{.*}} : vector<16xf32>
// CHECK:             %[[F:.*]] = arith.sitofp %[[D1]] : vector<16xi32> to vector<16xf32>
// CHECK:             vector.fma %[[F]], %[[SCALE]], %{{.*}} : vector<16xf32>
// CHECK:           %[[SUM:.*]] = vector.reduction <add>
// CHECK:           %[[OFFSET:.*]] = scf.for
// CHECK:             math.fma
// CHECK:           arith.subf %[[SUM]], %[[OFFSET]] : f32
func.func @int4_g32_int8_activations(%x: tensor<3x256xf32>, %w: !w) -> tensor<3x40xf32> {
  %y = compress.matmul %x, %w transpose_rhs int8_activations(128) acc(f32) : tensor<3x256xf32>, !w -> tensor<3x40xf32>
  return %y : tensor<3x40xf32>
}

// -----

// Not covered by a kernel: K = 72 is no whole number of 64-byte steps, and a
// zero point is not folded. Both keep the fused linalg.generic.
!odd = !compress.tensor<8x72xf32, #compress.uniform<bits = 4, block = [1, 8], scale = f32>>
!asym = !compress.tensor<8x128xf32, #compress.uniform<bits = 4, unsigned, block = [1, 32], scale = f32, zero_point = ui4>>
// CHECK-LABEL: func.func @fallbacks
// CHECK-NOT:     scf.forall
// CHECK-COUNT-2: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", {{.*}}"reduction"
// CHECK-NOT:     scf.forall
func.func @fallbacks(%x: tensor<2x72xf32>, %w: !odd, %x2: tensor<2x128xf32>, %w2: !asym) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<2x72xf32>, !odd -> tensor<2x8xf32>
  %y2 = compress.matmul %x2, %w2 transpose_rhs acc(f32) : tensor<2x128xf32>, !asym -> tensor<2x8xf32>
  return %y, %y2 : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// int8 activations without a kernel: the generic lowering multiplies the
// dequantized activations (scale * code per block of 8).
!odd = !compress.tensor<8x72xf32, #compress.uniform<bits = 4, block = [1, 8], scale = f32>>
// CHECK-LABEL: func.func @fallback_int8_activations
// CHECK:         math.roundeven
// CHECK:         arith.fptosi %{{.*}} : f32 to i8
// CHECK:         arith.sitofp %{{.*}} : i8 to f32
// CHECK:         linalg.generic
// CHECK-NOT:     scf.forall
func.func @fallback_int8_activations(%x: tensor<2x72xf32>, %w: !odd) -> tensor<2x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs int8_activations(8) acc(f32) : tensor<2x72xf32>, !odd -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

// f32 activations whose row overflows L1 (K = 8192: 32 KiB): K is cut into
// chunks of 48 steps (6144 values, 24 KiB of x), each a parallel loop over
// the weight rows that adds its part to y.
!big = !compress.tensor<16x8192xf32, #compress.uniform<bits = 4, block = [1, 128], scale = f32>>
// CHECK-LABEL: func.func @k_chunks
// CHECK:         %[[Y:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x16xf32>
// CHECK:         scf.for %[[CHUNK:.*]] = %c0 to %c2 step %c1 {
// CHECK:           %[[BEGIN:.*]] = arith.muli %[[CHUNK]], %c48 : index
// CHECK:           %[[END:.*]] = arith.minsi %{{.*}}, %c64 : index
// CHECK:           %[[LATER:.*]] = arith.cmpi ne, %[[CHUNK]], %c0 : index
// CHECK:           scf.forall (%[[N:.*]]) in (16) {
// CHECK:             scf.for %{{.*}} = %[[BEGIN]] to %[[END]] step %c1 iter_args
// CHECK:             %[[EARLIER:.*]] = memref.load %[[Y]][%{{.*}}, %[[N]]] : memref<1x16xf32>
// CHECK:             %[[SUM:.*]] = arith.addf %[[EARLIER]], %{{.*}} : f32
// CHECK:             %[[TOTAL:.*]] = arith.select %[[LATER]], %[[SUM]], %{{.*}} : f32
// CHECK:             memref.store %[[TOTAL]], %[[Y]][%{{.*}}, %[[N]]] : memref<1x16xf32>
func.func @k_chunks(%x: tensor<1x8192xf32>, %w: !big) -> tensor<1x16xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<1x8192xf32>, !big -> tensor<1x16xf32>
  return %y : tensor<1x16xf32>
}
