"""Beam's Flink job server for `--runner FlinkRunner`: found, fetched, or assembled.

Beam's FlinkRunner runs `java -jar beam-runners-flink-<minor>-job-server-<version>.jar`,
which it downloads from Maven Central. Some Maven mirrors hold
Beam's runner artefacts but not that shaded jar. The job server is the same program either
way: the runner artefact `beam-runners-flink-<minor>` and its dependency tree, run with
main class FlinkJobServerDriver. So, when no jar is given, newsbeam looks for one in this
order and the first found wins:

1. `--flink_job_server_jar`, else `$NEWSBEAM_FLINK_JOB_SERVER_JAR`;
2. Beam's own jar for the installed Beam in Beam's jar cache (~/.apache_beam/cache/jars);
3. a job server assembled earlier, in ~/.cache/newsbeam/flink-job-server/;
4. Beam's own jar through Maven (`mvn dependency:copy`);
5. assembled: Maven copies `beam-runners-flink-<minor>` and its dependencies, and a small
   launcher jar names the main class and that classpath in its manifest. The installed
   Beam's version is tried first, then older releases whose whole tree is on Maven Central
   here (2.62.0). An older job server runs a newer Python SDK's pipeline through Beam's
   portable API; `make flink-test` checks the output equals the DirectRunner's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

JAR_ENV = "NEWSBEAM_FLINK_JOB_SERVER_JAR"
CACHE = Path(os.environ.get("NEWSBEAM_CACHE", "~/.cache/newsbeam")).expanduser()
MAIN_CLASS = "org.apache.beam.runners.flink.FlinkJobServerDriver"
# Older Beam releases to assemble from when the installed release's Flink runner does not
# resolve completely (partial Maven mirrors lack modules of newer trees).
FALLBACK_VERSIONS = ("2.62.0",)


class FlinkSetupError(RuntimeError):
    """The job server cannot be had; the message says what was tried."""


def _beam_version() -> str:
    from apache_beam.version import __version__

    return __version__


def official_jar_name(flink_minor: str, version: str) -> str:
    return f"beam-runners-flink-{flink_minor}-job-server-{version}.jar"


def manifest(main_class: str, class_path: list[str]) -> bytes:
    """A jar manifest; lines are wrapped at 72 bytes as the format requires."""
    lines = ["Manifest-Version: 1.0", f"Main-Class: {main_class}",
             "Class-Path: " + " ".join(class_path), "Created-By: newsbeam"]
    out = []
    for line in lines:
        data = line.encode()
        out.append(data[:72])
        for i in range(72, len(data), 71):
            out.append(b" " + data[i:i + 71])
    return b"\r\n".join(out) + b"\r\n\r\n"


def write_launcher(path: Path, lib_dir: Path) -> Path:
    """A jar that runs the job server from the jars in `lib_dir` (named relative to it)."""
    jars = sorted(p.name for p in lib_dir.glob("*.jar"))
    relative = os.path.relpath(lib_dir, path.parent)
    with zipfile.ZipFile(path, "w") as jar:
        jar.writestr("META-INF/MANIFEST.MF",
                     manifest(MAIN_CLASS, [f"{relative}/{name}" for name in jars]))
    return path


def _mvn(args: list[str], cwd: str) -> tuple[bool, str]:
    mvn = shutil.which("mvn")
    if mvn is None:
        return False, "mvn: not installed"
    done = subprocess.run([mvn, "-B", "-q", "-Dstyle.color=never", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=1800)
    output = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)
    errors = [line.strip() for line in output.splitlines() if "ERROR" in line]
    return done.returncode == 0, (errors or ["failed"])[0][:300]


_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>newsbeam</groupId><artifactId>flink-job-server</artifactId><version>1</version>
  <dependencies><dependency>
    <groupId>org.apache.beam</groupId><artifactId>beam-runners-flink-{minor}</artifactId>
    <version>{version}</version>
  </dependency></dependencies>
</project>
"""


def assemble(flink_minor: str, version: str, into: Path) -> tuple[Path | None, str]:
    """Assemble the job server of Beam `version` under `into`; (launcher or None, why not)."""
    launcher = into / f"beam-flink-{flink_minor}-job-server-{version}-launcher.jar"
    if launcher.is_file():
        return launcher, ""
    into.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=into, prefix=".mvn-") as tmp:
        Path(tmp, "pom.xml").write_text(_POM.format(minor=flink_minor, version=version))
        ok, why = _mvn(["dependency:copy-dependencies", f"-DoutputDirectory={tmp}/lib"], tmp)
        if not ok:
            return None, why
        lib = into / "lib"
        if lib.exists():
            shutil.rmtree(lib)
        Path(tmp, "lib").rename(lib)
    return write_launcher(launcher, into / "lib"), ""


def job_server_jar(flink_minor: str) -> str:
    """Path of a Flink job server jar for Flink `flink_minor` (see the module docstring)."""
    if os.environ.get(JAR_ENV):
        path = Path(os.environ[JAR_ENV]).expanduser()
        if not path.is_file():
            raise FlinkSetupError(f"${JAR_ENV} names {path}, which is not a file")
        return str(path)
    from apache_beam.utils.subprocess_server import JavaJarServer

    version = _beam_version()
    beam_cache = Path(JavaJarServer.JAR_CACHE).expanduser()
    official = beam_cache / official_jar_name(flink_minor, version)
    if official.is_file():
        return str(official)
    versions = (version, *[v for v in FALLBACK_VERSIONS if v != version])
    home = CACHE / "flink-job-server"
    for v in versions:
        launcher = home / f"{flink_minor}-{v}" / f"beam-flink-{flink_minor}-job-server-{v}-launcher.jar"
        if launcher.is_file():
            return str(launcher)
    tried = []
    with tempfile.TemporaryDirectory() as tmp:
        ok, why = _mvn(["org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
                        f"-Dartifact=org.apache.beam:beam-runners-flink-{flink_minor}-job-server:"
                        f"{version}:jar", f"-DoutputDirectory={beam_cache}"], tmp)
    if ok and official.is_file():
        return str(official)
    tried.append(f"{official.name} via Maven: {why}")
    for v in versions:
        launcher, why = assemble(flink_minor, v, home / f"{flink_minor}-{v}")
        if launcher is not None:
            return str(launcher)
        tried.append(f"beam-runners-flink-{flink_minor}:{v} and its dependencies: {why}")
    raise FlinkSetupError("no Flink job server: tried " + "; ".join(tried)
                          + f" (or pass --flink_job_server_jar=PATH or set ${JAR_ENV})")
