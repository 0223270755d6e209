//===- AttrVerifierTest.cpp - Encodings the attribute verifiers refuse ----===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Attributes built from C++ with getChecked, which the parser cannot write:
// parameters of another sparse pattern or of a stored codebook, which nothing
// would print (so the attribute would not round trip), and encodings with
// more storage tensors than the limit. Each with its exact message.
//
//===----------------------------------------------------------------------===//

#include "test/unit/Encoding/EncodingTestSupport.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::testing;

namespace {

class AttrVerifierTest : public EncodingTest {
protected:
  AttrVerifierTest()
      : handler(&context, [this](Diagnostic &diag) {
          diagnostics.push_back(diag.str());
          return success();
        }) {}

  /// The one diagnostic reported since the last call ("" if none), after
  /// checking that `attr` was built exactly when nothing was reported.
  std::string takeError(Attribute attr) {
    std::vector<std::string> reported = std::move(diagnostics);
    diagnostics.clear();
    EXPECT_EQ(static_cast<bool>(attr), reported.empty());
    EXPECT_LE(reported.size(), 1u);
    return reported.empty() ? "" : reported.front();
  }

  /// An N:M, block, bitmap or csr pattern: the parameters default to what the
  /// parser gives a pattern that does not use them.
  std::string sparseError(SparsePattern pattern, int64_t n, int64_t m,
                          int64_t axis, ArrayRef<int64_t> block, int64_t count,
                          Type indexType) {
    return takeError(SparseAttr::getChecked(emit, &context, pattern, n, m, axis,
                                            block, count, indexType,
                                            Attribute(TypeAttr::get(f16()))));
  }

  std::string lutError(StringRef table, Type codebookType, int64_t codebookAxis,
                       ArrayRef<int64_t> codebookBlock) {
    return takeError(LutAttr::getChecked(
        emit, &context, 4u, int64_t(1), table, codebookType, codebookAxis,
        codebookBlock, Attribute(), int64_t(-1), ArrayRef<int64_t>()));
  }

  Attribute sumOf(ArrayRef<Attribute> terms) {
    return SumAttr::getChecked(emit, &context, terms);
  }

  Type f16() { return Float16Type::get(&context); }
  Type i16() { return IntegerType::get(&context, 16); }

