"""The batch DirectRunner's engine (Beam's FnApiRunner) with warm SDK workers.

In its multi-process mode the FnApiRunner starts each SDK worker as a new interpreter
(`python -m apache_beam.runners.worker.sdk_worker_main`) once the graph is built: ~0.9 s
before the first page, Beam's own import being most of it, and then every worker loads
newsbeam's models at its first documents. Here a fork server (pipeline/worker_server.py)
imports the worker harness and loads the models once, in parallel with the command line's
own import of Beam and the graph's construction; each worker is then a fork of it, ready at
once, sharing the loaded models copy-on-write.

Only how a worker process starts differs: it runs the same harness with the same
environment (control address and options) as Beam's subprocess worker, and the runner
drives it the same way. Beam's own engine stays one flag away (`--runner FnApiRunner`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os

from apache_beam.portability import python_urns
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.runners.portability.fn_api_runner.worker_handlers import (
    GrpcWorkerHandler,
    WorkerHandler,
)

from pipeline import worker_server

FORKED_WORKER_URN = "newsbeam:env:forked_python_sdk:v1"
_LOGGER = logging.getLogger(__name__)


class WarmWorkersRunner(FnApiRunner):
    """FnApiRunner whose multi-process mode forks its SDK workers from the warm server.

    `newsbeam run` starts the server before it imports Beam; otherwise it starts with the
    runner, which `beam.Pipeline(options=...)` makes before the graph is built."""

    def __init__(self) -> None:
        super().__init__()
        worker_server.start()  # at once if `newsbeam run` started it already

    def run_via_runner_api(self, pipeline_proto, options):
        for environment in pipeline_proto.components.environments.values():
            if environment.urn == python_urns.SUBPROCESS_SDK:
                environment.urn = FORKED_WORKER_URN
        return super().run_via_runner_api(pipeline_proto, options)


def run_sdk_worker(environment: dict[str, str]) -> None:
    """A forked worker's life: Beam's SDK harness, as `sdk_worker_main` runs it."""
    os.environ.clear()
    os.environ.update(environment)
    from apache_beam.runners.worker import sdk_worker_main

    from transforms.base import mark_sdk_worker

    mark_sdk_worker()
    logging.getLogger(sdk_worker_main.__name__).addFilter(_start_up_chatter)
    sdk_worker_main.main([])


def _start_up_chatter(record: logging.LogRecord) -> bool:
    # logged before the harness sets its level: where it read its options, and (newsbeam
    # pickles no main session) that it found no session
    return not record.getMessage().startswith(("No semi_persistent_directory found",
                                               "Load pipeline options from file"))


@WorkerHandler.register_environment(FORKED_WORKER_URN, bytes)
class ForkedWorkerHandler(GrpcWorkerHandler):
    """Starts a worker as a fork of the warm server; the runner talks to it over gRPC as it
    does to a subprocess worker."""

    def __init__(self, command: bytes, state, provision_info, grpc_server) -> None:
        super().__init__(state, provision_info, grpc_server)
        self._process = None

    def start_worker(self) -> None:
        from apache_beam.portability.api import endpoints_pb2
        from google.protobuf import json_format, text_format

        def descriptor(url: str) -> str:
            return text_format.MessageToString(endpoints_pb2.ApiServiceDescriptor(url=url))

        environment = dict(
            os.environ,
            # no logging service: the worker logs to the terminal it shares, at the
            # level of --default_sdk_harness_log_level (pipeline/runners.py)
            CONTROL_API_SERVICE_DESCRIPTOR=descriptor(self.control_address),
            PIPELINE_OPTIONS=json_format.MessageToJson(
                self.provision_info.provision_info.pipeline_options),
            WORKER_ID=self.worker_id)
        # not a daemon: a worker may start its own pool of extraction processes
        self._process = multiprocessing.get_context("forkserver").Process(
            target=run_sdk_worker, args=(environment,), name=f"newsbeam-{self.worker_id}")
        self._process.start()

    def stop_worker(self) -> None:
        if self._process is None:
            return
        self._process.join()
        if self._process.exitcode:
            _LOGGER.error("SDK worker %s exited with code %s", self.worker_id,
                          self._process.exitcode)
