"""Publishing a run's (or a streaming window's) files into the output, all or nothing.

Writers never write into the table folders. They write into a staging folder
(`DIR/_staging/<name>/`), and a commit moves the staged files into place:

1. The commit's journal, `DIR/_commits/<name>.json`, is written (to a temporary name, then
   renamed). Once it exists, the commit has happened: its moves are only carried out.
2. Each move renames a staged path to its final path. A `replace` move first moves what is at
   the final path aside into `DIR/_trash/<name>/`: a batch run replaces its day's folder of each
   table. An `add` move puts one file in place (a window's files, saved memory).
3. The journal is deleted, then the trash and the staging folder.

A run killed before step 1 leaves DIR as it was, plus staging that the next run deletes
(`recover`). Killed during step 2, the next run finds the journal and completes the moves
(roll forward): every step is idempotent, a move is pending exactly while its staged path
exists. On local disk a move renames a whole folder (atomic); through Beam's FileSystems on an
object store (gs://, s3://) it renames the folder's files one by one, so readers can see a
day's folder half moved until the commit (or its roll-forward) ends.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from apache_beam.io.filesystems import FileSystems

STAGING_DIR = "_staging"
COMMITS_DIR = "_commits"
TRASH_DIR = "_trash"


@dataclass(frozen=True)
class Move:
    """Put `staged` at `final`; `replace`: move what is at `final` aside first."""

    staged: str
    final: str
    replace: bool = False


def is_local(path: str) -> bool:
    head = path.split("/", 1)[0]
    return not (head.endswith(":") and len(head) > 2)


def staging_dir(output_dir: str, name: str) -> str:
    return f"{output_dir}/{STAGING_DIR}/{name}"


def _exists(path: str) -> bool:
    return os.path.exists(path) if is_local(path) else FileSystems.exists(path)


def files_under(path: str) -> list[str]:
    """Every file below `path`. Local paths are walked, not globbed: a name may hold glob
    characters ('[AFP] out')."""
    if is_local(path):
        return sorted(os.path.join(folder, name) for folder, _, names in os.walk(path)
                      for name in names)
    try:
        return sorted(m.path for m in FileSystems.match([f"{path}/**"])[0].metadata_list)
    except Exception:  # noqa: BLE001 - nothing there
        return []


def _rename(source: str, target: str) -> None:
    """Rename a file or folder; on an object store, a folder's files one by one."""
    if is_local(source):
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        os.replace(source, target)  # a folder onto an existing folder fails: never merged
        return
    files = files_under(source) or [source]
    targets = [target + f[len(source):] for f in files]
    for f, t in zip(files, targets, strict=True):
        if FileSystems.exists(t):
            FileSystems.delete([t])
        FileSystems.rename([f], [t])


def delete_tree(path: str) -> None:
    if is_local(path):
        shutil.rmtree(path, ignore_errors=True)
        return
    files = files_under(path)
    if files:
        FileSystems.delete(files)


INPROGRESS_PREFIX = ".inprogress-"


def write_atomically(path: str, data: bytes) -> None:
    """`path` appears complete or not at all: written under a hidden temporary sibling (not
    named *.parquet, so no reader or glob takes it for a table file), then renamed."""
    directory, name = path.rsplit("/", 1)
    temp = f"{directory}/{INPROGRESS_PREFIX}{uuid.uuid4().hex}-{name}.tmp"
    if is_local(path):
        os.makedirs(directory, exist_ok=True)
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # a commit's journal must survive a crash whole
        os.replace(temp, path)
        return
    try:
        FileSystems.mkdirs(directory)
    except OSError:
        pass  # exists already (mkdirs refuses existing directories)
    with FileSystems.create(temp) as handle:
        handle.write(data)
    if FileSystems.exists(path):  # a retried bundle: replace its earlier, identical file
        FileSystems.delete([path])
    FileSystems.rename([temp], [path])


def _journal_path(output_dir: str, name: str) -> str:
    return f"{output_dir}/{COMMITS_DIR}/{name}.json"


def commit(output_dir: str, name: str, moves: Iterable[Move],
           retire: Iterable[str] = ()) -> None:
    """Publish `moves` as one commit named `name` (see the module docstring); `retire`: paths
    that the commit removes (moved to the trash first, like a replaced folder)."""
    moves, retire = list(moves), list(retire)
    journal = {"name": name, "moves": [[m.staged, m.final, m.replace] for m in moves],
               "retire": retire}
    write_atomically(_journal_path(output_dir, name), json.dumps(journal).encode())
    _carry_out(output_dir, name, moves, retire)


def _carry_out(output_dir: str, name: str, moves: list[Move], retire: list[str]) -> None:
    trash = f"{output_dir}/{TRASH_DIR}/{name}"
    for number, path in enumerate(retire):
        if _exists(path):
            _rename(path, f"{trash}/retired-{number}")
    for number, move in enumerate(moves):
        if not _exists(move.staged):
            continue  # done before an interruption
        if move.replace and _exists(move.final):
            _rename(move.final, f"{trash}/{number}")
        _rename(move.staged, move.final)
    _delete_file(_journal_path(output_dir, name))
    delete_tree(trash)
    delete_tree(staging_dir(output_dir, name))


def _delete_file(path: str) -> None:
    if is_local(path):
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
    elif FileSystems.exists(path):
        FileSystems.delete([path])


def recover(output_dir: str, keep: Iterable[str] = ()) -> tuple[int, int]:
    """Complete the commits a dead run left half done, then delete its staging and trash.
    Call it holding the output's lock. `keep`: staging names still in use. Returns
    (commits completed, staging folders removed)."""
    completed = 0
    for path in files_under(f"{output_dir}/{COMMITS_DIR}"):
        if not path.endswith(".json"):
            _delete_file(path)  # a journal that never finished writing: no commit
            continue
        with FileSystems.open(path) as handle:
            journal = json.loads(handle.read())
        moves = [Move(staged, final, replace) for staged, final, replace in journal["moves"]]
        _carry_out(output_dir, journal["name"], moves, journal.get("retire", []))
        completed += 1
    removed = 0
    for folder in (STAGING_DIR, TRASH_DIR):
        for name in _children(f"{output_dir}/{folder}"):
            if folder == STAGING_DIR and name in set(keep):
                continue
            delete_tree(f"{output_dir}/{folder}/{name}")
            removed += folder == STAGING_DIR
    return completed, removed


def _children(path: str) -> list[str]:
    if is_local(path):
        return sorted(os.listdir(path)) if os.path.isdir(path) else []
    prefix = path.rstrip("/") + "/"
    return sorted({f[len(prefix):].split("/", 1)[0] for f in files_under(path)})
