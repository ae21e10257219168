"""A page's author, as trafilatura's `extract_author` finds it, in one pass over the elements.

trafilatura 2.3 evaluates five XPath expressions whose `re:test` calls back into Python for
every candidate element: about 7 ms a page, a quarter of newsbeam's extraction on pages
without an author in their meta tags. The same predicates, tested in Python while walking
the tree once, give the same author (tests/test_html_extract.py compares the two on every
benchmark page) for a fifth of the cost. Pure module: no I/O.

The expressions mirrored are trafilatura.xpaths.AUTHOR_DISCARD_XPATHS (pruned first, as
trafilatura does, on a copy) and AUTHOR_XPATHS (tried in order; in each, the first element in
document order whose text is 3 to 119 characters long wins).
"""

from __future__ import annotations

import re
from copy import deepcopy
from functools import lru_cache

from lxml import etree
from trafilatura.json_metadata import normalize_authors
from trafilatura.utils import trim
from trafilatura.xml import delete_element

# AUTHOR_DISCARD_XPATHS[0]: comment threads, sidebars, quotes, share bars, figures...
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_DISCARD_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram"
    r"|article-(?:share|support)|print|category|meta-date|meta-reviewer")

# AUTHOR_XPATHS[0]: specific markup
_SPECIFIC_TAGS = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_SPECIFIC_CLASS = re.compile(r"author-?name|AuthorName|authorName")
# AUTHOR_XPATHS[1]: almost generic
_GENERIC_TAGS = frozenset({"a", "div", "h3", "h4", "p", "span"})
_GENERIC_CLASSES = frozenset({"byline", "username", "byl", "BBL"})
_GENERIC_ID = re.compile(r"author|zuozhe|bianji|xiaobian")
_GENERIC_CLASS = re.compile(
    r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
# AUTHOR_XPATHS[2]: last resort, any element
_ANY_ID = re.compile(r"[Aa]uthor")
_ANY_CLASS = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")

_MAX_CHARS = 120  # trafilatura's len_limit for authors


# Pages repeat their class and id values hundreds of times: each is searched once.
@lru_cache(maxsize=1 << 16)
def _class_tests(cls: str) -> tuple[bool, bool, bool, bool]:
    """(discard, specific, generic, any) for a class attribute's value."""
    return (cls in ("comments", "title", "date") or bool(_DISCARD_CLASS.search(cls)),
            cls == "author" or bool(_SPECIFIC_CLASS.search(cls)),
            cls in _GENERIC_CLASSES or bool(_GENERIC_CLASS.search(cls)),
            bool(_ANY_CLASS.search(cls)))


@lru_cache(maxsize=1 << 16)
def _id_tests(ident: str) -> tuple[bool, bool, bool, bool]:
    """(discard, specific, generic, any) for an id attribute's value."""
    return (ident == "comments" or bool(_DISCARD_ID.search(ident)), ident == "author",
            bool(_GENERIC_ID.search(ident)), bool(_ANY_ID.search(ident)))


@lru_cache(maxsize=1 << 16)
def _tag_tests(tag: str, ident: str, cls: str) -> tuple[bool, bool, bool, bool]:
    """(discard, specific, generic, any) as far as the tag, id and class decide them."""
    id_tests, class_tests = _id_tests(ident), _class_tests(cls)
    return (tag in _DISCARD_TAGS and (id_tests[0] or class_tests[0]),
            tag == "author" or (tag in _SPECIFIC_TAGS and (id_tests[1] or class_tests[1])),
            tag in _GENERIC_TAGS and (id_tests[2] or class_tests[2]),
            id_tests[3] or class_tests[3])


def _tests(element, rel_elements: bool) -> tuple[bool, bool, bool, bool]:
    """Whether AUTHOR_DISCARD_XPATHS[0] (discard) and AUTHOR_XPATHS[0], [1] and [2]
    (specific, generic, any) select the element; `rel_elements`: the page has <rel>
    elements, whose text one rule reads."""
    tag, get = element.tag, element.get
    discard, specific, generic, anywhere = _tag_tests(tag, get("id") or "", get("class") or "")
    itemprop, component = get("itemprop"), get("data-component")
    if component is not None:
        discard = discard or (tag in _DISCARD_TAGS and "Figure" in component)
        anywhere = anywhere or "Byline" in component
    if itemprop is not None and "author" in itemprop:
        generic = generic or tag in _GENERIC_TAGS
        anywhere = True
        specific = specific or (itemprop == "author name" and tag in _SPECIFIC_TAGS)
    if not specific and tag in _SPECIFIC_TAGS:
        specific = (get("rel") == "author" or get("data-testid") in ("AuthorCard", "AuthorURL")
                    # XPath's bare `rel='me'`: a child element <rel> whose text is "me"
                    or (rel_elements and any("".join(child.itertext()) == "me"
                                             for child in element.iterchildren("rel"))))
    return discard, specific, generic, anywhere


def _prune(tree) -> None:
    # as trafilatura's prune_unwanted_nodes: each expression's matches listed, then deleted
    for element in [e for e in tree.iterdescendants(etree.Element) if _tests(e, False)[0]]:
        delete_element(element)
    for element in list(tree.iter("time", "figure")):
        delete_element(element)


def _pruned_text(element) -> str:
    """The element's text as it reads once the discarded parts inside it are deleted (their
    tails joined to what precedes them, as delete_element does): pruned on a copy of the
    element alone, since deletions elsewhere in the page do not touch its text."""
    copied = deepcopy(element)
    _prune(copied)
    return trim(" ".join(copied.itertext()))


def page_author(tree) -> str | None:
    """The author trafilatura's `extract_author(tree)` returns; `tree` is left untouched.

    trafilatura prunes a copy of the whole page, then searches it. Here the page is walked
    once, as it is: elements the pruning would delete are noted, and a candidate inside one
    of them is passed over; only a candidate's own text is read from a pruned copy of it.
    Pages with <rel> elements (whose text a rule reads) are pruned first, as trafilatura
    does."""
    if next(tree.iter("rel"), None) is None:
        return _author(tree, rel_elements=False)
    pruned = deepcopy(tree)
    _prune(pruned)
    return _author(pruned, rel_elements=next(pruned.iter("rel"), None) is not None)


def _author(tree, rel_elements: bool) -> str | None:
    deleted, specific, generic, other = set(), [], [], []
    for element in tree.iter(etree.Element):
        discard, is_specific, is_generic, is_any = _tests(element, rel_elements)
        if discard or element.tag in ("time", "figure"):  # the pruning's second expression
            deleted.add(element)
        if is_specific:
            specific.append(element)
        if is_generic:
            generic.append(element)
        if is_any:
            other.append(element)
    for matches in (specific, generic, other):
        for element in matches:
            if element in deleted or any(a in deleted for a in element.iterancestors()):
                continue
            content = _pruned_text(element)
            if content and 2 < len(content) < _MAX_CHARS:
                return normalize_authors(None, content)
    return None
