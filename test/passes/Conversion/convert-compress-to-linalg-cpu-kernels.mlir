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

// -----

// 2:4 along K with f16 kept values: x is reordered per 64 values ([16
// groups][4 positions] -> [4][16]); per run of 64, the 32 kept values are
// split into each group's first and second, the 8 position bytes are spread
// to one nibble per group (16 bytes), and bits of each nibble select the
// activation that a kept value multiplies (first at 0-2, second at 1-3).
// Without AVX-512 the same kernel runs.
!s24 = !compress.tensor<8x128xf32, #compress.sparse<nm = [2, 4], values = f16>>
// CHECK-LABEL: func.func @two_four_f16
// CHECK-SAME:    (%[[X:.*]]: tensor<1x128xf32>, %[[VALUES:.*]]: tensor<8x64xf16>, %[[POS:.*]]: tensor<8x16xi8>)
// CHECK-DAG:     %[[PB:.*]] = bufferization.to_buffer %[[POS]] read_only
// CHECK-DAG:     %[[VB:.*]] = bufferization.to_buffer %[[VALUES]] read_only
// CHECK:         tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2, 3]] output_shape [1, 2, 16, 4]
// CHECK:         %[[XB:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<1x128xf32> to memref<1x128xf32>
// CHECK:         scf.forall (%[[N:.*]]) in (8) {
// CHECK:           scf.for %{{.*}} iter_args
// CHECK-DAG:         memref.prefetch %[[VB]]
// CHECK-DAG:         memref.prefetch %[[PB]]
// CHECK:             %[[KEPT:.*]] = vector.load %[[VB]][%[[N]], %{{.*}}] : memref<8x64xf16>, vector<32xf16>
// CHECK:             %[[FIRST:.*]] = vector.shuffle %[[KEPT]], %[[KEPT]] [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]
// CHECK:             %[[FIRST32:.*]] = arith.extf %[[FIRST]] : vector<16xf16> to vector<16xf32>
// CHECK:             %[[SECOND:.*]] = vector.shuffle %[[KEPT]], %[[KEPT]] [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31]
// CHECK:             %[[SECOND32:.*]] = arith.extf %[[SECOND]]
// CHECK:             %[[BYTES:.*]] = vector.load %[[PB]][%[[N]], %{{.*}}] : memref<8x16xi8>, vector<8xi8>
// CHECK:             %[[HIGH:.*]] = arith.shrui %[[BYTES]]
// CHECK:             %[[NIBBLES:.*]] = vector.interleave %[[BYTES]], %[[HIGH]] : vector<8xi8> -> vector<16xi8>
// CHECK:             arith.andi %[[NIBBLES]]
// CHECK:             arith.cmpi ne
// CHECK-COUNT-4:     vector.load %[[XB]]
// CHECK-COUNT-4:     arith.select %{{.*}} : vector<16xi1>, vector<16xf32>
// CHECK:             vector.fma %[[FIRST32]]
// CHECK:             vector.fma %[[SECOND32]]
// CHECK:             scf.yield
func.func @two_four_f16(%x: tensor<1x128xf32>, %w: !s24) -> tensor<1x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<1x128xf32>, !s24 -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// 2:4 with int4 codes in groups of 128 kept values: a step is 64 code bytes
// (256 of K, 64 groups) that share one scale, folded into the 16-entry
// table. The bytes are 16 words and the 32 position bytes 16 halves, lane i
// holding groups 4i..4i+3 in both; x is reordered per 256 values ([16][16]
// -> [16][16] transposed). Byte t of each word gives two lookups (low
// nibble: first kept value, high: second), and bits 4t..4t+3 of each half
// the masks of its positions.
!s24q = !compress.tensor<8x512xf32, #compress.sparse<nm = [2, 4], values = #compress.uniform<bits = 4, block = [1, 128], scale = f16>>>
// CHECK-LABEL: func.func @two_four_int4
// CHECK-SAME:    (%{{.*}}: tensor<1x512xf32>, %[[CODES:.*]]: tensor<8x128xi8>, %[[SCALES:.*]]: tensor<8x2xf16>, %[[POS:.*]]: tensor<8x64xi8>)
// AVX512:        tensor.expand_shape %{{.*}} output_shape [1, 2, 16, 16]
// AVX512:        scf.forall
// AVX512:          scf.for
// AVX512:            %[[TABLE:.*]] = arith.mulf %{{.*}}, %{{.*}} : vector<16xf32>
// AVX512:            %[[BYTES:.*]] = vector.load %{{.*}} : memref<8x128xi8>, vector<64xi8>
// AVX512:            %[[WORDS:.*]] = vector.bitcast %[[BYTES]] : vector<64xi8> to vector<16xi32>
// AVX512:            %[[PBYTES:.*]] = vector.load %{{.*}} : memref<8x64xi8>, vector<32xi8>
// AVX512:            %[[HALVES:.*]] = vector.bitcast %[[PBYTES]] : vector<32xi8> to vector<16xi16>
// AVX512:            compress.lookup %[[TABLE]][%[[WORDS]]]
// AVX512:            compress.lookup %[[TABLE]]
// AVX512:            arith.andi %[[HALVES]]
// AVX512-COUNT-4:    arith.select %{{.*}} : vector<16xi1>, vector<16xf32>
// AVX512-COUNT-2:    vector.fma
// AVX512-COUNT-6:    compress.lookup %[[TABLE]]
// AVX512:            scf.yield
// GENERIC-NOT:   scf.forall
// GENERIC:       linalg.generic
func.func @two_four_int4(%x: tensor<1x512xf32>, %w: !s24q) -> tensor<1x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<1x512xf32>, !s24q -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// A 4-bit codebook per row: the int4 kernel with the row's 16 codewords
// (f16, widened) as the lookup table; nothing to scale.
!lut = !compress.tensor<8x256xf32, #compress.lut<bits = 4, codebook = f16, codebook_axis = 0>>
// CHECK-LABEL: func.func @lut4_channel
// CHECK-SAME:    (%{{.*}}: tensor<1x256xf32>, %[[IDX:.*]]: tensor<8x128xi8>, %[[BOOKS:.*]]: tensor<8x1x16x1xf16>)
// AVX512:        %[[FLAT:.*]] = tensor.collapse_shape %[[BOOKS]] {{\[\[}}0, 1], [2, 3]] : tensor<8x1x16x1xf16> into tensor<8x16xf16>
// AVX512:        %[[BB:.*]] = bufferization.to_buffer %[[FLAT]] read_only
// AVX512:        scf.forall (%[[N:.*]]) in (8) {
// AVX512:          scf.for
// AVX512:            %[[BOOK:.*]] = vector.load %[[BB]][%{{.*}}, %{{.*}}] : memref<8x16xf16>, vector<16xf16>
// AVX512:            %[[TABLE:.*]] = arith.extf %[[BOOK]] : vector<16xf16> to vector<16xf32>
// AVX512-COUNT-8:    compress.lookup %[[TABLE]]
// AVX512-NOT:        arith.mulf
// AVX512:            scf.yield
// GENERIC-NOT:   scf.forall
func.func @lut4_channel(%x: tensor<1x256xf32>, %w: !lut) -> tensor<1x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<1x256xf32>, !lut -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

