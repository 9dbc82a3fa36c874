"""The README's first command, `make course`, opens JupyterLab: for root users (containers) too.

The test asks make for the exact command line `make course` runs (`make -n`), starts it as the current user
with a free port and no browser, waits until the server answers an HTTP request on localhost, then stops it
by its process id.
"""
import os
import shutil

import pytest

from _lab import ROOT, course_command, running_lab


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_course_passes_allow_root_only_for_root():
    command = course_command()
    if os.geteuid() == 0:
        assert command[1:3] == ["lab", "--allow-root"], command
    else:
        assert "--allow-root" not in command, command
    assert command[-1] == "notebooks/"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_course_command_starts_jupyterlab_on_localhost(tmp_path):
    command = course_command()
    if not (ROOT / command[0]).exists():
        pytest.skip(f"{command[0]} is not installed: this test runs after `make setup`")
    with running_lab(ROOT, tmp_path / "runtime") as url:   # answers GET /api/status with 200 on localhost
        assert url.startswith("http://127.0.0.1:")
