"""The dossier a fact-checker opens first: ranked, bounded, sourced and filterable, in every format."""
from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from storyline.model import FindingKind
from storyline.present import cli, render
from storyline.present import dossier as D
from storyline.present.api import create_app
from storyline.present.cli import app
from storyline.present.export import export_corpus
from storyline.present.render import all_refs, chart_uris, dossier_html, dossier_markdown, figures
from storyline.present.words import counted
from storyline.reconcile.settings import SETTINGS

runner = CliRunner()


@pytest.fixture(scope="module")
def tanker(example_store):
    return D.build(example_store, D.largest_story(example_store) or "")


def _urls(example_store, d) -> dict[str, str]:
    return {a["id"]: a["url"] for a in d["articles"] if a["url"]}


def test_the_summary_opens_with_the_lead_and_one_agreement_does_not_displace_it(tanker):
    """The first screen opens with the story's lead (the openings most independent sources report),
    sentence by sentence, each naming its sources; a story with a single agreement statement still
    opens with its lead, not with that one fact."""
    lead = [x["text"] for x in tanker["story"]["lead"]]
    assert len(lead) == 2 and " ".join(lead) in tanker["story"]["summary"]
    assert [x["text"] for x in tanker["overview"]["sentences"][:2]] == lead
    plain = [a for a in tanker["agreements"] if a.get("statement")]
    # beside a lead, no agreement that leans on a sentence before it ("But it was …")
    leaning = [a for a in tanker["agreements"] if (a.get("statement") or "").split()[:1]
               and a["statement"].split()[0].lower() in SETTINGS.leaning_words and a["outlets"] >= 2]
    other = next(a for a in plain if a not in leaning and a["outlets"] >= 2 and not any(a["statement"] in t for t in lead))
    one_lead = {**tanker, "story": {**tanker["story"], "lead": tanker["story"]["lead"][:1]}, "agreements": [*leaning, other]}
    shown = [x["text"] for x in D.overview(one_lead)["sentences"]]
    assert leaning and shown == [lead[0], other["statement"]], "room for two more, and only one that stands alone"
    plain = [a for a in tanker["agreements"] if a.get("statement")]
    single = next(a for a in plain if not any(a["statement"] in t for t in lead))
    one = {**tanker, "agreements": [single]}
    one["overview"] = D.overview(one)
    assert [x["text"] for x in one["overview"]["sentences"]] == lead
    outlets = {a["outlet"] for a in tanker["articles"]}
    assert all(x["sources"] in outlets or re.fullmatch(r"\d+ outlets", x["sources"]) for x in one["overview"]["sentences"])
    text = dossier_markdown(one)
    summary = text.split("## Summary", 1)[1].split("\n## ", 1)[0]
    assert lead[0][:40] in summary and single["statement"][:40] not in summary


def test_sections_are_ranked(tanker):
    outlets = [a["outlets"] for a in tanker["agreements"]]
    assert outlets == sorted(outlets, reverse=True) and outlets[0] >= 3
    spec = [x["specificity"] for x in tanker["exclusives"]]
    assert spec == sorted(spec, reverse=True) and spec[0] > spec[-1]
    assert "40" in tanker["exclusives"][0]["about"]  # a figure and a name outrank a bare name
    assert [c["outlets"] for c in tanker["conflicts"]] == sorted((c["outlets"] for c in tanker["conflicts"]), reverse=True)


def test_overview_is_corroborated_and_counts_outlets(tanker):
    o = tanker["overview"]
    assert 2 <= len(o["sentences"]) <= 3 and all(x["outlets"] >= 2 and x["sources"] == f"{x['outlets']} outlets"
                                                 for x in o["sentences"])
    assert any("Skerrow Reef" in x["text"] for x in o["sentences"])
    assert all(x["text"][0].isupper() or x["text"][0].isdigit() for x in o["sentences"])
    assert {x["state"] for x in o["figures"]} <= {"agreed", "disputed", "evolving"} and o["figures"]
    assert o["counts"]["agreements"] == len(tanker["agreements"]) and o["counts"]["exclusives"] == len(tanker["exclusives"])
    by = {x["outlet"]: x for x in o["outlets"]}
    assert by["Northern Wire"]["articles"] == 1 and by["Northern Wire"]["first_published"] == "2025-06-12"
    assert sum(x["articles"] for x in o["outlets"]) == len(tanker["articles"])


def test_background_years_are_not_the_story():
    assert D._background("In 1998 a tanker sank here.", 2025, 1)
    assert not D._background("The ship sank on Tuesday, 2025.", 2025, 1)


