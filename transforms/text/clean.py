"""Plain-text article cleaner: drop site chrome from a news text, keep the body whole.

Plain-text news files arrive with the site's chrome mixed in (menus, ads, UI prompts,
mastheads, bylines, publisher blurbs). trafilatura returns nothing for plain text and
justext drops real leads, so this module classifies *units* (a line, or a hard-wrapped
paragraph re-joined) with:

1. rules for the unmistakable families (ad, menu, UI prompt, contact, masthead, byline,
   other script, recurring cross-document chrome, repeated headline, teaser lead);
2. a small logistic-regression line model (weights in ``data/text_lines_lr.json``, fitted
   by ``benchmarks/text_lines.py`` on real rendered news pages) for everything else;
3. context smoothing in the spirit of justext: long high-score units anchor the body,
   short units are kept only when their neighbours are body.

A unit is either kept whole or dropped whole: body paragraphs are never split or trimmed.
Pure module: no I/O at call time except loading the weights once (lazily).
"""

from __future__ import annotations

import html
import json
import math
import operator
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

__all__ = ["CleanedText", "clean_text", "line_key", "chrome_candidates", "line_features"]

_WEIGHTS_PATH = Path(__file__).resolve().parent.parent / "data" / "text_lines_lr.json"


@dataclass(frozen=True)
class CleanedText:
    """Result of `clean_text`.

    title: the headline (given, or found in the header), None if none looks like one.
    text: the clean body, paragraphs joined by "\\n\\n".
    published_at: UTC-aware publication date found in the text, None if unknown.
    published_source: where that date came from ("text:title_line", "text:dateline",
        "text:footer"), None when published_at is None.
    author: the name from a byline that was removed, else None.
    removed: number of units (lines/paragraphs) removed per reason.
    """

    title: str | None
    text: str
    published_at: datetime | None
    published_source: str | None
    author: str | None
    removed: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- lexicons
# Small multilingual word lists. They are features for the model and triggers for rules on
# SHORT lines only, so a body sentence that happens to say "share" is not affected.

_STOP = frozenset(
    """a an the and or but of to in on at for with from by as is are was were be been has have
    had it its this that these those he she they we you i his her their our not no will would
    said says after before about into over than then also who which what when where while
    der die das und oder ein eine zu im mit von den dem des ist sind war nicht auf für sich
    le la les un une des du de et ou en au aux est sont pour par dans sur qui que pas il elle
    el los las y o en del al es son por para con que se una uno lo su
    il lo gli e di da con per che non sono una
    o os as um uma e de do da em no na para com que não por
    het een en van in op te dat is niet met voor zijn
    и в во не на с со что как по из за от к у о а но это он она они был была были также
    و في من على إلى أن عن مع""".split()
)

# Words that make a short line a UI prompt / social / legal chrome.
_UI_WORDS = frozenset(
    """share shares shared tweet subscribe subscribed subscription subscriptions unsubscribe
    newsletter newsletters sign login logout log register registration signup follow
    read more comments comment reply replies post previous next prev older newer
    bug typo mistake error report found telegram whatsapp facebook twitter instagram youtube
    linkedin pinterest tiktok viber vk vkontakte reddit rss feed feeds email e-mail print
    cookie cookies consent privacy policy terms conditions accept agree gdpr rights reserved
    copyright click here tap download app apps install menu search home homepage top back
    loading login account password premium paywall trial free offer join us our channel
    listen audio
    related recommended popular trending latest stories story also see view all load
    tags tag categories category archive archives contact contacts about advertise
    teilen abonnieren weiterlesen kommentare kommentar anmelden registrieren datenschutz
    impressum newsletter mehr lesen zurück startseite suche
    partager abonner abonnez-vous commentaires commentaire lire suite aussi connexion
    accueil rechercher confidentialité
    compartir suscríbete suscribirse comentarios comentario leer más inicio buscar
    condividi iscriviti commenti commento leggi anche
    partilhar compartilhar assine comentários leia mais entrar
    поделиться подписаться подпишитесь читать читайте также подробнее комментарии
    комментарий войти ошибку ошибка нашли главная поиск телеграм канал
    شارك اشترك تابعنا اقرأ المزيد تعليقات""".split()
)

_AD_WORDS = frozenset(
    """ad ads advert advertisement advertisements advertising sponsored promoted promo
    anzeige werbung publicité publicite pub publicidad anuncio pubblicità pubblicita
    publicidade reklama реклама рекламa реклама: reklam advertentie annons mainos
    إعلان اعلان 广告 廣告 広告 광고 विज्ञापन""".split()
)

_NAV_WORDS = frozenset(
    """home news world politics business economy sport sports tech technology science health
    culture entertainment opinion lifestyle travel video videos photos photo gallery podcast
    podcasts weather markets local national international region regions main learn
    incidents unrest society life media more menu about contact contacts archive search
    startseite nachrichten politik wirtschaft kultur accueil actualités monde politique
    économie inicio noticias mundo política economía deportes главная новости мир политика
    экономика общество спорт культура происшествия""".split()
)

