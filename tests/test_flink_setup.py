"""Finding Beam's Flink job server: the launcher jar newsbeam assembles, and its errors."""

from __future__ import annotations

import zipfile

import pytest

from pipeline.flink import JAR_ENV, FlinkSetupError, job_server_jar, manifest, write_launcher
from pipeline.options import UsageError, parse_run_args
from pipeline.runners import pipeline_options


def _parse_manifest(data: bytes) -> dict[str, str]:
    fields: dict[str, str] = {}
    last = None
    for line in data.decode().split("\r\n"):
        if line.startswith(" ") and last:
            fields[last] += line[1:]
        elif ": " in line:
            last, value = line.split(": ", 1)
            fields[last] = value
    return fields


def test_manifest_lines_fit_the_jar_format_and_read_back_whole():
    class_path = [f"lib/some-long-artifact-name-{i}-1.2.3.jar" for i in range(40)]
    data = manifest("org.example.Main", class_path)
    assert all(len(line) <= 72 for line in data.split(b"\r\n"))
    fields = _parse_manifest(data)
    assert fields["Main-Class"] == "org.example.Main"
    assert fields["Class-Path"].split(" ") == class_path


def test_launcher_names_every_jar_relative_to_itself(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    for name in ("b.jar", "a.jar", "notes.txt"):
        (lib / name).write_bytes(b"x")
    launcher = write_launcher(tmp_path / "launcher.jar", lib)
    with zipfile.ZipFile(launcher) as jar:
        fields = _parse_manifest(jar.read("META-INF/MANIFEST.MF"))
    assert fields["Class-Path"] == "lib/a.jar lib/b.jar"
    assert fields["Main-Class"].endswith("FlinkJobServerDriver")


def test_a_jar_named_in_the_environment_wins(tmp_path, monkeypatch):
    jar = tmp_path / "server.jar"
    jar.write_bytes(b"x")
    monkeypatch.setenv(JAR_ENV, str(jar))
    assert job_server_jar("1.19") == str(jar)
    monkeypatch.setenv(JAR_ENV, str(tmp_path / "missing.jar"))
    with pytest.raises(FlinkSetupError):
        job_server_jar("1.19")


def test_a_missing_job_server_jar_option_is_a_usage_error(tmp_path):
    config = parse_run_args(["--input", "seeds", "--output", str(tmp_path),
                             "--runner-config", "runner_configs/flink-local.yaml",
                             f"--flink_job_server_jar={tmp_path / 'nope.jar'}"])
    with pytest.raises(UsageError):
        pipeline_options(config)


def test_extract_processes_default_to_the_cores_only_for_streaming_on_prism():
    import os

    feeds = ["--feeds", "http://example.org/feed"]
    assert parse_run_args([*feeds, "--streaming"]).extract.processes == (os.cpu_count() or 1)
    assert parse_run_args([*feeds]).extract.processes == 0
    assert parse_run_args([*feeds, "--streaming", "--runner=FlinkRunner"]).extract.processes == 0
    assert parse_run_args([*feeds, "--streaming", "--extract-processes", "0"]).extract.processes == 0
    assert parse_run_args([*feeds, "--extract-processes", "3"]).extract.processes == 3
    with pytest.raises(UsageError):
        parse_run_args([*feeds, "--extract-processes", "-1"])
