"""Starts the simulated agent for the official Python SDK suite: a fresh cluster, tasks twenty
times faster than real, and the fault switch on."""

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from obshell import ClientSet
from obshell.auth.password import PasswordAuth

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "ObShell#Demo1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Agent:
    """The running simulator and its admin API."""

    def __init__(self, port: int):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"

    def admin(self, path: str, body=None, method: str = "POST"):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + "/__sim" + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read() or b"{}")

    def client(self, password: str = PASSWORD) -> ClientSet:
        return ClientSet("127.0.0.1", self.port, PasswordAuth(password))


def start_agent(log_dir: Path):
    """Starts a simulated agent with the demo cluster on a free port: (process, Agent)."""
    binary = os.environ.get("OBSHELL_SIM_BIN", str(ROOT / "target" / "debug" / "obshell-sim"))
    port = _free_port()
    log = open(log_dir / "agent.log", "w")
    proc = subprocess.Popen([binary, "--listen", f"127.0.0.1:{port}", "--speed", "20", "--faults",
                             "--password", PASSWORD], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/time", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("the simulated agent did not start")
    return proc, Agent(port)


def stop_agent(proc):
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def agent(tmp_path_factory):
    proc, running = start_agent(tmp_path_factory.mktemp("sim"))
    yield running
    stop_agent(proc)


@pytest.fixture
def fresh_agent(tmp_path):
    """An agent of the test's own, for changes `/__sim/reset` does not undo (it resets the
    faults, not the cluster): scale-outs, or a task left failed."""
    proc, running = start_agent(tmp_path)
    yield running
    stop_agent(proc)


@pytest.fixture
def v1(agent):
    agent.admin("/reset")
    return agent.client().v1
