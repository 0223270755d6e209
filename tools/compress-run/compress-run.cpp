//===- compress-run.cpp - Lower, JIT-compile and run a function -----------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Like iree-run-module, for Compress IR at any level:
//
//   compress-run model.mlir --function=mlp --input=@x.npy --input=4xf32=0.5
//
// parses the module (text or bytecode), lowers it with compress-to-llvm
// unless it is LLVM dialect already, JIT-compiles it and calls the function's
// C interface (docs/runtime.md); or writes an object file with that interface
// (--emit=object). The user guide is docs/runtime.md.
//
//===----------------------------------------------------------------------===//

#include "include/compress/InitAll.h"
#include "lib/Runtime/CInterface.h"
#include "lib/Runtime/Jit.h"
#include "lib/Runtime/NpyTensor.h"
#include "lib/Runtime/ObjectFile.h"
#include "lib/Runtime/SharedLibraries.h"
#include "lib/Runtime/Signature.h"
#include "lib/Runtime/TensorInput.h"
#include "lib/Runtime/TensorPrinter.h"
#include "passes/Pipelines/Pipelines.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/LLVMTranslationInterface.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>

using namespace mlir;
using namespace mlir::compress::runtime;
namespace cl = llvm::cl;

static cl::OptionCategory runCategory("compress-run options");
static cl::OptionCategory
    pipelineCategory("compress-to-llvm options (default: the pipeline's)");
static cl::OptionCategory jitCategory("JIT options");

static cl::opt<std::string>
    modelFilename(cl::Positional, cl::desc("<model.mlir | model.mlirbc>"),
                  cl::init("-"), cl::cat(runCategory));

static cl::opt<std::string> functionName(
    "function",
    cl::desc("The function to call (default: the module's only public "
             "function)"),
    cl::value_desc("name"), cl::cat(runCategory));

static cl::list<std::string> inputSpecs(
    "input",
    cl::desc("One argument, in order: @FILE.npy, SHAPExTYPE=VALUE (every "
             "element VALUE, e.g. 4x64xf32=0.5) or SHAPExTYPE=[V0,V1,...] "
             "(row-major)"),
    cl::value_desc("spec"), cl::cat(runCategory));

static cl::list<std::string> outputSpecs(
    "output",
    cl::desc("Write the results, in order, to .npy files instead of "
             "printing them (one per result)"),
    cl::value_desc("@FILE.npy"), cl::cat(runCategory));

static cl::opt<unsigned> benchmarkCalls(
    "benchmark",
    cl::desc("Call the function N times after one warm-up call and print the "
             "compile time and the min, median and max time per call"),
    cl::value_desc("N"), cl::init(0), cl::cat(runCategory));

static cl::opt<bool> noLower(
    "no-lower",
    cl::desc("Do not run compress-to-llvm: the module is LLVM dialect already "
             "(such modules are never lowered)"),
    cl::cat(runCategory));

namespace {
enum class Emit { Run, Object, Mlir };
} // namespace

static cl::opt<Emit> emit(
    "emit", cl::desc("What to do with the lowered module"),
    cl::values(clEnumValN(Emit::Run, "run",
                          "JIT-compile it and call the function (default)"),
               clEnumValN(Emit::Object, "object",
                          "write a position-independent object file (-o) "
                          "with the C interface of every public function"),
               clEnumValN(Emit::Mlir, "mlir",
                          "print the lowered (LLVM dialect) module to -o")),
    cl::init(Emit::Run), cl::cat(runCategory));

namespace {
enum class Device { Cpu, Cuda, CudaEmulated };
} // namespace

static cl::opt<Device> device(
    "device", cl::desc("Where the function runs"),
    cl::values(clEnumValN(Device::Cpu, "cpu",
                          "the host CPU: compress-to-llvm (default)"),
               clEnumValN(Device::Cuda, "cuda",
                          "an NVIDIA GPU: compress-to-nvvm, the kernels run "
                          "through libcompress_cuda_runtime.so (needs the "
                          "CUDA driver to run; --emit=mlir works without)"),
               clEnumValN(Device::CudaEmulated, "cuda-emulated",
                          "the kernels of --device=cuda run on the host "
                          "CPU, a warp's lanes in lockstep "
                          "(compress-to-gpu-emulator): slow, for checking "
                          "them without a GPU")),
    cl::init(Device::Cpu), cl::cat(runCategory));

