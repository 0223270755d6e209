//===- MatmulParts.cpp - Matmul by one part of a weight -------------------===//
//
// Part of the Compress project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/MatmulParts.h"

#include "passes/Conversion/Passes.h"

#include "lib/Builders/TensorBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::compress;

namespace {

Value zeroOf(OpBuilder &b, Location loc, Type type) {
  return arith::ConstantOp::create(b, loc, type, b.getZeroAttr(type));
}

/// A zero-filled accumulator shaped like `lhs` with its last dimension
/// replaced by `n`.
Value zeroAccumulator(OpBuilder &b, Location loc, Value lhs, int64_t n,
                      Type accType) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  SmallVector<int64_t> shape(lhsType.getShape());
  shape.back() = n;
  SmallVector<int64_t> likeDims(shape.size(), 0);
  for (int64_t d = 0; d + 1 < int64_t(shape.size()); ++d)
    likeDims[d] = d;
  Value init = createEmptyLike(b, loc, RankedTensorType::get(shape, accType),
                               lhs, likeDims);
  return linalg::FillOp::create(b, loc, zeroOf(b, loc, accType), init)
      .getResult(0);
}

/// acc + x * w in `accType`.
Value multiplyAdd(OpBuilder &b, Location loc, Value acc, Value x, Value w) {
  Type accType = acc.getType();
  auto fast = arith::FastMathFlags::contract;
  Value product =
      arith::MulFOp::create(b, loc, convertFloat(b, loc, x, accType),
                            convertFloat(b, loc, w, accType), fast);
  return arith::AddFOp::create(b, loc, acc, product, fast);
}

/// init[...] + sum over the last dimension of `lanes`.
Value sumLanes(OpBuilder &b, Location loc, Value lanes, Value init) {
  auto type = cast<RankedTensorType>(lanes.getType());
  int64_t rank = type.getRank();
  MLIRContext *ctx = b.getContext();
  AffineMap all = AffineMap::getMultiDimIdentityMap(rank, ctx);
  AffineMap dropLast =
      all.getSubMap(llvm::to_vector(llvm::seq<unsigned>(0, rank - 1)));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  iterators.back() = utils::IteratorType::reduction;
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{lanes},
             ValueRange{init}, SmallVector<AffineMap>{all, dropLast}, iterators,
             [&](OpBuilder &b, Location loc, ValueRange args) {
               linalg::YieldOp::create(
                   b, loc,
                   arith::AddFOp::create(b, loc, args[1], args[0],
                                         arith::FastMathFlags::contract)
                       .getResult());
             })
      .getResult(0);
}

