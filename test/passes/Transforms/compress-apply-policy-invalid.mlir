// Errors located in the input IR, checked with --verify-diagnostics. The
// cases need different options, so split-file cuts this file into inputs.
// (Errors located in the policy file: compress-apply-policy-invalid-policy.mlir.)
// RUN: rm -rf %t && split-file %s %t
// RUN: compress-opt %t/no-policy.mlir --compress-apply-policy --verify-diagnostics -o /dev/null
// RUN: compress-opt %t/unreadable-policy.mlir --compress-apply-policy="policy=%t/does-not-exist.yaml" --verify-diagnostics -o /dev/null
// RUN: compress-opt %t/unwritable-report.mlir --compress-apply-policy="policy=%S/Inputs/policy-int8.yaml report=%t/no-such-dir/report.json" --verify-diagnostics -o /dev/null
// RUN: compress-opt %t/weights.mlir --split-input-file --compress-apply-policy="policy=%S/Inputs/policy-int8.yaml" --verify-diagnostics -o /dev/null
// RUN: not compress-opt %t/lut.mlir --compress-apply-policy="policy=%S/Inputs/policy-lut.yaml" -o /dev/null 2>&1 | FileCheck %s --check-prefix=LUT
// LUT: lut.mlir:3:8: error: cannot compress weight 'lut.matvec.0' as #compress.lut<bits = 4, codebook = f16, dim = 2>: no quantizer for #compress.lut<bits = 4, codebook = f16, dim = 2>: k-means builds scalar codebooks without scales
// LUT: policy-lut.yaml:5:15: note: the encoding comes from this rule
// RUN: not compress-opt %t/min.mlir --compress-apply-policy="policy=%S/Inputs/policy-min.yaml" -o /dev/null 2>&1 | FileCheck %s --check-prefix=MIN
// MIN: min.mlir:2:8: error: cannot compress weight 'min.matvec.0' as #compress.uniform<bits = 4, unsigned, block = [1, 8], scale = f16, min = f16>: round-to-nearest does not support min = f16; use an integer zero_point
// MIN: policy-min.yaml:5:15: note: the encoding comes from this rule
// RUN: not compress-opt %t/method.mlir --compress-apply-policy="policy=%S/Inputs/policy-method-mismatch.yaml" -o /dev/null 2>&1 | FileCheck %s --check-prefix=METHOD
// METHOD: method.mlir:2:8: error: weight 'method.matvec.0': method 'wanda' applies to a sparsity pattern, and the encoding #compress.uniform<bits = 4, block = [1, 8], scale = f16> has none
// METHOD: policy-method-mismatch.yaml:6:13: note: the method comes from this rule
// RUN: %python %S/Inputs/make_npy.py %t/five-columns.npy 3x5 f4
// RUN: compress-opt %t/calibration-columns.mlir --compress-apply-policy="policy=%S/Inputs/policy-int8.yaml calibration=%t/five-columns.npy" --verify-diagnostics -o /dev/null
// RUN: compress-opt %t/calibration-missing.mlir --compress-apply-policy="policy=%S/Inputs/policy-int8.yaml calibration=%t/missing.npy" --verify-diagnostics -o /dev/null
// RUN: echo "not an npy file" > %t/text.npy
// RUN: compress-opt %t/calibration-not-npy.mlir --compress-apply-policy="policy=%S/Inputs/policy-int8.yaml calibration=%t/text.npy" --verify-diagnostics -o /dev/null
// RUN: mkdir %t/dir && %python %S/Inputs/make_npy.py %t/dir/layers.1.w.npy 2x3 f8
// RUN: compress-opt %t/calibration-dir.mlir --compress-apply-policy="policy=%S/Inputs/policy-int8.yaml calibration=%t/dir" --verify-diagnostics -o /dev/null

// RUN: compress-opt %t/zero-rows.mlir --compress-apply-policy="policy=%S/Inputs/policy-int8.yaml calibration-rows=0" --verify-diagnostics -o /dev/null
// RUN: compress-opt %t/short-blob.mlir --compress-apply-policy="policy=%S/Inputs/policy-int8.yaml" --verify-diagnostics -o /dev/null
// RUN: %python %S/Inputs/make_npy.py %t/nan.npy 2x4 f4 nan
// RUN: compress-opt %t/calibration-nan.mlir --compress-apply-policy="policy=%S/Inputs/policy-int8.yaml calibration=%t/nan.npy" --verify-diagnostics -o /dev/null

//--- no-policy.mlir
// expected-error @below {{compress-apply-policy needs policy=FILE}}
module {
  func.func @f(%x: tensor<8xf32>) -> tensor<8xf32> {
    return %x : tensor<8xf32>
  }
}

//--- unreadable-policy.mlir
// expected-error-re @below {{cannot read policy file '{{.*}}does-not-exist.yaml': No such file or directory}}
module {
  func.func @f(%x: tensor<8xf32>) -> tensor<8xf32> {
    return %x : tensor<8xf32>
  }
}