static cl::opt<std::string>
    chip("chip",
         cl::desc("--device=cuda: the GPU architecture (sm_80 or sm_90; "
                  "default: device 0's, or sm_90 without a GPU)"),
         cl::value_desc("sm_XY"), cl::cat(runCategory));

static cl::opt<std::string> cudaRuntime(
    "cuda-runtime",
    cl::desc("--device=cuda: the runtime library (default: "
             "libcompress_cuda_runtime.so in the lib directory beside this "
             "tool's bin directory)"),
    cl::value_desc("file"), cl::cat(jitCategory));

static cl::opt<std::string>
    outputFilename("o",
                   cl::desc("The output file of --emit=object and --emit=mlir"),
                   cl::value_desc("file"), cl::init("-"), cl::cat(runCategory));

static cl::list<std::string> resultTypeNames(
    "result-types", cl::CommaSeparated,
    cl::desc("The element types of the results of a function that is LLVM "
             "dialect already (its descriptors do not record them)"),
    cl::value_desc("type,..."), cl::cat(runCategory));

static cl::opt<int64_t>
    threads("num-threads",
            cl::desc("OpenMP threads of each parallel loop (0: libomp's "
                     "default, OMP_NUM_THREADS or every core)"),
            cl::value_desc("N"), cl::cat(pipelineCategory));
static cl::opt<std::string> cpu("cpu",
                                cl::desc("Target CPU of every function "
                                         "(e.g. znver4; default: the host's)"),
                                cl::value_desc("name"),
                                cl::cat(pipelineCategory));
static cl::opt<std::string>
    features("features",
             cl::desc("Target features of every function (e.g. "
                      "+avx512f,+avx512vnni; default: the host's)"),
             cl::value_desc("list"), cl::cat(pipelineCategory));
static cl::opt<bool>
    kernels("kernels",
            cl::desc("Streaming CPU kernels for the matmuls they cover "
                     "(default: true; false: every op through linalg)"),
            cl::cat(pipelineCategory));
static cl::opt<bool>
    vectorize("vectorize",
              cl::desc("Tile and vectorize linalg ops (default: true; false: "
                       "scalar loops)"),
              cl::cat(pipelineCategory));
static cl::list<int64_t>
    threadTile("thread-tile", cl::CommaSeparated,
               cl::desc("Tile sizes of the outer parallel dimensions that "
                        "threads share"),
               cl::value_desc("N,..."), cl::cat(pipelineCategory));
static cl::opt<int64_t> vectorTile(
    "vector-tile",
    cl::desc("Vector tile of the innermost parallel dimension (default: 16)"),
    cl::value_desc("N"), cl::cat(pipelineCategory));
static cl::opt<int64_t> reductionTile(
    "reduction-tile",
    cl::desc("Vector tile of the innermost reduction dimension (default: 64)"),
    cl::value_desc("N"), cl::cat(pipelineCategory));

static cl::opt<std::string> sharedLibDir(
    "shared-lib-dir",
    cl::desc("Where libomp.so and libmlir_c_runner_utils.so are, loaded when "
             "the module needs them (default: the directory of libMLIR)"),
    cl::value_desc("dir"), cl::cat(jitCategory));
static cl::list<std::string>
    sharedLibs("shared-libs", cl::CommaSeparated,
               cl::desc("More shared libraries to load into the JIT"),
               cl::value_desc("file,..."), cl::cat(jitCategory));

static const char *const kOverview =
    R"(compress-run: lower, JIT-compile and run a function of an MLIR module

