"""kg eval: scoring a graph against gold annotations, rule by rule of the contract.

Each test writes a tiny graph and one gold article. The people and events are invented.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from kg import ids
from kg.errors import DataFileError, GraphError, SourceError
from kg.evaluate import EvalResult, evaluate, normalise_name, read_gold, role_matches

FIXTURES = Path(__file__).parent / "fixtures" / "eval"

PREFIXES = """\
@base <https://w3id.org/ddkg/resource/> .
@prefix dd: <https://w3id.org/ddkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
"""

# Two people, two countries and a city, all mentioned by document a.txt.
WORLD = """
<doc/a.txt> a dd:Document ; dcterms:identifier "a.txt" ;
    dd:mentions <p/wolanski>, <p/caravaca>, <c/norwegen>, <c/chile>, <city/santiago> .
<p/wolanski> a dd:Person ; rdfs:label "Marek Wolanski"@de ; skos:altLabel "Wolanski"@de .
<p/caravaca> a dd:Person ; rdfs:label "Inés Caravaca"@de .
<c/norwegen> a dd:Country ; rdfs:label "Norwegen"@de ; dd:wikidataId "Q20" .
<c/chile> a dd:Country ; rdfs:label "Chile"@de ; dd:wikidataId "Q298" .
<city/santiago> a dd:City ; rdfs:label "Santiago de Chile"@de ; dd:country <c/chile> .
"""

ENTITIES = [
    {"id": "wolanski", "type": "Person", "label": "Marek Wolanski", "aliases": ["Wolanski"]},
    {"id": "caravaca", "type": "Person", "label": "Inés Caravaca", "aliases": ["Caravaca"]},
    {"id": "no", "type": "Country", "label": "Norwegen", "wikidata": "Q20"},
    {"id": "cl", "type": "Country", "label": "Chile", "wikidata": "Q298"},
    {"id": "scl", "type": "City", "label": "Santiago", "aliases": ["Santiago de Chile"]},
]
MEETING = {"type": "Meeting", "args": ["wolanski", "caravaca"]}


def score(tmp_path: Path, graph: str, *, events: Sequence[Any] = (), posts: Sequence[Any] = (),
          entities: list[Any] | None = None, doc: str = "a.txt") -> EvalResult:
    """Evaluate WORLD + ``graph`` against one gold article about a.txt."""
    (tmp_path / "graph.ttl").write_text(PREFIXES + WORLD + graph, encoding="utf-8")
    article = {"doc": doc, "entities": ENTITIES if entities is None else entities,
               "events": list(events), "posts": list(posts)}
    (tmp_path / "gold.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    return evaluate(tmp_path / "graph.ttl", [tmp_path / "gold.jsonl"])


def event(cls: str, name: str, *links: str, status: str = "") -> str:
    """An event node derived from a.txt, linked by dd:participant (or given 'prop <node>')."""
    objs = " ; ".join(link if " " in link else f"dd:participant {link}" for link in links)
    state = f' ; dd:status "{status}"' if status else ""
    return f"<e/{name}> a dd:{cls} ; prov:wasDerivedFrom <doc/a.txt> ; {objs}{state} .\n"


def post(person: str, role: str, where: str) -> str:
    slug = ids.slug(f"{role} {where}")
    return (f"{person} dd:holdsPost <post/{slug}> .\n"
            f"<post/{slug}> a dd:Post ; dd:role <role/{slug}> ; dd:postIn {where} .\n"
            f'<role/{slug}> a dd:Role ; rdfs:label "{role}"@de .\n')


# --- events ---------------------------------------------------------------------------------


def test_event_found_when_all_required_args_linked(tmp_path: Path) -> None:
    r = score(tmp_path, event("Meeting", "m", "<p/wolanski>", "<p/caravaca>"), events=[MEETING])
    assert (r.total.events_found, r.total.events_gold) == (1, 1)
    assert r.total.event_prf == (1.0, 1.0, 1.0)


def test_event_missing_one_required_arg_is_missed(tmp_path: Path) -> None:
    r = score(tmp_path, event("Meeting", "m", "<p/wolanski>", "<c/chile>"), events=[MEETING])
    assert r.total.events_found == 0
    assert "missed event: Meeting(Marek Wolanski, Inés Caravaca)" in r.render(verbose=True)


def test_event_linked_by_any_property_counts(tmp_path: Path) -> None:
    graph = event("Visit", "v", "dd:visitor <p/wolanski>", "dd:location <c/chile>")
    r = score(tmp_path, graph, events=[{"type": "Visit", "args": ["wolanski", "cl"]}])
    assert r.total.events_found == 1


def test_event_of_another_class_does_not_match(tmp_path: Path) -> None:
    r = score(tmp_path, event("Cooperation", "c", "<p/wolanski>", "<p/caravaca>"),
              events=[MEETING])
    assert r.total.events_found == 0


def test_event_derived_from_another_document_does_not_count(tmp_path: Path) -> None:
    graph = event("Meeting", "m", "<p/wolanski>", "<p/caravaca>").replace("doc/a.txt", "doc/b")
    r = score(tmp_path, graph, events=[MEETING])
    assert r.total.events_found == 0 and r.total.events_predicted == 0


def test_subclass_of_event_class_counts(tmp_path: Path) -> None:
    graph = ("dd:StateVisit rdfs:subClassOf dd:Visit .\n"
             + event("StateVisit", "v", "dd:visitor <p/wolanski>", "dd:destination <c/chile>"))
    r = score(tmp_path, graph, events=[{"type": "Visit", "args": ["wolanski", "cl"]}])
    assert r.total.events_found == 1


def test_any_of_list_arg(tmp_path: Path) -> None:
    gold = [{"type": "Visit", "args": ["wolanski", ["scl", "cl"]]}]
    to_city = event("Visit", "v", "dd:visitor <p/wolanski>", "dd:destination <city/santiago>")
    to_country = event("Visit", "v", "dd:visitor <p/wolanski>", "dd:destination <c/chile>")
    to_other = event("Visit", "v", "dd:visitor <p/wolanski>", "dd:destination <c/norwegen>")
    assert score(tmp_path, to_city, events=gold).total.events_found == 1
    assert score(tmp_path, to_country, events=gold).total.events_found == 1
    assert score(tmp_path, to_other, events=gold).total.events_found == 0


def test_optional_args_are_not_required(tmp_path: Path) -> None:
    gold = [{**MEETING, "optional_args": ["scl"]}]
    r = score(tmp_path, event("Meeting", "m", "<p/wolanski>", "<p/caravaca>"), events=gold)
    assert r.total.events_found == 1


def test_spurious_event_lowers_precision(tmp_path: Path) -> None:
    graph = (event("Meeting", "m", "<p/wolanski>", "<p/caravaca>")
             + event("Cooperation", "c", "<c/norwegen>", "<c/chile>"))
    r = score(tmp_path, graph, events=[MEETING])
    precision, recall, f1 = r.total.event_prf
    assert (precision, recall) == (0.5, 1.0)
    assert f1 == pytest.approx(2 / 3)
    assert "spurious event: Cooperation(participant=Norwegen, participant=Chile)" in (
        r.render(verbose=True))


def test_spurious_event_is_shown_with_its_evidence_sentence(tmp_path: Path) -> None:
    graph = event("Cooperation", "c", "<c/norwegen>", "<c/chile>",
                  "dd:evidence <doc/a.txt#char=0,30>") + (
        '<doc/a.txt#char=0,30> nif:referenceContext <doc/a.txt> ;'
        ' nif:anchorOf "Norwegen und Chile üben gemeinsam." .\n')
    text = score(tmp_path, graph).render(verbose=True)
    assert '"Norwegen und Chile üben gemeinsam."' in text


def test_negated_event_left_out_of_precision(tmp_path: Path) -> None:
    graph = (event("Meeting", "m", "<p/wolanski>", "<p/caravaca>")
             + event("Cooperation", "c", "<c/norwegen>", "<c/chile>", status="negated"))
    r = score(tmp_path, graph, events=[MEETING])
    assert r.total.event_prf[0] == 1.0
    assert r.total.events_negated == 1
    assert "1 negated events left out of event precision" in r.render()


def test_duplicate_event_counted(tmp_path: Path) -> None:
    graph = (event("Meeting", "m1", "<p/wolanski>", "<p/caravaca>")
             + event("Meeting", "m2", "<p/caravaca>", "<p/wolanski>", "<c/chile>"))
    r = score(tmp_path, graph, events=[MEETING])
    assert r.total.duplicates == 1
    assert r.total.events_found == 1
    assert "duplicate events 1" in r.render()


def test_planned_status_agreement_reported_but_not_required(tmp_path: Path) -> None:
    gold = [{**MEETING, "status": "planned"}]
    occurred = score(tmp_path, event("Meeting", "m", "<p/wolanski>", "<p/caravaca>"),
                     events=gold)
    planned = score(tmp_path, event("Meeting", "m", "<p/wolanski>", "<p/caravaca>",
                                    status="planned"), events=gold)
    assert occurred.total.events_found == 1 and occurred.total.planned_agree == 0
    assert planned.total.planned_agree == 1 and planned.total.status_agree == 1
    assert "planned: 1/1 found marked planned, 1 in gold" in planned.render()


# --- entities and persons -------------------------------------------------------------------


def test_entity_found_when_mentioned(tmp_path: Path) -> None:
    r = score(tmp_path, "")
    assert (r.total.entities_found, r.total.entities_gold) == (5, 5)


def test_entity_matched_by_wikidata_id(tmp_path: Path) -> None:
    entities = [{"id": "cl", "type": "Country", "label": "Republica de Chile", "wikidata": "Q298"}]
    r = score(tmp_path, "", entities=entities)
    assert r.total.entities_found == 1


def test_entity_matched_by_label_despite_case_spacing_and_dashes(tmp_path: Path) -> None:
    graph = ('<doc/a.txt> dd:mentions <p/ll> .\n'
             '<p/ll> a dd:Person ; rdfs:label "Jean\u2011Luc  Lemaire"@de .\n')
    entities = [{"id": "jl", "type": "Person", "label": "jean-luc lemaire"}]
    assert score(tmp_path, graph, entities=entities).total.entities_found == 1


def test_entity_not_mentioned_is_missed(tmp_path: Path) -> None:
    graph = '<c/peru> a dd:Country ; rdfs:label "Peru"@de .\n'
    entities = [{"id": "pe", "type": "Country", "label": "Peru"}]
    r = score(tmp_path, graph, entities=entities)
    assert r.total.entities_found == 0
    assert "missed entity: Country Peru (in the graph, not mentioned by this doc)" in (
        r.render(verbose=True))


def test_entity_found_as_argument_of_an_event_of_the_doc(tmp_path: Path) -> None:
    graph = ('<c/peru> a dd:Country ; rdfs:label "Peru"@de .\n'
             + event("Visit", "v", "dd:visitor <p/wolanski>", "dd:destination <c/peru>"))
    entities = [{"id": "pe", "type": "Country", "label": "Peru"}]
    assert score(tmp_path, graph, entities=entities).total.entities_found == 1


def test_spurious_person_lowers_person_precision(tmp_path: Path) -> None:
    graph = ('<doc/a.txt> dd:mentions <p/ghost> .\n'
             '<p/ghost> a dd:Person ; rdfs:label "Montag Abend"@de .\n')
    r = score(tmp_path, graph)
    assert (r.total.persons_correct, r.total.persons_predicted) == (2, 3)
    assert r.total.person_prf[:2] == (pytest.approx(2 / 3), 1.0)
    assert "spurious person: Montag Abend" in r.render(verbose=True)


def test_gold_person_found_only_as_a_dd_person(tmp_path: Path) -> None:
    graph = ('<doc/a.txt> dd:mentions <o/ruiz> .\n'
             '<o/ruiz> a dd:Organisation ; rdfs:label "Ana Ruiz"@de .\n')
    entities = [{"id": "ruiz", "type": "Person", "label": "Ana Ruiz"}]
    r = score(tmp_path, graph, entities=entities)
    assert r.total.entities_found == 1
    assert (r.total.persons_found, r.total.persons_gold) == (0, 1)


# --- posts ----------------------------------------------------------------------------------


def test_post_found_with_same_role_and_place(tmp_path: Path) -> None:
    r = score(tmp_path, post("<p/wolanski>", "Verteidigungsminister", "<c/norwegen>"),
              posts=[{"person": "wolanski", "role": "Verteidigungsminister", "of": ["no"]}])
    assert (r.total.posts_found, r.total.posts_gold) == (1, 1)


def test_post_role_inflected_forms_accepted(tmp_path: Path) -> None:
    graph = post("<p/caravaca>", "stellvertretende Generalsekretärin", "<c/chile>")
    gold = [{"person": "caravaca", "role": "stellvertretender Generalsekretär", "of": ["cl"]}]
    assert score(tmp_path, graph, posts=gold).total.posts_found == 1


def test_post_role_synonym_premier(tmp_path: Path) -> None:
    graph = post("<p/wolanski>", "Ministerpräsident", "<c/norwegen>")
    gold = [{"person": "wolanski", "role": "Premierminister", "of": ["no"]}]
    assert score(tmp_path, graph, posts=gold).total.posts_found == 1


def test_post_role_synonym_bundeskanzlerin_for_kanzler(tmp_path: Path) -> None:
    graph = post("<p/caravaca>", "Bundeskanzlerin", "<c/chile>")
    gold = [{"person": "caravaca", "role": "Kanzler", "of": ["cl"]}]
    assert score(tmp_path, graph, posts=gold).total.posts_found == 1


def test_post_role_needs_every_gold_word(tmp_path: Path) -> None:
    graph = post("<p/caravaca>", "Generalsekretärin", "<c/chile>")
    gold = [{"person": "caravaca", "role": "stellvertretender Generalsekretär", "of": ["cl"]}]
    r = score(tmp_path, graph, posts=gold)
    assert r.total.posts_found == 0
    assert "graph has: Generalsekretärin in Chile" in r.render(verbose=True)


def test_post_in_the_wrong_place_is_missed(tmp_path: Path) -> None:
    graph = post("<p/wolanski>", "Verteidigungsminister", "<c/chile>")
    gold = [{"person": "wolanski", "role": "Verteidigungsminister", "of": ["no"]}]
    assert score(tmp_path, graph, posts=gold).total.posts_found == 0


def test_post_in_an_organisation_of_the_gold_country_accepted(tmp_path: Path) -> None:
    graph = (post("<p/wolanski>", "Sprecher", "<o/mod>")
             + '<o/mod> a dd:Organisation ; rdfs:label "Forsvarsdepartementet"@de ;'
               ' dd:country <c/norwegen> .\n')
    gold = [{"person": "wolanski", "role": "Sprecher", "of": ["no"]}]
    assert score(tmp_path, graph, posts=gold).total.posts_found == 1


@pytest.mark.parametrize(("gold", "label", "expected"), [
    ("Präsident", "Präsidentin", True),
    ("Präsident", "Staatschef", True),
    ("Staatschef", "Präsident", True),
    ("Premier", "Regierungschefin", True),
    ("Außenminister", "Aussenministerin", True),
    ("Hoher Vertreter", "Hohe Vertreterin", True),
    ("Präsident", "Verteidigungsminister", False),
    ("Verteidigungsminister", "Minister", False),
    ("Kanzler", "Premierminister", False),
])
def test_role_matches(gold: str, label: str, expected: bool) -> None:
    assert role_matches(gold, label) is expected


def test_normalise_name_treats_typographic_variants_alike() -> None:
    assert normalise_name("\u201eO\u2019Neill\u201c  \u2013 Plan") == normalise_name(
        '"o\'neill" - plan')


# --- documents, files and errors ------------------------------------------------------------


def test_gold_doc_missing_from_graph_is_reported(tmp_path: Path) -> None:
    r = score(tmp_path, "", doc="z.txt")
    assert r.missing_docs == ("z.txt",)
    assert r.total.docs == 0 and r.total.entities_gold == 0
    assert "1 gold docs not in the graph, not scored: z.txt" in r.render()


def test_malformed_gold_line_names_file_and_line(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "a.txt", "entities": []}\n\n{"doc": "b.txt", "entities": [\n')
    with pytest.raises(DataFileError, match=r"gold\.jsonl:3: not valid JSON"):
        read_gold(gold)


def test_unknown_entity_id_in_gold_names_the_id(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "a.txt", "entities": ENTITIES,
                                "events": [{"type": "Meeting", "args": ["wolanski", "nobody"]}]}))
    with pytest.raises(DataFileError, match=r"gold\.jsonl:1: .*unknown entity id 'nobody'"):
        read_gold(gold)


def test_unknown_event_type_in_gold_is_an_error(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "a.txt", "events": [{"type": "Parade", "args": []}]}))
    with pytest.raises(DataFileError, match="unknown event type 'Parade'"):
        read_gold(gold)


def test_missing_gold_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="nope.jsonl"):
        read_gold(tmp_path / "nope.jsonl")


def test_missing_graph_file_is_a_graph_error(tmp_path: Path) -> None:
    with pytest.raises(GraphError, match="none.ttl"):
        evaluate(tmp_path / "none.ttl", [FIXTURES / "gold.jsonl"])


def test_unparsable_graph_is_a_graph_error(tmp_path: Path) -> None:
    (tmp_path / "bad.ttl").write_text("<a> <b> .\n")
    with pytest.raises(GraphError, match="bad.ttl"):
        evaluate(tmp_path / "bad.ttl", [FIXTURES / "gold.jsonl"])


def test_fixture_scores_and_json_summary() -> None:
    r = evaluate(FIXTURES / "graph.ttl", [FIXTURES / "gold.jsonl"])
    summary = r.as_dict()
    json.dumps(summary)  # machine-readable
    total = summary["total"]
    assert (total["events_found"], total["events_gold"], total["events_predicted"]) == (2, 2, 3)
    assert total["events_negated"] == 1
    assert total["posts_found"] == 2
    assert summary["files"][0]["missing_docs"] == ["gamma.txt"]


def test_cli_eval_prints_one_line_per_gold_file_and_the_total() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "eval", str(FIXTURES / "graph.ttl"),
         str(FIXTURES / "gold.jsonl"), "--verbose"],
        check=False, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert any(line.startswith("gold.jsonl (1 doc): entities R=1.00 (5/5)") for line in lines)
    assert ("all (1 doc): entities R=1.00 (5/5) | persons P=0.67 R=1.00 F1=0.80 | "
            "events P=0.67 R=1.00 F1=0.80 | posts R=1.00 | duplicate events 0") in lines
    assert any("spurious event: Delivery" in line and "Fregatten" in line for line in lines)


def test_cli_eval_malformed_gold_exits_1_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "g.jsonl").write_text("not json\n")
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "eval", str(FIXTURES / "graph.ttl"),
         str(tmp_path / "g.jsonl")], check=False, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "g.jsonl:1: not valid JSON" in proc.stderr
    assert "Traceback" not in proc.stderr
