// Inputs that do not fit the function, malformed --input and --output values:
// each error names the input and says what was expected and what was given.

// RUN: rm -rf %t && mkdir %t

// The number of inputs.
// RUN: not compress-run %s --input=4x3xf32=1 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not compress-run %s --input=4x3xf32=1 --input=3xf32=1 --input=3xf32=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=COUNT3
// COUNT: compress-run: error: 'axpy' takes 2 inputs, but 1 --input was given
// COUNT3: compress-run: error: 'axpy' takes 2 inputs, but 3 --input were given

// Shapes and element types, from literals and from .npy files.
// RUN: not compress-run %s --input=4x3xf32=1 --input=4xf32=1 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: compress-run: error: input #1 ('4xf32=1') is 4xf32, but argument #1 of 'axpy' is 3xf32
// RUN: not compress-run %s --input=3x4xf32=1 --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=SHAPE2
// SHAPE2: compress-run: error: input #0 ('3x4xf32=1') is 3x4xf32, but argument #0 of 'axpy' is 4x3xf32
// RUN: not compress-run %s --input=4x3xf32=1 --input=3x1xf32=1 2>&1 | FileCheck %s --check-prefix=RANK
// RANK: compress-run: error: input #1 ('3x1xf32=1') is 3x1xf32, but argument #1 of 'axpy' is 3xf32
// RUN: not compress-run %s --input=4x3xf32=1 --input=3xf16=1 2>&1 | FileCheck %s --check-prefix=TYPE
// TYPE: compress-run: error: input #1 ('3xf16=1') is 3xf16, but argument #1 of 'axpy' is 3xf32
// RUN: %python %S/Inputs/make_npy.py %t/i32.npy 4x3 i4
// RUN: not compress-run %s --input=@%t/i32.npy --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=NPY-TYPE
// NPY-TYPE: compress-run: error: input #0 ('@{{.*}}i32.npy') is 4x3xi32 (.npy dtype 'i4'), but argument #0 of 'axpy' is 4x3xf32
// RUN: %python %S/Inputs/make_npy.py %t/f64.npy 4x3 f8
// RUN: not compress-run %s --input=@%t/f64.npy --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=NPY-F64
// NPY-F64: compress-run: error: input #0 ('@{{.*}}f64.npy') is 4x3xf64 (.npy dtype 'f8'), but argument #0 of 'axpy' is 4x3xf32
// RUN: %python %S/Inputs/make_npy.py %t/u16.npy 4x3 u2
// RUN: not compress-run %s --input=@%t/u16.npy --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=NPY-U16
// NPY-U16: compress-run: error: input #0 ('@{{.*}}u16.npy') is 4x3xbf16 (.npy dtype 'u2'), but argument #0 of 'axpy' is 4x3xf32

// Malformed --input values.
// RUN: not compress-run %s --input=4x3xf32 --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=FORM
// FORM: compress-run: error: --input '4x3xf32': expected @FILE.npy, SHAPExTYPE=VALUE or SHAPExTYPE=[V0,V1,...]
// RUN: not compress-run %s --input=4x3xf33=1 --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=ELEMENT
// ELEMENT: compress-run: error: --input '4x3xf33=1': unknown element type 'f33'; expected f16, bf16, f32, f64, i8, i16, i32 or i64
// RUN: not compress-run %s --input=4x?xf32=1 --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC: compress-run: error: --input '4x?xf32=1': bad dimension '?'; expected a static size
// RUN: not compress-run %s --input=4x3xf32=1 "--input=3xf32=[1,2]" 2>&1 | FileCheck %s --check-prefix=LENGTH
// LENGTH: compress-run: error: --input '3xf32=[1,2]': has 2 values, but 3xf32 holds 3
// RUN: not compress-run %s --input=4x3xf32=1 "--input=3xf32=[1,2,3" 2>&1 | FileCheck %s --check-prefix=BRACKET
// BRACKET: compress-run: error: --input '3xf32=[1,2,3': the list of values has no closing ']'
// RUN: not compress-run %s --input=4x3xf32=abc --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=NUMBER
// NUMBER: compress-run: error: --input '4x3xf32=abc': 'abc' is not a number
// RUN: not compress-run %s --input=4x3xf32=1 "--input=3xf32=[1,x,3]" 2>&1 | FileCheck %s --check-prefix=ELEMENT-NUMBER
// ELEMENT-NUMBER: compress-run: error: --input '3xf32=[1,x,3]': value 1: 'x' is not a number
// RUN: not compress-run %s --input=4x3xf32=1e39 --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// OVERFLOW: compress-run: error: --input '4x3xf32=1e39': 1e39 is out of range for f32
// RUN: not compress-run %s --input=4x3xi8=128 --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=INT-RANGE
// INT-RANGE: compress-run: error: --input '4x3xi8=128': 128 is out of range for i8
// RUN: not compress-run %s --input=4x3xi32=1.5 --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=INT
// INT: compress-run: error: --input '4x3xi32=1.5': '1.5' is not an integer
// RUN: not compress-run %s --input=1000000x1000000x1000000xf32=1 --input=3xf32=1 2>&1 | FileCheck %s --check-prefix=LARGE
// LARGE: compress-run: error: --input '1000000x1000000x1000000xf32=1': tensor 1000000x1000000x1000000xf32 is too large (at most 1099511627776 elements)

// --output: one @FILE.npy per result, files that can be written.
// RUN: not compress-run %s --input=4x3xf32=1 --input=3xf32=1 --output=%t/y.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OUTPUT-FORM
// OUTPUT-FORM: compress-run: error: --output '{{.*}}y.npy': expected @FILE.npy
// RUN: not compress-run %s --input=4x3xf32=1 --input=3xf32=1 --output=@%t/a.npy --output=@%t/b.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OUTPUT-COUNT
// OUTPUT-COUNT: compress-run: error: 'axpy' returns 1 result, but 2 --output were given
// RUN: not compress-run %s --input=4x3xf32=1 --input=3xf32=1 --output=@%t/no-such-dir/y.npy 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OUTPUT-WRITE
// OUTPUT-WRITE: compress-run: error: {{.*}}no-such-dir/y.npy: cannot write: No such file or directory

// Each of them exits with status 1.
// RUN: compress-run %s --input=4x3xf32=1 --input=4xf32=1 2> /dev/null; test $? -eq 1
// RUN: compress-run %s --input=4x3xf32=abc --input=3xf32=1 2> /dev/null; test $? -eq 1

// a x + 1, row by row
func.func @axpy(%a: tensor<4x3xf32>, %x: tensor<3xf32>) -> tensor<4xf32> {
  %one = arith.constant 1.0 : f32
  %init = tensor.empty() : tensor<4xf32>
  %acc = linalg.fill ins(%one : f32) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.matvec ins(%a, %x : tensor<4x3xf32>, tensor<3xf32>)
                     outs(%acc : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