The module may be compress IR, func + linalg on tensors or LLVM dialect, as
text or bytecode ('-': stdin). It is lowered with the compress-to-llvm
pipeline unless it is LLVM dialect already, compiled at -O3 for the host, and
the function is called with the --input tensors (ranked, static shapes).
With --device=cuda it is lowered with compress-to-nvvm instead: the same
inputs and outputs, in host memory; the kernels run on GPU 0 through
libcompress_cuda_runtime.so, which loads the CUDA driver when it starts.
--device=cuda-emulated runs the same kernels on the host, one thread at a
time, to check them without a GPU.

Element types: f16, bf16, f32, f64, i8, i16, i32, i64. In .npy files they are
the dtypes '<f2', '<f4', '<f8', '|i1', '<i2', '<i4', '<i8'. NumPy has no
bfloat16: bf16 is read from '<u2' (uint16 bit patterns, a.view(np.uint16)) or
'<V2' (what np.save writes for ml_dtypes.bfloat16) and written as '<u2'.

Results are printed ("result #0: 4x8xf32" and the values, the middle of large
tensors elided as NumPy does) unless --output names a file for each. Errors
exit with status 1. See docs/runtime.md.
)";

static void printError(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "compress-run") << message << "\n";
}

static LogicalResult fail(const llvm::Twine &message) {
  printError(message);
  return failure();
}

static LogicalResult fail(llvm::Error error) {
  return fail(llvm::toString(std::move(error)));
}

/// "1 input", "2 inputs".
static std::string count(size_t n, llvm::StringRef noun) {
  return std::to_string(n) + " " + noun.str() + (n == 1 ? "" : "s");
}

using Clock = std::chrono::steady_clock;

static double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// "1.234 s", "12.345 ms" or "12.3 us".
static std::string formatDuration(double seconds) {
  if (seconds >= 1)
    return llvm::formatv("{0:F3} s", seconds).str();
  if (seconds >= 1e-3)
    return llvm::formatv("{0:F3} ms", seconds * 1e3).str();
  return llvm::formatv("{0:F1} us", seconds * 1e6).str();
}

/// Whether every op of `module` is LLVM dialect (or OpenMP, which translates
/// to LLVM IR with it).
static bool isLLVMDialect(ModuleOp module) {
  WalkResult result = module.walk([&](Operation *op) {
    if (op == module.getOperation())
      return WalkResult::advance();
    llvm::StringRef dialect = op->getName().getDialectNamespace();
    return dialect == "llvm" || dialect == "omp" ? WalkResult::advance()
                                                 : WalkResult::interrupt();
  });
  return !result.wasInterrupted();
}

/// The first op of `module` that cannot be translated to LLVM IR as it is,
/// or null.
static Operation *findUntranslatableOp(ModuleOp module) {
  Operation *found = nullptr;
  module.walk<WalkOrder::PreOrder>([&](Operation *op) {
    Dialect *dialect = op->getDialect();
    if (op == module.getOperation() ||
        (dialect &&
         dialect->getRegisteredInterface<LLVMTranslationDialectInterface>()))
      return WalkResult::advance();
    found = op;
    return WalkResult::interrupt();
  });
  return found;
}

/// The CUDA runtime library: --cuda-runtime, or ../lib beside this tool.
static std::string getCudaRuntimePath() {
  if (!cudaRuntime.empty())
    return cudaRuntime;
  std::string tool = llvm::sys::fs::getMainExecutable(
      nullptr, reinterpret_cast<void *>(&getCudaRuntimePath));
  llvm::SmallString<256> path(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(tool)));
  llvm::sys::path::append(path, "lib", "libcompress_cuda_runtime.so");
  return std::string(path);
}

