# -*- Python -*-
import os
import sys

import lit.formats
from lit.llvm import llvm_config

config.name = "Compress"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.compress_obj_root, "test")
# Inputs/ hold data for tests (and deliberately broken files for the lint).
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py"]

# Captured names must be re-captured in every CHECK-LABEL block.
config.environment["FILECHECK_OPTS"] = "--enable-var-scope"

llvm_config.with_system_environment(["HOME", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

config.substitutions.append(("%compress_src", config.compress_src_root))
config.substitutions.append(("%compress_obj", config.compress_obj_root))
config.substitutions.append(("%compress_lib", config.compress_lib_dir))
# The Python that runs lit (Debian's, with python3-numpy) runs the test scripts.
config.substitutions.append(("%python", sys.executable))

tool_dirs = [config.compress_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(
    ["compress-opt", "compress-run", "compress-import-llama2c",
     "compress-bench-gemv"], tool_dirs)
# Stock mlir-opt, for the plugin tests (never our compress-opt).
config.substitutions.append(("%mlir_opt", os.path.join(config.llvm_tools_dir, "mlir-opt")))
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.compress_tools_dir, append_path=True)

# ptxas from the CUDA toolkit: gpu-module-to-binary assembles PTX with it
# (format=bin), so the GPU kernels are checked without a GPU.
if os.path.exists("/usr/local/cuda/bin/ptxas"):
    config.available_features.add("ptxas")

# A GPU that answers: the runtime's probe finds a device (never on machines
# without the NVIDIA driver). Execution tests on the GPU require it.
def _cuda_devices():
    import ctypes
    path = os.path.join(config.compress_obj_root, "lib",
                        "libcompress_cuda_runtime.so")
    try:
        runtime = ctypes.CDLL(path)
        message = ctypes.create_string_buffer(512)
        return runtime.compressCudaProbe(message, ctypes.c_size_t(512))
    except (OSError, AttributeError):
        return 0


if _cuda_devices() > 0:
    config.available_features.add("cuda-device")
