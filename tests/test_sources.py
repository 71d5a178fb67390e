"""kg.sources: every file becomes Articles or Problems; only a missing path raises."""
from __future__ import annotations

import json
import os
import time
import tomllib
import tracemalloc
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import SourceError
from kg.records import Article, Problem
from kg.sources import (
    BOILERPLATE_FILE,
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    iter_articles,
    normalise_text,
    read_text_file,
    strip_boilerplate,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"
SEEDS = ROOT / "sources"
GOLD_SOURCES = ROOT.parent / "shared" / "gold" / "sources"
WIKINEWS = ROOT.parent / "shared" / "corpus" / "wikinews-de.jsonl"

# What each bad or hostile fixture gives: "article", or a phrase of its Problem.
EXPECTED = {
    "bad-date.md": "is not a date",
    "binary-controls.txt": "binary file",
    "binary-png.txt": "binary file",
    "byline-and-cookies.txt": "article",
    "cp1252-umlauts.txt": "article",
    "duplicate-a.txt": "article",
    "duplicate-b.txt": "duplicate of duplicate-a.txt",
    "empty.txt": "empty",
    "hostile.html": "article",
    "invisible-characters.txt": "article",
    "latin1-umlauts.txt": "article",
    "malformed-front-matter.md": "malformed YAML front matter",
    "malformed-lines.jsonl": "article",  # and a Problem per bad line, see below
    "mixed-line-endings.txt": "article",
    "no-sentence-end.txt": "article",
    "nothing-found.html": "no article text found",
    "notes.csv": "unknown extension .csv",
    "only-boilerplate.txt": "empty",
    "photo.png": "unknown extension .png",
    "scripts-styles-broken.html": "article",
    "unclosed-front-matter.md": "never closed",
    "utf16-bom.txt": "article",
    "utf8-bom.txt": "article",
    "whitespace-only.txt": "empty",
}


def read(*paths: Path, **options: int) -> list[Article | Problem]:
    return list(iter_articles(list(paths), **options))


def articles(*paths: Path, **options: int) -> dict[str, Article]:
    return {a.id: a for a in read(*paths, **options) if isinstance(a, Article)}


def problems(*paths: Path, **options: int) -> list[Problem]:
    return [p for p in read(*paths, **options) if isinstance(p, Problem)]


def one(path: Path, **options: int) -> Article | Problem:
    items = read(path, **options)
    assert len(items) == 1, items
    return items[0]


def one_article(path: Path) -> Article:
    item = one(path)
    assert isinstance(item, Article), item
    return item


def one_problem(path: Path, **options: int) -> Problem:
    item = one(path, **options)
    assert isinstance(item, Problem), item
    return item


T = TypeVar("T")


def with_peak_memory(call: Callable[[], T]) -> tuple[T, int]:
    """What ``call`` returns, and the most memory (bytes) Python held while it ran."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


BODY = "Die Ministerin reiste am Montag nach Riga. Dort sprach sie mit ihrem Amtskollegen.\n"


# ----------------------------------------------------------------- the project's own articles


def test_project_sources_read_cleanly() -> None:
    items = read(SEEDS)
    assert items and all(isinstance(i, Article) for i in items), items


def test_seed_article_loses_its_siehe_auch_tail() -> None:
    seed = articles(SEEDS)["000_d87697af8abb7f05.txt"]
    assert "Siehe auch" not in seed.text
    assert "EBRD" not in seed.text  # a headline of the link list
    assert seed.text.endswith("zwischen den beiden Nationen.")


def test_seed_article_title_is_its_first_line_and_stays_in_the_text() -> None:
    seed = articles(SEEDS)["000_d87697af8abb7f05.txt"]
    assert seed.title == "Aserbaidschan und die Türkei versprechen vertiefte Zusammenarbeit " \
                         "in der Verteidigungsindustrie"
    assert seed.text.startswith(seed.title)


@pytest.mark.skipif(not GOLD_SOURCES.is_dir(), reason="shared/gold/sources not present")
def test_gold_sources_read_cleanly_with_front_matter() -> None:
    items = read(GOLD_SOURCES)
    assert all(isinstance(i, Article) for i in items), [i for i in items if isinstance(i, Problem)]
    by_id = {a.id: a for a in items if isinstance(a, Article)}
    assert len(by_id) == len(list(GOLD_SOURCES.glob("*.*")))
    dated = [a for a in by_id.values() if a.id.endswith(".md") and a.date]
    assert dated and all(len(a.date or "") == 10 for a in dated)
    assert all(not a.text.startswith("---") for a in by_id.values())


@pytest.mark.skipif(not WIKINEWS.is_file(), reason="shared/corpus/wikinews-de.jsonl not present")
def test_wikinews_corpus_reads_every_line_in_seconds() -> None:
    start = time.perf_counter()
    items = read(WIKINEWS)
    elapsed = time.perf_counter() - start
    lines = sum(1 for line in WIKINEWS.open(encoding="utf-8") if line.strip())
    assert [i for i in items if isinstance(i, Problem)] == []
    assert len(items) == lines
    assert isinstance(items[0], Article) and items[0].id == "wikinews-de.jsonl#1"
    assert elapsed < 5.0, f"{elapsed:.2f} s"  # about 0.3 s on 2 cores; a loose guard only


# ----------------------------------------------------------------- paths, ids, folders


def test_ids_are_paths_relative_to_the_given_folder() -> None:
    ids = set(articles(GOOD))
    assert ids == {"article.txt", "article.md", "article.html", "articles.jsonl#1",
                   "articles.jsonl#3", "nested/inner.txt"}


def test_a_single_file_has_its_file_name_as_id() -> None:
    assert one_article(GOOD / "nested" / "inner.txt").id == "inner.txt"


def test_folders_are_read_in_sorted_order_of_ids() -> None:
    ids = [i.id for i in read(GOOD) if isinstance(i, Article)]
    files = [i.split("#")[0] for i in ids]
    assert files == sorted(files)


def test_readme_and_hidden_files_are_skipped_silently(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# Über diesen Ordner\n")
    write(tmp_path, ".DS_Store", b"\x00\x01Bud1")
    write(tmp_path, ".git/config", "[core]\n")
    write(tmp_path, "a.txt", BODY)
    assert [str(i) if isinstance(i, Problem) else i.id for i in read(tmp_path)] == ["a.txt"]


def test_missing_path_raises_source_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nirgends"
    with pytest.raises(SourceError, match="nirgends.*give a folder"):
        iter_articles([missing])  # raised at the call, before any reading


def test_same_id_from_two_folders_is_a_problem(tmp_path: Path) -> None:
    write(tmp_path, "one/a.txt", BODY)
    write(tmp_path, "two/a.txt", "Ein ganz anderer Text über etwas anderes.\n")
    found = read(tmp_path / "one", tmp_path / "two")
    assert isinstance(found[0], Article)
    assert isinstance(found[1], Problem) and "id 'a.txt' is already used" in found[1].message


def test_symlink_loop_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    write(tmp_path, "dir/a.txt", BODY)
    (tmp_path / "dir" / "loop").symlink_to(tmp_path / "dir", target_is_directory=True)
    (tmp_path / "dir" / "self.txt").symlink_to(tmp_path / "dir" / "self.txt")
    found = read(tmp_path / "dir")
    assert [a.id for a in found if isinstance(a, Article)] == ["a.txt"]
    messages = " | ".join(p.message for p in found if isinstance(p, Problem))
    assert "already read through another link" in messages
    assert "cannot read it" in messages


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="runs as root: file permissions do not stop root from reading")
def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", BODY)
    path.chmod(0)
    try:
        assert "cannot read it" in one_problem(path).message
    finally:
        path.chmod(0o644)


def test_file_that_cannot_be_opened_is_a_problem_and_reading_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "b.txt", "Ein zweiter Artikel über etwas ganz anderes.\n")
    real_read_bytes = Path.read_bytes

    def refuse_a(path: Path) -> bytes:
        if path.name == "a.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse_a)
    found = read(tmp_path)
    assert isinstance(found[0], Problem) and "cannot read it (Permission denied)" in found[0].message
    assert isinstance(found[1], Article) and found[1].id == "b.txt"


def test_unknown_extension_is_a_problem_listing_the_supported_ones() -> None:
    problem = one_problem(BAD / "notes.csv")
    assert "unknown extension .csv" in problem.message
    assert all(suffix in problem.message for suffix in SUPPORTED_SUFFIXES)


# ----------------------------------------------------------------- .txt


def test_txt_first_line_is_the_title_when_it_looks_like_one() -> None:
    article = one_article(GOOD / "article.txt")
    assert article.title == "Ministerin Beispiel besucht Truppen in Litauen"
    assert article.text.startswith(article.title + "\n")


@pytest.mark.parametrize("first_line", [
    "Die Ministerin reiste am Montag nach Riga.",  # a sentence, not a headline
    "Ein sehr langer erster Absatz " + "mit vielen Wörtern " * 20,
])
def test_txt_first_line_that_is_a_sentence_is_no_title(tmp_path: Path, first_line: str) -> None:
    article = one_article(write(tmp_path, "a.txt", first_line + "\n" + BODY))
    assert article.title is None


def test_one_line_article_has_no_title() -> None:
    assert one_article(BAD / "no-sentence-end.txt").title is None


def test_no_sentence_end_is_fine() -> None:
    article = one_article(BAD / "no-sentence-end.txt")
    assert article.text == "Gespräche über Rüstungskooperation dauern an und ein Ende ist " \
                           "nicht in Sicht"


# ----------------------------------------------------------------- .md


def test_markdown_front_matter_gives_title_date_url_and_lang() -> None:
    article = one_article(GOOD / "article.md")
    assert (article.title, article.date, article.url, article.lang) == (
        "Generalinspekteur Muster reist nach Oslo", "2024-03-05",
        "https://example.org/nachrichten/muster-oslo", "de")
    assert article.text.startswith("Oslo, 5. März\n\nGeneralinspekteur")
    assert "Mehr zum Thema" not in article.text


@pytest.mark.parametrize("written, iso", [
    ("2016-11-30", "2016-11-30"),  # yaml gives a date object
    ("'2016-11-30'", "2016-11-30"),  # a string
    ("2016-11-30T10:15:00Z", "2016-11-30"),  # a datetime
    ("'30.11.2016'", "2016-11-30"),  # German style
])
def test_markdown_date_becomes_iso(tmp_path: Path, written: str, iso: str) -> None:
    path = write(tmp_path, "a.md", f"---\ndate: {written}\n---\n{BODY}")
    assert one_article(path).date == iso


def test_markdown_source_field_is_tolerated_and_url_taken_from_it(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", f"---\ntitle: T\nsource: https://example.org/x\n---\n{BODY}")
    assert one_article(path).url == "https://example.org/x"
    path = write(tmp_path, "b.md", f"---\ntitle: T\nsource: Wikinews (CC BY 2.5)\n---\n{BODY}x")
    assert one_article(path).url is None


def test_markdown_without_front_matter_takes_its_heading_as_title(tmp_path: Path) -> None:
    article = one_article(write(tmp_path, "a.md", "# Ministerin in Riga\n\n" + BODY))
    assert article.title == "Ministerin in Riga"
    assert article.text.startswith("# Ministerin in Riga")


def test_malformed_front_matter_is_a_problem_naming_the_line() -> None:
    problem = one_problem(BAD / "malformed-front-matter.md")
    assert "malformed YAML front matter" in problem.message
    assert problem.line == 4
    assert str(problem).startswith(f"{BAD / 'malformed-front-matter.md'}:4: ")


def test_unclosed_front_matter_is_a_problem() -> None:
    problem = one_problem(BAD / "unclosed-front-matter.md")
    assert "never closed" in problem.message and problem.line == 1


def test_a_date_that_is_no_date_is_a_problem_naming_it() -> None:
    assert "date 'irgendwann im Mai' is not a date" in one_problem(BAD / "bad-date.md").message


def test_front_matter_that_is_not_a_mapping_is_a_problem(tmp_path: Path) -> None:
    problem = one_problem(write(tmp_path, "a.md", f"---\n- eins\n- zwei\n---\n{BODY}"))
    assert "not 'key: value' lines" in problem.message


# ----------------------------------------------------------------- .html


def test_html_gives_main_text_and_metadata() -> None:
    article = one_article(GOOD / "article.html")
    assert article.title == "Staatssekretärin eröffnet Fachmesse"
    assert article.date == "2023-06-14"
    assert article.url == "https://example.org/artikel/fachmesse"
    assert article.lang == "de"
    assert "Lena Probe hat am Mittwoch in Hannover" in article.text


@pytest.mark.parametrize("name", ["article.html", "scripts-styles-broken.html"])
def test_html_scripts_styles_and_navigation_never_in_the_text(name: str) -> None:
    path = GOOD / name if (GOOD / name).exists() else BAD / name
    text = one_article(path).text
    for not_body in ("Skript", "font-family", "color:red", "Navigation", "Werbetext",
                     "Impressum", "document.write"):
        assert not_body not in text, not_body


def test_broken_html_markup_is_tolerated() -> None:
    text = one_article(BAD / "scripts-styles-broken.html").text
    assert "Zahlreiche Gäste aus dem In- und Ausland nahmen an der Feier teil." in text


def test_hostile_html_gives_only_its_text() -> None:
    article = one_article(BAD / "hostile.html")
    assert "Beglaubigungsschreiben überreicht" in article.text
    for hostile in ("alert", "onerror", "javascript", "<", ">"):
        assert hostile not in article.text, hostile


def test_html_without_article_text_is_a_problem() -> None:
    assert "no article text found" in one_problem(BAD / "nothing-found.html").message


# ----------------------------------------------------------------- .jsonl


def test_jsonl_ids_are_the_path_and_the_line_number() -> None:
    found = articles(GOOD / "articles.jsonl")
    assert set(found) == {"articles.jsonl#1", "articles.jsonl#3"}  # line 2 is blank
    first = found["articles.jsonl#1"]
    assert (first.title, first.date, first.url) == (
        "Marine übt vor der Küste", "2022-09-01", "https://example.org/n-1")
    assert found["articles.jsonl#3"].date == "2022-10-12"


def test_malformed_jsonl_line_skipped_others_read() -> None:
    found = read(BAD / "malformed-lines.jsonl")
    assert [a.id for a in found if isinstance(a, Article)] == [
        "malformed-lines.jsonl#1", "malformed-lines.jsonl#9"]
    by_line = {p.line: p.message for p in found if isinstance(p, Problem)}
    assert set(by_line) == {2, 3, 4, 5, 7, 8}
    assert "not valid JSON" in by_line[2]
    assert 'no "text" field' in by_line[3]
    assert '"text" must be a string, not int (42)' in by_line[4]
    assert "not a JSON object" in by_line[5]
    assert "'32.13.2020' is not a real date" in by_line[7]
    assert "empty" in by_line[8]


def test_jsonl_line_with_huge_text_is_a_problem_and_never_held_whole(tmp_path: Path) -> None:
    huge = json.dumps({"text": "Wort " * 1_200_000})  # 6 MB
    path = write(tmp_path, "big.jsonl", huge + "\n" + json.dumps({"text": BODY}) + "\n")
    found, peak = with_peak_memory(lambda: read(path))
    assert isinstance(found[0], Problem) and found[0].line == 1
    assert "line too large" in found[0].message and "split" in found[0].message
    assert isinstance(found[1], Article) and found[1].id == "big.jsonl#2"
    assert peak < 6_000_000, peak  # at most the limit is held, not the 6 MB line


def test_jsonl_line_limit_is_the_keyword_option(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", json.dumps({"text": "Wort " * 200_000}) + "\n")  # 1 MB
    problem, peak = with_peak_memory(lambda: one_problem(path, max_bytes=10_000))
    assert problem.message == "line too large (> 10.0 kB limit); split the article"
    assert peak < 200_000, peak


def test_jsonl_lone_surrogate_is_removed(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jsonl", '{"text": "Die T\\u00fcrkei \\ud800und Aserbaidschan."}\n')
    assert one_article(path).text == "Die Türkei und Aserbaidschan."


def test_empty_jsonl_file_is_a_problem(tmp_path: Path) -> None:
    assert "empty" in one_problem(write(tmp_path, "a.jsonl", "\n\n")).message


# ----------------------------------------------------------------- decoding


def test_cp1252_umlauts_survive() -> None:
    article = one_article(BAD / "cp1252-umlauts.txt")
    assert "Türkei" in article.text and "Außenminister" in article.text
    assert "„Sicherheit“" in article.text and "5 Mio. €" in article.text


def test_latin1_umlauts_survive() -> None:
    text = one_article(BAD / "latin1-umlauts.txt").text
    assert "Türkei" in text and "Außenminister" in text and "äußerten" in text


def test_latin1_is_the_last_resort_when_cp1252_fails(tmp_path: Path) -> None:
    # 0x81 is undefined in cp1252: only latin-1 decodes this file
    path = write(tmp_path, "a.txt", "Die Türkei und der Außenminister\x81.\n".encode("latin-1"))
    assert read_text_file(path) == "Die Türkei und der Außenminister.\n"


def test_utf8_bom_is_stripped() -> None:
    article = one_article(BAD / "utf8-bom.txt")
    assert article.title == "Bundeswehr übernimmt Führung"
    assert "\ufeff" not in article.text


def test_utf16_with_bom_is_read() -> None:
    assert one_article(BAD / "utf16-bom.txt").title == "Minister äußert sich zur Lage"


@pytest.mark.parametrize("name", ["binary-png.txt", "binary-controls.txt"])
def test_binary_file_is_a_problem(name: str) -> None:
    assert one_problem(BAD / name).message.startswith("binary file")


def test_mixed_line_endings_become_newlines() -> None:
    text = one_article(BAD / "mixed-line-endings.txt").text
    assert "\r" not in text
    assert text.split("\n")[-3:] == ["Diese Zeile endet mit CRLF.",
                                      "Diese mit einem alten Mac-Zeilenende.", "Und diese mit LF."]


def test_text_is_nfc_normalised(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Die Türkei und Österreich üben.")
    assert one_article(write(tmp_path, "a.txt", decomposed)).text == "Die Türkei und Österreich üben."


def test_invisible_and_control_characters_removed_emoji_kept() -> None:
    article = one_article(BAD / "invisible-characters.txt")
    assert article.title == "Verteidigungsminister Max Beispiel trifft Kollegen 🤝"
    assert "Der Verteidigungsminister sprach mit seinem Kollegen über die" in article.text
    for invisible in ("\u00ad", "\u00a0", "\u200b", "\u200f", "\u202e", "\u0007", "\x0c"):
        assert invisible not in article.text, hex(ord(invisible))
    assert "👍" in article.text


def test_empty_file_is_a_problem_naming_it() -> None:
    problem = one_problem(BAD / "empty.txt")
    assert problem.message.startswith("empty")
    assert str(problem).startswith(str(BAD / "empty.txt"))


def test_whitespace_only_file_is_empty() -> None:
    assert one_problem(BAD / "whitespace-only.txt").message.startswith("empty")


def test_read_text_file_raises_source_error_for_binary() -> None:
    with pytest.raises(SourceError, match="binary-png.txt: binary file"):
        read_text_file(BAD / "binary-png.txt")


# ----------------------------------------------------------------- size limits


def test_huge_file_is_rejected_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50_000_000)  # sparse: 50 MB without writing them
    problem, peak = with_peak_memory(lambda: one_problem(path))
    assert problem.message == "too large (50.0 MB > 5.0 MB limit); split it into smaller files"
    assert peak < 1_000_000, peak


def test_size_limit_is_a_keyword_option(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", BODY * 100)
    assert "too large" in one_problem(path, max_bytes=1000).message
    assert isinstance(one(path, max_bytes=DEFAULT_MAX_BYTES), Article)


# ----------------------------------------------------------------- boilerplate


@pytest.mark.parametrize("marker", [
    "Siehe auch", "Lesen Sie auch", "Mehr zum Thema:", "Weitere Artikel",
    "Das könnte Sie auch interessieren", "Themenverwandter Artikel (26.12.2005)",
    "Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten.",
])
def test_link_list_or_notice_line_cuts_the_rest(tmp_path: Path, marker: str) -> None:
    text = BODY + "\n" + marker + "\n\nEine andere Schlagzeile\nNoch eine Schlagzeile\n"
    assert one_article(write(tmp_path, "a.txt", text)).text == BODY.strip()


def test_every_cut_phrase_in_the_data_file_cuts() -> None:
    rules = tomllib.loads(BOILERPLATE_FILE.read_text(encoding="utf-8"))
    for phrase in rules["cut"]["phrases"] + rules["cut"]["prefixes"]:
        assert strip_boilerplate(f"{BODY}{phrase}\nSchlagzeile") == BODY.strip(), phrase


def test_marker_words_inside_body_text_do_not_cut() -> None:
    text = BODY + "Lesen Sie auch den Bericht des Ausschusses, sagte sie.\nSiehe auch oben.\n"
    assert strip_boilerplate(text) == text.strip()


def test_byline_share_row_and_cookie_notice_are_not_body() -> None:
    article = one_article(BAD / "byline-and-cookies.txt")
    assert article.title == "Regierung beschließt neues Beschaffungsgesetz"
    assert article.text.endswith("Beschaffungen beschleunigen soll.")
    for not_body in ("Von Karl Muster", "Facebook", "Cookies", "akzeptieren"):
        assert not_body not in article.text


def test_file_of_only_boilerplate_is_empty() -> None:
    problem = one_problem(BAD / "only-boilerplate.txt")
    assert problem.message.startswith("empty") and "boilerplate" in problem.message


# ----------------------------------------------------------------- duplicates


def test_duplicate_text_is_a_problem_naming_the_first() -> None:
    found = read(BAD / "duplicate-a.txt", BAD / "duplicate-b.txt")
    assert isinstance(found[0], Article)
    assert found[1] == Problem(str(BAD / "duplicate-b.txt"),
                               "duplicate of duplicate-a.txt; remove one of the copies")


def test_duplicate_jsonl_line_gives_its_line_number(tmp_path: Path) -> None:
    line = json.dumps({"text": BODY})
    found = read(write(tmp_path, "a.jsonl", f"{line}\n{line}\n"))
    assert isinstance(found[1], Problem) and found[1].line == 2
    assert "duplicate of a.jsonl#1" in found[1].message


# ----------------------------------------------------------------- the whole bad folder


def test_every_bad_fixture_gives_an_article_or_the_expected_problem() -> None:
    found = read(BAD)
    outcome: dict[str, list[str]] = {}
    for item in found:
        name = item.id.split("#")[0] if isinstance(item, Article) else Path(item.path).name
        outcome.setdefault(name, []).append("article" if isinstance(item, Article)
                                            else item.message)
    assert set(outcome) == set(EXPECTED)  # README.md and .DS_Store are skipped
    for name, expected in EXPECTED.items():
        assert any(expected in got for got in outcome[name]), (name, outcome[name])


def test_reading_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    read(BAD, GOOD)
    assert capfd.readouterr() == ("", "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".md", ".jsonl", ".html"]))
def test_any_bytes_give_articles_or_problems_never_an_exception(data: bytes, suffix: str,
                                                                tmp_path_factory: pytest.TempPathFactory
                                                                ) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    for item in iter_articles([path]):
        assert isinstance(item, (Article, Problem))
        if isinstance(item, Article):
            assert item.text and item.text == item.text.strip() and "\r" not in item.text


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_normalised_text_is_nfc_without_carriage_returns(text: str) -> None:
    out = normalise_text(text)
    assert "\r" not in out and unicodedata.is_normalized("NFC", out)
    assert normalise_text(out) == out