/// Device 0 as the runtime describes it ("NVIDIA H100 ..., sm_90, 132
/// SMs"), or why no GPU can run the function.
static FailureOr<std::string> probeCudaDevice() {
  std::string path = getCudaRuntimePath();
  if (!llvm::sys::fs::exists(path))
    return fail("--device=cuda: the runtime library " + path +
                " does not exist (build it, or name it with --cuda-runtime)");
  std::string error;
  llvm::sys::DynamicLibrary library =
      llvm::sys::DynamicLibrary::getPermanentLibrary(path.c_str(), &error);
  if (!library.isValid())
    return fail("--device=cuda: cannot load " + path + ": " + error);
  using Probe = int (*)(char *, size_t);
  auto probe =
      reinterpret_cast<Probe>(library.getAddressOfSymbol("compressCudaProbe"));
  if (!probe)
    return fail("--device=cuda: " + path + " has no compressCudaProbe");
  char message[512] = {0};
  if (probe(message, sizeof(message)) <= 0)
    return fail("--device=cuda: " + llvm::Twine(message));
  return std::string(message);
}

/// The architecture to compile for: --chip, else device 0's (its
/// description holds ", sm_XY"), else sm_90.
static std::string chooseChip(llvm::StringRef description) {
  if (!chip.empty())
    return chip;
  size_t at = description.find(", sm_");
  if (at == llvm::StringRef::npos)
    return "sm_90";
  llvm::StringRef found = description.substr(at + 2).take_while(
      [](char c) { return c != ','; });
  // Kernels for sm_80 run on every later architecture; sm_90 has its own.
  return found == "sm_90" || found == "sm_90a" ? "sm_90" : "sm_80";
}

static LogicalResult lowerForCuda(ModuleOp module, llvm::StringRef chipName) {
  compress::CompressToNVVMOptions options;
  options.chip = chipName.str();
  PassManager passes(module->getContext());
  compress::buildCompressToNVVMPipeline(passes, options);
  if (failed(passes.run(module)))
    return fail("cannot lower the module with compress-to-nvvm");
  return success();
}

static LogicalResult lowerForCudaEmulation(ModuleOp module) {
  compress::CompressToGpuEmulatorOptions options;
  PassManager passes(module->getContext());
  compress::buildCompressToGpuEmulatorPipeline(passes, options);
  if (failed(passes.run(module)))
    return fail("cannot lower the module with compress-to-gpu-emulator");
  return success();
}

static LogicalResult lower(ModuleOp module) {
  compress::CompressToLLVMOptions options;
  if (threads.getNumOccurrences())
    options.threads = threads;
  if (cpu.getNumOccurrences())
    options.cpu = cpu;
  if (features.getNumOccurrences())
    options.features = features;
  if (kernels.getNumOccurrences())
    options.kernels = kernels;
  if (vectorize.getNumOccurrences())
    options.vectorize = vectorize;
  if (threadTile.getNumOccurrences())
    options.threadTile = llvm::ArrayRef<int64_t>(threadTile);
  if (vectorTile.getNumOccurrences())
    options.vectorTile = vectorTile;
  if (reductionTile.getNumOccurrences())
    options.reductionTile = reductionTile;
  PassManager passes(module->getContext());
  compress::buildCompressToLLVMPipeline(passes, options);
  if (failed(passes.run(module)))
    return fail("cannot lower the module with compress-to-llvm");
  return success();
}

/// The function to call: --function, or the module's only public function.
static FailureOr<std::string> chooseFunction(ModuleOp module) {
  if (!functionName.empty())
    return functionName.getValue();
  llvm::SmallVector<std::string> names = getFunctionNames(module);
  if (names.size() == 1)
    return names.front();
  if (names.empty())
    return fail("the module has no public function to call");
  return fail("the module has " + llvm::Twine(names.size()) +
              " public functions (" + llvm::join(names, ", ") +
              "): choose one with --function");
}

