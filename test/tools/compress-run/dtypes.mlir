// Every element type goes in and comes out unchanged, from and to .npy files
// and from literal inputs to printed results: negations are exact, and
// conversions are compared with NumPy's.

// RUN: rm -rf %t && mkdir %t

// Negation of each type, .npy in and out, compared byte for byte with NumPy.
// RUN: %python %S/Inputs/make_npy.py %t/f16.npy 3x5 f2 --seed 1
// RUN: %python %S/Inputs/make_npy.py %t/bf16.npy 3x5 bf16 --seed 2
// RUN: %python %S/Inputs/make_npy.py %t/bf16-void.npy 3x5 bf16-void --seed 3
// RUN: %python %S/Inputs/make_npy.py %t/f32.npy 3x5 f4 --seed 4
// RUN: %python %S/Inputs/make_npy.py %t/f64.npy 3x5 f8 --seed 5
// RUN: %python %S/Inputs/make_npy.py %t/i8.npy 3x5 i1 --seed 6
// RUN: %python %S/Inputs/make_npy.py %t/i16.npy 3x5 i2 --seed 7
// RUN: %python %S/Inputs/make_npy.py %t/i32.npy 3x5 i4 --seed 8
// RUN: %python %S/Inputs/make_npy.py %t/i64.npy 3x5 i8 --seed 9
// RUN: compress-run %s --function=neg_f16 --input=@%t/f16.npy --output=@%t/neg-f16.npy
// RUN: compress-run %s --function=neg_bf16 --input=@%t/bf16.npy --output=@%t/neg-bf16.npy
// RUN: compress-run %s --function=neg_bf16 --input=@%t/bf16-void.npy --output=@%t/neg-bf16-void.npy
// RUN: compress-run %s --function=neg_f32 --input=@%t/f32.npy --output=@%t/neg-f32.npy
// RUN: compress-run %s --function=neg_f64 --input=@%t/f64.npy --output=@%t/neg-f64.npy
// RUN: compress-run %s --function=neg_i8 --input=@%t/i8.npy --output=@%t/neg-i8.npy
// RUN: compress-run %s --function=neg_i16 --input=@%t/i16.npy --output=@%t/neg-i16.npy
// RUN: compress-run %s --function=neg_i32 --input=@%t/i32.npy --output=@%t/neg-i32.npy
// RUN: compress-run %s --function=neg_i64 --input=@%t/i64.npy --output=@%t/neg-i64.npy
// RUN: %python %S/Inputs/check_npy.py %t/neg-f16.npy "np.negative(a)" --exact a=%t/f16.npy | FileCheck %s --check-prefix=NEG-F16
// RUN: %python %S/Inputs/check_npy.py %t/neg-bf16.npy "a ^ np.uint16(0x8000)" --exact a=%t/bf16.npy | FileCheck %s --check-prefix=NEG-BF16
// RUN: %python %S/Inputs/check_npy.py %t/neg-bf16-void.npy "a.view(np.uint16) ^ np.uint16(0x8000)" --exact a=%t/bf16-void.npy | FileCheck %s --check-prefix=NEG-BF16-VOID
// RUN: %python %S/Inputs/check_npy.py %t/neg-f32.npy "np.negative(a)" --exact a=%t/f32.npy | FileCheck %s --check-prefix=NEG-F32
// RUN: %python %S/Inputs/check_npy.py %t/neg-f64.npy "np.negative(a)" --exact a=%t/f64.npy | FileCheck %s --check-prefix=NEG-F64
// RUN: %python %S/Inputs/check_npy.py %t/neg-i8.npy "np.negative(a)" --exact a=%t/i8.npy | FileCheck %s --check-prefix=NEG-I8
// RUN: %python %S/Inputs/check_npy.py %t/neg-i16.npy "np.negative(a)" --exact a=%t/i16.npy | FileCheck %s --check-prefix=NEG-I16
// RUN: %python %S/Inputs/check_npy.py %t/neg-i32.npy "np.negative(a)" --exact a=%t/i32.npy | FileCheck %s --check-prefix=NEG-I32
// RUN: %python %S/Inputs/check_npy.py %t/neg-i64.npy "np.negative(a)" --exact a=%t/i64.npy | FileCheck %s --check-prefix=NEG-I64
// NEG-F16: ok: neg-f16.npy: 3x5 float16
// NEG-BF16: ok: neg-bf16.npy: 3x5 uint16
// NEG-BF16-VOID: ok: neg-bf16-void.npy: 3x5 uint16
// NEG-F32: ok: neg-f32.npy: 3x5 float32
// NEG-F64: ok: neg-f64.npy: 3x5 float64
// NEG-I8: ok: neg-i8.npy: 3x5 int8
// NEG-I16: ok: neg-i16.npy: 3x5 int16
// NEG-I32: ok: neg-i32.npy: 3x5 int32
// NEG-I64: ok: neg-i64.npy: 3x5 int64

