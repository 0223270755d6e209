// RUN: compress-opt %s --split-input-file --verify-diagnostics
// RUN: %python %S/Inputs/check_exit_codes.py compress-opt %s

// Every error of the encoding attributes, one per split: the parser's
// (dialects/Compress/IR/EncodingAsm.cpp), the shape-independent verifiers'
// (CompressAttrs.cpp) and the shape-dependent checks of the storage layout
// (lib/Encoding/Layout.cpp), which run when an encoding is attached to a
// !compress.tensor. Each case is valid but for the one field it names.

//===----------------------------------------------------------------------===//
// #compress.uniform
//===----------------------------------------------------------------------===//

// expected-error @below {{bits = 0 is out of range; expected 1 to 8}}
func.func private @uniform_bits_zero(!compress.tensor<4x8xf16, #compress.uniform<bits = 0, scale = f16>>)

// -----

// expected-error @below {{bits = 9 is out of range; expected 1 to 8}}
func.func private @uniform_bits_nine(!compress.tensor<4x8xf16, #compress.uniform<bits = 9, scale = f16>>)

// -----

// Negative and very large values are caught before they are narrowed to
// the unsigned parameter.
// expected-error @below {{bits = -3 is out of range; expected 1 to 8}}
func.func private @uniform_bits_negative(!compress.tensor<4x8xf16, #compress.uniform<bits = -3, scale = f16>>)

// -----

// 2^32 + 1 would wrap to 1 bit.
// expected-error @below {{bits = 4294967297 is out of range; expected 1 to 8}}
func.func private @uniform_bits_wraps(!compress.tensor<4x8xf16, #compress.uniform<bits = 4294967297, scale = f16>>)

// -----

// The generic integer parser reads `true` as the i1 -1.
// expected-error @below {{expected integer value}}
func.func private @uniform_bits_bool(!compress.tensor<4x8xf16, #compress.uniform<bits = true, scale = f16>>)

// -----

// expected-error @below {{#compress.uniform needs 'bits'}}
func.func private @uniform_no_bits(!compress.tensor<4x8xf16, #compress.uniform<scale = f16>>)

// -----

// expected-error @below {{#compress.uniform needs 'scale'}}
func.func private @uniform_no_scale(!compress.tensor<4x8xf16, #compress.uniform<bits = 4>>)

// -----

// expected-error @below {{unknown field 'group' in #compress.uniform; expected one of: bits, signed, unsigned, per_tensor, per_axis, block, scale, zero_point, min}}
func.func private @uniform_unknown_field(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16, group = 128>>)

// -----

// expected-error @below {{field 'bits' of #compress.uniform is given twice}}
func.func private @uniform_duplicate_field(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, bits = 4, scale = f16>>)

// -----

// expected-error @below {{fields signed and unsigned of #compress.uniform exclude each other}}
func.func private @uniform_signed_unsigned(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, signed, unsigned, scale = f16>>)

// -----

// expected-error @below {{fields per_tensor and per_axis of #compress.uniform exclude each other}}
func.func private @uniform_per_tensor_per_axis(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, per_tensor, per_axis = 0, scale = f16>>)

// -----

// expected-error @below {{fields per_tensor and block of #compress.uniform exclude each other}}
func.func private @uniform_per_tensor_block(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, per_tensor, block = [1, 8], scale = f16>>)

// -----

// expected-error @below {{per_axis and block exclude each other}}
func.func private @uniform_per_axis_block(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, per_axis = 0, block = [1, 8], scale = f16>>)

// -----

// expected-error @below {{zero_point and min exclude each other}}
func.func private @uniform_zero_point_and_min(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16, zero_point = i4, min = f16>>)

// -----

// expected-error @below {{scale = i8 is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @uniform_scale_int(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = i8>>)

// -----

// expected-error @below {{scale = f64 is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @uniform_scale_f64(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f64>>)

// -----

// A builtin attribute in a slot.
// expected-error @below {{scale = 3 : i64 is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @uniform_scale_builtin_attr(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = 3>>)

// -----

// A compressed tensor type is not an encoding.
// expected-error @below {{scale = !compress.tensor<4xf16, #compress.uniform<bits = 4, scale = f16>> is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @uniform_scale_compress_type(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = !compress.tensor<4xf16, #compress.uniform<bits = 4, scale = f16>>>>)

// -----

// expected-error @below {{zero_point = i32 has 32 bits; expected 1 to 16}}
func.func private @uniform_zero_point_i32(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16, zero_point = i32>>)

// -----

// expected-error @below {{zero_point = index is not allowed; expected an integer type, f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @uniform_zero_point_index(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16, zero_point = index>>)

// -----

// expected-error @below {{zero_point = "zp" is not allowed; expected an integer type, f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @uniform_zero_point_string(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16, zero_point = "zp">>)

// -----

// min is subtracted after scaling, so it is a float.
// expected-error @below {{min = i8 is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @uniform_min_int(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, scale = f16, min = i8>>)

// -----

// expected-error @below {{block size 0 at position 0 must be positive}}
func.func private @uniform_block_zero(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, block = [0, 8], scale = f16>>)

// -----

// expected-error @below {{block size -8 at position 1 must be positive}}
func.func private @uniform_block_negative(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, block = [1, -8], scale = f16>>)

// -----

// An empty block would silently mean per tensor.
// expected-error @below {{block = [] is empty; expected one size per dimension}}
func.func private @uniform_block_empty(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, block = [], scale = f16>>)

// -----

// expected-error @below {{block = [1] has 1 sizes, but the tensor [4, 8] has rank 2}}
func.func private @uniform_block_rank(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, block = [1], scale = f16>>)

// -----

// expected-error @below {{block = [1, 3] does not divide the shape [4, 8]: 3 does not divide dimension 1 of size 8}}
func.func private @uniform_block_divide(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, block = [1, 3], scale = f16>>)

// -----

// expected-error @below {{per_axis = 2 is out of range for a tensor of rank 2; expected 0 to 1}}
func.func private @uniform_per_axis_range(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, per_axis = 2, scale = f16>>)

// -----

// -1 is the attribute's 'no axis'; written out it would silently mean per
// tensor.
// expected-error @below {{per_axis = -1 is negative; expected a dimension index}}
func.func private @uniform_per_axis_minus_one(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, per_axis = -1, scale = f16>>)

// -----

// expected-error @below {{per_axis = -2 is negative; expected a dimension index}}
func.func private @uniform_per_axis_negative(!compress.tensor<4x8xf16, #compress.uniform<bits = 4, per_axis = -2, scale = f16>>)

// -----

//===----------------------------------------------------------------------===//
// #compress.lut
//===----------------------------------------------------------------------===//

// expected-error @below {{bits = 0 is out of range; expected 1 to 16}}
func.func private @lut_bits_zero(!compress.tensor<4x8xf16, #compress.lut<bits = 0, codebook = f16>>)

// -----

// expected-error @below {{bits = 17 is out of range; expected 1 to 16}}
func.func private @lut_bits_17(!compress.tensor<4x8xf16, #compress.lut<bits = 17, codebook = f16>>)

// -----

// expected-error @below {{bits = 65 is out of range; expected 1 to 16}}
func.func private @lut_bits_huge(!compress.tensor<4x8xf16, #compress.lut<bits = 65, codebook = f16>>)

// -----

// expected-error @below {{#compress.lut needs a 'codebook' type or a fixed 'table'}}
func.func private @lut_no_codebook(!compress.tensor<4x8xf16, #compress.lut<bits = 4>>)

// -----

// expected-error @below {{#compress.lut needs 'bits'}}
func.func private @lut_no_bits(!compress.tensor<4x8xf16, #compress.lut<codebook = f16>>)

// -----

// expected-error @below {{unknown field 'entries' in #compress.lut; expected one of: bits, dim, table, codebook, codebook_axis, codebook_block, per_tensor, per_axis, block, scale}}
func.func private @lut_unknown_field(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f16, entries = 16>>)

// -----

// expected-error @below {{unknown table 'nf3'; expected one of: nf4, sign}}
func.func private @lut_unknown_table(!compress.tensor<4x8xf16, #compress.lut<table = nf3>>)

// -----

// Table names are bare words.
// expected-error @below {{'table' takes a bare table name; expected one of: nf4, sign}}
func.func private @lut_table_string(!compress.tensor<4x8xf16, #compress.lut<table = "nf4">>)

// -----

// The codebook is stored as it is: a type, not an encoding.
// expected-error @below {{expected a type for 'codebook'}}
func.func private @lut_codebook_encoding(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = #compress.uniform<bits = 4, scale = f16>>>)

// -----

// A fixed table used with bits that do not match its size.
// expected-error @below {{table nf4 has 4-bit indices, but bits = 3}}
func.func private @lut_table_bits(!compress.tensor<4x8xf16, #compress.lut<table = nf4, bits = 3>>)

// -----

// expected-error @below {{table sign has 1-bit indices, but bits = 4}}
func.func private @lut_sign_bits(!compress.tensor<4x8xf16, #compress.lut<table = sign, bits = 4>>)

// -----

// expected-error @below {{a fixed table takes no codebook}}
func.func private @lut_table_with_codebook(!compress.tensor<4x8xf16, #compress.lut<table = nf4, codebook = f16>>)

// -----

// expected-error @below {{a fixed table takes no codebook}}
func.func private @lut_table_with_codebook_axis(!compress.tensor<4x8xf16, #compress.lut<table = nf4, codebook_axis = 0>>)

// -----

// expected-error @below {{a fixed table has scalar codewords (dim = 1)}}
func.func private @lut_table_dim(!compress.tensor<4x8xf16, #compress.lut<table = nf4, dim = 2>>)

// -----

// expected-error @below {{dim = 0 is out of range; expected 1 to 256}}
func.func private @lut_dim_zero(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f16, dim = 0>>)

// -----

// expected-error @below {{dim = 257 is out of range; expected 1 to 256}}
func.func private @lut_dim_257(!compress.tensor<4x514xf16, #compress.lut<bits = 4, codebook = f16, dim = 257>>)

// -----

// expected-error @below {{dim = 3 does not divide the last dimension of size 8}}
func.func private @lut_dim_divide(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f16, dim = 3>>)

// -----

// expected-error @below {{codebook = 'i8' is not allowed; expected f32, f16, bf16, f8E4M3FN or f8E5M2}}
func.func private @lut_codebook_int(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = i8>>)

// -----

// f8E8M0FNU holds powers of two only: a scale, not a codeword.
// expected-error @below {{codebook = 'f8E8M0FNU' is not allowed; expected f32, f16, bf16, f8E4M3FN or f8E5M2}}
func.func private @lut_codebook_e8m0(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f8E8M0FNU>>)

// -----

// expected-error @below {{codebook_axis and codebook_block exclude each other}}
func.func private @lut_codebook_axis_block(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f16, codebook_axis = 0, codebook_block = [1, 8]>>)

// -----

// expected-error @below {{codebook_axis = -1 is negative; expected a dimension index}}
func.func private @lut_codebook_axis_minus_one(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f16, codebook_axis = -1>>)

// -----

// expected-error @below {{codebook_axis = -3 is negative; expected a dimension index}}
func.func private @lut_codebook_axis_negative(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f16, codebook_axis = -3>>)

// -----

// expected-error @below {{codebook_axis = 2 is out of range for a tensor of rank 2; expected 0 to 1}}
func.func private @lut_codebook_axis_range(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f16, codebook_axis = 2>>)

// -----

// expected-error @below {{codebook_block size 0 at position 0 must be positive}}
func.func private @lut_codebook_block_zero(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f16, codebook_block = [0, 8]>>)

// -----

// expected-error @below {{codebook_block = [] is empty; expected one size per dimension}}
func.func private @lut_codebook_block_empty(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f16, codebook_block = []>>)

// -----

// expected-error @below {{codebook_block = [4] has 1 sizes, but the tensor [4, 8] has rank 2}}
func.func private @lut_codebook_block_rank(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f16, codebook_block = [4]>>)

// -----

// expected-error @below {{codebook_block = [1, 3] does not divide the shape [4, 8]: 3 does not divide dimension 1 of size 8}}
func.func private @lut_codebook_block_divide(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f16, codebook_block = [1, 3]>>)

// -----

// A block of 4 columns cannot hold codewords of 8 values.
// expected-error @below {{codebook_block = [1, 4] must hold whole codewords: dim = 8 does not divide 4}}
func.func private @lut_codebook_block_codeword(!compress.tensor<4x16xf16, #compress.lut<bits = 4, codebook = f16, codebook_block = [1, 4], dim = 8>>)

// -----

// One codebook per column would give each value of a codeword its own table.
// expected-error @below {{codebook_axis = 1 would split codewords: with dim = 2 a codeword spans 2 values of the last dimension, which must share one codebook}}
func.func private @lut_codebook_axis_splits_codewords(!compress.tensor<2x4xf32, #compress.lut<bits = 1, codebook = f32, codebook_axis = 1, dim = 2>>)

// -----

// expected-error @below {{block is given without a scale}}
func.func private @lut_block_without_scale(!compress.tensor<4x8xf16, #compress.lut<bits = 4, codebook = f16, block = [1, 4]>>)

// -----

// expected-error @below {{per_axis is given without a scale}}
func.func private @lut_per_axis_without_scale(!compress.tensor<4x8xf16, #compress.lut<table = nf4, per_axis = 0>>)

// -----

// expected-error @below {{scale = i4 is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @lut_scale_int(!compress.tensor<4x8xf16, #compress.lut<table = nf4, scale = i4>>)

// -----

// expected-error @below {{block = [1, 3] does not divide the shape [4, 8]: 3 does not divide dimension 1 of size 8}}
func.func private @lut_scale_block_divide(!compress.tensor<4x8xf16, #compress.lut<table = nf4, block = [1, 3], scale = f16>>)

// -----

// expected-error @below {{per_axis = 5 is out of range for a tensor of rank 2; expected 0 to 1}}
func.func private @lut_scale_per_axis_range(!compress.tensor<4x8xf16, #compress.lut<table = nf4, per_axis = 5, scale = f16>>)

// -----

//===----------------------------------------------------------------------===//
// #compress.float
//===----------------------------------------------------------------------===//

// A format that is not a small float.
// expected-error @below {{format 'f16' is not a supported small float; expected f8E4M3FN, f8E5M2, f6E2M3FN, f6E3M2FN or f4E2M1FN}}
func.func private @float_f16(!compress.tensor<4x8xf16, #compress.float<f16>>)

// -----

// expected-error @below {{format 'f8E8M0FNU' is not a supported small float; expected f8E4M3FN, f8E5M2, f6E2M3FN, f6E3M2FN or f4E2M1FN}}
func.func private @float_e8m0(!compress.tensor<4x8xf16, #compress.float<f8E8M0FNU>>)

// -----

// expected-error @below {{format 'i4' is not a supported small float; expected f8E4M3FN, f8E5M2, f6E2M3FN, f6E3M2FN or f4E2M1FN}}
func.func private @float_int(!compress.tensor<4x8xf16, #compress.float<i4>>)

// -----

// expected-error @below {{expected a type for the format of #compress.float}}
func.func private @float_no_format(!compress.tensor<4x8xf16, #compress.float<>>)

// -----

// Granularity without a scale.
// expected-error @below {{block is given without a scale}}
func.func private @float_block_without_scale(!compress.tensor<4x8xf16, #compress.float<f4E2M1FN, block = [1, 4]>>)

// -----

// expected-error @below {{per_axis is given without a scale}}
func.func private @float_per_axis_without_scale(!compress.tensor<4x8xf16, #compress.float<f4E2M1FN, per_axis = 1>>)

// -----

// expected-error @below {{per_axis = -1 is negative; expected a dimension index}}
func.func private @float_per_axis_minus_one(!compress.tensor<4x8xf16, #compress.float<f4E2M1FN, per_axis = -1, scale = f16>>)

// -----

// expected-error @below {{unknown field 'bits' in #compress.float; expected one of: per_tensor, per_axis, block, scale}}
func.func private @float_unknown_field(!compress.tensor<4x8xf16, #compress.float<f4E2M1FN, bits = 4>>)

// -----

// expected-error @below {{fields per_tensor and block of #compress.float exclude each other}}
func.func private @float_per_tensor_block(!compress.tensor<4x8xf16, #compress.float<f4E2M1FN, per_tensor, block = [1, 8], scale = f16>>)

// -----

// expected-error @below {{scale = i8 is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @float_scale_int(!compress.tensor<4x8xf16, #compress.float<f4E2M1FN, block = [1, 8], scale = i8>>)

// -----

// expected-error @below {{block = [1, 5] does not divide the shape [4, 8]: 5 does not divide dimension 1 of size 8}}
func.func private @float_block_divide(!compress.tensor<4x8xf16, #compress.float<f4E2M1FN, block = [1, 5], scale = f8E8M0FNU>>)

// -----

// expected-error @below {{per_axis = 2 is out of range for a tensor of rank 2; expected 0 to 1}}
func.func private @float_per_axis_range(!compress.tensor<4x8xf16, #compress.float<f8E4M3FN, per_axis = 2, scale = f32>>)

// -----

//===----------------------------------------------------------------------===//
// #compress.sparse
//===----------------------------------------------------------------------===//

// expected-error @below {{#compress.sparse needs a pattern: nm = [N, M], block = [r, c], bitmap or csr}}
func.func private @sparse_no_pattern(!compress.tensor<4x8xf16, #compress.sparse<values = f16>>)

// -----

// expected-error @below {{fields nm and csr of #compress.sparse exclude each other}}
func.func private @sparse_two_patterns(!compress.tensor<4x8xf16, #compress.sparse<nm = [2, 4], csr, nnz = 4, values = f16>>)

// -----

// expected-error @below {{#compress.sparse needs 'values' (a type or an encoding)}}
func.func private @sparse_no_values(!compress.tensor<4x8xf16, #compress.sparse<nm = [2, 4]>>)

// -----

// expected-error @below {{unknown field 'density' in #compress.sparse; expected one of: nm, axis, block, kept, bitmap, csr, nnz, index, values}}
func.func private @sparse_unknown_field(!compress.tensor<4x8xf16, #compress.sparse<nm = [2, 4], density = 50, values = f16>>)

// -----

// expected-error @below {{values = i8 is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @sparse_values_int(!compress.tensor<4x8xf16, #compress.sparse<csr, nnz = 3, values = i8>>)

// -----

// expected-error @below {{'nm' takes two integers [N, M], got 1}}
func.func private @sparse_nm_one(!compress.tensor<4x8xf16, #compress.sparse<nm = [2], values = f16>>)

// -----

// expected-error @below {{'nm' takes two integers [N, M], got 3}}
func.func private @sparse_nm_three(!compress.tensor<4x8xf16, #compress.sparse<nm = [2, 4, 8], values = f16>>)

// -----

// N > M.
// expected-error @below {{nm = [5, 4]: N = 5 is out of range; expected 1 to M = 4}}
func.func private @sparse_nm_n_above_m(!compress.tensor<4x8xf16, #compress.sparse<nm = [5, 4], values = f16>>)

// -----

// expected-error @below {{nm = [0, 4]: N = 0 is out of range; expected 1 to M = 4}}
func.func private @sparse_nm_n_zero(!compress.tensor<4x8xf16, #compress.sparse<nm = [0, 4], values = f16>>)

// -----

// M = 1 keeps everything or nothing.
// expected-error @below {{nm = [1, 1]: M = 1 is out of range; expected 2 to 256}}
func.func private @sparse_nm_m_one(!compress.tensor<4x8xf16, #compress.sparse<nm = [1, 1], values = f16>>)

// -----

// expected-error @below {{nm = [1, 257]: M = 257 is out of range; expected 2 to 256}}
func.func private @sparse_nm_m_257(!compress.tensor<4x8xf16, #compress.sparse<nm = [1, 257], values = f16>>)

// -----

// M must divide the axis (by default the last one).
// expected-error @below {{nm = [2, 3]: M = 3 does not divide dimension 1 of size 8}}
func.func private @sparse_nm_m_divide(!compress.tensor<4x8xf16, #compress.sparse<nm = [2, 3], values = f16>>)

// -----

// expected-error @below {{nm = [2, 8]: M = 8 does not divide dimension 0 of size 4}}
func.func private @sparse_nm_m_divide_axis(!compress.tensor<4x8xf16, #compress.sparse<nm = [2, 8], axis = 0, values = f16>>)

// -----

// expected-error @below {{axis = 2 is out of range for a tensor of rank 2; expected 0 to 1}}
func.func private @sparse_nm_axis_range(!compress.tensor<4x8xf16, #compress.sparse<nm = [2, 4], axis = 2, values = f16>>)

// -----

// expected-error @below {{axis = -1 is negative; expected a dimension index}}
func.func private @sparse_nm_axis_minus_one(!compress.tensor<4x8xf16, #compress.sparse<nm = [2, 4], axis = -1, values = f16>>)

// -----

// expected-error @below {{axis = -2 is negative; expected a dimension index}}
func.func private @sparse_nm_axis_negative(!compress.tensor<4x8xf16, #compress.sparse<nm = [2, 4], axis = -2, values = f16>>)

// -----

// expected-error @below {{a block #compress.sparse needs 'kept' (the number of kept blocks)}}
func.func private @sparse_block_no_kept(!compress.tensor<4x8xf16, #compress.sparse<block = [2, 4], values = f16>>)

// -----

// expected-error @below {{a bitmap #compress.sparse needs 'nnz' (the number of kept values)}}
func.func private @sparse_bitmap_no_nnz(!compress.tensor<4x8xf16, #compress.sparse<bitmap, values = f16>>)

// -----

// expected-error @below {{a csr #compress.sparse needs 'nnz' (the number of kept values)}}
func.func private @sparse_csr_no_nnz(!compress.tensor<4x8xf16, #compress.sparse<csr, values = f16>>)

// -----

// expected-error @below {{field 'axis' applies only to nm}}
func.func private @sparse_axis_misplaced(!compress.tensor<4x8xf16, #compress.sparse<bitmap, nnz = 3, axis = 0, values = f16>>)

// -----

// expected-error @below {{field 'kept' applies only to block}}
func.func private @sparse_kept_misplaced(!compress.tensor<4x8xf16, #compress.sparse<csr, nnz = 3, kept = 3, values = f16>>)

// -----

// expected-error @below {{field 'nnz' applies only to bitmap and csr}}
func.func private @sparse_nnz_misplaced(!compress.tensor<4x8xf16, #compress.sparse<nm = [2, 4], nnz = 3, values = f16>>)

// -----

// expected-error @below {{field 'index' applies only to csr and block}}
func.func private @sparse_index_misplaced(!compress.tensor<4x8xf16, #compress.sparse<bitmap, nnz = 3, index = i16, values = f16>>)

// -----

// expected-error @below {{a sparse block has 2 sizes [rows, columns], got 1}}
func.func private @sparse_block_one_size(!compress.tensor<4x8xf16, #compress.sparse<block = [2], kept = 1, values = f16>>)

// -----

// expected-error @below {{block size 0 at position 0 must be positive}}
func.func private @sparse_block_zero(!compress.tensor<4x8xf16, #compress.sparse<block = [0, 4], kept = 1, values = f16>>)

// -----

// expected-error @below {{kept = 0 must be positive}}
func.func private @sparse_kept_zero(!compress.tensor<4x8xf16, #compress.sparse<block = [2, 4], kept = 0, values = f16>>)

// -----

// expected-error @below {{nnz = -1 must be positive}}
func.func private @sparse_nnz_negative(!compress.tensor<4x8xf16, #compress.sparse<bitmap, nnz = -1, values = f16>>)

// -----

// Block sparse keeping more blocks than there are.
// expected-error @below {{kept = 5 is larger than the 4 blocks of the tensor}}
func.func private @sparse_kept_too_many(!compress.tensor<4x8xf16, #compress.sparse<block = [2, 4], kept = 5, values = f16>>)

// -----

// expected-error @below {{block = [3, 4] does not divide the matrix 4x8 that the tensor [4, 8] is seen as}}
func.func private @sparse_block_divide(!compress.tensor<4x8xf16, #compress.sparse<block = [3, 4], kept = 1, values = f16>>)

// -----

// nnz > elements.
// expected-error @below {{nnz = 33 is larger than the 32 elements of the tensor}}
func.func private @sparse_bitmap_nnz_too_many(!compress.tensor<4x8xf16, #compress.sparse<bitmap, nnz = 33, values = f16>>)

// -----

// expected-error @below {{nnz = 33 is larger than the 32 elements of the tensor}}
func.func private @sparse_csr_nnz_too_many(!compress.tensor<4x8xf16, #compress.sparse<csr, nnz = 33, values = f16>>)

// -----

// expected-error @below {{index = 'i8' is not allowed; expected i16 or i32}}
func.func private @sparse_index_i8(!compress.tensor<4x8xf16, #compress.sparse<csr, nnz = 3, index = i8, values = f16>>)

// -----

// expected-error @below {{index = 'f16' is not allowed; expected i16 or i32}}
func.func private @sparse_index_float(!compress.tensor<4x8xf16, #compress.sparse<block = [2, 4], kept = 1, index = f16, values = f16>>)

// -----

// expected-error @below {{expected a type for 'index'}}
func.func private @sparse_index_encoding(!compress.tensor<4x8xf16, #compress.sparse<csr, nnz = 3, index = #compress.uniform<bits = 4, scale = f16>, values = f16>>)

// -----

// Indices too narrow for the tensor.
// expected-error @below {{index = 'i16' cannot hold a row pointer of 40000 (at most 32767)}}
func.func private @sparse_csr_row_ptr_i16(!compress.tensor<40000x2xf16, #compress.sparse<csr, nnz = 40000, index = i16, values = f16>>)

// -----

// expected-error @below {{index = 'i16' cannot hold a column of 39999 (at most 32767)}}
func.func private @sparse_csr_column_i16(!compress.tensor<2x40000xf16, #compress.sparse<csr, nnz = 3, index = i16, values = f16>>)

// -----

// expected-error @below {{index = 'i16' cannot hold a block count of 40000 (at most 32767)}}
func.func private @sparse_block_count_i16(!compress.tensor<256x256xf16, #compress.sparse<block = [1, 1], kept = 40000, index = i16, values = f16>>)

// -----

// expected-error @below {{index = 'i16' cannot hold a block column of 39999 (at most 32767)}}
func.func private @sparse_block_column_i16(!compress.tensor<1x40000xf16, #compress.sparse<block = [1, 1], kept = 1, index = i16, values = f16>>)

// -----

// The kept values form a 1-D tensor of nnz elements.
// expected-error @below {{in 'values': block = [2] does not divide the shape [3]: 2 does not divide dimension 0 of size 3}}
func.func private @sparse_values_error(!compress.tensor<4x8xf16, #compress.sparse<csr, nnz = 3, values = #compress.uniform<bits = 4, block = [2], scale = f16>>>)

// -----

//===----------------------------------------------------------------------===//
// #compress.lowrank
//===----------------------------------------------------------------------===//

// expected-error @below {{rank = 0 must be positive}}
func.func private @lowrank_rank_zero(!compress.tensor<4x8xf16, #compress.lowrank<rank = 0, u = f16, v = f16>>)

// -----

// expected-error @below {{rank = -5 must be positive}}
func.func private @lowrank_rank_negative(!compress.tensor<4x8xf16, #compress.lowrank<rank = -5, u = f16, v = f16>>)

// -----

// rank >= min(R, C) saves nothing.
// expected-error @below {{rank = 4 must be below min(4, 8) = 4 for the tensor [4, 8] seen as a 4x8 matrix}}
func.func private @lowrank_rank_min_dim(!compress.tensor<4x8xf16, #compress.lowrank<rank = 4, u = f16, v = f16>>)

// -----

// Leading dimensions are flattened into rows.
// expected-error @below {{rank = 8 must be below min(8, 8) = 8 for the tensor [2, 4, 8] seen as a 8x8 matrix}}
func.func private @lowrank_rank_3d(!compress.tensor<2x4x8xf16, #compress.lowrank<rank = 8, u = f16, v = f16>>)

// -----

// A 1-D tensor is one row: no rank is below 1.
// expected-error @below {{rank = 1 must be below min(1, 8) = 1 for the tensor [8] seen as a 1x8 matrix}}
func.func private @lowrank_1d(!compress.tensor<8xf16, #compress.lowrank<rank = 1, u = f16, v = f16>>)

// -----

// expected-error @below {{#compress.lowrank needs 'rank', 'u' and 'v'}}
func.func private @lowrank_no_v(!compress.tensor<4x8xf16, #compress.lowrank<rank = 2, u = f16>>)

// -----

// expected-error @below {{unknown field 'w' in #compress.lowrank; expected one of: rank, u, v}}
func.func private @lowrank_unknown_field(!compress.tensor<4x8xf16, #compress.lowrank<rank = 2, u = f16, v = f16, w = f16>>)

// -----

// expected-error @below {{u = i8 is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @lowrank_u_int(!compress.tensor<4x8xf16, #compress.lowrank<rank = 2, u = i8, v = f16>>)

// -----

// V is rank x C = 2x8.
// expected-error @below {{in 'v': block = [1, 3] does not divide the shape [2, 8]: 3 does not divide dimension 1 of size 8}}
func.func private @lowrank_v_error(!compress.tensor<4x8xf16, #compress.lowrank<rank = 2, u = f16, v = #compress.uniform<bits = 4, block = [1, 3], scale = f16>>>)

// -----

//===----------------------------------------------------------------------===//
// #compress.permuted
//===----------------------------------------------------------------------===//

// Permuted axis out of range.
// expected-error @below {{axis = 2 is out of range for a tensor of rank 2; expected 0 to 1}}
func.func private @permuted_axis_range(!compress.tensor<4x8xf16, #compress.permuted<axis = 2, body = f16>>)

// -----

// expected-error @below {{axis = -1 is negative; expected a dimension index}}
func.func private @permuted_axis_negative(!compress.tensor<4x8xf16, #compress.permuted<axis = -1, body = f16>>)

// -----

// expected-error @below {{#compress.permuted needs 'axis' and 'body'}}
func.func private @permuted_no_axis(!compress.tensor<4x8xf16, #compress.permuted<body = f16>>)

// -----

// expected-error @below {{body = i4 is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @permuted_body_int(!compress.tensor<4x8xf16, #compress.permuted<axis = 1, body = i4>>)

// -----

// expected-error @below {{in 'body': per_axis = 2 is out of range for a tensor of rank 2; expected 0 to 1}}
func.func private @permuted_body_error(!compress.tensor<4x8xf16, #compress.permuted<axis = 1, body = #compress.uniform<bits = 4, per_axis = 2, scale = f16>>>)

// -----

//===----------------------------------------------------------------------===//
// #compress.sum, #compress.product
//===----------------------------------------------------------------------===//

// expected-error @below {{#compress.sum needs at least 2 parts, got 1}}
func.func private @sum_one_term(!compress.tensor<4x8xf16, #compress.sum<#compress.uniform<bits = 4, scale = f16>>>)

// -----

// expected-error @below {{#compress.sum needs at least 2 parts, got 0}}
func.func private @sum_no_term(!compress.tensor<4x8xf16, #compress.sum<>>)

// -----

// expected-error @below {{#compress.product needs at least 2 parts, got 1}}
func.func private @product_one_factor(!compress.tensor<4x8xf16, #compress.product<#compress.lut<table = sign>>>)

// -----

// Parts are named as their storage roles are.
// expected-error @below {{term1 = i8 is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @sum_term_int(!compress.tensor<4x8xf16, #compress.sum<f16, i8>>)

// -----

// expected-error @below {{factor2 = "x" is not allowed; expected f32, f16, bf16, f8E4M3FN, f8E5M2, f8E8M0FNU or a #compress encoding}}
func.func private @product_factor_attr(!compress.tensor<4x8xf16, #compress.product<f16, f16, "x">>)

// -----

// expected-error @below {{in 'term1': nnz = 99 is larger than the 32 elements of the tensor}}
func.func private @sum_term_error(!compress.tensor<4x8xf16, #compress.sum<#compress.uniform<bits = 4, scale = f16>, #compress.sparse<csr, nnz = 99, values = f16>>>)

// -----

// expected-error @below {{in 'factor1': rank = 9 must be below min(4, 8) = 4 for the tensor [4, 8] seen as a 4x8 matrix}}
func.func private @product_factor_error(!compress.tensor<4x8xf16, #compress.product<#compress.lut<table = sign>, #compress.lowrank<rank = 9, u = f16, v = f16>>>)
