// RUN: compress-opt %s | compress-opt | FileCheck %s
// RUN: compress-opt %s --verify-roundtrip | FileCheck %s
// RUN: compress-opt %s --compress-print-sizes --verify-diagnostics -o /dev/null

// Method: NF4 with double quantization (QLoRA / bitsandbytes).
//
// Each block of 64 weights is divided by its absolute maximum and stored as a
// 4-bit index into the fixed NormalFloat table (quantiles of N(0, 1) scaled to
// [-1, 1]): `#compress.lut<table = nf4, block = [1, 64], scale = ...>`. Double
// quantization stores the absmax constants themselves in 8 bits, in blocks of
// 256 constants with one f32 scale each. A row of 1024 weights has 16 absmax
// values, so 256 consecutive absmax values (bitsandbytes flattens them) are 16
// full rows: `block = [16, 16]` of the [64, 16] parameter grid. The scale slot
// is `#compress.uniform<bits = 8, unsigned, ..., scale = f32, min = f32>`
// (bitsandbytes maps the 8-bit codes through a dynamic non-uniform table and
// subtracts one mean per tensor; this file uses the uniform form, with an f32
// min per block of 256 in place of the mean).
//
// Reference: Dettmers et al., "QLoRA: Efficient Finetuning of Quantized LLMs"
// (NeurIPS 2023).
//
// Storage of the 64x1024 bf16 weight (65536 weights, 131072 bytes dense):
//   indices        64 x 1024 x 4 bits = 512 bytes per row  = 64x512 i8 = 32768 bytes
//                  (a splat here: inline dense<> is limited to 4096 bytes
//                  unless it is a splat)
//   scales.codes   64 x (1024 / 64) = 64x16 8-bit codes    = 64x16 i8  =  1024 bytes
//   scales.scales  (64 / 16) x (16 / 16) f32               = 4x1 f32   =    16 bytes
//   scales.mins    4x1 f32                                             =    16 bytes
//   total 33824 bytes: 33824 * 8 / 65536 = 4.129 -> 4.13 bits per weight
//   (QLoRA: 4 + 8/64 + 32/(64*256) = 4.127), 131072 / 33824 = 3.875 -> 3.88x smaller.

!w = !compress.tensor<64x1024xbf16, #compress.lut<table = nf4, block = [1, 64], scale = #compress.uniform<bits = 8, unsigned, block = [16, 16], scale = f32, min = f32>>>

// CHECK-LABEL: func.func @nf4_double_quant
// CHECK-SAME:    (%[[X:.*]]: tensor<2x16x1024xbf16>) -> tensor<2x16x64xbf16>
// CHECK:         %[[W:.*]] = compress.constant {indices = dense<-85> : tensor<64x512xi8>, scales.codes = dense_resource<nf4_absmax_codes> : tensor<64x16xi8>, scales.mins = dense_resource<nf4_absmax_mins> : tensor<4x1xf32>, scales.scales = dense_resource<nf4_absmax_scales> : tensor<4x1xf32>}
// CHECK-SAME:      : !compress.tensor<64x1024xbf16, #compress.lut<table = nf4, block = [1, 64], scale = #compress.uniform<bits = 8, unsigned, block = [16, 16], scale = f32, min = f32>>>
// CHECK:         %[[Y:.*]] = compress.matmul %[[X]], %[[W]] transpose_rhs acc(f32) : tensor<2x16x1024xbf16>, !compress.tensor<64x1024xbf16, #compress.lut<table = nf4, block = [1, 64], scale = #compress.uniform<bits = 8, unsigned, block = [16, 16], scale = f32, min = f32>>> -> tensor<2x16x64xbf16>
// CHECK:         return %[[Y]]
// CHECK-DAG:   nf4_absmax_codes: "0x0100000029F88512004AF0BF{{[0-9A-F]+}}C120CD4395E6510D"
// CHECK-DAG:   nf4_absmax_scales: "0x04000000353F323972072139F8EC0B3991A6C739"
// CHECK-DAG:   nf4_absmax_mins: "0x0400000055CD83BC056499BCE302ACBC91E1F4BC"

