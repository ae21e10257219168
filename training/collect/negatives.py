#!/usr/bin/env python3
"""Reproducible collection of NEGATIVE (non-political-violence) news examples.
Reads git snapshots fetched to /work/.mirror (see PROVENANCE.md) and writes news.jsonl.
Sampling: per kind, items sorted by sha1(text) and the first CAP kept (deterministic)."""
import collections
import csv
import hashlib
import html
import io
import json
import os
import re
import subprocess

MIRROR = os.environ.get("NEWSBEAM_MIRROR", "mirror")  # <owner>+<repo>/ git dirs
OUT = os.environ.get("NEWSBEAM_NEGATIVES_OUT", "news.jsonl")
CAP = 1200
MINLEN = 60
MAXLEN = 2000
csv.field_size_limit(10**9)

def git_show(gitdir, commit, path):
    return subprocess.run(["git", "--git-dir", gitdir, "show", f"{commit}:{path}"],
                          check=True, capture_output=True).stdout.decode("utf-8", "replace")

def git_ls(gitdir, commit):
    return subprocess.run(["git", "--git-dir", gitdir, "ls-tree", "-r", "--name-only", commit],
                          check=True, capture_output=True).stdout.decode().split("\n")

CONFLICT = re.compile(r"\b(kill(?:s|ed|ing)?|attack(?:s|ed|ers?|ing)?|bomb(?:s|ed|ing|ings|er|ers)?|protest(?:s|ed|ers?|ing)?|"
    r"troops?|militants?|militias?|rebels?|insurgents?|air ?strikes?|clash(?:es|ed)?|riot(?:s|ed|ing|ers)?|soldiers?|"
    r"police fired|shelling|shell(?:ed)?|gunm[ae]n|gunfire|shoot(?:ing|ings)?|shot dead|massacre|terror(?:ist|ists|ism)?|"
    r"explosives?|grenades?|ambush(?:ed)?|insurgency|war|armed|demonstrat(?:ion|ions|ors)|coup|hostages?|suicide bomber)\b", re.I)

DIPLO = re.compile(r"\b(summit|treaty|talks|state visit|visits?|visited|ambassadors?|diplomat(?:s|ic)?|foreign minister|"
    r"secretary of state|bilateral|accord|negotiat\w*|envoys?|G7|G-7|G20|G-20|united nations|U\.N\.|meets with|met with)\b", re.I)

def clean(t):
    t = t.replace("\\n", " ").replace("\\", " ")
    t = re.sub(r" ?#39;", "'", t); t = re.sub(r" ?quot;", '"', t)
    t = re.sub(r"&lt;.*?&gt;", " ", t)
    t = html.unescape(t)
    t = re.sub(r"\s+", " ", t).strip()
    return t[:MAXLEN]

items = []
def add(text, kind, source, licence, origin):
    text = clean(text)
    if len(text) < MINLEN:
        return
    items.append({"text": text, "kind": kind, "source": source, "licence": licence, "origin": origin})

# 1. BBC News (Greene & Cunningham 2006)
G = f"{MIRROR}/dejanbatanjac+bbc-article-classify-bert/repo"; C = "8265dc84e88b82b87ce7f5b2df5bbbb1159ae922"
BBC_MAP = {"business": "business", "entertainment": "culture", "politics": "politics", "sport": "sport", "tech": "tech"}
for p in git_ls(G, C):
    m = re.match(r"bbc/(\w+)/\d+\.txt$", p)
    if m and m.group(1) in BBC_MAP:
        raw = git_show(G, C, p)
        lines = [l.strip() for l in raw.split("\n") if l.strip()]
        text = lines[0] + ". " + " ".join(lines[1:]) if lines else ""
        add(text, BBC_MAP[m.group(1)], "BBC News (mlg.ucd.ie/datasets/bbc)",
            "research use; article copyright BBC (Greene & Cunningham, ICML 2006)",
            f"dejanbatanjac/bbc-article-classify-bert:{p}@{C}")

