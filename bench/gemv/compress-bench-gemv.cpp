//===- compress-bench-gemv.cpp - Time compressed GEMV/GEMM kernels --------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// One benchmark case (bench/README.md, "Compressed GEMV against ONNX
// Runtime"):
//
//   compress-bench-gemv --encoding=int4-g128 --n=4096 --k=4096 --m=1 \
//       --count=30 --rounds=5 --calls=30
//
// writes the kernel as compress IR (KernelSource.h), lowers it with
// compress-to-llvm (threads=2), JIT-compiles it, fills `count` distinct weight
// matrices in 2 MiB-aligned huge-page buffers, checks the first call against
// a dense reference computed in double, then times `rounds` rounds of
// `calls` calls that visit the matrices in turn and prints one JSON line.
// --encoding also takes any policy preset (docs/policy.md: 2:4-f16,
// lut4-channel, lowrank-512-f16, ...): a seeded weight is encoded once by
// lib/Quantizers' encoder and its storage copied into every matrix.
// --probe instead times read_sum, a parallel row-sum over a >= 1 GiB buffer
// (also lowered by compress-to-llvm), in GB/s per round.
//
//===----------------------------------------------------------------------===//

#include "bench/gemv/KernelSource.h"
#include "bench/gemv/WeightSets.h"
#include "include/compress/InitAll.h"
#include "lib/Import/Npy.h"
#include "lib/Quantizers/ActivationInt8.h"
#include "lib/Runtime/Jit.h"
#include "lib/Runtime/SharedLibraries.h"
#include "passes/Pipelines/Pipelines.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>

using namespace mlir;
using namespace mlir::compress::bench;
namespace cl = llvm::cl;

static cl::opt<std::string> encodingName(
    "encoding",
    cl::desc("int4-g128, int4-g32, int8-channel (f32 scales), f32 or f16 "
             "(dense), or any other policy preset (docs/policy.md)"),
    cl::init("int4-g128"));
static cl::opt<std::string> elementType(
    "element-type",
    cl::desc("The preset weight's logical element type: f32 (default), f16 "
             "or bf16"),
    cl::init("f32"));
static cl::opt<int64_t> numRows("n", cl::desc("Output features N"),
                                cl::init(4096));
static cl::opt<int64_t> numCols("k", cl::desc("Input features K"),
                                cl::init(4096));
static cl::opt<int64_t> numTokens("m", cl::desc("Rows of x (1: GEMV)"),
                                  cl::init(1));
static cl::opt<unsigned> matrixCount(
    "count",
    cl::desc("Distinct weight matrices, visited in turn (0: cold, enough for "
             "8x a 32 MiB L3, at least 2, as the peer's)"),
    cl::init(1));
static cl::opt<unsigned> rounds("rounds", cl::desc("Timed rounds"),
                                cl::init(5));
static cl::opt<unsigned>
    callsPerRound("calls", cl::desc("Calls per round (default: --count)"),
                  cl::init(0));
static cl::opt<std::string>
    activations("activations",
                cl::desc("a32: f32 activations (exact); a8: int8 activations "
                         "quantized per block of 128 at run time"),
                cl::init("a32"));
static cl::opt<int64_t>
    threads("num-threads", cl::desc("compress-to-llvm threads"), cl::init(2));
static cl::opt<bool> noHugePages("no-hugepages",
                                 cl::desc("Leave out madvise(MADV_HUGEPAGE)"));
static cl::opt<uint64_t> seed("seed", cl::desc("Seed of the weights"),
                              cl::init(1));
static cl::opt<std::string> peerData(
    "peer-data",
    cl::desc("Read the weights and x from this directory, written by "
             "bench/gemv/export_weights.py from the peer's generator, instead "
             "of the seeded generator"));
static cl::opt<std::string> peerReference(
    "peer-reference",
    cl::desc("The peer's <stem>.ref.npy (f32 [COUNT, M, N]): the first call "
             "must also match its entry 0 (not for f16, whose peer rounds x "
             "to f16)"));
static cl::opt<bool> probe("probe",
                           cl::desc("Time the read_sum bandwidth probe"));
static cl::opt<int64_t> probeMiB("probe-mib",
                                 cl::desc("read_sum buffer size in MiB"),
                                 cl::init(1024));
static cl::opt<double>
    tolerance("tolerance",
              cl::desc("Largest max |y - ref| / max |ref| of the first call"),
              cl::init(1e-4));

static constexpr llvm::StringLiteral kTool = "compress-bench-gemv";

static LogicalResult fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), kTool) << message << "\n";
  return failure();
}

