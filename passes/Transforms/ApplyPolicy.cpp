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
#include "lib/Quantizers/ActivationInt8.h"
#include "lib/Quantizers/Encoder.h"
#include "lib/Quantizers/RoundToNearest.h"
#include "passes/Transforms/LayerReport.h"
#include "passes/Transforms/RemarkText.h"
#include "passes/Transforms/WeightAnalysis.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/xxhash.h"

#include <cmath>

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
  if (llvm::Regex("^([^:]*):([0-9]+):([0-9]+): (.*)$").match(message, &match)) {
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

DenseWeights readWeights(arith::ConstantOp constant) {
  auto type = cast<RankedTensorType>(constant.getType());
  int64_t count = type.getNumElements();
  DenseWeights result;
  llvm::Expected<encoding::RawElements> raw =
      encoding::getRawElements(cast<ElementsAttr>(constant.getValue()));
  if (!raw) {
    // A missing or short blob leaves `values` empty: the caller reports it.
    llvm::consumeError(raw.takeError());
    return result;
  }
  Type element = type.getElementType();
  if (isa<Float32Type>(element) && !raw->isSplat) {
    result.values = ArrayRef<float>(
        reinterpret_cast<const float *>(raw->data.data()), count);
    return result;
  }
  unsigned width = element.getIntOrFloatBitWidth() / 8;
  const llvm::fltSemantics &semantics =
      cast<FloatType>(element).getFloatSemantics();
  result.converted.resize(count);
  for (int64_t i = 0; i < count; ++i) {
    const char *p = raw->data.data() + (raw->isSplat ? 0 : i * width);
    uint64_t bits = 0;
    std::memcpy(&bits, p, width);
    APFloat value(semantics, APInt(width * 8, bits));
    result.converted[i] = value.convertToFloat();
  }
  result.values = result.converted;
  return result;
}

std::string printed(Attribute attr) {
  std::string text;
  llvm::raw_string_ostream(text) << attr;
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
void rewriteMatmul(linalg::LinalgOp op, const WeightUse &use, Value weight,
                   int64_t activationBlock) {
  OpBuilder builder(op);
  Location loc = op.getLoc();
  unsigned weightIndex = use.operand->getOperandNumber();
  Value lhs = op.getDpsInputOperand(weightIndex == 0 ? 1 : 0)->get();
  Value init = op.getDpsInitOperand(0)->get();
  Type resultType = op->getResult(0).getType();
  Value product =
      MatmulOp::create(builder, loc, resultType, lhs, weight, use.transposeRhs,
                       activationBlock
                           ? builder.getI64IntegerAttr(activationBlock)
                           : IntegerAttr(),
                       builder.getF32Type());
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

struct ApplyPolicyPass
    : public compress::impl::CompressApplyPolicyPassBase<ApplyPolicyPass> {
  using Base::Base;

  void runOnOperation() override;

private:
  /// Calibration inputs for `weight` (a file, a file from a directory, or
  /// seeded normal values).
  FailureOr<CalibrationInputs> getCalibration(const policy::WeightInfo &weight,
                                              Location loc);
  /// Compresses one weight; returns its report line.
  FailureOr<LayerRecord>
  compressWeight(Weight &weight, const policy::Rule &rule, Attribute encoding);
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
  if (array->values.empty()) {
    emitError(loc) << "calibration inputs '" << path << "' hold no rows";
    return failure();
  }
  CalibrationInputs inputs;
  inputs.rows = array->values.size() / last;
  inputs.columns = columns;
  inputs.values = std::move(array->values);
  inputs.description = path;
  return inputs;
}

FailureOr<LayerRecord> ApplyPolicyPass::compressWeight(Weight &weight,
                                                       const policy::Rule &rule,
                                                       Attribute encoding) {
  MLIRContext *ctx = &getContext();
  arith::ConstantOp constant = weight.constant;
  Location loc = constant.getLoc();
  auto denseType = cast<RankedTensorType>(constant.getType());
  auto type = CompressedTensorType::get(ctx, denseType.getShape(),
                                        denseType.getElementType(),
                                        cast<EncodingAttrInterface>(encoding));
  DenseWeights dense = readWeights(constant);
  if (dense.values.empty()) {
    emitError(loc) << "weight '" << weight.info.name << "' has no data: its "
                   << "dense_resource blob is missing or does not hold "
                   << denseType.getNumElements() *
                          denseType.getElementTypeBitWidth() / 8
                   << " bytes";
    return failure();
  }
  llvm::ThreadPoolInterface *pool =
      ctx->isMultithreadingEnabled() ? &ctx->getThreadPool() : nullptr;
  quant::Methods methods = quant::Methods::fromNames(rule.methods);
  auto methodError = [&](const Twine &message) {
    InFlightDiagnostic diag = emitError(loc) << message;
    if (!rule.methods.empty())
      diag.attachNote(FileLineColLoc::get(ctx, policyPath,
                                          rule.methodPosition.line,
                                          rule.methodPosition.column))
          << "the method comes from this rule";
    else
      diag.attachNote(FileLineColLoc::get(ctx, policyPath,
                                          rule.encodingPosition.line,
                                          rule.encodingPosition.column))
          << "the encoding comes from this rule";
    return failure();
  };
  if (llvm::Error error = quant::checkMethodsApply(encoding, methods))
    return methodError("weight '" + weight.info.name +
                       "': " + llvm::toString(std::move(error)));

  // Calibration inputs: for the methods that use them and for the output
  // error (lookups have none: their outputs are their rows).
  std::optional<CalibrationInputs> inputs;
  if (weight.info.op != policy::ConsumerKind::Gather) {
    FailureOr<CalibrationInputs> read = getCalibration(weight.info, loc);
    if (failed(read))
      return failure();
    inputs = std::move(*read);
  }

  // Round to nearest streams over uniform weights; the encoder handles the
  // rest (and the methods) with the whole decoded weight.
  bool roundToNearest = quant::isSupportedByRoundToNearest(type) &&
                        !methods.needsCalibration();
  encoding::StorageBytes storageBytes;
  std::vector<float> decodedWeights;
  double squaredError = 0, squaredNorm = 0;
  std::string method = "rtn";
  if (roundToNearest) {
    llvm::Expected<quant::QuantizedTensor> quantized =
        quant::quantizeRoundToNearest(type, dense.values, pool);
    if (!quantized) {
      emitError(loc) << "cannot quantize weight '" << weight.info.name
                     << "': " << llvm::toString(quantized.takeError());
      return failure();
    }
    storageBytes = std::move(quantized->storage);
    squaredError = quantized->squaredError;
    squaredNorm = quantized->squaredNorm;
  } else {
    quant::CalibrationData calibration;
    if (inputs) {
      calibration.inputs = inputs->values;
      calibration.rows = inputs->rows;
      calibration.columns = inputs->columns;
    }
    quant::EncodeRequest request;
    request.type = type;
    request.weights = dense.values;
    request.reductionAxis = weight.info.reductionAxis;
    request.methods = methods;
    request.calibration = inputs ? &calibration : nullptr;
    request.pool = pool;
    llvm::Expected<quant::EncodedWeight> encoded = quant::encodeWeight(request);
    if (!encoded)
      return methodError("cannot compress weight '" + weight.info.name +
                         "' as " + printed(encoding) + ": " +
                         llvm::toString(encoded.takeError()));
    storageBytes = std::move(encoded->storage);
    decodedWeights = std::move(encoded->decoded);
    squaredError = encoded->squaredError;
    squaredNorm = encoded->squaredNorm;
    method = encoded->method;
  }
  auto dequantize = [&](int64_t begin, int64_t end,
                        MutableArrayRef<float> out) -> llvm::Error {
    if (roundToNearest)
      return quant::dequantizeRange(type, storageBytes, begin, end, out);
    std::copy(decodedWeights.begin() + begin, decodedWeights.begin() + end,
              out.begin());
    return llvm::Error::success();
  };

  LayerRecord record;
  record.weight = weight.info;
  record.rule = rule.encoding.text;
  record.method = method;
  record.parts = getParts(type);
  encoding::Layout layout = encoding::getLayout(type);
  record.bytesDense =
      denseType.getNumElements() * denseType.getElementTypeBitWidth() / 8;
  record.bytesCompressed = layout.byteSize;
  record.bitsPerWeight = layout.getBitsPerWeight();
  llvm::raw_string_ostream(record.encoding) << encoding;
  record.weightRelError =
      squaredNorm > 0 ? std::sqrt(squaredError / squaredNorm) : 0.0;
  // int8 activations apply to the weight's matmuls only.
  int64_t activationBlock =
      weight.info.op == policy::ConsumerKind::Matmul ? rule.activationBlock : 0;
  if (weight.info.op == policy::ConsumerKind::Gather) {
    // A lookup outputs the rows themselves.
    record.outputRelError = record.weightRelError;
    record.calibration = "none: the outputs of a lookup are its rows";
  } else {
    // int8 activations: the compressed layer sees them quantized.
    std::optional<CalibrationInputs> quantizedInputs;
    if (activationBlock) {
      int64_t k = weight.info.shape[weight.info.reductionAxis];
      if (k % activationBlock != 0) {
        InFlightDiagnostic diag =
            emitError(loc) << "activations: int8 blocks of "
                           << activationBlock
                           << " do not divide the reduction size " << k
                           << " of weight '" << weight.info.name << "'";
        diag.attachNote(FileLineColLoc::get(ctx, policyPath,
                                            rule.activationsPosition.line,
                                            rule.activationsPosition.column))
            << "the activations come from this rule";
        return failure();
      }
      quantizedInputs = *inputs;
      // Rows of K = columns values, K a multiple of the block.
      quant::fakeQuantizeInt8Blocks(quantizedInputs->values,
                                    activationBlock);
      record.activations =
          "int8 per block of " + std::to_string(activationBlock);
    }
    llvm::Expected<double> outputError = computeOutputRelError(
        dequantize, dense.values, weight.info, *inputs,
        quantizedInputs ? *quantizedInputs : *inputs, ctx);
    if (!outputError) {
      emitError(loc) << llvm::toString(outputError.takeError());
      return failure();
    }
    record.outputRelError = *outputError;
    record.calibration = inputs->description;
  }

  // The compressed constant, with one blob per storage tensor.
  SmallVector<NamedAttribute> storage;
  for (const encoding::StorageSpec &spec : layout.storage) {
    ElementsAttr attr =
        encoding::makeStorageAttr(spec, storageBytes[spec.role],
                                  weight.info.name + "." + spec.role);
    storage.emplace_back(StringAttr::get(ctx, spec.role), attr);
  }
  OpBuilder builder(constant);
  Value compressed =
      ConstantOp::create(builder, loc, type, DictionaryAttr::get(ctx, storage));
  Value decoded;
  bool fused = false, decodedAny = false;
  // The uses as they are now: rewriting an earlier weight may have replaced
  // a consumer this one shared (a matmul of two constants).
  // Decoded uses first: a fused rewrite erases its consumer, which may hold
  // another use of this weight (matmul(%w, %w), or %w as the init).
  SmallVector<WeightUse> uses, fusedUses;
  for (OpOperand &use : constant->getUses()) {
    WeightUse classified = classifyWeightUse(use);
    (classified.rewrite == UseRewrite::Decode ? uses : fusedUses)
        .push_back(classified);
  }
  llvm::append_range(uses, fusedUses);
  for (WeightUse &use : uses) {
    Operation *user = use.operand->getOwner();
    if (use.rewrite == UseRewrite::Matmul) {
      rewriteMatmul(cast<linalg::LinalgOp>(user), use, compressed,
                    activationBlock);
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
  if (calibrationRows < 1) {
    emitError(module.getLoc())
        << "calibration-rows = " << static_cast<int64_t>(calibrationRows)
        << " must be at least 1";
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
  std::vector<LayerRecord> records;
  bool showProgress = weights.size() >= 16;
  llvm::TimeRecord start = llvm::TimeRecord::getCurrentTime();
  for (auto [index, weight] : llvm::enumerate(weights)) {
    Location loc = weight.constant.getLoc();
    const policy::Rule *rule = policy->lookup(weight.info);
    Attribute encoding;
    if (rule) {
      ruleUsed[rule - policy->rules.begin()] = true;
      llvm::Expected<Attribute> resolved =
          policy::resolveEncoding(rule->encoding, weight.info, ctx);
      if (!resolved) {
        InFlightDiagnostic diag = emitError(loc)
                                  << llvm::toString(resolved.takeError());
        diag.attachNote(FileLineColLoc::get(ctx, policyPath,
                                            rule->encodingPosition.line,
                                            rule->encodingPosition.column))
            << "the encoding comes from this rule";
        return signalPassFailure();
      }
      encoding = *resolved;
    }
    LayerRecord record;
    if (!encoding) {
      // No rule, or `none`: the weight stays as it is.
      auto type = cast<RankedTensorType>(weight.constant.getType());
      record.weight = weight.info;
      record.encoding = "none";
      record.rule = rule ? rule->encoding.text : "";
      record.bytesDense = record.bytesCompressed =
          type.getNumElements() * type.getElementTypeBitWidth() / 8;
      record.bitsPerWeight = type.getElementTypeBitWidth();
    } else {
      FailureOr<LayerRecord> compressed =
          compressWeight(weight, *rule, encoding);
      if (failed(compressed))
        return signalPassFailure();
      record = std::move(*compressed);
    }
    if (summary)
      emitRemark(loc) << "'" << record.weight.name << "' ("
                      << policy::stringifyConsumerKind(record.weight.op)
                      << "): " << record.encoding << ", "
                      << formatNumber(record.bitsPerWeight, "%.4g")
                      << " bits per weight, " << record.bytesCompressed
                      << " bytes (dense " << record.bytesDense
                      << "), weight error "
                      << formatNumber(record.weightRelError)
                      << ", output error "
                      << formatNumber(record.outputRelError);
    if (showProgress) {
      double seconds = llvm::TimeRecord::getCurrentTime().getWallTime() -
                       start.getWallTime();
      llvm::errs() << llvm::format("compress-apply-policy: [%zu/%zu] %.1f s ",
                                   index + 1, weights.size(), seconds)
                   << record.weight.name << " " << record.encoding << "\n";
    }
    records.push_back(std::move(record));
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