/// init[b..., m, n] + sum_k lhs[b..., m, k] * decode(weight)[(b...,) n, k]
/// (or [k, n] without transpose_rhs): one generic, the decode in its body.
/// With transpose_rhs, k is split into digits that align with the weight's
/// groups and packed bytes (ElementDecoder::suggestSplit): for int4 in groups
/// of 128, k = 128 g + 2 j + p with loops (g, p, j), so that the innermost
/// loop j reads consecutive bytes of one row and one scale per group. The
/// activations are reshaped (and deinterleaved) to match.
Value accumulateFused(OpBuilder &b, Location loc, ElementDecoder weight,
                      MatmulLayout layout, Value lhs, Value init) {
  weight.prepare(b, loc);
  MLIRContext *ctx = b.getContext();
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  ArrayRef<int64_t> rhsShape = weight.getShape();
  Type accType = layout.accType;
  bool transposed = layout.transposeRhs;
  int64_t rhsRank = rhsShape.size();
  int64_t reduction = rhsShape[transposed ? rhsRank - 1 : rhsRank - 2];
  int64_t numOut = rhsShape[transposed ? rhsRank - 2 : rhsRank - 1];

  DimensionSplit split{{reduction}, -1};
  if (transposed)
    split = weight.suggestSplit(rhsRank - 1);
  int64_t numDigits = split.radices.size();
  // digitOrder[i]: the digit at the i-th reduction loop; the pack digit
  // goes just before the last so the innermost loop walks bytes.
  SmallVector<int64_t> digitOrder;
  for (int64_t d = 0; d < numDigits; ++d)
    if (d != split.packDigit)
      digitOrder.push_back(d);
  if (split.packDigit >= 0)
    digitOrder.insert(digitOrder.end() - 1, split.packDigit);

  // Loops: lhs batch dims, m (when lhs is a matrix), n, k digits.
  int64_t lhsRank = lhsType.getRank();
  int64_t numBatch = lhsRank >= 2 ? lhsRank - 2 : 0;
  bool hasM = lhsRank >= 2;
  int64_t nDim = numBatch + (hasM ? 1 : 0);
  int64_t numLoops = nDim + 1 + numDigits;
  auto kLoop = [&](int64_t position) { return nDim + 1 + position; };

  Value unsplit = lhs;
  lhs = splitLastDim(b, loc, lhs, split.radices, digitOrder);
  SmallVector<AffineExpr> lhsExprs, outExprs;
  for (int64_t d = 0; d < nDim; ++d) {
    lhsExprs.push_back(getAffineDimExpr(d, ctx));
    outExprs.push_back(getAffineDimExpr(d, ctx));
  }
  for (int64_t position = 0; position < numDigits; ++position)
    lhsExprs.push_back(getAffineDimExpr(kLoop(position), ctx));
  outExprs.push_back(getAffineDimExpr(nDim, ctx));
  // Lane accumulators: with a split reduction, the innermost digit stays
  // parallel and the kernel accumulates into P[..., n, lane] (a vector
  // register per row once vectorized); one small reduction over the lanes
  // follows. This keeps horizontal sums out of the kernel's inner loop.
  // Only when every activation row count is 1 (decode): with several rows,
  // each row would stream its own lane accumulators through memory, while
  // a horizontal sum per row keeps the decoded weights reused in registers.
  int64_t lanes = numDigits > 1 ? split.radices[digitOrder.back()] : 1;
  int64_t rows = 1;
  for (int64_t size : lhsType.getShape().drop_back())
    rows = ShapedType::isDynamic(size) || ShapedType::isDynamic(rows)
               ? ShapedType::kDynamic
               : rows * size;
  bool laneAccumulators = layout.laneAccumulators && lanes > 1 && rows == 1;
  if (laneAccumulators)
    outExprs.push_back(getAffineDimExpr(kLoop(numDigits - 1), ctx));
  SmallVector<AffineMap> maps = {AffineMap::get(numLoops, 0, lhsExprs, ctx),
                                 AffineMap::get(numLoops, 0, outExprs, ctx)};
  SmallVector<utils::IteratorType> iterators(numLoops,
                                             utils::IteratorType::parallel);
  for (int64_t position = 0; position < numDigits; ++position)
    iterators[kLoop(position)] = utils::IteratorType::reduction;
  if (laneAccumulators)
    iterators[kLoop(numDigits - 1)] = utils::IteratorType::parallel;

  // Loops that do not index the weight: m and unshared batch dims.
  int64_t rhsBatch = rhsRank - 2;
  SmallVector<int64_t> activationDims;
  for (int64_t d = 0; d < numBatch - rhsBatch; ++d)
    activationDims.push_back(d);
  if (hasM)
    activationDims.push_back(nDim - 1);

  // Accumulate in `acc`; the result dims follow lhs (m and batch) and n.
  Value resultInit =
      init ? init : zeroAccumulator(b, loc, unsplit, numOut, accType);
  Value acc = resultInit;
  if (laneAccumulators) {
    auto accTensorType = cast<RankedTensorType>(resultInit.getType());
    SmallVector<int64_t> shape(accTensorType.getShape());
    shape.push_back(lanes);
    SmallVector<int64_t> laneLikeDims;
    for (int64_t d = 0; d + 1 < accTensorType.getRank(); ++d)
      laneLikeDims.push_back(d);
    laneLikeDims.append({0, 0});
    acc = createEmptyLike(b, loc, accTensorType.clone(shape), unsplit,
                          laneLikeDims);
    acc = linalg::FillOp::create(b, loc, zeroOf(b, loc, accType), acc)
              .getResult(0);
  }

  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{acc.getType()}, ValueRange{lhs}, ValueRange{acc}, maps,
      iterators, [&](OpBuilder &b, Location loc, ValueRange args) {
        // The weight element: its batch dims, then (n, k) or (k, n).
        SmallVector<IndexExpr> index;
        for (int64_t d = 0; d < rhsBatch; ++d)
          index.push_back(IndexExpr::of(
              linalg::IndexOp::create(b, loc, numBatch - rhsBatch + d),
              rhsShape[d]));
        IndexExpr k = IndexExpr::constantOf(0);
        for (int64_t position = 0; position < numDigits; ++position) {
          int64_t digit = digitOrder[position];
          int64_t stride = 1;
          for (int64_t radix : ArrayRef(split.radices).drop_front(digit + 1))
            stride *= radix;
          k = k.plus(
              IndexExpr::of(linalg::IndexOp::create(b, loc, kLoop(position)),
                            split.radices[digit])
                  .scaled(stride));
        }
        IndexExpr n =
            IndexExpr::of(linalg::IndexOp::create(b, loc, nDim), numOut);
        if (transposed)
          index.append({n, k});
        else
          index.append({k, n});
        Value w = weight.build(b, loc, index);
        linalg::YieldOp::create(b, loc,
                                multiplyAdd(b, loc, args[1], args[0], w));
      });
  generic->setAttr(kActivationDimsAttr, b.getDenseI64ArrayAttr(activationDims));
  Value result = generic.getResult(0);
  if (laneAccumulators)
    result = sumLanes(b, loc, result, resultInit);
  return result;
}

