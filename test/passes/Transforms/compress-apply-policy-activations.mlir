// `activations: int8-b<B>` in a rule: the weight's compress.matmul gets
// int8_activations(B), the report says so and measures the output error with
// quantized activations; gathers and other rules keep f32 activations.
// RUN: rm -rf %t && mkdir -p %t
// RUN: compress-opt %s --compress-apply-policy="policy=%S/Inputs/policy-activations.yaml report=%t/report.json" | FileCheck %s
// RUN: FileCheck %s --check-prefix=REPORT --input-file=%t/report.json
// A block that does not divide K is an error at the weight, with a note at
// the rule.
// RUN: sed 's/int8-b8/int8-b5/' %S/Inputs/policy-activations.yaml > %t/bad.yaml
// RUN: not compress-opt %s --compress-apply-policy="policy=%t/bad.yaml" -o /dev/null 2>&1 | FileCheck %s --check-prefix=ERROR

// CHECK-LABEL: func.func @forward
// CHECK:         compress.matmul %{{.*}}, %{{.*}} transpose_rhs int8_activations(8) acc(f32) : tensor<2x16xf32>, !compress.tensor<8x16xf32, #compress.uniform<bits = 4, block = [1, 4], scale = f16>>
// CHECK:         compress.matmul %{{.*}}, %{{.*}} transpose_rhs acc(f32) : tensor<2x8xf32>, !compress.tensor<4x8xf32, #compress.uniform<bits = 8, per_axis = 0, scale = f32>>

// REPORT:      "name": "q_proj",
// REPORT:      "activations": "int8 per block of 8"
// REPORT:      "name": "out",
// REPORT:      "activations": "f32"

// ERROR: error: activations: int8 blocks of 5 do not divide the reduction size 16 of weight 'q_proj'
// ERROR: bad.yaml:7:18: note: the activations come from this rule

func.func @forward(%x: tensor<2x16xf32>) -> tensor<2x4xf32> {
  %wq = arith.constant dense_resource<q_proj> : tensor<8x16xf32>
  %wo = arith.constant dense_resource<out> : tensor<4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<2x8xf32>
  %i0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<2x8xf32>) -> tensor<2x8xf32>
  %h = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%x, %wq : tensor<2x16xf32>, tensor<8x16xf32>) outs(%i0 : tensor<2x8xf32>) -> tensor<2x8xf32>
  %e1 = tensor.empty() : tensor<2x4xf32>
  %i1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x4xf32>) -> tensor<2x4xf32>
  %y = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%h, %wo : tensor<2x8xf32>, tensor<4x8xf32>) outs(%i1 : tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      q_proj: "0x04000000193DA13A2DF5983ECC5B8CBED4FD63BF9CCAE8BE8CDC7DBF2359763D2C8CAB3F7E02FCBE71D71EBF94CCFA3EE5B9B63E6DE3D73D27336EBF85A1EFBC64FF313F390FACBF9D4CEABE445BF3BF930FA5BFF9BDEBBFBBBB70BEB03BA2BF29E38A3E5B83203ED36A3FBE971221C0C7E709BFEDA846BD8B0EE83D7DDBC3BF149CF4BE3A807ABFF50F4FBF87CB873F98BA4EBF7B3505BD6067623FD76615BFFEC3E4BD063BE23D05A0823DA1CE9CBF69EF9B3DEDEDAD3FD608C6BF81005C3FE26FF43D673724BFD30600407423433F4C8299BFF79B983DEEA1133F1A5041BE35D32E3F3C3A88BDBCD02A3F8221B83F34F82CBF9103503EA736EDBEA752023EFEF597BF1C4D14BF99E748BE6415663FA296923F5C69A9BFAF6D4BBF769B253F9D07FFBF9A24EDBE5E3EC7BDDEE5A03FC67C303F8488A7BEFBB5BCBE9D1980BE0303C33F1626DBBEFF7B9BBE8E86B43E7F56F7BDE0044ABEC1998EBF8AC43CBC141DE3BEAD43953FCF30273FD4C8C5BC051B2B3F6203AEBE14AC863FCCEEB0BB8C58153FFD3BA5BF0C80B13E1317D8BFD44202C065E49BBEA86166BF75FD273E18AA0F40CFEB54BFC4BA1FBF6955523E3D6CFC3ECBA334BE67DF52BE9DD4333FAB18053F7D4F84BFD129A2BDF188103D5AF986BFA109853E09A35BBF5DD9783F2F5F453E52E6B63DA24D17BFB5E9F2BD27B6FFBFF6D190BF23C6B93E713A08C056BB583F",
      out: "0x040000001780DFBF9DB9413F7E7258BFF66B473F1318063E02B7C4BF1BE49F3FDC89B83FB9C486BDC13E8CBE2AB423BE95A379BF7E9E8C3FF7FA0ABF0AAD51BD79154BBF544620BF7F8CA3BFA6E7A03F22C91DBEA446773F694F5A3C6EC431BF4A43A7BE4D6B0FBFE266023CFA22C0BE578F99BE2375B0BF748D4EBF28B8D33FF1D52BBF"
    }
  }
#-}
