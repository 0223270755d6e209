// RUN: compress-opt %s | compress-opt | FileCheck %s
// RUN: compress-opt %s --verify-roundtrip | FileCheck %s
// RUN: compress-opt %s --compress-print-sizes --verify-diagnostics -o /dev/null

// Method: GEAR, KV-cache compression encoded at run time.
//
// GEAR compresses the key and value caches as they are produced: an
// aggressive 4-bit uniform quantization of the bulk, a low-rank approximation
// of the quantization residual, and a sparse matrix of the few outliers
// (~2%) that the quantization would have distorted most. The cache is the sum
// of the three: `#compress.sum<#compress.uniform<bits = 4, unsigned, ...,
// zero_point = f16>, #compress.lowrank<rank = 4>, #compress.sparse<csr>>`.
// Keys are grouped per channel (`block = [32, 1]`: 32 tokens of one channel),
// values per token (`block = [1, 64]`), as KIVI does. Nothing is known at
// compile time, so the caches come from compress.encode (no storage is
// written in the IR) and feed the two attention products directly: Q K^T with
// `transpose_rhs`, and P V with the cache as a [K, N] weight.
//
// Reference: Kang et al., "GEAR: An Efficient KV Cache Compression Recipe for
// Near-Lossless Generative Inference of LLM" (2024); Liu et al., "KIVI: A
// Tuning-Free Asymmetric 2bit Quantization for KV Cache" (ICML 2024).
//
// Sizes of one 128x64 f16 cache (8192 values, 16384 bytes dense):
//   term0.codes        128 x 64 x 4 bits = 32 bytes per row       = 128x32 i8 = 4096 bytes
//   term0.scales       keys: (128 / 32) x 64 f16 = 4x64 f16 = 512 bytes;
//                      values: 128 x (64 / 64) f16 = 128x1 f16    =  256 bytes
//   term0.zero_points  as term0.scales: 512 (keys), 256 (values) bytes
//   term1.u            128 x 4 f16                                = 128x4 f16 = 1024 bytes
//   term1.v            4 x 64 f16                                 = 4x64 f16  =  512 bytes
//   term2.values       160 f16 (1.95% of the values)              = 160xf16   =  320 bytes
//   term2.row_ptr      (128 + 1) i16                              = 129xi16   =  258 bytes
//   term2.col_indices  160 i16                                    = 160xi16   =  320 bytes
//   keys:   4096 + 512 + 512 + 1024 + 512 + 898 = 7554 bytes,
//           7554 * 8 / 8192 = 7.377 -> 7.38 bits per value, 16384 / 7554 = 2.17x
//   values: 4096 + 256 + 256 + 1024 + 512 + 898 = 7042 bytes,
//           7042 * 8 / 8192 = 6.877 -> 6.88 bits per value, 16384 / 7042 = 2.33x
//   both:   14596 bytes, 14596 * 8 / 16384 = 7.127 -> 7.13 bits per value,
//           32768 / 14596 = 2.245 -> 2.24x smaller.

!k = !compress.tensor<128x64xf16, #compress.sum<#compress.uniform<bits = 4, unsigned, block = [32, 1], scale = f16, zero_point = f16>, #compress.lowrank<rank = 4, u = f16, v = f16>, #compress.sparse<csr, nnz = 160, index = i16, values = f16>>>
!v = !compress.tensor<128x64xf16, #compress.sum<#compress.uniform<bits = 4, unsigned, block = [1, 64], scale = f16, zero_point = f16>, #compress.lowrank<rank = 4, u = f16, v = f16>, #compress.sparse<csr, nnz = 160, index = i16, values = f16>>>

