// RUN: compress-opt %s --split-input-file --convert-compress-to-linalg \
// RUN:   | FileCheck %s --implicit-check-not=compress.

// A sum accumulates one term after the other: the second generic starts
// from the first one's result. The plain f16 term reads its stored field.
!sum = !compress.tensor<8x16xf32, #compress.sum<#compress.uniform<bits = 8, per_axis = 0, scale = f32>, f16>>
func.func @sum(%x: tensor<3x16xf32>, %w: !sum) -> tensor<3x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x16xf32>, !sum -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// CHECK-LABEL: func.func @sum(
// CHECK-SAME:      %[[X:.*]]: tensor<3x16xf32>, %[[CODES:.*]]: tensor<8x16xi8>, %[[SCALES:.*]]: tensor<8x1xf32>, %[[TERM1:.*]]: tensor<8x16xf16>)
// CHECK:         %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<3x8xf32>
// CHECK:         %[[T0:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<3x16xf32>) outs(%[[ZERO]] : tensor<3x8xf32>)
// CHECK:           tensor.extract %[[CODES]]
// CHECK:           tensor.extract %[[SCALES]]
// CHECK:         %[[T1:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<3x16xf32>) outs(%[[T0]] : tensor<3x8xf32>)
// CHECK:           %[[V:.*]] = tensor.extract %[[TERM1]]
// CHECK:           arith.extf %[[V]] : f16 to f32
// CHECK:         return %[[T1]]

// -----

// Low rank, W[N, K] = U V: t = x V^T (rank wide), then y = t U^T.
!lr = !compress.tensor<8x16xf32, #compress.lowrank<rank = 2, u = f16,
    v = #compress.uniform<bits = 8, per_axis = 0, scale = f32>>>
func.func @lowrank(%x: tensor<3x16xf32>, %w: !lr) -> tensor<3x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x16xf32>, !lr -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// CHECK-LABEL: func.func @lowrank(
// CHECK-SAME:      %[[X:.*]]: tensor<3x16xf32>, %[[U:.*]]: tensor<8x2xf16>, %[[VCODES:.*]]: tensor<2x16xi8>, %[[VSCALES:.*]]: tensor<2x1xf32>)
// CHECK:         %[[T:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<3x16xf32>) outs(%{{.*}} : tensor<3x2xf32>)
// CHECK:           tensor.extract %[[VCODES]]
// CHECK:           tensor.extract %[[VSCALES]]
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[T]] : tensor<3x2xf32>) outs(%{{.*}} : tensor<3x8xf32>)
// CHECK:           tensor.extract %[[U]]
// CHECK:         return %[[Y]]

// -----

// Low rank, W[K, N] = U V: t = x U, then y = t V.
!lr = !compress.tensor<16x8xf32, #compress.lowrank<rank = 3, u = f32, v = f16>>
func.func @lowrank_kn(%x: tensor<3x16xf32>, %w: !lr) -> tensor<3x8xf32> {
  %y = compress.matmul %x, %w acc(f32) : tensor<3x16xf32>, !lr -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// CHECK-LABEL: func.func @lowrank_kn(
// CHECK-SAME:      %[[X:.*]]: tensor<3x16xf32>, %[[U:.*]]: tensor<16x3xf32>, %[[V:.*]]: tensor<3x8xf16>)
// CHECK:         %[[T:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<3x16xf32>) outs(%{{.*}} : tensor<3x3xf32>)
// CHECK:           tensor.extract %[[U]]
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} ins(%[[T]] : tensor<3x3xf32>) outs(%{{.*}} : tensor<3x8xf32>)
// CHECK:           tensor.extract %[[V]]
// CHECK:         return %[[Y]]

// -----

