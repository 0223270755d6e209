// RUN: compress-opt %s --compress-gpu-lower-subgroup-reduce | FileCheck %s

// A warp sum of f32 becomes five butterfly shuffles (offsets 1, 2, 4, 8,
// 16 over 32 lanes), each followed by an add.
func.func @warp_sum(%x: f32) -> f32 {
  %s = gpu.subgroup_reduce add %x uniform : (f32) -> f32
  return %s : f32
}

// CHECK-LABEL: func.func @warp_sum(
// CHECK-SAME:      %[[X:.*]]: f32)
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : i32
// CHECK-DAG:     %[[C16:.*]] = arith.constant 16 : i32
// CHECK-DAG:     %[[C32:.*]] = arith.constant 32 : i32
// CHECK:         %[[S1:.*]], %{{.*}} = gpu.shuffle  xor %[[X]], %[[C1]], %[[C32]] : f32
// CHECK:         %[[A1:.*]] = arith.addf %[[X]], %[[S1]] : f32
// CHECK-COUNT-3: gpu.shuffle  xor
// CHECK:         %[[S5:.*]], %{{.*}} = gpu.shuffle  xor %{{.*}}, %[[C16]], %[[C32]] : f32
// CHECK:         %[[A5:.*]] = arith.addf %{{.*}}, %[[S5]] : f32
// CHECK-NOT:     gpu.subgroup_reduce
// CHECK:         return %[[A5]] : f32