using Clock = std::chrono::steady_clock;
static double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

namespace {
/// A row-major memref descriptor over memory the benchmark owns:
/// {allocated, aligned, offset, sizes[rank], strides[rank]}. (lib/Runtime's
/// CInterfaceCall takes HostTensors, which own their memory; the weights here
/// live in huge-page mappings, and the descriptors are built once, outside
/// the timed loop.)
struct Descriptor {
  llvm::SmallVector<int64_t> words;
  Descriptor(void *data, llvm::ArrayRef<int64_t> shape) {
    auto pointer = reinterpret_cast<int64_t>(data);
    words = {pointer, pointer, 0};
    llvm::append_range(words, shape);
    int64_t stride = 1;
    llvm::SmallVector<int64_t> strides(shape.size());
    for (int64_t dim = shape.size() - 1; dim >= 0; --dim) {
      strides[dim] = stride;
      stride *= shape[dim];
    }
    llvm::append_range(words, strides);
  }
};

/// One prepared call of a `_mlir_ciface_` packed wrapper: the result
/// descriptor (written by the call) and the argument descriptors.
struct PreparedCall {
  llvm::SmallVector<int64_t> result;
  std::vector<Descriptor> arguments;
  llvm::SmallVector<void *> pointers, packed;

  // The packed list points into this object: it is neither copied nor moved.
  PreparedCall(const PreparedCall &) = delete;
  PreparedCall(unsigned resultRank, std::vector<Descriptor> args)
      : result(3 + 2 * resultRank, 0), arguments(std::move(args)) {
    pointers.push_back(result.data());
    for (Descriptor &argument : arguments)
      pointers.push_back(argument.words.data());
    for (void *&pointer : pointers)
      packed.push_back(&pointer);
  }
  void *getResultAllocated() const {
    return reinterpret_cast<void *>(result[0]);
  }
  const float *getResultData() const {
    return reinterpret_cast<const float *>(result[1]) + result[2];
  }
};
} // namespace

/// Parses `source`, lowers it with compress-to-llvm and JIT-compiles it.
/// The lowered function `name` must take `memrefRanks` memrefs (its C
/// interface: one descriptor pointer each), as the caller passes them.
static FailureOr<std::unique_ptr<ExecutionEngine>>
compile(MLIRContext &context, const std::string &source, llvm::StringRef name,
        llvm::ArrayRef<unsigned> memrefRanks, double &seconds) {
  Clock::time_point start = Clock::now();
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer(source),
                               llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module)
    return fail("cannot parse the generated kernel:\n" + source);
  compress::CompressToLLVMOptions options;
  options.threads = threads;
  PassManager passes(&context);
  compress::buildCompressToLLVMPipeline(passes, options);
  if (failed(passes.run(*module)))
    return fail("cannot lower the kernel with compress-to-llvm:\n" + source);
  // The expanded function takes every descriptor field as an argument.
  unsigned expected = 0;
  for (unsigned rank : memrefRanks)
    expected += 3 + 2 * rank;
  auto lowered = module->lookupSymbol<LLVM::LLVMFuncOp>(name);
  if (!lowered || lowered.getNumArguments() != expected)
    return fail(llvm::formatv("the lowered '{0}' does not take {1} memrefs "
                              "of ranks {2} ({3} arguments)",
                              name, memrefRanks.size(),
                              llvm::make_range(memrefRanks.begin(),
                                               memrefRanks.end()),
                              expected)
                    .str());
  llvm::Expected<llvm::SmallVector<std::string>> libraries =
      compress::runtime::findRuntimeLibraries(
          *module, compress::runtime::getLLVMLibraryDir());
  if (!libraries)
    return fail(llvm::toString(libraries.takeError()));
  llvm::Expected<std::unique_ptr<ExecutionEngine>> engine =
      compress::runtime::createJit(*module, *libraries);
  if (!engine)
    return fail("cannot JIT-compile the kernel: " +
                llvm::toString(engine.takeError()));
  seconds = secondsSince(start);
  return std::move(*engine);
}

static FailureOr<void (*)(void **)> lookup(ExecutionEngine &engine,
                                           llvm::StringRef name) {
  llvm::Expected<void (*)(void **)> function =
      engine.lookupPacked(("_mlir_ciface_" + name).str());
  if (!function)
    return fail(llvm::toString(function.takeError()));
  return *function;
}

static void printJson(llvm::json::Object object) {
  llvm::outs() << llvm::formatv("{0}", llvm::json::Value(std::move(object)))
               << "\n";
  llvm::outs().flush();
}

