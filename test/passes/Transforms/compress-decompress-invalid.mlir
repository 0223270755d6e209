// RUN: compress-opt %s --split-input-file --compress-decompress --verify-diagnostics
// Everything that cannot be decompressed is reported at its location, all
// of it before anything is rewritten.

// A compressed argument: its stored data are not known at compile time.
!w = !compress.tensor<2x4xf32, #compress.uniform<bits = 8, scale = f32>>
// expected-error @below {{argument 1 of 'arg' has the compressed type '!compress.tensor<2x4xf32, #compress.uniform<bits = 8, scale = f32>>'; only compress.constant values can be decompressed}}
func.func @arg(%x: tensor<3x4xf32>, %w: !w) -> tensor<3x2xf32> {
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<3x4xf32>, !w -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// A compressed result, and the return that uses the constant.
!w = !compress.tensor<2x4xf32, #compress.uniform<bits = 8, scale = f32>>
// expected-error @below {{result 0 of 'result' has the compressed type '!compress.tensor<2x4xf32, #compress.uniform<bits = 8, scale = f32>>'; only compress.constant values can be decompressed}}
func.func @result() -> !w {
  %w = compress.constant {codes = dense<1> : tensor<2x4xi8>, scales = dense<0.5> : tensor<1x1xf32>} : !w
  // expected-error @below {{'func.return' uses a compressed value; compress-decompress rewrites only compress.decode, compress.matmul and compress.gather}}
  return %w : !w
}

// -----

!w = !compress.tensor<2x4xf32, #compress.uniform<bits = 8, scale = f32>>
func.func @encode(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @below {{compress.encode (run-time compression) has no dense equivalent to decompress to}}
  %w = compress.encode %x : tensor<2x4xf32> -> !w
  %d = compress.decode %w : !w -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}

// -----

// A declaration with compressed types, and a call passing a constant to it.
!w = !compress.tensor<2x4xf32, #compress.uniform<bits = 8, scale = f32>>
// expected-error @below {{argument 0 of 'callee' has the compressed type}}
// expected-error @below {{result 0 of 'callee' has the compressed type}}
func.func private @callee(!w) -> !w
func.func @caller() -> tensor<2x4xf32> {
  %w = compress.constant {codes = dense<1> : tensor<2x4xi8>, scales = dense<0.5> : tensor<1x1xf32>} : !w
  // expected-error @below {{'func.call' uses a compressed value}}
  // expected-error @below {{result 0 of 'func.call' has the compressed type '!compress.tensor<2x4xf32, #compress.uniform<bits = 8, scale = f32>>'; only compress.constant values can be decompressed}}
  %r = func.call @callee(%w) : (!w) -> !w
  %d = compress.decode %r : !w -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}

// -----

// A loop-carried compressed value. The decode of the same constant outside
// the loop is fine, but nothing is rewritten.
!w = !compress.tensor<2x4xf32, #compress.uniform<bits = 8, scale = f32>>
func.func @loop(%n: index) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %w = compress.constant {codes = dense<1> : tensor<2x4xi8>, scales = dense<0.5> : tensor<1x1xf32>} : !w
  %d0 = compress.decode %w : !w -> tensor<2x4xf32>
  // expected-error @below {{'scf.for' uses a compressed value}}
  // expected-error @below {{block argument 1 of 'scf.for' has the compressed type '!compress.tensor<2x4xf32, #compress.uniform<bits = 8, scale = f32>>'; only compress.constant values can be decompressed}}
  // expected-error @below {{result 0 of 'scf.for' has the compressed type}}
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %w) -> (!w) {
    scf.yield %a : !w
  }
  %d = compress.decode %r : !w -> tensor<2x4xf32>
  return %d0, %d : tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// A storage blob without data (the file lost its resources): the constant
// is named after its blobs.
!w = !compress.tensor<2x4xf32, #compress.uniform<bits = 8, scale = f32>>
func.func @missing_blob() -> tensor<2x4xf32> {
  // expected-error @below {{cannot decode 'layers.0.wq': resource blob 'layers.0.wq.codes' has no data}}
  %w = compress.constant {codes = dense_resource<layers.0.wq.codes> : tensor<2x4xi8>, scales = dense<0.5> : tensor<1x1xf32>} : !w
  %d = compress.decode %w : !w -> tensor<2x4xf32>
  return %d : tensor<2x4xf32>
}

// -----

// Stored data that break the encoding: the reference decoder's message.
!w = !compress.tensor<1x4xf32, #compress.permuted<axis = 1, body = #compress.uniform<bits = 4, scale = f32>>>
func.func @bad_permutation() -> tensor<1x4xf32> {
  // expected-error @below {{cannot decode the constant: 'perm' is not a permutation of 0..3: entry 2 is 2}}
  %w = compress.constant {perm = dense<[2, 0, 2, 1]> : tensor<4xi32>,
                          body.codes = dense<[[0x21, 0x43]]> : tensor<1x2xi8>,
                          body.scales = dense<1.0> : tensor<1x1xf32>} : !w
  %d = compress.decode %w : !w -> tensor<1x4xf32>
  return %d : tensor<1x4xf32>
}
