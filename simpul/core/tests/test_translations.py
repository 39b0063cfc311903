"""The catalogs are complete: every string in code and templates is in locale/, translated to English."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
EN_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _msgids(po: polib.POFile) -> set[str]:
    return {entry.msgid for entry in po if not entry.obsolete}


def test_every_english_entry_is_translated() -> None:
    po = polib.pofile(str(EN_PO))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert not missing, f"{len(missing)} strings lack an English translation, e.g. {missing[:5]}"


def test_compiled_catalog_matches_the_po_file() -> None:
    compiled = polib.mofile(str(EN_PO.with_suffix(".mo")))
    po = polib.pofile(str(EN_PO))
    assert {e.msgid: e.msgstr for e in compiled if e.msgid} == {
        e.msgid: e.msgstr for e in po if e.msgid and e.translated() and not e.obsolete
    }, "run `make messages` to recompile locale/en"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_catalog_holds_every_string_in_code_and_templates(tmp_path: Path) -> None:
    for name in ("simpul", "config", "templates", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    fresh = _msgids(polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")))
    checked_in = _msgids(polib.pofile(str(EN_PO)))
    new = sorted(fresh - checked_in)
    assert not new, f"{len(new)} strings are not in locale/ (run `make messages`), e.g. {new[:5]}"
