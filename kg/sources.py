"""Read articles from files and folders: the first stage of the pipeline.

``iter_articles`` yields one :class:`~kg.records.Article` per article and one
:class:`~kg.records.Problem` per input it could not read; a bad file never stops
the reading. Only a path that does not exist at all raises :class:`SourceError`.

Decisions, so that every stage can rely on them:

- **Ids.** A file inside a folder given on the command line has the id of its path
  relative to that folder, with "/" separators; a file given directly has its file
  name. A JSONL article is "<file id>#<line number>" (1-based): stable across runs,
  and the same however the file is found; the line's own ``id`` field is ignored.
- **Folders** are read recursively, in the order of the sorted ids. Hidden files and
  folders (".DS_Store", ".git") and README files are skipped silently: they are not
  articles. Any other file with an unknown extension is a Problem.
- **Text.** ``Article.text`` is the file's text decoded (UTF-8, else cp1252, else
  latin-1), with "\\n" line ends, invisible format and control characters removed,
  odd spaces made plain, NFC-normalised, boilerplate cut (kg/data/boilerplate.toml)
  and stripped. Evidence offsets refer to this text, not to the file's bytes.
- **Titles.** A .txt file's first line is its title when it looks like one (short,
  no sentence-final punctuation, more text follows); it stays part of the text.
  Markdown takes ``title`` from its front matter (else a leading "# heading"), HTML
  from its metadata, JSONL from the ``title`` field.
- **Metadata** that is present must be right: a ``date`` that is not a date or a
  ``lang`` that is not a language code makes the article a Problem, not a guess.
- **Duplicates.** An article whose text equals (up to whitespace) one read before
  in the same call is a Problem naming the first one's id.
"""
from __future__ import annotations

import codecs
import datetime as dt
import functools
import hashlib
import json
import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import yaml

from kg.errors import DataFileError, SourceError
from kg.records import Article, Problem

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
DEFAULT_MAX_BYTES = 5_000_000  # per article (per line of a JSONL file)
HTML_MARKUP_FACTOR = 4  # an HTML file may be this many times the limit: markup is not text
BOILERPLATE_FILE = Path(__file__).resolve().parent / "data" / "boilerplate.toml"

TITLE_MAX_CHARS = 160
TITLE_MAX_WORDS = 25
_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.05  # more control characters than this: not a text file
_BOILERPLATE_MAX_CHARS = 200  # longer lines are always body text

# Characters deleted from the text: C0/C1 controls (not tab, newline), lone
# surrogates, and invisible format characters (soft hyphen, zero-width and
# direction marks, BOM, tags) that split words without showing.
_DELETE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f]+"
)
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")  # same length: " "
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_LANG = re.compile(r"[a-z]{2,3}")
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})\b""", re.IGNORECASE)
# Never article body, even when trafilatura falls back to a page's whole text.
_HTML_NOT_BODY = ("//nav", "//footer", "//aside", "//*[@role='navigation']",
                  "//*[@role='contentinfo']", "//header[not(ancestor::article)]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.+\-Z ]*)?")
_GERMAN_DATE = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")


class _Skip(Exception):
    """One input (a file, or a line of one) cannot be read; becomes a Problem."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class _Source:
    path: Path
    id: str


# What each file gave, by its id, path and stat (see iter_articles).
FileMemo = dict[tuple[object, ...], tuple[Article | Problem, ...]]


# --------------------------------------------------------------------------- public API


def iter_articles(
    paths: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES, exclude: Sequence[Path] = (),
    memo: FileMemo | None = None,
) -> Iterator[Article | Problem]:
    """Read every article under ``paths`` (folders or files), leaving out the folders in
    ``exclude`` (a build's own output folder inside a sources folder).

    ``memo``, a dict kept by the caller between calls, holds what each file gave; a file
    whose size, modification and change times are those of the last call is not read again.

    Raises :class:`SourceError` at once for a path that does not exist; every other
    failure is a :class:`Problem` in the stream, and reading goes on.
    """
    skip = {os.path.realpath(p) for p in exclude}
    entries: list[_Source | Problem] = []
    for path in paths:
        entries.extend(_expand(Path(path), skip))
    return _read_all(entries, max_bytes, memo)


