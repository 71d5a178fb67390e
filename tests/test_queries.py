"""The canned queries (ontology/queries/*.rq), parameter binding, and result formats.

The server tests at the end ask the same questions of four engines — rdflib over the Turtle,
the embedded pyoxigraph store, an Oxigraph server and Virtuoso, both loaded with `kg load`'s
function — and expect the same answers; the agreement table goes to
test-artifacts/query-agreement.txt.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import store
from kg.errors import QueryError

FIXTURE = Path(__file__).parent / "fixtures" / "contract_sample.ttl"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
REQUIRED = {"meetings", "visits", "deliveries", "attendance", "defence-ministers", "agreements",
            "timeline", "country-pairs", "weak-evidence"}
NO_SUCH_NAME = "zz-no-such-name"


def run(name: str, **params: str) -> list[dict[str, str | None]]:
    result = store.run_query(FIXTURE, store.canned_query(name).text, params=params)
    return [{c: (v.value if v is not None else None) for c, v in zip(result.columns, row)}
            for row in result.rows]


def examples(query: store.CannedQuery) -> dict[str, str]:
    return {p.name: p.example for p in query.params}


# ---------------------------------------------------------------- the catalogue

def test_the_catalogue_has_the_required_queries_and_at_least_ten() -> None:
    names = {q.name for q in store.canned_queries()}
    assert REQUIRED <= names
    assert len(names) >= 10


@pytest.mark.parametrize("query", store.canned_queries(), ids=lambda q: q.name)
def test_every_canned_query_states_its_question_and_parameter_examples(
        query: store.CannedQuery) -> None:
    assert query.question.endswith("?")
    assert query.text.lstrip().startswith("# question:")
    for param in query.params:
        assert param.meaning and param.example, param


@pytest.mark.parametrize("query", store.canned_queries(), ids=lambda q: q.name)
def test_every_canned_query_answers_the_sample_graph_with_its_examples(
        query: store.CannedQuery) -> None:
    result = store.run_query(FIXTURE, query.text, params=examples(query))
    assert result.rows, f"{query.name} found nothing for {examples(query)}"
    assert not set(result.columns) & {p.name for p in query.params}, "parameter columns stay"


@pytest.mark.parametrize("query", [q for q in store.canned_queries()
                                   if not any(p.required for p in q.params)],
                         ids=lambda q: q.name)
def test_leaving_out_the_parameters_widens_the_answer(query: store.CannedQuery) -> None:
    narrow = store.run_query(FIXTURE, query.text, params=examples(query)).rows
    wide = store.run_query(FIXTURE, query.text, params={}).rows
    assert set(narrow) <= set(wide)


# ---------------------------------------------------------------- what the queries answer

def test_meetings_between_two_countries_go_through_the_participants_posts() -> None:
    rows = run("meetings", a="Aserbaidschan", b="Türkei")
    assert {(r["participant_a"], r["participant_b"]) for r in rows} == {
        ("Kamal Beispielow", "Selim Örnek")}
    assert {r["document"] for r in rows} == {"001_beispiel.txt", "002_beispiel.txt"}
    assert all(r["date"] == "2024-04-01" and r["sentence"] for r in rows)


def test_parameters_match_alt_labels_and_wikidata_ids_ignoring_case() -> None:
    by_label = run("meetings", a="Aserbaidschan", b="Türkei")
    assert run("meetings", a="azerbaijan", b="TÜRKEI") == by_label
    assert run("meetings", a="Q227", b="q43") == by_label


def test_a_name_that_matches_nothing_gives_no_rows() -> None:
    assert run("meetings", a=NO_SUCH_NAME) == []


def test_meetings_without_parameters_list_each_pair_once() -> None:
    pairs = [(r["participant_a"], r["participant_b"], r["document"]) for r in run("meetings")]
    assert len(pairs) == len(set(pairs)) == 3
    assert ("Selim Örnek", "Kamal Beispielow", "001_beispiel.txt") not in pairs


def test_visits_to_a_country_include_visits_to_its_cities() -> None:
    rows = run("visits", to="Aserbaidschan")
    assert [(r["visitor"], r["destination"], r["host"]) for r in rows] == [
        ("Selim Örnek", "Baku", "Kamal Beispielow")]


def test_deliveries_find_the_supplier_by_its_country() -> None:
    rows = run("deliveries", by="Italien")
    assert [(r["supplier"], r["recipient"], r["item"], r["status"]) for r in rows] == [
        ("Beispiel Aerospace", "Aserbaidschan", "C-27J Spartan", "planned")]


def test_attendance_of_an_exhibition_lists_every_attendee() -> None:
    assert {r["participant"] for r in run("attendance", at="adex")} == {
        "Kamal Beispielow", "Luca Campione"}


def test_defence_ministers_leave_out_deputies_and_carry_the_last_document_date() -> None:
    rows = run("defence-ministers")
    assert {(r["country"], r["minister"], r["last_seen"]) for r in rows} == {
        ("Aserbaidschan", "Kamal Beispielow", "2024-09-20"),
        ("Italien", "Marco Esempio", "2024-04-05"),
        ("Türkei", "Selim Örnek", "2024-04-05"),
    }


def test_agreements_list_every_signatory_of_an_agreement_a_country_signed() -> None:
    rows = run("agreements", by="Türkei")
    assert {r["signatory"] for r in rows} == {"Aserbaidschan", "Türkei"}
    assert {r["agreement"] for r in rows} == {"Memorandum über militärische Zusammenarbeit"}


def test_timeline_is_in_date_order() -> None:
    rows = run("timeline", who="Selim Örnek")
    dates = [str(r["date"]) for r in rows]
    assert dates == sorted(dates) and dates[0] == "2024-04-01"
    assert {r["event"] for r in rows} == {"Meeting", "Visit"}


def test_country_pairs_count_events_through_people_and_companies() -> None:
    rows = {(r["country_a"], r["country_b"]): int(str(r["events"])) for r in run("country-pairs")}
    assert rows == {("Aserbaidschan", "Türkei"): 3, ("Aserbaidschan", "Italien"): 3,
                    ("Italien", "Türkei"): 1}


def test_weak_evidence_takes_single_source_events_below_the_threshold() -> None:
    default = {r["type"] for r in run("weak-evidence")}
    assert default == {"Meeting", "Delivery", "Attendance"}
    assert {r["confidence"] for r in run("weak-evidence", below="0.52")} == {"0.5"}
    # the meeting reported by two documents is never weak, however low the threshold
    assert all(r["type"] != "Meeting" or r["confidence"] == "0.5"
               for r in run("weak-evidence", below="1"))


def test_people_filter_by_a_word_of_the_role() -> None:
    assert {r["person"] for r in run("people", of="Türkei", **{"as": "stellvertretender"})} == {
        "Aydin Vekil"}


def test_mentions_need_an_entity_and_find_its_documents() -> None:
    assert {r["document"] for r in run("mentions", entity="Campione")} == {"003_beispiel.txt"}
    with pytest.raises(QueryError, match="missing parameter 'entity'.*--param entity=Q227"):
        run("mentions")


# ---------------------------------------------------------------- resolving queries and params

def test_an_unknown_parameter_is_named_with_the_ones_the_query_takes() -> None:
    with pytest.raises(QueryError, match=r"unknown parameter 'country'.*takes a \(e\.g\."):
        run("meetings", country="Italien")


def test_a_parameter_of_an_inline_query_must_appear_in_it() -> None:
    with pytest.raises(QueryError, match="unknown parameter 'x'"):
        store.run_query(FIXTURE, "SELECT ?s WHERE { ?s ?p ?o }", params={"x": "1"})


def test_an_inline_query_binds_the_parameters_it_selects() -> None:
    text = "SELECT ?c ?name WHERE { ?c a dd:Country ; rdfs:label ?l . FILTER(STR(?l) = ?name) }"
    result = store.run_query(FIXTURE, text, params={"name": "Italien"})
    assert [str(row[0]) for row in result.rows] == ["https://w3id.org/ddkg/resource/country/italien"]


def test_bad_sparql_names_the_line_and_column() -> None:
    text = "SELECT ?s\nWHERE {\n  ?s ?p \n}"
    with pytest.raises(QueryError, match=r"line 4, column \d+"):
        store.run_query(FIXTURE, text)


@pytest.mark.parametrize("items, expected", [
    ([], {}),
    (["a=Aserbaidschan", "b=Türkei"], {"a": "Aserbaidschan", "b": "Türkei"}),
    (["sentence=a=b"], {"sentence": "a=b"}),
    (["a="], {"a": ""}),
])
def test_params_are_name_equals_value(items: list[str], expected: dict[str, str]) -> None:
    assert store.parse_params(items) == expected


@pytest.mark.parametrize("items, message", [
    (["Aserbaidschan"], "has no '='"),
    (["a b=1"], "not a SPARQL variable name"),
    (["a=1", "a=2"], "given twice"),
])
def test_malformed_params_are_refused(items: list[str], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        store.parse_params(items)


def test_resolve_query_takes_a_name_a_file_or_inline_sparql(tmp_path: Path) -> None:
    assert store.resolve_query("meetings") == store.canned_query("meetings").text
    rq = tmp_path / "mine.rq"
    rq.write_text("ASK { ?s ?p ?o }")
    assert store.resolve_query(None, file=rq) == "ASK { ?s ?p ?o }"
    assert store.resolve_query(str(rq)) == "ASK { ?s ?p ?o }"
    assert store.resolve_query("select * { ?s ?p ?o }") == "select * { ?s ?p ?o }"


@pytest.mark.parametrize("query, message", [
    (None, "no query given; name a canned query .*meetings"),
    ("meeting", "unknown query 'meeting' \\(did you mean 'meetings'\\?\\); canned queries: "),
])
def test_resolve_query_lists_the_canned_names_when_lost(query: str | None, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        store.resolve_query(query)


def test_a_missing_query_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="cannot read query file .*nope.rq"):
        store.resolve_query(None, file=tmp_path / "nope.rq")


# ---------------------------------------------------------------- escaping for remote stores

TRICKY = ['say "hi"', "back\\slash", "two\nlines\r\n", '" } ; DROP ALL ; SELECT * { "',
          "\\u0022", "tab\there", "'single'", "\"\"\"triple\"\"\"", "# not a comment", "<iri>"]


def _values_roundtrip(value: str) -> list[str]:
    text = store.with_values("SELECT ?v WHERE { }", {"v": value})
    return [s["v"].value for s in ox.Store().query(text)]  # type: ignore[union-attr]


@pytest.mark.parametrize("value", TRICKY)
def test_values_clauses_carry_any_string_unchanged(value: str) -> None:
    assert _values_roundtrip(value) == [value]


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8")))
def test_values_clauses_carry_every_string_unchanged(value: str) -> None:
    assert _values_roundtrip(value) == [value]


def test_values_open_the_where_group_not_a_construct_template() -> None:
    text = ('PREFIX x: <http://e.org/#{}>\n# a { comment\n'
            'CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o }')
    bound = store.with_values(text, {"o": "1"})
    typed = '"1"^^<http://www.w3.org/2001/XMLSchema#string>'
    assert f"WHERE {{ VALUES (?o) {{ ({typed}) }} ?s ?p ?o }}" in bound


def test_values_refuse_a_name_that_is_not_a_variable() -> None:
    with pytest.raises(QueryError, match="not a SPARQL variable name"):
        store.with_values("SELECT * { }", {"v }": "x"})


# ---------------------------------------------------------------- result formats

def _meetings() -> store.QueryResult:
    return store.run_query(FIXTURE, store.canned_query("meetings").text,
                           params={"a": "Aserbaidschan"})


def test_csv_has_a_header_and_plain_values() -> None:
    rows = list(csv.reader(io.StringIO(_meetings().render("csv"))))
    assert rows[0] == ["date", "participant_a", "participant_b", "status", "sentence",
                       "document"]
    assert len(rows) == 3 and rows[1][1] == "Kamal Beispielow"


def test_tsv_writes_terms_in_turtle_syntax() -> None:
    lines = _meetings().render("tsv").splitlines()
    assert lines[0].startswith("?date\t?participant_a")
    assert '"2024-04-01"^^<http://www.w3.org/2001/XMLSchema#date>\t"Kamal Beispielow"@de' in (
        lines[1])


def test_json_is_sparql_results_json() -> None:
    data = json.loads(_meetings().render("json"))
    assert data["head"]["vars"][:2] == ["date", "participant_a"]
    first = data["results"]["bindings"][0]
    assert first["participant_a"] == {"type": "literal", "value": "Kamal Beispielow",
                                      "xml:lang": "de"}
    assert first["date"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"


def test_table_is_aligned_and_counts_rows() -> None:
    lines = _meetings().render("table").splitlines()
    assert lines[0].split() == ["date", "participant_a", "participant_b", "status", "sentence",
                                "document"]
    assert lines[2].index("Kamal") == lines[0].index("participant_a")
    assert lines[-1] == "(2 rows)"


def test_ask_and_construct_queries_render_too() -> None:
    ask = store.run_query(FIXTURE, "ASK { ?s a dd:Meeting }")
    assert ask.render("table") == "yes\n"
    assert json.loads(ask.render("json")) == {"head": {}, "boolean": True}
    graph = store.run_query(FIXTURE, "CONSTRUCT { ?s a dd:Visit } WHERE { ?s a dd:Visit }")
    assert graph.columns == ("subject", "predicate", "object") and len(graph.rows) == 2


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(QueryError, match="unknown result format 'xml'"):
        _meetings().render("xml")


# ---------------------------------------------------------------- four engines agree

def _lexical(cell: store.Cell | None) -> str | None:
    """Compare on lexical values; numbers in one form (Virtuoso may type 3 as xsd:int)."""
    if cell is None:
        return None
    if cell.datatype and cell.datatype.startswith("http://www.w3.org/2001/XMLSchema#") and \
            cell.datatype.rsplit("#", 1)[1] in {"integer", "int", "long", "decimal", "double",
                                                 "float", "short", "nonNegativeInteger"}:
        try:
            return format(Decimal(cell.value).normalize(), "f")
        except InvalidOperation:
            return cell.value
    return cell.value


def _rows(result: store.QueryResult) -> set[tuple[str | None, ...]]:
    return {tuple(_lexical(c) for c in row) for row in result.rows}


def _rdflib_cell(term: object) -> store.Cell | None:
    if term is None:
        return None
    datatype = term.datatype if isinstance(term, rdflib.Literal) else None
    return store.Cell(str(term), datatype=str(datatype) if datatype else None)


def _rdflib_rows(graph: rdflib.Graph, text: str,
                 params: Mapping[str, str]) -> set[tuple[str | None, ...]]:
    bound = store.bind_params(text, params)
    answer = graph.query(text, initBindings={k: rdflib.Literal(v) for k, v in bound.items()})
    names = [str(v) for v in answer.vars or []]
    drop = {p.name for p in store.query_params(text)}
    cells = [[_rdflib_cell(t) for t in row] for row in answer]  # type: ignore[union-attr]
    return {tuple(_lexical(c) for c, n in zip(row, names) if n not in drop) for row in cells}


def _cases() -> Iterator[tuple[str, dict[str, str]]]:
    for query in store.canned_queries():
        yield query.name, examples(query)
        if not any(p.required for p in query.params):
            yield query.name, {}
        for param in query.params:  # a name matching nothing must filter in every engine
            if not param.example.replace(".", "").isdigit():
                yield query.name, {**examples(query), param.name: NO_SUCH_NAME}


CASES = list(_cases())
AGREEMENT: list[str] = []


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    from servers import oxigraph_missing, oxigraph_server, virtuoso_missing, virtuoso_server

    for missing in (oxigraph_missing(), virtuoso_missing()):
        if missing:
            pytest.skip(missing)
    build = tmp_path_factory.mktemp("build")
    data = FIXTURE
    store.write_store(data, build / "store")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as oxi, \
            virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as virtuoso:
        for server in (oxi, virtuoso):
            store.load_to_endpoint(data, server.store_url)
        yield {"graph": rdflib.Graph().parse(data), "build": build, "oxigraph": oxi,
               "virtuoso": virtuoso}
    _write_agreement_table()


def _write_agreement_table() -> None:
    if not AGREEMENT:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    head = f"{'query':18} {'parameters':58} rdflib pyoxigraph oxigraph-server virtuoso agree"
    table = "\n".join([head, "-" * len(head), *AGREEMENT]) + "\n"
    (ARTIFACTS / "query-agreement.txt").write_text(table, encoding="utf-8")
    print("\n" + table)


@pytest.mark.server
@pytest.mark.parametrize("name, params", CASES,
                         ids=[f"{n}-{'-'.join(f'{k}={v}' for k, v in p.items()) or 'all'}"
                              for n, p in CASES])
def test_four_engines_give_the_same_answers(engines: dict[str, object], name: str,
                                            params: dict[str, str]) -> None:
    text = store.canned_query(name).text
    answers = {
        "rdflib": _rdflib_rows(engines["graph"], text, params),  # type: ignore[arg-type]
        "pyoxigraph": _rows(store.run_query(engines["build"], text,  # type: ignore[arg-type]
                                            params=params)),
    }
    for engine in ("oxigraph", "virtuoso"):
        server = engines[engine]
        answers[engine] = _rows(store.query_endpoint(
            server.query_url, text, params=params,  # type: ignore[attr-defined]
            default_graph=store.DEFAULT_GRAPH_IRI))
    agree = all(rows == answers["rdflib"] for rows in answers.values())
    counts = " ".join(f"{len(rows):>{len(label)}}" for rows, label in zip(
        answers.values(), ("rdflib", "pyoxigraph", "oxigraph-server", "virtuoso")))
    AGREEMENT.append(f"{name:18} {json.dumps(params, ensure_ascii=False)[:58]:58} {counts} "
                     f"{'yes' if agree else 'NO'}")
    assert agree, "\n".join(f"{k}: {sorted(v, key=str)}" for k, v in answers.items())
    if not any(v == NO_SUCH_NAME for v in params.values()):
        assert answers["rdflib"], f"{name} {params} found nothing"


@pytest.mark.server
@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
def test_remote_stores_get_tricky_values_unchanged(engines: dict[str, object],
                                                   engine: str) -> None:
    server = engines[engine]
    for value in TRICKY:
        result = store.query_endpoint(server.query_url,  # type: ignore[attr-defined]
                                      "SELECT ?v WHERE { }", params={"v": value})
        assert [str(row[0]) for row in result.rows] == [value], value


@pytest.mark.server
@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
def test_loading_twice_replaces_the_graph(engines: dict[str, object], engine: str) -> None:
    server = engines[engine]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for _ in range(2):
        loaded = store.load_to_endpoint(FIXTURE, server.store_url)  # type: ignore[attr-defined]
        result = store.query_endpoint(server.query_url, count,  # type: ignore[attr-defined]
                                      default_graph=store.DEFAULT_GRAPH_IRI)
        assert int(str(result.rows[0][0])) == loaded == len(rdflib.Graph().parse(FIXTURE))


@pytest.mark.server
def test_a_large_graph_loads_into_virtuoso_through_digest_auth(
        engines: dict[str, object], tmp_path: Path) -> None:
    # Answering the Digest challenge only after sending the body would make Virtuoso reset
    # the connection half-way through a graph of this size.
    big = tmp_path / "big.nt"  # 6 MB; the old way failed from about 2 MB on
    big.write_text("".join(f'<urn:s{i}> <urn:p> "{"x" * 2400} {i}" .\n' for i in range(2500)))
    server = engines["virtuoso"]
    graph = "https://example.org/graph/big"
    assert store.load_to_endpoint(big, server.store_url,  # type: ignore[attr-defined]
                                  graph_iri=graph) == 2500
    result = store.query_endpoint(server.query_url,  # type: ignore[attr-defined]
                                  "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                  default_graph=graph)
    assert int(str(result.rows[0][0])) == 2500


@pytest.fixture(scope="module")
def real_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.build import BuildOptions, build_graph_files

    out = tmp_path_factory.mktemp("real")
    build_graph_files([Path(__file__).resolve().parent.parent / "sources"], out,
                      BuildOptions(use_cache=False, html=False))
    return out


@pytest.mark.parametrize("name, params", CASES,
                         ids=[f"{n}-{'-'.join(f'{k}={v}' for k, v in p.items()) or 'all'}"
                              for n, p in CASES])
def test_rdflib_and_the_store_agree_on_a_real_build(real_build: Path, name: str,
                                                    params: dict[str, str]) -> None:
    text = store.canned_query(name).text
    graph = rdflib.Graph().parse(real_build / "graph.ttl")
    assert _rdflib_rows(graph, text, params) == _rows(store.run_query(real_build, text,
                                                                      params=params))
