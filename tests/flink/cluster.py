"""A real Apache Flink session cluster for tests, and Beam's Flink job server jar.

Flink comes from PyPI, fetched once with `pip download --no-deps` (never installed: the
apache-flink package pins an old Beam) and assembled under ~/.cache/newsbeam/flink-<version>/:

    lib/  the apache-flink-libraries sdist's deps/lib (flink-dist, log4j, table, ...)
    bin/  the apache-flink wheel's pyflink/bin scripts, plus bash-java-utils.jar from the sdist
    conf/ the wheel's pyflink/conf (only its log4j files and Java options are used)

`flink_cluster()` starts a JobManager and a TaskManager as two processes (bin/jobmanager.sh and
bin/taskmanager.sh in the foreground, each in its own process group) on 127.0.0.1 with free
ports, waits until the REST API lists the TaskManager and always stops both.

`job_server_jar()` finds Beam's Flink job server as `newsbeam run` does (pipeline/flink.py):
Beam's own jar when it can be had, else one assembled from the runner's Maven artefacts.

    python -m tests.flink.cluster      # a cluster to try runner_configs/flink.yaml on; Ctrl-C stops it
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

FLINK_VERSION = "1.19.3"   # a release of the Flink minor below, as published on PyPI
FLINK_MINOR = "1.19"       # the newest Flink whose Beam runner resolves here (pipeline/flink.py)
CACHE = Path(os.environ.get("NEWSBEAM_CACHE", "~/.cache/newsbeam")).expanduser()
HOST = "127.0.0.1"


class FlinkUnavailable(RuntimeError):
    """Something the Flink tests need cannot be had on this machine; the message says what."""


def java_executable() -> str | None:
    """The `java` Flink and Beam's job server will run: $JAVA_HOME's, else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return os.path.join(home, "bin", "java")
    return shutil.which("java")


@contextlib.contextmanager
def _locked(name: str) -> Iterator[None]:
    """One process at a time fills a cache entry (parallel test runs, two checkouts)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _pip_download(requirement: str, dest: Path, *extra: str) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
           "-q", "-d", str(dest), *extra, requirement]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise FlinkUnavailable(f"`pip download {requirement}` failed: "
                               f"{(done.stderr or done.stdout).strip()[-800:]}")
    name = requirement.split("==")[0].replace("-", "_")
    found = [p for p in dest.iterdir() if p.name.lower().replace("-", "_").startswith(name)]
    if len(found) != 1:
        raise FlinkUnavailable(f"pip download {requirement} left {[p.name for p in found]}")
    return found[0]


def flink_home(version: str = FLINK_VERSION) -> Path:
    """FLINK_HOME of Flink `version`, fetched from PyPI and assembled on first use."""
    home = CACHE / f"flink-{version}"
    if (home / ".complete").is_file():
        return home
    with _locked(f"flink-{version}"):
        if (home / ".complete").is_file():
            return home
        with tempfile.TemporaryDirectory(dir=CACHE, prefix=".download-") as tmp:
            tmp_path = Path(tmp)
            sdist = _pip_download(f"apache-flink-libraries=={version}", tmp_path / "libs",
                                  "--no-binary", ":all:")
            # Any wheel of this release carries the same bin/ and conf/: pick one explicitly,
            # so this works from any interpreter.
            wheel = _pip_download(f"apache-flink=={version}", tmp_path / "wheel",
                                  "--only-binary", ":all:", "--implementation", "cp",
                                  "--python-version", "3.11", "--abi", "cp311",
                                  "--platform", "manylinux2014_x86_64")
            staged = tmp_path / "home"
            for sub in ("lib", "bin", "conf", "plugins", "log"):
                (staged / sub).mkdir(parents=True)
            with tarfile.open(sdist) as tar:
                for member in tar:
                    parts = member.name.split("/")
                    if not member.isfile() or len(parts) < 4 or parts[1] != "deps":
                        continue
                    if parts[2] == "lib" or parts[2:] == ["bin", "bash-java-utils.jar"]:
                        target = staged / parts[2] / parts[-1]
                        with tar.extractfile(member) as src, open(target, "wb") as dst:
                            shutil.copyfileobj(src, dst, 1 << 20)
            with zipfile.ZipFile(wheel) as whl:
                for info in whl.infolist():
                    match = re.fullmatch(r"pyflink/(bin|conf)/([^/]+)", info.filename)
                    if match:
                        target = staged / match[1] / match[2]
                        target.write_bytes(whl.read(info))
                        if match[1] == "bin":
                            target.chmod(0o755)
            needed = [staged / "lib" / f"flink-dist-{version}.jar",
                      staged / "bin" / "bash-java-utils.jar", staged / "bin" / "jobmanager.sh",
                      staged / "conf" / "config.yaml"]
            missing = [str(p.relative_to(staged)) for p in needed if not p.is_file()]
            if missing:
                raise FlinkUnavailable(f"Flink {version} from PyPI lacks {missing}")
            (staged / ".complete").write_text(f"{sdist.name}\n{wheel.name}\n")
            if home.exists():
                shutil.rmtree(home)
            staged.rename(home)
    return home


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _java_options(home: Path) -> str:
    """The --add-opens/--add-exports that Flink's shipped config gives Java 17."""
    text = (home / "conf" / "config.yaml").read_text(encoding="utf-8")
    match = re.search(r"^\s*all:\s*(--.*)$", text, re.MULTILINE)
    return match[1].strip() if match else ""


