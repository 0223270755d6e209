//===- CompressInterfaces.td - Encoding interface ----------*- tablegen -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_INTERFACES_TD
#define COMPRESS_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Compress_EncodingAttrInterface : AttrInterface<"EncodingAttrInterface"> {
  let cppNamespace = "::mlir::compress";
  let description = [{
    Implemented by every attribute that describes how a compressed tensor is
    stored. The storage tensors, byte size, reference decoder and packer of an
    encoding are computed from the attribute in `lib/Encoding`.
  }];
  let methods = [
    InterfaceMethod<"The encoding's short name (its mnemonic).",
                    "::llvm::StringRef", "getEncodingName", (ins),
                    [{ return $_attr.getMnemonic(); }]>,
  ];
  let extraClassDeclaration = [{
    /// The deepest nesting of encodings in slots that the parser and the
    /// verifiers accept. Every tree walk over an encoding (layout, packing,
    /// decoding, printing) recurses once per level, so the bound keeps hostile
    /// input from exhausting the stack.
    static constexpr unsigned kMaxNestingDepth = 16;
  }];
}

#endif // COMPRESS_INTERFACES_TD
