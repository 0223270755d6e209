// RUN: compress-opt %s --split-input-file --verify-diagnostics
// RUN: %python %S/Inputs/check_exit_codes.py compress-opt %s

// Errors of the !compress.tensor type itself (dialects/Compress/IR/
// CompressTypes.cpp): its shape, its element type and its encoding slot.
// Errors of each encoding are in invalid-encodings.mlir, of the ops in
// invalid-ops.mlir, and deliberately hostile input in invalid-hostile.mlir.

//===----------------------------------------------------------------------===//
// Element type
//===----------------------------------------------------------------------===//

// The logical values are f32, f16 or bf16.
// expected-error @below {{element type 'i8' is not allowed; expected f32, f16 or bf16}}
func.func private @elem_i8(!compress.tensor<4x8xi8, #compress.uniform<bits = 4, scale = f16>>)

// -----

// expected-error @below {{element type 'f64' is not allowed; expected f32, f16 or bf16}}
func.func private @elem_f64(!compress.tensor<4x8xf64, #compress.uniform<bits = 4, scale = f16>>)

// -----

// A small float is a storage format (#compress.float), not a logical type.
// expected-error @below {{element type 'f8E4M3FN' is not allowed; expected f32, f16 or bf16}}
func.func private @elem_f8(!compress.tensor<4x8xf8E4M3FN, #compress.uniform<bits = 4, scale = f16>>)

// -----

// expected-error @below {{element type 'index' is not allowed; expected f32, f16 or bf16}}
func.func private @elem_index(!compress.tensor<4x8xindex, #compress.uniform<bits = 4, scale = f16>>)

// -----

// expected-error @below {{element type 'complex<f32>' is not allowed; expected f32, f16 or bf16}}
func.func private @elem_complex(!compress.tensor<4x8xcomplex<f32>, #compress.uniform<bits = 4, scale = f16>>)

// -----

// expected-error @below {{element type '!compress.tensor<4xf16, #compress.uniform<bits = 4, scale = f16>>' is not allowed; expected f32, f16 or bf16}}
func.func private @elem_compressed(!compress.tensor<4x8x!compress.tensor<4xf16, #compress.uniform<bits = 4, scale = f16>>, #compress.uniform<bits = 4, scale = f16>>)

// -----

//===----------------------------------------------------------------------===//
// Shape
//===----------------------------------------------------------------------===//

// expected-error @below {{a compressed tensor has rank 1 or more}}
func.func private @rank_zero(!compress.tensor<f16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// Zero-size dimensions.
// expected-error @below {{dimension 1 has size 0; compressed tensors have static, positive sizes}}
func.func private @dim_zero(!compress.tensor<4x0xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// expected-error @below {{dimension 0 has size 0; compressed tensors have static, positive sizes}}
func.func private @dim_zero_first(!compress.tensor<0xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// expected-error @below {{dimension 1 has a negative size; compressed tensors have static, positive sizes}}
func.func private @dim_negative(!compress.tensor<4x-8xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// expected-error @below {{dimension 0 has a negative size; compressed tensors have static, positive sizes}}
func.func private @dim_negative_first(!compress.tensor<-4x8xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// The generic dimension list reports `?` itself.
// expected-error @below {{expected static shape}}
func.func private @dim_dynamic(!compress.tensor<4x?xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// expected-error @below {{a compressed tensor has a static shape; unranked '*' is not allowed}}
func.func private @unranked(!compress.tensor<*xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// At most 2^48 elements, so that every index is exact in a double.
// expected-error @below {{shape [281474976710657] has more than 2^48 elements, the most a compressed tensor may have}}
func.func private @too_many_elements(!compress.tensor<281474976710657xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

//===----------------------------------------------------------------------===//
// Encoding slot
//===----------------------------------------------------------------------===//

// Not an attribute of the compress dialect.
// expected-error @below {{expected a #compress encoding, got 3 : i64}}
func.func private @encoding_integer(!compress.tensor<4x8xf16, 3>)

// -----

// expected-error @below {{expected a #compress encoding, got unit}}
func.func private @encoding_unit(!compress.tensor<4x8xf16, unit>)

// -----

// expected-error @below {{expected a #compress encoding, got f16}}
func.func private @encoding_type(!compress.tensor<4x8xf16, f16>)

// -----

// expected-error @below {{expected a #compress encoding, got {bits = 4 : i64}}}
func.func private @encoding_dict(!compress.tensor<4x8xf16, {bits = 4}>)

// -----

// The type's own mnemonic is not an encoding.
// expected-error @below {{unknown attribute `tensor` in dialect `compress`}}
func.func private @encoding_unknown_mnemonic(!compress.tensor<4x8xf16, #compress.tensor<4xf16>>)

// -----

// expected-error @below {{expected ',' and a #compress encoding after the element type}}
func.func private @encoding_missing(!compress.tensor<4x8xf16>)

// -----

// An error in a type alias is reported at the alias.
// expected-error @below {{block = [1, 3] does not divide the shape [4, 8]: 3 does not divide dimension 1 of size 8}}
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, block = [1, 3], scale = f16>>
func.func private @alias_error(!t)

// -----

// An encoding alias is checked against each shape it is attached to.
#enc = #compress.uniform<bits = 4, per_axis = 2, scale = f16>
func.func private @ok(!compress.tensor<2x4x8xf16, #enc>)
// expected-error @below {{per_axis = 2 is out of range for a tensor of rank 2; expected 0 to 1}}
func.func private @encoding_alias_error(!compress.tensor<4x8xf16, #enc>)
