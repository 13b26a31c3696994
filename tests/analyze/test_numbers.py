"""Numbers in digits and words, scale, unit, qualifier, counted noun and claimant."""
from __future__ import annotations

import pytest

from storyline.analyze.numbers import parse_number


@pytest.mark.parametrize("words, value", [(["1,100"], 1100), (["two"], 2), (["40", "billion"], 4e10),
                                          (["twenty", "-", "five"], 25), (["4.5"], 4.5), (["three", "hundred"], 300),
                                          (["banana"], None)])
def test_parse_number(words, value):
    assert parse_number(words) == value


def _claims(analysis):
    return {c.value: c for c in analysis.claims}


def test_forms_units_and_qualifiers(analyze):
    a = analyze("The ferry company said more than 400 passengers were stranded. "
                "Officials agreed to a 30-day moratorium. The fire burned about 1,100 square kilometers. "
                "Some 80% of the homes lost power. The EU pledged €40 billion in aid. "
                "Two boats sank and thousands of people fled. The islanders own roughly a fifth of the land.")
    c = _claims(a)
    assert c[400].qualifier == "more than" and c[400].counted == "passenger"
    assert c[30].unit == "day" and c[30].counted == "moratorium"
    assert c[1100].qualifier == "about"
    assert c[80].unit == "%" and c[80].qualifier == "some"
    assert c[4e10].unit == "EUR"
    assert c[2].counted == "boat"
    assert c[1000].qualifier == "thousands"
    assert c[0.2].qualifier == "roughly"


def test_a_qualifier_is_read_across_a_currency_sign_and_only_as_whole_words(analyze):
    a = analyze("The council wants more than $5 billion for the harbour wall. The coin dipped below $50 "
                "on Tuesday. The port of Hanover 50 reopened.")
    c = _claims(a)
    assert c[5e9].qualifier == "more than" and c[5e9].unit == "USD"
    (coin,) = [x for x in a.claims if x.value == 50 and x.unit == "USD"]
    (port,) = [x for x in a.claims if x.value == 50 and "Hanover" in x.text]
    assert coin.qualifier == "below" and port.qualifier is None  # "Hanover 50" is no "over 50"


def test_over_after_a_phrasal_verb_is_no_bound(analyze):
    a = analyze("The truck ran over 10 people on the promenade. The storm killed over 80 people in Vell.")
    c = _claims(a)
    assert c[10].qualifier is None  # "ran over" is what the truck did: ten people, not "more than ten"
    assert c[80].qualifier == "over"


def test_a_speed_is_a_unit_not_a_counted_thing(analyze):
    a = analyze("The tram was going at 43 mph on the bend, far above the 20 km/h limit. "
                "A ferry can do 30 miles per hour in calm water.")
    c = _claims(a)
    assert (c[43].unit, c[43].counted) == ("mph", None)  # "12 mph" was read as twelve of a thing called "mph"
    assert (c[20].unit, c[20].counted) == ("km/h", "limit")
    assert c[30].unit == "mph"


def test_dates_times_years_and_ordinals_are_not_claims(analyze):
    a = analyze("On June 11, 2025, at 7:30 p.m., the first ship left. It was built in 1998.")
    assert a.claims == ()


def test_claimants(analyze):
    a = analyze("Fire chief Rhea Lund said 24 homes had burned, while Mayor Owen Reed said 31 were damaged. "
                "According to the county, 12 roads remain closed.\n"
                "Police arrested 5 people, the interior ministry reported.")
    c = _claims(a)
    assert c[24].claimant == "Rhea Lund"
    assert c[31].claimant == "Owen Reed"
    assert c[5].claimant is None or "ministry" in c[5].claimant.lower()


def test_a_scale_word_written_onto_its_number_is_read(analyze):
    a = analyze("A total of 143million customers were exposed. The board sold shares worth £1.3million.")
    c = _claims(a)
    assert 143e6 in c and c[143e6].counted == "customer"
    assert 1.3e6 in c and c[1.3e6].unit == "GBP"


def test_what_an_outcome_left_its_object_in_is_the_measure(analyze):
    a = analyze("The blast at the depot left at least 12 people dead and 40 others injured. "
                "The concert left 300 fans happy.")
    c = _claims(a)
    assert c[12].measure == "kill"
    assert c[300].measure is None  # "happy" is no outcome a figure counts


def test_a_value_is_read_as_the_value_of_the_thing_the_parse_names(analyze):
    """What a price or a total is the value of: the subject of the verb it is reached by ("was
    trading at", "fell to"), a value noun read as its owner ("the price of the krona", "Kestrel Lines
    shares"), the subject of a clause the figure's clause continues ("…, falling to 6.10 crowns")."""
    a = analyze("Shares of Kestrel Lines were trading at $41.20 on Tuesday morning. "
                "Kestrel Lines shares closed at $37.80. "
                "The price of gold climbed to $2,410 an ounce. "
                "Oil prices fell to $71 a barrel on Monday, dropping to $69 later in the day.")
    c = _claims(a)
    assert c[41.2].measured == c[37.8].measured == "kestrel lines share"
    assert c[2410].measured == "gold"
    assert c[71].measured == "oil"
    assert c[69].measured == "oil"
