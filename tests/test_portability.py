"""What a remote runner (Dataflow, Flink with PROCESS/DOCKER workers) needs of newsbeam.

- The sdist of setup.py (what Beam's --setup_file stages: `python setup.py sdist`, as Beam's
  stager falls back to without the `build` package) installed into a fresh virtualenv the way
  a worker pip-installs it, then used from outside the repository: every module imports from
  the installed copy, the data files in transforms/data are there and load, and every DoFn
  pickled at submission loads there.
- The pipeline's portable graph: every GroupByKey's key coder is deterministic (runners such
  as Flink and Dataflow group by the key's encoded bytes), and every DoFn and CombineFn
  survives a pickle round trip.
- The runner configs are options Beam knows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.internal import pickler
from apache_beam.portability import common_urns, python_urns
from apache_beam.portability.api import beam_runner_api_pb2
from apache_beam.runners.pipeline_context import PipelineContext

from pipeline.graph import build_batch, build_streaming
from pipeline.options import check_beam_flags, parse_run_args, runner_config_flags

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("pipeline", "transforms", "schemas")
GBK = common_urns.primitives.GROUP_BY_KEY.urn
PARDO = common_urns.primitives.PAR_DO.urn
COMBINE_URNS = {common_urns.composites.COMBINE_PER_KEY.urn,
                common_urns.combine_components.COMBINE_GROUPED_VALUES.urn,
                common_urns.composites.COMBINE_GLOBALLY.urn}
PICKLED_CODER = python_urns.PICKLED_CODER
# Coders whose encoding of equal values can differ: never a grouping key's.
NON_DETERMINISTIC = {"PickleCoder", "FastPrimitivesCoder", "FastPrimitivesCoderV2",
                     "DillCoder", "CloudpickleCoder"}


def batch_graph(tmp_path: Path, *extra: str) -> beam.Pipeline:
    """The batch graph on the seeds, built (not run) with the default options."""
    config = parse_run_args(["--input", str(REPO / "seeds"), "--output", str(tmp_path / "out"),
                             "--ingest-date", "2025-01-02", *extra])
    p = beam.Pipeline()
    build_batch(p, config)
    return p


def pickled_fns(proto: beam_runner_api_pb2.Pipeline) -> dict[str, tuple[str, bytes]]:
    """{transform name: (kind, pickled payload)} of every Python DoFn and CombineFn."""
    found = {}
    for t in proto.components.transforms.values():
        if t.spec.urn == PARDO:
            fn = beam_runner_api_pb2.ParDoPayload.FromString(t.spec.payload).do_fn
            if fn.urn == python_urns.PICKLED_DOFN_INFO:
                found[t.unique_name] = ("DoFn", fn.payload)
        elif t.spec.urn in COMBINE_URNS:
            fn = beam_runner_api_pb2.CombinePayload.FromString(t.spec.payload).combine_fn
            if fn.urn == python_urns.PICKLED_COMBINE_FN:
                found[t.unique_name] = ("CombineFn", fn.payload)
    return found


# --- the graph ------------------------------------------------------------------------------

def streaming_graph(tmp_path: Path) -> beam.Pipeline:
    """The streaming graph (feeds and a watched folder), built (not run)."""
    config = parse_run_args(["--streaming", "--input", str(REPO / "seeds"),
                             "--feeds", "http://127.0.0.1:9/feed.xml",
                             "--output", str(tmp_path / "out")])
    p = beam.Pipeline()
    build_streaming(p, config)
    return p


@pytest.fixture(scope="module", params=["batch", "streaming"])
def graph(request, tmp_path_factory) -> beam_runner_api_pb2.Pipeline:
    build = batch_graph if request.param == "batch" else streaming_graph
    return build(tmp_path_factory.mktemp("graph")).to_runner_api()


def _coder_text(components, coder_id: str) -> str:
    coder = components.coders[coder_id]
    inner = ", ".join(_coder_text(components, c) for c in coder.component_coder_ids)
    return coder.spec.urn + (f"({inner})" if inner else "")


def nondeterministic_group_keys(proto: beam_runner_api_pb2.Pipeline) -> list[str]:
    """The GroupByKeys whose key coder may encode equal keys differently, described."""
    context = PipelineContext(proto.components)
    bad = []
    for t in proto.components.transforms.values():
        stateful = (t.spec.urn == PARDO and beam_runner_api_pb2.ParDoPayload.FromString(
            t.spec.payload).state_specs)
        if t.spec.urn != GBK and not stateful:
            continue
        (pcoll,) = (pc for tag, pc in t.inputs.items() if not tag.startswith("side"))
        coder_id = proto.components.pcollections[pcoll].coder_id
        kv = proto.components.coders[coder_id]
        if kv.spec.urn != common_urns.coders.KV.urn:
            bad.append(f"{t.unique_name}: input coder {kv.spec.urn} is not a KV coder")
            continue
        key_coder = context.coders.get_by_id(coder_id).key_coder()
        # A Python-only coder has the pickled-coder URN; what decides is the coder inside.
        names = {type(c).__name__ for c in _coder_tree(key_coder)}
        if not key_coder.is_deterministic() or names & NON_DETERMINISTIC:
            bad.append(f"{t.unique_name}: key coder {key_coder!r} "
                       f"[{_coder_text(proto.components, kv.component_coder_ids[0])}]")
    return bad


def test_every_group_by_key_has_a_deterministic_key_coder(graph):
    assert sum(t.spec.urn == GBK for t in graph.components.transforms.values()) >= 5
    bad = nondeterministic_group_keys(graph)
    assert not bad, "GroupByKeys with a non-deterministic key coder:\n" + "\n".join(bad)


def test_the_key_coder_check_catches_a_pickled_key(graph):
    from apache_beam.coders import PickleCoder

    broken = beam_runner_api_pb2.Pipeline()
    broken.CopyFrom(graph)
    comps = broken.components
    gbk = min((t for t in comps.transforms.values() if t.spec.urn == GBK),
              key=lambda t: t.unique_name)
    (pcoll,) = gbk.inputs.values()
    kv = comps.coders[comps.pcollections[pcoll].coder_id]
    comps.coders["test_pickle_key"].CopyFrom(PickleCoder().to_runner_api(PipelineContext()))
    kv.component_coder_ids[0] = "test_pickle_key"
    assert any(b.startswith(f"{gbk.unique_name}: key coder PickleCoder")
               for b in nondeterministic_group_keys(broken))


def _coder_tree(coder):
    yield coder
    for component in coder._get_component_coders() or ():
        yield from _coder_tree(component)


def _flattens_on_the_way(proto: beam_runner_api_pb2.Pipeline, start: str, end: str) -> list[str]:
    """The Flattens on any path from the transform named `start` to the one named `end`."""
    transforms = proto.components.transforms
    leaves = {k: t for k, t in transforms.items() if not t.subtransforms}
    consumers: dict[str, list[str]] = {}
    for key, t in leaves.items():
        for pcoll in t.inputs.values():
            consumers.setdefault(pcoll, []).append(key)
    first = next(k for k, t in leaves.items() if start in t.unique_name.split("/"))
    found, seen, todo = [], set(), [(first, [])]
    while todo:
        key, flattens = todo.pop()
        t = leaves[key]
        if end in t.unique_name.split("/"):
            found += flattens
            continue
        if key in seen:
            continue
        seen.add(key)
        here = flattens + ([t.unique_name] if t.spec.urn == common_urns.primitives.FLATTEN.urn else [])
        for pcoll in t.outputs.values():
            todo += [(c, here) for c in consumers.get(pcoll, [])]
    return found


def test_a_stream_of_feeds_fetches_and_extracts_in_one_fused_stage(tmp_path):
    # Prism materialises every Flatten, even of one input: a Flatten between fetching and
    # extraction sent each fetched page through the runner (2.9 GB and 1.4x slower).
    config = parse_run_args(["--streaming", "--feeds", "http://127.0.0.1:9/feed.xml",
                             "--output", str(tmp_path / "out")])
    p = beam.Pipeline()
    build_streaming(p, config)
    proto = p.to_runner_api()
    assert _flattens_on_the_way(proto, "FetchPage", "ExtractPage") == []
    # Feeds and a watched folder must be merged: the check sees that Flatten.
    assert _flattens_on_the_way(streaming_graph(tmp_path).to_runner_api(),
                                "FetchPage", "ExtractPage") == ["AllSources"]


def test_every_dofn_and_combinefn_pickles(graph):
    fns = pickled_fns(graph)
    assert sum(kind == "DoFn" for kind, _ in fns.values()) >= 20
    failures = []
    for name, (kind, payload) in sorted(fns.items()):
        try:
            fn = pickler.loads(payload)
            again = pickler.loads(pickler.dumps(fn))
            assert type(again) is type(fn)
        except Exception as e:  # noqa: BLE001 - every failure is listed
            failures.append(f"{name} ({kind}): {type(e).__name__}: {e}")
    assert not failures, "\n".join(failures)


def test_every_pickled_coder_loads(graph):
    context = PipelineContext(graph.components)
    for coder_id, coder in graph.components.coders.items():
        if coder.spec.urn == PICKLED_CODER:
            context.coders.get_by_id(coder_id)  # raises if it can't be unpickled


# --- the runner configs ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["direct", "flink", "flink-local", "dataflow"])
def test_runner_config_options_are_beams(name):
    from apache_beam.options.pipeline_options import (
        FlinkRunnerOptions,
        PipelineOptions,
        SetupOptions,
        StandardOptions,
    )

    flags = runner_config_flags(str(REPO / "runner_configs" / f"{name}.yaml"))
    check_beam_flags(flags)
    options = PipelineOptions(flags)
    runner = options.view_as(StandardOptions).runner
    if name.startswith("flink"):
        flink = options.view_as(FlinkRunnerOptions)
        assert runner == "FlinkRunner"
        assert flink.flink_version in FlinkRunnerOptions.PUBLISHED_FLINK_VERSIONS
        assert flink.flink_master == ("[local]" if name == "flink-local" else "localhost:8081")
    if name == "dataflow":
        assert runner == "DataflowRunner"
        setup_file = options.view_as(SetupOptions).setup_file
        assert (REPO / setup_file).resolve() == REPO / "setup.py"


# --- the sdist, installed as a worker installs it --------------------------------------------

WORKER_CHECK = textwrap.dedent("""
    import hashlib, importlib, json, pkgutil, sys
    from pathlib import Path
    prefix, repo, proto_path = Path(sys.prefix).resolve(), Path(sys.argv[1]), sys.argv[2]
    report = {"modules": [], "outside": [], "data": {}, "fns": 0, "fn_errors": []}
    for package in ("pipeline", "transforms", "schemas"):
        pkg = importlib.import_module(package)
        for info in pkgutil.walk_packages(pkg.__path__, package + "."):
            mod = importlib.import_module(info.name)
            report["modules"].append(info.name)
            if not Path(mod.__file__).resolve().is_relative_to(prefix):
                report["outside"].append(f"{info.name}: {mod.__file__}")
    import transforms
    data = Path(transforms.__file__).parent / "data"
    for f in sorted(data.iterdir()):
        report["data"][f.name] = hashlib.sha256(f.read_bytes()).hexdigest()
    from transforms.events import gazetteer, rules as events
    report["places"] = [m.surface for m in gazetteer.mentions(
        "Shelling in Aleppo and Jobar killed three civilians, officials in Damascus said.")
        if m.candidates]
    report["actors"] = [a[1] for a in events.find_actors(
        "Government forces clashed with rebels near the town.", "Syria")]
    from apache_beam.internal import pickler
    from apache_beam.portability.api import beam_runner_api_pb2 as api
    proto = api.Pipeline.FromString(Path(proto_path).read_bytes())
    for t in proto.components.transforms.values():
        if t.spec.urn == "beam:transform:pardo:v1":
            fn = api.ParDoPayload.FromString(t.spec.payload).do_fn
            if fn.urn == "beam:dofn:pickled_python_info:v1":
                try:
                    pickler.loads(fn.payload)
                    report["fns"] += 1
                except Exception as e:
                    report["fn_errors"].append(f"{t.unique_name}: {type(e).__name__}: {e}")
    print(json.dumps(report))
