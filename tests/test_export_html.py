"""The HTML network picture: offline, readable, searchable, safe and deterministic."""
from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rdflib import Graph, Literal, URIRef

from kg import export, vocab
from kg.export import html
from kg.export.html import (
    DEFAULT_TITLE,
    graph_view,
    layout_positions,
    render_html,
    script_json,
    write_html,
)
from kg.vocab import DCTERMS, DD, NIF, PROV, RDF, RDFS, RESOURCE, SKOS
from tests.browser import ARTIFACTS, OpenedPage, chromium, open_file, skip_without_browser

R = RESOURCE
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = '"</script><script>alert(2)</script>'
ANNA, BERND = R["person/anna-beispiel"], R["person/bernd-muster"]
HOSTILE_IMG, HOSTILE_SCRIPT = R["person/hostile-img"], R["person/hostile-script"]
ITALY, AZERBAIJAN, TURKEY = R["country/italien"], R["country/aserbaidschan"], R["country/tuerkei"]
BAKU, WORKS = R["city/baku"], R["organisation/musterwerke-ag"]
PLANE, MOU, FAIR = R["equipmentmodel/c-27j-spartan"], R["memorandumofunderstanding/absicht"], \
    R["exhibition/musterschau-2024"]
LONELY = R["city/beispielhausen"]  # only mentioned, in no relation
DOC_A, DOC_B = R["doc/a.txt"], R["doc/b.txt"]
ENTITIES = (ANNA, BERND, HOSTILE_IMG, HOSTILE_SCRIPT, ITALY, AZERBAIJAN, TURKEY, BAKU, WORKS,
            PLANE, MOU, FAIR, LONELY)


# --- a small contract graph, written by hand -----------------------------------------------


def _entity(g: Graph, node: URIRef, cls: URIRef, label: str, *alts: str,
            wikidata: str | None = None, country: URIRef | None = None) -> None:
    g.add((node, RDF.type, cls))
    g.add((node, RDFS.label, Literal(label, lang="de")))
    for alt in alts:
        g.add((node, SKOS.altLabel, Literal(alt, lang="de")))
    if wikidata:
        g.add((node, DD.wikidataId, Literal(wikidata)))
    if country is not None:
        g.add((node, DD.country, country))


def _document(g: Graph, node: URIRef, ident: str, title: str, date: str, source: str,
              mentions: tuple[URIRef, ...]) -> None:
    g.add((node, RDF.type, DD.Document))
    g.add((node, DCTERMS.identifier, Literal(ident)))
    g.add((node, DCTERMS.title, Literal(title)))
    g.add((node, DCTERMS.date, Literal(date, datatype=vocab.XSD.date)))
    g.add((node, DCTERMS.source, URIRef(source) if source.startswith("http") else Literal(source)))
    g.add((node, DCTERMS.language, Literal("de")))
    for entity in mentions:
        g.add((node, DD.mentions, entity))


def _span(g: Graph, doc: URIRef, begin: int, sentence: str, trigger: str) -> URIRef:
    span = URIRef(f"{doc}#char={begin},{begin + len(sentence)}")
    g.add((span, RDF.type, NIF.String))
    g.add((span, RDF.type, NIF.OffsetBasedString))
    g.add((span, NIF.referenceContext, doc))
    g.add((span, NIF.anchorOf, Literal(sentence)))
    g.add((span, NIF.beginIndex, Literal(begin, datatype=vocab.XSD.nonNegativeInteger)))
    g.add((span, NIF.endIndex, Literal(begin + len(sentence), datatype=vocab.XSD.nonNegativeInteger)))
    g.add((span, DD.trigger, Literal(trigger)))
    g.add((span, DD.confidence, Literal("0.9", datatype=vocab.XSD.decimal)))
    return span


def _event(g: Graph, name: str, cls: URIRef, roles: list[tuple[URIRef, URIRef]], doc: URIRef,
           sentence: tuple[int, str, str], *, date: Literal | None = None,
           status: str = "occurred") -> URIRef:
    event = R[f"event/{name}"]
    g.add((event, RDF.type, cls))
    for prop, who in roles:
        g.add((event, prop, who))
    g.add((event, DD.status, Literal(status)))
    if date is not None:
        g.add((event, DD.date, date))
    g.add((event, PROV.wasDerivedFrom, doc))
    g.add((event, DD.evidence, _span(g, doc, *sentence)))
    return event


