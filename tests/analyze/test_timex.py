"""Time expressions resolved against the published date, across week and year boundaries."""
from __future__ import annotations

from datetime import date

from storyline.analyze.timex import resolve


def test_weekday_is_the_last_one_before_publication_across_a_week_boundary():
    monday = date(2025, 6, 9)
    assert resolve("Friday", monday) == ("2025-06-06", "day", "Friday")
    assert resolve("late Wednesday", monday) == ("2025-06-04", "day", "Wednesday")
    assert resolve("Monday", monday) == ("2025-06-09", "day", "Monday")
    assert resolve("next Wednesday", monday) == ("2025-06-11", "day", "Wednesday")
    assert resolve("Thursday", monday, future=True) == ("2025-06-12", "day", "Thursday")


def test_across_a_year_boundary():
    jan2 = date(2025, 1, 2)  # a Thursday
    assert resolve("Monday", jan2) == ("2024-12-30", "day", "Monday")
    assert resolve("in December", jan2) == ("2024-12", "month", None)
    assert resolve("Dec. 28", jan2) == ("2024-12-28", "day", None)
    assert resolve("last year", jan2) == ("2024", "year", None)
    assert resolve("last June", date(2025, 3, 13)) == ("2024-06", "month", None)
    assert resolve("yesterday", jan2) == ("2025-01-01", "day", None)


def test_without_a_date_the_weekday_is_kept():
    assert resolve("on Wednesday", None) == (None, "weekday", "Wednesday")
    assert resolve("Nov. 11, 2024", None) == ("2024-11-11", "day", None)


def test_in_a_document(analyze):
    a = analyze("The ship ran aground on Tuesday night. Inspectors will board it on Friday.", published="2025-06-11")
    got = {t.weekday: t.resolved for t in a.time_refs}
    assert got == {"Tuesday": "2025-06-10", "Friday": "2025-06-13"}
    assert all(t.sentence in (0, 1) for t in a.time_refs)


def test_a_weekday_said_of_the_future_in_reported_speech_is_ahead(analyze):
    # written on Sunday 31 December: "would begin … Tuesday" is the coming Tuesday, not the last one
    a = analyze("Officials said they would begin identifying the remains on Tuesday.", published="2017-12-31")
    assert [(t.weekday, t.resolved) for t in a.time_refs] == [("Tuesday", "2018-01-02")]
    a = analyze("The ferry will sail again on Tuesday, the company said.", published="2017-12-31")
    assert [(t.weekday, t.resolved) for t in a.time_refs] == [("Tuesday", "2018-01-02")]


def test_an_explicit_date_beside_a_weekday_wins(analyze):
    a = analyze("The vote took place last Sunday (September 3) in the capital.", published="2017-09-08")
    assert [(t.weekday, t.resolved) for t in a.time_refs if t.precision == "day"] == [(None, "2017-09-03")]


def test_a_month_or_date_said_of_the_future_is_the_coming_one(analyze):
    a = analyze("The station will burn up in the atmosphere sometime in March, officials said.", published="2017-12-27")
    assert [(t.text, t.resolved) for t in a.time_refs] == [("March", "2018-03")]
    a = analyze("The rocket could launch as soon as Jan. 4, the company said.", published="2017-12-28")
    assert [(t.text, t.resolved) for t in a.time_refs] == [("Jan. 4", "2018-01-04")]
    a = analyze("The rocket launched on Dec. 22, the company said.", published="2017-12-28")
    assert [(t.text, t.resolved) for t in a.time_refs] == [("Dec. 22", "2017-12-22")]


def test_a_weekday_ahead_on_that_very_day_is_that_day(analyze):
    a = analyze("The flight is scheduled to leave at 11:55 pm on Sunday.", published="2017-12-31")  # a Sunday
    assert [(t.weekday, t.resolved) for t in a.time_refs] == [("Sunday", "2017-12-31")]
