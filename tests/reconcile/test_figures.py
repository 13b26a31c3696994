"""Figures followed over time (``reconcile.figures``), on our own fictional breaking story: a toll
that rises within one day, told with other words each time; a background figure of an older
accident; a live report whose entries move a figure; two weights of one truck that contradict."""
from __future__ import annotations

import pytest

from storyline import pipeline
from storyline.ingest import iter_inputs
from storyline.model import VALUE_MEASURE, Bound, EvolvingFacts, FindingKind, Quantity
from storyline.present.words import describe, why
from storyline.reconcile import clock as K
from storyline.reconcile import figures as G
from storyline.reconcile.story import load_articles
from storyline.store import Store
from tests.support.gen import article_record

_record = article_record


SCENE = "The ferry Kestrel capsized in a squall off Orsk harbour on Tuesday morning with 140 passengers aboard"
KESTREL = [
    _record("Orsk Herald", "2031-03-04T08:10:00+01:00", "Ferry capsizes off Orsk", [
        f"At least five people are dead after {SCENE[4:]}, the coastguard said.",
        "It was the worst ferry accident on the coast since 2009, when 31 people were killed in a winter storm.",
        "Lifeboats from Orsk and Vell pulled survivors from the cold water through the morning.",
        "The harbour master, Petra Lund, said the squall had come up within minutes."]),
    _record("Coast Wire", "2031-03-04T13:05:00+01:00", "Seven dead as Orsk ferry capsizes", [
        f"Seven people were killed when {SCENE[4:]}, the coastguard said on Tuesday.",
        "Lifeboats from Orsk and Vell pulled survivors from the water, and a helicopter searched the bay.",
        "Harbour master Petra Lund said the squall had come up within minutes and turned the ferry over.",
        "The ferry company said it would publish the passenger list once families had been told."]),
    _record("Northern Times", "2031-03-04T21:40:00+01:00", "Kestrel toll rises to nine", [
        f"The coastguard said on Tuesday evening that nine people had died after {SCENE[4:]}.",
        "Divers searched the hull of the Kestrel in the afternoon and the helicopter flew until dark.",
        "Harbour master Petra Lund said the squall had come up within minutes.",
        "The ferry company said it would publish the passenger list on Wednesday."]),
]
LIVE = _record("Bay Live", "2031-03-05", "Live: the Orsk ferry disaster", [
    "Rescuers resumed the search off Orsk harbour on Wednesday for passengers of the capsized ferry Kestrel.",
    "Here are the latest updates.",
    "4.30 p.m.: The coastguard says 12 people were killed when the Kestrel capsized off Orsk harbour.",
    "Divers recovered more bodies from the hull in the early afternoon, officials said.",
    "11.05 a.m.: The coastguard says ten people were killed when the Kestrel capsized off Orsk harbour.",
    "The search resumed at first light with two lifeboats and a helicopter over the bay."])