/// The weight decoded once into a dense f32 tensor (its elements rounded to
/// its element type): one elementwise generic.
Value materializeWeight(OpBuilder &b, Location loc, ElementDecoder weight) {
  weight.prepare(b, loc);
  ArrayRef<int64_t> shape = weight.getShape();
  int64_t rank = shape.size();
  Value init = tensor::EmptyOp::create(b, loc, shape, b.getF32Type());
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{}, ValueRange{init},
             SmallVector<AffineMap>{b.getMultiDimIdentityMap(rank)},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &b, Location loc, ValueRange args) {
               SmallVector<Value> index;
               for (int64_t d = 0; d < rank; ++d)
                 index.push_back(linalg::IndexOp::create(b, loc, d));
               linalg::YieldOp::create(b, loc, weight.build(b, loc, index));
             })
      .getResult(0);
}

/// init + lhs @ dense, where `dense` is [..., N, K] (transpose_rhs) or
/// [..., K, N]: one generic over (batch..., m, n, k).
Value accumulateDense(OpBuilder &b, Location loc, Value dense,
                      MatmulLayout layout, Value lhs, Value init) {
  MLIRContext *ctx = b.getContext();
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  ArrayRef<int64_t> rhsShape =
      cast<RankedTensorType>(dense.getType()).getShape();
  int64_t lhsRank = lhsType.getRank(), rhsRank = rhsShape.size();
  int64_t numOut = rhsShape[layout.transposeRhs ? rhsRank - 2 : rhsRank - 1];
  int64_t numBatch = lhsRank >= 2 ? lhsRank - 2 : 0;
  int64_t nDim = lhsRank - 1, kDim = lhsRank, numLoops = lhsRank + 1;
  int64_t rhsBatch = rhsRank - 2;
  auto dim = [&](int64_t d) { return getAffineDimExpr(d, ctx); };
  SmallVector<AffineExpr> lhsExprs, rhsExprs, outExprs;
  for (int64_t d = 0; d < nDim; ++d) {
    lhsExprs.push_back(dim(d));
    outExprs.push_back(dim(d));
  }
  lhsExprs.push_back(dim(kDim));
  outExprs.push_back(dim(nDim));
  for (int64_t d = 0; d < rhsBatch; ++d)
    rhsExprs.push_back(dim(numBatch - rhsBatch + d));
  if (layout.transposeRhs)
    rhsExprs.append({dim(nDim), dim(kDim)});
  else
    rhsExprs.append({dim(kDim), dim(nDim)});
  SmallVector<utils::IteratorType> iterators(numLoops,
                                             utils::IteratorType::parallel);
  iterators.back() = utils::IteratorType::reduction;
  if (!init)
    init = zeroAccumulator(b, loc, lhs, numOut, layout.accType);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{lhs, dense},
             ValueRange{init},
             SmallVector<AffineMap>{AffineMap::get(numLoops, 0, lhsExprs, ctx),
                                    AffineMap::get(numLoops, 0, rhsExprs, ctx),
                                    AffineMap::get(numLoops, 0, outExprs, ctx)},
             iterators,
             [&](OpBuilder &b, Location loc, ValueRange args) {
               linalg::YieldOp::create(
                   b, loc, multiplyAdd(b, loc, args[2], args[0], args[1]));
             })
      .getResult(0);
}

