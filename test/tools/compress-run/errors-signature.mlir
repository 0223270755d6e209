// Functions compress-run cannot call: arguments and results must be ranked
// tensors (or identity-layout memrefs) of static shape and of one of its
// element types. The error points at the function and names the argument.

// RUN: not compress-run %s --function=dynamic 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC: errors-signature.mlir:[[#@LINE+14]]:1: error: argument #1 of 'dynamic' has type 'tensor<?x4xf32>': dynamic sizes are not supported; give every dimension a static size
// RUN: not compress-run %s --function=scalar 2>&1 | FileCheck %s --check-prefix=SCALAR
// SCALAR: errors-signature.mlir:[[#@LINE+16]]:1: error: argument #0 of 'scalar' has type 'f32': compress-run passes ranked tensors only (scalars are out of scope)
// RUN: not compress-run %s --function=unranked 2>&1 | FileCheck %s --check-prefix=UNRANKED
// UNRANKED: errors-signature.mlir:[[#@LINE+18]]:1: error: argument #0 of 'unranked' has type 'tensor<*xf32>': compress-run passes ranked tensors only
// RUN: not compress-run %s --function=boolean 2>&1 | FileCheck %s --check-prefix=BOOLEAN
// BOOLEAN: errors-signature.mlir:[[#@LINE+20]]:1: error: result #0 of 'boolean' has type 'tensor<4xi1>': element type is not supported; expected f16, bf16, f32, f64, i8, i16, i32 or i64
// RUN: not compress-run %s --function=unsigned 2>&1 | FileCheck %s --check-prefix=UNSIGNED
// UNSIGNED: errors-signature.mlir:[[#@LINE+23]]:1: error: argument #0 of 'unsigned' has type 'tensor<4xui8>': element type is not supported
// RUN: not compress-run %s --function=strided 2>&1 | FileCheck %s --check-prefix=STRIDED
// STRIDED: errors-signature.mlir:[[#@LINE+25]]:1: error: argument #0 of 'strided' has type 'memref<4xf32, strided<[2]>>': only memrefs with the identity layout are supported

// RUN: compress-run %s --function=dynamic 2> /dev/null; test $? -eq 1

func.func @dynamic(%a: tensor<4xf32>, %b: tensor<?x4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}

func.func @scalar(%a: f32) -> f32 {
  return %a : f32
}

func.func @unranked(%a: tensor<*xf32>) -> tensor<*xf32> {
  return %a : tensor<*xf32>
}

func.func @boolean(%a: tensor<4xi8>) -> tensor<4xi1> {
  %r = arith.trunci %a : tensor<4xi8> to tensor<4xi1>
  return %r : tensor<4xi1>
}

func.func @unsigned(%a: tensor<4xui8>) -> tensor<4xui8> {
  return %a : tensor<4xui8>
}

func.func @strided(%a: memref<4xf32, strided<[2]>>) {
  return
}
