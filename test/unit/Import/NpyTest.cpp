//===- NpyTest.cpp - Reading and writing .npy files -----------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// writeNpy's files read back with parseNpyRaw (every header form NumPy uses:
// rank 0, rank 1 "(n,)", padding to 64 bytes); parseNpy converts f4 and f8 to
// f32 for calibration inputs; every malformed file is an error that names it.
//
//===----------------------------------------------------------------------===//

#include "lib/Import/Npy.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace mlir::compress::import;

namespace {

std::string write(llvm::StringRef dtype, llvm::ArrayRef<int64_t> shape,
                  llvm::StringRef data) {
  std::string bytes;
  llvm::raw_string_ostream os(bytes);
  writeNpy(os, dtype, shape, data);
  return bytes;
}

std::string errorOf(llvm::Expected<NpyRawArray> array) {
  if (array)
    return "no error";
  return llvm::toString(array.takeError());
}

/// A version 1.0 file with `header` (padded) and `data`.
std::string file(std::string header, llvm::StringRef data) {
  header.append(63 - (10 + header.size()) % 64, ' ');
  header += '\n';
  std::string bytes("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>(header.size() >> 8);
  return bytes + header + data.str();
}

TEST(NpyTest, WritesWhatNumPyWrites) {
  std::string bytes = write("f4", {2, 3}, std::string(24, '\0'));
  // Magic, version 1.0, header length, then the header padded to 64 bytes.
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ((bytes.size() - 24) % 64, 0u);
  llvm::StringRef header = llvm::StringRef(bytes).substr(10, bytes.size() - 34);
  EXPECT_TRUE(header.starts_with(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"));
  EXPECT_TRUE(header.ends_with(" \n"));
  // One-byte dtypes have no byte order; rank 1 has a trailing comma.
  EXPECT_NE(write("i1", {5}, std::string(5, '\0'))
                .find("{'descr': '|i1', 'fortran_order': False, 'shape': "
                      "(5,), }"),
            std::string::npos);
  EXPECT_NE(write("f8", {}, std::string(8, '\0')).find("'shape': (), }"),
            std::string::npos);
}

TEST(NpyTest, RoundTripsEveryShapeAndDtype) {
  struct Case {
    const char *dtype;
    unsigned width;
    llvm::SmallVector<int64_t> shape;
  } cases[] = {{"f4", 4, {2, 3}}, {"f2", 2, {7}},    {"u2", 2, {1, 1, 5}},
               {"i1", 1, {}},     {"i8", 8, {0, 3}}, {"f8", 8, {64}}};
  for (const Case &c : cases) {
    int64_t count = 1;
    for (int64_t size : c.shape)
      count *= size;
    std::string data;
    for (int64_t i = 0; i < count * c.width; ++i)
      data += static_cast<char>(i * 7 + 1);
    std::string bytes = write(c.dtype, c.shape, data);
    llvm::Expected<NpyRawArray> array = parseNpyRaw(bytes, "x.npy");
    ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
    EXPECT_EQ(array->dtype, c.dtype);
    EXPECT_EQ(array->shape, c.shape);
    EXPECT_EQ(array->data, data);
  }
}

TEST(NpyTest, ParseNpyConvertsToF32) {
  double values[] = {1.5, -2.25, 1e-3};
  std::string data(reinterpret_cast<const char *>(values), sizeof(values));
  llvm::Expected<NpyArray> array =
      parseNpy(write("f8", {3}, data), "calibration.npy");
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->shape, llvm::SmallVector<int64_t>{3});
  EXPECT_EQ(array->values, (std::vector<float>{1.5f, -2.25f, 1e-3f}));

  llvm::Expected<NpyArray> integers =
      parseNpy(write("i4", {1}, std::string(4, '\0')), "ints.npy");
  ASSERT_FALSE(static_cast<bool>(integers));
  EXPECT_EQ(llvm::toString(integers.takeError()),
            "ints.npy: dtype 'i4' is not supported; expected little-endian "
            "float32 or float64");
}

TEST(NpyTest, ReadsVersions2And3AndNativeByteOrder) {
  std::string header =
      "{'descr': '=f4', 'fortran_order': False, 'shape': (1,), }";
  header.append(63 - (12 + header.size()) % 64, ' ');
  header += '\n';
  std::string bytes("\x93NUMPY\x02\x00", 8);
  for (int shift = 0; shift < 32; shift += 8)
    bytes += static_cast<char>(header.size() >> shift);
  bytes += header + std::string("\0\0\x80\x3f", 4);
  llvm::Expected<NpyArray> array = parseNpy(bytes, "v2.npy");
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->values, std::vector<float>{1.0f});
  bytes[6] = 3;
  EXPECT_TRUE(static_cast<bool>(parseNpy(bytes, "v3.npy")));
}

TEST(NpyTest, Errors) {
  EXPECT_EQ(errorOf(parseNpyRaw("not an npy file", "a.npy")),
            "a.npy: not a .npy file (bad magic)");
  EXPECT_EQ(errorOf(parseNpyRaw(std::string("\x93NUMPY\x04\x00\x10\x00", 10),
                                "a.npy")),
            "a.npy: unsupported .npy version 4");
  EXPECT_EQ(errorOf(parseNpyRaw(std::string("\x93NUMPY\x01\x00\x80\x00{", 11),
                                "a.npy")),
            "a.npy: truncated header");
  EXPECT_EQ(errorOf(parseNpyRaw(
                file("{'descr': '<f4', 'fortran_order': False, 'shape': "
                     "(2,), }",
                     std::string(7, '\0')),
                "a.npy")),
            "a.npy: holds 7 data bytes, but the shape needs 8 (truncated)");
  EXPECT_EQ(errorOf(parseNpyRaw(
                file("{'descr': '<f4', 'fortran_order': False, 'shape': "
                     "(2,), }",
                     std::string(9, '\0')),
                "a.npy")),
            "a.npy: holds 9 data bytes, but the shape needs 8");
  EXPECT_EQ(errorOf(parseNpyRaw(
                file("{'descr': '<f4', 'fortran_order': True, 'shape': "
                     "(1, 2), }",
                     std::string(8, '\0')),
                "a.npy")),
            "a.npy: Fortran-order arrays are not supported");
  EXPECT_EQ(errorOf(parseNpyRaw(
                file("{'descr': '>f4', 'fortran_order': False, 'shape': "
                     "(1,), }",
                     std::string(4, '\0')),
                "a.npy")),
            "a.npy: dtype '>f4' is big-endian; only little-endian arrays are "
            "supported");
  EXPECT_EQ(errorOf(parseNpyRaw(
                file("{'descr': '|O', 'fortran_order': False, 'shape': "
                     "(1,), }",
                     std::string(8, '\0')),
                "a.npy")),
            "a.npy: dtype '|O' is not supported");
  EXPECT_EQ(errorOf(parseNpyRaw(
                file("{'descr': [('a', '<f4')], 'fortran_order': False, "
                     "'shape': (1,), }",
                     std::string(4, '\0')),
                "a.npy")),
            "a.npy: structured dtypes are not supported");
  EXPECT_EQ(errorOf(parseNpyRaw(
                file("{'descr': '<f4', 'fortran_order': False, 'shape': "
                     "(-1,), }",
                     ""),
                "a.npy")),
            "a.npy: header has no 'shape'");
  EXPECT_EQ(errorOf(parseNpyRaw(
                file("{'descr': '<f4', 'fortran_order': False, 'shape': "
                     "(1099511627776, 2), }",
                     ""),
                "a.npy")),
            "a.npy: bad shape '(1099511627776, 2)'");
  // A big-endian one-byte dtype is just bytes.
  EXPECT_EQ(errorOf(parseNpyRaw(
                file("{'descr': '>i1', 'fortran_order': False, 'shape': "
                     "(1,), }",
                     std::string(1, '\0')),
                "a.npy")),
            "no error");
}

} // namespace
