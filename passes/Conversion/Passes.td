//===- Passes.td - Passes out of the compress dialect ------*- tablegen -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_PASSES_CONVERSION_PASSES_TD
#define COMPRESS_PASSES_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertCompressToLinalgPass
    : Pass<"convert-compress-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower compressed tensors to their storage and fuse the decode into linalg.generic";
  let description = [{
    A 1:N type conversion: every `!compress.tensor` value becomes its storage
    tensors (the roles of `docs/formats.md`, in layout order), across function
    arguments, results and calls. `compress.constant` becomes one
    `arith.constant` per storage tensor (`dense_resource` blobs stay blobs).
    Each consumer becomes ONE `linalg.generic` whose body decodes the weight
    element it needs from the storage tensors inside the reduction:

    * `compress.matmul`: iteration space (batch..., m, n, k), the weight
      element (n, k) decoded in the body and multiplied into the accumulator;
      no dense weight is materialized.
    * `compress.gather`: one generic over the result, decoding the row that
      the index selects.
    * `compress.decode`: a generic that materializes the dense tensor (for
      consumers without a fused form, such as convolutions).

    Encodings lowered: `#compress.uniform` with any bits (1 to 8), signedness,
    granularity, zero point or min, scales stored as f32/f16/bf16 or encoded
    as another uniform. Other encodings are reported as errors at the op that
    uses them.

    With `cpu-features` set, the `compress.matmul`s that a CPU kernel covers
    (nn.Linear layout, signed 4- or 8-bit codes without zero point, one
    scale per row, tensor or group of a multiple of 32 (int4) / 16 (int8)
    values) become a streaming loop nest of vector ops instead
    (docs/codegen.md, "CPU kernels"): AVX-512 table lookups and VNNI dot
    products when the features have them, portable vector code otherwise.
    `int8_activations` on any other matmul is applied by quantizing the
    activations before the generic kernel: with `integer-products`, the
    kernel multiplies the activations' int8 codes by the weight's integer
    codes where the weight allows it (docs/codegen.md, "Integer products"),
    otherwise it multiplies the dequantized activations in f32.
  }];
  let options = [
    Option<"cpuFeatures", "cpu-features", "std::string", /*default=*/"\"\"",
           "Use CPU kernels for these LLVM target features (\"host\", "
           "\"host,-avx512vnni\", \"+avx512f,+avx512bw\", \"generic\"); "
           "empty: linalg.generic only">,
    Option<"laneAccumulators", "lane-accumulators", "bool", /*default=*/"true",
           "With one activation row, keep the innermost reduction digit of a "
           "fused matmul parallel (lane accumulators summed afterwards: the "
           "CPU's vector lanes); off: every reduction digit reduces (the "
           "GPU path, whose lanes stride over the reduction)">,
    Option<"integerProducts", "integer-products", "bool", /*default=*/"false",
           "Lower an int8_activations matmul over signed integer codes (f32 "
           "weights, groups nesting with the blocks) as products of the "
           "codes in i32, scaled per block and group (the GPU path's s8 "
           "tensor-core form); off: the generic multiplies fake-quantized "
           "activations in f32">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def CompressGatherToLinalgPass : Pass<"compress-gather-to-linalg"> {
  let summary = "Rewrite tensor.gather as a linalg.generic of tensor.extract";
  let description = [{
    `tensor.gather` has no bufferization: a dense embedding lookup written
    with it would stop `one-shot-bufferize`. Each gather becomes one
    `linalg.generic` over the result whose body reads the gathered element
    with `tensor.extract` (the same form as a fused `compress.gather`), then a
    `tensor.expand_shape` to the gather's result type when it keeps the
    gathered dimensions as size-1 dimensions.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def CompressCpuVectorizePass
    : Pass<"compress-cpu-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Tile linalg ops over threads and vector tiles, then vectorize them";
  let description = [{
    For every linalg op on tensors with a parallel dimension: tiles the
    leading parallel dimensions with `scf.forall` (one iteration per thread
    tile; `thread-tile`), tiles the tile again with `scf.for` into vector tiles
    (`vector-tile` for parallel dimensions, `reduction-tile` for reduction
    dimensions), vectorizes each vector tile with `linalg::vectorize` (masked
    where sizes do not divide), hoists the accumulators out of the reduction
    loops and lowers the vector ops that the x86 backend should not see
    (multi-reductions, n-D transfers, narrow integer types). Ops the
    vectorizer rejects stay scalar linalg and become loops later.
  }];
  let options = [
    ListOption<"threadTile", "thread-tile", "int64_t",
               "Tile sizes of the scf.forall over the outer parallel dimensions (0 = not tiled)">,
    Option<"vectorTile", "vector-tile", "int64_t", /*default=*/"16",
           "Vector tile size of the innermost parallel dimension">,
    Option<"reductionTile", "reduction-tile", "int64_t", /*default=*/"64",
           "Vector tile size of the innermost reduction dimension">,
    Option<"minThreadedWork", "min-threaded-work", "int64_t",
           /*default=*/"65536",
           "Ops with fewer loop iterations run on one thread (starting an "
           "OpenMP region costs more); fused decode kernels always use threads">,
  ];
  let dependentDialects = [
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
    "::mlir::affine::AffineDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def CompressCpuLowerTransfersPass
    : Pass<"compress-cpu-lower-transfers", "::mlir::func::FuncOp"> {
  let summary = "Lower the vector transfers left after bufferization to loads and stores";
  let description = [{
    After bufferization: 0-d transfers become `memref.load`/`memref.store`
    (with a broadcast), transfers with permutation maps become transposes,
    and n-D transfers are unrolled into 1-D loads and stores. No transfer is
    left for `convert-vector-to-scf` to lower through a stack temporary (an
    `alloca` inside a loop overflows the stack on long loops).
  }];
  let dependentDialects = [
    "::mlir::memref::MemRefDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def CompressCpuLowerVectorOpsPass
    : Pass<"compress-cpu-lower-vector-ops", "::mlir::func::FuncOp"> {
  let summary = "Lower compress.lookup and compress.dot_u8i8 to x86 instructions or portable vector code";
  let description = [{
    The CPU kernels' vector ops: `compress.lookup` becomes `vpermd`
    (`llvm.x86.avx512.permvar.sf.512`) when the features have AVX-512 F and
    BW, and per-lane extracts otherwise; `compress.dot_u8i8` becomes
    `vpdpbusd` (`llvm.x86.avx512.vpdpbusd.512`) with AVX-512 VNNI, and
    widening multiplies with a lane reduction otherwise. After bufferization
    (the intrinsic calls have unknown memory effects).
  }];
  let options = [
    Option<"cpuFeatures", "cpu-features", "std::string", /*default=*/"\"\"",
           "LLVM target features, as for convert-compress-to-linalg "
           "(\"host\", \"host,-avx512vnni\", \"+avx512f,+avx512bw\"); "
           "empty: portable code">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def CompressSetCpuTargetPass
    : Pass<"compress-set-cpu-target", "::mlir::ModuleOp"> {
  let summary = "Mark public functions for the C interface and record the target CPU";
  let description = [{
    Before `convert-func-to-llvm`: gives every public `func.func` the
    `llvm.emit_c_interface` attribute (so `_mlir_ciface_<name>` exists, see
    `docs/runtime.md`). After it, the same pass with `cpu`/`features` set
    writes `target_cpu` and `target_features` on every `llvm.func` body.
  }];
  let options = [
    Option<"cpu", "cpu", "std::string", /*default=*/"\"\"",
           "Target CPU name (for example znver4); empty keeps the host's">,
    Option<"features", "features", "std::string", /*default=*/"\"\"",
           "Target features (for example +avx512f,+avx512vnni)">,
  ];
}

def CompressGpuMapLinalgPass
    : Pass<"compress-gpu-map-linalg", "::mlir::func::FuncOp"> {
  let summary = "Run every linalg.generic on memrefs in a gpu.launch: tensor cores for f16 matmuls, a warp per output for other reductions, a thread per point otherwise";
  let description = [{
    After bufferization (docs/codegen.md, "GPU kernels"). A reduction whose
    body combines into its only output with add, maximumf, minimumf, maxnumf
    or minnumf on 32-bit values (the fused decode-matmuls of
    `convert-compress-to-linalg`, an activation maximum) becomes a launch of
    `warps-per-block` warps per block and one warp per output element: its
    32 lanes stride over the linearized reduction loops (the innermost
    fastest, so that consecutive lanes read consecutive weight bytes), then
    one `gpu.subgroup_reduce` (`uniform`), and lane 0 combines the result
    into the output. With `tensor-cores`, a matmul whose body multiplies
    two f16 values (extended to f32) into an f32 sum and which has at least
    `tensor-core-min-rows` rows, a multiple of 8 columns and of 16
    reduction points runs instead on `nvgpu.mma.sync` m16n8k16: a warp per
    tile of 32x32 outputs, the body's two operands evaluated in registers
    at the points of the PTX fragment layout. The 2:4 row kernels with f16
    activations and kept values (a multiple of 16 weight rows and of 8
    groups) run on `nvgpu.mma.sp.sync` m16n8k32, the weight as the sparse
    operand with metadata packed from the kept values' positions. A
    matmul of i8 codes (`convert-compress-to-linalg` `integer-products`:
    `out + sitofp(extsi(a) * extsi(b)) * (s * t)`, scales on outer
    reduction loops) runs on s8 `nvgpu.mma.sync` m16n8k32 under the same
    row and column conditions, summing each chunk of a multiple of 32
    points that share their scales in i32; with fewer rows (or without
    `tensor-cores`), chunks of a multiple of 16 points run warp-per-output
    on `nvvm.dot.accumulate.4way` (dp4a), 16 points per lane step. Every
    other generic becomes a launch of
    `threads-per-block` threads per block and one thread per point of its
    parallel loops (those that index every output), which runs the other
    loops itself. Any other op of the host code that reads or writes memory
    runs in a one-thread launch; one whose results the host uses is an
    error.
  }];
  let options = [
    Option<"warpsPerBlock", "warps-per-block", "int64_t", /*default=*/"4",
           "Warps per block of the warp-per-output and tensor-core kernels">,
    Option<"threadsPerBlock", "threads-per-block", "int64_t",
           /*default=*/"256",
           "Threads per block of the thread-per-point kernels">,
    Option<"tensorCores", "tensor-cores", "bool", /*default=*/"true",
           "Run f16 x f16 -> f32 matmuls and integer-code matmuls of at "
           "least tensor-core-min-rows rows on nvgpu.mma.sync">,
    Option<"tensorCoreMinRows", "tensor-core-min-rows", "int64_t",
           /*default=*/"16",
           "The fewest rows (activation rows, M) that take the tensor-core "
           "form; fewer stay warp-per-output">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::NVVM::NVVMDialect",
    "::mlir::nvgpu::NVGPUDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def CompressGpuEmulatePass
    : Pass<"compress-gpu-emulate", "::mlir::func::FuncOp"> {
  let summary = "Run gpu.launch kernels on the host (for testing kernels without a GPU)";
  let description = [{
    Each `gpu.launch` on host memory (the output of
    `compress-gpu-map-linalg`) becomes `scf.for` loops over its blocks
    (z, y, x) and its threads in z and y. Where no lanes meet, each thread
    in x runs the body in turn. Otherwise the 32 lanes of a warp (threads
    in x; blocks must be 32 wide) run in lockstep: each run of ops that
    touch only their own lane becomes one loop over the lanes, and values
    that later runs need are kept per lane in 32-element `memref.alloca`
    buffers. Between those loops, `gpu.subgroup_reduce` (any combining op,
    whole warps) combines the 32 values and gives every lane the result;
    `nvgpu.mma.sync` (m16n8k16, f16 inputs, f32 accumulators; m16n8k32,
    i8 inputs, i32 accumulators) rebuilds the A, B and C matrices from
    every lane's fragment with upstream's
    `nvgpu::getLaneIdAndValueIdToOperandCoord` layout, multiplies them and
    hands each lane its part of D; `nvgpu.mma.sp.sync` (m16n8k32, f16,
    f32 accumulators, sparsity selector 0) also expands the kept values
    through the metadata of lanes 4i and 4i + 1; `scf.for` and `scf.if`
    around such ops run once per warp and must have the same bounds or condition in every
    lane. Other GPU and NVGPU ops, other mma shapes, lane-dependent bounds
    around a reduction, asynchronous launches and dynamic shared memory
    are errors. `nvvm.dot.accumulate.4way` (dp4a) becomes host
    arithmetic. `compress-run --device=cuda-emulated` runs the GPU kernels
    this way (docs/gpu.md).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def CompressGpuDeviceMemoryPass
    : Pass<"compress-gpu-device-memory", "::mlir::ModuleOp"> {
  let summary = "Give the buffers of functions that launch GPU kernels device memory";
  let description = [{
    In a function holding `gpu.launch` ops: memref arguments are copied to
    device buffers (`gpu.alloc` + `gpu.memcpy`) on entry, `memref.alloc`,
    `memref.alloca` and `memref.dealloc` of the host code become
    `gpu.alloc` / `gpu.dealloc`, and each returned memref is copied into a
    new host buffer (`memref.alloc`, owned by the caller) before every
    device buffer of the call is freed. The signature is unchanged. Memrefs
    crossing between host and device must have the identity layout.

    Constants read with `memref.get_global` (the weights) cross once per
    process: each becomes a call of the runtime's
    `compressGpuDeviceConstant(host address, bytes) -> memref<?xi8>`
    (declared private with `llvm.emit_c_interface`), which copies the
    constant to the device on its first call and returns the same device
    buffer afterwards, viewed (`memref.view`) with the global's type.
    Globals that are not constant, or not static whole-byte arrays with the
    identity layout, are copied to the device where they are read, on every
    call.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::memref::MemRefDialect",
  ];
}

def CompressGpuLowerSubgroupReducePass : Pass<"compress-gpu-lower-subgroup-reduce"> {
  let summary = "Lower gpu.subgroup_reduce to gpu.shuffle butterflies";
  let description = [{
    `convert-gpu-to-nvvm` cannot legalize `gpu.subgroup_reduce`; this pass
    applies upstream's `populateGpuLowerSubgroupReduceToShufflePatterns`
    (subgroups of 32 lanes, 32-bit shuffles): five `gpu.shuffle xor` steps
    per reduction.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::vector::VectorDialect",
  ];
}

#endif // COMPRESS_PASSES_CONVERSION_PASSES_TD