//--- unwritable-report.mlir
// expected-error-re @below {{cannot write report '{{.*}}no-such-dir/report.json': No such file or directory}}
module {
  func.func @f(%x: tensor<8xf32>) -> tensor<4xf32> {
    %w = arith.constant dense<0.5> : tensor<4x8xf32>
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<4xf32>
    %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
    %y = linalg.matvec ins(%w, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
    return %y : tensor<4xf32>
  }
}

//--- weights.mlir
// A NaN or an infinity in a weight is an error that names the weight and
// the element (row-major index).
func.func @nan(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  // expected-error @below {{cannot quantize weight 'nan.matmul.0': weight element 2 is NaN}}
  %w = arith.constant dense<[[1.0, 2.0], [0x7FC00000, 1.0], [1.0, 1.0], [1.0, 1.0]]> : tensor<4x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

func.func @infinities(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  // A NameLoc without a file position: the error has none either.
  // expected-error @unknown {{cannot quantize weight 'layers.0.w': weight element 5 is +inf}}
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 1.0], [1.0, 0x7F800000], [0xFF800000, 1.0]]> : tensor<4x2xf32> loc("layers.0.w")
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

func.func @negative_infinity_f16(%x: tensor<4xf16>) -> tensor<2xf16> {
  // expected-error @below {{cannot quantize weight 'negative_infinity_f16.matvec.0': weight element 7 is -inf}}
  %w = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 0xFC00]]> : tensor<2x4xf16>
  %zero = arith.constant 0.0 : f16
  %e = tensor.empty() : tensor<2xf16>
  %init = linalg.fill ins(%zero : f16) outs(%e : tensor<2xf16>) -> tensor<2xf16>
  %y = linalg.matvec ins(%w, %x : tensor<2x4xf16>, tensor<4xf16>) outs(%init : tensor<2xf16>) -> tensor<2xf16>
  return %y : tensor<2xf16>
}

// -----

// A dense_resource weight whose blob is not in the file.
func.func @no_data(%x: tensor<8xf32>) -> tensor<4xf32> {
  // expected-error @below {{weight 'missing.w' has no data}}
  %w = arith.constant dense_resource<missing.w> : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.matvec ins(%w, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

//--- lut.mlir
// Encodings that no quantizer produces.
func.func @lut(%x: tensor<8xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.matvec ins(%w, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

//--- min.mlir
func.func @min(%x: tensor<8xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.matvec ins(%w, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

//--- method.mlir
func.func @method(%x: tensor<8xf32>) -> tensor<4xf32> {
  %w = arith.constant dense<0.5> : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.matvec ins(%w, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

//--- calibration-columns.mlir
// Calibration rows must have one value per input of the layer: K = 4 here.
func.func @columns(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  // expected-error-re @below {{calibration inputs '{{.*}}five-columns.npy' have rows of 5 values, but weight 'columns.matmul.0' takes 4 inputs per output}}
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 1.0], [1.0, 1.0], [-1.0, 1.0]]> : tensor<4x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

//--- calibration-missing.mlir
func.func @missing(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  // expected-error-re @below {{{{.*}}missing.npy: cannot read: No such file or directory}}
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 1.0], [1.0, 1.0], [-1.0, 1.0]]> : tensor<4x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

//--- calibration-not-npy.mlir
func.func @not_npy(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  // expected-error-re @below {{{{.*}}text.npy: not a .npy file (bad magic)}}
  %w = arith.constant dense<[[1.0, 2.0], [3.0, 1.0], [1.0, 1.0], [-1.0, 1.0]]> : tensor<4x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

//--- calibration-dir.mlir
// In a calibration directory, layers.0.w has no file (seeded inputs);
// layers.1.w has one, with 3 columns for its 8 inputs.
func.func @dir(%x: tensor<8xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %w0 = arith.constant dense<0.5> : tensor<4x8xf32> loc("layers.0.w")
  %y0 = linalg.matvec ins(%w0, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  // expected-error-re @below {{calibration inputs '{{.*}}dir/layers.1.w.npy' have rows of 3 values, but weight 'layers.1.w' takes 8 inputs per output}}
  %w1 = arith.constant dense<0.5> : tensor<4x8xf32>
  %y1 = linalg.matvec ins(%w1, %x : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32> loc("layers.1.w")
  return %y0, %y1 : tensor<4xf32>, tensor<4xf32>
}

//--- short-blob.mlir
// A blob of 8 bytes for a 4x8 f32 weight (128 bytes) is not read past its end.
func.func @short(%v: tensor<8xf32>, %init: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{weight 'w' has no data: its dense_resource blob is missing or does not hold 128 bytes}}
  %w = arith.constant dense_resource<w> : tensor<4x8xf32>
  %y = linalg.matvec ins(%w, %v : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F0000803F"
    }
  }
#-}

//--- calibration-nan.mlir
func.func @nan(%v: tensor<4xf32>, %init: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error-re @unknown {{calibration inputs '{{.*}}nan.npy' hold a non-finite value at element 7}}
  %w = arith.constant dense<0.5> : tensor<2x4xf32> loc("w")
  %y = linalg.matvec ins(%w, %v : tensor<2x4xf32>, tensor<4xf32>) outs(%init : tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

//--- zero-rows.mlir
// expected-error @below {{calibration-rows = 0 must be at least 1}}
module {
}
