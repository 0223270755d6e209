//===- CompressTypes.td - The compressed tensor type -------*- tablegen -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_TYPES_TD
#define COMPRESS_TYPES_TD

include "mlir/IR/AttrTypeBase.td"
include "dialects/Compress/IR/CompressDialect.td"
include "dialects/Compress/IR/CompressInterfaces.td"

def Compress_TensorType : TypeDef<Compress_Dialect, "CompressedTensor"> {
  let mnemonic = "tensor";
  let summary = "A tensor stored in compressed form";
  let description = [{
    `!compress.tensor<4096x4096xf16, #compress.uniform<...>>` is a tensor
    whose logical value is a dense, statically shaped tensor of f32, f16 or
    bf16, stored as the encoding says. It is not a builtin tensor, so upstream
    ops cannot consume it without an explicit `compress.decode`.
  }];
  let parameters = (ins ArrayRefParameter<"int64_t">:$shape,
                        "::mlir::Type":$elementType,
                        "::mlir::compress::EncodingAttrInterface":$encoding);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    int64_t getRank() const { return getShape().size(); }
    /// The number of logical elements (the type verifier guarantees that it
    /// fits in int64_t).
    int64_t getNumElements() const;
    /// The dense tensor this value decodes to.
    ::mlir::RankedTensorType getDenseType() const;
  }];
}

def Compress_Tensor : Type<CPred<"::llvm::isa<::mlir::compress::CompressedTensorType>($_self)">,
    "compressed tensor", "::mlir::compress::CompressedTensorType">;

#endif // COMPRESS_TYPES_TD