static LogicalResult runProbe(MLIRContext &context) {
  int64_t cols = 65536, bytes = probeMiB * (int64_t(1) << 20);
  int64_t rows = bytes / (cols * 4);
  if (rows < 1)
    return fail("--probe-mib must be at least 1");
  double compileSeconds = 0;
  FailureOr<std::unique_ptr<ExecutionEngine>> engine =
      compile(context, getReadSumSource(rows, cols), "read_sum", {2},
              compileSeconds);
  if (failed(engine))
    return failure();
  FailureOr<void (*)(void **)> function = lookup(**engine, "read_sum");
  if (failed(function))
    return failure();
  llvm::Expected<std::unique_ptr<AlignedBuffer>> buffer =
      AlignedBuffer::allocate(bytes, !noHugePages);
  if (!buffer)
    return fail(llvm::toString(buffer.takeError()));
  auto *values = reinterpret_cast<float *>((*buffer)->data());
  for (int64_t i = 0; i < rows * cols; ++i)
    values[i] = static_cast<float>(i % 7);

  auto callOnce = [&]() -> float {
    PreparedCall call(1, {Descriptor(values, {rows, cols})});
    (*function)(call.packed.data());
    float first = call.getResultData()[0];
    std::free(call.getResultAllocated());
    return first;
  };
  // Row 0 sums 65536 values of i % 7, exact in f32 (< 2^24).
  double expected = 0;
  for (int64_t i = 0; i < cols; ++i)
    expected += i % 7;
  if (callOnce() != expected)
    return fail("read_sum computed a wrong sum");
  unsigned calls = callsPerRound ? callsPerRound : 2;
  llvm::json::Array gbps;
  for (unsigned round = 0; round < rounds; ++round) {
    Clock::time_point start = Clock::now();
    for (unsigned i = 0; i < calls; ++i)
      callOnce();
    gbps.push_back(double(bytes) * calls / secondsSince(start) / 1e9);
  }
  llvm::json::Object object;
  object["probe"] = "read_sum";
  object["gbps"] = std::move(gbps);
  object["bytes"] = bytes;
  object["hugepages"] = bool(!noHugePages);
  object["anon_huge_pages_mib"] = getAnonHugePagesMiB();
  object["threads"] = int64_t(threads);
  object["compile_s"] = compileSeconds;
  printJson(std::move(object));
  return success();
}

/// "int4-g128 a32 gemv 4096x4096 cold".
static std::string getCaseName(const KernelCase &kernel, unsigned count) {
  std::string op = kernel.m == 1 ? std::string("gemv")
                                 : llvm::formatv("gemm M={0}", kernel.m).str();
  std::string name = kernel.getEncodingName().str();
  if (kernel.elementType != "f32")
    name += " (" + kernel.elementType + " tensor)";
  return llvm::formatv("{0} {1} {2} {3}x{4} {5}", name,
                       kernel.activationBlock ? "a8" : "a32", op, kernel.n,
                       kernel.k,
                       count > 1 ? "cold" : "hot")
      .str();
}

/// x as compress.matmul's int8_activations(block) sees it.
static std::vector<float> fakeQuantized(std::vector<float> x, int64_t block) {
  compress::quant::fakeQuantizeInt8Blocks(x, block);
  return x;
}

/// The first call's result against the reference in double on a few rows of
/// x (all of them up to 32): max |y - ref| / max |ref|.
static double checkResult(const KernelCase &kernel, const WeightSet &set,
                          const std::vector<float> &x, const float *y) {
  llvm::SmallVector<int64_t> rows;
  int64_t step = kernel.m <= 32 ? 1 : kernel.m / 16;
  for (int64_t row = 0; row < kernel.m; row += step)
    rows.push_back(row);
  std::vector<double> weights(kernel.k);
  double maxError = 0, maxReference = 0;
  for (int64_t n = 0; n < kernel.n; ++n) {
    decodeRow(kernel, set, n, weights.data());
    for (int64_t row : rows) {
      double sum = 0;
      for (int64_t i = 0; i < kernel.k; ++i)
        sum += double(x[row * kernel.k + i]) * weights[i];
      maxReference = std::max(maxReference, std::abs(sum));
      maxError =
          std::max(maxError, std::abs(sum - double(y[row * kernel.n + n])));
    }
  }
  return maxReference > 0 ? maxError / maxReference : maxError;
}

