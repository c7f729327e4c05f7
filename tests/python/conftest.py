"""Shared by the Python module's tests: where the fixtures and attnscope-cli are, and how to run it.

ctest sets ATTNSCOPE_CLI, ATTNSCOPE_TEST_DATA and PYTHONPATH (tests/python/CMakeLists.txt).
"""
import json
import os
import subprocess
from pathlib import Path

import pytest

TEST_DATA = Path(os.environ["ATTNSCOPE_TEST_DATA"])
CLI = os.environ["ATTNSCOPE_CLI"]

PEER = TEST_DATA / "peer"
HF_CASES = TEST_DATA / "hf-cases"
BAD_MODELS = TEST_DATA / "bad-models"
MODELS = TEST_DATA.parent.parent / "models"  # the bundled models


def run_cli(*arguments, env=None):
    """Runs attnscope-cli; returns (status, stdout, stderr)."""
    completed = subprocess.run([CLI, *map(str, arguments)], capture_output=True, text=True, env=env, check=False)
    return completed.returncode, completed.stdout, completed.stderr


def cli_json(*arguments):
    status, output, errors = run_cli(*arguments)
    assert status == 0, errors
    return json.loads(output)


@pytest.fixture(scope="session")
def attnscope():
    import attnscope as module  # the built extension, found through PYTHONPATH

    return module