_EDITOR_RE = re.compile(
    r"\b(editor[- ]in[- ]chief|chief editor|managing editor|executive editor|editor:|"
    r"publisher:|founded in|chefredakteur|chefredaktion|rédacteur en chef|redactor jefe|"
    r"director general|главный редактор|шеф-редактор|رئيس التحرير)",
    re.I,
)
_BLURB_RE = re.compile(
    r"\b(publisher|magazine|all rights reserved|copyright|powered by|news about|"
    r"about us|tous droits réservés|alle rechte vorbehalten|todos los derechos|"
    r"все права защищены)\b|©",
    re.I,
)
_UI_PATTERN_RE = re.compile(
    r"^(?:(?:found|spotted|see|notice[d]?) an? (?:bug|typo|mistake|error)"
    r"|(?:join|follow|subscribe to|like) (?:us|our)?\b.*"
    r"|(?:previous|next|older|newer) (?:post|article|story|page)"
    r"|(?:post|leave|add|write|show|view) (?:a |your )?(?:comments?|reply|replies)"
    r"|(?:read|see|view|load|show) (?:more|also|all|full)\b.*"
    r"|(?:listen|watch) to (?:this|the) (?:article|story|podcast|episode|video)\b.*"
    r"|\d+\s*(?:min|minute)s?\s+(?:read|listen)"
    r"|share (?:this|on|via)\b.*|(?:sign|log) (?:in|up|out)\b.*|click here\b.*"
    r"|.{0,80}\b(?:uses|use) cookies\b.*|we use cookies\b.*)$",
    re.I,
)
# Section cues after which the rest of the page is related links / comments, not body.
_TAIL_CUE_RE = re.compile(
    r"^(?:related(?: articles| stories| news| posts)?|read (?:also|more)|see also|"
    r"more (?:from|on|stories|news)\b.*|you (?:may|might) also like|recommended(?: for you)?|"
    r"comments?|post a comment|leave a (?:reply|comment)|tags?|popular|most read|"
    r"lesen sie auch|mehr zum thema|lire aussi|à lire aussi|leer también|leggi anche|"
    r"leia também|читайте также|по теме|اقرأ أيضا)\s*:?$",
    re.I,
)

# Reader-comment headers: "jdoe says:", "Ann (Staff) on May 2, 2019 at 4:47 pm said:".
_COMMENT_HEAD_RE = re.compile(
    r"^.{1,80}?\s(?:says|said|wrote|replied|пишет|написал|написала|schreibt|a écrit|"
    r"escribió|ha scritto|escreveu)\s?:$",
    re.I,
)
# Calls to action: an imperative UI verb and a UI object ("Sign up for our newsletter to get
# the latest news in your inbox.", "Download our app for iOS and Android").
_CTA_RE = re.compile(
    r"^(?:sign up|subscribe|register|download|install|get|follow|join|like|click|tap|"
    r"listen|watch|support|donate|become a member)\b.{0,160}\b(?:newsletters?|inbox|apps?|"
    r"channel|podcast|membership|subscription|premium|telegram|whatsapp|facebook|twitter|"
    r"instagram|youtube|tiktok|notifications|alerts|ios|android)\b",
    re.I,
)
# "Read also: <another headline>" teasers and photo credits.
_RELATED_LINK_RE = re.compile(
    r"^(?:read also|also read|see also|read more|related|more|watch|listen|recommended|"
    r"читайте также|смотрите также|по теме|lesen sie auch|mehr dazu|lire aussi|à lire aussi|"
    r"voir aussi|leer también|lea también|leggi anche|leia também|veja também|"
    r"اقرأ أيضا|اقرأ أيضاً)\s*[:›»>|-]\s*\S",
    re.I,
)
_CREDIT_RE = re.compile(
    r"^(?:photo|photos|foto|fotos|фото|image|images|picture|pictures|credit|credits|bild|"
    r"imagen|immagine|video|видео|illustration|graphic|source|quelle|источник)"
    r"(?:\s+(?:by|von|de|di|credit))?\s*[:/|©-]",
    re.I,
)
_URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|ru|de|uk|info|io)\b/?\S*", re.I
)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Phone: international prefix or bracketed area code, then digit groups; dates never have
# a leading "+" or a bracketed group, and bare numbers need 9+ digits in groups.
_PHONE_RE = re.compile(
    r"(?:\+\d{1,3}[\s.-]?\(?\d{1,4}\)?|\(\d{2,5}\))[\s.-]?\d{2,4}(?:[\s.-]?\d{2,4}){1,3}"
    r"|\b\d{3}[\s.-]\d{3}[\s.-]\d{4}\b"
)
_BULLET_RE = re.compile(r"^\s*(?:[•·▪►▶◦‣*>»›|-]|\d{1,2}[.)])\s+")
_TERMINAL_RE = re.compile(r"[.!?…。！？]['\"”’»)\]]*$")
_WORD_RE = re.compile(r"\w+")
_DIGIT_RE = re.compile(r"\d")
_PUNCT_RE = re.compile(r"[^\w\s]")
_ALPHA_WORD_RE = re.compile(r"[^\W\d_]+")
_SEP_RE = re.compile(r"\s(?:[|›»>/·•]|::)\s")
_NAME_TOK = r"(?:[A-Z][\w'’.-]*|al|el|bin|ibn|de|da|van|von|der|la|le|di|du|dos|y)"
_NAME = rf"[A-Z][\w'’.-]+(?:\s+{_NAME_TOK}){{1,4}}"
_AGENCIES = (
    r"(?:Reuters|AFP|AP|Associated Press|dpa|ANSA|EFE|Xinhua|Bloomberg|TASS|Interfax|UPI|CNN|BBC)"
)
_BYLINE_RES = (
    # "By Jane Doe", "Von Max Muster", "Автор: Иван Петров", optional ", Reuters" tail
    re.compile(
        rf"^(?:by|von|por|par|di|door|av|af|from|автор|текст|author|written by)\s*:?\s+"
        rf"(?P<name>{_NAME}(?:\s+(?:and|und|et|y|и)\s+{_NAME})?)"
        rf"(?:\s*[,|/–—-]\s*[\w .'’&-]{{0,40}})?$",
        re.I,
    ),
    # "Jane Doe, Reuters" / "Jane Doe | AFP"
    re.compile(rf"^(?P<name>{_NAME})\s*[,|/–—-]\s*{_AGENCIES}(?:\s+\w+){{0,2}}$"),
    # "Damascus - George Al Shami": place, dash, a capitalised name and nothing else
    re.compile(
        r"^[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+){0,2}\s+[-–—]\s+"
        rf"(?P<name>[A-Z][\w'’.-]+(?:\s+{_NAME_TOK}){{1,3}})$"
    ),
)
_PUBLISH_RE = re.compile(
    r"\b(published|updated|posted|last modified|date|veröffentlicht|aktualisiert|publié|"
    r"mis à jour|publicado|actualizado|pubblicato|опубликовано|обновлено|дата)\b",
    re.I,
)


