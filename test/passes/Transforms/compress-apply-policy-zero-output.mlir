// When the dense outputs on the calibration inputs are all zero but the
// compressed ones are not, no relative output error exists: the report says
// null (JSON has no inf or NaN). The inputs are make_npy.py's [-2.5, 2.125];
// W = [2.125, 2.5] gives exactly -2.5 * 2.125 + 2.125 * 2.5 = 0, while its
// int8 form (scale 2.5 / 127, codes 108 and 127) does not.
// RUN: %python %S/Inputs/make_npy.py %t.npy 1x2 f4
// RUN: compress-opt %s --compress-apply-policy="policy=%S/Inputs/policy-int8.yaml report=%t.json calibration=%t.npy" -o /dev/null
// RUN: FileCheck %s --input-file=%t.json
// CHECK: "name": "w",
// CHECK: "output_rel_error": null,
func.func @zero_output(%v: tensor<2xf32>, %init: tensor<1xf32>) -> tensor<1xf32> {
  %w = arith.constant dense<[[2.125, 2.5]]> : tensor<1x2xf32> loc("w")
  %y = linalg.matvec ins(%w, %v : tensor<1x2xf32>, tensor<2xf32>) outs(%init : tensor<1xf32>) -> tensor<1xf32>
  return %y : tensor<1xf32>
}
