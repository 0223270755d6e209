//===- CompressOps.td - Ops of the compress dialect --------*- tablegen -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_OPS_TD
#define COMPRESS_OPS_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "dialects/Compress/IR/CompressDialect.td"
include "dialects/Compress/IR/CompressAttrs.td"
include "dialects/Compress/IR/CompressTypes.td"

class Compress_Op<string mnemonic, list<Trait> traits = []>
    : Op<Compress_Dialect, mnemonic, traits>;

def Compress_ConstantOp : Compress_Op<"constant", [Pure]> {
  let summary = "A compressed constant: an encoding plus its storage tensors";
  let description = [{
    `storage` maps each storage role of the encoding (see `docs/formats.md`)
    to its data. Large data must be `dense_resource` blobs: inline `dense<>`
    storage is accepted only up to 4096 bytes per tensor (tests, tiny tables),
    or as a splat of any size.

    ```mlir
    %w = compress.constant {codes = dense_resource<w_codes> : tensor<64x32xi8>,
                            scales = dense_resource<w_scales> : tensor<64x1xf16>}
        : !compress.tensor<64x64xf16, #compress.uniform<bits = 4, block = [1, 64], scale = f16>>
    ```
  }];
  let arguments = (ins DictionaryAttr:$storage);
  let results = (outs Compress_Tensor:$result);
  let assemblyFormat = "$storage attr-dict `:` qualified(type($result))";
  let hasVerifier = 1;
}

def Compress_DecodeOp : Compress_Op<"decode", [Pure]> {
  let summary = "Decode a compressed tensor into a dense tensor";
  let description = [{
    The result has the logical shape and element type of the input. A decode
    of a small `compress.constant` (at most 1024 elements, stored in at most
    64 KiB) folds to a dense constant computed by the reference decoder;
    large weights are never materialized at compile time.

    ```mlir
    %d = compress.decode %w : !compress.tensor<64x64xf16, #enc> -> tensor<64x64xf16>
    ```
  }];
  let arguments = (ins Compress_Tensor:$input);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` qualified(type($input)) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Compress_EncodeOp : Compress_Op<"encode", [Pure]> {
  let summary = "Compress a dense tensor at run time";
  let description = [{
    The run-time inverse of `compress.decode`, for activations and KV caches:
    the encoding's data-dependent parts (scales, codes, kept positions) are
    computed from the input when the program runs.

    ```mlir
    %kv = compress.encode %x : tensor<128x64xf16> -> !compress.tensor<128x64xf16, #enc>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs Compress_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` qualified(type($result))";
  let hasVerifier = 1;
}

