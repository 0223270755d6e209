//===- ApplyPolicy.cpp - Compress the weights of a model ------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Transforms/Passes.h"

#include "dialects/Compress/IR/CompressOps.h"
#include "lib/Encoding/Layout.h"
#include "lib/Import/Npy.h"
#include "lib/Policy/Policy.h"
#include "lib/Quantizers/RoundToNearest.h"
#include "passes/Transforms/LayerReport.h"
#include "passes/Transforms/WeightAnalysis.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/Threading.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/xxhash.h"

#include <cmath>
#include <mutex>

namespace mlir::compress {
#define GEN_PASS_DEF_COMPRESSAPPLYPOLICYPASS
#include "passes/Transforms/Passes.h.inc"
} // namespace mlir::compress

using namespace mlir;
using namespace mlir::compress;

namespace {

/// Emits a policy error ("path:line:column: message") at its position in the
/// policy file.
void emitPolicyError(MLIRContext *ctx, Location fallback,
                     const std::string &message) {
  llvm::SmallVector<StringRef> match;
  if (llvm::Regex("^(.*):([0-9]+):([0-9]+): (.*)$").match(message, &match)) {
    unsigned line = 0, column = 0;
    match[2].getAsInteger(10, line);
    match[3].getAsInteger(10, column);
    emitError(FileLineColLoc::get(ctx, match[1], line, column)) << match[4];
    return;
  }
  emitError(fallback) << message;
}

/// The dense values of a weight constant as f32: a view of the data when it
/// is stored as f32, a converted copy otherwise.
struct DenseWeights {
  ArrayRef<float> values;
  std::vector<float> converted;
};

/// The stored bytes of a weight constant (one element for a splat), or
/// nullopt when a dense_resource blob is missing or has the wrong size.
std::optional<ArrayRef<char>> getWeightBytes(arith::ConstantOp constant) {
  auto type = cast<RankedTensorType>(constant.getType());
  int64_t width = type.getElementTypeBitWidth() / 8;
  if (auto dense = dyn_cast<DenseElementsAttr>(constant.getValue()))
    return dense.getRawData();
  auto resource = cast<DenseResourceElementsAttr>(constant.getValue());
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  if (!blob || static_cast<int64_t>(blob->getData().size()) !=
                   type.getNumElements() * width)
    return std::nullopt;
  return blob->getData();
}

bool hasWeightData(arith::ConstantOp constant) {
  return getWeightBytes(constant).has_value();
}

/// The dense values of a weight constant (which hasWeightData) as f32: a
/// view of the data when it is stored as f32, a converted copy otherwise.
DenseWeights readWeights(arith::ConstantOp constant) {
  auto type = cast<RankedTensorType>(constant.getType());
  int64_t count = type.getNumElements();
  ArrayRef<char> raw = *getWeightBytes(constant);
  bool splat = static_cast<int64_t>(raw.size()) * 8 <
               count * type.getElementTypeBitWidth();
  DenseWeights result;
  Type element = type.getElementType();
  if (isa<Float32Type>(element) && !splat) {
    result.values = ArrayRef<float>(
        reinterpret_cast<const float *>(raw.data()), count);
    return result;
  }
  unsigned width = element.getIntOrFloatBitWidth() / 8;
  const llvm::fltSemantics &semantics =
      cast<FloatType>(element).getFloatSemantics();
  result.converted.resize(count);
  for (int64_t i = 0; i < count; ++i) {
    const char *p = raw.data() + (splat ? 0 : i * width);
    uint64_t bits = 0;
    std::memcpy(&bits, p, width);
    APFloat value(semantics, APInt(width * 8, bits));
    result.converted[i] = value.convertToFloat();
  }
  result.values = result.converted;
  return result;
}

std::string formatNumber(double value, const char *format = "%.3g") {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format(format, value);
  return text;
}

/// True if `init` is known to be all zeros (linalg.fill of 0, a zero splat).
bool isZeroInit(Value init) {
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    return matchPattern(fill.value(), m_AnyZeroFloat());
  return matchPattern(init, m_AnyZeroFloat());
}

/// Replaces a named contraction (matmul, batch_matmul, matvec, vecmat) with
/// compress.matmul, adding the init when it is not zero.
void rewriteMatmul(linalg::LinalgOp op, const WeightUse &use, Value weight) {
  OpBuilder builder(op);
  Location loc = op.getLoc();
  unsigned weightIndex = use.operand->getOperandNumber();
  Value lhs = op.getDpsInputOperand(weightIndex == 0 ? 1 : 0)->get();
  Value init = op.getDpsInitOperand(0)->get();
  Type resultType = op->getResult(0).getType();
  Value product = MatmulOp::create(builder, loc, resultType, lhs, weight,
                                   use.transposeRhs, builder.getF32Type());
  if (!isZeroInit(init))
    product = linalg::AddOp::create(builder, loc, ValueRange{product, init},
                                    ValueRange{init})
                  ->getResult(0);
  op->getResult(0).replaceAllUsesWith(product);
  op->erase();
}

/// Replaces tensor.gather of rows with compress.gather: the indices lose
/// their trailing unit dimension, and the result regains the gathered unit
/// dimension when the gather kept it.
void rewriteGather(tensor::GatherOp gather, Value table) {
  OpBuilder builder(gather);
  Location loc = gather.getLoc();
  auto indicesType = gather.getIndices().getType();
  SmallVector<ReassociationIndices> collapse;
  int64_t rank = indicesType.getRank();
  for (int64_t d = 0; d + 2 < rank; ++d)
    collapse.push_back({d});
  if (rank >= 2)
    collapse.push_back({rank - 2, rank - 1});
  Value indices = tensor::CollapseShapeOp::create(
      builder, loc, gather.getIndices(), collapse);
  auto tableType = cast<CompressedTensorType>(table.getType());
  SmallVector<int64_t> shape(indicesType.getShape().drop_back());
  shape.push_back(tableType.getShape()[1]);
  auto rowsType = RankedTensorType::get(shape, tableType.getElementType());
  Value rows = GatherOp::create(builder, loc, rowsType, table, indices);
  RankedTensorType resultType = gather.getResult().getType();
  if (resultType != rowsType) {
    // [..., D] -> [..., 1, D]: the row dimension expands into the kept unit
    // dimension and itself.
    int64_t outRank = shape.size();
    SmallVector<ReassociationIndices> expand;
    for (int64_t d = 0; d + 1 < outRank; ++d)
      expand.push_back({d});
    expand.push_back({outRank - 1, outRank});
    rows =
        tensor::ExpandShapeOp::create(builder, loc, resultType, rows, expand);
  }
  gather.getResult().replaceAllUsesWith(rows);
  gather.erase();
}

/// One weight to compress, from its checks to its rewrite.
struct WeightJob {
  Weight *weight = nullptr;
  CompressedTensorType type;
  CalibrationInputs inputs;
  LayerRecord record;
  encoding::StorageBytes storage;
  std::string error;
};

struct ApplyPolicyPass
    : public compress::impl::CompressApplyPolicyPassBase<ApplyPolicyPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  /// Calibration inputs for `weight` (a file, a file from a directory, or
  /// seeded normal values).
  FailureOr<CalibrationInputs> getCalibration(const policy::WeightInfo &weight,
                                              Location loc);
  /// Checks a weight to compress and gathers what measuring it needs.
  FailureOr<WeightJob> prepare(Weight &weight, const policy::Rule &rule,
                               Attribute encoding);
  /// Quantizes the weight and measures its errors. Thread-safe: it reads the
  /// IR and writes only `job` (failures go to job.error).
  void measure(WeightJob &job);
  /// Replaces the weight and its consumers; returns the report line.
  LayerRecord rewrite(WeightJob &job);
};

