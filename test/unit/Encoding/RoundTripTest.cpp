//===- RoundTripTest.cpp - unpack(pack(x)) == x for every codec -----------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Random values (fixed seed) for every storage codec, in odd shapes whose
// packed fields end inside a byte or whose packed rows merge several
// dimensions: packing then unpacking gives them back, and unpacking then
// packing gives the bytes back.
//
//===----------------------------------------------------------------------===//

#include "lib/Encoding/Packing.h"
#include "test/unit/Encoding/EncodingTestSupport.h"

#include <cmath>
#include <random>

using namespace mlir;
using namespace mlir::compress;
using namespace mlir::compress::testing;
using encoding::FieldCodec;
using encoding::StorageSpec;

namespace {

/// Random values that `spec` can store exactly.
Values randomValues(const StorageSpec &spec, std::mt19937 &rng) {
  Values values(spec.getNumValues());
  const FieldCodec &codec = spec.codec;
  bool isFloat =
      codec.kind == FieldCodec::Kind::PackedFloat || isa<FloatType>(codec.type);
  if (!isFloat) {
    int64_t min, max;
    if (codec.kind == FieldCodec::Kind::PackedInt) {
      min = spec.getMinInt();
      max = spec.getMaxInt();
    } else {
      unsigned width = codec.type.getIntOrFloatBitWidth();
      min = -(int64_t(1) << (width - 1));
      max = (int64_t(1) << (width - 1)) - 1;
    }
    std::uniform_int_distribution<int64_t> dist(min, max);
    for (double &v : values)
      v = static_cast<double>(dist(rng));
    // The extremes, where sign extension and masking go wrong.
    values.front() = static_cast<double>(min);
    values.back() = static_cast<double>(max);
    return values;
  }
  if (isa<Float8E8M0FNUType>(codec.type)) {
    // Powers of two 2^-127 .. 2^127.
    std::uniform_int_distribution<int> exponent(-127, 127);
    for (double &v : values)
      v = std::ldexp(1.0, exponent(rng));
    return values;
  }
  // Any double, rounded into the format (saturating in f4/f6, NaN or inf
  // beyond the range of the others, so stay inside it).
  std::uniform_real_distribution<double> dist(-6.0, 6.0);
  for (double &v : values)
    v = encoding::roundToFloatType(dist(rng), codec.type);
  return values;
}

/// Random storage bytes: any bits for integers (padding bits clear, as the
/// packer writes them: only a packed row that is the whole field has any, at
/// its end); for floats, the bytes of random values (random bits would hit
/// NaNs, whose payloads are not kept).
Bytes randomBytes(const StorageSpec &spec, std::mt19937 &rng) {
  const FieldCodec &codec = spec.codec;
  if (codec.kind == FieldCodec::Kind::PackedFloat || isa<FloatType>(codec.type))
    return valueOf(encoding::packField(spec, randomValues(spec, rng)));
  std::uniform_int_distribution<int> byte(0, 255);
  Bytes bytes(spec.byteSize);
  for (uint8_t &b : bytes)
    b = static_cast<uint8_t>(byte(rng));
  if (codec.kind == FieldCodec::Kind::PackedInt) {
    int64_t inner = spec.valuesPerPackedRow;
    int64_t rowBytes = spec.storageShape.back();
    int64_t usedBits = inner * codec.bits - (rowBytes - 1) * 8;
    EXPECT_TRUE(usedBits > 0 && usedBits <= 8);
    EXPECT_TRUE(usedBits == 8 || rowBytes == spec.byteSize)
        << "only a field packed whole is padded";
    for (int64_t last = rowBytes - 1; last < spec.byteSize; last += rowBytes)
      bytes[last] &= static_cast<uint8_t>((1u << usedBits) - 1);
  }
  return bytes;
}

class RoundTripTest : public EncodingTest {
protected:
  /// Round trips of every storage tensor of `typeText`.
  void expectRoundTrips(StringRef typeText) {
    SCOPED_TRACE(typeText.str());
    encoding::Layout layout = layoutOf(typeText);
    ASSERT_FALSE(layout.storage.empty());
    encoding::FieldValues values;
    for (const StorageSpec &spec : layout.storage) {
      SCOPED_TRACE(spec.role);
      values[spec.role] = randomValues(spec, rng);
      // Field by field.
      Bytes bytes = valueOf(encoding::packField(spec, values[spec.role]));
      EXPECT_EQ(static_cast<int64_t>(bytes.size()), spec.byteSize);
      EXPECT_EQ(valueOf(encoding::unpackField(spec, bytes)), values[spec.role]);
      Bytes other = randomBytes(spec, rng);
      EXPECT_EQ(valueOf(encoding::packField(
                    spec, valueOf(encoding::unpackField(spec, other)))),
                other);
    }
    // The whole layout.
    encoding::StorageBytes bytes =
        valueOf(encoding::packStorage(layout, values));
    encoding::FieldValues back =
        valueOf(encoding::unpackStorage(layout, bytes));
    for (const StorageSpec &spec : layout.storage)
      EXPECT_EQ(back[spec.role], values[spec.role]) << spec.role;
  }