# --------------------------------------------------------------------------- helpers
def unescape_text(raw: str) -> str:
    """Undo escaping damage: backslash-escaped quotes and HTML entities."""
    text = raw.replace('\\"', '"').replace("\\'", "'").replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text and re.search(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", text, re.I):
        text = html.unescape(text)
    return text.replace("\u00a0", " ").replace("\u200b", "")


def _norm_ws(line: str) -> str:
    return " ".join(line.split())


def _strip_bullet(line: str) -> str:
    return _BULLET_RE.sub("", line, count=1)


def line_key(line: str) -> str:
    """Normalised form of a line for counting its recurrence across documents.

    Case-folded, bullets and punctuation dropped, digit runs collapsed to "0" (so
    "© 2023 Foo" and "© 2024 Foo" are one key), whitespace collapsed.
    """
    s = _strip_bullet(unescape_text(line).strip()).casefold()
    s = re.sub(r"\d+", "0", s)
    return " ".join(_WORD_RE.findall(s))


def _title_key(line: str) -> str:
    return " ".join(_WORD_RE.findall(line.casefold()))


@lru_cache(maxsize=4096)
def _char_script(ch: str) -> str | None:
    """Script of a letter from its Unicode name ("LATIN", "CYRILLIC", ...); CJK grouped."""
    if not ch.isalpha():
        return None
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    head = name.split(" ", 1)[0]
    if head in ("CJK", "HIRAGANA", "KATAKANA"):
        return "CJK"
    return head


_ASCII_RUN_RE = re.compile(r"[\x00-\x7f]+")
_NON_ASCII_LETTER_RE = re.compile(r"[^A-Za-z]+")


def _script_counts(text: str) -> Counter:
    """Letters per script. ASCII letters are counted in C; only the rest go through
    unicodedata (one lookup per distinct character)."""
    counts: Counter = Counter()
    latin = len(_NON_ASCII_LETTER_RE.sub("", text))
    if latin:
        counts["LATIN"] = latin
    for ch, n in Counter(_ASCII_RUN_RE.sub("", text)).items():
        sc = _char_script(ch)
        if sc:
            counts[sc] += n
    return counts


# --------------------------------------------------------------------------- units
@dataclass
class _Unit:
    text: str  # output text (whole line / re-joined wrapped paragraph)
    core: str  # text without a leading bullet, for analysis
    block: int
    bullet: bool
    words: list[str]
    reason: str | None = None
    p: float = 0.5  # probability of body (line + context model)
    p1: float = 0.5  # line model alone


def _is_wrap(prev: str, cur: str) -> bool:
    """True when `cur` continues a hard-wrapped `prev` (same paragraph)."""
    if len(prev) < 40 or _TERMINAL_RE.search(prev) or prev.endswith(":"):
        return False
    if cur[:1].islower() or prev.endswith((",", ";", "-", "–")):
        return True
    last = prev.rsplit(" ", 1)[-1].casefold()
    return last in _STOP


def _wrapped_width(lines: list[str]) -> int:
    """Wrap width if the block looks hard-wrapped (3+ lines of near-equal length <= 100)."""
    if len(lines) < 3:
        return 0
    width = max(map(len, lines))
    if 40 <= width <= 100 and min(map(len, lines[:-1])) >= 0.75 * width:
        return width
    return 0


def _segment(text: str) -> list[_Unit]:
    blocks = [[_norm_ws(x) for x in b.split("\n")] for b in re.split(r"\n[ \t]*\n", text)]
    blocks = [[x for x in b if x] for b in blocks]
    # widths of clearly wrapped blocks: a 2-line block at the same width is wrapped too
    widths = {w for b in blocks if (w := _wrapped_width(b))}
    units: list[_Unit] = []
    for b, lines in enumerate(blocks):
        merged: list[str] = []
        prev_len = 0
        for line in lines:
            wrapped = any(prev_len >= 0.75 * w and prev_len <= w for w in widths)
            if merged and (wrapped or _is_wrap(merged[-1], line)):
                merged[-1] += " " + line
            else:
                merged.append(line)
            prev_len = len(line)
        for line in merged:
            core = _strip_bullet(line)
            units.append(
                _Unit(line, core or line, b, core != line, _WORD_RE.findall(core.casefold()))
            )
    return units


# --------------------------------------------------------------------------- features
FEATURES = (
    "log_words",
    "few_words",
    "many_words",
    "terminal",
    "colon_end",
    "stop_ratio",
    "cap_ratio",
    "digit_ratio",
    "punct_ratio",
    "ui_ratio",
    "ad_word",
    "url_email",
    "phone",
    "bullet",
    "separators",
    "all_caps",
    "comma_rate",
    "mean_word_len",
    "sentences",
    "nav_ratio",
    "blurb",
    "starts_lower",
)


_TLDS = frozenset("com org net ru de uk fr info io co gov edu html htm php".split())
_BLURB_WORDS = frozenset("publisher magazine copyright reserved powered".split())
_SEPS = (" | ", " › ", " » ", " > ", " / ", " · ", " • ", " :: ")


def _has_url(core: str, toks: list[str]) -> bool:
    # cheap gate first: the regexes are the slowest part of scoring a long paragraph
    if "://" not in core and "www." not in core and _TLDS.isdisjoint(toks):
        return False
    return bool(_URL_RE.search(core))


def _has_email(core: str) -> bool:
    return "@" in core and bool(_EMAIL_RE.search(core))


def _has_phone(core: str, n_digits: int) -> bool:
    return n_digits >= 7 and bool(_PHONE_RE.search(core))


def _has_sep(core: str) -> bool:
    return any(sep in core for sep in _SEPS)


# One dict lookup per token gives all its lexicon memberships (speed: a 5 KB article has
# ~900 tokens and clean_text should stay around a millisecond).
_STOP_F, _UI_F, _NAV_F, _AD_F, _BLURB_F, _TLD_F = 1, 2, 4, 8, 16, 32
_LEX: dict[str, int] = {}
for _flag, _words in (
    (_STOP_F, _STOP),
    (_UI_F, _UI_WORDS),
    (_NAV_F, _NAV_WORDS),
    (_AD_F, _AD_WORDS),
    (_BLURB_F, _BLURB_WORDS),
    (_TLD_F, _TLDS),
):
    for _w in _words:
        _LEX[_w] = _LEX.get(_w, 0) | _flag


def line_features(text: str) -> list[float]:
    """Features of one line (see FEATURES).

    No position feature: on rendered web pages the edges are chrome, but a plain-text file's
    last line is usually the article's last paragraph, so position would not transfer.
    """
    core = _strip_bullet(text)
    orig = _WORD_RE.findall(core)
    n = max(len(orig), 1)
    stop = ui = nav = ad = blurb = tld = caps = alpha = digits = word_chars = 0
    for t in orig:
        word_chars += len(t)
        if t[0].isdigit():
            if t.isdigit():
                digits += len(t)
            continue
        alpha += 1
        if t[0].isupper():
            caps += 1
        f = _LEX.get(t.lower(), 0)
        if f:
            stop += f & _STOP_F
            if not f & _STOP_F:
                ui += (f & _UI_F) > 0
            nav += (f & _NAV_F) > 0
            ad += (f & _AD_F) > 0
            blurb += (f & _BLURB_F) > 0
            tld += (f & _TLD_F) > 0
    content = (alpha - stop) if alpha > stop else 0
    punct = len(core) - word_chars - core.count(" ")
    nch = max(len(core), 1)
    terminal = bool(_TERMINAL_RE.search(core))
    return [
        math.log1p(len(orig)),
        float(len(orig) <= 3),
        float(len(orig) >= 15),
        float(terminal),
        float(core.endswith(":")),
        stop / n,
        caps / max(alpha, 1),
        digits / nch,
        punct / nch,
        ui / content if content else 0.0,
        float(ad > 0),
        float(
            _has_email(core)
            or ((tld or "://" in core or "www." in core) and bool(_URL_RE.search(core)))
        ),
        float(_has_phone(core, digits)),
        float(core != text.strip()),
        float(_has_sep(core)),
        float(alpha > 0 and core.upper() == core),
        core.count(",") / n,
        word_chars / n,
        math.log1p(core.count(". ") + core.count("? ") + core.count("! ") + terminal),
        nav / n,
        float(blurb > 0 or "©" in core),
        float(core[:1].islower()),
    ]


_PROSE_WORDS = 6
CONTEXT_FEATURES = (
    "z",
    "z_prev",
    "z_next",
    "z_prev2",
    "z_next2",
    "z_window",
    "words_prev",
    "words_next",
    "log_words",
)
_MODEL: tuple | None = None


def _fold(d: dict) -> tuple[list[float], float]:
    """Weights for standardised features → weights on raw features (a plain dot product)."""
    w = [wi / s for wi, s in zip(d["weights"], d["std"], strict=True)]
    return w, d["bias"] - sum(wi * m for wi, m in zip(w, d["mean"], strict=True))


def _model() -> tuple:
    """((line weights, bias), (context weights, bias) | None), loaded once.

    Neutral (p=0.5 everywhere, rules and smoothing still work) if the file is missing.
    """
    global _MODEL
    if _MODEL is None:
        try:
            d = json.loads(_WEIGHTS_PATH.read_text())
            assert tuple(d["line"]["features"]) == FEATURES
            ctx = d.get("context")
            if ctx is not None:
                assert tuple(ctx["features"]) == CONTEXT_FEATURES
            _MODEL = (_fold(d["line"]), _fold(ctx) if ctx else None)
        except (OSError, ValueError, KeyError, AssertionError):
            _MODEL = (([0.0] * len(FEATURES), 0.0), None)
    return _MODEL


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def _line_logit(feats: list[float]) -> float:
    """Stage 1: log-odds that a line is body text, from the line alone."""
    (w, b), _ = _model()
    return b + sum(map(operator.mul, w, feats))


def context_features(z: list[float], nwords: list[int], i: int) -> list[float]:
    """Stage-2 features of unit i: its stage-1 logit and its neighbours' (see CONTEXT_FEATURES).

    Outside the document counts as chrome-like (logit -3, no words): edges of a text are
    where chrome sits, but a unit surrounded by body is body.
    """
    n = len(z)

    def zz(j: int) -> float:
        return z[j] if 0 <= j < n else -3.0

    def ww(j: int) -> float:
        return math.log1p(nwords[j]) if 0 <= j < n else 0.0

    lo, hi = max(i - 3, 0), min(i + 4, n)
    return [
        z[i],
        zz(i - 1),
        zz(i + 1),
        zz(i - 2),
        zz(i + 2),
        sum(z[lo:hi]) / (hi - lo),
        ww(i - 1),
        ww(i + 1),
        ww(i),
    ]


def _scores(units: list) -> list[tuple[float, float]]:
    """(line-model p, final p) of body per unit: line model, then the context model if shipped."""
    z = [_line_logit(line_features(u.text)) for u in units]
    p1 = [_sigmoid(x) for x in z]
    _, ctx = _model()
    if ctx is None:
        return list(zip(p1, p1, strict=True))
    w, b = ctx
    nwords = [len(u.words) for u in units]
    out = []
    for i, u in enumerate(units):
        p = _sigmoid(b + sum(map(operator.mul, w, context_features(z, nwords, i))))
        if nwords[i] >= _PROSE_WORDS and _TERMINAL_RE.search(u.core):
            # Prose keeps its own score: on web pages chrome neighbours mean chrome, but in
            # a plain-text file the lead sits under ads and menus and the last paragraph
            # above share buttons.
            p = max(p, p1[i])
        out.append((p1[i], p))
    return out


# --------------------------------------------------------------------------- rules
def _is_sentence(u: _Unit) -> bool:
    return len(u.words) >= 8 and bool(_TERMINAL_RE.search(u.core))


def _rule_reason(u: _Unit) -> str | None:
    """Reason for dropping a unit on its own evidence, or None."""
    core, toks = u.core, u.words
    n = len(toks)
    if n > 40:
        return None  # no chrome family is that long; keep paragraphs whole
    url, email = _has_url(core, toks), _has_email(core)
    if url or email:
        stripped = _URL_RE.sub(" ", _EMAIL_RE.sub(" ", core))
        if len(_WORD_RE.findall(stripped)) <= 1:
            return "contact"  # a bare URL / e-mail (or a label plus one)
    if not toks:
        return "symbols"  # separators like "* * *" or "———"
    if n <= 12 and any(t in _AD_WORDS for t in toks) and not _is_sentence(u):
        return "ad"
    if n <= 12 and _has_phone(core, sum(len(t) for t in toks if t.isdigit())):
        return "ad" if n <= 8 else "contact"
    if n <= 20 and _EDITOR_RE.search(core):
        return "masthead"
    if n <= 10 and not _TERMINAL_RE.search(core):
        # breadcrumbs "Home > World > Europe" and nav bars "News | Sport | Weather"
        parts = [p for p in re.split(r"\s(?:[|›»>/·•]|::)\s", core) if p.strip()]
        if len(parts) >= 2 and all(len(p.split()) <= 3 for p in parts):
            return "menu"
        content = [t for t in toks if t not in _STOP]
        if content and n <= 3 and all(t in _NAV_WORDS for t in content):
            return "menu"
    if n <= 10 and (_UI_PATTERN_RE.match(core) or _TAIL_CUE_RE.match(core)):
        return "ui_prompt"
    if n <= 25 and _CTA_RE.match(core):
        return "ui_prompt"
    if n <= 25 and _RELATED_LINK_RE.match(core):
        return "related_link"
    if n <= 15 and _CREDIT_RE.match(core):
        return "caption"
    if n <= 8 and not _is_sentence(u):
        content = [t for t in toks if t not in _STOP]
        if content and sum(t in _UI_WORDS for t in content) / len(content) >= 0.6:
            return "ui_prompt"
    if ("cookie" in toks or "cookies" in toks) and re.search(
        r"\b(accept|agree|consent|use|uses|policy|settings)\b", core, re.I
    ):
        return "ui_prompt"
    if n <= 8 and not _TERMINAL_RE.search(core):
        for rx in _BYLINE_RES:
            if rx.match(core):
                return "byline"
    return None


def _byline_name(core: str) -> str | None:
    for rx in _BYLINE_RES:
        m = rx.match(core)
        if m:
            return m.group("name").strip()
    return None


_TITLE_MIN_P = 0.3  # line-model p; real headlines score 0.4-0.8, chrome lines below 0.2


def _ui_ratio(u: _Unit) -> float:
    content = [t for t in u.words if t not in _STOP]
    return sum(t in _UI_WORDS for t in content) / max(len(content), 1)


def _headline_like(u: _Unit) -> bool:
    n = len(u.words)
    core = u.core
    if not 3 <= n <= 30 or len(core) > 250 or u.bullet:
        return False
    if core.endswith((".", ":", ",", ";")) and not core.endswith("..."):
        return False
    return core[:1].isupper() or core[:1].isdigit() or core[:1] in "\"'“«‘"


# --------------------------------------------------------------------------- dates
def _find_dates(text: str) -> list:
    """transforms.text.dates.find_dates, or [] while that module is unavailable."""
    try:
        from transforms.text.dates import find_dates
    except ImportError:  # written concurrently by another engineer
        return []
    try:
        return find_dates(text)
    except Exception:  # a date parser bug must not lose the article
        return []


def _date_only(u: _Unit) -> tuple | None:
    """(DateMatch, has_publish_word) if the unit is essentially a date line."""
    if len(u.words) > 14:
        return None
    matches = _find_dates(u.core)
    if not matches:
        return None
    m = max(matches, key=lambda d: d.end - d.start)
    rest = (u.core[: m.start] + u.core[m.end :]).strip()
    pub = bool(_PUBLISH_RE.search(rest))
    rest_words = [w for w in _ALPHA_WORD_RE.findall(_PUBLISH_RE.sub(" ", rest))]
    if len(rest_words) <= 3:
        return m, pub
    return None


# --------------------------------------------------------------------------- main
def _classify(raw: str, recurring: frozenset[str]) -> list[_Unit]:
    units = _segment(unescape_text(raw))
    if not units:
        return units
    doc_scripts = _script_counts(" ".join(u.core for u in units))
    main_script = doc_scripts.most_common(1)[0][0] if doc_scripts else None
    # only look at each unit's script when the document mixes scripts at all
    mixed = sum(1 for n in doc_scripts.values() if n >= 3) > 1
    for u, (p1, p) in zip(units, _scores(units), strict=True):
        u.p1, u.p = p1, p
        if recurring and not (_is_sentence(u) and len(u.words) > 25):
            if line_key(u.text) in recurring:
                u.reason = "recurring"
                continue
        u.reason = _rule_reason(u)
        if u.reason is None and mixed:
            sc = _script_counts(u.core)
            letters = sum(sc.values())
            if letters >= 3 and sc[main_script] < 0.5 * letters:
                u.reason = "script"
    return units


# Smoothing thresholds (tuned on the benchmark's train half, see benchmarks/text_lines.py).
_GOOD_P, _GOOD_WORDS = 0.8, 6  # a body anchor: confident and long
_BAD_P = 0.3  # below this a short line is chrome unless sandwiched in the body
_EDGE_P = 0.7  # a short line next to body on one side only
_INSIDE_MIN = 0.1  # benchmark-neutral between 0 and 0.99; low enough for crossheads


def _smooth(units: list[_Unit]) -> None:
    """Context step: long high-score units anchor the body; short ones follow neighbours."""
    cls = []
    for u in units:
        if u.reason:
            cls.append("bad")
        elif u.p >= _GOOD_P and len(u.words) >= _GOOD_WORDS:
            cls.append("good")
        elif u.p < _BAD_P:
            cls.append("bad")
        else:
            cls.append("short")

    def nearest(i: int, step: int) -> str:
        j = i + step
        while 0 <= j < len(units):
            if cls[j] != "short":
                return cls[j]
            j += step
        return "bad"

    final = list(cls)
    # A low-score line sandwiched between two body paragraphs is a crosshead or a short
    # quote: keep it (the body is a contiguous region).
    for i in range(1, len(units) - 1):
        if cls[i] != "good" and cls[i - 1] == "good" and not units[i].reason:
            j = i  # a run of at most two such lines, then body again
            while j < len(units) and j - i < 2 and cls[j] != "good" and not units[j].reason:
                j += 1
            if j < len(units) and cls[j] == "good":
                for k in range(i, j):
                    if units[k].p >= _INSIDE_MIN:
                        cls[k] = "short"
    for i, c in enumerate(cls):
        if c != "short":
            continue
        prev, nxt = nearest(i, -1), nearest(i, 1)
        if prev == nxt == "good":
            final[i] = "good"
        elif prev == "good" or nxt == "good":
            final[i] = "good" if units[i].p >= _EDGE_P else "bad"
        else:
            final[i] = "bad"

    # Body region: runs of good units separated by >= 4 dropped units; keep the big runs,
    # drop small islands (related-story teasers, footer blurbs) far from the body.
    runs: list[list[int]] = []
    gap = 99
    for i, c in enumerate(final):
        if c == "good":
            if gap >= 4 or not runs:
                runs.append([])
            runs[-1].append(i)
            gap = 0
        else:
            gap += 1
    if runs:
        size = [sum(len(units[i].core) for i in r) for r in runs]
        best = max(size)
        for r, s in zip(runs, size, strict=True):
            if s < 0.25 * best:
                for i in r:
                    final[i] = "island"

    # Tail cue ("Related", "Comments", ...) after most of the body ends the article.
    good_idx = [i for i, c in enumerate(final) if c == "good"]
    if good_idx:
        body_chars = sum(len(units[i].core) for i in good_idx)
        seen = 0
        for i, u in enumerate(units):
            if final[i] == "good":
                seen += len(u.core)
            elif (
                u.reason == "ui_prompt"
                and _TAIL_CUE_RE.match(u.core)
                and seen >= 0.6 * body_chars
                and i + 1 < len(units)
                and final[i + 1] != "good"
            ):
                # (a cue directly followed by body prose is an inline widget, not the end)
                for j in range(i + 1, len(units)):
                    if final[j] == "good":
                        final[j] = "tail"
                break

    # Publisher blurb / copyright lines: short, after the body's last long paragraph.
    last_body = max(
        (i for i, c in enumerate(final) if c == "good" and len(units[i].words) >= 15),
        default=len(units),
    )
    for i, u in enumerate(units):
        if u.reason:
            continue
        if i > last_body and len(u.words) <= 25 and _BLURB_RE.search(u.core):
            u.reason = "publisher_blurb"
        elif final[i] != "good":
            u.reason = {"island": "outside_body", "tail": "after_end"}.get(final[i], "chrome")


def _cut_comments(units: list[_Unit]) -> None:
    """Two or more reader-comment headers after some body text: the rest is comments."""
    heads = [
        i
        for i, u in enumerate(units)
        if not u.reason and len(u.words) <= 16 and _COMMENT_HEAD_RE.match(u.core)
    ]
    if len(heads) < 2:
        return
    first = heads[0]
    if not any(not u.reason and u.p >= 0.5 and len(u.words) >= 10 for u in units[:first]):
        return
    for u in units[first:]:
        if not u.reason:
            u.reason = "comments"


def _teasers(units: list[_Unit]) -> None:
    """Drop a lead that repeats the next paragraph's start (teaser) or all of it."""
    kept = [u for u in units if not u.reason]
    for a, b in zip(kept, kept[1:], strict=False):
        if len(a.words) < 5 or len(a.words) > 80:
            continue
        if a.words[:2] != b.words[:2]:
            continue  # cheap reject: a teaser starts exactly like its paragraph
        if b.words[: len(a.words)] == a.words:
            a.reason = "teaser" if len(b.words) > len(a.words) else "duplicate"
        else:
            k = len(a.words)
            same = sum(x == y for x, y in zip(a.words, b.words[:k], strict=False))
            if same >= 0.9 * k and len(b.words) > k:
                a.reason = "teaser"


def _analyse(raw: str, title: str | None, recurring: frozenset[str]):
    units = _classify(raw, recurring)
    author = None
    for u in units:
        if u.reason == "byline" and author is None:
            author = _byline_name(u.core)

    first_body = next(
        (
            i
            for i, u in enumerate(units)
            if not u.reason and u.p >= 0.5 and _is_sentence(u) and len(u.words) >= 12
        ),
        len(units),
    )

    published = None
    source = None
    title_idx = None
    if title is None:
        cands = [
            i
            for i, u in enumerate(units[: first_body + 1])
            if not u.reason
            and _headline_like(u)
            and not _PUBLISH_RE.match(u.core)
            and not (_date_only(u) is not None and len(u.words) <= 8)
        ]
        # Unflagged chrome ("Skip to main content", "Breaking News") can look like a
        # headline too; the line model scores real headlines higher, so take the first
        # candidate it does not call chrome, else the first candidate.
        good = [i for i in cands if units[i].p1 >= _TITLE_MIN_P and _ui_ratio(units[i]) < 0.5]
        if good or cands:
            title_idx = (good or cands)[0]
            u = units[title_idx]
            title = u.core
            # a date glued to the end of the headline is the publication date
            for m in _find_dates(title):
                if m.end >= len(title.rstrip(" .,|-–—")) - 1 and m.start >= 10:
                    head = title[: m.start].rstrip(" ,|-–—·")
                    if len(_WORD_RE.findall(head)) >= 3:
                        title, published, source = head, m.value, "text:title_line"
                    break
            u.reason = "title"

    if title:
        tkey = _title_key(title)
        limit = (title_idx if title_idx is not None else -1) + 1
        kept_seen = 0
        for u in units[limit:]:
            if kept_seen >= 3:
                break
            if u.reason:
                continue
            k = _title_key(u.core)
            if (
                k == tkey
                or _same_headline(k, tkey)
                or (k.startswith(tkey) and _date_only_rest(u.core, title))
            ):
                u.reason = "title_repeat"
            else:
                kept_seen += 1
        if title_idx is None:  # given title: also look before the body start
            for u in units[:first_body]:
                if not u.reason and _same_headline(_title_key(u.core), tkey):
                    u.reason = "title_repeat"

    # Date lines: header (not masthead-like) or footer.
    for i, u in enumerate(units):
        if u.reason not in (None, "chrome", "menu", "ui_prompt", "masthead", "byline"):
            continue
        if u.reason is None and _is_sentence(u):
            continue
        dm = _date_only(u)
        if dm is None:
            continue
        m, pub = dm
        before_title = title_idx is not None and i < title_idx
        if u.reason == "masthead" or (before_title and m.has_weekday and not pub):
            u.reason = "masthead"  # the site's "today" date, not the article's
            continue
        if u.reason is None or u.reason == "chrome":
            u.reason = "date"
        if published is None:
            if i <= first_body + 1:
                published, source = m.value, "text:dateline"
            elif i > first_body:
                published, source = m.value, "text:footer"

    _cut_comments(units)
    _smooth(units)
    _teasers(units)
    if published is None:
        published = _lead_dateline(units)
        source = "text:dateline" if published else None
    return units, title, published, source, author


def _lead_dateline(units: list[_Unit]) -> datetime | None:
    """Date in the lead's dateline: "BERLIN, March 3, 2021 (Reuters) - ..." (before the dash)."""
    lead = next((u for u in units if not u.reason), None)
    if lead is None:
        return None
    m = re.search(r"\s[-–—]\s", lead.core[:120])
    if not m:
        return None
    for d in _find_dates(lead.core[: m.start()]):
        return d.value
    return None


def _same_headline(a: str, b: str) -> bool:
    """Equal title keys, or one is the other plus a site-name suffix ("... | The Daily")."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return (
        len(short.split()) >= 4
        and long_.startswith(short + " ")
        and (len(long_.split()) - len(short.split()) <= 5)
    )


def _date_only_rest(line: str, title: str) -> bool:
    rest = line[len(title) :] if _title_key(line[: len(title)]) == _title_key(title) else ""
    return bool(rest) and len(_ALPHA_WORD_RE.findall(rest)) <= 3


def clean_text(
    raw: str, title: str | None = None, recurring: frozenset[str] = frozenset()
) -> CleanedText:
    """Clean a plain-text news article.

    Inputs: `raw` the file's text; `title` a headline known from metadata (then none is
    searched for, but a repeat of it at the top of the body is still dropped);
    `recurring` line keys (see `line_key`) seen in many documents of the same source.
    Output: a `CleanedText` with title, body paragraphs joined by "\\n\\n", publication
    date and its source, byline author, and counts of removed units per reason.
    """
    units, title, published, source, author = _analyse(raw, title, recurring)
    removed: Counter = Counter(u.reason for u in units if u.reason and u.reason != "title")
    body = "\n\n".join(u.text for u in units if not u.reason)
    return CleanedText(
        title=title,
        text=body,
        published_at=published,
        published_source=source if published else None,
        author=author,
        removed=dict(removed),
    )


def chrome_candidates(raw: str) -> set[str]:
    """Line keys of this document's lines that may be counted as cross-document chrome.

    Only short, non-sentence-like lines (or lines a rule already calls chrome): a full body
    paragraph is never a candidate, because syndicated wire copies legitimately share them.
    """
    units = _classify(raw, frozenset())
    out = set()
    for u in units:
        short = len(u.words) <= 12 and len(u.core) <= 100 and not _is_sentence(u)
        if (short or (u.reason and len(u.words) <= 25)) and u.words:
            out.add(line_key(u.text))
    return out