def contract_graph() -> Graph:
    """Two invented articles: a meeting, a visit, a planned delivery, a signing, an
    attendance, a cooperation, a post, and two people whose names are attacks."""
    g = Graph()
    _entity(g, ANNA, DD.Person, "Anna Beispiel", "Beispiel")
    _entity(g, BERND, DD.Person, "Bernd Muster", "Muster")
    _entity(g, HOSTILE_IMG, DD.Person, IMG)
    _entity(g, HOSTILE_SCRIPT, DD.Person, SCRIPT)
    _entity(g, ITALY, DD.Country, "Italien", wikidata="Q38")
    _entity(g, AZERBAIJAN, DD.Country, "Aserbaidschan", "Aserbaidschans", wikidata="Q227")
    _entity(g, TURKEY, DD.Country, "Türkei", wikidata="Q43")
    _entity(g, BAKU, DD.City, "Baku", country=AZERBAIJAN)
    _entity(g, WORKS, DD.Organisation, "Musterwerke AG", country=ITALY)
    _entity(g, PLANE, DD.EquipmentModel, "C-27J Spartan")
    _entity(g, MOU, DD.MemorandumOfUnderstanding, "Absichtserklärung über Ausbildung")
    g.add((MOU, RDF.type, DD.Agreement))
    _entity(g, FAIR, DD.Exhibition, "Musterschau 2024")
    _entity(g, LONELY, DD.City, "Beispielhausen")
    _document(g, DOC_A, "a.txt", "Ministerin reist nach Baku", "2024-03-05",
              "https://example.org/a", (ANNA, BERND, BAKU, AZERBAIJAN, HOSTILE_IMG,
                                        HOSTILE_SCRIPT, LONELY))
    _document(g, DOC_B, "b.txt", "Lieferung vereinbart", "2024-06-10", "javascript:alert(3)",
              (WORKS, AZERBAIJAN, PLANE, ITALY, TURKEY, MOU, BERND, FAIR))
    _event(g, "meeting-1", DD.Meeting, [(DD.participant, ANNA), (DD.participant, BERND)], DOC_A,
           (0, "Anna Beispiel traf am Montag in Baku Bernd Muster.", "traf"),
           date=Literal("2024-03-04", datatype=vocab.XSD.date))
    _event(g, "visit-1", DD.Visit, [(DD.visitor, ANNA), (DD.destination, AZERBAIJAN)], DOC_A,
           (52, "Die Ministerin besuchte Aserbaidschan zum ersten Mal.", "besuchte"))
    _event(g, "meeting-2", DD.Meeting,
           [(DD.participant, HOSTILE_IMG), (DD.participant, HOSTILE_SCRIPT)], DOC_A,
           (110, f"{IMG} traf {SCRIPT} <b>heimlich</b>.", "traf"))
    _event(g, "delivery-1", DD.Delivery, [(DD.supplier, WORKS), (DD.recipient, AZERBAIJAN),
                                          (DD.item, PLANE)], DOC_B,
           (0, "Musterwerke AG soll Aserbaidschan zwei C-27J Spartan liefern.", "liefern"),
           status="planned")
    _event(g, "signing-1", DD.AgreementSigning, [(DD.signatory, ITALY), (DD.agreement, MOU)],
           DOC_B, (70, "Italien unterzeichnete eine Absichtserklärung über Ausbildung.",
                   "unterzeichnete"))
    _event(g, "attendance-1", DD.Attendance, [(DD.participant, BERND), (DD.attendedEvent, FAIR)],
           DOC_B, (140, "Bernd Muster besuchte die Musterschau 2024.", "besuchte"),
           date=Literal("2024-09", datatype=vocab.XSD.gYearMonth))
    _event(g, "cooperation-1", DD.Cooperation,
           [(DD.participant, ITALY), (DD.participant, TURKEY)], DOC_B,
           (190, "Italien und die Türkei arbeiten militärtechnisch zusammen.", "zusammen"))
    for a, prop, b in [(ANNA, DD.meets, BERND), (HOSTILE_IMG, DD.meets, HOSTILE_SCRIPT),
                       (ANNA, DD.visits, AZERBAIJAN), (WORKS, DD.supplies, AZERBAIJAN),
                       (ITALY, DD.signs, MOU), (BERND, DD.attends, FAIR),
                       (ITALY, DD.cooperatesWith, TURKEY)]:
        g.add((a, prop, b))
        if prop in (DD.meets, DD.cooperatesWith):
            g.add((b, prop, a))
    post, role = R["post/verteidigungsministerin--italien"], R["role/verteidigungsministerin"]
    g.add((ANNA, DD.holdsPost, post))
    g.add((post, RDF.type, DD.Post))
    g.add((post, RDFS.label, Literal("Verteidigungsministerin (Italien)", lang="de")))
    g.add((post, DD.role, role))
    g.add((post, DD.postIn, ITALY))
    g.add((role, RDF.type, DD.Role))
    g.add((role, RDFS.label, Literal("Verteidigungsministerin", lang="de")))
    return g


