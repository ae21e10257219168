"""The batch run's ledger: every record read ends as one article or one reject row.

Checked by the driver after the job and before the commit, from Beam counters that the
read stage increments where records and early rejects are made (transforms/base.py). A run
whose written rows fall short lost rows between stages: it fails, and the output stays as it
was. Runs with feeds are not checked (a feed's entries are counted in no ledger yet), nor are
runners that report no counters. Imports nothing of Beam at module level: the command line
imports this module before it configures logging.
"""

from __future__ import annotations


class LostRows(RuntimeError):
    """The job wrote fewer rows than the records it read."""


def _counters(result, names: tuple[str, ...]) -> dict[str, int] | None:
    from apache_beam.metrics.metric import MetricsFilter

    try:
        found = result.metrics().query(MetricsFilter())["counters"]
    except Exception:  # noqa: BLE001 - some runners report no metrics
        return None
    totals = {name: 0 for name in names}
    for counter in found:
        if counter.key.metric.name in totals:
            value = counter.committed if counter.committed is not None else counter.attempted
            totals[counter.key.metric.name] += value or 0
    return totals


def check_ledger(result) -> None:
    """Raise LostRows when articles + rejects written < records read + early rejects."""
    from transforms.base import LEDGER_RECORDS, LEDGER_SOURCE_REJECTS

    totals = _counters(result, (LEDGER_RECORDS, LEDGER_SOURCE_REJECTS, "write_articles_rows",
                                "write_rejects_rows"))
    if totals is None:
        return
    expected = totals[LEDGER_RECORDS] + totals[LEDGER_SOURCE_REJECTS]
    written = totals["write_articles_rows"] + totals["write_rejects_rows"]
    if written < expected:
        raise LostRows(
            f"the job read {totals[LEDGER_RECORDS]} records and made "
            f"{totals[LEDGER_SOURCE_REJECTS]} read rejects, but wrote only {written} article "
            f"and reject rows: {expected - written} rows were lost between stages (the "
            f"output was left as it was; with --direct_running_mode=multi_processing, see "
            f"the README)")
