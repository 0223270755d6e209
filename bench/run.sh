#!/usr/bin/env bash
# The CPU GEMV/GEMM benchmark against ONNX Runtime (bench/README.md):
#   bench/run.sh [--quick] [run_cases.py options]
# builds compress-bench-gemv, installs the peer, then runs every case in
# interleaved rounds and writes bench/results.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f build/build.ninja ]; then
  cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir
fi
ninja -C build -j2 compress-bench-gemv
bench/peer/setup.sh
for module in numpy onnx; do
  if ! /usr/bin/python3 -c "import $module" 2>/dev/null; then
    echo "bench/run.sh: /usr/bin/python3 cannot import $module (apt-get install -y python3-$module)" >&2
    exit 1
  fi
done
exec /usr/bin/python3 bench/gemv/run_cases.py "$@"
