"""Start the README's `make course` JupyterLab command on a free localhost port, for the tests that use it."""
import contextlib
import os
import shlex
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "sslcourse-test"


def course_command() -> list[str]:
    """The exact command line `make course` runs (`make -n`), its last line: the one that opens the course."""
    out = subprocess.run(["make", "-s", "-n", "course"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return shlex.split(out.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_lab(cwd: Path, runtime: Path, extra: tuple[str, ...] = ()):
    """Run the course command in `cwd` (it serves `cwd/notebooks`); yield its base URL once it answers; stop it."""
    command = course_command()
    command[0] = str(ROOT / command[0])                 # .venv/bin/jupyter, wherever the server runs
    port = free_port()
    server = subprocess.Popen(command + ["--no-browser", f"--port={port}", "--ip=127.0.0.1",
                                         f"--IdentityProvider.token={TOKEN}", *extra],
                              cwd=cwd, env={**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        if not _answers(server, f"{url}/api/status?token={TOKEN}"):
            server.kill()
            raise AssertionError(f"JupyterLab did not answer; it said:\n{server.stderr.read().decode()[-2000:]}")
        yield url
    finally:
        if server.poll() is None:
            os.killpg(server.pid, 15)                  # stop it (and its kernels) by its process group
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, 9)
                server.wait()


def _answers(server: subprocess.Popen, url: str, seconds: float = 60) -> bool:
    """Poll `url` until it answers 200 (True) or the server exits or `seconds` pass (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status == 200
        except OSError:
            time.sleep(0.25)
    return False