FailureOr<CalibrationInputs>
ApplyPolicyPass::getCalibration(const policy::WeightInfo &weight,
                                Location loc) {
  int64_t columns = getInputColumns(weight);
  if (calibrationPath.empty())
    return makeSeededNormalInputs(
        calibrationRows, columns,
        static_cast<uint64_t>(llvm::xxh3_64bits(weight.name)));
  std::string path = calibrationPath;
  if (llvm::sys::fs::is_directory(path)) {
    llvm::SmallString<256> file(path);
    llvm::sys::path::append(file, weight.name + ".npy");
    if (!llvm::sys::fs::exists(file)) {
      CalibrationInputs inputs = makeSeededNormalInputs(
          calibrationRows, columns,
          static_cast<uint64_t>(llvm::xxh3_64bits(weight.name)));
      inputs.description += " (no " + file.str().str() + ")";
      return inputs;
    }
    path = file.str().str();
  }
  llvm::Expected<import::NpyArray> array = import::readNpyFile(path);
  if (!array) {
    emitError(loc) << llvm::toString(array.takeError());
    return failure();
  }
  int64_t last = array->shape.empty() ? 1 : array->shape.back();
  if (last != columns) {
    emitError(loc) << "calibration inputs '" << path << "' have rows of "
                   << last << " values, but weight '" << weight.name
                   << "' takes " << columns << " inputs per output";
    return failure();
  }
  for (auto [i, value] : llvm::enumerate(array->values))
    if (!std::isfinite(value)) {
      emitError(loc) << "calibration inputs '" << path << "' hold a "
                     << "non-finite value at element " << i;
      return failure();
    }
  CalibrationInputs inputs;
  inputs.rows = last ? array->values.size() / last : 0;
  inputs.columns = columns;
  inputs.values = std::move(array->values);
  inputs.description = path;
  return inputs;
}

