//===- EigenSupport.h - Eigen, included without its warnings ----*- C++ -*-===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//
//
// Includes Eigen's dense module with the warnings it may raise under the
// project's flags (deprecated declarations, which are errors, among them)
// silenced, and names the matrix types the quantizers use. Include this
// only from .cpp files: the public headers take llvm::ArrayRef.
//
//===----------------------------------------------------------------------===//

#ifndef COMPRESS_LIB_QUANTIZERS_EIGENSUPPORT_H
#define COMPRESS_LIB_QUANTIZERS_EIGENSUPPORT_H

#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
#pragma clang diagnostic ignored "-Wdeprecated-copy"
#pragma clang diagnostic ignored "-Wdeprecated"
#pragma clang diagnostic ignored "-Wunused-parameter"
#pragma clang diagnostic ignored "-Wshadow"
#elif defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#pragma GCC diagnostic ignored "-Wdeprecated-copy"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wshadow"
#endif

#include <Eigen/Dense>

#if defined(__clang__)
#pragma clang diagnostic pop
#elif defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace mlir::compress::quant {

/// Column-major (Eigen's default) and row-major dynamic matrices.
using MatrixD = Eigen::MatrixXd;
using RowMatrixD =
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMatrixF =
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

} // namespace mlir::compress::quant

#endif // COMPRESS_LIB_QUANTIZERS_EIGENSUPPORT_H
