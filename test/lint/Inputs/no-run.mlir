// This file forgot its RUN line.
// CHECK: func.func
func.func @f() { return }