FailureOr<WeightJob> ApplyPolicyPass::prepare(Weight &weight,
                                              const policy::Rule &rule,
                                              Attribute encoding) {
  MLIRContext *ctx = &getContext();
  arith::ConstantOp constant = weight.constant;
  Location loc = constant.getLoc();
  auto denseType = cast<RankedTensorType>(constant.getType());
  WeightJob job;
  job.weight = &weight;
  job.type = CompressedTensorType::get(ctx, denseType.getShape(),
                                       denseType.getElementType(),
                                       cast<EncodingAttrInterface>(encoding));
  if (!quant::isSupportedByRoundToNearest(job.type)) {
    emitError(loc) << "no quantizer for weight '" << weight.info.name
                   << "' with encoding " << encoding
                   << ": round to nearest handles #compress.uniform with a "
                      "plain scale and an integer zero point";
    return failure();
  }
  if (!hasWeightData(constant)) {
    emitError(loc) << "weight '" << weight.info.name << "' has no data: its "
                   << "dense_resource blob is missing or does not hold "
                   << denseType.getNumElements() *
                          denseType.getElementTypeBitWidth() / 8
                   << " bytes";
    return failure();
  }

  LayerRecord &record = job.record;
  record.weight = weight.info;
  record.rule = rule.encoding.text;
  encoding::Layout layout = encoding::getLayout(job.type);
  record.bytesDense =
      denseType.getNumElements() * denseType.getElementTypeBitWidth() / 8;
  record.bytesCompressed = layout.byteSize;
  record.bitsPerWeight = layout.getBitsPerWeight();
  llvm::raw_string_ostream(record.encoding) << encoding;
  if (weight.info.op == policy::ConsumerKind::Gather) {
    // A lookup outputs the rows themselves.
    record.calibration = "none: the outputs of a lookup are its rows";
  } else {
    FailureOr<CalibrationInputs> inputs = getCalibration(weight.info, loc);
    if (failed(inputs))
      return failure();
    record.calibration = inputs->description;
    job.inputs = std::move(*inputs);
  }
  return job;
}

