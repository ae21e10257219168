"""Runner set-up: Beam pipeline options for a run, and the local runners' binaries (the
batch DirectRunner's engine, Prism for local streaming, Flink's job server)."""

from __future__ import annotations

import atexit
import os
import shutil
import sys

from pipeline.options import RunConfig, UsageError


def pipeline_options(config: RunConfig):
    """Beam PipelineOptions; the batch DirectRunner runs on its FnApiRunner engine directly.

    Beam's DirectRunner first tries the Prism runner, which downloads a binary from the
    internet; in batch mode it then falls back to the FnApiRunner anyway. Naming that engine
    skips the download attempt and a serialisation of the whole pipeline.
    """
    from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions

    options = PipelineOptions(list(config.beam_flags))
    standard = options.view_as(StandardOptions)
    if config.streaming is not None:
        standard.streaming = True
    if standard.runner in (None, "DirectRunner") and not standard.streaming:
        standard.runner = "FnApiRunner"
        _warn_multi_processing(options)
        _quiet_local_workers(options, config.beam_flags)
        _skip_type_inference(options, config.beam_flags)
        _warm_local_workers(options)
    elif standard.runner in (None, "DirectRunner", "PrismRunner"):
        _use_local_prism(options, config.beam_flags)
    elif standard.runner == "FlinkRunner":
        _use_flink_job_server(options)
    return options


def _warn_multi_processing(options) -> None:
    """Say once that the local multi-process mode has lost rows here (see the README)."""
    from apache_beam.options.pipeline_options import DirectOptions

    if options.view_as(DirectOptions).direct_running_mode == "multi_processing":
        print("newsbeam: warning: --direct_running_mode=multi_processing has lost rows "
              "between stages under CPU load on this project's test machine (README, "
              "Command line); the run's ledger check fails such a run rather than commit it",
              file=sys.stderr)


def _warm_local_workers(options) -> None:
    """The multi-process mode's workers are forked from a warm server that loads the models
    while the graph is built (pipeline/local_engine.py)."""
    from apache_beam.options.pipeline_options import DirectOptions, StandardOptions

    if options.view_as(DirectOptions).direct_running_mode == "multi_processing":
        options.view_as(StandardOptions).runner = "pipeline.local_engine.WarmWorkersRunner"


def _skip_type_inference(options, flags: tuple[str, ...]) -> None:
    """Beam's construction-time type check infers every lambda's output type by reading its
    bytecode: half of the batch graph's build, ~0.5 s of every run. newsbeam's stages carry
    no type hints for it to check, and its coders are the same without it (a batch run's
    rows are identical); an explicit --pipeline_type_check keeps it on."""
    from apache_beam.options.pipeline_options import TypeOptions

    if not any(flag.lstrip("-").split("=")[0] in ("pipeline_type_check", "no_pipeline_type_check")
               for flag in flags):
        options.view_as(TypeOptions).pipeline_type_check = False


def _quiet_local_workers(options, flags: tuple[str, ...]) -> None:
    """The multi-process mode's worker processes share the terminal and log at INFO ("No
    more requests from control plane"), cutting through the progress display. They get no
    pipeline options from this runner, but read a file named by PIPELINE_OPTIONS_FILE in
    the environment they inherit (their first three start-up lines come before it)."""
    import tempfile

    from apache_beam.options.pipeline_options import DirectOptions

    if (options.view_as(DirectOptions).direct_running_mode == "multi_processing"
            and "PIPELINE_OPTIONS_FILE" not in os.environ
            and not any(flag.startswith("--default_sdk_harness_log_level") for flag in flags)):
        path = os.path.join(tempfile.gettempdir(), f"newsbeam-worker-options-{os.getpid()}.json")
        with open(path, "w") as handle:
            handle.write('{"default_sdk_harness_log_level": "WARNING"}')
        os.environ["PIPELINE_OPTIONS_FILE"] = path
        atexit.register(lambda: os.path.exists(path) and os.remove(path))


def _use_flink_job_server(options) -> None:
    """Beam's FlinkRunner needs its job server jar; find, fetch or assemble one."""
    from apache_beam.options.pipeline_options import FlinkRunnerOptions

    flink = options.view_as(FlinkRunnerOptions)
    if flink.flink_job_server_jar:
        if not os.path.isfile(flink.flink_job_server_jar):
            raise UsageError(f"--flink_job_server_jar {flink.flink_job_server_jar}: no such file")
        return
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        raise UsageError("the FlinkRunner needs Java (11 or 17) for Beam's Flink job server")
    from pipeline.flink import FlinkSetupError, job_server_jar

    try:
        flink.flink_job_server_jar = job_server_jar(flink.flink_version)
    except FlinkSetupError as e:
        raise UsageError(str(e)) from None


PRISM_HINT = ("streaming runs locally on Beam's Prism runner, whose binary is not here and "
              "cannot be downloaded: run `make prism` (needs Go) or pass --prism_location=PATH")


def find_prism() -> str | None:
    """The Prism binary `make prism` built (next to this Python), else one on PATH or in
    Go's default bin folder."""
    import sys

    candidates = [os.path.join(os.path.dirname(sys.executable), "prism"), shutil.which("prism"),
                  os.path.expanduser("~/go/bin/prism")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def _use_local_prism(options, flags: tuple[str, ...]) -> None:
    """Local streaming: Beam's Prism runner, from a binary built here (Beam would download
    one from GitHub, which is unreachable)."""
    from apache_beam.options.pipeline_options import PrismRunnerOptions, StandardOptions

    options.view_as(StandardOptions).runner = "PrismRunner"
    if not any(flag.startswith("--prism_log_level") for flag in flags):
        options.view_as(PrismRunnerOptions).prism_log_level = "error"  # not its chatter
    given = options.get_all_options().get("prism_location")
    if given:
        if not os.path.exists(given):
            raise UsageError(f"--prism_location {given}: no such file")
        return
    location = find_prism()
    if location is None:
        raise UsageError(PRISM_HINT)
    options.view_as(PrismRunnerOptions).prism_location = location
