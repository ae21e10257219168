"""Imported once by the local engine's fork server (pipeline/local_engine.py): everything
an SDK worker loads before its first document, so that every worker forked from the server
starts with it. The list is benchmarks/startup.py's: the harness, every stage module, then
the models and indexes the stages load in DoFn.setup or on first use."""

import gc

from apache_beam.runners.worker import sdk_worker_main  # noqa: F401

import pipeline.graph  # noqa: F401  (imports every stage module)
from transforms.events import gazetteer, model
from transforms.text import clean, dates, language

try:
    gazetteer.index()
    model.model()
    clean._model()
    language._init_detector()
    dates.find_dates("Published on 3 March 2021")  # compiles the date patterns
except Exception:  # noqa: BLE001 - a worker loads what failed here itself, and reports it
    pass
gc.freeze()  # shared with the forked workers: the collector need not walk it in each
