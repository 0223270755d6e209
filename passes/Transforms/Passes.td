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

#endif // COMPRESS_PASSES_TRANSFORMS_PASSES_TD
