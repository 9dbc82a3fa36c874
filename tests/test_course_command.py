"""The README's first command, `make course`, opens JupyterLab: for root users (containers) too.

The test asks make for the exact command line `make course` runs (`make -n`), starts it as the current user
with a free port and no browser, waits until the server answers an HTTP request on localhost, then stops it
by its process id.
"""
import os
import shlex
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _course_command() -> list[str]:
    out = subprocess.run(["make", "-s", "-n", "course"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return shlex.split(out.strip().splitlines()[-1])   # the last line opens the course (setup may come first)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_course_passes_allow_root_only_for_root():
    command = _course_command()
    if os.geteuid() == 0:
        assert command[1:3] == ["lab", "--allow-root"], command
    else:
        assert "--allow-root" not in command, command
    assert command[-1] == "notebooks/"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_course_command_starts_jupyterlab_on_localhost(tmp_path):
    command = _course_command()
    if not (ROOT / command[0]).exists():
        pytest.skip(f"{command[0]} is not installed: this test runs after `make setup`")
    port, token = _free_port(), "sslcourse-test"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    server = subprocess.Popen(command + ["--no-browser", f"--port={port}", "--ip=127.0.0.1",
                                         f"--IdentityProvider.token={token}"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    try:
        status = None
        for _ in range(240):                       # up to 60 s for the server to come up
            if server.poll() is not None:
                break
            try:
                url = f"http://127.0.0.1:{port}/api/status?token={token}"
                with urllib.request.urlopen(url, timeout=2) as response:
                    status = response.status
                    break
            except OSError:
                time.sleep(0.25)
        if status is None:
            server.kill()
            raise AssertionError(f"JupyterLab did not answer; it said:\n{server.stderr.read().decode()[-2000:]}")
        assert status == 200
    finally:
        if server.poll() is None:
            os.killpg(server.pid, 15)              # stop it (and anything it started) by its process id
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, 9)
                server.wait()
    assert server.returncode is not None
