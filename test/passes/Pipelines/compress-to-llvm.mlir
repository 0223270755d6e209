// RUN: compress-opt %s --compress-to-llvm="threads=2 cpu=znver4 features=+avx512f,+avx512vnni" \
// RUN:   | FileCheck %s --implicit-check-not=compress. --implicit-check-not=linalg. \
// RUN:     --implicit-check-not=tensor. --implicit-check-not=memref. \
// RUN:     --implicit-check-not=vector. --implicit-check-not=scf. --implicit-check-not=arith.
// RUN: compress-opt %s --compress-to-llvm="vectorize=false" \
// RUN:   | FileCheck %s --check-prefix=SCALAR --implicit-check-not=omp.parallel
// RUN: compress-opt %s --pass-pipeline="builtin.module(compress-to-llvm{threads=1})" \
// RUN:   | FileCheck %s --check-prefix=REPLAY

// The whole CPU pipeline on a compressed layer with dense_resource storage:
// the weights become 64-byte aligned constant globals, the public function
// gets its C interface and the target attributes, the kernels OpenMP loops.
!w = !compress.tensor<8x64xf32, #compress.uniform<bits = 4, block = [1, 32], scale = f16>>
func.func @linear(%x: tensor<2x64xf32>) -> tensor<2x8xf32> {
  %w = compress.constant {codes = dense_resource<wq_codes> : tensor<8x32xi8>, scales = dense_resource<wq_scales> : tensor<8x2xf16>} : !w
  %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<2x64xf32>, !w -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}
{-#
  dialect_resources: {
    builtin: {
      wq_codes: "0x40000000000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
      wq_scales: "0x40000000003C003C003C003C003C003C003C003C003C003C003C003C003C003C003C003C"
    }
  }
#-}

// CHECK-DAG:   llvm.mlir.global private constant @{{.*}}(dense_resource<wq_scales> : tensor<8x2xf16>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<8 x array<2 x f16>>
// CHECK-DAG:   llvm.mlir.global private constant @{{.*}}(dense_resource<wq_codes> : tensor<8x32xi8>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<8 x array<32 x i8>>
// CHECK-LABEL: llvm.func @linear(
// CHECK-SAME:      attributes {llvm.emit_c_interface, target_cpu = "znver4", target_features = #llvm.target_features<["+avx512f", "+avx512vnni"]>}
// CHECK:         omp.parallel num_threads(%{{.*}} : i32)
// CHECK:           omp.wsloop
// A group of 32 nibbles is one load of 16 code bytes, each nibble shifted
// out in i8 (shift up, arithmetic shift down), and a reassociated (tree) sum.
// CHECK:             llvm.load %{{.*}} : !llvm.ptr -> vector<16xi8>
// CHECK:             llvm.shl %{{.*}} : vector<16xi8>
// CHECK:             llvm.ashr %{{.*}} : vector<16xi8>
// CHECK:             llvm.sitofp %{{.*}} : vector<16xi8> to vector<16xf32>
// CHECK:             "llvm.intr.vector.reduce.fadd"(%{{.*}}, %{{.*}}) <{fastmathFlags = #llvm.fastmath<reassoc>}> : (f32, vector<16xf32>) -> f32
// CHECK-LABEL: llvm.func @_mlir_ciface_linear(

// SCALAR-LABEL: llvm.func @linear(
// SCALAR-NOT:     vector<
// SCALAR:         llvm.return

// REPLAY-LABEL: llvm.func @linear(
// REPLAY:         omp.parallel num_threads(
