// RUN: compress-opt %s --compress-cpu-lower-vector-ops="cpu-features=+avx512f,+avx512bw,+avx512vnni" | FileCheck %s --check-prefix=VNNI
// RUN: compress-opt %s --compress-cpu-lower-vector-ops="cpu-features=+avx512f,+avx512bw" | FileCheck %s --check-prefix=AVX512
// RUN: compress-opt %s --compress-cpu-lower-vector-ops | FileCheck %s --check-prefix=PORTABLE

// compress.lookup -> vpermd with AVX-512 F + BW, else 16 masked lane
// extracts; compress.dot_u8i8 -> vpdpbusd with VNNI, else widening
// multiplies summed in groups of 4.

// VNNI-LABEL: func.func @lookup_and_dot
// VNNI:         llvm.call_intrinsic "llvm.x86.avx512.permvar.sf.512"(%arg0, %arg1) : (vector<16xf32>, vector<16xi32>) -> vector<16xf32>
// VNNI:         llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"(%arg4, %arg2, %arg3) : (vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// VNNI-NOT:     compress.

// AVX512-LABEL: func.func @lookup_and_dot
// AVX512:         llvm.call_intrinsic "llvm.x86.avx512.permvar.sf.512"
// AVX512-NOT:     vpdpbusd
// AVX512:         arith.extui %arg2 : vector<64xi8> to vector<64xi32>
// AVX512:         arith.extsi %arg3 : vector<64xi8> to vector<64xi32>
// AVX512:         arith.muli
// AVX512:         vector.shape_cast %{{.*}} : vector<64xi32> to vector<16x4xi32>

// PORTABLE-LABEL: func.func @lookup_and_dot
// PORTABLE-NOT:     llvm.call_intrinsic
// PORTABLE:         %[[MASKED:.*]] = arith.andi %arg1, %{{.*}} : vector<16xi32>
// PORTABLE-COUNT-16: vector.extract %arg0[%{{.*}}] : f32 from vector<16xf32>
// PORTABLE:         arith.extui %arg2 : vector<64xi8> to vector<64xi32>
// PORTABLE:         arith.extsi %arg3 : vector<64xi8> to vector<64xi32>
// PORTABLE-NOT:     compress.
func.func @lookup_and_dot(%table: vector<16xf32>, %indices: vector<16xi32>, %a: vector<64xi8>, %b: vector<64xi8>, %acc: vector<16xi32>) -> (vector<16xf32>, vector<16xi32>) {
  %v = compress.lookup %table[%indices] : vector<16xf32>, vector<16xi32>
  %d = compress.dot_u8i8 %acc, %a, %b : vector<64xi8> -> vector<16xi32>
  return %v, %d : vector<16xf32>, vector<16xi32>
}
