//===- Passes.td - compress -> compress passes -------------*- tablegen -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_TRANSFORMS_PASSES_TD
#define COMPRESS_PASSES_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def CompressPrintSizesPass : Pass<"compress-print-sizes"> {
  let summary = "Report the encoding, bytes and bits per weight of every compressed value";
  let description = [{
    Emits one remark per value of type `!compress.tensor` (op results and
    block arguments), at the value's location, naming the value, its
    encoding, its exact storage size in bytes and its bits per weight, and the
    size of the same tensor stored dense. With `storage=true` the remark also
    lists every storage tensor (role, type, bytes). A last remark on the
    operation the pass runs on gives the totals. The IR is not changed.

    The name of a value is the name of a `NameLoc` on it (for example
    `loc("layers.0.wq")`), else `<function>.arg<N>` for a function argument
    and `<function>.<op>.<index>` for any other value, where `<op>` is the op
    that defines (or whose region holds) the value and `<index>` counts the
    compressed values of the function in order.

    ```mlir
    %w = compress.constant {...} : !compress.tensor<64x64xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f16>> loc("wq")
    // remark: 'wq' !compress.tensor<64x64xf32, ...>: 2304 bytes, 4.5 bits per weight (16384 bytes dense f32, 7.11x smaller)
    ```
  }];
  let options = [
    Option<"showStorage", "storage", "bool", /*default=*/"false",
           "Also list each storage tensor with its type and bytes">,
  ];
}

