//===- Npy.cpp - Read and write NumPy .npy arrays -------------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// The header is a Python dict literal, e.g.
//   {'descr': '<f4', 'fortran_order': False, 'shape': (8, 4096), }
// after the magic "\x93NUMPY", a version (1.x: u16 header length, 2.x and
// 3.x: u32) and padding to a multiple of 64 bytes.
//
//===----------------------------------------------------------------------===//

#include "lib/Import/Npy.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SwapByteOrder.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir::compress::import;

static llvm::Error npyError(llvm::StringRef name, const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 name + ": " + message);
}

llvm::Expected<NpyRawArray>
mlir::compress::import::parseNpyRaw(llvm::StringRef bytes,
                                    llvm::StringRef name) {
  if (!bytes.starts_with("\x93NUMPY") || bytes.size() < 10)
    return npyError(name, "not a .npy file (bad magic)");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = llvm::support::endian::read16le(bytes.data() + 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return npyError(name, "truncated header");
    headerLength = llvm::support::endian::read32le(bytes.data() + 8);
    headerStart = 12;
  } else {
    return npyError(name, "unsupported .npy version " + llvm::Twine(major));
  }
  if (headerStart + headerLength > bytes.size())
    return npyError(name, "truncated header");
  llvm::StringRef header = bytes.substr(headerStart, headerLength);

  llvm::SmallVector<llvm::StringRef> match;
  if (llvm::Regex("'descr': *\\[").match(header))
    return npyError(name, "structured dtypes are not supported");
  if (!llvm::Regex("'descr': *'([<|=>]?)([a-zA-Z])([0-9]*)'")
           .match(header, &match))
    return npyError(name, "header has no 'descr'");
  NpyRawArray array;
  std::string descr = (match[1] + match[2] + match[3]).str();
  array.dtype = (match[2] + match[3]).str();
  unsigned elementBytes;
  if (match[3].getAsInteger(10, elementBytes) || elementBytes == 0 ||
      elementBytes > 16 || !llvm::StringRef("biufcV").contains(match[2]))
    return npyError(name, "dtype '" + descr + "' is not supported");
  bool bigEndian =
      match[1] == ">" || (match[1] == "=" && !llvm::sys::IsLittleEndianHost);
  if (bigEndian && elementBytes > 1)
    return npyError(name, "dtype '" + descr +
                              "' is big-endian; only little-endian arrays "
                              "are supported");
  if (llvm::Regex("'fortran_order': *True").match(header))
    return npyError(name, "Fortran-order arrays are not supported");
  if (!llvm::Regex("'shape': *\\(([0-9, ]*)\\)").match(header, &match))
    return npyError(name, "header has no 'shape'");

  llvm::SmallVector<llvm::StringRef> dims;
  match[1].split(dims, ',', -1, /*KeepEmpty=*/false);
  int64_t count = 1;
  for (llvm::StringRef dim : dims) {
    int64_t size;
    if (dim.trim().getAsInteger(10, size) || size < 0 ||
        (size && count > (int64_t(1) << 40) / size))
      return npyError(name, "bad shape '(" + match[1] + ")'");
    array.shape.push_back(size);
    count *= size;
  }
  llvm::StringRef data = bytes.drop_front(headerStart + headerLength);
  if (data.size() != static_cast<size_t>(count) * elementBytes)
    return npyError(name,
                    "holds " + llvm::Twine(data.size()) +
                        " data bytes, but the shape needs " +
                        llvm::Twine(count * elementBytes) +
                        (data.size() < static_cast<size_t>(count) * elementBytes
                             ? " (truncated)"
                             : ""));
  array.data = data;
  return array;
}

llvm::Expected<NpyArray>
mlir::compress::import::parseNpy(llvm::StringRef bytes, llvm::StringRef name) {
  llvm::Expected<NpyRawArray> raw = parseNpyRaw(bytes, name);
  if (!raw)
    return raw.takeError();
  if (raw->dtype != "f4" && raw->dtype != "f8")
    return npyError(name, "dtype '" + raw->dtype +
                              "' is not supported; expected little-endian "
                              "float32 or float64");
  NpyArray array;
  array.shape = raw->shape;
  size_t elementBytes = raw->dtype == "f4" ? 4 : 8;
  size_t count = raw->data.size() / elementBytes;
  array.values.resize(count);
  for (size_t i = 0; i < count; ++i) {
    const char *p = raw->data.data() + i * elementBytes;
    if (elementBytes == 4) {
      uint32_t bits = llvm::support::endian::read32le(p);
      std::memcpy(&array.values[i], &bits, 4);
    } else {
      uint64_t bits = llvm::support::endian::read64le(p);
      double value;
      std::memcpy(&value, &bits, 8);
      array.values[i] = static_cast<float>(value);
    }
  }
  return array;
}

llvm::Expected<NpyArray>
mlir::compress::import::readNpyFile(llvm::StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return npyError(path, "cannot read: " + buffer.getError().message());
  return parseNpy((*buffer)->getBuffer(), path);
}

void mlir::compress::import::writeNpy(llvm::raw_ostream &os,
                                      llvm::StringRef dtype,
                                      llvm::ArrayRef<int64_t> shape,
                                      llvm::StringRef data) {
  // One-byte dtypes have no byte order ('|'), as NumPy writes them.
  std::string header = "{'descr': '";
  header += dtype.ends_with("1") && dtype.size() == 2 ? "|" : "<";
  header += dtype.str() + "', 'fortran_order': False, 'shape': (";
  for (int64_t size : shape)
    header += std::to_string(size) + (shape.size() == 1 ? "," : ", ");
  if (shape.size() > 1)
    header.resize(header.size() - 2);
  header += "), }";
  // The preamble (10 bytes), the header and its newline fill 64-byte units.
  header.append(63 - (10 + header.size()) % 64, ' ');
  header += '\n';
  os << "\x93NUMPY\x01";
  os.write('\0');
  char length[2];
  llvm::support::endian::write16le(length, header.size());
  os.write(length, 2);
  os << header;
  os.write(data.data(), data.size());
}