def _ingest(tmp_path_factory, name: str, records: list[str]) -> Store:
    d = tmp_path_factory.mktemp(name)
    (d / "in.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    store = Store(f"sqlite:///{d / 'db.sqlite'}")
    summary = pipeline.ingest(iter_inputs([str(d / "in.jsonl")], 10**7), store)
    assert summary.ok and summary.ingested == len(records)
    return store


def _conflicts(tmp_path_factory, name: str, records: list[str]) -> list:
    """The conflicts of the one story ``records`` make."""
    store = _ingest(tmp_path_factory, name, records)
    (story,) = store.stories()
    return [f for f in store.findings(story["id"]) if f.kind is FindingKind.CONFLICT]


@pytest.fixture(scope="module")
def kestrel(tmp_path_factory):
    store = _ingest(tmp_path_factory, "kestrel", KESTREL)
    (story,) = [s for s in store.stories() if len(s["articles"]) == 3]
    return store, store.findings(story["id"])


def test_a_toll_told_three_ways_in_one_day_is_one_evolving_figure(kestrel):
    _, found = kestrel
    (evolving,) = [f for f in found if f.kind is FindingKind.EVOLVING]
    facts = evolving.facts
    assert isinstance(facts, EvolvingFacts) and facts.measure == "kill"
    assert [p.quantity.value for p in facts.series] == [5, 7, 9]
    # to the minute, with the zone each outlet gave: the order is the order of the reports
    assert [p.published for p in facts.series] == ["2031-03-04T08:10+01:00", "2031-03-04T13:05+01:00",
                                                  "2031-03-04T21:40+01:00"]
    assert not [f for f in found if f.kind is FindingKind.CONFLICT], "a rising toll is never a conflict"


def test_the_toll_of_an_older_accident_is_no_report_of_this_one(kestrel):
    _, found = kestrel
    for f in found:
        if f.kind in {FindingKind.EVOLVING, FindingKind.CONFLICT, FindingKind.COMPATIBLE}:
            assert not any("2009" in e.text for e in f.evidence), f


def test_a_live_report_moves_its_figure_from_entry_to_entry(tmp_path_factory):
    store = _ingest(tmp_path_factory, "live", [LIVE])
    (story,) = store.stories()
    (evolving,) = [f for f in store.findings(story["id"]) if f.kind is FindingKind.EVOLVING]
    assert isinstance(evolving.facts, EvolvingFacts)
    # the entries run newest first on the page; the series runs by their times
    assert [(p.published, p.quantity.value) for p in evolving.facts.series] == [("2031-03-05T11:05", 10),
                                                                               ("2031-03-05T16:30", 12)]


@pytest.mark.parametrize("earlier, later, restated", [
    (Quantity(51), Quantity(50, Bound.AT_LEAST), True),  # "more than 50" after 51: the same count
    (Quantity(50, Bound.AT_LEAST), Quantity(51), True),  # 51 after "more than 50": what it stood for
    (Quantity(5, Bound.AT_LEAST), Quantity(7), False),  # "at least five", then seven: the toll rose
    (Quantity(58), Quantity(59, Bound.AT_LEAST), False),
    (Quantity(98), Quantity(100, Bound.APPROX), True),
])
def test_a_looser_or_exacter_restatement_is_no_move(earlier, later, restated):
    assert G.restates(earlier, later) is restated


@pytest.mark.parametrize("q, frame", [
    (Quantity(7, counted="people", measure="kill"), ("", "kill", "")),
    (Quantity(77, counted="death toll"), ("", "kill", "")),
    (Quantity(4, counted="people", measure="seriously injure"), ("", "seriously injure", "")),
    (Quantity(143e6, counted="consumer", measure="affect"), ("", "affect", "consumer")),
    (Quantity(4, counted="crew"), None),  # what happened to the crews is not said: no figure to follow
])
def test_a_figure_is_framed_by_what_happened_to_what(q, frame):
    assert G.frame(q) == frame


TRUCK = [
    _record("Orsk Herald", "2031-05-02T09:00:00+02:00", "Truck crashes into Orsk market", [
        "A 19-ton truck crashed into the Orsk spring market on Friday morning, injuring several stallholders, police said.",
        "The driver of the truck was detained at the scene and questioned by police in Orsk.",
        "Market traders said the truck had come down the hill without braking."]),
    _record("Coast Wire", "2031-05-02T10:30:00+02:00", "Truck ploughs into Orsk market", [
        "Police in Orsk said a 25-tonne truck ploughed into stalls at the spring market early on Friday.",
        "Witnesses described fruit and flowers scattered across the square as shoppers ran for cover.",
        "An ambulance took three stallholders to hospital, and the driver was held for questioning."]),
]


def test_two_weights_of_one_truck_at_one_time_are_a_conflict(tmp_path_factory):
    conflicts = _conflicts(tmp_path_factory, "truck", TRUCK)
    assert len(conflicts) == 1 and sorted("19-ton" in e.text for e in conflicts[0].evidence) == [False, True]


LAUNCHES = [
    _record("Orsk Herald", "2031-06-06T09:00:00+02:00", "Varn fires second rocket this week", [
        "Varn fired a long-range rocket over the Orsk strait on Friday morning, the defence ministry said.",
        "The rocket fired on Friday flew 3,700 kilometres before falling into the sea east of Vell, the ministry said.",
        "It was the second launch this week, and ministers called an emergency meeting in Orsk."]),
    _record("Coast Wire", "2031-06-06T11:30:00+02:00", "Varn rocket flies over Orsk strait", [
        "Varn launched a long-range rocket over the Orsk strait on Friday, the defence ministry said.",
        "The rocket fired on Tuesday flew 950 kilometres before falling into the sea west of Vell, the ministry said.",
        "Ministers called an emergency meeting in Orsk after the second launch in one week."]),
]


def test_two_launches_in_one_week_are_not_compared(tmp_path_factory):
    """Two rockets, each said to have flown a distance, one on Tuesday and one on Friday: two
    occurrences, so their distances are neither a conflict nor two tellings of one figure."""
    store = _ingest(tmp_path_factory, "launches", LAUNCHES)
    (story,) = store.stories()
    found = store.findings(story["id"])
    paired = [f for f in found if f.kind in (FindingKind.CONFLICT, FindingKind.COMPATIBLE)]
    assert not paired  # before the rule: "day of the fire: Friday vs Tuesday"


def test_a_story_lead_is_whole_opening_sentences_other_sources_report_never_a_caption():
    import numpy as np  # noqa: PLC0415

    from storyline.reconcile import article as F  # noqa: PLC0415
    from storyline.reconcile.story import title_and_lead  # noqa: PLC0415

    def art(aid: str, outlet: str, published: str, sentences: list[str], vec: list[float]) -> F.Article:
        body, sents = "", []
        for n, text in enumerate(sentences):
            sents.append(F.Sent(aid, n, len(body), len(body) + len(text), text, np.array(vec, dtype=np.float32)))
            body += text + " "
        a = F.Article(aid, outlet, f"title {aid}", published, body, sents, [], [], [])
        a.source = hash(outlet)
        return a

    caption = art("a", "Orsk Herald", "2031-03-04T08:00", [
        "An image taken from a video posted online shows the ferry Kestrel on its side off Orsk.",
        "The ferry Kestrel capsized off Orsk harbour on Tuesday morning, the coastguard said."], [1, 0, 0])
    later = art("b", "Coast Wire", "2031-03-04T20:00", [
        "Nine people were killed when the ferry Kestrel capsized off Orsk harbour, the coastguard said."], [0.6, 0.8, 0])
    months_on = art("c", "Bay Post", "2031-09-01T09:00", [
        "An inquiry into the sinking of the ferry Kestrel opened in Orsk on Monday, six months on."], [0.6, 0, 0.8])
    _, lead = title_and_lead([caption, later, months_on])
    assert lead == ("The ferry Kestrel capsized off Orsk harbour on Tuesday morning, the coastguard said. "
                    "Nine people were killed when the ferry Kestrel capsized off Orsk harbour, the coastguard said.")
    # what most sources report first leads, though another article is more central: two more
    # outlets open with the toll, none with the inquiry
    echo = [art(k, o, "2031-03-05T09:00", ["Nine died as the Kestrel capsized off Orsk harbour, the coastguard said."],
                [0.55, 0.83, 0.1]) for k, o in (("d", "Harbour Times"), ("e", "Valley News"))]
    inquiry = art("f", "Orsk Daily", "2031-03-04T07:00",
                  ["Orsk opened an inquiry into ferry safety on the harbour routes on Tuesday."], [0, 0, 1])
    _, lead = title_and_lead([inquiry, later, *echo])
    assert lead == "Nine people were killed when the ferry Kestrel capsized off Orsk harbour, the coastguard said."


# a price the parse reads as the value of the company's shares ("were trading at $41.20"), moving
# through three reports, with a number that names (the "Model 4" press) in each
SHARES = [
    _record("Orsk Herald", "2031-06-10T09:00:00+02:00", "Kestrel Lines shares slide", [
        "Shares of Kestrel Lines were trading at $41.20 on Tuesday morning after the ferry inquiry opened in Orsk.",
        "The company's Model 4 ferries were withdrawn from the Vell crossing pending the inquiry.",
        "Analysts in Orsk said the inquiry could take months."]),
    _record("Coast Wire", "2031-06-10T13:00:00+02:00", "Kestrel Lines falls further", [
        "Kestrel Lines shares were trading at $37.80 at midday as the ferry inquiry in Orsk heard its first witnesses.",
        "The Model 5 ferries of a rival line kept sailing on the Vell crossing.",
        "The harbour master, Petra Lund, gave evidence for two hours."]),
    _record("Northern Times", "2031-06-10T17:30:00+02:00", "Kestrel Lines closes lower", [
        "Shares in Kestrel Lines closed trading at $35.10 on Tuesday after the first day of the ferry inquiry in Orsk.",
        "Lawyers for the families asked the inquiry to see the ferry's maintenance log.",
        "The inquiry resumes on Wednesday."]),
]


def _evolving(store: Store, size: int) -> list:
    (story,) = [s for s in store.stories() if len(s["articles"]) == size]
    return [f for f in store.findings(story["id"]) if f.kind is FindingKind.EVOLVING]


def test_a_price_is_followed_as_the_value_of_what_it_prices(tmp_path_factory):
    evolving = _evolving(_ingest(tmp_path_factory, "shares", SHARES), 3)
    assert len(evolving) == 1 and isinstance(evolving[0].facts, EvolvingFacts)
    facts = evolving[0].facts
    assert [p.quantity.value for p in facts.series] == [41.2, 37.8, 35.1]
    assert facts.measure == VALUE_MEASURE and facts.counted == "kestrel lines share"
    assert describe(evolving[0]) == "kestrel lines share over time: $41.20 → $37.80 → $35.10"
    assert not any("Model" in e.text for f in evolving for e in f.evidence), "a number in a name is no figure"
    # two reports of a price the parse names are a series already: the value of one named thing
    assert [p.quantity.value for p in _evolving(_ingest(tmp_path_factory, "two_shares", SHARES[:2]), 2)[0]
            .facts.series] == [41.2, 37.8]


# counts the parse gives no measure of ("heard 41 witnesses"): two alike are too often two things
WITNESSES = [
    _record("Orsk Herald", "2031-06-11T09:00:00+02:00", "Ferry inquiry hears witnesses", [
        "The ferry inquiry in Orsk heard 41 witnesses on its second day as families waited outside the hall.",
        "The harbour master, Petra Lund, is to give evidence next week.",
        "Analysts in Orsk said the inquiry could take months."]),
    _record("Coast Wire", "2031-06-11T18:00:00+02:00", "Ferry inquiry day two", [
        "The ferry inquiry in Orsk heard 37 witnesses on its second day as families waited outside the hall.",
        "Lawyers for the families asked the inquiry to see the ferry's maintenance log.",
        "The inquiry resumes on Thursday."]),
]


def test_two_reports_of_a_figure_no_parse_frames_are_not_followed(tmp_path_factory):
    """Two numbers that look alike are too often two things ("six laps later" / "the opening seven
    laps"): a figure the parse gives no measure of is followed from its third report on."""
    assert not _evolving(_ingest(tmp_path_factory, "witnesses", WITNESSES), 2)


# a count of a named population the parse gives no measure of: two reports are one figure already
CUSTOMERS = [
    _record("Orsk Herald", "2031-06-11T09:00:00+02:00", "Vell bank breach", [
        "Vellbank said the records of fewer than 40,000 Orsk customers were taken in the breach of its servers.",
        "The bank said it had closed the gap in its systems and told the police in Orsk.",
        "Customers were told to change their passwords."]),
    _record("Coast Wire", "2031-06-20T18:00:00+02:00", "Vell bank breach bigger than thought", [
        "Vellbank said the records of almost 70,000 Orsk customers were taken in the breach of its servers.",
        "The bank said it would write to every customer whose records were taken.",
        "Regulators in Orsk said they were looking into the breach."]),
]


def test_two_reports_of_a_count_of_a_named_population_are_followed(tmp_path_factory):
    """ "fewer than 40,000 Orsk customers", then "almost 70,000 Orsk customers": a count of one
    named group, so two reports make a series, where two counts of a bare noun do not (above)."""
    (evolving,) = _evolving(_ingest(tmp_path_factory, "customers", CUSTOMERS), 2)
    assert [p.quantity.value for p in evolving.facts.series] == [40000, 70000]
    assert describe(evolving) == "Orsk customers over time: fewer than 40,000 → almost 70,000"


@pytest.mark.parametrize("after, counted, population", [
    (' UK consumers" had', "consumer", "UK"),
    (" New Zealand troops", "troop", "New Zealand"),
    (" consumers in the US", "consumer", ""),  # no proper word before the noun
    (" of 71 laps", "lap", ""),
    (" Vell", None, ""),  # the number counts no noun
])
def test_the_population_a_count_names(after, counted, population):
    assert G._population(after, counted) == population


def test_a_figure_no_parse_frames_is_grouped_by_its_counted_kind():
    assert G._counted_kind(Quantity(3, counted="Americans")) == "people"
    assert G._counted_kind(Quantity(3, counted="victim")) == "people"
    assert G._counted_kind(Quantity(3, counted="lap")) == "lap"
    assert G._counted_kind(Quantity(3)) == ""


BACKGROUND = [
    _record("Orsk Herald", "2031-07-01T09:00:00+02:00", "Ferry fire in Orsk harbour", [
        "A fire broke out on the ferry Tern in Orsk harbour on Tuesday, and the crew were evacuated.",
        "It was the first ferry fire in Orsk since 2009, when 31 people were killed in a fire on the Kestrel.",
        "The harbour master, Petra Lund, said the fire was put out within an hour."]),
    _record("Coast Wire", "2031-07-01T11:00:00+02:00", "Orsk ferry fire put out", [
        "Fire crews put out a fire on the ferry Tern in Orsk harbour on Tuesday after the crew were evacuated.",
        "The last ferry fire in Orsk was in 2009, when 31 people were killed on the Kestrel.",
        "Harbour master Petra Lund said the fire was out within an hour."]),
]


def test_a_figure_of_an_older_occurrence_is_no_agreement_of_this_story(tmp_path_factory):
    store = _ingest(tmp_path_factory, "background", BACKGROUND)
    (story,) = [s for s in store.stories() if len(s["articles"]) == 2]
    figures = [f for f in store.findings(story["id"]) if f.kind is FindingKind.AGREEMENT
               and f.facts.quantity is not None]
    assert not any("2009" in e.text for f in figures for e in f.evidence), figures


# a live report that runs its entries on inside one paragraph, newest first, about a price that
# falls and recovers; the lead names the coin by its ticker and gives a bound before the price
ORSKCOIN = _record("Vell Markets", "2031-07-02T09:00:00+02:00", "Orskcoin live: the slide and the rebound", [
    "Orskcoin fell sharply overnight after the Orsk exchange halted withdrawals. After dipping to below $50, "
    "OSC is now priced at $52.40, a loss of $8 on the day so far. Traders in Vell said the sell-off began "
    "late on Tuesday.",
    "3.40pm - UPDATE - Buyers return. Orskcoin is currently valued at $57.10. 1.15pm - UPDATE - A partial "
    "recovery. OSC is now priced at $55.30 on the Orsk exchange. 11.20am - UPDATE - Losses deepen. "
    "OSC is now priced at $49.80 on the Orsk exchange.",
    "The exchange said withdrawals would resume on Thursday."])


def test_a_price_is_followed_up_and_down_through_entries_run_on_in_one_paragraph(tmp_path_factory):
    (evolving,) = _evolving(_ingest(tmp_path_factory, "orskcoin", [ORSKCOIN]), 1)
    facts = evolving.facts
    assert isinstance(facts, EvolvingFacts) and facts.measure == VALUE_MEASURE and facts.counted == "orskcoin"
    # the ticker is the coin; "below $50" is a bound, the price is $52.40; a price may go either way
    assert [(p.published, p.quantity.value) for p in facts.series] == [
        ("2031-07-02T09:00+02:00", 52.4), ("2031-07-02T11:20", 49.8), ("2031-07-02T13:15", 55.3),
        ("2031-07-02T15:40", 57.1)]


@pytest.mark.parametrize("holders, named", [
    ({"OSC", "orskcoin"}, {"OSC": "orskcoin"}),
    ({"KL", "Kestrel Lines"}, {"KL": "kestrel lines"}),
    ({"OSC", "Vell"}, {}),  # not its letters
    ({"OSC"}, {}),
])
def test_a_holder_written_as_an_abbreviation_is_the_holder_it_abbreviates(holders, named):
    assert G._acronyms(holders) == named


# a page stamped in the morning whose text was updated that evening: its toll stands ahead of the
# looser reports that came after it
STALE = [
    _record("Orsk Herald", "2031-03-04T08:10:00+01:00", "Ferry capsizes off Orsk", [
        f"Nine people were killed when {SCENE[4:]}, the coastguard said.",
        "Lifeboats from Orsk and Vell pulled survivors from the cold water through the morning."]),
    _record("Coast Wire", "2031-03-04T13:05:00+01:00", "Dead as Orsk ferry capsizes", [
        f"At least seven people were killed when {SCENE[4:]}, the coastguard said on Tuesday.",
        "Lifeboats from Orsk and Vell pulled survivors from the water, and a helicopter searched the bay."]),
    _record("Northern Times", "2031-03-04T21:40:00+01:00", "Kestrel toll rises to nine", [
        f"The coastguard said on Tuesday evening that nine people had died after {SCENE[4:]}.",
        "Divers searched the hull of the Kestrel in the afternoon and the helicopter flew until dark."]),
]


def test_a_report_that_stands_ahead_of_later_looser_ones_is_left_out_of_the_series(tmp_path_factory):
    (evolving,) = _evolving(_ingest(tmp_path_factory, "stale", STALE), 3)
    assert isinstance(evolving.facts, EvolvingFacts)
    assert [p.quantity.value for p in evolving.facts.series] == [7, 9]
    assert [p.outlet for p in evolving.facts.series] == ["Coast Wire", "Northern Times"]


# one event told at two exact times of one day by two outlets; a third tells it loosely
CLOCK = [
    _record("Orsk Herald", "2031-08-01T09:00:00+02:00", "Truck drives into Orsk crowd", [
        "A truck drove into the crowd watching the fireworks on the Orsk promenade at 10:30 p.m. on Thursday, police said.",
        "The driver, a 41-year-old delivery man from Vell, was arrested at the scene.",
        "Hospitals in Orsk treated dozens of people for broken bones and cuts overnight.",
        "The mayor, Lena Dahl, called it the darkest night in the history of the town.",
        "Flags on the town hall will fly at half mast until Sunday."]),
    _record("Coast Wire", "2031-08-01T10:30:00+02:00", "Orsk promenade truck attack", [
        "A truck drove into the crowd watching the fireworks on the Orsk promenade at 10:45 p.m. on Thursday, police said.",
        "Witnesses said the lorry swerved from side to side as families ran for the beach.",
        "Prosecutors in Vell have opened an inquiry into the driver's background.",
        "The festival's remaining concerts were cancelled by the organisers on Friday.",
        "Rail operators added extra trains out of Orsk for visitors leaving early."]),
    _record("Northern Times", "2031-08-01T11:00:00+02:00", "Orsk truck: what we know", [
        "A truck drove into the crowd watching the fireworks on the Orsk promenade at about 10:40 p.m. on Thursday, police said.",
        "A blood drive at the Orsk sports hall drew long queues by Friday lunchtime.",
        "Schools in the district will hold a minute of silence on Monday.",
        "Insurers said claims from shop owners on the seafront were expected to be large.",
        "The national football team postponed its training camp in the region."]),
]


def test_one_event_at_two_exact_times_of_day_is_a_conflict(tmp_path_factory):
    conflicts = _conflicts(tmp_path_factory, "clock", CLOCK)
    (clock,) = [f for f in conflicts if any(d.clock for d in f.facts.days)]  # type: ignore[union-attr]
    assert sorted(d.clock for d in clock.facts.days) == ["22:30", "22:45"]  # type: ignore[union-attr]
    assert not any("about 10:40" in e.text for e in clock.evidence)  # a loose time sides with neither
    assert describe(clock) == "time of day: “10:30 p.m.” vs “10:45 p.m.”"


@pytest.mark.parametrize("sentence, minutes", [
    ("The truck stopped at 10:30 p.m. on the promenade.", 22 * 60 + 30),
    ("The first call came at 6.04am, the brigade said.", 6 * 60 + 4),
    ("The plane landed at 9 a.m. in Vell.", 9 * 60),
    ("The plane landed at about 9 a.m. in Vell.", None),  # loose: no exact time
    ("The road was shut from 9 a.m. to 5 p.m. on Friday.", None),  # two times: a span
])
def test_the_exact_time_of_day_a_sentence_gives(tmp_path_factory, sentence, minutes):
    store = _ingest(tmp_path_factory, "clock_one", [_record("Orsk Herald", "2031-08-01T09:00:00+02:00", "Vell", [
        sentence, "The harbour master, Petra Lund, said the squall had come up within minutes."])])
    arts = load_articles(store, store.story_articles(store.stories()[0]["id"]))
    assert [t.minutes for t in K.told(arts)] == ([minutes] if minutes is not None else [])


# one named man given two ages; two unnamed drivers of two ages; an outlet correcting itself
AGES = [
    _record("Orsk Herald", "2031-09-02T09:00:00+02:00", "Orsk bank robbed", [
        "Police in Orsk arrested Tomas Berg, 41, after the robbery of a bank on the harbour front on Monday.",
        "The 37-year-old driver of the getaway van was stopped on the coast road an hour later.",
        "The bank said no customer had been hurt and that its branch would reopen on Wednesday."]),
    _record("Coast Wire", "2031-09-02T10:30:00+02:00", "Arrest after Orsk bank raid", [
        "Tomas Berg, 43, a delivery driver from Vell, was arrested after the bank raid in Orsk, police said.",
        "The 35-year-old driver of a second car was questioned and let go in the evening.",
        "Staff at the branch described a man in a yellow raincoat pointing a pistol at the cashier."]),
    _record("Northern Times", "2031-09-02T12:00:00+02:00", "Orsk raid suspect named", [
        "Officers named the suspect in the Orsk bank raid as 41-year-old Tomas Berg of Vell.",
        "An earlier police statement gave the age of Tomas Berg, 39, which the force later corrected.",
        "Shops on the harbour front closed early as police searched the area with dogs."]),
]


def test_one_named_man_given_two_ages_is_a_conflict_two_unnamed_drivers_are_not(tmp_path_factory):
    conflicts = _conflicts(tmp_path_factory, "ages", AGES)
    (age,) = conflicts  # the drivers, "the 37-year-old driver" / "the 35-year-old driver", are two people
    assert sorted(q.value for q in age.facts.quantities) == [41, 43]  # type: ignore[union-attr]
    # Northern Times gives two ages of its own (a correction): it is no side
    assert not any("Officers named" in e.text or "earlier police statement" in e.text for e in age.evidence)
    assert describe(age) == "age of Tomas Berg: 41 years vs 43 years"
    assert "given for Tomas Berg by name" in why(age)
