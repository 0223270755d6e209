#!/usr/bin/env python3
"""The README's main job: a real model, compressed, compiled and compared.

    python3 examples/stories260K/run_example.py [--build build] [--work DIR]

1. imports the llama2.c checkpoint stories260K.bin as func + linalg
   (compress-import-llama2c, 128 positions);
2. compresses it with policy.yaml (compress-apply-policy) and prints the
   report, one line per weight;
3. lowers the dense and the compressed model (compress-to-llvm through
   `compress-run --emit=object`) and links each into a shared library;
4. calls both through their C interface (docs/runtime.md) with ctypes and
   prints: model bytes, next-token top-1 agreement and mean KL divergence
   over the fixed 128-token sequence of eval-tokens.txt, and 32 greedily
   generated token ids from each model.

Standard library only. Every step prints its time; a failing tool stops the
job with its own error message.
"""
import argparse
import ctypes
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SEQ_LEN = 128
GENERATED = 32
BOS = 1
LLVM_LIB = "/usr/lib/llvm-22/lib"


def fail(message):
    sys.exit(f"run_example: error: {message}")


def step(title):
    print(f"-- {title}", flush=True)
    return time.perf_counter()


def done(start):
    print(f"   ({time.perf_counter() - start:.2f} s)", flush=True)


