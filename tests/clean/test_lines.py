"""The line classifier on scraped text written for these tests (fictional outlet and people)."""
from __future__ import annotations

import pytest

from storyline.clean import clean
from storyline.clean.article import CleanError
from storyline.clean.lines import classify, paragraph_kind
from storyline.clean.meta import find_date, normalize_date, normalize_published, written_stamp
from storyline.ingest import content_id
from storyline.model import ParagraphKind, RawArticle

PAGE = """Skip to content
Independent news needs you — join 5,000 members and support our reporting today.
Join now

Bridge reopens after six-week repair on the Marle river

By Tom Akers and Jill Ward
March 3, 2024 · 3 min read

Workers finish the bridge deck on Sunday. (Mina Cole/Valley Herald)

The Marle river bridge reopened to traffic on Monday after six weeks of repairs, the county said.

"The bridge is safe, and it will stay safe for another fifty years," county engineer Paula Grant said at the ribbon-cutting.

Drivers had faced a 12-mile detour while the bridge was closed.

Read more: How the county plans to pay for its old bridges

The repairs cost 1.8 million dollars, paid from the county's road fund.
Traffic maps
Local businesses said trade had fallen by a third during the closure.

Sign up for our newsletter
Get the best of the valley in your inbox every Friday. You can unsubscribe at any time.
Subscribe
Subscribe
More stories
Council picks new school board chair
Festival returns to the old mill
© 2024 Valley Herald. All rights reserved.
"""


def _raw(text: str) -> RawArticle:
    return RawArticle(id=content_id(text), source="test.txt", format="text", text=text, encoding="utf-8")


def test_keeps_prose_and_drops_furniture():
    lines = classify(PAGE)
    body = [ln.text for ln in lines if ln.body]
    assert body[0].startswith("The Marle river bridge reopened")
    assert any(t.startswith('"The bridge is safe') for t in body)
    assert body[-1].startswith("Local businesses said")
    dropped = {ln.text for ln in lines if not ln.body}
    for furniture in ["Join now", "Workers finish the bridge deck on Sunday. (Mina Cole/Valley Herald)",
                      "Read more: How the county plans to pay for its old bridges", "Traffic maps",
                      "Get the best of the valley in your inbox every Friday. You can unsubscribe at any time.",
                      "Council picks new school board chair", "© 2024 Valley Herald. All rights reserved.",
                      "Independent news needs you — join 5,000 members and support our reporting today."]:
        assert furniture in dropped, furniture


def test_metadata_from_the_page_itself():
    art = clean(_raw(PAGE))
    assert art.title == "Bridge reopens after six-week repair on the Marle river"
    assert art.outlet == "Valley Herald"
    assert art.published == "2024-03-03"
    assert art.authors == ("Tom Akers", "Jill Ward")


def test_paragraph_offsets_point_into_the_raw_text():
    art = clean(_raw(PAGE))
    for p in art.paragraphs:
        assert art.body[p.start:p.end] == PAGE[p.raw_start:p.raw_end]


def test_feed_of_other_stories_after_the_article_is_dropped():
    text = PAGE.replace("More stories\n", "More stories\nThe mayor said the festival would return in May.\n"
                        "Organisers said 4,000 tickets had been sold.\n")
    body = [ln.text for ln in classify(text) if ln.body]
    assert not any("festival" in t for t in body)


def test_dates():
    assert find_date("by A. B. November 11, 2024 7:28 PM") == "2024-11-11"
    assert find_date("Updated 5 Sept 2023") == "2023-09-05"
    assert find_date("nothing here") is None
    assert normalize_date("2025-06-11T09:15:00+00:00") == "2025-06-11"


def test_published_keeps_the_minute_and_the_zone_and_never_makes_up_a_midnight():
    assert normalize_published("2025-06-11T17:47:00-04:00") == "2025-06-11T17:47-04:00"
    assert normalize_published("2025-06-11T17:47:00Z") == "2025-06-11T17:47+00:00"
    assert normalize_published("2025-06-11T08:46:26") == "2025-06-11T08:46"  # no zone given: none invented
    assert normalize_published("June 11, 2025 5:47 PM EDT") == "2025-06-11T17:47-04:00"
    assert normalize_published("Wed, 11 Jun 2025 17:47:00 GMT") == "2025-06-11T17:47+00:00"
    # a date written as a datetime at midnight without a zone is a date, not a report at 00:00
    assert normalize_published("2025-06-11T00:00:00") == "2025-06-11"
    assert normalize_published("2025-06-11T00:00:00+02:00") == "2025-06-11T00:00+02:00"
    assert normalize_published("June 11, 2025") == "2025-06-11"
    assert normalize_published("2025-13-45T10:00") is None and normalize_published("soon") is None


