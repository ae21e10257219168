"""The batch run's ledger: every record read ends as one article or one reject row.

Checked by the driver after the job and before the commit, from Beam counters that the
read stage increments where records and early rejects are made (transforms/base.py). A run
whose written rows fall short lost rows between stages: it fails, and the output stays as it
was. A feed's entries (after de-duplication) and failed feeds count as records and read
rejects. Runners that report no counters are not checked. Imports nothing of Beam at module
level: the command line imports this module before it configures logging.
"""

from __future__ import annotations


class LostRows(RuntimeError):
    """The job wrote fewer rows than the records it read."""


def counter_total(result, name: str) -> int:
    """A newsbeam counter summed over steps (committed, else attempted); 0 when the runner
    reports no metrics."""
    from apache_beam.metrics.metric import MetricsFilter

    try:
        found = result.metrics().query(MetricsFilter().with_name(name))["counters"]
    except Exception:  # noqa: BLE001 - some runners report no metrics
        return 0
    return sum(c.committed or c.attempted or 0 for c in found)


def check_ledger(result) -> None:
    """Raise LostRows when articles + rejects written < records read + early rejects."""
    from transforms.base import (
        LEDGER_FEED_ENTRIES,
        LEDGER_FEED_REJECTS,
        LEDGER_RECORDS,
        LEDGER_SOURCE_REJECTS,
    )

    # A runner without metrics gives zeros everywhere: nothing to compare, the check passes.
    totals = {name: counter_total(result, name) for name in (
        LEDGER_RECORDS, LEDGER_SOURCE_REJECTS, LEDGER_FEED_ENTRIES, LEDGER_FEED_REJECTS,
        "write_articles_rows", "write_rejects_rows")}
    records = totals[LEDGER_RECORDS] + totals[LEDGER_FEED_ENTRIES]
    early_rejects = totals[LEDGER_SOURCE_REJECTS] + totals[LEDGER_FEED_REJECTS]
    written = totals["write_articles_rows"] + totals["write_rejects_rows"]
    if written < records + early_rejects:
        raise LostRows(
            f"the job read {records} records and made {early_rejects} read rejects, but wrote "
            f"only {written} article and reject rows: {records + early_rejects - written} rows "
            f"were lost between stages (the output was left as it was; with "
            f"--direct_running_mode=multi_processing, see the README)")
