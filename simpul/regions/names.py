"""Normalising Indonesian region names so that spellings of one name compare equal.

`Kab. Lampung Sel.`, `KABUPATEN LAMPUNG SELATAN` and `Lampung Selatan` all normalise to the base
`lampung selatan`; the prefix (kabupaten/kota/provinsi...) is kept apart as a kind hint, because a
kabupaten and a kota may share a base name (Kab. Bogor and Kota Bogor). `compact` drops the spaces
too, so `TULANGBAWANG` equals `Tulang Bawang`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Leading words naming the kind of region; the value is the kind hint they give.
_KIND_WORDS = {
    "provinsi": "provinsi",
    "propinsi": "provinsi",
    "prov": "provinsi",
    "kabupaten": "kabupaten",
    "kab": "kabupaten",
    "kota": "kota",
    "kecamatan": "kecamatan",
    "kec": "kecamatan",
    "distrik": "kecamatan",
    "desa": "desa",
    "kampung": "desa",
    "gampong": "desa",
    "nagari": "desa",
    "kelurahan": "kelurahan",
    "kel": "kelurahan",
}
# Words that may follow the kind word and carry no meaning for matching.
_SKIP_AFTER_KIND = {"administrasi", "adm", "adat"}
# Prefixes of province names that people often leave out (DKI Jakarta, DI Yogyakarta).
_PROVINCE_PREFIXES = (
    ("daerah", "khusus", "ibukota"),
    ("daerah", "khusus"),
    ("daerah", "istimewa"),
    ("dki",),
    ("d", "k", "i"),
    ("diy",),
    ("di",),
    ("d", "i"),
)
# Abbreviations used inside names (Lampung Sel., Kep. Seribu).
_ABBREVIATIONS = {
    "sel": "selatan",
    "slt": "selatan",
    "ut": "utara",
    "utr": "utara",
    "tim": "timur",
    "tmr": "timur",
    "bar": "barat",
    "brt": "barat",
    "teng": "tengah",
    "tgh": "tengah",
    "kep": "kepulauan",
    "kepl": "kepulauan",
}
_APOSTROPHES = re.compile(r"['`\u2018\u2019]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class NormalName:
    kind: str | None  # provinsi, kabupaten, kota, kecamatan, desa, kelurahan, or None when not stated
    base: str  # lower-case words, abbreviations expanded, the kind prefix removed
    compact: str  # base without spaces
    raw: str  # like compact, but keeping a leading kind word (for names such as Kecamatan "Kota Baru")


def normalise(name: str) -> NormalName:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = _APOSTROPHES.sub("", text)
    tokens = _NON_ALNUM.sub(" ", text).split()
    if len(tokens) > 1:
        tokens = [_ABBREVIATIONS.get(token, token) for token in tokens]
    raw = "".join(tokens)
    kind: str | None = None
    if len(tokens) > 1 and tokens[0] in _KIND_WORDS:
        kind = _KIND_WORDS[tokens[0]]
        tokens = tokens[1:]
        while len(tokens) > 1 and tokens[0] in _SKIP_AFTER_KIND:
            tokens = tokens[1:]
    for prefix in _PROVINCE_PREFIXES:
        if len(tokens) > len(prefix) and tuple(tokens[: len(prefix)]) == prefix:
            tokens = tokens[len(prefix) :]
            break
    base = " ".join(tokens)
    return NormalName(kind=kind, base=base, compact=base.replace(" ", ""), raw=raw)
