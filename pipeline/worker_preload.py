"""Imported once by the local engine's fork server (pipeline/local_engine.py): everything
an SDK worker loads before its first document, so that every worker forked from the server
starts with it: the harness, every stage module, then the models and indexes
(`transforms.base.load_models`, which benchmarks/startup.py times)."""

import gc

from pipeline.logs import configure_logging


def _preload() -> None:
    # Beam's import is logged as the command line logs it (its import-time warnings off).
    configure_logging()
    from apache_beam.runners.worker import sdk_worker_main  # noqa: F401

    import pipeline.graph  # noqa: F401  (imports every stage module)
    from transforms.base import load_models

    try:
        load_models()
    except Exception:  # noqa: BLE001 - a worker loads what failed here itself, and reports it
        pass


_preload()
gc.freeze()  # shared with the forked workers: the collector need not walk it in each
