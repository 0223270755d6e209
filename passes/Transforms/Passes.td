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

#endif // COMPRESS_PASSES_TRANSFORMS_PASSES_TD