// Not covered: 2:4 along the rows of a [K, N] weight, 1:4, codebooks with
// groups smaller than a step (64 of K), a fixed table (nf4). All keep the
// fused linalg.generic.
!cols = !compress.tensor<128x8xf32, #compress.sparse<nm = [2, 4], axis = 0, values = f16>>
!one4 = !compress.tensor<8x128xf32, #compress.sparse<nm = [1, 4], values = f16>>
!lut32 = !compress.tensor<8x256xf32, #compress.lut<bits = 4, codebook = f16, codebook_block = [1, 32]>>
!nf4 = !compress.tensor<8x256xf32, #compress.lut<table = nf4, block = [1, 64], scale = f16>>
// CHECK-LABEL: func.func @sparse_lut_fallbacks
// CHECK-NOT:     scf.forall
// CHECK-COUNT-4: linalg.generic
// CHECK-NOT:     scf.forall
func.func @sparse_lut_fallbacks(%x: tensor<1x128xf32>, %x2: tensor<1x256xf32>, %a: !cols, %b: !one4, %c: !lut32, %d: !nf4) -> (tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>) {
  %ya = compress.matmul %x, %a acc(f32) : tensor<1x128xf32>, !cols -> tensor<1x8xf32>
  %yb = compress.matmul %x, %b transpose_rhs acc(f32) : tensor<1x128xf32>, !one4 -> tensor<1x8xf32>
  %yc = compress.matmul %x2, %c transpose_rhs acc(f32) : tensor<1x256xf32>, !lut32 -> tensor<1x8xf32>
  %yd = compress.matmul %x2, %d transpose_rhs acc(f32) : tensor<1x256xf32>, !nf4 -> tensor<1x8xf32>
  return %ya, %yb, %yc, %yd : tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>
}

// -----

// A body plus CSR outliers (SpQR-like): the body's kernel, and before each
// y[m, n] is stored, the row's outliers 16 at a time (masked loads of values
// and columns, a gather of x in its original order).
!spqr = !compress.tensor<8x256xf32, #compress.sum<#compress.uniform<bits = 4, block = [1, 128], scale = f16>, #compress.sparse<csr, nnz = 20, index = i16, values = f16>>>
// CHECK-LABEL: func.func @int4_outliers
// CHECK-SAME:    (%[[X:.*]]: tensor<1x256xf32>, %{{.*}}: tensor<8x128xi8>, %{{.*}}: tensor<8x2xf16>, %[[VALS:.*]]: tensor<20xf16>, %[[PTR:.*]]: tensor<9xi16>, %[[COLS:.*]]: tensor<20xi16>)
// CHECK-DAG:     %[[XO:.*]] = bufferization.to_buffer %[[X]] read_only : tensor<1x256xf32> to memref<1x256xf32>
// CHECK:         scf.forall (%[[N:.*]]) in (8) {
// AVX512:            compress.lookup
// CHECK:           %[[BODY:.*]] = vector.reduction <add>
// CHECK:           tensor.extract %[[PTR]][%[[N]]]
// CHECK:           %[[OUT:.*]] = scf.for %{{.*}} step %c16{{.*}} iter_args
// CHECK:             vector.create_mask
// CHECK:             vector.maskedload {{.*}} vector<16xf16>
// CHECK:             vector.maskedload {{.*}} vector<16xi16>
// CHECK:             arith.extsi {{.*}} to vector<16xi32>
// CHECK:             vector.gather %[[XO]]
// CHECK:             vector.fma
// CHECK:           %[[SUM:.*]] = vector.reduction <add>, %[[OUT]]
// CHECK:           %[[TOTAL:.*]] = arith.addf %[[BODY]], %[[SUM]]
// CHECK:           memref.store %[[TOTAL]]
func.func @int4_outliers(%x: tensor<1x256xf32>, %w: !spqr) -> tensor<1x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<1x256xf32>, !spqr -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}