/// The body of a row kernel: the new accumulator of output element
/// [outer..., n] from `acc`.
using RowBody =
    function_ref<Value(OpBuilder &, Location, ArrayRef<Value>, Value, Value)>;

/// init[o..., n] = body(o..., n, init[o..., n]) for every n < numOut and
/// every o indexing lhs but its last dimension: the kernels that find the
/// weight's kept values of row n in a loop of their own.
Value rowKernel(OpBuilder &b, Location loc, Value lhs, Value init,
                int64_t numOut, Type accType, RowBody body) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  int64_t numOuter = lhsType.getRank() - 1;
  if (!init)
    init = zeroAccumulator(b, loc, lhs, numOut, accType);
  int64_t numLoops = numOuter + 1;
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{}, ValueRange{init},
      SmallVector<AffineMap>{b.getMultiDimIdentityMap(numLoops)},
      SmallVector<utils::IteratorType>(numLoops, utils::IteratorType::parallel),
      [&](OpBuilder &b, Location loc, ValueRange args) {
        SmallVector<Value> outer;
        for (int64_t d = 0; d < numOuter; ++d)
          outer.push_back(linalg::IndexOp::create(b, loc, d));
        Value n = linalg::IndexOp::create(b, loc, numOuter);
        linalg::YieldOp::create(b, loc, body(b, loc, outer, n, args[0]));
      });
  generic->setAttr(kActivationDimsAttr, b.getDenseI64ArrayAttr(llvm::to_vector(
                                            llvm::seq<int64_t>(0, numOuter))));
  return generic.getResult(0);
}

/// lhs[outer..., k].
Value readLhs(OpBuilder &b, Location loc, Value lhs, ArrayRef<Value> outer,
              Value k) {
  SmallVector<Value> index(outer);
  index.push_back(k);
  return tensor::ExtractOp::create(b, loc, lhs, index);
}

/// N:M along the reduction: output n sums, over the groups g of M inputs
/// and their kept slots s, values[n, g N + s] * x[g M + positions[n, g N + s]]
/// (values[g N + s, n] for a [K, N] weight).
Value accumulateNM(OpBuilder &b, Location loc, const ElementDecoder &weight,
                   SparseAttr attr, MatmulLayout layout, Value lhs,
                   Value init) {
  bool transposed = layout.transposeRhs;
  ArrayRef<int64_t> shape = weight.getShape();
  int64_t numOut = shape[transposed ? 0 : 1];
  int64_t n = attr.getN(), m = attr.getM();
  int64_t groups = shape[transposed ? 1 : 0] / m;
  SmallVector<int64_t> kept = encoding::getSparseValuesShape(attr, shape);
  ElementDecoder values =
      weight.getPart(attr.getValues(), kept, weight.getRole("values"),
                     weight.getElementType());
  values.prepare(b, loc);
  std::string positions = weight.getRole("positions");
  return rowKernel(
      b, loc, lhs, init, numOut, layout.accType,
      [&](OpBuilder &b, Location loc, ArrayRef<Value> outer, Value row,
          Value acc) {
        IndexExpr out = IndexExpr::of(row, numOut);
        return buildForLoop(
                   b, loc, indexConstant(b, loc, 0),
                   indexConstant(b, loc, groups), acc,
                   [&](OpBuilder &b, Location loc, Value g, ValueRange args) {
                     Value acc = args[0];
                     Value base = arith::MulIOp::create(
                         b, loc, g, indexConstant(b, loc, m));
                     for (int64_t s = 0; s < n; ++s) {
                       IndexExpr slot = IndexExpr::of(g, groups).scaled(n).plus(
                           IndexExpr::constantOf(s));
                       SmallVector<IndexExpr> index =
                           transposed ? SmallVector<IndexExpr>{out, slot}
                                      : SmallVector<IndexExpr>{slot, out};
                       Value position =
                           weight.readIndex(b, loc, positions, index);
                       Value k = arith::AddIOp::create(b, loc, base, position);
                       acc = multiplyAdd(b, loc, acc,
                                         readLhs(b, loc, lhs, outer, k),
                                         values.build(b, loc, index));
                     }
                     return SmallVector<Value>{acc};
                   })
            .front();
      });
}