// Low rank in an f16 tensor goes through its factors too (compress.matmul
// is defined through them, docs/encodings.md): no element is decoded, so
// none is rounded to f16, and no dense 8x16 weight is built.
!lr = !compress.tensor<8x16xf16, #compress.lowrank<rank = 2, u = f16, v = f16>>
func.func @lowrank_f16_tensor(%x: tensor<3x16xf32>, %w: !lr) -> tensor<3x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x16xf32>, !lr -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// CHECK-LABEL: func.func @lowrank_f16_tensor(
// CHECK-SAME:      %[[X:.*]]: tensor<3x16xf32>, %[[U:.*]]: tensor<8x2xf16>, %[[V:.*]]: tensor<2x16xf16>)
// CHECK-NOT:     tensor<8x16xf32>
// CHECK:         %[[T:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<3x16xf32>) outs(%{{.*}} : tensor<3x2xf32>)
// CHECK:           tensor.extract %[[V]]
// CHECK-NOT:       arith.truncf
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} ins(%[[T]] : tensor<3x2xf32>) outs(%{{.*}} : tensor<3x8xf32>)
// CHECK:           tensor.extract %[[U]]
// CHECK-NOT:       arith.truncf
// CHECK:         return %[[Y]]

// -----

// A sum with a low-rank term in an f16 tensor (EoRA-like) accumulates term
// after term, the low-rank one through its intermediate; the int4 term's
// elements are not rounded to f16 either.
!eora = !compress.tensor<8x16xf16, #compress.sum<
    #compress.uniform<bits = 4, block = [1, 8], scale = f16>,
    #compress.lowrank<rank = 2, u = f16, v = f16>>>
func.func @sum_lowrank_f16_tensor(%x: tensor<3x16xf32>, %w: !eora) -> tensor<3x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x16xf32>, !eora -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// CHECK-LABEL: func.func @sum_lowrank_f16_tensor(
// CHECK-SAME:      %[[X:.*]]: tensor<3x16xf32>, %[[CODES:.*]]: tensor<8x8xi8>, %[[SCALES:.*]]: tensor<8x2xf16>, %[[U:.*]]: tensor<8x2xf16>, %[[V:.*]]: tensor<2x16xf16>)
// CHECK-NOT:     tensor<8x16xf32>
// CHECK:         %[[T0:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<3x8xf32>)
// CHECK:           tensor.extract %[[CODES]]
// CHECK-NOT:       arith.truncf
// CHECK:         %[[T:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<3x16xf32>) outs(%{{.*}} : tensor<3x2xf32>)
// CHECK:           tensor.extract %[[V]]
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} ins(%[[T]] : tensor<3x2xf32>) outs(%[[T0]] : tensor<3x8xf32>)
// CHECK:           tensor.extract %[[U]]
// CHECK-NOT:       arith.truncf
// CHECK:         return %[[Y]]

// -----

// 2:4 along the reduction: per output, a loop over the groups of 4 inputs;
// each of the 2 kept slots reads its value and its 2-bit position and the
// activation at 4 g + position.
!nm = !compress.tensor<8x16xf32, #compress.sparse<nm = [2, 4], values = f16>>
func.func @nm(%x: tensor<3x16xf32>, %w: !nm) -> tensor<3x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x16xf32>, !nm -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// CHECK-LABEL: func.func @nm(
// CHECK-SAME:      %[[X:.*]]: tensor<3x16xf32>, %[[VALUES:.*]]: tensor<8x8xf16>, %[[POSITIONS:.*]]: tensor<8x2xi8>)
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} outs(%{{.*}} : tensor<3x8xf32>)
// CHECK-DAG:       %[[M:.*]] = linalg.index 0 : index
// CHECK-DAG:       %[[N:.*]] = linalg.index 1 : index
// CHECK:           scf.for %[[G:[a-z0-9_]+]] = %{{.*}} to %c4 step
// CHECK:             %[[BASE:.*]] = arith.muli %[[G]], %{{.*}} : index
// CHECK:             %[[BYTE:.*]] = tensor.extract %[[POSITIONS]][%[[N]], %{{.*}}] : tensor<8x2xi8>
// CHECK:             %[[BITS:.*]] = arith.andi
// CHECK:             %[[POS:.*]] = arith.index_castui %[[BITS]] : i8 to index
// CHECK:             %[[K:.*]] = arith.addi %[[BASE]], %[[POS]] : index
// CHECK:             tensor.extract %[[X]][%[[M]], %[[K]]] : tensor<3x16xf32>
// CHECK:             tensor.extract %[[VALUES]][%[[N]], %{{.*}}] : tensor<8x8xf16>
// CHECK:             tensor.extract %[[POSITIONS]]
// CHECK:             tensor.extract %[[X]]
// CHECK:             tensor.extract %[[VALUES]]
// CHECK:             scf.yield

