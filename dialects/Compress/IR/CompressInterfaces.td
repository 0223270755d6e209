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
  let extraClassDeclaration = [{
    /// The deepest nesting of encodings in slots that the parser and the
    /// verifiers accept. Every recursive walk over an encoding (parsing,
    /// verification, layout, decoding, printing) recurses once per level, so
    /// the bound keeps hostile input from exhausting the stack.
    static constexpr unsigned kMaxNestingDepth = 16;
    /// The most storage tensors one encoding may need. Aliases shared by the
    /// parts of a #compress.sum multiply: four levels of 100 parts are 10^8
    /// storage tensors written in 2 KB, which the layout would enumerate.
    static constexpr unsigned kMaxStorageTensors = 4096;
  }];
}

#endif // COMPRESS_INTERFACES_TD
