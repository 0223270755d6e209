// RUN: compress-opt %s --split-input-file --verify-diagnostics
// RUN: %python %S/Inputs/check_exit_codes.py compress-opt %s
//
// Nesting deep enough to overflow the stack of a recursive parser or layout
// walk (it did before the nesting limit): 100000 levels written inline and
// 50000 aliases, each nesting the one before.
// RUN: %python %S/Inputs/deep_encodings.py inline 100000 > %t.inline.mlir
// RUN: compress-opt %t.inline.mlir --verify-diagnostics
// RUN: not compress-opt %t.inline.mlir -o /dev/null
// RUN: %python %S/Inputs/deep_encodings.py aliases 50000 > %t.aliases.mlir
// RUN: compress-opt %t.aliases.mlir --verify-diagnostics
// RUN: not compress-opt %t.aliases.mlir -o /dev/null

// Deliberately hostile input: sizes at and beyond the integer limits, zero
// and empty groups, malformed syntax, attributes that are not encodings in
// encoding slots, errors deep inside nested encodings, and deep nesting. Each
// must give one located error, never a crash, an assert or a hang; the second
// RUN line runs every split on its own without --verify-diagnostics and checks
// that it exits with status 1 (0 for the splits without an expected error,
// which pin inputs at the limits that must stay valid).

//===----------------------------------------------------------------------===//
// Sizes at and beyond the integer limits
//===----------------------------------------------------------------------===//

