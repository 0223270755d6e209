// RUN: compress-opt %s | FileCheck %s
// RUN: compress-opt %s | FileCheck %s --check-prefix=ROUND

// CHECK-LABEL: func.func @f
// CHEKC: return
// CHECK-NXT: return
// CHECK_LABEL: func.func
// ROUDN: func.func
// CHECK-NEXT return
// ROUND-DAG: return
// CHECK-COUNT-2: return
func.func @f() { return }