static LogicalResult runCase(MLIRContext &context) {
  Encoding encoding = parseEncoding(encodingName).value_or(Encoding::Preset);
  KernelCase kernel{encoding, numTokens, numRows, numCols};
  if (activations == "a8") {
    if (encoding == Encoding::DenseF32 || encoding == Encoding::DenseF16)
      return fail("--activations=a8 needs a compressed --encoding");
    kernel.activationBlock = 128;
  } else if (activations != "a32") {
    return fail("unknown --activations '" + activations +
                "'; expected a32 or a8");
  }
  if (kernel.m < 1 || kernel.n < 1 || kernel.k < 1)
    return fail("--m, --n and --k must be positive");
  int64_t group = kernel.getGroupSize();
  if ((group && kernel.k % group) || kernel.k % 2)
    return fail("--k must be a multiple of the group size");
  if (rounds < 1)
    return fail("--rounds must be positive");

  // A preset: its weight, encoded once (before the kernel: it sets the
  // encoding attribute and the storage tensors).
  std::optional<PresetWeight> preset;
  double encodeSeconds = 0;
  if (encoding != Encoding::Preset && elementType != "f32")
    return fail("--element-type applies to preset encodings only");
  if (encoding == Encoding::Preset) {
    if (!peerData.empty())
      return fail("--peer-data takes no preset --encoding");
    kernel.preset = encodingName;
    if (elementType != "f32" && elementType != "f16" && elementType != "bf16")
      return fail("unknown --element-type '" + elementType +
                  "'; expected f32, f16 or bf16");
    kernel.elementType = elementType;
    Clock::time_point start = Clock::now();
    llvm::errs() << kTool << ": encoding a " << kernel.n << " x " << kernel.k
                 << " weight as " << encodingName << "\n";
    llvm::Expected<PresetWeight> encoded =
        encodePreset(context, kernel, seed);
    if (!encoded)
      return fail("--encoding=" + encodingName + ": " +
                  llvm::toString(encoded.takeError()));
    preset = std::move(*encoded);
    encodeSeconds = secondsSince(start);
  }
  // Cold by default for a count of 0: at least 8x a 32 MiB L3 in all.
  int64_t coldBytes = int64_t(8) * (32 << 20);
  unsigned count = matrixCount
                       ? unsigned(matrixCount)
                       : unsigned(std::max<int64_t>(
                             2, (coldBytes + kernel.getWeightBytes() - 1) /
                                    kernel.getWeightBytes()));

  llvm::SmallVector<StorageTensor> storage = kernel.getStorage();
  llvm::SmallVector<unsigned> ranks{2};
  for (const StorageTensor &tensor : storage)
    ranks.push_back(tensor.shape.size());
  double compileSeconds = 0;
  FailureOr<std::unique_ptr<ExecutionEngine>> engine =
      compile(context, kernel.getSource(), "gemv", ranks, compileSeconds);
  if (failed(engine))
    return failure();
  FailureOr<void (*)(void **)> function = lookup(**engine, "gemv");
  if (failed(function))
    return failure();

  std::vector<WeightSet> sets(count);
  for (auto [index, set] : llvm::enumerate(sets)) {
    for (const StorageTensor &tensor : storage) {
      llvm::Expected<std::unique_ptr<AlignedBuffer>> buffer =
          AlignedBuffer::allocate(tensor.getBytes(), !noHugePages);
      if (!buffer)
        return fail(llvm::toString(buffer.takeError()));
      set.storage.push_back(std::move(*buffer));
    }
    if (preset) {
      for (auto [bytes, buffer] : llvm::zip(preset->bytes, set.storage))
        std::memcpy(buffer->data(), bytes.data(), bytes.size());
      set.decoded = preset->decoded.data();
    } else if (peerData.empty()) {
      fillSeeded(kernel, set, seed * 1000003 + index);
    } else if (llvm::Error error =
                   loadPeerWeights(kernel, peerData, index, set)) {
      return fail(llvm::toString(std::move(error)));
    }
  }
  // Activations in [-1, 1), the same for every call.
  std::vector<float> x(kernel.m * kernel.k);
  if (!peerData.empty()) {
    if (llvm::Error error = loadPeerInput(peerData, kernel.m, kernel.k, x))
      return fail(llvm::toString(std::move(error)));
  } else {
    for (auto [i, value] : llvm::enumerate(x))
      value = static_cast<float>(std::sin(0.37 * double(i) + 0.1 * seed));
  }

  std::vector<std::unique_ptr<PreparedCall>> calls;
  for (WeightSet &set : sets) {
    std::vector<Descriptor> arguments{
        Descriptor(x.data(), {kernel.m, kernel.k})};
    for (auto [tensor, buffer] : llvm::zip(storage, set.storage))
      arguments.emplace_back(buffer->data(), tensor.shape);
    calls.push_back(std::make_unique<PreparedCall>(2, std::move(arguments)));
  }

  // The first call, checked against the dense reference before any timing.
  (*function)(calls[0]->packed.data());
  // int8 activations: the reference sees the same quantized activations;
  // the error against the exact product is reported as the a8 cost.
  double error = checkResult(
      kernel, sets[0],
      kernel.activationBlock ? fakeQuantized(x, kernel.activationBlock) : x,
      calls[0]->getResultData());
  std::optional<double> exactError;
  if (kernel.activationBlock)
    exactError = checkResult(kernel, sets[0], x, calls[0]->getResultData());
  std::free(calls[0]->getResultAllocated());
  if (!(error <= tolerance))
    return fail(llvm::formatv("{0}: max |y - ref| / max |ref| = {1:e} is "
                              "above --tolerance={2:e}",
                              getCaseName(kernel, count), error,
                              double(tolerance))
                    .str());

  // The same weights as the peer's: its reference of matrix 0 matches too.
  double peerError = -1;
  if (!peerReference.empty()) {
    llvm::Expected<compress::import::NpyArray> reference =
        compress::import::readNpyFile(peerReference);
    if (!reference)
      return fail(llvm::toString(reference.takeError()));
    if (reference->shape.size() != 3 || reference->shape[1] != kernel.m ||
        reference->shape[2] != kernel.n)
      return fail(peerReference + ": expected shape [COUNT, M, N]");
    (*function)(calls[0]->packed.data());
    const float *y = calls[0]->getResultData();
    double maxError = 0, maxReference = 0;
    for (int64_t i = 0; i < kernel.m * kernel.n; ++i) {
      maxReference =
          std::max(maxReference, std::abs(double(reference->values[i])));
      maxError =
          std::max(maxError, std::abs(double(y[i]) - reference->values[i]));
    }
    std::free(calls[0]->getResultAllocated());
    peerError = maxReference > 0 ? maxError / maxReference : maxError;
    // (f16: the peer rounds x to f16; a8: its reference is the exact one.)
    if (kernel.encoding != Encoding::DenseF16 && !kernel.activationBlock &&
        !(peerError <= tolerance))
      return fail(llvm::formatv("{0}: max |y - peer ref| / max |peer ref| = "
                                "{1:e} is above --tolerance={2:e}",
                                getCaseName(kernel, count), peerError,
                                double(tolerance))
                      .str());
  }

  unsigned perRound = callsPerRound ? callsPerRound : count;
  std::vector<void *> results(perRound);
  llvm::json::Array perMatrix;
  size_t next = 0;
  for (unsigned round = 0; round < rounds; ++round) {
    Clock::time_point start = Clock::now();
    for (unsigned i = 0; i < perRound; ++i) {
      PreparedCall &call = *calls[next];
      next = (next + 1) % calls.size();
      (*function)(call.packed.data());
      results[i] = call.getResultAllocated();
    }
    perMatrix.push_back(secondsSince(start) / perRound * 1e6);
    for (void *result : results)
      std::free(result);
  }
  llvm::json::Object object;
  object["ours"] = getCaseName(kernel, count);
  object["us_per_matrix"] = std::move(perMatrix);
  object["weight_bytes"] = kernel.getWeightBytes();
  object["max_rel_error"] = error;
  if (exactError)
    object["exact_rel_error"] = *exactError;
  object["matrices"] = int64_t(count);
  object["calls"] = int64_t(perRound);
  object["hugepages"] = bool(!noHugePages);
  object["anon_huge_pages_mib"] = getAnonHugePagesMiB();
  object["threads"] = int64_t(threads);
  object["weights"] = peerData.empty() ? "seeded" : "peer";
  object["compile_s"] = compileSeconds;
  if (peerError >= 0)
    object["peer_ref_rel_error"] = peerError;
  if (preset) {
    object["encoding"] = kernel.attribute;
    object["weight_rel_error"] = preset->weightRelError;
    object["method"] = preset->method;
    object["encode_s"] = encodeSeconds;
  }
  printJson(std::move(object));
  return success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv,
                              "Times one compressed GEMV/GEMM case, or the "
                              "read_sum bandwidth probe\n");
  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  compress::registerAllDialects(registry);
  registerAllToLLVMIRTranslations(registry);
  MLIRContext context(registry);
  return succeeded(probe ? runProbe(context) : runCase(context)) ? 0 : 1;
}