def read_text_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode and normalise one text file (see the module's notes); SourceError if it can't."""
    try:
        return normalise_text(_decode(_read_bytes(path, max_bytes)))
    except _Skip as e:
        raise SourceError(f"{path}: {e.message}") from None
    except OSError as e:
        raise SourceError(f"{path}: cannot read it ({e.strerror or e}); check the path") from e


def normalise_text(text: str) -> str:
    """"\\n" line ends, no invisible or control characters, plain spaces, NFC."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _DELETE.sub("", text)
    text = _SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def strip_boilerplate(text: str) -> str:
    """Drop byline/share lines, cut at a link list or cookie notice, strip the ends."""
    rules = _boilerplate()
    kept: list[str] = []
    for line in text.split("\n"):
        key = " ".join(line.split())
        if len(key) > _BOILERPLATE_MAX_CHARS or not key:
            kept.append(line)
        elif rules.cuts(key):
            if any(k.strip() for k in kept):
                break
        elif not rules.drops(key):
            kept.append(line)
    return "\n".join(kept).strip()


# --------------------------------------------------------------------------- finding files


def _expand(path: Path, skip: set[str]) -> list[_Source | Problem]:
    if path.is_dir():
        return _walk(path, skip)
    if os.path.lexists(path):  # a file, or a broken link / loop: a Problem when read
        return [_Source(path, path.name)]
    raise SourceError(
        f"no such file or folder: '{path}'; give a folder of articles or an article file "
        f"({', '.join(SUPPORTED_SUFFIXES)})"
    )


def _walk(root: Path, skip: set[str]) -> list[_Source | Problem]:
    problems: list[_Source | Problem] = []
    sources: list[_Source] = []
    seen: set[str] = set()

    def unlistable(e: OSError) -> None:
        problems.append(Problem(str(e.filename or root),
                                f"cannot list this folder ({e.strerror}); check its permissions"))

    for folder, dirnames, filenames in os.walk(root, onerror=unlistable, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            problems.append(Problem(folder, "folder already read through another link "
                                            "(a symlink loop?); remove the link"))
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")
                       and os.path.realpath(os.path.join(folder, d)) not in skip]
        for name in filenames:
            if not ignored_name(name):
                path = Path(folder, name)
                sources.append(_Source(path, path.relative_to(root).as_posix()))
    return problems + sorted(sources, key=lambda s: s.id)


def ignored_name(name: str) -> bool:
    """A file a folder's walk leaves out: hidden files, Office lock files, READMEs."""
    return name.startswith((".", "~$")) or name.split(".", 1)[0].upper() == "README"


# --------------------------------------------------------------------------- reading


def _read_all(entries: Iterable[_Source | Problem], max_bytes: int,
              memo: FileMemo | None) -> Iterator[Article | Problem]:
    texts: dict[str, str] = {}  # content hash -> first id
    ids: dict[str, Path] = {}
    seen: FileMemo = {}
    for entry in entries:
        if isinstance(entry, Problem):
            yield entry
        elif entry.id in ids:
            yield Problem(str(entry.path), f"id '{entry.id}' is already used by {ids[entry.id]}; "
                                           "rename one of the files")
        else:
            ids[entry.id] = entry.path
            for item in _read_remembered(entry, max_bytes, memo, seen):
                yield _unless_duplicate(item, texts, entry)
    if memo is not None:  # forget the files that are gone
        memo.clear()
        memo.update(seen)


def _read_remembered(source: _Source, max_bytes: int, memo: FileMemo | None,
                     seen: FileMemo) -> Iterable[Article | Problem]:
    if memo is None:
        return _read_source(source, max_bytes)
    try:
        info = os.stat(source.path)
    except OSError:
        return _read_source(source, max_bytes)  # the reader says what is wrong
    key = (source.id, str(source.path), max_bytes, info.st_dev, info.st_ino, info.st_size,
           info.st_mtime_ns, info.st_ctime_ns)
    items = memo.get(key)
    if items is None:
        items = tuple(_read_source(source, max_bytes))
    seen[key] = items
    return items


def _unless_duplicate(item: Article | Problem, texts: dict[str, str],
                      source: _Source) -> Article | Problem:
    if isinstance(item, Problem):
        return item
    key = hashlib.sha1(" ".join(item.text.split()).encode("utf-8")).hexdigest()
    first = texts.setdefault(key, item.id)
    if first == item.id:
        return item
    line = item.id[len(source.id) + 1:]  # "<file id>#<line>" for a JSONL article
    return Problem(str(source.path), f"duplicate of {first}; remove one of the copies",
                   int(line) if line.isdigit() else None)


def _read_source(source: _Source, max_bytes: int) -> Iterator[Article | Problem]:
    where = str(source.path)
    reader = _READERS.get(source.path.suffix.lower())
    if reader is None:
        suffix = source.path.suffix or "(none)"
        yield Problem(where, f"unknown extension {suffix}; supported: "
                             f"{', '.join(SUPPORTED_SUFFIXES)} - rename or remove the file")
        return
    try:
        yield from reader(source, max_bytes)
    except _Skip as e:
        yield Problem(where, e.message, e.line)
    except OSError as e:
        yield Problem(where, f"cannot read it ({e.strerror or e}); check that it exists "
                             "and is readable")
    except Exception as e:  # noqa: BLE001 - a bug in a reader must not stop a long build
        yield Problem(where, f"could not be read ({type(e).__name__}: {e}); "
                             "please report this with the file")


def _read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, after checking its size (a huge file is never read)."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise _Skip("not a regular file; give article files or folders")
    if info.st_size > limit:
        raise _Skip(f"too large ({_size(info.st_size)} > {_size(limit)} limit); "
                    "split it into smaller files")
    return path.read_bytes()


def _decode(data: bytes) -> str:
    """UTF-8 (BOM stripped), else cp1252, else latin-1; binary data is refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise _Skip("not valid UTF-16 despite its byte-order mark; save it as UTF-8") from e
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise _Skip("binary file (NUL bytes); only text articles are read - remove it")
    text = _decode_text(data)
    sample = text[:_SNIFF_BYTES]
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\v")
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise _Skip("binary file (mostly control characters); only text articles are read "
                    "- remove it")
    return text


def _decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")  # never fails: every byte is a character


def _article(doc_id: str, raw: str, *, title: object = None, date: object = None,
             url: object = None, lang: object = None) -> Article:
    """The common end of every reader: clean the text, check the metadata."""
    text = strip_boilerplate(normalise_text(raw))
    if not text:
        raise _Skip("empty: no text" if not raw.strip() else
                    "empty: no text left after removing boilerplate (link lists, notices)")
    return Article(id=doc_id, text=text, title=_string("title", title), date=_iso_date(date),
                   url=_string("url", url), lang=_language(lang))


# --------------------------------------------------------------------------- metadata


def _string(name: str, value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _Skip(f"{name} must be a string, not {type(value).__name__} ({_short(value)})")
    value = " ".join(normalise_text(value).split())
    return value or None


def _iso_date(value: object) -> str | None:
    """'YYYY-MM-DD' from a date, a datetime, an ISO string or a German '30.11.2016'."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        value = value.strip()
        if m := _ISO_DATE.fullmatch(value):
            return _checked_date(value, int(m[1]), int(m[2]), int(m[3]))
        if m := _GERMAN_DATE.fullmatch(value):
            return _checked_date(value, int(m[3]), int(m[2]), int(m[1]))
    raise _Skip(f"date {_short(value)} is not a date; write it as YYYY-MM-DD or leave it out")


def _checked_date(text: str, year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as e:
        raise _Skip(f"date {text!r} is not a real date ({e}); write it as YYYY-MM-DD") from e


def _language(value: object) -> str:
    text = _string("lang", value)
    if text is None:
        return "de"
    code = re.split(r"[-_]", text, maxsplit=1)[0].lower()
    if not _LANG.fullmatch(code):
        raise _Skip(f"lang {text!r} is not a language code; use one like 'de' or 'en'")
    return code


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1_000_000 else f"{n / 1e3:.1f} kB"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _guess_title(text: str) -> str | None:
    """The first line, when it looks like a headline rather than a sentence."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    if not rest.strip() or len(first) > TITLE_MAX_CHARS or len(first.split()) > TITLE_MAX_WORDS:
        return None
    if first.endswith((".", ",", ";", ":")) and not first.endswith("..."):
        return None
    return first


# --------------------------------------------------------------------------- formats


def _read_txt(source: _Source, max_bytes: int) -> Iterator[Article]:
    article = _article(source.id, _decode(_read_bytes(source.path, max_bytes)))
    yield _with_title(article, _guess_title(article.text))


def _with_title(article: Article, title: str | None) -> Article:
    return article if article.title or not title else replace(article, title=title)


def _read_markdown(source: _Source, max_bytes: int) -> Iterator[Article]:
    text = normalise_text(_decode(_read_bytes(source.path, max_bytes)))
    meta, body = _front_matter(text)
    url = meta.get("url")
    if url is None and isinstance(meta.get("source"), str) and meta["source"].startswith("http"):
        url = meta["source"]
    article = _article(source.id, body, title=meta.get("title"), date=meta.get("date"),
                       url=url, lang=meta.get("lang"))
    heading = re.match(r"#{1,6}\s+(.+)", article.text)
    yield _with_title(article, heading[1].strip() if heading else None)


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter ('---' ... '---') from the body."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text
    end = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "...")), None)
    if end is None:
        raise _Skip("front matter opened with '---' is never closed; end it with a line '---'", 1)
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(e, "problem", None) or str(e).split("\n", 1)[0]
        raise _Skip(f"malformed YAML front matter ({problem}); write 'key: value' lines "
                    "between two '---' lines", line) from e
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise _Skip("front matter is not 'key: value' lines (title, date, url, lang)", 2)
    return meta, "\n".join(lines[end + 1:])


def _read_html(source: _Source, max_bytes: int) -> Iterator[Article]:
    html = normalise_text(_decode(_read_bytes(source.path, max_bytes * HTML_MARKUP_FACTOR)))
    found = _extract_html(html)
    text = found.get("text") or ""
    if not text.strip():
        raise _Skip("no article text found in the HTML; save the article's own page, "
                    "or put its text in a .txt file")
    lang = _HTML_LANG.search(html[:_SNIFF_BYTES])
    date = found.get("date")
    try:
        date = _iso_date(date)
    except _Skip:
        date = None  # trafilatura's guess, not the user's statement: drop it quietly
    yield _article(source.id, text, title=found.get("title"), date=date, url=found.get("url"),
                   lang=lang[1] if lang else None)


def _extract_html(html: str) -> dict[str, Any]:
    import logging

    try:
        import trafilatura  # slow to import: only when there is HTML to read
    except ImportError as e:
        raise _Skip(f"HTML cannot be read here ({e}); install ddkg's dependencies "
                    "(pip install -e .) or put the text in a .txt file") from e

    logging.getLogger("trafilatura").addHandler(logging.NullHandler())
    logging.getLogger("htmldate").addHandler(logging.NullHandler())
    try:
        found = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            prune_xpath=list(_HTML_NOT_BODY),
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as e:  # broken markup must be a Problem, not a crash
        raise _Skip(f"could not parse the HTML ({type(e).__name__}: {e}); "
                    "save the page again or put its text in a .txt file") from e
    as_dict = getattr(found, "as_dict", None)
    return as_dict() if callable(as_dict) else (found if isinstance(found, dict) else {})


def _read_jsonl(source: _Source, max_bytes: int) -> Iterator[Article | Problem]:
    where = str(source.path)
    info = source.path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise _Skip("not a regular file; give article files or folders")
    with source.path.open("rb") as f:
        if b"\x00" in f.read(_SNIFF_BYTES):
            raise _Skip("binary file (NUL bytes); a .jsonl file must be UTF-8 text")
        f.seek(0)
        read = 0
        for number, raw in enumerate(_lines(f, max_bytes), 1):
            read += raw is None or bool(raw.strip())
            if raw is None:
                yield Problem(where, f"line too large (> {_size(max_bytes)} limit); "
                                     "split the article", number)
            elif raw.strip():
                try:
                    yield _jsonl_article(raw, f"{source.id}#{number}")
                except _Skip as e:
                    yield Problem(where, e.message, number)
    if read == 0:
        raise _Skip("empty: no lines; write one JSON object a line with a \"text\" field")


def _lines(f: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The file's lines; None for a line over ``limit`` bytes, which is never held whole."""
    chunk = min(limit + 1, 1 << 16)
    while part := f.readline(chunk):
        parts, size = [part], len(part)
        while not part.endswith(b"\n") and size <= limit and (part := f.readline(chunk)):
            parts.append(part)
            size += len(part)
        if size <= limit:
            yield b"".join(parts)
            continue
        parts.clear()
        while not part.endswith(b"\n") and (part := f.readline(chunk)):
            pass  # skip the rest of the line
        yield None


def _jsonl_article(raw: bytes, doc_id: str) -> Article:
    try:
        item = json.loads(_decode_text(raw))
    except json.JSONDecodeError as e:
        raise _Skip(f"not valid JSON ({e.msg.removesuffix(' at')}, column {e.colno}); "
                    "fix or remove the line") from e
    if not isinstance(item, dict):
        raise _Skip(f"not a JSON object but {type(item).__name__}; write "
                    "{\"text\": \"...\", \"title\": ...} on each line")
    text = item.get("text")
    if text is None:
        raise _Skip("no \"text\" field; every line needs the article's text in \"text\"")
    if not isinstance(text, str):
        raise _Skip(f"\"text\" must be a string, not {type(text).__name__} ({_short(text)})")
    return _article(doc_id, text, title=item.get("title"), date=item.get("date"),
                    url=item.get("url"), lang=item.get("lang"))


_Reader = Callable[[_Source, int], Iterator["Article | Problem"]]
_READERS: dict[str, _Reader] = {
    ".txt": _read_txt,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".jsonl": _read_jsonl,
}


# --------------------------------------------------------------------------- boilerplate rules


@dataclass(frozen=True)
class _Boilerplate:
    cut: re.Pattern[str]
    drop: tuple[re.Pattern[str], ...]

    def cuts(self, line: str) -> bool:
        return self.cut.match(line) is not None

    def drops(self, line: str) -> bool:
        return any(p.fullmatch(line) for p in self.drop)


@functools.cache
def _boilerplate(path: Path = BOILERPLATE_FILE) -> _Boilerplate:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        phrases = "|".join(re.escape(p) for p in data["cut"]["phrases"])
        prefixes = "|".join(re.escape(p) for p in data["cut"]["prefixes"])
        cut = re.compile(rf"(?i)(?:(?:{phrases})\s*[:.…]?\s*(?:\([^)]{{0,40}}\))?$"
                         rf"|(?:{prefixes})\b)")
        drop = tuple(re.compile(p) for p in data["drop"]["patterns"])
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError, re.error) as e:
        raise DataFileError(f"{path}: cannot load the boilerplate rules ({type(e).__name__}: "
                            f"{e}); fix the file (see the comments at its top)") from e
    return _Boilerplate(cut=cut, drop=drop)