def _ferry_page(published: str) -> str:
    return ("<html><head><meta property='og:site_name' content='Quay Post'><meta name='author' content='Ann Lee'>"
            f"<meta property='article:published_time' content='{published}'><title>Ferry late</title></head><body>"
            "<nav>Home News Subscribe</nav><article><h1>Ferry late</h1>"
            + "".join(f"<p>The ferry arrived {i} hours late on Saturday, the harbour office said in a statement.</p>"
                      for i in range(2, 6))
            + "</article><footer>© 2025 Quay Post</footer></body></html>")


@pytest.mark.parametrize("given, published", [("2025-02-01", "2025-02-01"),  # a date alone stays a date
                                              ("2025-02-01T17:47:00-04:00", "2025-02-01T17:47-04:00")])
def test_html_uses_trafilatura_and_metadata(given, published):
    art = clean(RawArticle(id="x", source="x.html", format="html", text=_ferry_page(given), encoding="utf-8"))
    assert art.outlet == "Quay Post" and art.authors == ("Ann Lee",) and art.published == published
    assert art.title == "Ferry late"
    assert art.body.count("\n") == 3 and "Subscribe" not in art.body
    assert all(p.raw_start is None for p in art.paragraphs)


def _clean_text(text: str):
    return clean(RawArticle(id=content_id(text), source="t.txt", format="text", text=text, encoding="utf-8"))


def test_a_transcript_or_live_blog_entry_speaking_to_you_is_kept_not_rejected():
    """Every line of these speaks to "you" (which reads like an appeal) or opens with a speaker's
    name; none was taken for an article block, yet each has sentences of prose."""
    transcript = ("MAYOR DANA WHITFIELD: We are asking you to stay away from the river tonight.\n"
                  "REPORTER: Will you close the bridge?\n"
                  "MAYOR DANA WHITFIELD: We closed it at six, and we will keep it closed until you hear from us.")
    art = _clean_text(transcript)
    assert len(art.paragraphs) == 3 and {p.kind for p in art.paragraphs} == {ParagraphKind.LABEL}
    entry = "Update 3:42 pm: Firefighters say you should avoid Main Street while they clear the debris."
    art = _clean_text(entry)
    assert art.body == entry and art.paragraphs[0].kind is ParagraphKind.TEXT


def test_a_page_of_furniture_alone_is_still_rejected():
    with pytest.raises(CleanError, match="furniture"):
        _clean_text("Share this story\nSign up for our newsletter.\nYou can unsubscribe at any time.\n"
                    "Click here to subscribe now!\n© 2024 Valley Herald")


def test_a_one_line_summary_without_its_full_stop_is_stored():
    """A video page's one-line summary (a whole sentence with a verb, its stop lost) with a credit
    under it: the only prose there is, kept (issue 25); the credit stays out."""
    summary = ("Rescuers are searching for two fishermen after a storm capsized their boat off the Orsk coast "
               "on Tuesday night")
    art = _clean_text(f"{summary}\nSource: Harbour Courier")
    assert art.body == summary
    # a menu of labels, or a heading of a few words, is still no sentence
    for text in ("Latest News Sports Weather Traffic Local Business Opinion Obituaries Events Jobs Homes Cars",
                 "Coast road closed after landslide"):
        with pytest.raises(CleanError, match="furniture"):
            _clean_text(text)


def test_a_teaser_the_page_cut_off_keeps_its_whole_sentences():
    """A programme page's teaser ends mid-sentence ("Does..."): its whole sentences are prose and are
    stored as a short article; the cut-off question is not. A line with no sentence end before the cut
    is still furniture (issue 25)."""
    whole = ("The harbour talks resumed after months of angry letters between the two towns. "
             "Is this a real opening or merely a pause? The mayor of Orsk appears to welcome the step.")
    art = _clean_text(f"{whole} Does...\nWatch the full programme")
    assert art.body == whole
    with pytest.raises(CleanError, match="furniture"):
        _clean_text("Harbour talks resume as the two towns trade angry letters over the ferry…")


