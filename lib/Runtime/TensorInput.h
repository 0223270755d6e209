//===- TensorInput.h - Tensors from --input specifications ------*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The forms of compress-run's --input (as iree-run-module's):
//   @FILE.npy               a .npy file (NpyTensor.h)
//   SHAPExTYPE=VALUE        every element VALUE: 4x64xf32=0.5, bf16=1 (rank 0)
//   SHAPExTYPE=[V0,V1,...]  the elements in row-major order, as many as the
//                           shape holds: 2x2xi8=[1,-2,3,4]
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_RUNTIME_TENSORINPUT_H
#define COMPRESS_LIB_RUNTIME_TENSORINPUT_H

#include "lib/Runtime/HostTensor.h"

namespace mlir::compress::runtime {

struct TensorInput {
  HostTensor tensor;
  /// The .npy dtype of a file input ("u2"); empty for the other forms.
  std::string npyDtype;
};

/// Reads or parses one --input value; errors name the value and what is
/// wrong with it.
llvm::Expected<TensorInput> parseTensorInput(llvm::StringRef spec);

} // namespace mlir::compress::runtime

#endif // COMPRESS_LIB_RUNTIME_TENSORINPUT_H
