"""pysentimiento-style preprocessing of social posts for transformer classifiers.

The RoBERTuito models were trained on tweets with user handles replaced by
``@usuario``, links by ``url``, emojis spelt out in Spanish words between
``emoji`` markers, and letters repeated at most three times. A model sees the
best-matching input when the same is done at prediction time.
"""

from __future__ import annotations

import re

import emoji

_HANDLE = re.compile(r"@\w+")
_URL = re.compile(r"(https?://\S+|www\.\S+)")
_HASHTAG = re.compile(r"#(\w+)")
_REPEATED = re.compile(r"(.)\1{3,}")
_SPACES = re.compile(r"\s+")
_CAMEL = re.compile(r"(?<=[a-záéíóúñ])(?=[A-ZÁÉÍÓÚÑ])")


def _emoji_to_text(text: str, lang: str) -> str:
    def name(chars: str, data: dict[str, str]) -> str:
        spelt = emoji.demojize(chars, language=lang, delimiters=("", ""))
        return f" emoji {spelt.replace('_', ' ')} emoji "

    return emoji.replace_emoji(text, replace=name)


def preprocess_tweet(
    text: str,
    user_token: str = "@usuario",
    url_token: str = "url",
    max_repeats: int = 3,
    demojize: bool = True,
    split_hashtags: bool = True,
    lang: str = "es",
) -> str:
    """Return ``text`` normalised the way pysentimiento's models expect.

    Args:
        text: a social post or comment.
        user_token: what every ``@handle`` becomes.
        url_token: what every link becomes.
        max_repeats: longest run of one repeated character that is kept.
        demojize: spell emojis out as words (in ``lang``).
        split_hashtags: turn ``#NoMeFunciona`` into ``no me funciona``.
        lang: language of the emoji names.
    """
    text = _URL.sub(url_token, text)
    text = _HANDLE.sub(user_token, text)
    if split_hashtags:
        text = _HASHTAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)).lower() + " ", text)
    text = _REPEATED.sub(lambda m: m.group(1) * max_repeats, text)
    if demojize:
        text = _emoji_to_text(text, lang)
    return _SPACES.sub(" ", text).strip()