/// CSR ([N, K], transpose_rhs): output n sums values[k] * x[col_indices[k]]
/// over k in [row_ptr[n], row_ptr[n+1]).
Value accumulateCSR(OpBuilder &b, Location loc, const ElementDecoder &weight,
                    SparseAttr attr, MatmulLayout layout, Value lhs,
                    Value init) {
  int64_t numOut = weight.getShape()[0];
  int64_t count = attr.getCount();
  ElementDecoder values =
      weight.getPart(attr.getValues(), {count}, weight.getRole("values"),
                     weight.getElementType());
  values.prepare(b, loc);
  std::string rowPtr = weight.getRole("row_ptr");
  std::string columns = weight.getRole("col_indices");
  return rowKernel(
      b, loc, lhs, init, numOut, layout.accType,
      [&](OpBuilder &b, Location loc, ArrayRef<Value> outer, Value row,
          Value acc) {
        IndexExpr r = IndexExpr::of(row, numOut + 1);
        Value lower = weight.readIndex(b, loc, rowPtr, {r});
        Value upper = weight.readIndex(b, loc, rowPtr,
                                       {r.plus(IndexExpr::constantOf(1))});
        return buildForLoop(
                   b, loc, lower, upper, acc,
                   [&](OpBuilder &b, Location loc, Value k, ValueRange args) {
                     IndexExpr entry = IndexExpr::of(k, count);
                     Value column = weight.readIndex(b, loc, columns, {entry});
                     return SmallVector<Value>{multiplyAdd(
                         b, loc, args[0], readLhs(b, loc, lhs, outer, column),
                         values.build(b, loc, {entry}))};
                   })
            .front();
      });
}

/// Blocks ([N, K], transpose_rhs, blocks of r x c): output n, row i of
/// block row n / r, sums over the kept blocks k of that block row and j < c
/// values[k, i c + j] * x[block_col_indices[k] c + j].
Value accumulateBlocks(OpBuilder &b, Location loc, const ElementDecoder &weight,
                       SparseAttr attr, MatmulLayout layout, Value lhs,
                       Value init) {
  int64_t numOut = weight.getShape()[0];
  int64_t blockRows = attr.getBlock()[0], blockCols = attr.getBlock()[1];
  int64_t count = attr.getCount();
  SmallVector<int64_t> kept =
      encoding::getSparseValuesShape(attr, weight.getShape());
  ElementDecoder values =
      weight.getPart(attr.getValues(), kept, weight.getRole("values"),
                     weight.getElementType());
  values.prepare(b, loc);
  std::string rowPtr = weight.getRole("block_row_ptr");
  std::string columns = weight.getRole("block_col_indices");
  return rowKernel(
      b, loc, lhs, init, numOut, layout.accType,
      [&](OpBuilder &b, Location loc, ArrayRef<Value> outer, Value row,
          Value acc) {
        Value rowsPerBlock = indexConstant(b, loc, blockRows);
        Value blockRow = arith::DivUIOp::create(b, loc, row, rowsPerBlock);
        Value inBlock = arith::RemUIOp::create(b, loc, row, rowsPerBlock);
        IndexExpr r = IndexExpr::of(blockRow, numOut / blockRows + 1);
        Value lower = weight.readIndex(b, loc, rowPtr, {r});
        Value upper = weight.readIndex(b, loc, rowPtr,
                                       {r.plus(IndexExpr::constantOf(1))});
        return buildForLoop(
                   b, loc, lower, upper, acc,
                   [&](OpBuilder &b, Location loc, Value k, ValueRange args) {
                     IndexExpr block = IndexExpr::of(k, count);
                     Value first = arith::MulIOp::create(
                         b, loc, weight.readIndex(b, loc, columns, {block}),
                         indexConstant(b, loc, blockCols));
                     return SmallVector<Value>(buildForLoop(
                         b, loc, indexConstant(b, loc, 0),
                         indexConstant(b, loc, blockCols), args,
                         [&](OpBuilder &b, Location loc, Value j,
                             ValueRange args) {
                           IndexExpr element =
                               IndexExpr::of(inBlock, blockRows)
                                   .scaled(blockCols)
                                   .plus(IndexExpr::of(j, blockCols));
                           Value column =
                               arith::AddIOp::create(b, loc, first, j);
                           return SmallVector<Value>{multiplyAdd(
                               b, loc, args[0],
                               readLhs(b, loc, lhs, outer, column),
                               values.build(b, loc, {block, element}))};
                         }));
                   })
            .front();
      });
}