// Conversions between types, compared with NumPy's (round to nearest even;
// integers wrap).
// RUN: compress-run %s --function=ext_f16 --input=@%t/f16.npy --output=@%t/ext-f16.npy
// RUN: compress-run %s --function=ext_bf16 --input=@%t/bf16.npy --output=@%t/ext-bf16.npy
// RUN: compress-run %s --function=trunc_f16 --input=@%t/f32.npy --output=@%t/trunc-f16.npy
// RUN: compress-run %s --function=trunc_bf16 --input=@%t/f32.npy --output=@%t/trunc-bf16.npy
// RUN: compress-run %s --function=ext_f32 --input=@%t/f32.npy --output=@%t/ext-f32.npy
// RUN: compress-run %s --function=ext_i8 --input=@%t/i8.npy --output=@%t/ext-i8.npy
// RUN: compress-run %s --function=ext_i16 --input=@%t/i16.npy --output=@%t/ext-i16.npy
// RUN: compress-run %s --function=trunc_i64 --input=@%t/i64.npy --output=@%t/trunc-i64.npy
// RUN: %python %S/Inputs/check_npy.py %t/ext-f16.npy "a.astype(np.float32)" --exact a=%t/f16.npy | FileCheck %s --check-prefix=EXT-F16
// RUN: %python %S/Inputs/check_npy.py %t/ext-bf16.npy "bf16_to_f32(a)" --exact a=%t/bf16.npy | FileCheck %s --check-prefix=EXT-BF16
// RUN: %python %S/Inputs/check_npy.py %t/trunc-f16.npy "a.astype(np.float16)" --exact a=%t/f32.npy | FileCheck %s --check-prefix=TRUNC-F16
// RUN: %python %S/Inputs/check_npy.py %t/trunc-bf16.npy "f32_to_bf16(a)" --exact a=%t/f32.npy | FileCheck %s --check-prefix=TRUNC-BF16
// RUN: %python %S/Inputs/check_npy.py %t/ext-f32.npy "a.astype(np.float64)" --exact a=%t/f32.npy | FileCheck %s --check-prefix=EXT-F32
// RUN: %python %S/Inputs/check_npy.py %t/ext-i8.npy "a.astype(np.int32)" --exact a=%t/i8.npy | FileCheck %s --check-prefix=EXT-I8
// RUN: %python %S/Inputs/check_npy.py %t/ext-i16.npy "a.astype(np.int64)" --exact a=%t/i16.npy | FileCheck %s --check-prefix=EXT-I16
// RUN: %python %S/Inputs/check_npy.py %t/trunc-i64.npy "a.astype(np.int16)" --exact a=%t/i64.npy | FileCheck %s --check-prefix=TRUNC-I64
// EXT-F16: ok: ext-f16.npy: 3x5 float32
// EXT-BF16: ok: ext-bf16.npy: 3x5 float32
// TRUNC-F16: ok: trunc-f16.npy: 3x5 float16
// TRUNC-BF16: ok: trunc-bf16.npy: 3x5 uint16
// EXT-F32: ok: ext-f32.npy: 3x5 float64
// EXT-I8: ok: ext-i8.npy: 3x5 int32
// EXT-I16: ok: ext-i16.npy: 3x5 int64
// TRUNC-I64: ok: trunc-i64.npy: 3x5 int16

