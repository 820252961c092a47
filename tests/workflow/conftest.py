"""Fixtures of the workflow tests."""

import pytest

from tests.workflow.runner import run_snakemake


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory):
    """The tiny config run end to end once with --cores 2 (shared by several tests)."""
    workdir = tmp_path_factory.mktemp("tiny_cores2")
    run_snakemake(workdir, "--cores", "2")
    return workdir
