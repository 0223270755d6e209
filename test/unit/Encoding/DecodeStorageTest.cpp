//===- DecodeStorageTest.cpp - Decoding storage attributes ----------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// decodeStorage from the dictionary of a compress.constant: inline dense<>
// and dense_resource<> blobs (built with makeStorageAttr or parsed), the
// raw bytes they hold (getStorageBytes), and the rounding of the result to
// the logical element type.
//
//===----------------------------------------------------------------------===//

#include "dialects/Compress/IR/CompressOps.h"
#include "lib/Encoding/Decode.h"
#include "test/unit/Encoding/EncodingTestSupport.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <cmath>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::testing;
using encoding::StorageSpec;

namespace {

class DecodeStorageTest : public EncodingTest {
protected:
  /// The storage dictionary of `typeText` built from raw bytes per role;
  /// each role becomes a blob named after it when `blobs` is set.
  DictionaryAttr storageOf(StringRef typeText,
                           ArrayRef<std::pair<StringRef, Bytes>> bytes,
                           bool blobs) {
    encoding::Layout layout = layoutOf(typeText);
    SmallVector<NamedAttribute> entries;
    for (auto &[role, data] : bytes) {
      const StorageSpec *spec = layout.lookup(role);
      EXPECT_TRUE(spec) << role.str();
      if (!spec)
        continue;
      std::string blobName = blobs ? (role + "_blob").str() : "";
      ElementsAttr attr = encoding::makeStorageAttr(*spec, data, blobName);
      EXPECT_TRUE(attr) << role.str();
      if (attr)
        entries.push_back(NamedAttribute(role, attr));
    }
    return DictionaryAttr::get(&context, entries);
  }

  Values decodeStorageOf(StringRef typeText,
                         ArrayRef<std::pair<StringRef, Bytes>> bytes,
                         bool blobs = false) {
    CompressedTensorType type = typeOf(typeText);
    if (!type)
      return {};
    return valueOf(
        encoding::decodeStorage(type, storageOf(typeText, bytes, blobs)));
  }

  static constexpr StringLiteral kMXFP4 =
      "!compress.tensor<1x4xf32, #compress.float<f4E2M1FN, block = [1, 2], "
      "scale = f8E8M0FNU>>";
  /// Codes [1.5, -6 | 0.5, 3] = nibbles [3, 15 | 1, 5] -> 0xF3 0x51; scales
  /// 2^-2 and 2^3 = biased exponents 125 = 0x7D and 130 = 0x82.
  const std::vector<std::pair<StringRef, Bytes>> mxfp4Bytes = {
      {"codes", {0xF3, 0x51}}, {"scales", {0x7D, 0x82}}};
};

TEST_F(DecodeStorageTest, InlineDense) {
  DictionaryAttr storage = storageOf(kMXFP4, mxfp4Bytes, /*blobs=*/false);
  EXPECT_TRUE(isa<DenseElementsAttr>(storage.get("codes")));
  EXPECT_EQ(str(cast<ElementsAttr>(storage.get("codes")).getType()),
            "tensor<1x2xi8>");
  EXPECT_EQ(str(cast<ElementsAttr>(storage.get("scales")).getType()),
            "tensor<1x2xf8E8M0FNU>");
  // [1.5, -6] * 0.25 and [0.5, 3] * 8.
  EXPECT_EQ(decodeStorageOf(kMXFP4, mxfp4Bytes), (Values{0.375, -1.5, 4, 24}));
}

TEST_F(DecodeStorageTest, ResourceBlobs) {
  DictionaryAttr storage = storageOf(kMXFP4, mxfp4Bytes, /*blobs=*/true);
  EXPECT_TRUE(isa<DenseResourceElementsAttr>(storage.get("codes")));
  EXPECT_TRUE(isa<DenseResourceElementsAttr>(storage.get("scales")));
  EXPECT_EQ(decodeStorageOf(kMXFP4, mxfp4Bytes, /*blobs=*/true),
            (Values{0.375, -1.5, 4, 24}));
}

TEST_F(DecodeStorageTest, NaNScaleOfE8M0) {
  // 0xFF is the NaN of f8E8M0FNU: its block decodes to NaN, not to inf.
  Values values = decodeStorageOf(
      kMXFP4, {{"codes", {0xF3, 0x51}}, {"scales", {0x7F, 0xFF}}});
  ASSERT_EQ(values.size(), 4u);
  EXPECT_EQ(values[0], 1.5);
  EXPECT_EQ(values[1], -6);
  EXPECT_TRUE(std::isnan(values[2]));
  EXPECT_TRUE(std::isnan(values[3]));
}

TEST_F(DecodeStorageTest, ParsedConstantWithBlobs) {
  // The codes are a blob (alignment 1, then F3 51), the scales inline.
  const char *text = R"mlir(
    %w = compress.constant {codes = dense_resource<mx_codes> : tensor<1x2xi8>,
                            scales = dense<[[0.25, 8.0]]> : tensor<1x2xf8E8M0FNU>}
        : !compress.tensor<1x4xf32, #compress.float<f4E2M1FN, block = [1, 2], scale = f8E8M0FNU>>
    {-#
      dialect_resources: {
        builtin: {
          mx_codes: "0x01000000F351"
        }
      }
    #-}
  )mlir";
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &context);
  ASSERT_TRUE(module);
  auto constants = module->getOps<ConstantOp>();
  ASSERT_FALSE(constants.empty());
  ConstantOp constant = *constants.begin();
  auto type = cast<CompressedTensorType>(constant.getType());
  EXPECT_EQ(valueOf(encoding::decodeStorage(type, constant.getStorage())),
            (Values{0.375, -1.5, 4, 24}));
}