def run(command):
    result = subprocess.run(command, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        fail(f"'{' '.join(command)}' exited with status {result.returncode}")
    return result


def blob_bytes(mlir_path):
    """Bytes of every dense_resource blob in a module's text (the weights):
    each blob is hex after a 4-byte alignment header."""
    text = open(mlir_path).read()
    section = text[text.find("dialect_resources"):]
    return sum(len(hex_digits) // 2 - 4 for hex_digits in
               re.findall(r':\s*"0x([0-9A-Fa-f]+)"', section))


# --------------------------------------------------------------------------
# The compiled model, called through its C interface
# --------------------------------------------------------------------------

class MemRef1DI64(ctypes.Structure):
    _fields_ = [("allocated", ctypes.POINTER(ctypes.c_int64)),
                ("aligned", ctypes.POINTER(ctypes.c_int64)),
                ("offset", ctypes.c_int64),
                ("sizes", ctypes.c_int64 * 1),
                ("strides", ctypes.c_int64 * 1)]


class MemRef2DF32(ctypes.Structure):
    _fields_ = [("allocated", ctypes.POINTER(ctypes.c_float)),
                ("aligned", ctypes.POINTER(ctypes.c_float)),
                ("offset", ctypes.c_int64),
                ("sizes", ctypes.c_int64 * 2),
                ("strides", ctypes.c_int64 * 2)]


class Model:
    """forward(tokens[SEQ_LEN]) -> logits[SEQ_LEN][vocab] of a shared library
    built from `compress-run --emit=object`."""

    def __init__(self, library):
        self.lib = ctypes.CDLL(library)
        self.forward_fn = self.lib._mlir_ciface_forward
        self.forward_fn.argtypes = [ctypes.POINTER(MemRef2DF32),
                                    ctypes.POINTER(MemRef1DI64)]
        self.forward_fn.restype = None
        self.libc = ctypes.CDLL(None)
        self.libc.free.argtypes = [ctypes.c_void_p]
        self.seconds = []

    def forward(self, tokens):
        data = (ctypes.c_int64 * SEQ_LEN)(*tokens)
        pointer = ctypes.cast(data, ctypes.POINTER(ctypes.c_int64))
        argument = MemRef1DI64(pointer, pointer, 0, (SEQ_LEN,), (1,))
        result = MemRef2DF32()
        start = time.perf_counter()
        self.forward_fn(ctypes.byref(result), ctypes.byref(argument))
        self.seconds.append(time.perf_counter() - start)
        rows, vocab = result.sizes[0], result.sizes[1]
        if rows != SEQ_LEN:
            fail(f"forward returned {rows} rows, expected {SEQ_LEN}")
        flat = result.aligned[result.offset:result.offset + rows * vocab]
        self.libc.free(ctypes.cast(result.allocated, ctypes.c_void_p))
        return [flat[r * vocab:(r + 1) * vocab] for r in range(rows)]


def compile_model(run_tool, mlir_path, library_path):
    object_path = library_path[:-3] + ".o"
    run([run_tool, mlir_path, "--emit=object", "-o", object_path])
    clang = shutil.which("clang-22") or shutil.which("clang")
    if not clang:
        fail("clang-22 is needed to link the model (apt-get install clang-22)")
    run([clang, "-shared", object_path, "-o", library_path, f"-L{LLVM_LIB}",
         f"-Wl,-rpath,{LLVM_LIB}", "-lomp", "-lm"])


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------

def log_softmax(logits):
    top = max(logits)
    log_sum = top + math.log(sum(math.exp(v - top) for v in logits))
    return [v - log_sum for v in logits]


def argmax(values):
    return max(range(len(values)), key=values.__getitem__)


def compare(dense_logits, compressed_logits):
    """Top-1 agreement and mean KL(dense || compressed) over positions."""
    agree, kl_sum = 0, 0.0
    for p_logits, q_logits in zip(dense_logits, compressed_logits):
        agree += argmax(p_logits) == argmax(q_logits)
        log_p, log_q = log_softmax(p_logits), log_softmax(q_logits)
        kl_sum += sum(math.exp(lp) * (lp - lq) for lp, lq in zip(log_p, log_q))
    n = len(dense_logits)
    return agree / n, kl_sum / n


def generate(model, count):
    """`count` greedy token ids after BOS (positions beyond the prefix do not
    affect earlier logits: attention is causal)."""
    tokens = [BOS] + [0] * (SEQ_LEN - 1)
    for position in range(count):
        logits = model.forward(tokens)
        tokens[position + 1] = argmax(logits[position])
    return tokens[1:count + 1]


def read_eval_tokens():
    path = os.path.join(HERE, "eval-tokens.txt")
    tokens = [int(t) for line in open(path) if not line.startswith("#")
              for t in line.split()]
    if len(tokens) != SEQ_LEN:
        fail(f"{path}: {len(tokens)} tokens, expected {SEQ_LEN}")
    return tokens


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default="build",
                        help="the build directory (default: build)")
    parser.add_argument("--work", default=None,
                        help="where to write the intermediate files "
                             "(default: BUILD/stories260K)")
    args = parser.parse_args()
    bin_dir = os.path.join(args.build, "bin")
    work = args.work or os.path.join(args.build, "stories260K")
    os.makedirs(work, exist_ok=True)
    tool = {name: os.path.join(bin_dir, name) for name in
            ("compress-import-llama2c", "compress-opt", "compress-run")}
    for path in tool.values():
        if not os.access(path, os.X_OK):
            fail(f"{path} is missing: build first (bash .ci/build)")
    total = time.perf_counter()

    dense = os.path.join(work, "dense.mlir")
    compressed = os.path.join(work, "compressed.mlir")
    report = os.path.join(work, "report.json")
    policy = os.path.join(HERE, "policy.yaml")

    start = step(f"import stories260K.bin ({SEQ_LEN} positions) -> {dense}")
    run([tool["compress-import-llama2c"], os.path.join(HERE, "stories260K.bin"),
         f"--seq-len={SEQ_LEN}", "--lookup=gather", "-o", dense])
    done(start)

    start = step(f"compress with {os.path.relpath(policy)} -> {compressed}")
    run([tool["compress-opt"], dense,
         f"--compress-apply-policy=policy={policy} report={report}",
         "-o", compressed])
    layers = json.load(open(report))["layers"]
    print(f"   {'weight':28} {'encoding':45} {'bits/w':>6} {'bytes':>7} "
          f"{'out err':>7}")
    for layer in layers:
        encoding = layer["encoding"].replace("#compress.", "")
        error = layer["output_rel_error"]
        print(f"   {layer['name']:28} {encoding:45} "
              f"{layer['bits_per_weight']:6.3g} {layer['bytes_compressed']:7} "
              f"{'-' if error is None else format(error, '.3f'):>7}")
    done(start)

    models = {}
    for name, source in (("dense", dense), ("compressed", compressed)):
        start = step(f"lower and link the {name} model")
        library = os.path.join(work, f"{name}.so")
        compile_model(tool["compress-run"], source, library)
        models[name] = Model(library)
        done(start)

    start = step("run both on the 128-token sequence and generate")
    eval_tokens = read_eval_tokens()
    logits = {name: model.forward(eval_tokens)
              for name, model in models.items()}
    agreement, kl = compare(logits["dense"], logits["compressed"])
    generated = {name: generate(model, GENERATED)
                 for name, model in models.items()}
    done(start)

    dense_bytes, compressed_bytes = blob_bytes(dense), blob_bytes(compressed)
    per_call = {name: sorted(model.seconds)[len(model.seconds) // 2] * 1e3
                for name, model in models.items()}
    print()
    print(f"stories260K, policy {os.path.relpath(policy)}")
    print(f"  model bytes            dense {dense_bytes:,}   compressed "
          f"{compressed_bytes:,}   ({dense_bytes / compressed_bytes:.2f}x "
          f"smaller)")
    print(f"  next-token top-1 agreement with the dense model: "
          f"{agreement * 100:.1f} % of {SEQ_LEN} positions")
    print(f"  mean KL(dense || compressed) of the next-token distributions: "
          f"{kl:.4f} nats")
    print(f"  forward ({SEQ_LEN} positions), median: dense "
          f"{per_call['dense']:.2f} ms, compressed "
          f"{per_call['compressed']:.2f} ms")
    for name in ("dense", "compressed"):
        print(f"  {GENERATED} greedy tokens, {name + ':':11} "
              f"{' '.join(map(str, generated[name]))}")
    print(f"  total {time.perf_counter() - total:.1f} s")


if __name__ == "__main__":
    main()
