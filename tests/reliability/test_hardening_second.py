"""Issue 30, the second hostile probe: each row that is answered here has a test that failed on the
code before the change (the row number is the issue's; row 4 is a case of
``test_hardening.py::test_postgresql_password_is_masked``)."""
from __future__ import annotations

import os
import stat

import pytest

from storyline.clean import clean
from storyline.clean.article import CleanError
from storyline.ingest import content_id, iter_inputs
from storyline.ingest.readers import detect
from storyline.model import Failure, RawArticle
from tests.conftest import run_cli
from tests.reliability.test_hardening import _one_line_error


# row 1
def test_output_through_a_link_is_refused_and_a_regular_file_keeps_its_mode(tmp_path):
    db = f"sqlite:///{tmp_path / 's.db'}"
    target = tmp_path / "t.json"
    target.write_text("mine\n")
    link = tmp_path / "l.json"
    link.symlink_to(target)
    _one_line_error(run_cli("export", "-o", str(link), db=db), "symbolic link")
    assert link.is_symlink() and target.read_text() == "mine\n"
    private = tmp_path / "p.json"
    private.write_text("old\n")
    private.chmod(0o600)
    assert run_cli("export", "-o", str(private), db=db).returncode == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and '"articles"' in private.read_text()
    assert not list(tmp_path.glob("*.part"))


# row 2
def test_output_under_a_file_is_a_one_line_error(tmp_path):
    (tmp_path / "f").write_text("")
    _one_line_error(run_cli("export", "-o", str(tmp_path / "f" / "x.json"), db=f"sqlite:///{tmp_path / 's.db'}"),
                    "cannot write", "is a file")


# row 3
def test_an_offset_past_64_bits_is_a_usage_error(tmp_path):
    proc = run_cli("articles", "--offset", str(2**63), db=f"sqlite:///{tmp_path / 's.db'}")
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr and b"--offset" in proc.stderr


# row 8
def test_a_link_to_itself_is_reported_not_skipped(tmp_path):
    loop = tmp_path / "x.txt"
    os.symlink("x.txt", loop)
    for given in (tmp_path, loop):
        (item,) = list(iter_inputs([str(given)], 10**6))
        assert isinstance(item, Failure) and "points to itself" in item.reason


# row 10
def test_a_read_only_command_leaves_a_file_that_is_no_database_as_it_was(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"W")
    _one_line_error(run_cli("articles", db=f"sqlite:///{notes}"), "not a database", "left as it is")
    assert notes.read_bytes() == b"W"
    # a new file, or an empty one, is still a new database
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert run_cli("articles", db=f"sqlite:///{empty}").returncode == 0


# row 9
def test_a_stray_latin1_byte_keeps_the_rest_of_a_utf8_file():
    data = "Mayor Dåhl said the harbour of Vell reopened on Monday.".encode() + b" Caf\xe9 owners cheered."
    decoded = detect(data)
    assert decoded.encoding == "utf-8" and "Dåhl" in decoded.text and "Caf\ufffd owners" in decoded.text
    assert decoded.warning is not None and "1 byte that is not UTF-8" in decoded.warning
    legacy = detect("Le café de Vell a rouvert lundi, très tôt.".encode("cp1252"))  # no UTF-8 in it: still Latin-1
    assert "café" in legacy.text and "très tôt" in legacy.text


# row 14
def test_prose_in_another_language_is_refused_for_its_language_not_as_furniture():
    for text, name in (("В понедельник в Москве прошли переговоры министров иностранных дел. "
                        "Стороны договорились продолжить диалог.", "Russian"),
                       ("Le maire de Lyon a annoncé lundi la fermeture du pont pour travaux. "
                        "Les habitants sont inquiets.", "French")):
        with pytest.raises(CleanError, match=f"reads as {name}.*English text only"):
            clean(RawArticle(id=content_id(text), source="t.txt", format="text", text=text, encoding="utf-8"))
    with pytest.raises(CleanError, match="furniture"):  # English furniture keeps its reason
        text = "Share this story\nSign up for our newsletter.\nClick here to subscribe now!\n© 2031 Vell Courier"
        clean(RawArticle(id=content_id(text), source="t.txt", format="text", text=text, encoding="utf-8"))