# 2. AG News test split (Zhang et al. 2015); class 1 = World is EXCLUDED
G = f"{MIRROR}/madhubandru+Text-Classification-on-News-Articles-using-BERT-Framework/repo"; C = "082f2db7c08a8fa3e19c46df0b4b5b0a5f81d1cd"
P = "ag_news_csv/test.csv"  # header label,title,description; 1=World(skipped) 2=Sports 3=Business 4=Sci/Tech
AG_MAP = {"2": "sport", "3": "business", "4": "tech"}
for row in csv.reader(io.StringIO(git_show(G, C, P))):
    if len(row) >= 3 and row[0] in AG_MAP:
        add(row[1].strip() + ". " + row[2].strip(), AG_MAP[row[0]], "AG News",
            "non-commercial research use (AG's corpus / Zhang, Zhao & LeCun 2015)",
            f"madhubandru/Text-Classification-on-News-Articles-using-BERT-Framework:{P}@{C}")

# 3. HuffPost News Category Dataset v3 (first 9,999 records, Misra 2022), CC BY 4.0
G = f"{MIRROR}/Fred-Stock+Correlated-Topic-Modeling-In-Pytorch/repo"; C = "65ae8edd71e5cc0ba2d32f9d02be0520fe90b006"
P = "News_Category_Dataset_v3.json"
HP_MAP = {"SPORTS": "sport", "BUSINESS": "business", "MONEY": "business", "TECH": "tech", "CRIME": "crime",
          "ENTERTAINMENT": "culture", "CULTURE & ARTS": "culture", "ARTS": "culture", "ARTS & CULTURE": "culture",
          "COMEDY": "culture", "SCIENCE": "science", "WELLNESS": "health", "HEALTHY LIVING": "health",
          "POLITICS": "politics", "ENVIRONMENT": "other", "GREEN": "other", "MEDIA": "other", "WEIRD NEWS": "other",
          "STYLE & BEAUTY": "other", "HOME & LIVING": "other", "PARENTING": "other", "FOOD & DRINK": "other",
          "TRAVEL": "other", "EDUCATION": "other", "RELIGION": "other", "WEDDINGS": "other", "IMPACT": "other"}
for line in git_show(G, C, P).split("\n"):
    if not line.strip():
        continue
    r = json.loads(line)
    cat = r["category"]
    text = r["headline"].strip().rstrip(".") + ". " + r.get("short_description", "").strip()
    kind = HP_MAP.get(cat)
    if cat == "WORLD NEWS" and DIPLO.search(text) and not CONFLICT.search(text):
        kind = "diplomacy"   # keyword-derived within the dataset's WORLD NEWS label
    if kind:
        add(text, kind, "HuffPost News Category Dataset v3", "CC BY 4.0",
            f"Fred-Stock/Correlated-Topic-Modeling-In-Pytorch:{P}@{C}")

# 4. CrisisLexT26 labelled tweets (Olteanu et al. 2015); only 'Related and informative'
G = f"{MIRROR}/sajao+CrisisLex/repo"; C = "d67cddd51131dbb28842209014f67cffe359ff42"
CL_MAP = {"Colorado_wildfires": "disaster_natural", "Costa_Rica_earthquake": "disaster_natural",
          "Guatemala_earthquake": "disaster_natural", "Italy_earthquakes": "disaster_natural",
          "Philipinnes_floods": "disaster_natural", "Typhoon_Pablo": "disaster_natural",
          "Alberta_floods": "disaster_natural", "Australia_bushfire": "disaster_natural",
          "Bohol_earthquake": "disaster_natural", "Colorado_floods": "disaster_natural",
          "Manila_floods": "disaster_natural", "Queensland_floods": "disaster_natural",
          "Russia_meteor": "disaster_natural", "Sardinia_floods": "disaster_natural",
          "Singapore_haze": "disaster_natural", "Typhoon_Yolanda": "disaster_natural",
          "Venezuela_refinery": "disaster_manmade", "Savar_building_collapse": "disaster_manmade",
          "Brazil_nightclub_fire": "disaster_manmade", "West_Texas_explosion": "disaster_manmade",
          "Glasgow_helicopter_crash": "accident", "Lac_Megantic_train_crash": "accident",
          "NY_train_crash": "accident", "Spain_train_crash": "accident"}
# EXCLUDED events (political/criminal violence): 2013_Boston_bombings, 2013_LA_airport_shootings
for p in git_ls(G, C):
    m = re.match(r"data/CrisisLexT26/(\d{4})_(\w+?)/.*-tweets_labeled\.csv$", p)
    if not m or m.group(2) not in CL_MAP:
        continue
    rd = csv.reader(io.StringIO(git_show(G, C, p)))
    next(rd)
    for row in rd:
        if len(row) >= 5 and row[4].strip() == "Related and informative":
            t = re.sub(r"https?://\S+", "", row[1])
            add(t, CL_MAP[m.group(2)], "CrisisLexT26", "MIT (repository LICENSE); tweet text subject to Twitter/X terms",
                f"sajao/CrisisLex:{p}@{C}")