@pytest.fixture(scope="module")
def graph() -> Graph:
    return contract_graph()


@pytest.fixture(scope="module")
def view(graph: Graph) -> dict[str, Any]:
    return graph_view(graph)


@pytest.fixture(scope="module")
def page_text(graph: Graph) -> str:
    return render_html(graph)


def _node(view: dict[str, Any], iri: URIRef) -> dict[str, Any]:
    return next(n for n in view["nodes"] if n["iri"] == str(iri))


def _edges(view: dict[str, Any], relation: str) -> list[tuple[str, str, dict[str, Any]]]:
    nodes = view["nodes"]
    return [(nodes[e["f"]]["iri"], nodes[e["t"]]["iri"], e) for e in view["edges"]
            if e["r"] == relation]


def _data_block(text: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="ddkg-data">(.*?)</script>', text,
                      re.DOTALL)
    assert match, "the page has no data block"
    return json.loads(match[1])


# --- what the page holds --------------------------------------------------------------------


def test_every_entity_is_a_node_with_its_class(view: dict[str, Any]) -> None:
    classes = {n["iri"]: n["c"] for n in view["nodes"]}
    assert classes[str(ANNA)] == "person"
    assert classes[str(ITALY)] == "country"
    assert classes[str(BAKU)] == "city"
    assert classes[str(WORKS)] == "organisation"
    assert classes[str(PLANE)] == "equipment"
    assert classes[str(MOU)] == "agreement"
    assert classes[str(FAIR)] == "exhibition"
    assert classes[str(LONELY)] == "city"
    assert set(classes) == {str(e) for e in ENTITIES}


def test_node_carries_labels_wikidata_country_and_mentions(view: dict[str, Any]) -> None:
    azerbaijan = _node(view, AZERBAIJAN)
    assert azerbaijan["l"] == "Aserbaidschan"
    assert azerbaijan["alt"] == ["Aserbaidschans"]
    assert azerbaijan["wd"] == "Q227"
    assert len(azerbaijan["m"]) == 2
    assert view["nodes"][_node(view, BAKU)["co"]]["iri"] == str(AZERBAIJAN)


def test_symmetric_relation_is_one_edge(view: dict[str, Any]) -> None:
    meets = {(a, b) for a, b, _ in _edges(view, "meets")}
    assert meets == {(str(ANNA), str(BERND)), (str(HOSTILE_IMG), str(HOSTILE_SCRIPT))}
    assert len(_edges(view, "cooperatesWith")) == 1


def test_edge_keeps_its_evidence_sentence_and_document(view: dict[str, Any]) -> None:
    [(_, _, edge)] = [e for e in _edges(view, "meets") if e[0] == str(ANNA)]
    [event] = [view["events"][i] for i in edge["ev"]]
    assert (event["t"], event["d"], event["s"]) == ("Meeting", "2024-03-04", "occurred")
    [span] = [view["spans"][i] for i in event["sp"]]
    assert span["x"] == "Anna Beispiel traf am Montag in Baku Bernd Muster."
    assert span["tr"] == "traf" and span["cf"] == 0.9
    doc = view["docs"][span["doc"]]
    assert doc == {"id": "a.txt", "ti": "Ministerin reist nach Baku", "d": "2024-03-05",
                   "u": "https://example.org/a"}


def test_post_is_an_edge_to_its_country_labelled_with_the_role(view: dict[str, Any]) -> None:
    assert [(a, b, e["l"]) for a, b, e in _edges(view, "holdsPost")] == [
        (str(ANNA), str(ITALY), "Verteidigungsministerin")]


