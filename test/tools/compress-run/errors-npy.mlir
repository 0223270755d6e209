// Malformed .npy inputs and files that cannot be read: the error names the
// file and what is wrong with it.

// RUN: rm -rf %t && mkdir %t

// Not a .npy file at all, and one cut short in its header.
// RUN: echo "not an npy file" > %t/text.npy
// RUN: not compress-run %s --input=@%t/text.npy 2>&1 | FileCheck %s --check-prefix=MAGIC
// MAGIC: compress-run: error: {{.*}}text.npy: not a .npy file (bad magic)
// RUN: %python %S/Inputs/make_npy.py %t/full.npy 4x3 f4
// RUN: %python -c "import sys; data = open(sys.argv[1], 'rb').read(); open(sys.argv[2], 'wb').write(data[:40])" %t/full.npy %t/header.npy
// RUN: not compress-run %s --input=@%t/header.npy 2>&1 | FileCheck %s --check-prefix=HEADER
// HEADER: compress-run: error: {{.*}}header.npy: truncated header

// Truncated data.
// RUN: %python %S/Inputs/make_npy.py %t/truncated.npy 4x3 f4 --truncate 3
// RUN: not compress-run %s --input=@%t/truncated.npy 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: compress-run: error: {{.*}}truncated.npy: holds 45 data bytes, but the shape needs 48 (truncated)

// Fortran order, big-endian, and dtypes compress-run has no type for.
// RUN: %python %S/Inputs/make_npy.py %t/fortran.npy 4x3 f4 --fortran
// RUN: not compress-run %s --input=@%t/fortran.npy 2>&1 | FileCheck %s --check-prefix=FORTRAN
// FORTRAN: compress-run: error: {{.*}}fortran.npy: Fortran-order arrays are not supported
// RUN: %python %S/Inputs/make_npy.py %t/big.npy 4x3 f4 --big-endian
// RUN: not compress-run %s --input=@%t/big.npy 2>&1 | FileCheck %s --check-prefix=BIG
// BIG: compress-run: error: {{.*}}big.npy: dtype '>f4' is big-endian; only little-endian arrays are supported
// RUN: %python %S/Inputs/make_npy.py %t/u32.npy 4x3 u4
// RUN: not compress-run %s --input=@%t/u32.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: compress-run: error: {{.*}}u32.npy: dtype 'u4' is not supported; expected f2 (f16), f4 (f32), f8 (f64), i1 (i8), i2 (i16), i4 (i32), i8 (i64), or u2 or V2 (bf16 bit patterns)
// RUN: %python %S/Inputs/make_npy.py %t/c64.npy 4x3 c8
// RUN: not compress-run %s --input=@%t/c64.npy 2>&1 | FileCheck %s --check-prefix=COMPLEX
// COMPLEX: compress-run: error: {{.*}}c64.npy: dtype 'c8' is not supported
// RUN: %python -c "import numpy, sys; numpy.save(sys.argv[1], numpy.zeros(3, dtype=[('a', 'f4'), ('b', 'i4')]))" %t/struct.npy
// RUN: not compress-run %s --input=@%t/struct.npy 2>&1 | FileCheck %s --check-prefix=STRUCT
// STRUCT: compress-run: error: {{.*}}struct.npy: structured dtypes are not supported
// RUN: %python -c "import numpy, sys; numpy.save(sys.argv[1], numpy.array([1, 'a'], dtype=object))" %t/object.npy
// RUN: not compress-run %s --input=@%t/object.npy 2>&1 | FileCheck %s --check-prefix=OBJECT
// OBJECT: compress-run: error: {{.*}}object.npy: dtype '|O' is not supported

// Files that cannot be read.
// RUN: not compress-run %s --input=@%t/missing.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: compress-run: error: {{.*}}missing.npy: cannot read: No such file or directory
// RUN: mkdir %t/directory.npy
// RUN: not compress-run %s --input=@%t/directory.npy 2>&1 | FileCheck %s --check-prefix=DIRECTORY
// DIRECTORY: compress-run: error: {{.*}}directory.npy: cannot read: Is a directory

// Every one exits with status 1.
// RUN: compress-run %s --input=@%t/truncated.npy 2> /dev/null; test $? -eq 1
// RUN: compress-run %s --input=@%t/missing.npy 2> /dev/null; test $? -eq 1

#map = affine_map<(i, j) -> (i, j)>
func.func @neg(%a: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %init = tensor.empty() : tensor<4x3xf32>
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<4x3xf32>) outs(%init : tensor<4x3xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.negf %x : f32
    linalg.yield %y : f32
  } -> tensor<4x3xf32>
  return %r : tensor<4x3xf32>
}