# 5. Kaggle "NLP with Disaster Tweets" (nlp-getting-started); target==1 and keyword about natural disaster / accident
G = f"{MIRROR}/asvskartheek+nlp-getting-started/repo"; C = "262c8fa1bb7fe5cbb5179929dffb2ec4eb834bf2"
P = "data/full_train.csv"
NAT = {"earthquake", "flood", "flooding", "floods", "flooded", "hurricane", "tornado", "wildfire", "wild fires",
       "forest fire", "forest fires", "bush fires", "cyclone", "typhoon", "tsunami", "landslide", "mudslide",
       "avalanche", "volcano", "lava", "drought", "hail", "hailstorm", "storm", "rainstorm", "snowstorm",
       "sandstorm", "windstorm", "thunderstorm", "lightning", "heat wave", "blizzard", "seismic", "sinkhole",
       "deluge", "deluged", "inundated", "inundation", "whirlwind", "cliff fall", "dust storm", "natural disaster"}
ACC = {"airplane accident", "collision", "collided", "crash", "crashed", "derail", "derailed", "derailment",
       "sinking", "sunk", "wreck", "wrecked", "wreckage", "accident", "trapped", "drowned", "drowning"}
MAN = {"bridge collapse", "structural failure", "chemical emergency", "explosion", "explode", "nuclear disaster",
       "nuclear reactor", "oil spill", "buildings on fire", "burning buildings", "collapse", "collapsed",
       "electrocuted", "electrocute", "meltdown", "radiation emergency", "hazardous", "blaze", "blazing"}
for row in csv.DictReader(io.StringIO(git_show(G, C, P))):
    if row.get("target") != "1":
        continue
    kw = row.get("keyword", "").replace("%20", " ").strip().lower()
    kind = "disaster_natural" if kw in NAT else "accident" if kw in ACC else "disaster_manmade" if kw in MAN else None
    if kind:
        t = re.sub(r"https?://\S+", "", row["text"])
        add(t, kind, "Kaggle NLP with Disaster Tweets (nlp-getting-started)",
            "Kaggle competition data; no licence stated in repository (original: Figure Eight 'Disasters on Social Media')",
            f"asvskartheek/nlp-getting-started:{P}@{C}")

# dedupe by normalised text, then cap per kind by sha1 order
seen, uniq = set(), []
for it in items:
    k = re.sub(r"\W+", " ", it["text"].lower()).strip()
    if k in seen:
        continue
    seen.add(k); uniq.append(it)
bykind = collections.defaultdict(list)
for it in uniq:
    bykind[it["kind"]].append(it)
out = []
for kind in sorted(bykind):
    lst = sorted(bykind[kind], key=lambda x: hashlib.sha1(x["text"].encode()).hexdigest())[:CAP]
    out.extend(lst)
out.sort(key=lambda x: hashlib.sha1(x["text"].encode()).hexdigest())
with open(OUT, "w") as f:
    for it in out:
        it["flag_conflict_terms"] = bool(CONFLICT.search(it["text"]))
        f.write(json.dumps(it, ensure_ascii=False) + "\n")

# summary
pre = collections.Counter((it["kind"]) for it in uniq)
kc = collections.Counter(it["kind"] for it in out)
sc = collections.Counter(it["source"] for it in out)
ks = collections.Counter((it["kind"], it["source"]) for it in out)
fl = collections.Counter(it["kind"] for it in out if it["flag_conflict_terms"])
lines = [f"total items: {len(out)}  (flagged flag_conflict_terms=true: {sum(fl.values())})", "", "per kind (kept / available before cap / flagged):"]
lines += [f"  {k:18s} {kc[k]:5d} / {pre[k]:5d} / {fl[k]:4d}" for k in sorted(kc)]
lines += ["", "per source:"] + [f"  {s}: {n}" for s, n in sc.most_common()]
lines += ["", "per kind x source:"] + [f"  {k:18s} {s}: {n}" for (k, s), n in sorted(ks.items())]
print("\n".join(lines))
