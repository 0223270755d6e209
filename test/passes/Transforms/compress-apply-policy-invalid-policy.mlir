// Errors in policy files. They are located in the policy file, not in this
// one, so --verify-diagnostics cannot check them: each RUN line checks the
// exact "file:line:column: error: message" on stderr with FileCheck, and that
// compress-opt fails. (Errors located in the input IR are in
// compress-apply-policy-invalid.mlir.)

// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-yaml.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SYNTAX -DPOLICY=%S/Inputs/invalid-yaml.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-empty.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=EMPTY -DPOLICY=%S/Inputs/invalid-empty.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-version.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=VERSION -DPOLICY=%S/Inputs/invalid-version.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-missing-rules.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NO-RULES -DPOLICY=%S/Inputs/invalid-missing-rules.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-unknown-top-key.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TOP-KEY -DPOLICY=%S/Inputs/invalid-unknown-top-key.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-unknown-key.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=RULE-KEY -DPOLICY=%S/Inputs/invalid-unknown-key.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-unknown-selector.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SELECTOR-KEY -DPOLICY=%S/Inputs/invalid-unknown-selector.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-duplicate-key.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TWICE -DPOLICY=%S/Inputs/invalid-duplicate-key.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-missing-encoding.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NO-ENCODING -DPOLICY=%S/Inputs/invalid-missing-encoding.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-op.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OP -DPOLICY=%S/Inputs/invalid-op.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-layers.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LAYERS -DPOLICY=%S/Inputs/invalid-layers.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-glob.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GLOB -DPOLICY=%S/Inputs/invalid-glob.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-min-elements.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MIN-ELEMENTS -DPOLICY=%S/Inputs/invalid-min-elements.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-preset.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PRESET -DPOLICY=%S/Inputs/invalid-preset.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-preset-granularity.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GRANULARITY -DPOLICY=%S/Inputs/invalid-preset-granularity.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-preset-suffix.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SUFFIX -DPOLICY=%S/Inputs/invalid-preset-suffix.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-preset-order.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ORDER -DPOLICY=%S/Inputs/invalid-preset-order.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-preset-plus.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PLUS -DPOLICY=%S/Inputs/invalid-preset-plus.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-bits-high.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BITS-HIGH -DPOLICY=%S/Inputs/invalid-bits-high.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-bits-low.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BITS-LOW -DPOLICY=%S/Inputs/invalid-bits-low.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-attribute-bits.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ATTRIBUTE-BITS -DPOLICY=%S/Inputs/invalid-attribute-bits.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-second-document.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SECOND-DOCUMENT -DPOLICY=%S/Inputs/invalid-second-document.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-unquoted-attribute.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNQUOTED -DPOLICY=%S/Inputs/invalid-unquoted-attribute.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-not-compress.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOT-COMPRESS -DPOLICY=%S/Inputs/invalid-not-compress.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-attribute-field.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ATTRIBUTE-FIELD -DPOLICY=%S/Inputs/invalid-attribute-field.yaml --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-group.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GROUP -DPOLICY=%S/Inputs/invalid-group.yaml -DINPUT=%s --implicit-check-not=error:
// RUN: not compress-opt %s -o /dev/null --compress-apply-policy=policy=%S/Inputs/invalid-block.yaml 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BLOCK -DPOLICY=%S/Inputs/invalid-block.yaml -DINPUT=%s --implicit-check-not=error:


// A YAML syntax error, where the parser found it.
// SYNTAX: [[POLICY]]:5:19: error: invalid YAML: Unexpected token. Expected Key, Flow Entry, or Flow Mapping End.
// SECOND-DOCUMENT: [[POLICY]]:5:1: error: a policy file holds one YAML document
// EMPTY: [[POLICY]]:1:1: error: empty policy; expected 'version: 1' and 'rules'
// VERSION: [[POLICY]]:2:10: error: unsupported policy version 2; the supported version is 1
// NO-RULES: [[POLICY]]:2:1: error: the policy needs 'rules'