@dataclass
class FlinkCluster:
    home: Path
    workdir: Path
    rest_port: int
    rpc_port: int
    jobmanager_mb: int = 1024
    taskmanager_mb: int = 1536
    slots: int = 2
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def rest_address(self) -> str:
        """host:port of the REST endpoint: Beam's --flink_master."""
        return f"{HOST}:{self.rest_port}"

    def rest(self, path: str):
        with urllib.request.urlopen(f"http://{self.rest_address}{path}", timeout=5) as r:
            return json.load(r)

    def write_config(self) -> Path:
        conf = self.workdir / "conf"
        conf.mkdir(parents=True, exist_ok=True)
        for name in ("log4j-console.properties", "log4j-cli.properties", "logback-console.xml"):
            if (self.home / "conf" / name).is_file():
                shutil.copy(self.home / "conf" / name, conf / name)
        settings = {
            "env.java.opts.all": _java_options(self.home),
            "jobmanager.rpc.address": HOST,
            "jobmanager.rpc.port": self.rpc_port,
            "jobmanager.bind-host": HOST,
            "jobmanager.memory.process.size": f"{self.jobmanager_mb}m",
            "taskmanager.bind-host": HOST,
            "taskmanager.host": HOST,
            "taskmanager.numberOfTaskSlots": self.slots,
            "taskmanager.memory.process.size": f"{self.taskmanager_mb}m",
            "parallelism.default": 1,
            "rest.address": HOST,
            "rest.bind-address": HOST,
            "rest.port": self.rest_port,
            "blob.server.port": 0,
            "taskmanager.rpc.port": 0,
            "taskmanager.data.port": 0,
            "metrics.internal.query-service.port": 0,
            # Beam's batch translation opens many exchanges at once: sort-shuffle's default of
            # 512 buffers per result partition does not fit a small TaskManager's network memory.
            "taskmanager.network.sort-shuffle.min-buffers": 64,
            "taskmanager.memory.network.fraction": 0.2,
            # A failed test job should fail fast, not restart.
            "restart-strategy.type": "none",
        }
        (conf / "config.yaml").write_text(
            "".join(f"{k}: {v}\n" for k, v in settings.items() if v != ""), encoding="utf-8")
        return conf

    def start(self) -> None:
        conf = self.write_config()
        logs = self.workdir / "log"
        logs.mkdir(exist_ok=True)
        env = dict(os.environ, FLINK_CONF_DIR=str(conf), FLINK_LOG_DIR=str(logs),
                   FLINK_PID_DIR=str(self.workdir), FLINK_IDENT_STRING="newsbeam-test")
        java = java_executable()
        if java and "JAVA_HOME" not in env:
            env["JAVA_HOME"] = str(Path(os.path.realpath(java)).parent.parent)
        for role in ("jobmanager", "taskmanager"):
            with open(logs / f"{role}.console", "wb") as out:
                self.processes[role] = subprocess.Popen(
                    [str(self.home / "bin" / f"{role}.sh"), "start-foreground"],
                    cwd=self.workdir, env=env, stdin=subprocess.DEVNULL, stdout=out,
                    stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Until the REST API lists a TaskManager with all its slots."""
        deadline = time.monotonic() + timeout
        while True:
            for role, proc in self.processes.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"Flink {role} exited with status {proc.returncode}:\n"
                                       + self.log_tail(role))
            try:
                overview = self.rest("/overview")
                if overview.get("taskmanagers", 0) >= 1 and overview["slots-total"] >= self.slots:
                    return
            except (OSError, ValueError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Flink not ready after {timeout:.0f} s:\n"
                                   + self.log_tail("jobmanager") + self.log_tail("taskmanager"))
            time.sleep(0.5)

    def log_tail(self, role: str, lines: int = 30) -> str:
        path = self.workdir / "log" / f"{role}.console"
        text = path.read_text(errors="replace") if path.is_file() else ""
        return f"--- {role} ---\n" + "\n".join(text.splitlines()[-lines:]) + "\n"

    def stop(self, grace: float = 20.0) -> None:
        """SIGTERM each process group, SIGKILL what is left after `grace` seconds."""
        for proc in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in self.processes.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # also any child left in the group
            proc.wait()


@contextlib.contextmanager
def flink_cluster(*, slots: int = 2, jobmanager_mb: int = 1024, taskmanager_mb: int = 1536,
                  timeout: float = 120.0, workdir: Path | None = None) -> Iterator[FlinkCluster]:
    """A running JobManager + TaskManager on 127.0.0.1, stopped on exit (also on failure)."""
    if java_executable() is None:
        raise FlinkUnavailable("no Java runtime (java on PATH or $JAVA_HOME)")
    home = flink_home()
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="flink-")))
        cluster = FlinkCluster(home=home, workdir=workdir, rest_port=_free_port(),
                               rpc_port=_free_port(), jobmanager_mb=jobmanager_mb,
                               taskmanager_mb=taskmanager_mb, slots=slots)
        try:
            cluster.start()
            cluster.wait_ready(timeout)
            yield cluster
        finally:
            cluster.stop()


def job_server_jar(flink_minor: str = FLINK_MINOR) -> Path:
    """Beam's Flink job server for `flink_minor`, as `newsbeam run` finds it (pipeline/flink.py)."""
    from pipeline.flink import FlinkSetupError
    from pipeline.flink import job_server_jar as find

    try:
        return Path(find(flink_minor))
    except FlinkSetupError as e:
        raise FlinkUnavailable(str(e)) from None


def main() -> int:
    """Start a cluster, print its --flink_master, keep it up until Ctrl-C."""
    # SIGTERM as Ctrl-C: the cluster's processes are stopped either way, never orphaned.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with flink_cluster() as cluster:
        print(f"Flink {FLINK_VERSION} up: --flink_master={cluster.rest_address} "
              f"(web UI http://{cluster.rest_address}); Ctrl-C stops it", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while all(p.poll() is None for p in cluster.processes.values()):
                time.sleep(1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
