// RUN: compress-opt %s --split-input-file --compress-gpu-device-memory --verify-diagnostics

// expected-error @below {{compress-gpu-device-memory: 'memref<4xf32, strided<[2]>>' is not contiguous; only identity-layout memrefs cross between host and device}}
func.func @strided(%x: memref<4xf32, strided<[2]>>) {
  %one = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %one, %gy = %one, %gz = %one)
             threads(%tx, %ty, %tz) in (%sx = %one, %sy = %one, %sz = %one) {
    gpu.terminator
  }
  return
}

// -----

// The runtime's entry point has its own signature; another symbol of its
// name is an error where the weight needs it.
memref.global "private" constant @weight : memref<4xf32> = dense<1.0>
// expected-error @below {{compress-gpu-device-memory: the symbol @compressGpuDeviceConstant is the runtime's: '(index, index) -> memref<?xi8>'}}
func.func private @compressGpuDeviceConstant(index) -> index
func.func @layer() {
  %c0 = arith.constant 0 : index
  %one = arith.constant 1 : index
  %w = memref.get_global @weight : memref<4xf32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %one, %gy = %one, %gz = %one)
             threads(%tx, %ty, %tz) in (%sx = %one, %sy = %one, %sz = %one) {
    %v = memref.load %w[%c0] : memref<4xf32>
    gpu.terminator
  }
  return
}
