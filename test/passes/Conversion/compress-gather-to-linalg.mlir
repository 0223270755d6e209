// RUN: compress-opt %s --split-input-file --compress-gather-to-linalg \
// RUN:   | FileCheck %s --implicit-check-not=tensor.gather

// An embedding lookup (rank-reduced): one generic over the rows and columns.
func.func @lookup(%table: tensor<5x3xf32>, %ids: tensor<2x1xi64>) -> tensor<2x3xf32> {
  %rows = tensor.gather %table[%ids] gather_dims([0]) : (tensor<5x3xf32>, tensor<2x1xi64>) -> tensor<2x3xf32>
  return %rows : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @lookup(
// CHECK-SAME:      %[[TABLE:.*]]: tensor<5x3xf32>, %[[IDS:.*]]: tensor<2x1xi64>)
// CHECK:         %[[ROWS:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} outs(%{{.*}} : tensor<2x3xf32>)
// CHECK:           %[[B:.*]] = linalg.index 0 : index
// CHECK:           %[[ID:.*]] = tensor.extract %[[IDS]][%[[B]], %{{.*}}] : tensor<2x1xi64>
// CHECK:           %[[ROW:.*]] = arith.index_cast %[[ID]] : i64 to index
// CHECK:           %[[COL:.*]] = linalg.index 1 : index
// CHECK:           %[[V:.*]] = tensor.extract %[[TABLE]][%[[ROW]], %[[COL]]] : tensor<5x3xf32>
// CHECK:           linalg.yield %[[V]] : f32
// CHECK:         return %[[ROWS]]

// -----

// Gathered dimensions kept as 1s; two gathered dimensions of three.
func.func @kept(%source: tensor<4x5x6xf16>, %at: tensor<7x2xindex>) -> tensor<7x1x5x1xf16> {
  %g = tensor.gather %source[%at] gather_dims([0, 2]) : (tensor<4x5x6xf16>, tensor<7x2xindex>) -> tensor<7x1x5x1xf16>
  return %g : tensor<7x1x5x1xf16>
}

// CHECK-LABEL: func.func @kept(
// CHECK-SAME:      %[[SOURCE:.*]]: tensor<4x5x6xf16>, %[[AT:.*]]: tensor<7x2xindex>)
// CHECK:         %[[G:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<7x5xf16>)
// CHECK-DAG:       %[[B:.*]] = linalg.index 0 : index
// CHECK-DAG:       %[[I0:.*]] = tensor.extract %[[AT]][%[[B]], %{{.*}}] : tensor<7x2xindex>
// CHECK-DAG:       %[[I2:.*]] = tensor.extract %[[AT]][%[[B]], %c1] : tensor<7x2xindex>
// CHECK-DAG:       %[[J:.*]] = linalg.index 1 : index
// CHECK:           tensor.extract %[[SOURCE]][%[[I0]], %[[J]], %[[I2]]] : tensor<4x5x6xf16>
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[G]] {{\[}}[0, 1], [2, 3]] output_shape [7, 1, 5, 1] : tensor<7x5xf16> into tensor<7x1x5x1xf16>
// CHECK:         return %[[E]]
