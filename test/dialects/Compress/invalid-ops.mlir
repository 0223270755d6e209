// RUN: compress-opt %s --split-input-file --verify-diagnostics
// RUN: %python %S/Inputs/check_exit_codes.py compress-opt %s

// Errors of the op verifiers (dialects/Compress/IR/CompressOps.cpp) and of
// the ODS constraints of the ops, one per split.

//===----------------------------------------------------------------------===//
// compress.constant
//===----------------------------------------------------------------------===//

// Constant missing storage.
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @constant_missing_storage() {
  // expected-error @below {{'compress.constant' op is missing storage 'scales' ('tensor<1x1xf16>')}}
  %w = compress.constant {codes = dense<0> : tensor<4x4xi8>} : !t
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @constant_unexpected_storage() {
  // expected-error @below {{'compress.constant' op has unexpected storage 'zero_points'; the encoding stores: codes, scales}}
  %w = compress.constant {codes = dense<0> : tensor<4x4xi8>, scales = dense<1.0> : tensor<1x1xf16>, zero_points = dense<0> : tensor<1x1xi8>} : !t
  return
}

// -----

// Codes of int4 are packed two per byte: 4x(8*4/8).
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @constant_storage_shape() {
  // expected-error @below {{'compress.constant' op storage 'codes' has type 'tensor<4x8xi8>', but the encoding needs 'tensor<4x4xi8>'}}
  %w = compress.constant {codes = dense<0> : tensor<4x8xi8>, scales = dense<1.0> : tensor<1x1xf16>} : !t
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @constant_storage_element_type() {
  // expected-error @below {{'compress.constant' op storage 'scales' has type 'tensor<1x1xf32>', but the encoding needs 'tensor<1x1xf16>'}}
  %w = compress.constant {codes = dense<0> : tensor<4x4xi8>, scales = dense<1.0> : tensor<1x1xf32>} : !t
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @constant_storage_vector() {
  // expected-error @below {{'compress.constant' op storage 'codes' has type 'vector<4x4xi8>', but the encoding needs 'tensor<4x4xi8>'}}
  %w = compress.constant {codes = dense<0> : vector<4x4xi8>, scales = dense<1.0> : tensor<1x1xf16>} : !t
  return
}

// -----

// Non-elements storage.
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @constant_storage_scalar() {
  // expected-error @below {{'compress.constant' op storage 'codes' must be a dense<> or dense_resource<> tensor}}
  %w = compress.constant {codes = 3 : i8, scales = dense<1.0> : tensor<1x1xf16>} : !t
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @constant_storage_array() {
  // expected-error @below {{'compress.constant' op storage 'codes' must be a dense<> or dense_resource<> tensor}}
  %w = compress.constant {codes = array<i8: 1, 2>, scales = dense<1.0> : tensor<1x1xf16>} : !t
  return
}

// -----

// Sparse elements are elements, but not a stored layout.
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @constant_storage_sparse() {
  // expected-error @below {{'compress.constant' op storage 'codes' must be a dense<> or dense_resource<> tensor}}
  %w = compress.constant {codes = sparse<[[0, 0]], [1]> : tensor<4x4xi8>, scales = dense<1.0> : tensor<1x1xf16>} : !t
  return
}

// -----

// Nested encodings store under dotted roles.
!n = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = #compress.uniform<bits = 8, scale = f32>>>
func.func @constant_nested_role() {
  // expected-error @below {{'compress.constant' op is missing storage 'scales.codes' ('tensor<1x1xi8>')}}
  %w = compress.constant {codes = dense<0> : tensor<4x4xi8>, scales = dense<1.0> : tensor<1x1xf16>} : !n
  return
}

// -----

// Inline dense above 4096 bytes: 1x8200 int4 codes are 4100 bytes.
!big = !compress.tensor<1x8200xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @constant_inline_too_large() {
  // expected-error @below {{'compress.constant' op storage 'codes' holds 4100 bytes inline; storage above 4096 bytes must be a dense_resource blob}}
  %w = compress.constant {codes = dense<"0x0100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"> : tensor<1x4100xi8>, scales = dense<1.0> : tensor<1x1xf16>} : !big
  return
}

// -----

// A dense_resource blob of the wrong size: 5 bytes after the alignment word
// where 4x4 bytes are needed.
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @constant_blob_size() {
  // expected-error @below {{'compress.constant' op storage 'codes' blob 'wrong_size' holds 5 bytes, but 'tensor<4x4xi8>' needs 16}}
  %w = compress.constant {codes = dense_resource<wrong_size> : tensor<4x4xi8>, scales = dense<1.0> : tensor<1x1xf16>} : !t
  return
}
{-#
  dialect_resources: {
    builtin: {
      wrong_size: "0x080000000102030405"
    }
  }
#-}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @constant_storage_not_dict() {
  // expected-error @below {{invalid kind of attribute specified}}
  %w = compress.constant [1] : !t
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @constant_result_dense() {
  // expected-error @below {{'compress.constant' op result #0 must be compressed tensor, but got 'tensor<4x8xf16>'}}
  %w = compress.constant {codes = dense<0> : tensor<4x4xi8>, scales = dense<1.0> : tensor<1x1xf16>} : tensor<4x8xf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// compress.decode, compress.encode
//===----------------------------------------------------------------------===//

// Decode/encode type mismatch.
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @decode_shape(%w: !t) {
  // expected-error @below {{'compress.decode' op result type 'tensor<4x4xf16>' does not match the compressed tensor's logical type 'tensor<4x8xf16>'}}
  %d = compress.decode %w : !t -> tensor<4x4xf16>
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @decode_element_type(%w: !t) {
  // expected-error @below {{'compress.decode' op result type 'tensor<4x8xf32>' does not match the compressed tensor's logical type 'tensor<4x8xf16>'}}
  %d = compress.decode %w : !t -> tensor<4x8xf32>
  return
}

// -----

// The result is static, as the compressed tensor is.
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @decode_dynamic(%w: !t) {
  // expected-error @below {{'compress.decode' op result type 'tensor<?x8xf16>' does not match the compressed tensor's logical type 'tensor<4x8xf16>'}}
  %d = compress.decode %w : !t -> tensor<?x8xf16>
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @encode_shape(%x: tensor<8x4xf16>) {
  // expected-error @below {{'compress.encode' op input type 'tensor<8x4xf16>' does not match the compressed tensor's logical type 'tensor<4x8xf16>'}}
  %w = compress.encode %x : tensor<8x4xf16> -> !t
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @encode_element_type(%x: tensor<4x8xbf16>) {
  // expected-error @below {{'compress.encode' op input type 'tensor<4x8xbf16>' does not match the compressed tensor's logical type 'tensor<4x8xf16>'}}
  %w = compress.encode %x : tensor<4x8xbf16> -> !t
  return
}

// -----

//===----------------------------------------------------------------------===//
// compress.matmul
//===----------------------------------------------------------------------===//

// Reduction size mismatch: rhs is [K, N] = [4, 8].
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_k(%x: tensor<3x5xf32>, %w: !t) {
  // expected-error @below {{'compress.matmul' op reduction sizes differ: lhs has 5, rhs has 4 (rhs is [K, N])}}
  %y = compress.matmul %x, %w acc(f32) : tensor<3x5xf32>, !t -> tensor<3x8xf32>
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_k_transposed(%x: tensor<3x4xf32>, %w: !t) {
  // expected-error @below {{'compress.matmul' op reduction sizes differ: lhs has 4, rhs has 8 (rhs is [N, K])}}
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x4xf32>, !t -> tensor<3x4xf32>
  return
}

// -----

// Batch mismatch.
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_batch(%x: tensor<3x3x4xf32>, %w: !b) {
  // expected-error @below {{'compress.matmul' op rhs batch dimensions [2] must be absent or equal to the lhs batch dimensions [3]}}
  %y = compress.matmul %x, %w acc(f32) : tensor<3x3x4xf32>, !b -> tensor<3x3x8xf32>
  return
}

// -----

// A matrix-vector product has no batch for a batched weight.
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_batch_vector(%x: tensor<4xf32>, %w: !b) {
  // expected-error @below {{'compress.matmul' op rhs batch dimensions [2] must be absent or equal to the lhs batch dimensions []}}
  %y = compress.matmul %x, %w acc(f32) : tensor<4xf32>, !b -> tensor<8xf32>
  return
}

// -----

// Bad accumulator type.
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_acc_int(%x: tensor<3x4xf32>, %w: !t) {
  // expected-error @below {{'compress.matmul' op accumulator type 'i32' is not allowed; expected f32, f16 or bf16}}
  %y = compress.matmul %x, %w acc(i32) : tensor<3x4xf32>, !t -> tensor<3x8xf32>
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_acc_f64(%x: tensor<3x4xf32>, %w: !t) {
  // expected-error @below {{'compress.matmul' op accumulator type 'f64' is not allowed; expected f32, f16 or bf16}}
  %y = compress.matmul %x, %w acc(f64) : tensor<3x4xf32>, !t -> tensor<3x8xf32>
  return
}

// -----

// An accumulator narrower than the result.
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_acc_narrow(%x: tensor<3x4xf32>, %w: !t) {
  // expected-error @below {{'compress.matmul' op accumulator type 'f16' cannot hold every result value of type 'f32'; expected f32}}
  %y = compress.matmul %x, %w acc(f16) : tensor<3x4xf32>, !t -> tensor<3x8xf32>
  return
}

// -----

// bf16 results need an f32 (or bf16) accumulator: f16 has a smaller range.
!t = !compress.tensor<4x8xbf16, #compress.uniform<bits = 8, scale = f32>>
func.func @matmul_acc_f16_for_bf16(%x: tensor<2x4xbf16>, %w: !t) {
  // expected-error @below {{'compress.matmul' op accumulator type 'f16' cannot hold every result value of type 'bf16'; expected f32 or 'bf16'}}
  %y = compress.matmul %x, %w acc(f16) : tensor<2x4xbf16>, !t -> tensor<2x4xbf16>
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_lhs_int(%x: tensor<3x4xi32>, %w: !t) {
  // expected-error @below {{'compress.matmul' op lhs element type 'i32' is not allowed; expected f32, f16 or bf16}}
  %y = compress.matmul %x, %w acc(f32) : tensor<3x4xi32>, !t -> tensor<3x8xf32>
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_result_int(%x: tensor<3x4xf32>, %w: !t) {
  // expected-error @below {{'compress.matmul' op result element type 'i32' is not allowed; expected f32, f16 or bf16}}
  %y = compress.matmul %x, %w acc(f32) : tensor<3x4xf32>, !t -> tensor<3x8xi32>
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_lhs_rank0(%x: tensor<f32>, %w: !t) {
  // expected-error @below {{'compress.matmul' op lhs must have rank 1 or more}}
  %y = compress.matmul %x, %w acc(f32) : tensor<f32>, !t -> tensor<8xf32>
  return
}

// -----

// A 1-D weight is not a matrix.
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_rhs_rank1(%x: tensor<8xf32>, %w: !v) {
  // expected-error @below {{'compress.matmul' op rhs must have rank 2 or more, got 1}}
  %y = compress.matmul %x, %w acc(f32) : tensor<8xf32>, !v -> tensor<8xf32>
  return
}

// -----

// Bad result shape.
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_result_n(%x: tensor<3x4xf32>, %w: !t) {
  // expected-error @below {{'compress.matmul' op result shape 'tensor<3x9xf32>' does not match the expected shape [3, 8]}}
  %y = compress.matmul %x, %w acc(f32) : tensor<3x4xf32>, !t -> tensor<3x9xf32>
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_result_rank(%x: tensor<3x4xf32>, %w: !t) {
  // expected-error @below {{'compress.matmul' op result shape 'tensor<8xf32>' does not match the expected shape [3, 8]}}
  %y = compress.matmul %x, %w acc(f32) : tensor<3x4xf32>, !t -> tensor<8xf32>
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_result_vector(%x: tensor<4xf32>, %w: !t) {
  // expected-error @below {{'compress.matmul' op result shape 'tensor<1x8xf32>' does not match the expected shape [8]}}
  %y = compress.matmul %x, %w acc(f32) : tensor<4xf32>, !t -> tensor<1x8xf32>
  return
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!b = !compress.tensor<2x4x8xf16, #compress.uniform<bits = 4, scale = f16>>
!v = !compress.tensor<8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @matmul_rhs_dense(%x: tensor<3x4xf32>, %w: tensor<4x8xf32>) {
  // expected-error @below {{'compress.matmul' op operand #1 must be compressed tensor, but got 'tensor<4x8xf32>'}}
  %y = compress.matmul %x, %w acc(f32) : tensor<3x4xf32>, tensor<4x8xf32> -> tensor<3x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// compress.gather
//===----------------------------------------------------------------------===//

// Gather result mismatch.
!e = !compress.tensor<100x16xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @gather_element_type(%t: !e, %i: tensor<2x3xi64>) {
  // expected-error @below {{'compress.gather' op result element type 'f32' must be the table's element type 'f16'}}
  %r = compress.gather %t[%i] : !e, tensor<2x3xi64> -> tensor<2x3x16xf32>
  return
}

// -----

!e = !compress.tensor<100x16xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @gather_shape(%t: !e, %i: tensor<2x3xi64>) {
  // expected-error @below {{'compress.gather' op result shape 'tensor<2x16xf16>' must be the indices shape followed by the row shape: [2, 3, 16]}}
  %r = compress.gather %t[%i] : !e, tensor<2x3xi64> -> tensor<2x16xf16>
  return
}

// -----

!e = !compress.tensor<100x16xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @gather_row(%t: !e, %i: tensor<2x3xi64>) {
  // expected-error @below {{'compress.gather' op result shape 'tensor<2x3x8xf16>' must be the indices shape followed by the row shape: [2, 3, 16]}}
  %r = compress.gather %t[%i] : !e, tensor<2x3xi64> -> tensor<2x3x8xf16>
  return
}

// -----

!e = !compress.tensor<100x16xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @gather_float_indices(%t: !e, %i: tensor<2x3xf32>) {
  // expected-error @below {{'compress.gather' op operand #1 must be ranked tensor of signless integer or index values, but got 'tensor<2x3xf32>'}}
  %r = compress.gather %t[%i] : !e, tensor<2x3xf32> -> tensor<2x3x16xf16>
  return
}

// -----

!e = !compress.tensor<100x16xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @gather_dense_table(%t: tensor<100x16xf16>, %i: tensor<2x3xi32>) {
  // expected-error @below {{'compress.gather' op operand #0 must be compressed tensor, but got 'tensor<100x16xf16>'}}
  %r = compress.gather %t[%i] : tensor<100x16xf16>, tensor<2x3xi32> -> tensor<2x3x16xf16>
  return
}

// -----

!w = !compress.tensor<8x96xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f32>>
func.func @int8_activations_block(%x: tensor<2x96xf32>, %w: !w) {
  // expected-error @below {{'compress.matmul' op int8_activations block 64 does not divide the reduction size 96}}
  %y = compress.matmul %x, %w transpose_rhs int8_activations(64) acc(f32) : tensor<2x96xf32>, !w -> tensor<2x8xf32>
  return
}

// -----

!w = !compress.tensor<8x96xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f32>>
func.func @int8_activations_positive(%x: tensor<2x96xf32>, %w: !w) {
  // expected-error @below {{'compress.matmul' op int8_activations block 0 must be positive}}
  %y = compress.matmul %x, %w transpose_rhs int8_activations(0) acc(f32) : tensor<2x96xf32>, !w -> tensor<2x8xf32>
  return
}

// -----

func.func @lookup_width(%t: vector<8xf32>, %i: vector<8xi32>) {
  // expected-error @below {{'compress.lookup' op operand #0 must be fixed-length vector of 32-bit float values of length 16}}
  %v = compress.lookup %t[%i] : vector<8xf32>, vector<8xi32>
  return
}
