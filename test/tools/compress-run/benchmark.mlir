// --benchmark=N calls the function once to warm up and N more times, prints
// the results of the last call, then the compile time and the time per call
// (docs/runtime.md).

// RUN: compress-run %s --benchmark=5 --input=16x16xf32=0.5 --input=16xf32=2 | FileCheck %s
// CHECK:      result #0: 16xf32
// CHECK-NEXT: [16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16]
// CHECK-NEXT: benchmark: 5 calls after 1 warm-up
// CHECK-NEXT: compile time: {{[0-9]+\.[0-9]+ (s|ms|us)}} (lowering {{[0-9]+\.[0-9]+ (s|ms|us)}}, LLVM {{[0-9]+\.[0-9]+ (s|ms|us)}}){{$}}
// CHECK-NEXT: per call: min {{[0-9]+\.[0-9]+ (s|ms|us)}}, median {{[0-9]+\.[0-9]+ (s|ms|us)}}, max {{[0-9]+\.[0-9]+ (s|ms|us)}}{{$}}
// CHECK-NOT:  {{.}}

// The example of docs/runtime.md has this form.
// RUN: %python %S/Inputs/extract_example.py %compress_src/docs/runtime.md benchmark-output.txt \
// RUN:   | FileCheck %s --check-prefix=DOC
// DOC:      benchmark: 10 calls after 1 warm-up
// DOC-NEXT: compile time: {{[0-9]+\.[0-9]+ (s|ms|us)}} (lowering {{[0-9]+\.[0-9]+ (s|ms|us)}}, LLVM {{[0-9]+\.[0-9]+ (s|ms|us)}}){{$}}
// DOC-NEXT: per call: min {{[0-9]+\.[0-9]+ (s|ms|us)}}, median {{[0-9]+\.[0-9]+ (s|ms|us)}}, max {{[0-9]+\.[0-9]+ (s|ms|us)}}{{$}}

// With .npy outputs only the timings are printed; the results are those of
// the last call.
// RUN: rm -rf %t && mkdir %t
// RUN: compress-run %s --benchmark=3 --input=16x16xf32=0.5 --input=16xf32=2 --output=@%t/y.npy \
// RUN:   | FileCheck %s --check-prefix=FILES
// FILES:      benchmark: 3 calls after 1 warm-up
// FILES-NEXT: compile time:
// FILES-NEXT: per call: min {{.*}}{{$}}
// FILES-NOT:  {{.}}
// RUN: %python %S/Inputs/check_npy.py %t/y.npy "np.full(16, 16, np.float32)" --exact | FileCheck %s --check-prefix=VALUES
// VALUES: ok: y.npy: 16 float32

// A module that is LLVM dialect already is not lowered: 0 us of lowering.
// RUN: compress-run %s --emit=mlir -o %t/lowered.mlir
// RUN: compress-run %t/lowered.mlir --benchmark=1 --input=16x16xf32=0.5 --input=16xf32=2 \
// RUN:   | FileCheck %s --check-prefix=LOWERED
// LOWERED: compile time: {{.*}} (lowering 0.0 us, LLVM

func.func @matvec(%w: tensor<16x16xf32>, %x: tensor<16xf32>) -> tensor<16xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<16xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<16xf32>) -> tensor<16xf32>
  %y = linalg.matvec ins(%w, %x : tensor<16x16xf32>, tensor<16xf32>)
                     outs(%acc : tensor<16xf32>) -> tensor<16xf32>
  return %y : tensor<16xf32>
}
