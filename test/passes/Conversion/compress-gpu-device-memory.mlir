// RUN: compress-opt %s --split-input-file --compress-gpu-device-memory | FileCheck %s

// Arguments are copied to the device on entry, the weight constant comes
// from the runtime (copied once per process) where it is read, the host
// allocation becomes a device one, the result is copied back into a new
// host buffer, and every device buffer the call made is freed before the
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

// CHECK-LABEL: func.func private @compressGpuDeviceConstant(index, index) -> memref<?xi8> attributes {llvm.emit_c_interface}
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
// CHECK:         %[[HP:.*]] = memref.extract_aligned_pointer_as_index %[[HW]] : memref<4x8xi8> -> index
// CHECK:         %[[BYTES:.*]] = arith.constant 32 : index
// CHECK:         %[[BUF:.*]] = call @compressGpuDeviceConstant(%[[HP]], %[[BYTES]]) : (index, index) -> memref<?xi8>
// CHECK:         %[[DW:.*]] = memref.view %[[BUF]][%{{.*}}][] : memref<?xi8> to memref<4x8xi8>
// CHECK-NOT:     gpu.memcpy
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
// CHECK-NOT:     gpu.dealloc async [%{{.*}}] %[[DW]]
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

// -----

// Globals the runtime does not hold (one that is not constant, one of i1
// elements) are copied to the device where they are read, on every call,
// and freed at the return; no runtime declaration is needed.
memref.global "private" @state : memref<4xf32> = dense<0.0>
memref.global "private" constant @mask : memref<8xi1> = dense<true>
func.func @per_call() {
  %c0 = arith.constant 0 : index
  %one = arith.constant 1 : index
  %s = memref.get_global @state : memref<4xf32>
  %m = memref.get_global @mask : memref<8xi1>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %one, %gy = %one, %gz = %one)
             threads(%tx, %ty, %tz) in (%sx = %one, %sy = %one, %sz = %one) {
    %v = memref.load %s[%c0] : memref<4xf32>
    %b = memref.load %m[%c0] : memref<8xi1>
    gpu.terminator
  }
  return
}

// CHECK-NOT:   @compressGpuDeviceConstant
// CHECK-LABEL: func.func @per_call()
// CHECK:         %[[HS:.*]] = memref.get_global @state : memref<4xf32>
// CHECK:         %[[DS:.*]], %{{.*}} = gpu.alloc async [%{{.*}}] () : memref<4xf32>
// CHECK:         gpu.memcpy async [%{{.*}}] %[[DS]], %[[HS]] : memref<4xf32>, memref<4xf32>
// CHECK:         %[[HM:.*]] = memref.get_global @mask : memref<8xi1>
// CHECK:         %[[DM:.*]], %{{.*}} = gpu.alloc async [%{{.*}}] () : memref<8xi1>
// CHECK:         gpu.memcpy async [%{{.*}}] %[[DM]], %[[HM]] : memref<8xi1>, memref<8xi1>
// CHECK:         gpu.launch
// CHECK:           memref.load %[[DS]]
// CHECK:           memref.load %[[DM]]
// CHECK:         gpu.dealloc async [%{{.*}}] %[[DS]]
// CHECK:         gpu.dealloc async [%{{.*}}] %[[DM]]
// CHECK:         return