""")


@pytest.mark.slow
def test_sdist_installs_and_works_like_on_a_worker(tmp_path):
    dist = tmp_path / "dist"
    # What Beam's stager runs for --setup_file when `build` is not installed.
    built = subprocess.run([sys.executable, "setup.py", "-q", "sdist", "--dist-dir", str(dist)],
                           cwd=REPO, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-3000:]
    (sdist,) = dist.glob("newsbeam-*.tar.gz")

    # A fresh venv. Its third-party packages are the project venv's, seen through a .pth path
    # entry (a path line does not run that venv's .pth files, so not its editable newsbeam);
    # newsbeam itself comes only from the sdist, built in an isolated environment with the
    # build requirements of pyproject.toml (setuptools from PyPI, as on a worker).
    venv = tmp_path / "worker"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; "
                                "print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "project_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--disable-pip-version-check", str(sdist)],
        capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr[-3000:]

    proto = tmp_path / "pipeline.pb"
    proto.write_bytes(batch_graph(tmp_path).to_runner_api().SerializeToString())
    away = tmp_path / "elsewhere"
    away.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    checked = subprocess.run([str(python), "-c", WORKER_CHECK, str(REPO), str(proto)],
                             cwd=away, env=env, capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stderr[-3000:]
    report = json.loads(checked.stdout.strip().splitlines()[-1])

    assert not report["outside"], f"imported from outside the install: {report['outside']}"
    expected = {str(p.relative_to(REPO).with_suffix("")).replace("/", ".")
                for package in PACKAGES for p in (REPO / package).rglob("*.py")
                if p.name != "__init__.py"}
    assert expected <= set(report["modules"]), f"not installed: {expected - set(report['modules'])}"
    import hashlib

    shipped = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
               for p in (REPO / "transforms" / "data").iterdir() if p.is_file()}
    assert report["data"] == shipped, "transforms/data differs in the installed copy"
    assert {"Aleppo", "Jobar", "Damascus"} <= set(report["places"]), report["places"]
    assert report["actors"], "the actor lexicon (transforms/data/actors.json) found nothing"
    assert not report["fn_errors"], "\n".join(report["fn_errors"])
    assert report["fns"] >= 20