/// Reads the --input tensors and checks them against `signature`.
static FailureOr<std::vector<HostTensor>>
readInputs(llvm::StringRef name, const FunctionSignature &signature) {
  if (inputSpecs.size() != signature.arguments.size())
    return fail("'" + name + "' takes " +
                count(signature.arguments.size(), "input") + ", but " +
                llvm::Twine(inputSpecs.size()) + " --input " +
                (inputSpecs.size() == 1 ? "was" : "were") + " given");
  std::vector<HostTensor> tensors;
  for (auto [i, spec] : llvm::enumerate(inputSpecs)) {
    llvm::Expected<TensorInput> input = parseTensorInput(spec);
    if (!input)
      return fail(input.takeError());
    const TensorSpec &expected = signature.arguments[i];
    const HostTensor &tensor = input->tensor;
    bool matches = expected.shape.size() == tensor.getShape().size() &&
                   (!expected.elementType ||
                    *expected.elementType == tensor.getElementType());
    for (auto [want, got] : llvm::zip(expected.shape, tensor.getShape()))
      matches &= want == ShapedType::kDynamic || want == got;
    if (!matches) {
      std::string dtype;
      if (!input->npyDtype.empty())
        dtype = " (.npy dtype '" + input->npyDtype + "')";
      return fail("input #" + llvm::Twine(i) + " ('" + spec + "') is " +
                  tensor.getTypeString() + dtype + ", but argument #" +
                  llvm::Twine(i) + " of '" + name + "' is " +
                  expected.format());
    }
    tensors.push_back(std::move(input->tensor));
  }
  return tensors;
}

/// Checks the sizes the call returned against the function's result types.
static LogicalResult checkResults(llvm::StringRef name,
                                  const FunctionSignature &signature,
                                  llvm::ArrayRef<MemRefDescriptor> results) {
  for (auto [i, spec, result] : llvm::enumerate(signature.results, results)) {
    bool matches = true;
    for (auto [want, got] : llvm::zip(spec.shape, result.sizes))
      matches &= got >= 0 && (want == ShapedType::kDynamic || want == got);
    if (!matches) {
      std::string sizes;
      for (int64_t size : result.sizes)
        sizes += std::to_string(size) + "x";
      sizes.pop_back();
      return fail("result #" + llvm::Twine(i) + " of '" + name +
                  "' came back with sizes " + sizes + ", but its type is " +
                  spec.format());
    }
  }
  return success();
}

static LogicalResult writeModule(ModuleOp module) {
  std::string message;
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFilename, &message);
  if (!output)
    return fail(message);
  module.print(output->os());
  output->os() << "\n";
  output->keep();
  return success();
}

namespace {
/// What --benchmark reports.
struct Timings {
  double lowering = 0, compile = 0;
  std::vector<double> calls;
};
} // namespace

static void printTimings(Timings &timings) {
  std::vector<double> &calls = timings.calls;
  std::sort(calls.begin(), calls.end());
  size_t middle = calls.size() / 2;
  double median = calls.size() % 2 ? calls[middle]
                                   : (calls[middle - 1] + calls[middle]) / 2;
  llvm::outs() << "benchmark: " << calls.size() << " calls after 1 warm-up\n"
               << "compile time: "
               << formatDuration(timings.lowering + timings.compile)
               << " (lowering " << formatDuration(timings.lowering) << ", LLVM "
               << formatDuration(timings.compile) << ")\n"
               << "per call: min " << formatDuration(calls.front())
               << ", median " << formatDuration(median) << ", max "
               << formatDuration(calls.back()) << "\n";
}

