"""The local engine's warm worker server (pipeline/local_engine.py), which `newsbeam run`
starts before it imports Beam itself.

The server's start-up (Beam's harness, every stage module, the models: ~2 s) then runs on
the second core while the command line imports Beam and builds the graph, instead of after
them. Nothing here imports Beam."""

from __future__ import annotations

import multiprocessing
from multiprocessing import forkserver
from pathlib import Path

PRELOAD = "pipeline.worker_preload"


def start() -> None:
    """Start the fork server that the local engine's workers are forked from (once)."""
    multiprocessing.get_context("forkserver").set_forkserver_preload([PRELOAD])
    forkserver.ensure_running()


def wanted(run_args: list[str]) -> bool:
    """Whether `newsbeam run run_args` most likely runs the local multi-process mode.

    A cheap early guess from the words of the command line and its runner config: the run's
    options decide later (pipeline/runners.py), and start the server then if this missed. A
    wrong guess costs one idle process."""
    if "--streaming" in run_args:
        return False
    words = list(run_args)
    for path in _runner_configs(run_args):
        try:
            words.append(Path(path).read_text(errors="replace"))
        except OSError:
            pass  # the options report it
    return any("multi_processing" in word for word in words)


def _runner_configs(run_args: list[str]) -> list[str]:
    """The values of --runner-config, as `--runner-config F` or `--runner-config=F`."""
    following = zip(run_args, [*run_args[1:], None], strict=True)
    return [arg.split("=", 1)[1] if arg.startswith("--runner-config=") else after
            for arg, after in following
            if arg.startswith("--runner-config=") or (arg == "--runner-config" and after)]
