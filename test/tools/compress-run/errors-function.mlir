// Choosing the function: a missing one lists the module's functions; the
// default needs exactly one public function; private functions and
// declarations have no C interface. Every error exits with status 1.

// RUN: not compress-run %s --function=nope 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: compress-run: error: no function 'nope' in {{.*}}errors-function.mlir; its functions are: first, second

// RUN: not compress-run %s 2>&1 | FileCheck %s --check-prefix=AMBIGUOUS
// AMBIGUOUS: compress-run: error: the module has 2 public functions (first, second): choose one with --function

// RUN: not compress-run %s --function=helper 2>&1 | FileCheck %s --check-prefix=PRIVATE
// PRIVATE: errors-function.mlir:[[#@LINE+21]]:1: error: function 'helper' is private: only public functions with a body get a C interface

// RUN: not compress-run %s --function=external 2>&1 | FileCheck %s --check-prefix=DECLARATION
// DECLARATION: errors-function.mlir:[[#@LINE+21]]:1: error: function 'external' is a declaration: only public functions with a body get a C interface

// RUN: rm -rf %t && mkdir %t
// RUN: echo "func.func private @only(%%x: tensor<4xf32>) -> tensor<4xf32>" > %t/none.mlir
// RUN: not compress-run %t/none.mlir 2>&1 | FileCheck %s --check-prefix=NONE
// RUN: not compress-run %t/none.mlir --function=nope 2>&1 | FileCheck %s --check-prefix=NONE-NAMED
// NONE: compress-run: error: the module has no public function to call
// NONE-NAMED: compress-run: error: no function 'nope' in {{.*}}none.mlir, which has no public function

// An exit status of 1, not a crash.
// RUN: compress-run %s --function=nope 2> /dev/null; test $? -eq 1

func.func @first(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func @second(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func private @external(%x: tensor<4xf32>) -> tensor<4xf32>
