//===- CompressDialect.td - The compress dialect -----------*- tablegen -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_DIALECT_TD
#define COMPRESS_DIALECT_TD

include "mlir/IR/OpBase.td"

def Compress_Dialect : Dialect {
  let name = "compress";
  let cppNamespace = "::mlir::compress";
  let summary = "Quantized, sparse and low-rank tensors and the ops that consume them";
  let description = [{
    The `compress` dialect represents compressed neural-network tensors. A
    compressed tensor is a value of type `!compress.tensor<shape x elem,
    #encoding>`: its logical dense shape and element type plus an encoding
    attribute that says how it is stored. Encodings compose: a quantizer
    (`#compress.uniform`, `#compress.lut`, `#compress.float`), a sparsity
    pattern (`#compress.sparse`) whose kept values are themselves encoded, a
    low-rank factorization (`#compress.lowrank`), a permutation
    (`#compress.permuted`), a sum of terms (`#compress.sum`) and an elementwise
    product (`#compress.product`).

    Upstream ops cannot consume a `!compress.tensor`: it is turned into a dense
    tensor by `compress.decode`, or consumed directly by the fused ops
    `compress.matmul` and `compress.gather`.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
    void registerTypes();
  }];
}

#endif // COMPRESS_DIALECT_TD