def test_delivered_item_is_tied_to_supplier_and_recipient(view: dict[str, Any]) -> None:
    supplies = {(a, b) for a, b, _ in _edges(view, "supplies")}
    assert supplies == {(str(WORKS), str(AZERBAIJAN)), (str(WORKS), str(PLANE))}
    assert {(a, b) for a, b, _ in _edges(view, "receives")} == {(str(AZERBAIJAN), str(PLANE))}


def test_edge_dates_come_from_the_event_or_else_its_article(view: dict[str, Any]) -> None:
    [(_, _, attends)] = _edges(view, "attends")
    assert attends["dt"] == [["2024-09-01", "2024-09-31"]]
    [(_, _, visits)] = _edges(view, "visits")
    assert visits["dt"] == [["2024-03-05", "2024-03-05"]]
    assert view["meta"]["dates"] == ["2024-03-04", "2024-09-31"]


def test_source_url_that_is_not_http_is_dropped(view: dict[str, Any]) -> None:
    doc_b = next(d for d in view["docs"] if d["id"] == "b.txt")
    assert "u" not in doc_b


def test_subclass_of_a_contract_class_is_drawn_as_that_class() -> None:
    g = Graph()
    company = URIRef("https://example.org/ontology#Company")
    g.add((company, RDFS.subClassOf, DD.Organisation))
    _entity(g, WORKS, company, "Musterwerke AG")
    assert [n["c"] for n in graph_view(g)["nodes"]] == ["organisation"]


def test_degree_counts_picture_edges(view: dict[str, Any]) -> None:
    assert _node(view, AZERBAIJAN)["deg"] == 4  # visited, supplied, receives, Baku is in it
    assert _node(view, BAKU)["deg"] == 1


# --- the page as text -----------------------------------------------------------------------


def test_page_loads_nothing_from_elsewhere(page_text: str) -> None:
    assert not re.search(r"<(script|img|iframe|link)\b[^>]*\b(src|href)=", page_text,
                         re.IGNORECASE)
    assert "@import" not in page_text
    assert re.search(r"default-src 'none'", page_text)


def test_page_inlines_vis_network_from_pyvis(page_text: str) -> None:
    assert "vis-network" in page_text and "@version 9.1.2" in page_text


def test_hostile_labels_are_never_markup(page_text: str, graph: Graph) -> None:
    assert IMG not in page_text
    assert "<script><script>" not in page_text and "alert(2)</script>" not in page_text
    assert len(re.findall(r"^<script", page_text, re.MULTILINE)) == 3  # data, vis, the app
    labels = {n["l"] for n in _data_block(page_text)["nodes"]}
    assert {IMG, SCRIPT} <= labels


def test_script_json_escapes_what_could_end_a_script() -> None:
    text = script_json({"x": "</script><!-- & \u2028\u2029"})
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == {"x": "</script><!-- & \u2028\u2029"}


def test_title_is_escaped(graph: Graph) -> None:
    text = render_html(graph, title="<b>Graph</b>")
    assert "<title>&lt;b&gt;Graph&lt;/b&gt;</title>" in text


def test_same_graph_gives_the_same_bytes(graph: Graph, page_text: str) -> None:
    triples = list(graph)
    random.Random(5).shuffle(triples)
    shuffled = Graph()
    for t in triples:
        shuffled.add(t)
    assert render_html(shuffled) == page_text


def test_same_bytes_in_another_process(graph: Graph, page_text: str, tmp_path: Path) -> None:
    """Set and dict order change with PYTHONHASHSEED; the page must not."""
    graph.serialize(tmp_path / "g.nt", format="nt", encoding="utf-8")
    code = ("import sys; from rdflib import Graph; from kg.export.html import render_html; "
            "sys.stdout.buffer.write(render_html(Graph().parse(sys.argv[1])).encode())")
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "g.nt")], check=True,
                             capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert out.stdout.decode() == page_text


def test_layout_is_seeded_and_spreads_nodes() -> None:
    edges = [(i, (i * 7 + 3) % 400) for i in range(400)]
    first, again = layout_positions(400, edges), layout_positions(400, edges)
    assert (first == again).all()
    assert len({(round(x), round(y)) for x, y in first}) == 400


