// RUN: compress-opt %s --compress-gpu-device-memory --verify-diagnostics

// expected-error @below {{compress-gpu-device-memory: 'memref<4xf32, strided<[2]>>' is not contiguous; only identity-layout memrefs cross between host and device}}
func.func @strided(%x: memref<4xf32, strided<[2]>>) {
  %one = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %one, %gy = %one, %gz = %one)
             threads(%tx, %ty, %tz) in (%sx = %one, %sy = %one, %sz = %one) {
    gpu.terminator
  }
  return
}
