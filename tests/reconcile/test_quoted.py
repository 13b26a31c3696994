"""A sentence quoted on its own (``reconcile.quoted``): no live-report entry time, no dateline."""
from __future__ import annotations

from storyline.reconcile.quoted import bare


def test_a_summary_sentence_is_quoted_without_its_entry_time_or_dateline():
    assert bare("2.10 p.m.: Orsk coastguard said two crew were missing.") == "Orsk coastguard said two crew were missing."
    assert bare("3.54pm - UPDATE - The ferry was towed to Vell.") == "The ferry was towed to Vell."
    assert bare("PORT AVERA (Coast Wire) - The tanker ran aground.") == "The tanker ran aground."
    assert bare("NASA said on Friday the launch would slip.") == "NASA said on Friday the launch would slip."
    assert bare("US - Orsk talks resumed on Monday.") == "US - Orsk talks resumed on Monday."