def test_components_laid_out_side_by_side_match_each_laid_out_alone() -> None:
    rng = random.Random(3)
    for n, exact_limit in ((4, 300), (9, 300), (12, 5)):  # 12 > 5: sampled repulsion
        edges = [tuple((i, i + 1) for i in range(n - 1))
                 + tuple((rng.randrange(n), rng.randrange(n)) for _ in range(n)) for _ in range(4)]
        seeds = [(7, i) for i in range(4)]
        together = html._component_layouts(n, edges, seeds, exact_limit=exact_limit)
        alone = [html._component_layouts(n, [e], [s], exact_limit=exact_limit)[0]
                 for e, s in zip(edges, seeds)]
        assert all(np.array_equal(a, b) for a, b in zip(together, alone))


def test_layout_again_reuses_unchanged_components_and_places_nodes_the_same() -> None:
    edges = [(i, i + 1) for i in range(0, 60, 3)] + [(i + 1, i + 2) for i in range(0, 30, 3)]
    html._last_layouts = {}
    first = layout_positions(70, edges)
    kept = dict(html._last_layouts)
    again = layout_positions(70, edges)
    assert np.array_equal(first, again)
    assert kept and all(html._last_layouts[job] is xy for job, xy in kept.items())
    assert not any(xy.flags.writeable for xy in kept.values())


def test_empty_graph_gives_a_page(tmp_path: Path) -> None:
    write_html(Graph(), tmp_path / "empty.html")
    data = _data_block((tmp_path / "empty.html").read_text(encoding="utf-8"))
    assert data["nodes"] == [] and data["edges"] == []


def test_html_writer_is_registered(graph: Graph, tmp_path: Path, page_text: str) -> None:
    assert export.suffix("html") == ".html"
    export.get("html")(graph, tmp_path / "graph.html")
    assert (tmp_path / "graph.html").read_text(encoding="utf-8") == page_text
    assert DEFAULT_TITLE in page_text


# --- the page in a real browser ---------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    skip_without_browser()
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory, graph: Graph) -> Path:
    path = tmp_path_factory.mktemp("html") / "graph.html"
    write_html(graph, path)
    return path


@pytest.fixture()
def opened(browser: Any, page_file: Path) -> Iterator[OpenedPage]:
    result = open_file(browser, page_file)
    yield result
    result.page.close()


def _node_on_screen(opened: OpenedPage, iri: URIRef) -> tuple[float, float]:
    x, y = opened.page.evaluate("""iri => {
        const net = window.ddkg.network, i = window.ddkg.data.nodes.findIndex(n => n.iri === iri);
        const at = net.canvasToDOM(net.getPosition(i));
        const box = document.getElementById('graph').getBoundingClientRect();
        return [box.left + at.x, box.top + at.y];
    }""", str(iri))
    return x, y


def _visible(opened: OpenedPage) -> set[str]:
    return set(opened.page.evaluate("window.ddkg.visibleNodeIds()"))


@pytest.mark.browser
def test_page_makes_no_request_and_logs_no_error(opened: OpenedPage) -> None:
    assert opened.foreign_requests() == []
    assert opened.console_errors == [] and opened.page_errors == []
    in_page = {n["iri"] for n in opened.page.evaluate("window.ddkg.data.nodes")}
    assert in_page == {str(e) for e in ENTITIES}
    assert len(_visible(opened)) == 12  # all but the one entity without relations


@pytest.mark.browser
def test_entities_without_relations_show_on_request_or_search(opened: OpenedPage) -> None:
    assert str(LONELY) not in _visible(opened)
    opened.page.check("#loners")
    assert str(LONELY) in _visible(opened)
    opened.page.uncheck("#loners")
    opened.page.fill("#search", "beispielh")
    assert _visible(opened) == {str(LONELY)}


@pytest.mark.browser
def test_search_matches_alt_labels_and_shows_neighbours(opened: OpenedPage) -> None:
    opened.page.fill("#search", "muster")  # "Muster" is Bernd's alt label, also Musterwerke ...
    shown = _visible(opened)
    assert {str(BERND), str(WORKS), str(FAIR), str(ANNA)} <= shown  # Anna meets Bernd
    assert str(TURKEY) not in shown
    opened.page.fill("#search", "turkei")  # without the umlaut
    assert _visible(opened) == {str(TURKEY), str(ITALY)}
    assert opened.page.locator("#results button").all_text_contents() == ["Türkei"]