/// Bitmap ([N, K], transpose_rhs): the values of row n start at the number
/// of mask bits set in the rows before it (computed once); the row's kernel
/// walks its mask bits and takes the next value at each set bit.
Value accumulateBitmap(OpBuilder &b, Location loc, const ElementDecoder &weight,
                       SparseAttr attr, MatmulLayout layout, Value lhs,
                       Value init) {
  int64_t numOut = weight.getShape()[0], reduction = weight.getShape()[1];
  int64_t count = attr.getCount();
  ElementDecoder values =
      weight.getPart(attr.getValues(), {count}, weight.getRole("values"),
                     weight.getElementType());
  values.prepare(b, loc);
  std::string mask = weight.getRole("mask");
  Value zero = indexConstant(b, loc, 0);
  auto bit = [&](OpBuilder &b, Location loc, Value row, Value k) {
    return weight.readIndex(
        b, loc, mask,
        {IndexExpr::of(row, numOut), IndexExpr::of(k, reduction)});
  };
  // offsets[n]: the set bits of rows 0 .. n-1.
  Value empty = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{numOut},
                                        b.getIndexType());
  Value offsets =
      buildForLoop(
          b, loc, zero, indexConstant(b, loc, numOut), ValueRange{empty, zero},
          [&](OpBuilder &b, Location loc, Value row, ValueRange args) {
            Value updated =
                tensor::InsertOp::create(b, loc, args[1], args[0], row);
            Value total =
                buildForLoop(
                    b, loc, zero, indexConstant(b, loc, reduction), args[1],
                    [&](OpBuilder &b, Location loc, Value k, ValueRange sum) {
                      return SmallVector<Value>{arith::AddIOp::create(
                          b, loc, sum[0], bit(b, loc, row, k))};
                    })
                    .front();
            return SmallVector<Value>{updated, total};
          })
          .front();
  return rowKernel(
      b, loc, lhs, init, numOut, layout.accType,
      [&](OpBuilder &b, Location loc, ArrayRef<Value> outer, Value row,
          Value acc) {
        Value start = tensor::ExtractOp::create(b, loc, offsets, row);
        return buildForLoop(
                   b, loc, indexConstant(b, loc, 0),
                   indexConstant(b, loc, reduction), ValueRange{acc, start},
                   [&](OpBuilder &b, Location loc, Value k, ValueRange args) {
                     Value set = arith::CmpIOp::create(
                         b, loc, arith::CmpIPredicate::ne, bit(b, loc, row, k),
                         indexConstant(b, loc, 0));
                     auto ifOp = scf::IfOp::create(
                         b, loc, set,
                         [&](OpBuilder &b, Location loc) {
                           Value sum = multiplyAdd(
                               b, loc, args[0], readLhs(b, loc, lhs, outer, k),
                               values.build(b, loc,
                                            {IndexExpr::of(args[1], count)}));
                           Value next = arith::AddIOp::create(
                               b, loc, args[1], indexConstant(b, loc, 1));
                           scf::YieldOp::create(b, loc, ValueRange{sum, next});
                         },
                         [&](OpBuilder &b, Location loc) {
                           scf::YieldOp::create(b, loc, args);
                         });
                     return SmallVector<Value>(ifOp.getResults());
                   })
            .front();
      });
}

/// lhs with its last dimension gathered through the permutation `role`:
/// result[..., j] = lhs[..., perm[j]].
Value permuteLhs(OpBuilder &b, Location loc, const ElementDecoder &weight,
                 StringRef role, Value lhs) {
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  int64_t rank = lhsType.getRank();
  int64_t size = lhsType.getShape().back();
  Value init = createEmptyLike(b, loc, lhsType, lhs,
                               llvm::to_vector(llvm::seq<int64_t>(0, rank)));
  return linalg::GenericOp::create(
             b, loc, TypeRange{lhsType}, ValueRange{}, ValueRange{init},
             SmallVector<AffineMap>{b.getMultiDimIdentityMap(rank)},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &b, Location loc, ValueRange args) {
               SmallVector<Value> index;
               for (int64_t d = 0; d < rank; ++d)
                 index.push_back(linalg::IndexOp::create(b, loc, d));
               index.back() = weight.readIndex(
                   b, loc, role, {IndexExpr::of(index.back(), size)});
               linalg::YieldOp::create(
                   b, loc,
                   tensor::ExtractOp::create(b, loc, lhs, index).getResult());
             })
      .getResult(0);
}

} // namespace