def test_first_reported_is_time_zone_aware():
    refs = [{"outlet": "East", "published": "2025-06-12T01:00:00+00:00", "url": None, "article": "a", "anchor": "x",
             "start": 0, "end": 1},
            {"outlet": "West", "published": "2025-06-11T22:00:00-05:00", "url": None, "article": "b", "anchor": "y",
             "start": 0, "end": 1},  # 03:00 UTC on the 12th: later, though its local date is earlier
            {"outlet": "Undated", "published": None, "url": None, "article": "c", "anchor": "z", "start": 0, "end": 1}]
    first = D.first_reported(refs)
    assert first is not None and first["outlet"] == "East" and first["at"].endswith("+00:00")
    assert D.first_reported(refs[2:]) is None


def _ref(outlet: str, published: str | None) -> dict:
    return {"outlet": outlet, "published": published, "url": None, "article": outlet, "anchor": outlet,
            "start": 0, "end": 1}


def test_first_reported_orders_by_the_minute_and_ties_a_day_without_a_time():
    # 17:47 in New York is 21:47 UTC, before 23:26 UTC; a date alone does not stand for midnight
    first = D.first_reported([_ref("Late", "2016-07-14T23:26+00:00"), _ref("Early", "2016-07-14T17:47-04:00")])
    assert first is not None and first["outlets"] == ["Early"] and not first["tie"]
    assert first["at"] == "2016-07-14T17:47-04:00" and first["by"] == "Early"
    tied = D.first_reported([_ref("Timed", "2016-07-14T09:00+00:00"), _ref("Dated", "2016-07-14"),
                             _ref("Next day", "2016-07-15")])
    assert tied is not None and tied["tie"] and set(tied["outlets"]) == {"Timed", "Dated"}
    assert "Next day" not in tied["by"] and "not known" in tied["by"]
    # a report dated the day before is first, without a tie
    before = D.first_reported([_ref("Timed", "2016-07-14T09:00+00:00"), _ref("Dated", "2016-07-13")])
    assert before is not None and before["outlets"] == ["Dated"] and not before["tie"]


def test_filter_keeps_kind_outlet_minimum_and_cuts(tanker):
    f = D.make_filter(["agreement"], [], "3", "", "", "")
    kept = D.apply(tanker, f)
    assert kept["agreements"] and all(a["outlets"] >= 3 for a in kept["agreements"])
    assert not kept["conflicts"] and not kept["exclusives"] and not kept["timeline"]
    assert len(kept["agreements"]) < len(tanker["agreements"])
    gazette = D.apply(tanker, D.DossierFilter(outlets=frozenset({"Harbor Gazette"}), limit=0))
    for name in D.SECTIONS:
        for item in gazette[name]:
            assert any(r["outlet"] == "Harbor Gazette" for r in D.refs_of(name, item)), name
    cut = D.apply(tanker, D.DossierFilter(limit=2))
    assert len(cut["exclusives"]) == 2 and cut["more"]["exclusives"] == len(tanker["exclusives"]) - 2
    assert cut["exclusives"] == tanker["exclusives"][:2]  # the strongest kept
    assert D.apply(tanker, D.DossierFilter(limit=0))["more"] == {}
    late = D.apply(tanker, D.make_filter(since="2025-06-12", limit=0))
    assert all(any((r["published"] or "") >= "2025-06-12" for r in a["evidence"]) for a in late["agreements"])
    with pytest.raises(ValueError, match="unknown finding kind"):
        D.make_filter(["rumour"])
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        D.make_filter(since="June")
    assert D.make_filter(["conflict"], limit=0).query() == {"kind": ["conflict"], "limit": 0}
    assert D.make_filter(["conflict"]).kinds == frozenset({FindingKind.CONFLICT})


def test_every_finding_in_every_format_carries_its_article_url(example_store, tanker, monkeypatch):
    urls = _urls(example_store, tanker)
    assert urls  # the JSONL articles of the example corpus have one
    refs = all_refs(tanker)
    with_url = [r for r in refs if r["article"] in urls]
    assert with_url and all(r["url"] == urls[r["article"]] for r in refs if r["article"] in urls)
    assert all(r["url"] is None for r in refs if r["article"] not in urls)
    full = D.apply(tanker, D.DossierFilter(limit=0))
    html = dossier_html(example_store, full)
    md = dossier_markdown(full)
    for r in with_url:  # each piece of evidence: its words, then the original article beside them
        assert re.search(re.escape(r["text"][:40].replace('"', "&#34;")) + r".*?" + re.escape(r["url"]), html,
                         re.S), r["text"]
        assert r["url"] in md
    monkeypatch.setattr(cli.out, "_width", 2000)  # one line per piece of evidence
    res = runner.invoke(app, ["report", tanker["story"]["id"], "--limit", "0", "--db", example_store.url])
    assert res.exit_code == 0, res.output
    seen = 0
    for line in res.output.splitlines():
        for r in with_url:
            if r["text"] in line and f"{r['outlet']} · " in line:
                seen += 1
                assert r["url"] in line, line
    assert seen >= len({r["anchor"] for r in with_url})