/// JIT-compiles `module` and calls the function.
static LogicalResult runFunction(ModuleOp module, llvm::StringRef name,
                                 const FunctionSignature &signature,
                                 std::vector<HostTensor> &inputs,
                                 Timings &timings) {
  std::string libraryDir = sharedLibDir.getNumOccurrences()
                               ? sharedLibDir.getValue()
                               : getLLVMLibraryDir();
  llvm::Expected<llvm::SmallVector<std::string>> libraries =
      findRuntimeLibraries(module, libraryDir);
  if (!libraries)
    return fail(libraries.takeError());
  if (device == Device::Cuda)
    libraries->push_back(getCudaRuntimePath());
  for (const std::string &library : sharedLibs) {
    if (!llvm::sys::fs::exists(library))
      return fail("--shared-libs: " + library + " does not exist");
    libraries->push_back(library);
  }

  Clock::time_point start = Clock::now();
  llvm::Expected<std::unique_ptr<ExecutionEngine>> engine =
      createJit(module, *libraries);
  if (!engine)
    return fail("cannot JIT-compile the module: " +
                llvm::toString(engine.takeError()));
  llvm::Expected<void (*)(void **)> function =
      (*engine)->lookupPacked(("_mlir_ciface_" + name).str());
  if (!function)
    return fail("cannot JIT-compile '" + name +
                "': " + llvm::toString(function.takeError()));
  timings.compile = secondsSince(start);

  llvm::SmallVector<unsigned> resultRanks;
  for (const TensorSpec &spec : signature.results)
    resultRanks.push_back(spec.shape.size());
  CInterfaceCall call(*function, resultRanks);
  llvm::SmallVector<MemRefDescriptor> results = call.call(inputs);
  if (failed(checkResults(name, signature, results))) {
    freeResults(results, inputs);
    return failure();
  }
  for (unsigned i = 0; i < benchmarkCalls; ++i) {
    freeResults(results, inputs);
    start = Clock::now();
    results = call.call(inputs);
    timings.calls.push_back(secondsSince(start));
  }

  std::vector<HostTensor> tensors;
  for (auto [spec, result] : llvm::zip(signature.results, results)) {
    llvm::Expected<HostTensor> tensor = copyToHost(result, *spec.elementType);
    if (!tensor) {
      freeResults(results, inputs);
      return fail(tensor.takeError());
    }
    tensors.push_back(std::move(*tensor));
  }
  freeResults(results, inputs);

  for (auto [i, tensor] : llvm::enumerate(tensors)) {
    if (!outputSpecs.empty()) {
      if (llvm::Error error = writeNpyTensor(
              llvm::StringRef(outputSpecs[i]).drop_front(), tensor))
        return fail(std::move(error));
      continue;
    }
    llvm::outs() << "result #" << i << ": " << tensor.getTypeString() << "\n";
    printTensor(llvm::outs(), tensor);
    llvm::outs() << "\n";
  }
  if (benchmarkCalls)
    printTimings(timings);
  return success();
}

/// Checks the flags that do not need the module.
static LogicalResult checkFlags(llvm::SmallVectorImpl<ElementType> &types) {
  if (emit != Emit::Run) {
    if (!inputSpecs.empty() || !outputSpecs.empty() || benchmarkCalls ||
        !functionName.empty())
      return fail("--function, --input, --output and --benchmark are for "
                  "--emit=run");
    if (emit == Emit::Object && outputFilename == "-")
      return fail("--emit=object needs an output file: -o FILE");
  }
  if (threads < 0)
    return fail("--num-threads must be 0 or more");
  if (!chip.empty() && chip != "sm_80" && chip != "sm_90")
    return fail("--chip '" + chip + "': expected sm_80 or sm_90");
  if (device != Device::Cuda && (!chip.empty() || !cudaRuntime.empty()))
    return fail("--chip and --cuda-runtime are for --device=cuda");
  if (device != Device::Cpu &&
      (threads.getNumOccurrences() || cpu.getNumOccurrences() ||
       features.getNumOccurrences() || kernels.getNumOccurrences() ||
       vectorize.getNumOccurrences() || threadTile.getNumOccurrences() ||
       vectorTile.getNumOccurrences() || reductionTile.getNumOccurrences()))
    return fail(device == Device::Cuda
                    ? "the compress-to-llvm options are for --device=cpu; "
                      "--device=cuda compiles with compress-to-nvvm"
                    : "the compress-to-llvm options are for --device=cpu; "
                      "--device=cuda-emulated compiles with "
                      "compress-to-gpu-emulator");
  if (vectorTile.getNumOccurrences() && vectorTile < 1)
    return fail("--vector-tile must be 1 or more");
  if (reductionTile.getNumOccurrences() && reductionTile < 1)
    return fail("--reduction-tile must be 1 or more");
  if (llvm::any_of(threadTile, [](int64_t size) { return size < 0; }))
    return fail("--thread-tile sizes must be 0 or more");
  for (const std::string &spec : outputSpecs)
    if (!llvm::StringRef(spec).starts_with("@") || spec.size() == 1)
      return fail("--output '" + spec + "': expected @FILE.npy");
  for (const std::string &name : resultTypeNames) {
    std::optional<ElementType> type = parseElementType(name);
    if (!type)
      return fail("--result-types: unknown element type '" + name +
                  "'; expected " + getElementTypeList());
    types.push_back(*type);
  }
  return success();
}