// Unknown keys, at every level.
// TOP-KEY: [[POLICY]]:3:1: error: unknown key 'rulez' in the policy; expected one of: version, rules
// RULE-KEY: [[POLICY]]:5:5: error: unknown key 'encodng' in a rule; expected one of: match, encoding
// SELECTOR-KEY: [[POLICY]]:4:31: error: unknown key 'opp' in 'match'; expected one of: name, op, shape, min_elements, layers
// TWICE: [[POLICY]]:6:5: error: key 'encoding' is given twice in a rule
// UNQUOTED: [[POLICY]]:5:5: error: missing value for 'encoding' (a '#' after a space starts a YAML comment: quote the #compress attribute)
// NO-ENCODING: [[POLICY]]:4:5: error: a rule needs 'encoding'

// Bad selector values.
// OP: [[POLICY]]:4:17: error: unknown op 'linear'; expected matmul, conv or gather
// LAYERS: [[POLICY]]:4:21: error: empty layer range '3-1'; expected a-b with a <= b
// GLOB: [[POLICY]]:4:12: error: invalid glob 'layers.[0-': invalid glob pattern, unmatched '['
// MIN-ELEMENTS: [[POLICY]]:4:27: error: value -5 for 'min_elements' is negative; expected 0 or more

// Bad presets: the column points at the bad part.
// PRESET: [[POLICY]]:5:15: error: unknown preset 'fp8'; expected none, int8, int<b>-(g<G>|channel|tensor)[-asym][-(f16|bf16|f32)], lut<b>-(channel|g<G>), nf4-g<G>, fp8-e4m3, fp8-e5m2, mxfp4, nvfp4, <N>:<M>, block<R>x<C>-<keep>%, sparse-<keep>%, lowrank-<r>, outliers-<p>% (joined by '+') or a #compress attribute
// GRANULARITY: [[POLICY]]:5:19: error: preset 'int4' needs a granularity: int4-g<G>, int4-channel or int4-tensor
// SUFFIX: [[POLICY]]:5:24: error: unexpected 'f64' in preset 'int4-g32-f64'; expected asym, f16, bf16 or f32
// ORDER: [[POLICY]]:5:29: error: 'asym' comes before the scale type in preset 'int4-g32-bf16-asym'
// PLUS: [[POLICY]]:5:25: error: sparsity '2:4' must come first in 'int4-g128+2:4' (sparsity, then a quantizer of the kept values, then lowrank or outliers terms)

// Bits out of range, in a preset and in an attribute.
// BITS-HIGH: [[POLICY]]:5:18: error: bits 9 is out of range; expected 2 to 8
// BITS-LOW: [[POLICY]]:5:18: error: bits 1 is out of range; expected 2 to 8
// ATTRIBUTE-BITS: [[POLICY]]:5:33: error: bits = 9 is out of range; expected 1 to 8
// ATTRIBUTE-FIELD: [[POLICY]]:5:57: error: unknown field 'foo' in #compress.uniform; expected one of: bits, signed, unsigned, per_tensor, per_axis, block, scale, zero_point, min
// NOT-COMPRESS: [[POLICY]]:5:16: error: expected a #compress encoding, got #arith.fastmath<fast>


// A group that does not divide the reduction size of a weight it matches (or
// an attribute that does not fit its shape) is an error at the weight, named,
// with a note at the encoding of the rule.
func.func @policy_errors(%x: tensor<2x64xf32>) -> tensor<2x16xf32> {
  // GROUP:      [[INPUT]]:[[# @LINE + 6]]:8: error: group 48 does not divide the reduction size 64 of weight 'layers.0.w'
  // GROUP:      [[POLICY]]:6:15: note: the encoding comes from this rule
  // GROUP-NEXT:     encoding: int4-g48
  // BLOCK:      [[INPUT]]:[[# @LINE + 3]]:8: error: weight 'layers.0.w': block = [48, 1] does not divide the shape [64, 16]: 48 does not divide dimension 0 of size 64
  // BLOCK:      [[POLICY]]:5:15: note: the encoding comes from this rule
  // BLOCK-NEXT:     encoding: "#compress.uniform<bits = 4, block = [48, 1], scale = f16>"
  %w = arith.constant dense<0.5> : tensor<64x16xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x16xf32>) -> tensor<2x16xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x64xf32>, tensor<64x16xf32>) outs(%init : tensor<2x16xf32>) -> tensor<2x16xf32> loc("layers.0.w")
  return %y : tensor<2x16xf32>
}
