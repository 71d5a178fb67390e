"""Stable keys and slugs: the same name gives the same key in every article and every run."""
from __future__ import annotations

import hashlib
import re
import unicodedata

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def slug(text: str) -> str:
    """ASCII slug for IRIs: 'Türkei' -> 'tuerkei', 'C-27J Spartan' -> 'c-27j-spartan'."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text or "x" + digest(text, 8)


def digest(text: str, n: int = 12) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def entity_key(type_: str, name: str) -> str:
    return f"{type_}/{slug(name)}"


def key_type(key: str) -> str:
    return key.split("/", 1)[0]
