#!/usr/bin/env bash
# Installs onnxruntime-node (pinned in package.json) into bench/peer/node_modules.
# The CPU library is bundled in the npm package; ONNXRUNTIME_NODE_INSTALL=skip
# stops its postinstall script from fetching the optional CUDA/TensorRT
# binaries, which needs network access beyond the npm registry and fails here.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench/peer/setup.sh: '$tool' not found; install Node.js >= 18 with npm" \
         "(Debian: apt-get install -y nodejs npm)" >&2
    exit 1
  fi
done
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 18 ]; then
  echo "bench/peer/setup.sh: node $(node --version) is too old; onnxruntime-node 1.30 needs >= 18" >&2
  exit 1
fi
if [ -d "$here/node_modules/onnxruntime-node" ]; then
  exit 0
fi
cd "$here"
ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund
node -e 'const o = require("onnxruntime-node"); console.log("onnxruntime-node", o.env.versions.node)'
