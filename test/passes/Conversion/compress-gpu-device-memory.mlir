// RUN: compress-opt %s --split-input-file --compress-gpu-device-memory | FileCheck %s

// Arguments are copied to the device on entry, the weight constant where it
// is read, the host allocation becomes a device one, the result is copied
// back into a new host buffer, and every device buffer is freed before the
// return. The signature does not change.
memref.global "private" constant @weight : memref<4x8xi8> = dense<1>
func.func @layer(%x: memref<?x8xf32>) -> memref<?x4xf32> {
  %c0 = arith.constant 0 : index
  %w = memref.get_global @weight : memref<4x8xi8>
  %rows = memref.dim %x, %c0 : memref<?x8xf32>
  %y = memref.alloc(%rows) : memref<?x4xf32>
  %one = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %one, %gy = %one, %gz = %one)
             threads(%tx, %ty, %tz) in (%sx = %one, %sy = %one, %sz = %one) {
    %v = memref.load %x[%c0, %c0] : memref<?x8xf32>
    %b = memref.load %w[%c0, %c0] : memref<4x8xi8>
    memref.store %v, %y[%c0, %c0] : memref<?x4xf32>
    gpu.terminator
  }
  return %y : memref<?x4xf32>
}

// CHECK-LABEL: func.func @layer(
// CHECK-SAME:      %[[X:.*]]: memref<?x8xf32>) -> memref<?x4xf32>
// CHECK:         %[[ROWS_X:.*]] = memref.dim %[[X]], %{{.*}} : memref<?x8xf32>
// gpu-to-llvm lowers these ops in their async form: a stream for each, and
// a wait for it at once.
// CHECK:         %[[S0:.*]] = gpu.wait async
// CHECK:         %[[DX:.*]], %[[T0:.*]] = gpu.alloc async [%[[S0]]] (%[[ROWS_X]]) : memref<?x8xf32>
// CHECK:         gpu.wait [%[[T0]]]
// CHECK:         %[[S1:.*]] = gpu.wait async
// CHECK:         %[[T1:.*]] = gpu.memcpy async [%[[S1]]] %[[DX]], %[[X]] : memref<?x8xf32>, memref<?x8xf32>
// CHECK:         gpu.wait [%[[T1]]]
// CHECK:         %[[HW:.*]] = memref.get_global @weight : memref<4x8xi8>
// CHECK:         %[[DW:.*]], %{{.*}} = gpu.alloc async [%{{.*}}] () : memref<4x8xi8>
// CHECK:         gpu.memcpy async [%{{.*}}] %[[DW]], %[[HW]] : memref<4x8xi8>, memref<4x8xi8>
// CHECK:         %[[ROWS:.*]] = memref.dim %[[DX]], %{{.*}} : memref<?x8xf32>
// CHECK:         %[[DY:.*]], %{{.*}} = gpu.alloc async [%{{.*}}] (%[[ROWS]]) : memref<?x4xf32>
// CHECK:         gpu.launch
// CHECK:           memref.load %[[DX]]
// CHECK:           memref.load %[[DW]]
// CHECK:           memref.store %{{.*}}, %[[DY]]
// CHECK:         %[[ROWS_Y:.*]] = memref.dim %[[DY]], %{{.*}} : memref<?x4xf32>
// CHECK:         %[[HY:.*]] = memref.alloc(%[[ROWS_Y]]) : memref<?x4xf32>
// CHECK:         gpu.memcpy async [%{{.*}}] %[[HY]], %[[DY]] : memref<?x4xf32>, memref<?x4xf32>
// CHECK:         gpu.dealloc async [%{{.*}}] %[[DX]]
// CHECK:         gpu.dealloc async [%{{.*}}] %[[DW]]
// CHECK:         %[[T:.*]] = gpu.dealloc async [%{{.*}}] %[[DY]]
// CHECK:         gpu.wait [%[[T]]]
// CHECK:         return %[[HY]] : memref<?x4xf32>

// -----

// A function without kernels stays on the host.
func.func @host_only(%x: memref<4xf32>) -> memref<4xf32> {
  %y = memref.alloc() : memref<4xf32>
  memref.copy %x, %y : memref<4xf32> to memref<4xf32>
  return %y : memref<4xf32>
}

// CHECK-LABEL: func.func @host_only(
// CHECK-NOT:     gpu.
// CHECK:         memref.alloc() : memref<4xf32>
// CHECK:         memref.copy