// Literal inputs of each type, printed: the shortest decimal that reads back
// as the same value (65504 in f16 prints as 65500, as NumPy prints it; 257
// rounds to 256 in bf16), right-aligned columns, rows wrapped at 75 columns.
// RUN: compress-run %s --function=neg_f16 "--input=3x5xf16=[0.1,-0.5,65504,1e-7,inf, 0,1,2,3,4, 5,6,7,8,nan]" \
// RUN:   | FileCheck %s --check-prefix=PRINT-F16 --strict-whitespace --match-full-lines
// PRINT-F16:result #0: 3x5xf16
// PRINT-F16-NEXT:{{\[\[}}  -0.1,    0.5, -65500, -1e-07,   -inf],
// PRINT-F16-NEXT: [    -0,     -1,     -2,     -3,     -4],
// PRINT-F16-NEXT: [    -5,     -6,     -7,     -8,    nan]]

// RUN: compress-run %s --function=neg_bf16 "--input=3x5xbf16=[0.1,-0.5,3e38,1e-7,inf, 0,1,2,3,4, 5,6,7,8,257]" \
// RUN:   | FileCheck %s --check-prefix=PRINT-BF16 --strict-whitespace --match-full-lines
// PRINT-BF16:result #0: 3x5xbf16
// PRINT-BF16-NEXT:{{\[\[}}  -0.1,    0.5, -3e+38, -1e-07,   -inf],
// PRINT-BF16-NEXT: [    -0,     -1,     -2,     -3,     -4],
// PRINT-BF16-NEXT: [    -5,     -6,     -7,     -8,   -256]]

// RUN: compress-run %s --function=neg_f32 "--input=3x5xf32=[0.1,-0.5,3.4028235e38,1e-45,inf, 0,1,2,3,4, 5,6,7,8,16777217]" \
// RUN:   | FileCheck %s --check-prefix=PRINT-F32 --strict-whitespace --match-full-lines
// PRINT-F32:result #0: 3x5xf32
// PRINT-F32-NEXT:{{\[\[}}          -0.1,            0.5, -3.4028235e+38,         -1e-45,
// PRINT-F32-NEXT:            -inf],
// PRINT-F32-NEXT: [            -0,             -1,             -2,             -3,
// PRINT-F32-NEXT:              -4],
// PRINT-F32-NEXT: [            -5,             -6,             -7,             -8,
// PRINT-F32-NEXT:       -16777216]]

// RUN: compress-run %s --function=neg_f64 "--input=3x5xf64=[0.1,-0.5,1.7976931348623157e308,5e-324,inf, 0,1,2,3,4, 5,6,7,8,9]" \
// RUN:   | FileCheck %s --check-prefix=PRINT-F64 --strict-whitespace --match-full-lines
// PRINT-F64:result #0: 3x5xf64
// PRINT-F64-NEXT:{{\[\[}}                    -0.1,                      0.5,
// PRINT-F64-NEXT:  -1.7976931348623157e+308,                  -5e-324,
// PRINT-F64-NEXT:                      -inf],
// PRINT-F64-NEXT: [                      -0,                       -1,
// PRINT-F64-NEXT:                        -2,                       -3,
// PRINT-F64-NEXT:                        -4],
// PRINT-F64-NEXT: [                      -5,                       -6,
// PRINT-F64-NEXT:                        -7,                       -8,
// PRINT-F64-NEXT:                        -9]]

// RUN: compress-run %s --function=neg_i8 "--input=3x5xi8=[-128,127,0,1,-1, 0,1,2,3,4, 5,6,7,8,9]" \
// RUN:   | FileCheck %s --check-prefix=PRINT-I8 --strict-whitespace --match-full-lines
// PRINT-I8:result #0: 3x5xi8
// PRINT-I8-NEXT:{{\[\[}}-128, -127,    0,   -1,    1],
// PRINT-I8-NEXT: [   0,   -1,   -2,   -3,   -4],
// PRINT-I8-NEXT: [  -5,   -6,   -7,   -8,   -9]]

// RUN: compress-run %s --function=neg_i16 --input=3x5xi16=-32768 \
// RUN:   | FileCheck %s --check-prefix=PRINT-I16 --strict-whitespace --match-full-lines
// PRINT-I16:result #0: 3x5xi16
// PRINT-I16-NEXT:{{\[\[}}-32768, -32768, -32768, -32768, -32768],
// PRINT-I16-NEXT: [-32768, -32768, -32768, -32768, -32768],
// PRINT-I16-NEXT: [-32768, -32768, -32768, -32768, -32768]]