// -----

// CSR: output n loops over its values row_ptr[n] .. row_ptr[n+1] - 1 and
// reads the activation at each value's column.
!csr = !compress.tensor<8x16xf32, #compress.sparse<csr, nnz = 5, index = i16, values = f16>>
func.func @csr(%x: tensor<3x16xf32>, %w: !csr) -> tensor<3x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x16xf32>, !csr -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// CHECK-LABEL: func.func @csr(
// CHECK-SAME:      %[[X:.*]]: tensor<3x16xf32>, %[[VALUES:.*]]: tensor<5xf16>, %[[PTR:.*]]: tensor<9xi16>, %[[COLS:.*]]: tensor<5xi16>)
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} outs(%{{.*}} : tensor<3x8xf32>)
// CHECK-DAG:       %[[M:.*]] = linalg.index 0 : index
// CHECK-DAG:       %[[N:.*]] = linalg.index 1 : index
// CHECK:           %[[LO16:.*]] = tensor.extract %[[PTR]][%[[N]]] : tensor<9xi16>
// CHECK:           %[[LO:.*]] = arith.index_cast %[[LO16]] : i16 to index
// CHECK:           %[[NEXT:.*]] = arith.addi %[[N]], %{{.*}} : index
// CHECK:           %[[HI16:.*]] = tensor.extract %[[PTR]][%[[NEXT]]] : tensor<9xi16>
// CHECK:           %[[HI:.*]] = arith.index_cast %[[HI16]] : i16 to index
// CHECK:           scf.for %[[K:[a-z0-9_]+]] = %[[LO]] to %[[HI]] step
// CHECK:             %[[COL16:.*]] = tensor.extract %[[COLS]][%[[K]]] : tensor<5xi16>
// CHECK:             %[[COL:.*]] = arith.index_cast %[[COL16]] : i16 to index
// CHECK:             tensor.extract %[[X]][%[[M]], %[[COL]]] : tensor<3x16xf32>
// CHECK:             tensor.extract %[[VALUES]][%[[K]]] : tensor<5xf16>

// -----

// Blocks of 1x4: output n loops over the kept blocks of its block row, then
// over the 4 columns of each block.
!bsr = !compress.tensor<8x16xf32, #compress.sparse<block = [1, 4], kept = 6, index = i16, values = f32>>
func.func @blocks(%x: tensor<3x16xf32>, %w: !bsr) -> tensor<3x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x16xf32>, !bsr -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// CHECK-LABEL: func.func @blocks(
// CHECK-SAME:      %[[X:.*]]: tensor<3x16xf32>, %[[VALUES:.*]]: tensor<6x4xf32>, %[[PTR:.*]]: tensor<9xi16>, %[[COLS:.*]]: tensor<6xi16>)
// CHECK:         linalg.generic
// CHECK:           tensor.extract %[[PTR]]
// CHECK:           tensor.extract %[[PTR]]
// CHECK:           scf.for %[[B:[a-z0-9_]+]] =
// CHECK:             tensor.extract %[[COLS]][%[[B]]] : tensor<6xi16>
// CHECK:             scf.for
// CHECK:               tensor.extract %[[X]]
// CHECK:               tensor.extract %[[VALUES]][%[[B]], %{{.*}}] : tensor<6x4xf32>

// -----