// CHECK-LABEL: func.func @gear_attention
// CHECK-SAME:    (%[[Q:.*]]: tensor<4x64xf16>, %[[KNEW:.*]]: tensor<128x64xf16>, %[[VNEW:.*]]: tensor<128x64xf16>) -> tensor<4x64xf16>
// CHECK:         %[[K:.*]] = compress.encode %[[KNEW]] : tensor<128x64xf16> -> !compress.tensor<128x64xf16, #compress.sum<#compress.uniform<bits = 4, unsigned, block = [32, 1], scale = f16, zero_point = f16>, #compress.lowrank<rank = 4, u = f16, v = f16>, #compress.sparse<csr, nnz = 160, index = i16, values = f16>>>
// CHECK:         %[[V:.*]] = compress.encode %[[VNEW]] : tensor<128x64xf16> -> !compress.tensor<128x64xf16, #compress.sum<#compress.uniform<bits = 4, unsigned, block = [1, 64], scale = f16, zero_point = f16>, #compress.lowrank<rank = 4, u = f16, v = f16>, #compress.sparse<csr, nnz = 160, index = i16, values = f16>>>
// CHECK:         %[[S:.*]] = compress.matmul %[[Q]], %[[K]] transpose_rhs acc(f32) : tensor<4x64xf16>, !compress.tensor<128x64xf16, #compress.sum<#compress.uniform<bits = 4, unsigned, block = [32, 1], scale = f16, zero_point = f16>, #compress.lowrank<rank = 4, u = f16, v = f16>, #compress.sparse<csr, nnz = 160, index = i16, values = f16>>> -> tensor<4x128xf16>
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<4x128xf16>
// CHECK:         %[[P:.*]] = linalg.softmax dimension(1) ins(%[[S]] : tensor<4x128xf16>) outs(%[[EMPTY]] : tensor<4x128xf16>) -> tensor<4x128xf16>
// CHECK:         %[[O:.*]] = compress.matmul %[[P]], %[[V]] acc(f32) : tensor<4x128xf16>, !compress.tensor<128x64xf16, #compress.sum<#compress.uniform<bits = 4, unsigned, block = [1, 64], scale = f16, zero_point = f16>, #compress.lowrank<rank = 4, u = f16, v = f16>, #compress.sparse<csr, nnz = 160, index = i16, values = f16>>> -> tensor<4x64xf16>
// CHECK:         return %[[O]]

// expected-remark @below {{total: 2 compressed values, 14596 bytes, 7.13 bits per weight (32768 bytes dense, 2.24x smaller)}}
module {
  // One attention head over 128 cached tokens, 4 new queries.
  func.func @gear_attention(%q: tensor<4x64xf16>, %k_new: tensor<128x64xf16>, %v_new: tensor<128x64xf16>) -> tensor<4x64xf16> {
    // expected-remark @unknown {{'model.layers.0.self_attn.k_cache' '!compress.tensor<128x64xf16, #compress.sum<#compress.uniform<bits = 4, unsigned, block = [32, 1], scale = f16, zero_point = f16>, #compress.lowrank<rank = 4, u = f16, v = f16>, #compress.sparse<csr, nnz = 160, index = i16, values = f16>>>': 7554 bytes, 7.38 bits per weight (16384 bytes dense 'f16', 2.17x smaller)}}
    %k = compress.encode %k_new : tensor<128x64xf16> -> !k loc("model.layers.0.self_attn.k_cache")
    // expected-remark @unknown {{'model.layers.0.self_attn.v_cache' '!compress.tensor<128x64xf16, #compress.sum<#compress.uniform<bits = 4, unsigned, block = [1, 64], scale = f16, zero_point = f16>, #compress.lowrank<rank = 4, u = f16, v = f16>, #compress.sparse<csr, nnz = 160, index = i16, values = f16>>>': 7042 bytes, 6.88 bits per weight (16384 bytes dense 'f16', 2.33x smaller)}}
    %v = compress.encode %v_new : tensor<128x64xf16> -> !v loc("model.layers.0.self_attn.v_cache")
    %scores = compress.matmul %q, %k transpose_rhs acc(f32) : tensor<4x64xf16>, !k -> tensor<4x128xf16>
    %empty = tensor.empty() : tensor<4x128xf16>
    %p = linalg.softmax dimension(1) ins(%scores : tensor<4x128xf16>) outs(%empty : tensor<4x128xf16>) -> tensor<4x128xf16>
    %out = compress.matmul %p, %v acc(f32) : tensor<4x128xf16>, !v -> tensor<4x64xf16>
    return %out : tensor<4x64xf16>
  }
}