void ApplyPolicyPass::measure(WeightJob &job) {
  MLIRContext *ctx = &getContext();
  llvm::ThreadPoolInterface *pool =
      ctx->isMultithreadingEnabled() ? &ctx->getThreadPool() : nullptr;
  // Read (and for f16/bf16 convert) the dense values only now, so that only
  // the weights being measured hold a converted copy.
  DenseWeights dense = readWeights(job.weight->constant);
  llvm::Expected<quant::QuantizedTensor> quantized =
      quant::quantizeRoundToNearest(job.type, dense.values, pool);
  if (!quantized) {
    job.error = "cannot quantize weight '" + job.weight->info.name +
                "': " + llvm::toString(quantized.takeError());
    return;
  }
  LayerRecord &record = job.record;
  record.weightRelError =
      quantized->squaredNorm > 0
          ? std::sqrt(quantized->squaredError / quantized->squaredNorm)
          : 0.0;
  if (job.weight->info.op == policy::ConsumerKind::Gather) {
    record.outputRelError = record.weightRelError;
  } else {
    llvm::Expected<double> outputError =
        computeOutputRelError(job.type, quantized->storage, dense.values,
                              job.weight->info, job.inputs, ctx);
    if (!outputError) {
      job.error = llvm::toString(outputError.takeError());
      return;
    }
    record.outputRelError = *outputError;
  }
  job.storage = std::move(quantized->storage);
  job.inputs = {};
}

LayerRecord ApplyPolicyPass::rewrite(WeightJob &job) {
  MLIRContext *ctx = &getContext();
  Weight &weight = *job.weight;
  arith::ConstantOp constant = weight.constant;
  Location loc = constant.getLoc();
  auto denseType = cast<RankedTensorType>(constant.getType());
  CompressedTensorType type = job.type;
  encoding::Layout layout = encoding::getLayout(type);
  LayerRecord record = std::move(job.record);

  // The compressed constant, with one blob per storage tensor.
  SmallVector<NamedAttribute> storage;
  for (const encoding::StorageSpec &spec : layout.storage) {
    ElementsAttr attr =
        encoding::makeStorageAttr(spec, job.storage[spec.role],
                                  weight.info.name + "." + spec.role);
    storage.emplace_back(StringAttr::get(ctx, spec.role), attr);
  }
  OpBuilder builder(constant);
  Value compressed =
      ConstantOp::create(builder, loc, type, DictionaryAttr::get(ctx, storage));
  Value decoded;
  bool fused = false, decodedAny = false;
  // The uses as they are now: rewriting an earlier weight may have replaced
  // a consumer this one shared.
  SmallVector<WeightUse> uses;
  for (OpOperand &use : constant->getUses())
    uses.push_back(classifyWeightUse(use));
  for (WeightUse &use : uses) {
    Operation *user = use.operand->getOwner();
    if (use.rewrite == UseRewrite::Matmul) {
      rewriteMatmul(cast<linalg::LinalgOp>(user), use, compressed);
      fused = true;
    } else if (use.rewrite == UseRewrite::Gather) {
      rewriteGather(cast<tensor::GatherOp>(user), compressed);
      fused = true;
    } else {
      if (!decoded) {
        builder.setInsertionPointAfterValue(compressed);
        decoded = DecodeOp::create(builder, loc, denseType, compressed);
      }
      use.operand->set(decoded);
      decodedAny = true;
    }
  }
  record.consumer = decodedAny ? (fused ? "mixed" : "compress.decode")
                    : weight.info.op == policy::ConsumerKind::Gather
                        ? "compress.gather"
                        : "compress.matmul";
  if (constant->use_empty())
    constant->erase();
  return record;
}