static LogicalResult run(MLIRContext &context) {
  llvm::SmallVector<ElementType> resultTypes;
  if (failed(checkFlags(resultTypes)))
    return failure();

  std::string message;
  std::unique_ptr<llvm::MemoryBuffer> file =
      openInputFile(modelFilename, &message);
  if (!file)
    return fail(message);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module)
    return fail("cannot parse " + modelFilename);

  std::string name;
  FunctionSignature signature;
  std::vector<HostTensor> inputs;
  if (emit == Emit::Run) {
    FailureOr<std::string> chosen = chooseFunction(*module);
    if (failed(chosen))
      return failure();
    name = *chosen;
    if (!SymbolTable::lookupSymbolIn(*module, name)) {
      llvm::SmallVector<std::string> names = getFunctionNames(*module);
      return fail("no function '" + name + "' in " + modelFilename +
                  (names.empty()
                       ? ", which has no public function"
                       : "; its functions are: " + llvm::join(names, ", ")));
    }
    FailureOr<FunctionSignature> found =
        getFunctionSignature(*module, name, resultTypes);
    if (failed(found))
      return failure();
    signature = std::move(*found);
    if (!outputSpecs.empty() && outputSpecs.size() != signature.results.size())
      return fail("'" + name + "' returns " +
                  count(signature.results.size(), "result") + ", but " +
                  llvm::Twine(outputSpecs.size()) + " --output " +
                  (outputSpecs.size() == 1 ? "was" : "were") + " given");
    FailureOr<std::vector<HostTensor>> read = readInputs(name, signature);
    if (failed(read))
      return failure();
    inputs = std::move(*read);
  }

  Timings timings;
  if (noLower) {
    if (Operation *op = findUntranslatableOp(*module)) {
      emitError(op->getLoc())
          << "'" << op->getName()
          << "' has no LLVM IR translation; --no-lower runs the module as it "
             "is: lower it first (leave out --no-lower)";
      return failure();
    }
  } else if (!isLLVMDialect(*module)) {
    recordFunctionTypes(*module);
    Clock::time_point start = Clock::now();
    if (device == Device::Cuda) {
      // Only a run needs the GPU; the compile needs ptxas (format=fatbin).
      std::string description;
      if (emit == Emit::Run) {
        FailureOr<std::string> probed = probeCudaDevice();
        if (failed(probed))
          return failure();
        description = *probed;
      }
      if (failed(lowerForCuda(*module, chooseChip(description))))
        return failure();
    } else if (device == Device::CudaEmulated) {
      if (failed(lowerForCudaEmulation(*module)))
        return failure();
    } else if (failed(lower(*module))) {
      return failure();
    }
    timings.lowering = secondsSince(start);
  }

  switch (emit) {
  case Emit::Mlir:
    return writeModule(*module);
  case Emit::Object:
    if (llvm::Error error = writeObjectFile(*module, outputFilename))
      return fail(std::move(error));
    return success();
  case Emit::Run:
    return runFunction(*module, name, signature, inputs, timings);
  }
  llvm_unreachable("unknown --emit");
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions({&runCategory, &pipelineCategory, &jitCategory});
  cl::ParseCommandLineOptions(argc, argv, kOverview);

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  compress::registerAllDialects(registry);
  registerAllToLLVMIRTranslations(registry);
  MLIRContext context(registry);
  return succeeded(run(context)) ? 0 : 1;
}