TEST_F(DecodeStorageTest, SplatStorage) {
  StringRef typeText = "!compress.tensor<2x2xf32, #compress.uniform<bits = "
                       "8, per_axis = 0, scale = f16>>";
  CompressedTensorType type = typeOf(typeText);
  ASSERT_TRUE(type);
  auto codesType = RankedTensorType::get({2, 2}, IntegerType::get(&context, 8));
  auto scalesType = RankedTensorType::get({2, 1}, Float16Type::get(&context));
  NamedAttribute entries[] = {
      {StringAttr::get(&context, "codes"),
       DenseElementsAttr::get(codesType, ArrayRef<int8_t>{1, 2, 3, 4})},
      {StringAttr::get(&context, "scales"),
       DenseElementsAttr::get(scalesType, APFloat(APFloat::IEEEhalf(), "0.5"))},
  };
  // Both rows scaled by the splat 0.5.
  EXPECT_EQ(valueOf(encoding::decodeStorage(
                type, DictionaryAttr::get(&context, entries))),
            (Values{0.5, 1, 1.5, 2}));
}

TEST_F(DecodeStorageTest, RoundsToTheElementType) {
  // Codes [1, 3] (3-bit: 1 + 3<<3 = 0x19); scale 1 + 2^-11 as f32
  // (0x3F801000). Exact results: 1 + 2^-11 and 3 + 3 * 2^-11.
  std::vector<std::pair<StringRef, Bytes>> bytes = {
      {"codes", {0x19}}, {"scales", {0x00, 0x10, 0x80, 0x3F}}};
  const char *enc = "#compress.uniform<bits = 3, scale = f32>>";
  // f32 holds both exactly.
  EXPECT_EQ(
      decodeStorageOf(std::string("!compress.tensor<1x2xf32, ") + enc, bytes),
      (Values{1 + std::ldexp(1.0, -11), 3 + 3 * std::ldexp(1.0, -11)}));
  // f16 (10 fraction bits): 1 + 2^-11 ties to 1; above 2 the step is 2^-9
  // and 3 * 2^-11 = 0.75 step rounds up to 3 + 2^-9.
  EXPECT_EQ(
      decodeStorageOf(std::string("!compress.tensor<1x2xf16, ") + enc, bytes),
      (Values{1, 3 + std::ldexp(1.0, -9)}));
  // bf16 (7 fraction bits): both round down, to 1 and 3.
  EXPECT_EQ(
      decodeStorageOf(std::string("!compress.tensor<1x2xbf16, ") + enc, bytes),
      (Values{1, 3}));
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST_F(DecodeStorageTest, MissingStorage) {
  CompressedTensorType type = typeOf(kMXFP4);
  ASSERT_TRUE(type);
  EXPECT_EQ(errorOf(encoding::decodeStorage(
                type, storageOf(kMXFP4, {{"codes", {0xF3, 0x51}}}, false))),
            "missing storage 'scales'");
}

TEST_F(DecodeStorageTest, StorageOfTheWrongType) {
  CompressedTensorType type = typeOf(kMXFP4);
  ASSERT_TRUE(type);
  // Two bytes of i8, but tensor<2xi8> instead of tensor<1x2xi8>.
  auto flat = RankedTensorType::get({2}, IntegerType::get(&context, 8));
  NamedAttribute entries[] = {
      {StringAttr::get(&context, "codes"),
       DenseElementsAttr::get(flat, ArrayRef<int8_t>{-13, 81})},
      {StringAttr::get(&context, "scales"),
       storageOf(kMXFP4, mxfp4Bytes, false).get("scales")},
  };
  EXPECT_EQ(errorOf(encoding::decodeStorage(
                type, DictionaryAttr::get(&context, entries))),
            "storage 'codes' has type tensor<2xi8>, but the encoding needs "
            "tensor<1x2xi8>");
}

TEST_F(DecodeStorageTest, BadStoredDataIsReported) {
  // CSR row pointers [0, 2, 1] (i16 little-endian) decrease.
  StringRef typeText = "!compress.tensor<2x2xf32, #compress.sparse<csr, nnz = "
                       "1, index = i16, values = f32>>";
  CompressedTensorType type = typeOf(typeText);
  ASSERT_TRUE(type);
  DictionaryAttr storage =
      storageOf(typeText,
                {{"values", {0x00, 0x00, 0x80, 0x3F}},
                 {"row_ptr", {0x00, 0x00, 0x02, 0x00, 0x01, 0x00}},
                 {"col_indices", {0x00, 0x00}}},
                false);
  EXPECT_EQ(errorOf(encoding::decodeStorage(type, storage)),
            "'row_ptr' decreases at entry 2");
}

//===----------------------------------------------------------------------===//
// getStorageBytes, makeStorageAttr
//===----------------------------------------------------------------------===//

TEST_F(DecodeStorageTest, StorageBytesOfASplat) {
  auto attr = cast<ElementsAttr>(
      parseAttribute("dense<258> : tensor<3xi16>", &context));
  // 258 = 0x0102, little-endian, three times.
  EXPECT_EQ(valueOf(encoding::getStorageBytes(attr)),
            (Bytes{0x02, 0x01, 0x02, 0x01, 0x02, 0x01}));
}

TEST_F(DecodeStorageTest, StorageBytesOfInlineF16) {
  auto attr = cast<ElementsAttr>(
      parseAttribute("dense<[1.0, -2.0]> : tensor<2xf16>", &context));
  EXPECT_EQ(valueOf(encoding::getStorageBytes(attr)),
            (Bytes{0x00, 0x3C, 0x00, 0xC0}));
}

TEST_F(DecodeStorageTest, StorageBytesRejectsI1) {
  auto attr = cast<ElementsAttr>(
      parseAttribute("dense<[true, false]> : tensor<2xi1>", &context));
  EXPECT_EQ(errorOf(encoding::getStorageBytes(attr)),
            "i1 storage is not supported; pack bits into i8");
}

TEST_F(DecodeStorageTest, StorageBytesRejectsSparseElements) {
  auto attr = cast<ElementsAttr>(
      parseAttribute("sparse<[[0]], [1]> : tensor<2xi8>", &context));
  EXPECT_EQ(errorOf(encoding::getStorageBytes(attr)),
            "storage must be dense<> or dense_resource<>");
}

TEST_F(DecodeStorageTest, StorageBytesOfABlobWithoutData) {
  auto attr = cast<ElementsAttr>(
      parseAttribute("dense_resource<nowhere> : tensor<2xi8>", &context));
  EXPECT_EQ(errorOf(encoding::getStorageBytes(attr)),
            "resource blob 'nowhere' has no data");
}

TEST_F(DecodeStorageTest, StorageBytesOfABlobOfTheWrongSize) {
  // makeStorageAttr checks the size, so build the blob directly.
  auto type = RankedTensorType::get({2}, IntegerType::get(&context, 16));
  const char data[] = {1, 2, 3};
  auto attr = DenseResourceElementsAttr::get(
      type, "short_blob",
      HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<char>(data)));
  EXPECT_EQ(errorOf(encoding::getStorageBytes(attr)),
            "resource blob 'short_blob' holds 3 bytes, but 4 are needed");
}

TEST_F(DecodeStorageTest, MakeStorageAttrChecksTheByteCount) {
  StorageSpec spec = specOf(kMXFP4, "codes");
  EXPECT_FALSE(encoding::makeStorageAttr(spec, Bytes{0xF3}));
  EXPECT_FALSE(encoding::makeStorageAttr(spec, Bytes{0xF3, 0x51, 0}, "blob"));
  ElementsAttr attr = encoding::makeStorageAttr(spec, Bytes{0xF3, 0x51});
  ASSERT_TRUE(attr);
  EXPECT_EQ(valueOf(encoding::getStorageBytes(attr)), (Bytes{0xF3, 0x51}));
}

} // namespace