void ApplyPolicyPass::runOnOperation() {
  MLIRContext *ctx = &getContext();
  ModuleOp module = getOperation();
  if (policyPath.empty()) {
    module.emitError("compress-apply-policy needs policy=FILE");
    return signalPassFailure();
  }
  llvm::Expected<policy::Policy> policy =
      policy::parsePolicyFile(policyPath, ctx);
  if (!policy) {
    emitPolicyError(ctx, module.getLoc(), llvm::toString(policy.takeError()));
    return signalPassFailure();
  }

  SmallVector<Weight> weights = findWeights(module);
  std::vector<bool> ruleUsed(policy->rules.size(), false);
  std::vector<LayerRecord> records(weights.size());
  std::vector<std::optional<WeightJob>> jobs(weights.size());

  // 1. Decide each weight's encoding and check it (in order, so that the
  //    first error is the first weight's).
  for (auto [index, weight] : llvm::enumerate(weights)) {
    const policy::Rule *rule = policy->lookup(weight.info);
    Attribute encoding;
    if (rule) {
      ruleUsed[rule - policy->rules.begin()] = true;
      llvm::Expected<Attribute> resolved =
          policy::resolveEncoding(rule->encoding, weight.info, ctx);
      if (!resolved) {
        InFlightDiagnostic diag = emitError(weight.constant.getLoc())
                                  << llvm::toString(resolved.takeError());
        diag.attachNote(FileLineColLoc::get(ctx, policyPath,
                                            rule->encodingPosition.line,
                                            rule->encodingPosition.column))
            << "the encoding comes from this rule";
        return signalPassFailure();
      }
      encoding = *resolved;
    }
    if (encoding) {
      FailureOr<WeightJob> job = prepare(weight, *rule, encoding);
      if (failed(job))
        return signalPassFailure();
      jobs[index] = std::move(*job);
      continue;
    }
    // No rule, or `none`: the weight stays as it is.
    auto type = cast<RankedTensorType>(weight.constant.getType());
    LayerRecord &record = records[index];
    record.weight = weight.info;
    record.encoding = "none";
    record.rule = rule ? rule->encoding.text : "";
    record.bytesDense = record.bytesCompressed =
        type.getNumElements() * type.getElementTypeBitWidth() / 8;
    record.bitsPerWeight = type.getElementTypeBitWidth();
  }

  // 2. Quantize and measure the weights in parallel (each also splits its
  //    groups over the thread pool).
  SmallVector<WeightJob *> work;
  for (std::optional<WeightJob> &job : jobs)
    if (job)
      work.push_back(&*job);
  bool showProgress = weights.size() >= 16;
  llvm::TimeRecord start = llvm::TimeRecord::getCurrentTime();
  std::mutex progressMutex;
  size_t done = 0;
  mlir::parallelForEach(ctx, work, [&](WeightJob *job) {
    measure(*job);
    if (!showProgress)
      return;
    std::lock_guard<std::mutex> lock(progressMutex);
    double seconds = llvm::TimeRecord::getCurrentTime().getWallTime() -
                     start.getWallTime();
    llvm::errs() << llvm::format("compress-apply-policy: [%zu/%zu] %.1f s ",
                                 ++done, work.size(), seconds)
                 << job->weight->info.name << " " << job->record.encoding
                 << "\n";
  });

  // 3. Rewrite the IR and report, in program order.
  for (auto [index, weight] : llvm::enumerate(weights)) {
    // The constant is erased by the rewrite: keep its location.
    Location loc = weight.constant.getLoc();
    if (std::optional<WeightJob> &job = jobs[index]) {
      if (!job->error.empty()) {
        emitError(loc) << job->error;
        return signalPassFailure();
      }
      records[index] = rewrite(*job);
    }
    const LayerRecord &record = records[index];
    if (summary)
      emitRemark(loc)
          << "'" << record.weight.name << "' ("
          << policy::stringifyConsumerKind(record.weight.op)
          << "): " << record.encoding << ", "
          << formatNumber(record.bitsPerWeight, "%.4g")
          << " bits per weight, " << record.bytesCompressed << " bytes (dense "
          << record.bytesDense << "), weight error "
          << formatNumber(record.weightRelError) << ", output error "
          << formatNumber(record.outputRelError);
  }
  for (auto [used, rule] : llvm::zip_equal(ruleUsed, policy->rules))
    if (!used)
      emitWarning(FileLineColLoc::get(ctx, policyPath, rule.position.line,
                                      rule.position.column))
          << "rule matches no weight";
  if (!reportPath.empty())
    if (llvm::Error err = writeReport(reportPath, records)) {
      module.emitError(llvm::toString(std::move(err)));
      return signalPassFailure();
    }
}

} // namespace