// RUN: compress-run %s --function=neg_i32 "--input=3x5xi32=[-2147483648,2147483647,0,1,-1, 0,1,2,3,4, 5,6,7,8,9]" \
// RUN:   | FileCheck %s --check-prefix=PRINT-I32 --strict-whitespace --match-full-lines
// PRINT-I32:result #0: 3x5xi32
// PRINT-I32-NEXT:{{\[\[}}-2147483648, -2147483647,           0,          -1,           1],
// PRINT-I32-NEXT: [          0,          -1,          -2,          -3,          -4],
// PRINT-I32-NEXT: [         -5,          -6,          -7,          -8,          -9]]

// RUN: compress-run %s --function=neg_i64 "--input=3x5xi64=[-9223372036854775808,9223372036854775807,0,1,-1, 0,1,2,3,4, 5,6,7,8,9]" \
// RUN:   | FileCheck %s --check-prefix=PRINT-I64 --strict-whitespace --match-full-lines
// PRINT-I64:result #0: 3x5xi64
// PRINT-I64-NEXT:{{\[\[}}-9223372036854775808, -9223372036854775807,                    0,
// PRINT-I64-NEXT:                    -1,                    1],
// PRINT-I64-NEXT: [                   0,                   -1,                   -2,
// PRINT-I64-NEXT:                    -3,                   -4],
// PRINT-I64-NEXT: [                  -5,                   -6,                   -7,
// PRINT-I64-NEXT:                    -8,                   -9]]

#map = affine_map<(i, j) -> (i, j)>

func.func @neg_f16(%a: tensor<3x5xf16>) -> tensor<3x5xf16> {
  %init = tensor.empty() : tensor<3x5xf16>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xf16>) outs(%init : tensor<3x5xf16>) {
  ^bb0(%x: f16, %o: f16):
    %y = arith.negf %x : f16
    linalg.yield %y : f16
  } -> tensor<3x5xf16>
  return %r : tensor<3x5xf16>
}

func.func @neg_bf16(%a: tensor<3x5xbf16>) -> tensor<3x5xbf16> {
  %init = tensor.empty() : tensor<3x5xbf16>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xbf16>) outs(%init : tensor<3x5xbf16>) {
  ^bb0(%x: bf16, %o: bf16):
    %y = arith.negf %x : bf16
    linalg.yield %y : bf16
  } -> tensor<3x5xbf16>
  return %r : tensor<3x5xbf16>
}

func.func @neg_f32(%a: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %init = tensor.empty() : tensor<3x5xf32>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xf32>) outs(%init : tensor<3x5xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.negf %x : f32
    linalg.yield %y : f32
  } -> tensor<3x5xf32>
  return %r : tensor<3x5xf32>
}

func.func @neg_f64(%a: tensor<3x5xf64>) -> tensor<3x5xf64> {
  %init = tensor.empty() : tensor<3x5xf64>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xf64>) outs(%init : tensor<3x5xf64>) {
  ^bb0(%x: f64, %o: f64):
    %y = arith.negf %x : f64
    linalg.yield %y : f64
  } -> tensor<3x5xf64>
  return %r : tensor<3x5xf64>
}

func.func @neg_i8(%a: tensor<3x5xi8>) -> tensor<3x5xi8> {
  %init = tensor.empty() : tensor<3x5xi8>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xi8>) outs(%init : tensor<3x5xi8>) {
  ^bb0(%x: i8, %o: i8):
    %zero = arith.constant 0 : i8
    %y = arith.subi %zero, %x : i8
    linalg.yield %y : i8
  } -> tensor<3x5xi8>
  return %r : tensor<3x5xi8>
}

func.func @neg_i16(%a: tensor<3x5xi16>) -> tensor<3x5xi16> {
  %init = tensor.empty() : tensor<3x5xi16>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xi16>) outs(%init : tensor<3x5xi16>) {
  ^bb0(%x: i16, %o: i16):
    %zero = arith.constant 0 : i16
    %y = arith.subi %zero, %x : i16
    linalg.yield %y : i16
  } -> tensor<3x5xi16>
  return %r : tensor<3x5xi16>
}

func.func @neg_i32(%a: tensor<3x5xi32>) -> tensor<3x5xi32> {
  %init = tensor.empty() : tensor<3x5xi32>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xi32>) outs(%init : tensor<3x5xi32>) {
  ^bb0(%x: i32, %o: i32):
    %zero = arith.constant 0 : i32
    %y = arith.subi %zero, %x : i32
    linalg.yield %y : i32
  } -> tensor<3x5xi32>
  return %r : tensor<3x5xi32>
}

