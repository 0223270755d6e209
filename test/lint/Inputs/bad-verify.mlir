// RUN: compress-opt %s --verify-diagnostics

// expected-eror @below {{oops}}
func.func @f() { return }