// expected-remark @below {{total: 1 compressed values, 33824 bytes, 4.13 bits per weight (131072 bytes dense, 3.88x smaller)}}
module {
  // A batch of 2 sequences of 16 tokens shares the weight.
  func.func @nf4_double_quant(%x: tensor<2x16x1024xbf16>) -> tensor<2x16x64xbf16> {
    // expected-remark @unknown {{'model.layers.0.self_attn.v_proj.weight' '!compress.tensor<64x1024xbf16, #compress.lut<table = nf4, block = [1, 64], scale = #compress.uniform<bits = 8, unsigned, block = [16, 16], scale = f32, min = f32>>>': 33824 bytes, 4.13 bits per weight (131072 bytes dense 'bf16', 3.88x smaller)}}
    %w = compress.constant {indices = dense<-85> : tensor<64x512xi8>,
                            scales.codes = dense_resource<nf4_absmax_codes> : tensor<64x16xi8>,
                            scales.scales = dense_resource<nf4_absmax_scales> : tensor<4x1xf32>,
                            scales.mins = dense_resource<nf4_absmax_mins> : tensor<4x1xf32>}
        : !w loc("model.layers.0.self_attn.v_proj.weight")
    %y = compress.matmul %x, %w transpose_rhs acc(f32) : tensor<2x16x1024xbf16>, !w -> tensor<2x16x64xbf16>
    return %y : tensor<2x16x64xbf16>
  }
}

{-#
  dialect_resources: {
    builtin: {
      // scales.codes: 64x16 i8, 8-bit absmax codes (1024 bytes)
      nf4_absmax_codes: "0x0100000029F88512004AF0BFA30B8BFA65D33062872DD9AB2FB9D180E3306495311766B8F9630EB97DDC9BB63D2D653B899F64C2F772466B06605608AA9CBFC1C79440FA1B5ED8CB31E17D2DE4E4C227DAF19BD12B6288E7F958090B3F80B86083E7A882D2D7F889F3F5FB48C1FE9CEFA5BB53C088A3CBF9509403E61D5D0F39BDB9FE1F624F8907D8FB26F07633BDB94A7CA24913313517F4EC230F412A5287E7FF0A4660E1F5E1E48DF42095BA92B8112A8D8F8CF2DCE3BE102B7F7A1058ACBD101A6BDDAF27503ACC45EDFD264125B30F5F4C5E904DC6727140D653A27B02C560A6C3E104CB4577BE8B5E4C5444C4261F0614F11E3A33BC101E73D073962FF1271E56E03D395B190FD99282E376676D8E0682A92F10B9BB3B730EB8AEDF1AB0470F05AC22F801ED872C8B754340D65D7CC4DBF58A8146991062E5355A3701523D4DC9F2F8F06EC64FEA05ACD580A34492BDB972029C5A2AD0762D63C2D2404B19F9BAA8C78B22854315384F3A2C2C3F6EB3AD517D595E7340F5EA3845E964BE4AAA86228C001F0FF5E9A21F058C33C4AC34BF484BBDF0CF094D35E4BF0641F58724F43DCC6557E0A982B1968BE7177F01FD825712A4076B9B614E8E1D8B9ABF6F57012EB65EB35DF471F3C4B73E2CDC1B68E089701CF78188B899DABD30D4538E1FA21D28391FE0DC2E5A86B40020889EB1C6CE273A90FDE4839E7B071AC24E7096063686453C0FCC83FA6C238D59454E320C6FA7D6F3F9E7A5E8625A397147C872B4EE8C62730DD07CCB3D11A1BAFF81DFC09BB8BE1DD25C9C94F17B35EB52BBDBEFA724E8DDF8063721F6DE1E0DB3B9525BF524CF3A0FB1778087C5B801B0D69959FCB413086803160FF334D4F7A7F06769BF49386C197289D570B6F3BD4CBD8F611C6666CD17D90C27293C6232F6A95FE16B0470A76D974C030E9535CF6E6AD3FF2DDD57466690D799CD10E06E649877DCB918A1B9B7CFDCB7D1924E8365EE58034C217282ED066C9C1D14FAC73FB3A54694018A4289A42CB33D007C9C6A6B23DC0DB4A167D0C31B1E5F787F9556835AB7B49272512440E71C3A2914B7BEE4CF8D7AD5D8A7E4C37E192FD9C836E6AA583325326069FE7C02B75F1611C90390E23C66F6510107F2B47D4AE2C1D479A76E3BCCED186E978B368373A8BB9C8CCDDDA1E5B2663BD4892977B215273A5007AE09D8164062063B8C576C71356E05A5CB240CB950E54BDE8E1AC499F00099954B006C98384101BEB63A66B1D0A53862813DEADB3CA9B97B06D4853E580B100706A226E11B4E8C8D987E707FA98B501A2D7BEE3BCAF9C4AA43254B8C7D1570A20CC3B2AB5AE86C3AA15448624F2A5BF67DD206E2E8103DAB04A0F1EF7F22D6CB08F04908EE1C003C2E23556E6763FC7F2E30B73E37F00BAA785E38F48375A7336DDD14AC293E3DB33F34C120CD4395E6510D",
      // scales.scales: 4x1 f32 (16 bytes)
      nf4_absmax_scales: "0x04000000353F323972072139F8EC0B3991A6C739",
      // scales.mins: 4x1 f32 (16 bytes)
      nf4_absmax_mins: "0x0400000055CD83BC056499BCE302ACBC91E1F4BC"
    }
  }
#-}