def Compress_MatmulOp : Compress_Op<"matmul", [Pure]> {
  let summary = "Dense activations times a compressed weight";
  let description = [{
    `lhs` is `[B..., M, K]` (or `[K]` for a matrix-vector product). `rhs` is the
    compressed weight `[W..., K, N]`, or `[W..., N, K]` with `transpose_rhs`
    (the `nn.Linear` layout); its batch dimensions `W...` are either absent
    (the weight is shared by every batch) or equal to `B...`. The result is
    `[B..., M, N]` (or `[N]`). Products are accumulated in `acc`: f32, or
    the result element type itself (f16 and bf16 hold different ranges, so
    neither accumulates the other).

    The product is `lhs` times the decoded weight, its elements rounded to
    the weight's element type, except for a matrix whose encoding is
    `#compress.lowrank` or a `#compress.sum` with a low-rank term: its
    product is defined through its structure, whatever its element type.
    A sum is the sum of its terms' products, and a low-rank term `U V`
    goes through the rank-wide intermediate (`(x V^T) U^T` with
    `transpose_rhs`, else `(x U) V`), all in `acc`, with the factors and
    the other terms decoded in f32 as nested values are. No element is
    rounded to the weight's element type, and the weight is never built.

    ```mlir
    %y = compress.matmul %x, %w transpose_rhs acc(f32)
        : tensor<8x4096xf32>, !compress.tensor<11008x4096xf16, #enc> -> tensor<8x11008xf32>
    ```

    `int8_activations(B)` makes the activations int8 at run time (W4A8 /
    W8A8 style): each row of `lhs` is cut into blocks of `B` values along K
    (B divides K), and each block is replaced by `s * q` with
    `s = max|x| / 127` and `q = clamp(roundeven(x * (127 / max|x|)), -127,
    127)` (q = 0 for an all-zero block) before the product. Kernels then
    multiply int8 by the weight's integer codes and apply `s` per block.

    ```mlir
    %y = compress.matmul %x, %w transpose_rhs int8_activations(128) acc(f32)
        : tensor<1x4096xf32>, !compress.tensor<4096x4096xf32, #int4_g128> -> tensor<1x4096xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$lhs, Compress_Tensor:$rhs,
                       UnitAttr:$transpose_rhs,
                       OptionalAttr<I64Attr>:$int8_activations,
                       TypeAttr:$acc);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`transpose_rhs` $transpose_rhs^)?
    (`int8_activations` `(` $int8_activations^ `)`)? `acc` `(` $acc `)` attr-dict
    `:` type($lhs) `,` qualified(type($rhs)) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Compress_GatherOp : Compress_Op<"gather", [Pure]> {
  let summary = "Rows of a compressed table (embedding lookup)";
  let description = [{
    `result[i..., d...] = table[indices[i...], d...]`: the result shape is the
    indices shape followed by the table shape without its first dimension.
    Indices are integers or `index`; out-of-range indices are undefined
    behaviour, as for `tensor.extract`.

    ```mlir
    %e = compress.gather %table[%ids]
        : !compress.tensor<32000x4096xf16, #enc>, tensor<1x16xi64> -> tensor<1x16x4096xf16>
    ```
  }];
  let arguments = (ins Compress_Tensor:$table,
                       RankedTensorOf<[AnySignlessInteger, Index]>:$indices);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $table `[` $indices `]` attr-dict `:` qualified(type($table)) `,` type($indices) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Vector ops of the CPU kernels
//===----------------------------------------------------------------------===//

def Compress_LookupOp : Compress_Op<"lookup", [Pure,
    AllTypesMatch<["table", "result"]>,
    AllShapesMatch<["table", "indices"]>]> {
  let summary = "Per-lane look-up in a 16-entry vector table (vpermd)";
  let description = [{
    `result[i] = table[indices[i] mod 16]`: only the low 4 bits of each index
    are read, so the packed nibbles of a byte zero-extended to i32 index the
    table directly. The decode step of the CPU kernels for 4-bit codes
    (`convert-compress-to-linalg` with `cpu-features`);
    `compress-cpu-lower-vector-ops` turns it into `vpermd` on AVX-512 and
    into per-lane extracts elsewhere.

    ```mlir
    %w = compress.lookup %table[%nibbles] : vector<16xf32>, vector<16xi32>
    ```
  }];
  let arguments = (ins FixedVectorOfLengthAndType<[16], [F32]>:$table,
                       FixedVectorOfLengthAndType<[16], [I32]>:$indices);
  let results = (outs FixedVectorOfLengthAndType<[16], [F32]>:$result);
  let assemblyFormat = [{
    $table `[` $indices `]` attr-dict `:` type($table) `,` type($indices)
  }];
}

def Compress_DotU8I8Op : Compress_Op<"dot_u8i8", [Pure,
    AllTypesMatch<["acc", "result"]>, AllTypesMatch<["lhs", "rhs"]>]> {
  let summary = "Sums of 4 products of unsigned and signed bytes (vpdpbusd)";
  let description = [{
    `result[i] = acc[i] + sum_{j < 4} zext(lhs[4i + j]) * sext(rhs[4i + j])`
    in i32 (no saturation): the int8 dot product of the CPU kernels for
    int8 activations. `compress-cpu-lower-vector-ops` turns it into
    `vpdpbusd` with AVX-512 VNNI and into widening multiplies and adds
    elsewhere.

    ```mlir
    %d = compress.dot_u8i8 %acc, %codes, %activations : vector<64xi8> -> vector<16xi32>
    ```
  }];
  let arguments = (ins FixedVectorOfLengthAndType<[16], [I32]>:$acc,
                       FixedVectorOfLengthAndType<[64], [I8]>:$lhs,
                       FixedVectorOfLengthAndType<[64], [I8]>:$rhs);
  let results = (outs FixedVectorOfLengthAndType<[16], [I32]>:$result);
  let assemblyFormat = [{
    $acc `,` $lhs `,` $rhs attr-dict `:` type($lhs) `->` type($result)
  }];
}

#endif // COMPRESS_OPS_TD
