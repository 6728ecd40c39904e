"""Realistic Norwegian subject authority records, as one MARCXML collection.

    python bench/subject_records.py [--records 100000] [--output subjects.xml]

Built from Realfagstermer's own source (../shared/corpus/vocab-sources/norwegian/
realfagstermer-id*.txt: 13 610 topics, 907 places, 133 forms, 10 periods) in the shape
of UiO's MARC21 exports, the shape mc2skos reads as the vocabulary ``noubomn``:

    leader   00000nz  a2200000n  4500  (/05 ``d`` deleted: tis=; ``x`` replaced: fly=)
    001      REAL000123                003 NoOU
    005      newest of tio/tie/tis     008 tio + |||anz|nbabn          |a|ana|||| d
    024 7_   $a http://data.ub.uio.no/realfagstermer/c000123 $2 uri
    040      $a NoOU $b nob $f noubomn
    083 04   $a dw= $2 23no
    1XX      $a te=           (148 periods, 150 topics, 151 places, 155 forms)
    4XX      $a bf= / ak=; nn=, en=, la= with $9 language=xx (first one per language
             also $9 rank=preferred)
    5XX      $a label $w g (ot=, broader) / $w h (ut=, narrower) / no $w (so=, related)
             $0 (NoOU)REAL...
    667      $a no=  (internal note)       677 $a de= (definition)
    682      $i Erstattet av $a label $0 (NoOU)REAL...  (fly=; REAL005503, which
             names itself, is written as deleted)

Tekord (tekord.iso-8859-1.xml) is not used: mc2skos knows no URI pattern for it.
To reach --records, the source is cycled; copy k adds k * 100 000 to every id (and to
every id a record links to), so REAL000002 becomes REAL100002, REAL200002, ...
The file says SYNTHETIC-FROM-REAL-DATA in a comment at its top.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "corpus" / "vocab-sources" / "norwegian"
FILES = (  # file, tag suffix (the kind), in the order records are written
    ("realfagstermer-idtermer.txt", "50"),
    ("realfagstermer-idsteder.txt", "51"),
    ("realfagstermer-idformer.txt", "55"),
    ("realfagstermer-idtider.txt", "48"),
)
OFFSET = 100_000
"""Added to every id number once per copy of the source (its ids are all below it)."""

MARCXML = "http://www.loc.gov/MARC21/slim"
AGENCY = "NoOU"
URI = "http://data.ub.uio.no/realfagstermer/c"
FIXED_008 = "|||anz|nbabn          |a|ana|||| d"
LEADER = "00000{}z  a2200000n  4500"
LABEL_LANGUAGES = ("nn", "en", "la")
RELATIONS = (("ot", "g"), ("ut", "h"), ("so", None))  # key, $w
_ID = re.compile(r"^([A-Z]{2,8})(\d{1,12})$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

Concept = dict[str, list[str]]
Subfields = list[tuple[str, str]]


def read_concepts(path: Path) -> list[Concept]:
    """The ``key= value`` blocks of one Roald 2 file, keys in file order."""
    concepts = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        concept: Concept = {}
        for line in block.splitlines():
            key, sep, value = line.partition("=")
            if sep and value.strip():
                concept.setdefault(key.strip(), []).append(value.strip())
        if "id" in concept and "te" in concept:
            concepts.append(concept)
    return concepts


def source() -> list[tuple[str, Concept]]:
    """Every source concept with the tag suffix of its kind, in writing order."""
    found = [
        (suffix, concept)
        for name, suffix in FILES
        for concept in read_concepts(SOURCE / name)
    ]
    numbers = [int(_ID.match(c["id"][0])[2]) for _, c in found]  # type: ignore[index]
    assert max(numbers) < OFFSET, "source ids must stay below the copy offset"
    return found


def shifted(authority_id: str, offset: int) -> str:
    """``REAL000002`` + 100000 -> ``REAL100002`` (zero-padded to the same width)."""
    match = _ID.match(authority_id)
    if match is None:
        raise ValueError(f"not an id: {authority_id!r}")
    prefix, digits = match.groups()
    return f"{prefix}{int(digits) + offset:0{len(digits)}d}"


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _control(tag: str, value: str) -> str:
    return f'  <controlfield tag="{tag}">{_text(value)}</controlfield>\n'


def _data(tag: str, subfields: Subfields, ind1: str = " ", ind2: str = " ") -> str:
    inner = "".join(
        f'    <subfield code="{code}">{_text(value)}</subfield>\n'
        for code, value in subfields
    )
    head = f'  <datafield tag="{tag}" ind1="{ind1}" ind2="{ind2}">\n'
    return f"{head}{inner}  </datafield>\n"


def _marc_date(iso: str, long: bool) -> str:
    """``2014-08-25T00:00:00Z`` -> ``20140825000000.0`` (005) or ``140825`` (008)."""
    digits = re.sub(r"\D", "", iso)
    return f"{digits[:14]:0<14}.0" if long else digits[2:8]


class Renderer:
    """Turns source concepts into MARCXML records; knows every concept's label."""

    def __init__(self, concepts: list[tuple[str, Concept]]) -> None:
        self.concepts = concepts
        self.terms = {c["id"][0]: (suffix, c["te"][0]) for suffix, c in concepts}

    def record(self, suffix: str, concept: Concept, offset: int) -> str:
        """One ``<record>`` for ``concept``, its ids moved up by ``offset``."""
        own = shifted(concept["id"][0], offset)
        parts = [
            '<record type="Authority">\n',
            f"  <leader>{LEADER.format(_status(concept))}</leader>\n",
            *self._control_fields(concept, own),
            *self._identification(concept, own),
            _data(f"1{suffix}", [("a", concept["te"][0])]),
            *self._see_from(suffix, concept),
            *self._see_also(concept, offset),
            *self._notes(concept, offset),
            "</record>\n",
        ]
        return "".join(parts)

    def _control_fields(self, concept: Concept, own: str) -> list[str]:
        created = concept["tio"][0]
        changed = max(concept.get("tie", []) + concept.get("tis", []) + [created])
        return [
            _control("001", own),
            _control("003", AGENCY),
            _control("005", _marc_date(changed, long=True)),
            _control("008", _marc_date(created, long=False) + FIXED_008),
        ]

    def _identification(self, concept: Concept, own: str) -> list[str]:
        number = _ID.match(own)[2]  # type: ignore[index]
        fields = [
            _data("024", [("a", URI + number), ("2", "uri")], "7"),
            _data("040", [("a", AGENCY), ("b", "nob"), ("f", "noubomn")]),
        ]
        dewey = concept.get("dw", [])[:1]
        fields += [_data("083", [("a", d), ("2", "23no")], "0", "4") for d in dewey]
        return fields

    def _see_from(self, suffix: str, concept: Concept) -> list[str]:
        tag = f"4{suffix}"
        fields = [
            _data(tag, [("a", v)]) for k in ("bf", "ak") for v in concept.get(k, [])
        ]
        for language in LABEL_LANGUAGES:
            for n, value in enumerate(concept.get(language, [])):
                rank = [("9", "rank=preferred")] if n == 0 else []
                subfields = [("a", value), *rank, ("9", f"language={language}")]
                fields.append(_data(tag, subfields))
        return fields

    def _see_also(self, concept: Concept, offset: int) -> list[str]:
        fields = []
        for key, control in RELATIONS:
            for target in concept.get(key, []):
                if target not in self.terms:
                    continue  # a dangling link in the source: no label to write
                suffix, label = self.terms[target]
                subfields = [("a", label)]
                subfields += [("w", control)] if control else []
                subfields.append(("0", f"({AGENCY}){shifted(target, offset)}"))
                fields.append(_data(f"5{suffix}", subfields))
        return fields

    def _notes(self, concept: Concept, offset: int) -> list[str]:
        fields = [_data("667", [("a", v)]) for v in concept.get("no", [])]
        fields += [_data("677", [("a", v)]) for v in concept.get("de", [])]
        for target in _successor(concept):
            label = self.terms.get(target, ("", ""))[1]
            subfields = [("i", "Erstattet av")] + ([("a", label)] if label else [])
            subfields.append(("0", f"({AGENCY}){shifted(target, offset)}"))
            fields.append(_data("682", subfields))
        return fields

    def records(self, count: int) -> Iterator[str]:
        """``count`` records, cycling through the source with shifted ids."""
        for n in range(count):
            copy, index = divmod(n, len(self.concepts))
            suffix, concept = self.concepts[index]
            yield self.record(suffix, concept, copy * OFFSET)


def _status(concept: Concept) -> str:
    if _successor(concept):
        return "x"
    return "d" if concept.get("tis") else "n"


def _successor(concept: Concept) -> list[str]:
    """The replacing id (fly=), if any; one source term names itself: deleted."""
    return [t for t in concept.get("fly", [])[:1] if t != concept["id"][0]]


def write_collection(path: Path | str, count: int) -> int:
    """Write ``count`` records to ``path`` as one MARCXML collection; the count."""
    renderer = Renderer(source())
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(
            "<!-- SYNTHETIC-FROM-REAL-DATA: generated by bench/subject_records.py from "
            "Realfagstermer (CC0, vocab-sources/norwegian/realfagstermer-id*.txt); "
            f"ids past the source's own are shifted copies ({OFFSET} per copy). -->\n"
        )
        out.write(f'<collection xmlns="{MARCXML}">\n')
        for record in renderer.records(count):
            out.write(record)
            written += 1
        out.write("</collection>\n")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--output", type=Path, default=Path("subjects.xml"))
    args = parser.parse_args()
    written = write_collection(args.output, args.records)
    size = args.output.stat().st_size / 1e6
    print(f"{args.output}: {written} records, {size:.1f} MB of MARCXML")


if __name__ == "__main__":
    main()
