"""Alternations of many literal words as regular expressions shaped like a trie.

Python's `re` tries an alternation's branches one by one at every position, so a plain
alternation of a few hundred names (months in 50 languages, demonyms) costs a pass per name;
shaped as a trie, the first letter picks the branch, and matching costs one pass.
"""
from __future__ import annotations

import re


def trie_regex(words: list[str]) -> str:
    """An alternation of ``words`` shaped as a trie, so matching costs one pass over the input."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here but longer ones continue: greedy optional tail
            return body + "?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"
        return body

    return emit(trie)