def test_a_paragraph_of_the_article_that_ends_in_a_cut_off_pointer_keeps_its_sentences():
    """A live page's lead paragraph ends in "UPDATES BELOW...": it is the article's opening, kept up
    to its last whole sentence; a teaser of a sentence or two that the page cut off is still not."""
    lead = ("Orskcoin fell sharply overnight after the Orsk exchange halted withdrawals. "
            "After dipping to below $50, the coin is now priced at $52.40, a loss of $8 on the day so far. "
            "Traders in Vell said the sell-off began late on Tuesday. "
            "The exchange said withdrawals would resume on Thursday.")
    entry = "3.40pm - UPDATE - Orskcoin is currently valued at $57.10, traders in Vell said on Wednesday."
    art = _clean_text(f"{lead} UPDATES BELOW...\n{entry}\nMore markets news: Vell shares slip as the coin falls...")
    assert art.body == f"{lead}\n{entry}"
    # an aggregator's feed glued into one line has sentence ends too, but not sentences of prose
    feed = ("Vell Times: Orsk ferry inquiry opens as families wait outside the hall. Petra Lund. 1 min ago. "
            "@plund. Share This Article; Email; Print. Orsk ferry ...Harbour talks resume...")
    with pytest.raises(CleanError, match="furniture"):
        _clean_text(feed)


def test_a_long_legal_notice_is_no_article():
    """A site's legal notice of sixty words (it opens with "Copyright", it reserves all rights) is
    page furniture, however long; a paragraph of news about a copyright case is not (issue 25)."""
    notice = ("Copyright 1998 - . All rights reserved. The content (including but not limited to text, photo, "
              "multimedia information, etc) published in this site belongs to Orsk Media Group. Without written "
              "authorization from the group, such content shall not be republished or used in any form. Note: "
              "browsers with 1024*768 or higher resolution are suggested for this site.")
    with pytest.raises(CleanError, match="furniture"):
        _clean_text(notice)
    case = ("A court in Orsk ruled on Tuesday that the harbour museum had breached the copyright of a local "
            "photographer by printing her pictures of the 2019 storm in its guide without permission, and ordered "
            "the museum to pay her damages, and said the guide's publisher must withdraw the unsold copies from "
            "the shops of the town by the end of the month.")
    assert _clean_text(case).body == case


def test_a_written_stamp_gives_the_time_and_its_zone():
    """Issue 26: an "Updated …" stamp in the text keeps its minute and zone; a seasonless US zone
    ("ET") takes the season of its date; a figure with a point is no time."""
    assert written_stamp("Updated 5:47 PM EDT, Thu July 14, 2016") == "2016-07-14T17:47-04:00"
    assert written_stamp("Updated 2:31 a.m. ET Oct. 2, 2017") == "2017-10-02T02:31-04:00"
    assert written_stamp("Published 14 January 2018 09:05 ET") == "2018-01-14T09:05-05:00"
    assert written_stamp("July 14, 2016") is None
    assert written_stamp("July 14, 2016: shares fell 3.45 points") is None
    art = _clean_text("Harbour Courier\nBy Rhea Lund | Updated 5:47 PM EDT, July 14, 2016\n"
                      "The ferry Halden ran aground off Varn early on Saturday with 212 passengers on board, "
                      "the coastguard said.")
    assert art.published == "2016-07-14T17:47-04:00"


def test_a_dateline_is_the_text_not_a_transcript_speaker_label():
    """"MOSCOW: Russia's space experts say …" opens a report with its dateline; "SMITH: …" is a
    speaker's turn. A report whose only paragraph was taken for a label had no sentence to read."""
    text = ("MOSCOW: Russia's space experts say they have managed to regain control of the satellite "
            "launched earlier this week.\n"
            "SMITH: The harbour was closed for three days and the ferries stayed in port, officials said.\n"
            "NEW DELHI: The government said on Friday it would act on the report.\n")
    kinds = [paragraph_kind(ln) for ln in classify(text)]
    assert kinds == [ParagraphKind.TEXT, ParagraphKind.LABEL, ParagraphKind.TEXT]