def CompressApplyPolicyPass : Pass<"compress-apply-policy", "::mlir::ModuleOp"> {
  let summary = "Compress the weights of a model as a policy file says";
  let description = [{
    Finds every weight (a float `arith.constant`, `dense<>` or
    `dense_resource<>`, consumed by a contraction, a convolution or an
    embedding lookup), names it, asks the policy (`docs/policy.md`) for its
    encoding, quantizes it (round to nearest, ties to even), and replaces it
    with a `compress.constant` whose storage are `dense_resource` blobs. Its
    consumers become `compress.matmul` (linalg.matmul in any transposed form,
    batch_matmul, matvec, vecmat) or `compress.gather` (tensor.gather of rows);
    other consumers get a `compress.decode`. Weights the policy leaves alone
    (no rule, or `none`) stay exactly as they were.

    `report=FILE` writes the JSON report of `docs/report.md`: per layer the
    encoding, bytes, bits per weight and the measured relative errors of the
    weight and of the layer's outputs on calibration inputs (`calibration=` a
    `.npy` file for every layer, or a directory of `<weight name>.npy`;
    default: seeded standard-normal inputs). `summary=true` also emits one
    remark per layer. Models with many weights print progress to stderr.

    ```mlir
    // policy.yaml: one rule, match "*", encoding int4-g128
    %w = arith.constant dense_resource<wq> : tensor<4096x4096xf32>
    %y = linalg.matmul ins(%x, %w : tensor<1x4096xf32>, tensor<4096x4096xf32>) outs(%z : tensor<1x4096xf32>) -> tensor<1x4096xf32>
    // becomes
    %w = compress.constant {codes = dense_resource<wq.codes> : tensor<4096x2048xi8>, scales = dense_resource<wq.scales> : tensor<32x4096xf16>} : !compress.tensor<4096x4096xf32, #compress.uniform<bits = 4, block = [128, 1], scale = f16>>
    %y = compress.matmul %x, %w acc(f32) : tensor<1x4096xf32>, !compress.tensor<...> -> tensor<1x4096xf32>
    ```
  }];
  let options = [
    Option<"policyPath", "policy", "std::string", /*default=*/"\"\"",
           "The policy file (YAML, docs/policy.md)">,
    Option<"reportPath", "report", "std::string", /*default=*/"\"\"",
           "Write the per-layer JSON report here (docs/report.md)">,
    Option<"calibrationPath", "calibration", "std::string", /*default=*/"\"\"",
           "Calibration inputs: a .npy file, or a directory of <weight>.npy">,
    Option<"summary", "summary", "bool", /*default=*/"false",
           "Emit one remark per layer with its encoding, size and errors">,
    Option<"calibrationRows", "calibration-rows", "int64_t", /*default=*/"8",
           "Rows of the seeded standard-normal inputs used without calibration">,
  ];
  let dependentDialects = [
    "::mlir::compress::CompressDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def CompressDecompressPass : Pass<"compress-decompress", "::mlir::ModuleOp"> {
  let summary = "Turn compressed IR back into a dense model (the reference program)";
  let description = [{
    The inverse of `compress-apply-policy` up to quantization: every
    `compress.constant` becomes an `arith.constant` holding the tensor the
    reference decoder (`lib/Encoding/Decode.h`) computes from its storage,
    rounded to the logical element type (f32, f16 or bf16), and every
    consumer becomes its dense equivalent. Every encoding the decoder knows
    is decompressed, not only those the CPU lowering handles. The output has
    no `compress` op or type left; it is the reference a compressed program
    must agree with to float rounding, and a model for tools without the
    dialect.

    * The dense constant is a `dense_resource` blob (64-byte aligned) named
      after the constant's `NameLoc` (`loc("layers.0.attention.wq")`), else
      after its storage blobs without their role suffix
      (`layers.0.attention.wq.codes` gives `layers.0.attention.wq`, the
      name `compress-apply-policy` started from), else `decompressed`. A
      name already taken gets a numeric suffix.
    * `compress.decode %w` becomes the dense constant itself.
    * `compress.matmul %x, %w acc(T)` multiplies in `T`: the products and
      the sum are in `T` (the inputs converted to `T`), starting from zero,
      and the sum is converted to the result element type by a separate
      elementwise `linalg.generic`. A 2-D `lhs` with a 2-D weight becomes
      `linalg.matmul` (with `indexing_maps` for `transpose_rhs`, the
      `nn.Linear` layout `[N, K]`), a 3-D `lhs` with a per-batch weight
      `linalg.batch_matmul` (likewise), a 1-D `lhs` `linalg.matvec`
      (`transpose_rhs`) or `linalg.vecmat`. Other forms (more batch
      dimensions, a weight shared by every batch) and conversions between
      f16 and bf16 (which go through f32) become one `linalg.generic` with
      the weight as an input.
    * `compress.gather %table[%ids]` becomes a `linalg.generic` over the
      result whose body is a `tensor.extract` of the dense table at the row
      `%ids` selects.

    ```mlir
    %w = compress.constant {codes = dense_resource<wq.codes> : tensor<64x64xi8>, scales = dense_resource<wq.scales> : tensor<64x2xf16>}
        : !compress.tensor<64x128xf32, #compress.uniform<bits = 4, block = [1, 64], scale = f16>>
    %y = compress.matmul %x, %w transpose_rhs acc(f32)
        : tensor<8x128xf32>, !compress.tensor<64x128xf32, #compress.uniform<bits = 4, block = [1, 64], scale = f16>> -> tensor<8x64xf32>
    // becomes
    %w = arith.constant dense_resource<wq> : tensor<64x128xf32>
    %y = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
        ins(%x, %w : tensor<8x128xf32>, tensor<64x128xf32>) outs(%zeros : tensor<8x64xf32>) -> tensor<8x64xf32>
    ```

    Errors, each at its location, before anything is rewritten: a function
    argument or result, a block argument or an op result of compressed type
    other than a `compress.constant` (the weights must be constants), a
    `compress.encode` (run-time compression has no dense equivalent), a
    compressed value used by another op than `compress.decode`,
    `compress.matmul` and `compress.gather` (`func.return`, `func.call`,
    ...), and storage the reference decoder rejects (a missing blob, data
    that break the encoding's invariants), naming the constant.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // COMPRESS_PASSES_TRANSFORMS_PASSES_TD
