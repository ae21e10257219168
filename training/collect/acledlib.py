"""Shared helpers of the collectors: files read from mirrored git dirs (ACLED exports and
news datasets), and the labelled news leads written out."""
import csv
import io
import json
import os
import re
import subprocess
import zipfile

csv.field_size_limit(1 << 30)

SUB_TYPES = ["Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade", "Sexual violence", "Attack",
    "Abduction/forced disappearance", "Peaceful protest", "Protest with intervention",
    "Excessive force against protesters", "Violent demonstration", "Mob violence", "Agreement",
    "Arrests", "Change to group/activity", "Disrupted weapons use", "Headquarters or base established",
    "Looting/property destruction", "Non-violent transfer of territory", "Other"]
SUB_SET = set(SUB_TYPES)
SUB_LOWER = {s.lower(): s for s in SUB_TYPES}
MIRROR = os.environ.get("NEWSBEAM_MIRROR", "mirror")  # <owner>+<repo>/ git dirs

def gitdir(repo):
    base = os.path.join(MIRROR, repo.replace("/", "+"), "repo")
    return base + "/.git" if os.path.isdir(base + "/.git") else base

def git_blob(repo, commit, path):
    r = subprocess.run(["git", "--git-dir", gitdir(repo), "show", f"{commit}:{path}"], capture_output=True)
    if r.returncode != 0:
        raise OSError(r.stderr.decode()[:200])
    return r.stdout

def write_leads(out, items):
    """News leads {id, title, text, text_sha1}, one JSON line each, in id order."""
    with open(out, "w", encoding="utf-8") as f:
        for item in sorted(items, key=lambda it: it["id"]):
            f.write(json.dumps(item, ensure_ascii=False) + "\n")

def norm_key(k):
    return re.sub(r"[^a-z0-9]", "", (k or "").lower().lstrip("\ufeff"))

FIELDS = {  # output field -> normalised input column names
    "notes": ["notes", "note", "description"], "event_type": ["eventtype"],
    "sub_event_type": ["subeventtype"], "country": ["country"], "region": ["region"],
    "year": ["year"], "event_date": ["eventdate"], "fatalities": ["fatalities"],
    "actor1": ["actor1"], "actor2": ["actor2"], "location": ["location"], "admin1": ["admin1"],
    "source": ["source"], "latitude": ["latitude", "lat"], "longitude": ["longitude", "lon", "long"],
    "geo_precision": ["geoprecision"],
}

def _dicts_from_table(header, rows):
    header = [norm_key(h) for h in header]
    for row in rows:
        yield {h: ("" if v is None else str(v)) for h, v in zip(header, row, strict=False)}

def _csv_rows(data):
    text = data.decode("utf-8-sig", errors="replace")
    first = text[:5000].splitlines()[0] if text else ""
    delim = max([",", ";", "\t", "|"], key=lambda d: first.count(d))
    rdr = csv.reader(io.StringIO(text), delimiter=delim)
    header = next(rdr, [])
    def gen():
        for row in rdr:
            if row and row[0].startswith("#"):  # HXL hashtag row
                continue
            yield row
    return _dicts_from_table(header, gen())

def _xlsx_rows(data):
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for ws in wb.worksheets:
        ws.reset_dimensions()  # some exports store a wrong sheet size (read-only mode trusts it)
        it = ws.iter_rows(values_only=True)
        header = next(it, None)
        if not header:
            continue
        hn = [norm_key(str(h)) for h in header if h is not None]
        if "subeventtype" not in hn:
            continue
        yield from _dicts_from_table([str(h) if h is not None else "" for h in header], it)

def _json_rows(data):
    obj = json.loads(data.decode("utf-8-sig", errors="replace"))
    if isinstance(obj, dict):
        for k in ("data", "events", "results", "records"):
            if isinstance(obj.get(k), list):
                obj = obj[k]; break
    if not isinstance(obj, list):
        return
    for d in obj:
        if isinstance(d, dict):
            yield {norm_key(k): ("" if v is None else str(v)) for k, v in d.items()}

def iter_file(data, path, member=None):
    """Yield dicts (normalised column names) from a file's bytes. member: path inside a zip."""
    p = path.lower()
    if p.endswith(".zip"):
        z = zipfile.ZipFile(io.BytesIO(data))
        for info in z.infolist():
            if member and info.filename != member:
                continue
            if info.filename.lower().endswith((".csv", ".xlsx", ".json")):
                yield from iter_file(z.read(info), info.filename)
        return
    if p.endswith(".xlsx"):
        yield from _xlsx_rows(data)
    elif p.endswith(".json"):
        yield from _json_rows(data)
    else:
        yield from _csv_rows(data)

def to_record(d):
    out = {}
    for f, keys in FIELDS.items():
        v = ""
        for k in keys:
            if k in d and d[k] != "":
                v = d[k]; break
        out[f] = v.strip() if isinstance(v, str) else v
    return out