Value mlir::compress::accumulateMatmul(OpBuilder &b, Location loc,
                                       const ElementDecoder &weight,
                                       MatmulLayout layout, Value lhs,
                                       Value init) {
  Attribute encoding = weight.getEncoding();
  ArrayRef<int64_t> shape = weight.getShape();
  int64_t rank = shape.size();
  int64_t reductionAxis = layout.transposeRhs ? rank - 1 : rank - 2;
  // Sums and low-rank products reorder the decode's arithmetic: exact only
  // when the weight's elements are not rounded below f32, or where
  // compress.matmul is defined through the factors (a low-rank weight or a
  // sum with a low-rank term, whatever its element type).
  bool unrounded =
      weight.getElementType().isF32() ||
      encoding::multipliesThroughFactors(encoding, shape);

  if (auto sum = dyn_cast<SumAttr>(encoding); sum && unrounded) {
    // One accumulation per term.
    for (auto [i, term] : llvm::enumerate(sum.getTerms()))
      init = accumulateMatmul(
          b, loc,
          weight.getPart(term, shape,
                         weight.getRole(("term" + Twine(i)).str())),
          layout, lhs, init);
    return init;
  }
  if (auto lowRank = dyn_cast<LowRankAttr>(encoding);
      lowRank && unrounded && rank == 2) {
    // Through the rank-wide intermediate: W[N, K] = U V is x V^T U^T, and
    // W[K, N] = U V is (x U) V.
    auto [uShape, vShape] = encoding::getLowRankFactorShapes(lowRank, shape);
    ElementDecoder u =
        weight.getPart(lowRank.getU(), uShape, weight.getRole("u"));
    ElementDecoder v =
        weight.getPart(lowRank.getV(), vShape, weight.getRole("v"));
    const ElementDecoder &first = layout.transposeRhs ? v : u;
    const ElementDecoder &second = layout.transposeRhs ? u : v;
    Value middle = accumulateMatmul(b, loc, first, layout, lhs, Value());
    return accumulateMatmul(b, loc, second, layout, middle, init);
  }
  if (auto sparse = dyn_cast<SparseAttr>(encoding); sparse && rank == 2) {
    switch (sparse.getPattern()) {
    case SparsePattern::NM:
      if (encoding::getNMAxis(sparse, shape) == reductionAxis)
        return accumulateNM(b, loc, weight, sparse, layout, lhs, init);
      break;
    case SparsePattern::CSR:
      if (layout.transposeRhs)
        return accumulateCSR(b, loc, weight, sparse, layout, lhs, init);
      break;
    case SparsePattern::Block:
      if (layout.transposeRhs)
        return accumulateBlocks(b, loc, weight, sparse, layout, lhs, init);
      break;
    case SparsePattern::Bitmap:
      if (layout.transposeRhs)
        return accumulateBitmap(b, loc, weight, sparse, layout, lhs, init);
      break;
    }
  }
  if (auto permuted = dyn_cast<PermutedAttr>(encoding);
      permuted && permuted.getAxis() == reductionAxis) {
    // sum_k x[k] W[.., perm[j] ..] = sum_j x[perm[j]] body[.., j ..].
    Value gathered = permuteLhs(b, loc, weight, weight.getRole("perm"), lhs);
    return accumulateMatmul(b, loc,
                            weight.getPart(permuted.getBody(), shape,
                                           weight.getRole("body"),
                                           weight.getElementType()),
                            layout, gathered, init);
  }
  // Decoding an element of a low-rank part loops over the rank: decode the
  // weight once rather than in the kernel for every activation row.
  if (weight.decodeLoops())
    return accumulateDense(b, loc, materializeWeight(b, loc, weight), layout,
                           lhs, init);
  return accumulateFused(b, loc, weight, layout, lhs, init);
}
