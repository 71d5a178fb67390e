"""Stable keys and slugs: the same name gives the same key in every article and every run."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


@lru_cache(maxsize=65536)  # a build asks for the same few thousand names over and over
def slug(text: str) -> str:
    """ASCII slug for IRIs: 'Türkei' -> 'tuerkei', 'C-27J Spartan' -> 'c-27j-spartan'.

    Letters that do not fold to ASCII ('Ø', Cyrillic, Greek) are kept apart by a digest of the
    original text, so two different names never share a slug.
    """
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD)
    ascii_ = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^A-Za-z0-9]+", "-", ascii_).strip("-").lower()
    lost = sum(ch.isalnum() for ch in folded) - sum(ch.isalnum() for ch in ascii_)
    if not base:
        return "x" + digest(text, 8)
    return f"{base}-{digest(text, 6)}" if lost > 0 else base


def digest(text: str, n: int = 12) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def entity_key(type_: str, name: str) -> str:
    return f"{type_}/{slug(name)}"


def key_type(key: str) -> str:
    return key.split("/", 1)[0]
