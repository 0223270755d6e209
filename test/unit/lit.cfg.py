# -*- Python -*-
import lit.formats

config.name = "Compress-Unit"
config.suffixes = []
config.test_source_root = config.compress_unit_test_dir
config.test_exec_root = config.compress_unit_test_dir
config.test_format = lit.formats.GoogleTest(".", "Tests")