def test_report_fits_a_first_screen_and_takes_filters(example_store, tanker):
    sid = tanker["story"]["id"]
    res = runner.invoke(app, ["report", sid, "--db", example_store.url], terminal_width=100)
    assert res.exit_code == 0, res.output
    first_screen = "\n".join(res.output.splitlines()[:24])
    assert tanker["overview"]["sentences"][0]["text"][:30] in first_screen.replace("\n", " ")
    assert "agreements" in first_screen and "Northern Wire" in first_screen
    assert "more (--limit 0 for all)" in res.output
    only = runner.invoke(app, ["report", sid, "--kind", "agreement", "--min-outlets", "4", "--limit", "1",
                               "--db", example_store.url], terminal_width=100)
    assert only.exit_code == 0, only.output
    body = only.output.split("Agreements", 1)[1]
    assert "Conflicts" not in body and "Only one outlet" not in body and body.count("• ") == 1
    bad = runner.invoke(app, ["report", sid, "--kind", "rumour", "--db", example_store.url])
    assert bad.exit_code == 2 and "unknown finding kind" in bad.output


def test_api_and_page_take_the_same_filter(example_store, tanker):
    client = TestClient(create_app(example_store.url))
    sid = tanker["story"]["id"]
    q = "kind=agreement&kind=exclusive&outlet=Harbor+Gazette&min_outlets=&since=&until=&limit=1"
    api = client.get(f"/api/stories/{sid}?{q}").json()
    assert api == client.get(f"/stories/{sid}.json?{q}").json()
    assert len(api["exclusives"]) == 1 and api["more"]["exclusives"] >= 1 and not api["conflicts"]
    assert api["filter"] == {"kind": ["agreement", "exclusive"], "outlet": ["Harbor Gazette"], "limit": 1}
    html = client.get(f"/stories/{sid}?{q}").text
    assert f"/stories/{sid}?kind=agreement&amp;kind=exclusive&amp;outlet=Harbor+Gazette&amp;limit=0#exclusives" in html
    assert 'value="exclusive" checked' in html
    assert client.get(f"/api/stories/{sid}?kind=rumour").status_code == 422
    assert client.get(f"/api/stories/{sid}?since=yesterday").status_code == 422


