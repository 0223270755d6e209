#!/usr/bin/env python3
"""Placeholder: the llama2.c importer is being written (issue 5)."""
import sys
sys.exit("compress-import-llama2c: not written yet")
