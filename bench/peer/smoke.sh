#!/usr/bin/env bash
# Quick check of the peer by hand (seconds, small hot models in a temp dir):
# every kind builds, runs and matches its reference; a perturbed reference
# and a bad argument are rejected. Not a timing run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py="${PYTHON:-/usr/bin/python3}"
"$here/setup.sh" >/dev/null
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
models="$("$py" "$here/make_models.py" --hot --out "$dir" --shapes 256x512 --m 1,3 \
          --kinds q4b128a4,q4b128a0,q4b32a4,q4b32a0,q8b128a4,q8b128a0,f32,f16)"
for m in $models; do
  json="$(node "$here/ort_gemv.mjs" --model="$m" --rounds=1 --calls=2 2>/dev/null)"
  "$py" -c 'import json, sys; r = json.loads(sys.argv[1]); assert r["matrices"] == 1 and len(r["us_per_matrix"]) == 1, r; print("ok  %-32s M=%d err=%.1e" % (r["peer"], r["M"], r["max_rel_error"]))' "$json"
done
m="$dir/q4b128a0_256x512_m1_c1"
"$py" -c 'import numpy as np, sys; r = np.load(sys.argv[1] + ".ref.npy"); r[0, 0, 0] += 0.01 * abs(r).max(); np.save(sys.argv[1] + ".bad.npy", r)' "$m"
if node "$here/ort_gemv.mjs" --model="$m.onnx" --reference="$m.bad.npy" --rounds=1 --calls=1 >/dev/null 2>&1; then
  echo "FAIL: a reference off by 1e-2 passed" >&2; exit 1
fi
echo "ok  perturbed reference rejected"
if node "$here/ort_gemv.mjs" --model="$m.onnx" --rounds=0 >/dev/null 2>&1; then
  echo "FAIL: --rounds=0 accepted" >&2; exit 1
fi
echo "ok  bad argument rejected"
# The generator as README.md writes it gives make_models.py's weights and input.
"$py" - "$here" <<'PY'
import sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import make_models as mm
N, K, M = 64, 256, 3
for bits, g, i in ((4, 128, 0), (4, 32, 5), (8, 128, 2)):
    rng = np.random.default_rng(1000 + i)
    codes = rng.integers(0, 2**bits, size=(N, K), dtype=np.uint8)
    scales = rng.uniform(0.001, 0.01, size=(N, K // g)).astype(np.float32)
    W = (codes.astype(np.float32) - 2**(bits - 1)) * np.repeat(scales, g, axis=1)
    c2, s2 = mm.weights(N, K, bits, g, i)
    assert (codes == c2).all() and (scales == s2).all()
    assert (W == mm.dequantize(c2, s2, bits, g)).all()
x = np.random.default_rng(7).uniform(-1.0, 1.0, size=(M, K)).astype(np.float32)
assert (x == mm.activations(M, K)).all()
print("ok  README generator == make_models.py")
PY