// Bitmap: the values offset of each row first (its set bits counted once),
// then each row walks its mask bits and takes the next value at a set bit.
!bitmap = !compress.tensor<8x16xf32, #compress.sparse<bitmap, nnz = 9, values = f16>>
func.func @bitmap(%x: tensor<3x16xf32>, %w: !bitmap) -> tensor<3x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x16xf32>, !bitmap -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// CHECK-LABEL: func.func @bitmap(
// CHECK-SAME:      %[[X:.*]]: tensor<3x16xf32>, %[[VALUES:.*]]: tensor<9xf16>, %[[MASK:.*]]: tensor<8x2xi8>)
// CHECK:         %[[OFFSETS:.*]]:2 = scf.for
// CHECK:           tensor.insert %{{.*}} into %{{.*}} : tensor<8xindex>
// CHECK:           scf.for
// CHECK:             tensor.extract %[[MASK]]
// CHECK:         linalg.generic
// CHECK:           %[[START:.*]] = tensor.extract %[[OFFSETS]]#0
// CHECK:           scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %[[START]]) -> (f32, index)
// CHECK:             tensor.extract %[[MASK]]
// CHECK:             scf.if
// CHECK:               tensor.extract %[[X]]
// CHECK:               tensor.extract %[[VALUES]]

// -----

// Permuted along the reduction: the activations are gathered through perm,
// then multiplied by the body.
!p = !compress.tensor<8x16xf32, #compress.permuted<axis = 1, body = f16>>
func.func @permuted(%x: tensor<3x16xf32>, %w: !p) -> tensor<3x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x16xf32>, !p -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// CHECK-LABEL: func.func @permuted(
// CHECK-SAME:      %[[X:.*]]: tensor<3x16xf32>, %[[PERM:.*]]: tensor<16xi32>, %[[BODY:.*]]: tensor<8x16xf16>)
// CHECK:         %[[XP:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<3x16xf32>)
// CHECK-DAG:       %[[M:.*]] = linalg.index 0 : index
// CHECK-DAG:       %[[J:.*]] = linalg.index 1 : index
// CHECK:           %[[P32:.*]] = tensor.extract %[[PERM]][%[[J]]] : tensor<16xi32>
// CHECK:           %[[P:.*]] = arith.index_cast %[[P32]] : i32 to index
// CHECK:           %[[V:.*]] = tensor.extract %[[X]][%[[M]], %[[P]]] : tensor<3x16xf32>
// CHECK:           linalg.yield %[[V]]
// CHECK:         linalg.generic {{.*}} ins(%[[XP]] : tensor<3x16xf32>)
// CHECK:           tensor.extract %[[BODY]]

// -----

// Permuted along the other axis: the inverse permutation is computed once,
// and the decode reads the body at inverse[n].
!p = !compress.tensor<8x16xf32, #compress.permuted<axis = 0, body = f16>>
func.func @permuted_rows(%w: !p) -> tensor<8x16xf32> {
  %d = compress.decode %w : !p -> tensor<8x16xf32>
  return %d : tensor<8x16xf32>
}

// CHECK-LABEL: func.func @permuted_rows(
// CHECK-SAME:      %[[PERM:.*]]: tensor<8xi32>, %[[BODY:.*]]: tensor<8x16xf16>)
// CHECK:         %[[INVERSE:.*]] = scf.for %[[J:[a-z0-9_]+]] = {{.*}} -> (tensor<8xindex>)
// CHECK:           %[[P32:.*]] = tensor.extract %[[PERM]][%[[J]]] : tensor<8xi32>
// CHECK:           %[[P:.*]] = arith.index_cast %[[P32]] : i32 to index
// CHECK:           tensor.insert %[[J]] into %{{.*}}[%[[P]]] : tensor<8xindex>
// CHECK:         linalg.generic
// CHECK:           %[[N:.*]] = linalg.index 0 : index
// CHECK:           %[[K:.*]] = linalg.index 1 : index
// CHECK:           %[[ROW:.*]] = tensor.extract %[[INVERSE]][%[[N]]] : tensor<8xindex>
// CHECK:           tensor.extract %[[BODY]][%[[ROW]], %[[K]]] : tensor<8x16xf16>

// -----

// CSR decoded: scattered once into a zero-filled matrix, which the decode
// reads.
!csr = !compress.tensor<8x16xf32, #compress.sparse<csr, nnz = 5, index = i16, values = f16>>
func.func @decode_csr(%w: !csr) -> tensor<8x16xf32> {
  %d = compress.decode %w : !csr -> tensor<8x16xf32>
  return %d : tensor<8x16xf32>
}

