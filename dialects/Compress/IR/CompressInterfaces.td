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
}

#endif // COMPRESS_INTERFACES_TD