func.func @neg_i64(%a: tensor<3x5xi64>) -> tensor<3x5xi64> {
  %init = tensor.empty() : tensor<3x5xi64>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xi64>) outs(%init : tensor<3x5xi64>) {
  ^bb0(%x: i64, %o: i64):
    %zero = arith.constant 0 : i64
    %y = arith.subi %zero, %x : i64
    linalg.yield %y : i64
  } -> tensor<3x5xi64>
  return %r : tensor<3x5xi64>
}

func.func @ext_f16(%a: tensor<3x5xf16>) -> tensor<3x5xf32> {
  %init = tensor.empty() : tensor<3x5xf32>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xf16>) outs(%init : tensor<3x5xf32>) {
  ^bb0(%x: f16, %o: f32):
    %y = arith.extf %x : f16 to f32
    linalg.yield %y : f32
  } -> tensor<3x5xf32>
  return %r : tensor<3x5xf32>
}

func.func @ext_bf16(%a: tensor<3x5xbf16>) -> tensor<3x5xf32> {
  %init = tensor.empty() : tensor<3x5xf32>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xbf16>) outs(%init : tensor<3x5xf32>) {
  ^bb0(%x: bf16, %o: f32):
    %y = arith.extf %x : bf16 to f32
    linalg.yield %y : f32
  } -> tensor<3x5xf32>
  return %r : tensor<3x5xf32>
}

func.func @trunc_f16(%a: tensor<3x5xf32>) -> tensor<3x5xf16> {
  %init = tensor.empty() : tensor<3x5xf16>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xf32>) outs(%init : tensor<3x5xf16>) {
  ^bb0(%x: f32, %o: f16):
    %y = arith.truncf %x : f32 to f16
    linalg.yield %y : f16
  } -> tensor<3x5xf16>
  return %r : tensor<3x5xf16>
}

func.func @trunc_bf16(%a: tensor<3x5xf32>) -> tensor<3x5xbf16> {
  %init = tensor.empty() : tensor<3x5xbf16>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xf32>) outs(%init : tensor<3x5xbf16>) {
  ^bb0(%x: f32, %o: bf16):
    %y = arith.truncf %x : f32 to bf16
    linalg.yield %y : bf16
  } -> tensor<3x5xbf16>
  return %r : tensor<3x5xbf16>
}

func.func @ext_i8(%a: tensor<3x5xi8>) -> tensor<3x5xi32> {
  %init = tensor.empty() : tensor<3x5xi32>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xi8>) outs(%init : tensor<3x5xi32>) {
  ^bb0(%x: i8, %o: i32):
    %y = arith.extsi %x : i8 to i32
    linalg.yield %y : i32
  } -> tensor<3x5xi32>
  return %r : tensor<3x5xi32>
}

func.func @trunc_i64(%a: tensor<3x5xi64>) -> tensor<3x5xi16> {
  %init = tensor.empty() : tensor<3x5xi16>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xi64>) outs(%init : tensor<3x5xi16>) {
  ^bb0(%x: i64, %o: i16):
    %y = arith.trunci %x : i64 to i16
    linalg.yield %y : i16
  } -> tensor<3x5xi16>
  return %r : tensor<3x5xi16>
}

func.func @ext_f32(%a: tensor<3x5xf32>) -> tensor<3x5xf64> {
  %init = tensor.empty() : tensor<3x5xf64>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xf32>) outs(%init : tensor<3x5xf64>) {
  ^bb0(%x: f32, %o: f64):
    %y = arith.extf %x : f32 to f64
    linalg.yield %y : f64
  } -> tensor<3x5xf64>
  return %r : tensor<3x5xf64>
}

func.func @ext_i16(%a: tensor<3x5xi16>) -> tensor<3x5xi64> {
  %init = tensor.empty() : tensor<3x5xi64>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<3x5xi16>) outs(%init : tensor<3x5xi64>) {
  ^bb0(%x: i16, %o: i64):
    %y = arith.extsi %x : i16 to i64
    linalg.yield %y : i64
  } -> tensor<3x5xi64>
  return %r : tensor<3x5xi64>
}