  std::vector<std::string> diagnostics;
  ScopedDiagnosticHandler handler;
  InFlightDiagnostic emitUnknown() {
    return emitError(UnknownLoc::get(&context));
  }
  std::function<InFlightDiagnostic()> emitFn = [this] { return emitUnknown(); };
  function_ref<InFlightDiagnostic()> emit = emitFn;
};

//===----------------------------------------------------------------------===//
// Parameters of other sparse patterns
//===----------------------------------------------------------------------===//

TEST_F(AttrVerifierTest, SparseDefaultsOfEveryPatternAreValid) {
  int64_t block[] = {1, 2};
  EXPECT_EQ(sparseError(SparsePattern::NM, 2, 4, -1, {}, 0, Type()), "");
  EXPECT_EQ(sparseError(SparsePattern::NM, 2, 4, 1, {}, 0, Type()), "");
  EXPECT_EQ(sparseError(SparsePattern::Block, 0, 0, -1, block, 3, i16()), "");
  EXPECT_EQ(sparseError(SparsePattern::Bitmap, 0, 0, -1, {}, 8, Type()), "");
  EXPECT_EQ(sparseError(SparsePattern::CSR, 0, 0, -1, {}, 8, i16()), "");
}

TEST_F(AttrVerifierTest, SparseIndexOnlyForCSRAndBlock) {
  EXPECT_EQ(sparseError(SparsePattern::Bitmap, 0, 0, -1, {}, 8, i16()),
            "#compress.sparse pattern bitmap takes no index");
  EXPECT_EQ(sparseError(SparsePattern::NM, 2, 4, -1, {}, 0, i16()),
            "#compress.sparse pattern nm takes no index");
}

TEST_F(AttrVerifierTest, SparseAxisOnlyForNM) {
  int64_t block[] = {1, 2};
  EXPECT_EQ(sparseError(SparsePattern::CSR, 0, 0, 0, {}, 8, Type()),
            "#compress.sparse pattern csr takes no axis");
  EXPECT_EQ(sparseError(SparsePattern::Block, 0, 0, -5, block, 3, Type()),
            "#compress.sparse pattern block takes no axis");
}

TEST_F(AttrVerifierTest, SparseNAndMOnlyForNM) {
  EXPECT_EQ(sparseError(SparsePattern::Bitmap, 2, 4, -1, {}, 8, Type()),
            "#compress.sparse pattern bitmap takes no nm");
  EXPECT_EQ(sparseError(SparsePattern::CSR, 0, 4, -1, {}, 8, Type()),
            "#compress.sparse pattern csr takes no nm");
}

TEST_F(AttrVerifierTest, SparseBlockOnlyForBlock) {
  int64_t block[] = {1, 2};
  EXPECT_EQ(sparseError(SparsePattern::NM, 2, 4, -1, block, 0, Type()),
            "#compress.sparse pattern nm takes no block");
  EXPECT_EQ(sparseError(SparsePattern::CSR, 0, 0, -1, block, 8, Type()),
            "#compress.sparse pattern csr takes no block");
}

TEST_F(AttrVerifierTest, SparseCountNotForNM) {
  EXPECT_EQ(sparseError(SparsePattern::NM, 2, 4, -1, {}, 7, Type()),
            "#compress.sparse pattern nm takes no kept or nnz");
}

//===----------------------------------------------------------------------===//
// Codebook parameters of fixed tables
//===----------------------------------------------------------------------===//

TEST_F(AttrVerifierTest, FixedTableTakesNoCodebookGranularity) {
  int64_t block[] = {1, 8};
  EXPECT_EQ(lutError("nf4", Type(), -1, {}), "");
  EXPECT_EQ(lutError("nf4", Type(), -7, {}), "a fixed table takes no codebook");
  EXPECT_EQ(lutError("nf4", Type(), 0, {}), "a fixed table takes no codebook");
  EXPECT_EQ(lutError("nf4", Type(), -1, block),
            "a fixed table takes no codebook");
  EXPECT_EQ(lutError("nf4", f16(), -1, {}), "a fixed table takes no codebook");
}

TEST_F(AttrVerifierTest, StoredCodebookGranularity) {
  EXPECT_EQ(lutError("", f16(), 0, {}), "");
  EXPECT_EQ(lutError("", f16(), -7, {}),
            "codebook_axis = -7 is negative; expected a dimension index");
}

//===----------------------------------------------------------------------===//
// Storage tensors
//===----------------------------------------------------------------------===//

/// The verifiers count the storage tensors that the layout lays out: a sum of
/// n copies of an encoding that the layout gives k storage tensors is
/// accepted while n * k <= 4096.
TEST_F(AttrVerifierTest, StorageTensorCountMatchesTheLayout) {
  const char *encodings[] = {
      "#compress.uniform<bits = 4, scale = f16>",
      "#compress.uniform<bits = 4, scale = f16, zero_point = ui4>",
      ("#compress.uniform<bits = 4, scale = #compress.uniform<bits = 8, "
       "scale = f32>, min = f16>"),
      "#compress.lut<bits = 4, codebook = f16>",
      "#compress.lut<table = nf4, scale = f16>",
      "#compress.lut<table = sign>",
      "#compress.float<f8E4M3FN>",
      "#compress.float<f4E2M1FN, scale = f8E8M0FNU>",
      "#compress.sparse<nm = [2, 4], values = f16>",
      "#compress.sparse<block = [2, 2], kept = 1, values = f16>",
      "#compress.sparse<bitmap, nnz = 1, values = f16>",
      "#compress.sparse<csr, nnz = 1, index = i16, values = f16>",
      "#compress.lowrank<rank = 1, u = f16, v = #compress.float<f8E4M3FN>>",
      "#compress.permuted<axis = 0, body = f16>",
      "#compress.product<#compress.lut<table = sign>, f16, f32>",
      "#compress.sum<f16, #compress.sum<f16, f16>>",
  };
  for (const char *text : encodings) {
    SCOPED_TRACE(text);
    Attribute encoding = parseAttribute(text, &context);
    ASSERT_TRUE(encoding);
    int64_t k = static_cast<int64_t>(
        layoutOf(("!compress.tensor<4x4xf16, " + Twine(text) + ">").str())
            .storage.size());
    int64_t n = 4096 / k;
    std::vector<Attribute> terms(n, encoding);
    EXPECT_EQ(takeError(sumOf(terms)), "");
    terms.push_back(encoding);
    EXPECT_EQ(takeError(sumOf(terms)),
              "the encoding needs " + std::to_string((n + 1) * k) +
                  " storage tensors; at most 4096 are allowed");
  }
}

/// Shared aliases multiply: 16 levels of sum<e, e> would be 2^16 storage
/// tensors; the count (memoized per sub-encoding) stops the level above 4096.
TEST_F(AttrVerifierTest, SharedPartsMultiply) {
  Attribute encoding = TypeAttr::get(f16());
  for (int level = 1; level <= 12; ++level) {
    encoding = sumOf({encoding, encoding});
    ASSERT_EQ(takeError(encoding), "") << "level " << level;
  }
  EXPECT_EQ(takeError(sumOf({encoding, encoding})),
            "the encoding needs 8192 storage tensors; at most 4096 are "
            "allowed");
}

#ifdef NDEBUG
/// SumAttr::get skips the verifier in builds without assertions; the layout
/// still refuses more than 4096 storage tensors.
TEST_F(AttrVerifierTest, LayoutBoundsUnverifiedEncodings) {
  std::vector<Attribute> terms(4097, TypeAttr::get(f16()));
  Attribute sum = SumAttr::get(&context, terms);
  FailureOr<encoding::Layout> layout =
      encoding::computeLayout(sum, {4, 4}, emit);
  EXPECT_TRUE(failed(layout));
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics.front(), "storage 'term4096' is storage tensor 4097; "
                                 "at most 4096 are allowed");
}
#endif

} // namespace