def test_markdown_writes_the_charts_beside_it(example_store, tanker, tmp_path: Path):
    md = dossier_markdown(tanker, charts=tmp_path, stem="tanker")
    pngs = sorted(p.name for p in tmp_path.glob("*.png"))
    assert "tanker-coverage.png" in pngs and "tanker-timeline.png" in pngs
    for name in pngs:
        assert f"]({name})" in md and (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert md.index("## Summary") < md.index("## Figures") < md.index("## Conflicts")


def test_html_dossier_is_bounded_and_every_section_reachable(example_store, tanker):
    html = dossier_html(example_store, D.apply(tanker, D.DossierFilter(limit=3)))
    for name, n in tanker["overview"]["counts"].items():
        if n:
            assert f'href="#{name}"' in html and f'id="{name}"' in html, name
    assert "--all</code> writes every finding" in html
    assert html.count('<img class="chart" src="data:image/svg+xml;base64,') >= 2


def test_figures_draw_what_the_data_allows():
    ref = {"article": "a1", "outlet": "Wire", "start": 0, "end": 5, "text": "Forty people died.", "anchor": "a-a1-0",
           "url": "https://wire.example/1"}
    d = {"agreements": [], "overview": {"outlets": []},
         "timeline": [{"date": "2025-06-10", "event": "strike", "about": "", "evidence": [ref]},
                      {"date": None, "event": "say", "about": "", "evidence": [ref]}],
         "evolving": [{"measure": "people · kill", "series": [
             {**ref, "published": "2025-06-10T08:00:00+02:00", "number": 40.0, "value": "40"},
             {**ref, "outlet": "Post", "published": "2025-06-11", "number": 52.0, "value": "52"}]}]}
    figs = figures(d)
    assert set(figs) == {"timeline", "evolving-0"}  # no statements, no matrix; the undated event left out
    uris = chart_uris(d)
    assert [u["name"] for u in uris] == ["timeline", "evolving-0"]
    drawn = base64.b64decode(uris[1]["src"].split(",", 1)[1]).decode()
    assert drawn.startswith("<svg") and "Post" in drawn and "Wire" in drawn  # one mark per report, by outlet
    timeline = base64.b64decode(uris[0]["src"].split(",", 1)[1]).decode()
    assert "Forty people died." in timeline and "strike:" not in timeline  # the sentence, not its verb's lemma
    assert figures({"agreements": [], "overview": {"outlets": []}, "timeline": [], "evolving": []}) == {}
    # the same charts asked again (a page reloaded) are not drawn again
    hits = render._svg_uri.cache_info().hits
    assert chart_uris(d) == uris and render._svg_uri.cache_info().hits == hits + 2


def test_every_finding_says_why_it_was_made(tanker):
    """Confidence shown honestly: the values compared, the similarity, the independent outlets."""
    sections = ("conflicts", "agreements", "compatible", "evolving", "disputed", "variants", "exclusives", "timeline")
    items = [(name, f) for name in sections for f in tanker[name]]
    assert items and all(f["why"] for _, f in items)
    conflict = next(f for name, f in items if name == "conflicts")
    assert "compared" in conflict["why"]
    clause = next(f for name, f in items if name == "agreements" and not f["figure"] and "cosine" in f["why"])
    cos = float(re.search(r"cosine (\d\.\d\d)", clause["why"]).group(1))
    assert 0.3 <= cos <= 1.0 and f"{clause['outlets']} independent outlets" in clause["why"]


def test_why_is_in_every_format(example_store, tanker):
    md = dossier_markdown(tanker)
    html = dossier_html(example_store, tanker)
    for f in tanker["agreements"][:3]:
        assert f["why"] in html.replace("&#39;", "'")
    assert md.count("_Why: ") >= len(tanker["agreements"]) + len(tanker["conflicts"])


def test_the_story_summary_is_worded_here_from_the_stored_lead(example_store, tanker):
    """Reconcile stores the lead sentence only; present/ adds the articles, outlets and counts."""
    s = D.resolve_story(example_store, tanker["story"]["id"])
    lead = s["summary"]
    assert lead and " — " not in lead and "agreements" not in lead
    found = example_store.findings(s["id"])
    agreements = sum(1 for f in found if f.kind is FindingKind.AGREEMENT)
    summary = tanker["story"]["summary"]
    n = len(s["articles"])
    assert summary.startswith(lead + f" — {n} article{'' if n == 1 else 's'} from ")
    assert f"; {agreements} agreements, " in summary
    assert D.story_row(example_store, s)["summary"] == summary
    # the corpus export's summary is the lead sentences alone: its counts are its sections
    (exported,) = [x for x in export_corpus(example_store)["stories"] if x["id"] == s["id"]]
    assert exported["summary"] == lead


def test_counts_are_worded_in_the_singular_and_plural():
    assert (counted(1, "article"), counted(3, "article"), counted(1200, "outlet")) == ("1 article", "3 articles", "1,200 outlets")


def test_a_key_figure_says_what_it_counts():
    from storyline.model import Quantity  # noqa: PLC0415
    from storyline.present.dossier import _says_what  # noqa: PLC0415

    assert not _says_what(Quantity(30))  # "Martin Bamford, 30, a passenger"
    assert _says_what(Quantity(7, counted="people", measure="kill"))
    assert _says_what(Quantity(19, unit="t", counted="truck"))  # "a 19-ton truck"
    assert not _says_what(Quantity(6, unit="%"))  # "rising 6%": of what, since when?
    assert not _says_what(Quantity(12, unit="mph")) and not _says_what(Quantity(42, unit="year"))  # of what, whom?
    assert _says_what(Quantity(6, unit="%", counted="shares", measure="fall"))


def test_a_name_or_an_abbreviation_has_no_plural_made_by_rule():
    from storyline.present.words import plural  # noqa: PLC0415

    assert plural("member", 2) == "members" and plural("person", 2) == "people"
    assert plural("mph", 12) == "mph" and plural("km", 3) == "km"
    assert plural("Route", 2) == "Route"


def test_the_coverage_grid_rows_are_statements_or_figures_that_say_what_they_measure(tanker):
    rows = render.chart_specs(tanker)["coverage"].statements
    bare_figures = [a["about"] for a in tanker["agreements"] if a["figure"] and not a["key_figure"]]
    assert bare_figures and not set(bare_figures) & set(rows)  # "20 years": of what?
    assert "rescued: 23 members" in rows
