//===- CompressAttrs.td - Encoding attributes --------------*- tablegen -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Encodings are small, composable parts. Slots that hold a nested encoding
// ("scale", "zero_point", "values", "u", ...) accept either a plain element
// type (the data are stored as they are) or another encoding attribute, at
// most EncodingAttrInterface::kMaxNestingDepth (16) levels deep and with at
// most kMaxStorageTensors (4096) storage tensors in all. The shape-dependent
// checks and the storage layout are in lib/Encoding/Layout.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_ATTRS_TD
#define COMPRESS_ATTRS_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "dialects/Compress/IR/CompressDialect.td"
include "dialects/Compress/IR/CompressInterfaces.td"

def Compress_SparsePattern : I32EnumAttr<"SparsePattern",
    "how the positions of the kept values are stored", [
      I32EnumAttrCase<"NM", 0, "nm">,
      I32EnumAttrCase<"Block", 1, "block">,
      I32EnumAttrCase<"Bitmap", 2, "bitmap">,
      I32EnumAttrCase<"CSR", 3, "csr">,
    ]> {
  let cppNamespace = "::mlir::compress";
  let genSpecializedAttr = 0;
}

class Compress_Encoding<string name, string attrMnemonic>
    : AttrDef<Compress_Dialect, name, [Compress_EncodingAttrInterface]> {
  let mnemonic = attrMnemonic;
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

// Parameters shared by every encoding with per-group parameters: `axis` is the
// per-axis dimension (-1 when unused) and `block` the block shape (empty when
// unused). Neither set means one parameter for the whole tensor.
defvar GranularityParams = (ins "int64_t":$axis, ArrayRefParameter<"int64_t">:$block);

def Compress_UniformAttr : Compress_Encoding<"Uniform", "uniform"> {
  let summary = "Uniform affine quantization: value = scale * (code - zero_point)";
  let description = [{
    Integer codes of `bits` bits (1 to 8), signed (two's complement, the
    default) or `unsigned`. One scale per group; the groups are the whole
    tensor (`per_tensor`, the default), the slices along one dimension
    (`per_axis = d`: one scale per index of dimension `d`) or blocks of any
    shape (`block = [b0, b1, ...]`, one entry per dimension, each dividing the
    dimension). The scale is a float type (f32, f16, bf16, f8E4M3FN, f8E5M2,
    f8E8M0FNU) or itself an encoding (two-level scales, as in K-quants and
    SpQR).

    Optional `zero_point = Z` (value = scale * (code - zero_point)) or
    `min = M` (value = scale * code - min, the K-quant form) with the same
    groups as the scale. Z is an integer type of 1 to 16 bits (`ui4`, `i8`,
    ...), a float type or an encoding; M is a float type or an encoding.

    ```mlir
    #compress.uniform<bits = 4, unsigned, block = [1, 128], scale = f16, zero_point = ui4>
    ```
  }];
  let parameters = !con((ins "unsigned":$bits, "bool":$isSigned), GranularityParams,
      (ins "::mlir::Attribute":$scale,
           OptionalParameter<"::mlir::Attribute">:$zeroPoint,
           OptionalParameter<"::mlir::Attribute">:$min));
}

def Compress_LutAttr : Compress_Encoding<"Lut", "lut"> {
  let summary = "Codebook (look-up table) quantization";
  let description = [{
    Indices of `bits` bits (1 to 16) into a codebook of `2^bits` codewords of
    `dim` consecutive values along the last dimension (`dim = 1`: scalar
    codebook; more: vector quantization). The codebook is either stored
    (`codebook = f16`, one per tensor, or one per group with
    `codebook_axis = d` / `codebook_block = [...]`) or a fixed table
    (`table = nf4`, `table = sign`). An optional `scale` multiplies the
    looked-up value, with its own groups (`per_tensor`, `per_axis`, `block`).

    ```mlir
    #compress.lut<bits = 4, codebook = f16, codebook_axis = 0>
    #compress.lut<table = nf4, block = [1, 64], scale = f32>
    ```
  }];
  let parameters = (ins "unsigned":$bits, "int64_t":$dim,
      StringRefParameter<"fixed table name, empty when stored">:$table,
      OptionalParameter<"::mlir::Type">:$codebookType,
      "int64_t":$codebookAxis, ArrayRefParameter<"int64_t">:$codebookBlock,
      OptionalParameter<"::mlir::Attribute">:$scale,
      "int64_t":$axis, ArrayRefParameter<"int64_t">:$block);
}

def Compress_SmallFloatAttr : Compress_Encoding<"SmallFloat", "float"> {
  let summary = "Small floating-point codes with optional block scales (FP8, MX, NV)";
  let description = [{
    Each value is stored as a small float (`f8E4M3FN`, `f8E5M2`, `f6E2M3FN`,
    `f6E3M2FN`, `f4E2M1FN`), optionally multiplied by a scale per group
    (`per_tensor`, `per_axis = d`, `block = [...]`). MXFP4 is `f4E2M1FN` with
    an `f8E8M0FNU` scale per block of 32; NVFP4 is `f4E2M1FN` with an
    `f8E4M3FN` scale per block of 16, itself scaled per tensor in f32.

    ```mlir
    #compress.float<f4E2M1FN, block = [1, 32], scale = f8E8M0FNU>
    ```
  }];
  let parameters = !con((ins "::mlir::Type":$format,
                             OptionalParameter<"::mlir::Attribute">:$scale),
                        GranularityParams);
}

def Compress_SparseAttr : Compress_Encoding<"Sparse", "sparse"> {
  let summary = "A sparsity pattern whose kept values are themselves encoded";
  let description = [{
    Patterns:
    - `nm = [N, M]` with `axis = d` (default: the last dimension): at most N
      of every M consecutive values along `d` are kept; positions stored in
      ceil(log2 M) bits each.
    - `block = [r, c]` with `kept = K`: K blocks of r x c of the tensor seen
      as a matrix (rows = product of the leading dimensions) are kept, stored
      block-row-compressed.
    - `bitmap` with `nnz = K`: one mask bit per value.
    - `csr` with `nnz = K`: row pointers and column indices (`index = i16` or
      `i32`, default i32).

    `values` is a float type or an encoding of the kept values.

    ```mlir
    #compress.sparse<nm = [2, 4], values = f16>
    #compress.sparse<csr, nnz = 1024, values = f16>
    ```
  }];
  let parameters = (ins EnumParameter<Compress_SparsePattern>:$pattern,
      "int64_t":$n, "int64_t":$m, "int64_t":$axis,
      ArrayRefParameter<"int64_t">:$block, "int64_t":$count,
      OptionalParameter<"::mlir::Type">:$indexType,
      "::mlir::Attribute":$values);
}

def Compress_LowRankAttr : Compress_Encoding<"LowRank", "lowrank"> {
  let summary = "Low-rank factorization W = U * V with encoded factors";
  let description = [{
    The tensor seen as a matrix R x C (R = product of the leading dimensions)
    is U (R x rank) times V (rank x C), with 1 <= rank < min(R, C). Each factor
    is a float type or an encoding. A permutation is expressed by wrapping the
    factorization in `#compress.permuted`.

    ```mlir
    #compress.lowrank<rank = 64, u = f16, v = f16>
    ```
  }];
  let parameters = (ins "int64_t":$rank, "::mlir::Attribute":$u,
                        "::mlir::Attribute":$v);
}

def Compress_PermutedAttr : Compress_Encoding<"Permuted", "permuted"> {
  let summary = "An encoded tensor whose slices along one axis are permuted";
  let description = [{
    The body holds the tensor with the slices of dimension `axis` reordered:
    `W[..., perm[j], ...] = body[..., j, ...]`. `perm` is stored as i32. GPTQ
    with act-order is a permuted group-quantized body.

    ```mlir
    #compress.permuted<axis = 1, body = #compress.uniform<bits = 4, block = [1, 128], scale = f16>>
    ```
  }];
  let parameters = (ins "int64_t":$axis, "::mlir::Attribute":$body);
}

def Compress_SumAttr : Compress_Encoding<"Sum", "sum"> {
  let summary = "A sum of encoded terms of the same shape";
  let description = [{
    Body + sparse outliers (SpQR, SqueezeLLM), body + low-rank correction
    (EoRA), stacked residuals (BitStack), GEAR.

    ```mlir
    #compress.sum<#compress.uniform<bits = 4, block = [1, 128], scale = f16>,
                  #compress.lowrank<rank = 16, u = f16, v = f16>>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"::mlir::Attribute">:$terms);
}

def Compress_ProductAttr : Compress_Encoding<"Product", "product"> {
  let summary = "An elementwise product of encoded factors of the same shape";
  let description = [{
    A 1-bit sign mask times a low-rank magnitude, as BitStack stacks them.

    ```mlir
    #compress.product<#compress.lut<table = sign>, #compress.lowrank<rank = 16, u = f16, v = f16>>
    ```
  }];
  let parameters = (ins ArrayRefParameter<"::mlir::Attribute">:$factors);
}

#endif // COMPRESS_ATTRS_TD