@pytest.mark.browser
def test_relation_filter_hides_other_relations(opened: OpenedPage) -> None:
    for box in opened.page.locator("#relations input[data-relation]").all():
        if box.get_attribute("value") != "supplies":
            box.uncheck()
    assert _visible(opened) == {str(WORKS), str(AZERBAIJAN), str(PLANE)}
    assert opened.page.evaluate("window.ddkg.visibleEdgeCount()") == 2


@pytest.mark.browser
def test_country_filter_keeps_entities_linked_to_it(opened: OpenedPage) -> None:
    opened.page.select_option("#country", label="Aserbaidschan")
    assert _visible(opened) == {str(AZERBAIJAN), str(ANNA), str(WORKS), str(BAKU), str(PLANE)}


@pytest.mark.browser
def test_date_range_keeps_relations_dated_inside_it(opened: OpenedPage) -> None:
    opened.page.fill("#date-from", "2024-09-01")
    opened.page.fill("#date-to", "2024-12-31")
    assert _visible(opened) == {str(BERND), str(FAIR)}
    opened.page.click("#reset")
    assert len(_visible(opened)) == 12


@pytest.mark.browser
def test_double_click_shows_only_the_neighbourhood(opened: OpenedPage) -> None:
    page = opened.page
    page.mouse.dblclick(*_node_on_screen(opened, ITALY))
    assert _visible(opened) == {str(ITALY), str(TURKEY), str(MOU), str(ANNA), str(WORKS)}
    ring = page.evaluate("""() => {  // the neighbours are moved onto a ring around the node
        const net = window.ddkg.network, at = net.getPositions();
        const c = window.ddkg.data.nodes.findIndex(n => n.iri.endsWith('/italien'));
        return net.body.nodeIndices.filter(i => i !== c)
            .map(i => Math.round(Math.hypot(at[i].x - at[c].x, at[i].y - at[c].y)));
    }""")
    assert len(ring) == 4 and len(set(ring)) == 1
    opened.page.click("#reset")
    assert len(_visible(opened)) == 12
    assert page.evaluate("""() => window.ddkg.data.nodes.every((n, i) =>
        window.ddkg.network.getPosition(i).x === n.x && window.ddkg.network.getPosition(i).y === n.y)""")


@pytest.mark.browser
def test_hostile_label_shows_as_text_and_never_runs(opened: OpenedPage) -> None:
    page = opened.page
    page.evaluate(f"window.ddkg.select({json.dumps(str(HOSTILE_IMG))})")
    assert page.locator("#details h2").text_content() == IMG
    page.locator("#details summary").first.click()
    assert IMG in page.locator("#details blockquote").first.text_content()
    page.evaluate(f"window.ddkg.select({json.dumps(str(HOSTILE_SCRIPT))})")
    assert page.locator("#details h2").text_content() == SCRIPT
    page.fill("#search", "img")
    assert page.locator("#results button").all_text_contents() == [IMG]
    assert page.evaluate("document.querySelectorAll('img, b, #details script').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert opened.dialogs == [] and opened.page_errors == []


@pytest.mark.browser
def test_edge_panel_lists_sentences_and_links_only_http_sources(opened: OpenedPage) -> None:
    page = opened.page
    view = page.evaluate("window.ddkg.data")
    meets = next(k for k, e in enumerate(view["edges"]) if e["r"] == "meets"
                 and view["nodes"][e["f"]]["iri"] == str(ANNA))
    page.evaluate(f"window.ddkg.selectEdge({meets})")
    assert page.locator("#details mark").all_text_contents() == ["traf"]
    assert page.locator("#details .meta a").get_attribute("href") == "https://example.org/a"
    supplies = next(k for k, e in enumerate(view["edges"]) if e["r"] == "supplies")
    page.evaluate(f"window.ddkg.selectEdge({supplies})")
    assert page.locator("#details .meta a").count() == 0  # javascript: is not a link
    assert "planned" in page.locator("#details .badge").all_text_contents()


@pytest.mark.browser
def test_click_opens_the_panel_and_screenshot_for_people(opened: OpenedPage) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.mouse.click(*_node_on_screen(opened, ANNA))
    assert opened.page.locator("#details h2").text_content() == "Anna Beispiel"
    opened.page.locator("#details summary").first.click()
    opened.page.screenshot(path=str(ARTIFACTS / "graph.png"))
    assert (ARTIFACTS / "graph.png").stat().st_size > 10_000