// CHECK-LABEL: func.func @decode_csr(
// CHECK-SAME:      %[[VALUES:.*]]: tensor<5xf16>, %[[PTR:.*]]: tensor<9xi16>, %[[COLS:.*]]: tensor<5xi16>)
// CHECK:         %[[ZERO:.*]] = linalg.fill {{.*}} -> tensor<8x16xf32>
// CHECK:         %[[DENSE:.*]] = scf.for %[[R:[a-z0-9_]+]] = {{.*}} iter_args(%{{.*}} = %[[ZERO]]) -> (tensor<8x16xf32>)
// CHECK:           scf.for %[[K:[a-z0-9_]+]] =
// CHECK:             %[[COL16:.*]] = tensor.extract %[[COLS]][%[[K]]]
// CHECK:             %[[COL:.*]] = arith.index_cast %[[COL16]]
// CHECK:             %[[V:.*]] = arith.extf
// CHECK:             tensor.insert %[[V]] into %{{.*}}[%[[R]], %[[COL]]] : tensor<8x16xf32>
// CHECK:         linalg.generic
// CHECK:           tensor.extract %[[DENSE]]

// -----

// N:M decoded in place: the element is kept where one of its group's
// positions equals its offset in the group.
!nm = !compress.tensor<2x8xf32, #compress.sparse<nm = [2, 4], values = f16>>
func.func @decode_nm(%w: !nm) -> tensor<2x8xf32> {
  %d = compress.decode %w : !nm -> tensor<2x8xf32>
  return %d : tensor<2x8xf32>
}

// CHECK-LABEL: func.func @decode_nm(
// CHECK-SAME:      %[[VALUES:.*]]: tensor<2x4xf16>, %[[POSITIONS:.*]]: tensor<2x1xi8>)
// CHECK:         linalg.generic
// CHECK:           %[[OFFSET:.*]] = arith.remui
// CHECK:           tensor.extract %[[POSITIONS]]
// CHECK:           %[[MATCH0:.*]] = arith.cmpi eq, %{{.*}}, %[[OFFSET]] : index
// CHECK:           tensor.extract %[[POSITIONS]]
// CHECK:           %[[MATCH1:.*]] = arith.cmpi eq, %{{.*}}, %[[OFFSET]] : index
// CHECK:           %[[SLOT:.*]] = arith.select %[[MATCH1]]
// CHECK:           %[[FOUND:.*]] = arith.ori %{{.*}}, %[[MATCH1]] : i1
// CHECK:           tensor.extract %[[VALUES]]
// CHECK:           arith.select %[[FOUND]]

// -----

// A product with a low-rank factor (BitStack): decoding an element loops over
// the rank, so the weight is decoded once (sign times the rank-2 dot
// product), then multiplied as a dense matrix.
!p = !compress.tensor<8x16xf32, #compress.product<#compress.lut<table = sign>,
    #compress.lowrank<rank = 2, u = f16, v = f16>>>
func.func @product(%x: tensor<3x16xf32>, %w: !p) -> tensor<3x8xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x16xf32>, !p -> tensor<3x8xf32>
  return %y : tensor<3x8xf32>
}

// CHECK-LABEL: func.func @product(
// CHECK-SAME:      %[[X:.*]]: tensor<3x16xf32>, %[[SIGNS:.*]]: tensor<8x2xi8>, %[[U:.*]]: tensor<8x2xf16>, %[[V:.*]]: tensor<2x16xf16>)
// CHECK:         %[[W:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<8x16xf32>)
// CHECK:           tensor.extract %[[SIGNS]]
// CHECK:           %[[SIGN:.*]] = tensor.extract %{{.*}} : tensor<2xf32>
// CHECK:           %[[DOT:.*]] = scf.for {{.*}} -> (f32)
// CHECK:             tensor.extract %[[U]]
// CHECK:             tensor.extract %[[V]]
// CHECK:           %[[E:.*]] = arith.mulf %[[SIGN]], %[[DOT]] : f32
// CHECK:           linalg.yield %[[E]]
// CHECK:         %[[Y:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[W]] : tensor<3x16xf32>, tensor<8x16xf32>) outs(%{{.*}} : tensor<3x8xf32>)
// CHECK:         return %[[Y]]
