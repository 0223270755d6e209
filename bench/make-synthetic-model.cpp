//===- make-synthetic-model.cpp - A large dense model for benchmarks -----===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Writes a synthetic model: one func.func @forward with N linalg.matmul layers
// whose weights are `arith.constant dense_resource<layers.<i>.w>` f32 blobs
// filled with deterministic normal-ish values, as MLIR bytecode (or text).
//
//   compress-bench-make-model --layers 64 --rows 4096 --cols 4096 -o m.mlirbc
//
// Layout `transposed` (the default) is torch's nn.Linear: W is rows x cols
// (outputs x inputs) and the matmul reads it as (n, k); `plain` stores W as
// cols x rows (inputs x outputs). Square layers are chained (the output of one
// is the input of the next); others all read %x and are all returned.
//
// Memory: every weight lives in one anonymous mapping (2 MiB aligned, THP
// requested) that the blobs reference without copying (UnmanagedAsmResourceBlob),
// so the peak is the weight bytes plus the bytecode writer's small buffers.
//
// Values: per row, a splitmix64-seeded xorshift64* stream; each value is the
// sum of the four 16-bit parts of one 64-bit draw (Irwin-Hall of order 4,
// mean 0, unit variance after scaling, tails cut at +-3.46 sigma), times
// --std. They depend only on --seed, the layer and the row, never on the
// number of threads.
//
//===----------------------------------------------------------------------===//

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <sys/mman.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

using namespace mlir;
namespace cl = llvm::cl;

static cl::opt<int64_t> numLayers("layers", cl::desc("Number of layers"),
                                  cl::init(64));
static cl::opt<int64_t> numRows("rows",
                                cl::desc("Outputs per layer (weight rows)"),
                                cl::init(4096));
static cl::opt<int64_t> numCols("cols",
                                cl::desc("Inputs per layer (weight columns)"),
                                cl::init(4096));
static cl::opt<std::string> outputPath("o", cl::desc("Output file"),
                                       cl::value_desc("file"), cl::Required);
static cl::opt<std::string>
    layout("layout", cl::desc("transposed (nn.Linear, W[out, in]) or plain "
                              "(W[in, out])"),
           cl::init("transposed"));
static cl::opt<uint64_t> seed("seed", cl::desc("Seed of the weights"),
                              cl::init(1));
static cl::opt<double> stddev("std", cl::desc("Standard deviation"),
                              cl::init(0.02));
static cl::opt<bool> emitText("text",
                              cl::desc("Write MLIR text, not bytecode"),
                              cl::init(false));
static cl::opt<unsigned> numThreads("fill-threads",
                                    cl::desc("Threads filling the weights "
                                             "(0: all cores)"),
                                    cl::init(0));

namespace {

uint64_t splitmix64(uint64_t &state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Fills `n` values of row `row` of layer `layer`.
void fillRow(float *out, int64_t n, int64_t layer, int64_t row) {
  uint64_t state = seed ^ (static_cast<uint64_t>(layer) << 40) ^
                   static_cast<uint64_t>(row);
  uint64_t x = splitmix64(state) | 1;
  // Irwin-Hall(4) of 16-bit uniforms: mean 2 * 65535, variance 4/12 * 2^32.
  const float scale =
      static_cast<float>(stddev * std::sqrt(3.0) / 65536.0);
  const float mean = 2.0f * 65535.0f;
  for (int64_t i = 0; i < n; ++i) {
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    uint64_t r = x * 0x2545F4914F6CDD1Dull;
    // An int32 sum: unsigned 64-bit to float conversions are slow on x86-64.
    int32_t parts = static_cast<int32_t>((r & 0xffff) + ((r >> 16) & 0xffff) +
                                         ((r >> 32) & 0xffff) + (r >> 48));
    float sum = static_cast<float>(parts);
    out[i] = (sum - mean) * scale;
  }
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start)
      .count();
}

std::string buildText(bool transposed) {
  int64_t R = numRows, C = numCols;
  bool chained = R == C;
  std::string rs = std::to_string(R), cs = std::to_string(C);
  std::string xType = "tensor<1x" + cs + "xf32>";
  std::string yType = "tensor<1x" + rs + "xf32>";
  std::string wType = transposed ? "tensor<" + rs + "x" + cs + "xf32>"
                                 : "tensor<" + cs + "x" + rs + "xf32>";
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "func.func @forward(%x: " << xType << ") -> ";
  if (chained) {
    os << yType;
  } else {
    os << "(";
    for (int64_t i = 0; i < numLayers; ++i)
      os << (i ? ", " : "") << yType;
    os << ")";
  }
  os << " {\n  %zero = arith.constant 0.0 : f32\n"
     << "  %empty = tensor.empty() : " << yType << "\n"
     << "  %init = linalg.fill ins(%zero : f32) outs(%empty : " << yType
     << ") -> " << yType << "\n";
  std::string prev = "%x";
  for (int64_t i = 0; i < numLayers; ++i) {
    std::string w = "%w" + std::to_string(i), y = "%y" + std::to_string(i);
    os << "  " << w << " = arith.constant dense_resource<layers." << i
       << ".w> : " << wType << "\n";
    os << "  " << y << " = linalg.matmul ";
    if (transposed)
      os << "indexing_maps = [affine_map<(m, n, k) -> (m, k)>, "
            "affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, "
            "n)>] ";
    os << "ins(" << (chained ? prev : std::string("%x")) << ", " << w << " : "
       << xType << ", " << wType << ") outs(%init : " << yType << ") -> "
       << yType << "\n";
    prev = y;
  }
  os << "  return ";
  if (chained) {
    os << prev << " : " << yType;
  } else {
    for (int64_t i = 0; i < numLayers; ++i)
      os << (i ? ", " : "") << "%y" << i;
    os << " : ";
    for (int64_t i = 0; i < numLayers; ++i)
      os << (i ? ", " : "") << yType;
  }
  os << "\n}\n";
  return text;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv,
                              "Writes a synthetic dense model for the "
                              "compress-apply-policy benchmark\n");
  if (numLayers < 1 || numRows < 1 || numCols < 1) {
    llvm::errs() << "error: --layers, --rows and --cols must be positive\n";
    return 1;
  }
  if (layout != "transposed" && layout != "plain") {
    llvm::errs() << "error: --layout is transposed or plain, not '" << layout
                 << "'\n";
    return 1;
  }
  bool transposed = layout == "transposed";
  auto start = std::chrono::steady_clock::now();