// Exactly 2^48 elements: valid, and nothing is allocated for it.
func.func private @at_most_elements(!compress.tensor<281474976710656xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// expected-error @below {{shape [281474976710657] has more than 2^48 elements, the most a compressed tensor may have}}
func.func private @more_than_2_48(!compress.tensor<281474976710657xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// expected-error @below {{shape [99999999999, 99999999999] has more than 2^48 elements, the most a compressed tensor may have}}
func.func private @product_too_large(!compress.tensor<99999999999x99999999999xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// 3037000500^2 * 4 overflows int64_t: the product is checked before each
// multiplication.
// expected-error @below {{shape [3037000500, 3037000500, 4] has more than 2^48 elements, the most a compressed tensor may have}}
func.func private @product_overflows_int64(!compress.tensor<3037000500x3037000500x4xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// expected-error @below {{shape [9223372036854775807] has more than 2^48 elements, the most a compressed tensor may have}}
func.func private @dim_int64_max(!compress.tensor<9223372036854775807xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// The generic dimension list rejects sizes beyond int64_t.
// expected-error @below {{invalid dimension}}
func.func private @dim_beyond_int64(!compress.tensor<9223372036854775808xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// expected-error @below {{dimension 1 has a negative size; compressed tensors have static, positive sizes}}
func.func private @dim_negative_int64_min(!compress.tensor<4x-9223372036854775808xf16, #compress.uniform<bits = 4, scale = f16>>)

// -----

// expected-error @below {{integer value too large}}
func.func private @bits_beyond_int64(!compress.tensor<4x8xf16, #compress.uniform<bits = 99999999999999999999, scale = f16>>)

// -----

// expected-error @below {{integer value too large}}
func.func private @block_beyond_int64(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, block = [1, 99999999999999999999], scale = f16>>)

// -----

// Blocks of 2^40: valid where they divide the shape.
func.func private @block_2_40_valid(!compress.tensor<1099511627776x4xf16, #compress.uniform<bits = 8, block = [1099511627776, 4], scale = f32>>)

// -----

// expected-error @below {{block = [1099511627776, 1] does not divide the shape [4, 8]: 1099511627776 does not divide dimension 0 of size 4}}
func.func private @block_2_40(!compress.tensor<4x8xf16, #compress.uniform<bits = 8, block = [1099511627776, 1], scale = f32>>)

// -----

// The block area is never multiplied out before it is known to divide.
// expected-error @below {{block = [9223372036854775807, 9223372036854775807] does not divide the matrix 4x8 that the tensor [4, 8] is seen as}}
func.func private @sparse_block_int64_max(!compress.tensor<4x8xf16, #compress.sparse<block = [9223372036854775807, 9223372036854775807], kept = 1, values = f16>>)

// -----

// expected-error @below {{per_axis = 9223372036854775807 is out of range for a tensor of rank 2; expected 0 to 1}}
func.func private @per_axis_int64_max(!compress.tensor<4x8xf16, #compress.uniform<bits = 8, per_axis = 9223372036854775807, scale = f32>>)

// -----

// expected-error @below {{per_axis = -9223372036854775808 is negative; expected a dimension index}}
func.func private @per_axis_int64_min(!compress.tensor<4x8xf16, #compress.uniform<bits = 8, per_axis = -9223372036854775808, scale = f32>>)

// -----

// expected-error @below {{dim = 9223372036854775807 is out of range; expected 1 to 256}}
func.func private @lut_dim_int64_max(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f16, dim = 9223372036854775807>>)

// -----

// expected-error @below {{nnz = 9223372036854775807 is larger than the 32 elements of the tensor}}
func.func private @nnz_int64_max(!compress.tensor<4x8xf16, #compress.sparse<csr, nnz = 9223372036854775807, values = f16>>)

// -----

// expected-error @below {{kept = 9223372036854775807 is larger than the 4 blocks of the tensor}}
func.func private @kept_int64_max(!compress.tensor<4x8xf16, #compress.sparse<block = [2, 4], kept = 9223372036854775807, values = f16>>)

// -----

// expected-error @below {{rank = 9223372036854775807 must be below min(4, 8) = 4 for the tensor [4, 8] seen as a 4x8 matrix}}
func.func private @rank_int64_max(!compress.tensor<4x8xf16, #compress.lowrank<rank = 9223372036854775807, u = f16, v = f16>>)

// -----

// expected-error @below {{axis = 9223372036854775807 is out of range for a tensor of rank 2; expected 0 to 1}}
func.func private @permuted_axis_int64_max(!compress.tensor<4x8xf16, #compress.permuted<axis = 9223372036854775807, body = f16>>)

// -----

// The default i32 indices cannot address 2^48 values.
// expected-error @below {{index = 'i32' cannot hold a row pointer of 281474976710656 (at most 2147483647)}}
func.func private @csr_2_48_i32(!compress.tensor<281474976710656xf16, #compress.sparse<csr, nnz = 281474976710656, values = f16>>)

// -----

// One 2^16-entry codebook per element: 2^58 values.
// expected-error @below {{storage 'codebook' of shape [1099511627776, 4, 65536, 1] has more than 2^48 values}}
func.func private @codebook_too_large(!compress.tensor<1099511627776x4xf16, #compress.lut<bits = 16, codebook = f32, codebook_block = [1, 1]>>)

// -----

// expected-error @below {{in 'scales': storage 'scales.codebook' of shape [1099511627776, 4, 65536, 1] has more than 2^48 values}}
func.func private @nested_codebook_too_large(!compress.tensor<1099511627776x4xf16, #compress.uniform<bits = 4, block = [1, 1], scale = #compress.lut<bits = 16, codebook = f32, codebook_block = [1, 1]>>>)

// -----

// 65 f32 terms of 2^50 bytes each: the running total is bounded before it
// can overflow.
// expected-error @below {{storage 'term64' brings the total storage above 2^56 bytes}}
func.func private @total_storage_too_large(!compress.tensor<281474976710656xf32, #compress.sum<f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32>>)

// -----

// The largest factors that stay below 2^48 values: valid.
func.func private @lowrank_largest(!compress.tensor<16777216x16777216xf16, #compress.lowrank<rank = 16777215, u = f16, v = f16>>)

// -----

// 16-bit indices take two bytes each: 2^47 of them fill 2^48 bytes, valid.
func.func private @packed_bytes_at_limit(!compress.tensor<8388608x16777216xf16, #compress.lut<bits = 16, codebook = f16>>)

// -----

// 2^48 values are allowed, but 2^48 16-bit indices pack into 2^49 bytes.
// expected-error @below {{storage 'indices' of shape [16777216, 16777216] packs into 562949953421312 bytes, more than 2^48}}
func.func private @packed_bytes_too_large(!compress.tensor<16777216x16777216xf16, #compress.lut<bits = 16, codebook = f16>>)

// -----

// expected-error @below {{storage 'zero_points' of shape [16777216, 16777216] packs into 562949953421312 bytes, more than 2^48}}
func.func private @packed_zero_points_too_large(!compress.tensor<16777216x16777216xf16, #compress.uniform<bits = 4, block = [1, 1], scale = f16, zero_point = i16>>)

// -----

// The i32 entries of 'perm' hold slice indices up to 2^31 - 1: valid.
func.func private @perm_largest(!compress.tensor<2147483648x2xf16, #compress.permuted<axis = 0, body = f16>>)

// -----

// expected-error @below {{storage 'perm' of type 'i32' cannot hold the slice index 2147483648 (at most 2147483647)}}
func.func private @perm_beyond_i32(!compress.tensor<2147483649x2xf16, #compress.permuted<axis = 0, body = f16>>)

// -----

// expected-error @below {{in 'term1': storage 'term1.perm' of type 'i32' cannot hold the slice index 4294967295 (at most 2147483647)}}
func.func private @nested_perm_beyond_i32(!compress.tensor<2x4294967296xf16, #compress.sum<f16, #compress.permuted<axis = 1, body = f16>>>)

// -----

//===----------------------------------------------------------------------===//
// Zero and empty groups
//===----------------------------------------------------------------------===//

// expected-error @below {{nm = [0, 4]: N = 0 is out of range; expected 1 to M = 4}}
func.func private @nm_zero_kept(!compress.tensor<4x8xf16, #compress.sparse<nm = [0, 4], values = f16>>)

// -----

// expected-error @below {{nnz = 0 must be positive}}
func.func private @nnz_zero(!compress.tensor<4x8xf16, #compress.sparse<csr, nnz = 0, values = f16>>)

// -----

// expected-error @below {{block size 0 at position 0 must be positive}}
func.func private @sparse_block_zero_area(!compress.tensor<4x8xf16, #compress.sparse<block = [0, 0], kept = 1, values = f16>>)

// -----

// expected-error @below {{block = [] is empty; expected one size per dimension}}
func.func private @block_empty(!compress.tensor<4x8xf16, #compress.float<f4E2M1FN, block = [], scale = f16>>)

// -----

// expected-error @below {{'nm' takes two integers [N, M], got 0}}
func.func private @nm_empty(!compress.tensor<4x8xf16, #compress.sparse<nm = [], values = f16>>)

// -----

// expected-error @below {{a sparse block has 2 sizes [rows, columns], got 0}}
func.func private @sparse_block_empty(!compress.tensor<4x8xf16, #compress.sparse<block = [], kept = 1, values = f16>>)

// -----

// expected-error @below {{#compress.sum needs at least 2 parts, got 0}}
func.func private @sum_empty(!compress.tensor<4x8xf16, #compress.sum<>>)

// -----

// expected-error @below {{#compress.product needs at least 2 parts, got 0}}
func.func private @product_empty(!compress.tensor<4x8xf16, #compress.product<>>)

// -----

// expected-error @below {{#compress.uniform needs 'bits'}}
func.func private @encoding_empty(!compress.tensor<4x8xf16, #compress.uniform<>>)

// -----

// expected-error @below {{a compressed tensor has rank 1 or more}}
func.func private @shape_empty(!compress.tensor<f16, #compress.uniform<bits = 4, scale = f16>>)

// -----

//===----------------------------------------------------------------------===//
// Malformed syntax
//===----------------------------------------------------------------------===//

// The encoding's '>' is missing: its '>' closes the type instead.
// expected-error @below {{unbalanced '<' character in pretty dialect name}}
func.func private @missing_greater(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>)

// -----

// expected-error @below {{unbalanced '[' character in pretty dialect name}}
func.func private @missing_bracket(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, block = [1, 8, scale = f16>>)

// -----

// expected-error @below {{expected '>'}}
func.func private @garbage_after_field(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16 garbage>>)

// -----

// expected-error @below {{expected '>'}}
func.func private @garbage_after_value(!compress.tensor<4x8xf16, #compress.uniform<bits = 4 = 5, scale = f16>>)

// -----

// expected-error @below {{expected '>'}}
func.func private @garbage_after_encoding(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>, 3>)

// -----

// expected-error @below {{expected valid keyword}}
func.func private @trailing_comma(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16,>>)

// -----

// expected-error @below {{expected '='}}
func.func private @missing_equal(!compress.tensor<4x8xf16, #compress.uniform<bits 4, scale = f16>>)

// -----

// expected-error @below {{expected integer value}}
func.func private @float_bits(!compress.tensor<4x8xf16, #compress.uniform<bits = 4.5, scale = f16>>)

// -----

// expected-error @below {{expected integer value}}
func.func private @list_bits(!compress.tensor<4x8xf16, #compress.uniform<bits = [4], scale = f16>>)

// -----

// expected-error @below {{expected '['}}
func.func private @no_list(!compress.tensor<4x8xf16, #compress.sparse<nm = 2, values = f16>>)

// -----

// `true` is no integer (AsmParser::parseInteger would read it as -1).
// expected-error @below {{expected integer value}}
func.func private @true_in_list(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, block = [1, true], scale = f16>>)

// -----

// expected-error @below {{expected integer value}}
func.func private @false_in_list(!compress.tensor<4x8xf16, #compress.sparse<nm = [false, 4], values = f16>>)

// -----

// expected-error @below {{expected integer value}}
func.func private @word_in_list(!compress.tensor<4x8xf16, #compress.sparse<nm = [2, x], values = f16>>)

// -----

// expected-error @below {{expected valid keyword}}
func.func private @integer_key(!compress.tensor<4x8xf16, #compress.uniform<4>>)

// -----

// expected-error @below {{expected valid keyword}}
func.func private @string_key(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, "scale" = f16>>)

// -----

// expected-error @below {{expected '<'}}
func.func private @no_field_list(!compress.tensor<4x8xf16, #compress.uniform>)

// -----

// expected-error @below {{'table' takes a bare table name; expected one of: nf4, sign}}
func.func private @string_table(!compress.tensor<4x8xf16, #compress.lut<table = 4>>)

// -----

//===----------------------------------------------------------------------===//
// Attributes that are not encodings, in encoding slots
//===----------------------------------------------------------------------===//

// The compress dialect's type mnemonic, written as an attribute.
// expected-error @below {{unknown attribute `tensor` in dialect `compress`}}
func.func private @compress_type_as_encoding(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = #compress.tensor<4xf16>>>)

// -----

// expected-error @below {{unknown attribute `bogus` in dialect `compress`}}
func.func private @unknown_encoding(!compress.tensor<4x8xf16, #compress.sparse<csr, nnz = 3, values = #compress.bogus<1>>>)

// -----

// expected-error @below {{scale = [1, 2] is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @array_in_slot(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = [1, 2]>>)

// -----

// expected-error @below {{scale = dense<1.000000e+00> : tensor<1xf16> is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @dense_in_slot(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = dense<1.0> : tensor<1xf16>>>)

// -----

// expected-error @below {{expected a #compress encoding, got i8}}
func.func private @type_in_encoding_slot(!compress.tensor<4x8xf16, i8>)

// -----

// expected-error @below {{expected a type for 'index'}}
func.func private @encoding_as_type(!compress.tensor<4x8xf16, #compress.sparse<csr, nnz = 3, index = #compress.lut<table = sign>, values = f16>>)

// -----

//===----------------------------------------------------------------------===//
// Errors inside nested encodings
//===----------------------------------------------------------------------===//

// Layout errors name the path of the nested encoding.
// expected-error @below {{in 'scales': per_axis = 3 is out of range for a tensor of rank 2; expected 0 to 1}}
func.func private @nested_scales(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = #compress.uniform<bits = 4, per_axis = 3, scale = f32>>>)

// -----

// Zero points have one value per group: here a 4x1 tensor.
// expected-error @below {{in 'zero_points': block = [1, 2] does not divide the shape [4, 1]: 2 does not divide dimension 1 of size 1}}
func.func private @nested_zero_points(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, block = [1, 8], scale = f16, zero_point = #compress.uniform<bits = 4, block = [1, 2], scale = f16>>>)

// -----

// expected-error @below {{in 'term1.values': block = [3] does not divide the shape [4]: 3 does not divide dimension 0 of size 4}}
func.func private @nested_term_values(!compress.tensor<4x8xf16, #compress.sum<f16, #compress.sparse<csr, nnz = 4, values = #compress.uniform<bits = 4, block = [3], scale = f16>>>>)

// -----

// expected-error @below {{in 'term1.values.scales': per_axis = 1 is out of range for a tensor of rank 1; expected 0 to 0}}
func.func private @nested_three_levels(!compress.tensor<4x8xf16, #compress.sum<f16, #compress.sparse<csr, nnz = 4, values = #compress.uniform<bits = 4, block = [2], scale = #compress.float<f8E4M3FN, per_axis = 1, scale = f32>>>>>)

// -----

// U is R x rank = 4x2.
// expected-error @below {{in 'u.term1': rank = 2 must be below min(4, 2) = 2 for the tensor [4, 2] seen as a 4x2 matrix}}
func.func private @nested_u(!compress.tensor<4x8xf16, #compress.lowrank<rank = 2, u = #compress.sum<f16, #compress.lowrank<rank = 2, u = f16, v = f16>>, v = f16>>)

// -----

// An error of the nested attribute itself is reported where it is written.
// expected-error @below {{#compress.uniform needs 'scale'}}
func.func private @nested_parse_error(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = #compress.uniform<bits = 4>>>)

// -----

// expected-error @below {{bits = 99 is out of range; expected 1 to 16}}
func.func private @nested_verifier_error(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = #compress.lut<bits = 99, codebook = f16>>>)

// -----

// A fixed table used with bits that do not match.
// expected-error @below {{table nf4 has 4-bit indices, but bits = 16}}
func.func private @nested_fixed_table_bits(!compress.tensor<4x8xf16, #compress.sum<f16, #compress.lut<table = nf4, bits = 16>>>)

// -----

// expected-error @below {{table sign has 1-bit indices, but bits = 8}}
func.func private @nested_sign_bits(!compress.tensor<4x8xf16, #compress.product<#compress.lut<table = sign, bits = 8>, #compress.lowrank<rank = 2, u = f16, v = f16>>>)

// -----

//===----------------------------------------------------------------------===//
// Nesting depth
//===----------------------------------------------------------------------===//

// 16 levels written inline: the limit, valid.
func.func private @nest_16(!compress.tensor<8xf16, #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = f32>>>>>>>>>>>>>>>>>)

// -----

// 17 levels written inline: the parser stops before recursing further.
// expected-error @below {{encodings nest more than 16 levels deep; at most 16 are allowed}}
func.func private @nest_17(!compress.tensor<8xf16, #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = f32>>>>>>>>>>>>>>>>>>)

// -----

// expected-error @below {{encodings nest more than 16 levels deep; at most 16 are allowed}}
func.func private @nest_17_sum(!compress.tensor<8xf16, #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.permuted<axis = 0, body = #compress.sum<f16, f16>>>>>>>>>>>>>>>>>>)

// -----

// 17 levels built from aliases, each of which parses one level: the verifier
// counts the levels.
#e0 = #compress.permuted<axis = 0, body = f32>
#e1 = #compress.permuted<axis = 0, body = #e0>
#e2 = #compress.permuted<axis = 0, body = #e1>
#e3 = #compress.permuted<axis = 0, body = #e2>
#e4 = #compress.permuted<axis = 0, body = #e3>
#e5 = #compress.permuted<axis = 0, body = #e4>
#e6 = #compress.permuted<axis = 0, body = #e5>
#e7 = #compress.permuted<axis = 0, body = #e6>
#e8 = #compress.permuted<axis = 0, body = #e7>
#e9 = #compress.permuted<axis = 0, body = #e8>
#e10 = #compress.permuted<axis = 0, body = #e9>
#e11 = #compress.permuted<axis = 0, body = #e10>
#e12 = #compress.permuted<axis = 0, body = #e11>
#e13 = #compress.permuted<axis = 0, body = #e12>
#e14 = #compress.permuted<axis = 0, body = #e13>
#e15 = #compress.permuted<axis = 0, body = #e14>
// expected-error @below {{encodings nest 17 levels deep; at most 16 are allowed}}
#e16 = #compress.permuted<axis = 0, body = #e15>
func.func private @alias_chain_17(!compress.tensor<8xf16, #e15>)

// -----

//===----------------------------------------------------------------------===//
// Storage tensors of an encoding
//===----------------------------------------------------------------------===//

// Aliases shared by the parts of a sum multiply: 64 x 64 storage tensors, the
// limit: valid.
#s1 = #compress.sum<f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16>
#s2 = #compress.sum<#s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1>
func.func private @storage_tensors_4096(!compress.tensor<8xf16, #s2>)

// -----

#s1 = #compress.sum<f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16, f16>
#s2 = #compress.sum<#s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1, #s1>
// expected-error @below {{the encoding needs 4097 storage tensors; at most 4096 are allowed}}
#s3 = #compress.sum<#s2, f16>
func.func private @storage_tensors_4097(!compress.tensor<8xf16, #s3>)

// -----

// Each encoding counts its own storage tensors: 2 for csr (row_ptr,
// col_indices) plus its values, 2 for a lut with a stored codebook.
#c1 = #compress.sum<#compress.sparse<csr, nnz = 1, values = #compress.lut<bits = 2, codebook = f16>>, #compress.sparse<csr, nnz = 1, values = #compress.lut<bits = 2, codebook = f16>>, #compress.sparse<csr, nnz = 1, values = #compress.lut<bits = 2, codebook = f16>>, #compress.sparse<csr, nnz = 1, values = #compress.lut<bits = 2, codebook = f16>>, #compress.sparse<csr, nnz = 1, values = #compress.lut<bits = 2, codebook = f16>>, #compress.sparse<csr, nnz = 1, values = #compress.lut<bits = 2, codebook = f16>>, #compress.sparse<csr, nnz = 1, values = #compress.lut<bits = 2, codebook = f16>>, #compress.sparse<csr, nnz = 1, values = #compress.lut<bits = 2, codebook = f16>>>
// expected-error @below {{the encoding needs 4128 storage tensors; at most 4096 are allowed}}
#c2 = #compress.sum<#c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1, #c1>
func.func private @storage_tensors_counted_per_encoding(!compress.tensor<8x8xf16, #c2>)

// -----

// 10^8 storage tensors written in 2 KB, each alias a sum of 100 copies of the
// one before: the verifier stops the first alias above the limit, before any
// layout would enumerate them.
#a0 = #compress.float<f8E4M3FN>
#a1 = #compress.sum<#a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0, #a0>
// expected-error @below {{the encoding needs 10000 storage tensors; at most 4096 are allowed}}
#a2 = #compress.sum<#a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1, #a1>
#a3 = #compress.sum<#a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2, #a2>
#a4 = #compress.sum<#a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3, #a3>
func.func private @storage_tensors_shared_aliases(!compress.tensor<1xf32, #a4>)

// -----

//===----------------------------------------------------------------------===//
// Storage of hostile types
//===----------------------------------------------------------------------===//

// Verifying a constant of a huge type allocates nothing.
!h = !compress.tensor<1099511627776x4xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @huge_missing_storage() {
  // expected-error @below {{'compress.constant' op is missing storage 'codes' ('tensor<1099511627776x2xi8>')}}
  %w = compress.constant {scales = dense<1.0> : tensor<1x1xf16>} : !h
  return
}

// -----

!h = !compress.tensor<1099511627776x4xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @huge_storage_mismatch() {
  // expected-error @below {{'compress.constant' op storage 'codes' has type 'tensor<1x2xi8>', but the encoding needs 'tensor<1099511627776x2xi8>'}}
  %w = compress.constant {codes = dense<0> : tensor<1x2xi8>, scales = dense<1.0> : tensor<1x1xf16>} : !h
  return
}

// -----

// A splat is one value however large its type: valid above 4096 bytes.
!s = !compress.tensor<128x128xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @splat_above_inline_limit() -> !s {
  %w = compress.constant {codes = dense<0> : tensor<128x64xi8>, scales = dense<1.0> : tensor<1x1xf16>} : !s
  return %w : !s
}

// -----

!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @duplicate_storage_key() {
  // expected-error @below {{duplicate key 'codes' in dictionary attribute}}
  %w = compress.constant {codes = dense<0> : tensor<4x4xi8>, codes = dense<0> : tensor<4x4xi8>, scales = dense<1.0> : tensor<1x1xf16>} : !t
  return
}

// -----

// A nested role for an encoding without nesting.
!t = !compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16>>
func.func @storage_wrong_role_depth() {
  // expected-error @below {{'compress.constant' op has unexpected storage 'scales.codes'; the encoding stores: codes, scales}}
  %w = compress.constant {codes = dense<0> : tensor<4x4xi8>, scales = dense<1.0> : tensor<1x1xf16>, "scales.codes" = dense<0> : tensor<1x1xi8>} : !t
  return
}