  std::mt19937 rng{20240601};
};

TEST_F(RoundTripTest, PackedIntegersOfEveryWidth) {
  // Codes of 1 to 8 bits, signed and unsigned. In 3x13 and 2x1x7 the whole
  // field is one packed row (padded at its end) unless bits = 8 (or 4 for
  // 2x1x7: 14 nibbles = 7 bytes); 3x2x4 merges 4 (1, 3, 5, 7 bits: 8 * b
  // bits) or nothing (2, 4, 6, 8 bits), leading dimensions kept.
  for (int bits = 1; bits <= 8; ++bits) {
    for (StringRef sign : {"", "unsigned, "}) {
      std::string type =
          "!compress.tensor<3x13xf32, #compress.uniform<bits = " +
          std::to_string(bits) + ", " + sign.str() +
          "per_axis = 0, scale = f32>>";
      expectRoundTrips(type);
      type = "!compress.tensor<2x1x7xf16, #compress.uniform<bits = " +
             std::to_string(bits) + ", " + sign.str() + "scale = f16>>";
      expectRoundTrips(type);
      type = "!compress.tensor<3x2x4xf16, #compress.uniform<bits = " +
             std::to_string(bits) + ", " + sign.str() + "scale = f16>>";
      expectRoundTrips(type);
    }
  }
}

TEST_F(RoundTripTest, ConvLikeShapes) {
  // 4-bit filters of 32 x 3 x 3 (one packed row each), 3-bit 2x3x3x3 (54
  // values, 162 bits: packed whole, padded at the end), 2-bit 4x3x3x3 (27
  // values, 54 bits: 4 filters merged into one row of 216 bits = 27 bytes).
  expectRoundTrips("!compress.tensor<64x32x3x3xf32, #compress.uniform<bits = "
                   "4, per_axis = 0, scale = f16>>");
  expectRoundTrips("!compress.tensor<2x3x3x3xf32, #compress.uniform<bits = "
                   "3, unsigned, per_axis = 0, scale = f16, zero_point = "
                   "ui3>>");
  expectRoundTrips("!compress.tensor<4x3x3x3xf32, #compress.lut<bits = 2, "
                   "codebook = f16, codebook_axis = 0>>");
}

TEST_F(RoundTripTest, WideZeroPointsAndIndices) {
  // Zero points of 1 to 16 bits.
  for (int bits : {1, 2, 3, 5, 7, 9, 11, 12, 15, 16})
    for (StringRef sign : {"i", "ui"})
      expectRoundTrips("!compress.tensor<5x9xf32, #compress.uniform<bits = "
                       "4, per_axis = 1, scale = f16, zero_point = " +
                       sign.str() + std::to_string(bits) + ">>");
  // Look-up indices of 9 to 16 bits.
  for (int bits : {9, 13, 16})
    expectRoundTrips("!compress.tensor<2x5xf32, #compress.lut<bits = " +
                     std::to_string(bits) + ", codebook = bf16>>");
}

TEST_F(RoundTripTest, SmallFloatCodes) {
  for (StringRef format :
       {"f4E2M1FN", "f6E2M3FN", "f6E3M2FN", "f8E4M3FN", "f8E5M2"})
    expectRoundTrips("!compress.tensor<3x7xf32, #compress.float<" +
                     format.str() +
                     ", block = [1, 7], scale = "
                     "f8E8M0FNU>>");
}

TEST_F(RoundTripTest, PlainFloats) {
  for (StringRef type : {"f32", "f16", "bf16", "f8E4M3FN", "f8E5M2"})
    expectRoundTrips("!compress.tensor<5x3xf32, #compress.lowrank<rank = 2, "
                     "u = " +
                     type.str() + ", v = " + type.str() + ">>");
}

TEST_F(RoundTripTest, SparseIndices) {
  expectRoundTrips("!compress.tensor<5x172xf16, #compress.sparse<csr, nnz = "
                   "37, index = i16, values = f16>>");
  expectRoundTrips("!compress.tensor<5x172xf16, #compress.sparse<csr, nnz = "
                   "37, values = bf16>>");
  expectRoundTrips("!compress.tensor<6x8xf16, #compress.sparse<block = [2, "
                   "4], kept = 3, index = i16, values = f32>>");
  expectRoundTrips("!compress.tensor<3x7xf16, #compress.sparse<bitmap, nnz "
                   "= 5, values = f16>>");
  expectRoundTrips("!compress.tensor<3x24xf16, #compress.sparse<nm = [3, 8], "
                   "values = f8E4M3FN>>");
  expectRoundTrips("!compress.tensor<9x5xf16, #compress.sparse<nm = [2, 3], "
                   "axis = 0, values = f16>>");
}

TEST_F(RoundTripTest, Compositions) {
  for (StringRef type : {
           "!compress.tensor<8x256xf16, #compress.uniform<bits = 4, "
           "unsigned, block = [1, 32], scale = #compress.uniform<bits = 6, "
           "unsigned, block = [1, 8], scale = f16>, min = "
           "#compress.uniform<bits = 6, unsigned, block = [1, 8], scale = "
           "f16>>>",
           "!compress.tensor<2x32xbf16, #compress.float<f4E2M1FN, block = "
           "[1, 16], scale = #compress.float<f8E4M3FN, scale = f32>>>",
           "!compress.tensor<5x172xf16, #compress.lut<table = nf4, block = "
           "[1, 43], scale = f32>>",
           "!compress.tensor<4x8xf16, #compress.lut<bits = 5, codebook = "
           "f16, dim = 2>>",
           "!compress.tensor<4x8xf16, #compress.product<#compress.lut<table "
           "= sign>, #compress.lowrank<rank = 2, u = f16, v = f16>>>",
           "!compress.tensor<8x16xf16, #compress.permuted<axis = 1, body = "
           "#compress.sum<#compress.uniform<bits = 3, unsigned, block = [1, "
           "8], scale = #compress.float<f8E4M3FN, scale = f32>, zero_point "
           "= ui3>, #compress.sparse<csr, nnz = 4, index = i16, values = "
           "#compress.float<f8E5M2>>>>>",
       })
    expectRoundTrips(type);
}

TEST_F(RoundTripTest, EverySmallFloatCode) {
  // Each code of the format, one per row of a [2^bits, 1] field, unpacks to
  // a value that packs back to the same code (NaN codes excepted: they have
  // several encodings).
  struct Format {
    const char *name;
    unsigned bits;
    std::vector<unsigned> nanCodes;
    /// Rows of 1 value of 4 or 6 bits are not whole bytes, so the whole
    /// field is one packed row: 16 * 4 bits = 8 bytes, 64 * 6 bits = 48
    /// bytes. Codes of 8 bits keep the shape.
    std::string storageType;
    /// Code 1: the smallest subnormal, 2^(1 - bias) * 2^-mantissaBits.
    double smallest;
  };
  for (const Format &format : {
           Format{"f4E2M1FN", 4, {}, "tensor<8xi8>", 0.5},
           Format{"f6E2M3FN", 6, {}, "tensor<48xi8>", 0.125},
           Format{"f6E3M2FN", 6, {}, "tensor<48xi8>", 0.0625},
           Format{"f8E4M3FN",
                  8,
                  {0x7F, 0xFF},
                  "tensor<256x1xi8>",
                  std::ldexp(1.0, -9)},
           Format{"f8E5M2",
                  8,
                  {0x7D, 0x7E, 0x7F, 0xFD, 0xFE, 0xFF},
                  "tensor<256x1xi8>",
                  std::ldexp(1.0, -16)},
       }) {
    SCOPED_TRACE(format.name);
    unsigned count = 1u << format.bits;
    StorageSpec spec =
        specOf("!compress.tensor<" + std::to_string(count) +
                   "x1xf32, #compress.float<" + format.name + ">>",
               "codes");
    EXPECT_EQ(str(spec.getStorageType()), format.storageType);
    // Code c (0 for a NaN code) at bits [c * b, (c + 1) * b), LSB first.
    Bytes bytes(count * format.bits / 8, 0);
    for (unsigned code = 0; code < count; ++code) {
      unsigned stored = llvm::is_contained(format.nanCodes, code) ? 0 : code;
      for (unsigned b = 0; b < format.bits; ++b)
        if ((stored >> b) & 1) {
          unsigned bit = code * format.bits + b;
          bytes[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
        }
    }
    Values values = valueOf(encoding::unpackField(spec, bytes));
    ASSERT_EQ(values.size(), count);
    // Each code read from its own bits: the positive codes increase from
    // the smallest subnormal (NaN codes, stored as 0, are the last ones).
    EXPECT_EQ(values[1], format.smallest);
    for (unsigned code = 2; code < count / 2; ++code)
      if (!llvm::is_contained(format.nanCodes, code))
        EXPECT_GT(values[code], values[code - 1]) << code;
    EXPECT_EQ(valueOf(encoding::packField(spec, values)), bytes);
  }
}

TEST_F(RoundTripTest, EveryE8M0Scale) {
  StorageSpec spec = specOf("!compress.tensor<1x255xf32, #compress.float<"
                            "f4E2M1FN, per_axis = 1, scale = f8E8M0FNU>>",
                            "scales");
  Bytes bytes;
  for (unsigned code = 0; code < 255; ++code)
    bytes.push_back(code);
  Values values = valueOf(encoding::unpackField(spec, bytes));
  // Code c is 2^(c - 127).
  for (unsigned code = 0; code < 255; ++code)
    EXPECT_EQ(values[code], std::ldexp(1.0, static_cast<int>(code) - 127));
  EXPECT_EQ(valueOf(encoding::packField(spec, values)), bytes);
}

} // namespace