  // The weights: one mapping, layer after layer.
  int64_t layerElements = numRows * numCols;
  size_t layerBytes = static_cast<size_t>(layerElements) * sizeof(float);
  size_t totalBytes = layerBytes * numLayers;
  constexpr size_t kHuge = size_t(2) << 20;
  size_t mapBytes = (totalBytes + kHuge - 1) / kHuge * kHuge + kHuge;
  void *map = mmap(nullptr, mapBytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (map == MAP_FAILED) {
    llvm::errs() << "error: cannot map " << totalBytes
                 << " bytes of weights: " << std::strerror(errno) << "\n";
    return 1;
  }
  char *base = reinterpret_cast<char *>(
      (reinterpret_cast<uintptr_t>(map) + kHuge - 1) / kHuge * kHuge);
  madvise(base, totalBytes, MADV_HUGEPAGE);
  float *weights = reinterpret_cast<float *>(base);

  // Rows of the (layer, row) grid are filled in interleaved stripes.
  unsigned threads = numThreads ? numThreads
                                : std::max(1u, std::thread::hardware_concurrency());
  int64_t rowsPerLayer = transposed ? numRows : numCols;
  int64_t rowLength = transposed ? numCols : numRows;
  int64_t totalRows = numLayers * rowsPerLayer;
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t)
    workers.emplace_back([=] {
      constexpr int64_t kStripe = 64;
      for (int64_t begin = t * kStripe; begin < totalRows;
           begin += int64_t(threads) * kStripe)
        for (int64_t r = begin; r < std::min(totalRows, begin + kStripe); ++r)
          fillRow(weights + r * rowLength, rowLength, r / rowsPerLayer,
                  r % rowsPerLayer);
    });
  for (std::thread &worker : workers)
    worker.join();
  double fillSeconds = secondsSince(start);

  // The IR, parsed from text, then the blobs attached to its resources.
  auto buildStart = std::chrono::steady_clock::now();
  MLIRContext context;
  context.loadDialect<arith::ArithDialect, func::FuncDialect,
                      linalg::LinalgDialect, tensor::TensorDialect>();
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(buildText(transposed), &context);
  if (!module) {
    llvm::errs() << "error: the generated IR does not parse\n";
    return 1;
  }
  int64_t attached = 0;
  module->walk([&](arith::ConstantOp constant) {
    auto resource =
        dyn_cast<DenseResourceElementsAttr>(constant.getValue());
    if (!resource)
      return;
    StringRef key = resource.getRawHandle().getKey();
    int64_t layer = -1;
    if (!key.consume_front("layers.") || !key.consume_back(".w") ||
        key.getAsInteger(10, layer) || layer < 0 || layer >= numLayers)
      return;
    ArrayRef<char> data(base + layer * layerBytes, layerBytes);
    resource.getRawHandle().getResource()->setBlob(
        UnmanagedAsmResourceBlob::allocateWithAlign(data, alignof(float)));
    ++attached;
  });
  if (attached != numLayers) {
    llvm::errs() << "error: attached " << attached << " blobs, expected "
                 << numLayers << "\n";
    return 1;
  }
  double buildSeconds = secondsSince(buildStart);

  auto writeStart = std::chrono::steady_clock::now();
  std::error_code ec;
  llvm::raw_fd_ostream os(outputPath, ec, llvm::sys::fs::OF_None);
  if (ec) {
    llvm::errs() << "error: cannot write '" << outputPath
                 << "': " << ec.message() << "\n";
    return 1;
  }
  if (emitText) {
    module->print(os);
  } else if (failed(writeBytecodeToFile(*module, os))) {
    llvm::errs() << "error: cannot write bytecode\n";
    return 1;
  }
  os.close();
  if (os.has_error()) {
    llvm::errs() << "error: writing '" << outputPath
                 << "': " << os.error().message() << "\n";
    os.clear_error();
    return 1;
  }
  double writeSeconds = secondsSince(writeStart);
  module = nullptr;
  munmap(map, mapBytes);

  llvm::errs() << llvm::format(
      "compress-bench-make-model: %lld layers of %lldx%lld f32 (%s), %.3f GiB; "
      "fill %.2f s, build %.2f s, write %.2f s, total %.2f s\n",
      static_cast<long long>(numLayers.getValue()),
      static_cast<long long>(numRows.getValue()),
      static_cast<long long>(numCols.getValue()), layout.c_str(),
      totalBytes / double(1ull << 30), fillSeconds, buildSeconds,
      writeSeconds, secondsSince(start));
  return 0;
}
