"""SYNTHETIC BARE-shaped authority records for benchmarks and load tests.

    python bench/bare_records.py [--records 100000] [--format json|marcxchange]
                                 [--output bare.jsonl] [--seed 1] [--broken 0.5]

Never use these for correctness tests: the people, bodies and meetings are invented
(small built-in lists of Norwegian and Sámi names, no Faker), only the *shape* is
BARE's (domain/bare.md §4-§6, corpus/bare/json and corpus/bare/marcxchange):

    json         one BARE REST record per line: authorityType, status kat1-3, origin,
                 deleted, replacedBy, systemControlNumber, createdDate/lastUpdateDate
                 ``YYYY-MM-DD HH:MM:SS.mmm``, marcdata (variable fields, some old
                 indicators ``""``), identifiersMap (scn, autid, handle, viaf, isni ...)
    marcxchange  the same records as one ``marc:collection``: leader (/05 ``d`` when
                 deleted), 001, 003 NO-TrBIB, 005, 008 ``yymmdd`` +
                 ``n| adz|naabn|         |a|ana|     ``, 024s from identifiersMap in
                 BARE's order (autid, hdl, isni, viaf, bibbi ...), marcdata, 901 katN

Record ``n`` (0-based) has id ``10000000 + n``, or every tenth one a 13-digit epoch-ms
id; its content comes from its own ``random.Random`` seeded by (seed, n). So a relation
(500 pseudonym, replacedBy) can name any other record of the file, label included,
without keeping anything: memory is constant whatever the count. Proportions follow
the samples: ~85% persons, ~12% corporations, ~3% meetings; ~2% merged, ~1% deleted.
``--broken PCT`` records are broken on purpose (see BROKEN), for error paths.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

MARCXCHANGE = "info:lc/xmlns/marcxchange-v1"
AGENCY = "NO-TrBIB"
LEADER = "99999{}z  a2299999n  4500"
FIXED_008 = "n| adz|naabn|         |a|ana|     "
FIRST_LEGACY_ID = 10_000_000
FIRST_EPOCH_MS = 1_450_000_000_000  # December 2015
NEW_ID_EVERY = 10  # every tenth record has a 13-digit epoch-ms id
FIRST_HANDLE = 200_000
SYNTHETIC = "SYNTHETIC: invented records in BARE's shape (bench/bare_records.py)"

Subfields = list[tuple[str, str]]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


BROKEN = ("no-heading", "self-replaced", "duplicate-id", "long-indicator")
"""Ways a record is broken: no 1XX, replacedBy its own id, the previous record's id,
an indicator of two characters."""

ORDER_024 = (  # identifiersMap key -> 024 $2, in BARE's output order
    ("autid", AGENCY),
    ("handle", "hdl"),
    ("isni", "isni"),
    ("viaf", "viaf"),
    ("bibbi", "bibbi"),
    ("orcid", "orcid"),
    ("feide", "feide"),
)

MEN = _words(
    "Ole Lars Jan Per Bjørn Kjell Knut Arne Svein Hans Geir Tor Terje Odd Rune Trond "
    "Eirik Magnus Håkon Sindre Øyvind Jørgen Asbjørn Halvor Torbjørn Gunnar Leif"
)
WOMEN = _words(
    "Anne Inger Kari Marit Ingrid Liv Eva Berit Astrid Bjørg Hilde Randi Solveig "
    "Ragnhild Tone Silje Ingeborg Åse Gro Sigrid Torunn Synnøve Kristin Guri Mette"
)
SURNAMES = _words(
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
    "Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl "
    "Jørgensen Halvorsen Henriksen Lund Sørensen Strand Moen Solberg Bakken "
    "Kristoffersen Lie Rasmussen Amundsen Næss Sæther Ødegård Østby Brekke Aas Vik "
    "Tveit Nygård"
)
SAMI_MEN = _words("Áilu Ánde Niillas Ánte Máhtte Ásllat Jovnna Heaika Biera Ovllá")
SAMI_WOMEN = _words("Máret Biret Ŋuvdi Sárá Iŋgá Risten Elle Ánne Gáren Káren")
SAMI_SURNAMES = _words(
    "Gaup Somby Sara Utsi Valkeapää Čuoŋoš Eira Hætta Balto Turi Bongo Mienna Skum "
    "Guttorm Mággá Čalbmi"
)
PLACES = _words(
    "Oslo Bergen Trondheim Stavanger Tromsø Bodø Kristiansand Drammen Ålesund Hamar "
    "Lillehammer Molde Harstad Alta Narvik Gjøvik Skien Førde Steinkjer Arendal"
)
SAMI_PLACES = _words(
    "Kárášjohka Guovdageaidnu Unjárga Deatnu Porsáŋgu Gáivuotna Evenášši Čáhcesuolu"
)
OCCUPATIONS = _words(
    "Forfatter Lyriker Journalist Lærer Historiker Musiker Komponist Maler Fotograf "
    "Lege Sykepleier Ingeniør Jurist Prest Skuespiller Oversetter Joiker Duodjár"
)
SAMI_OCCUPATIONS = _words("čálli mánáidgirječálli dáiddár juoigi duojár")
COUNTRIES = {"no": "Norga", "se": "Ruoŧŧa", "fi": "Suopma"}  # North Sámi names
BODY_KINDS = (
    "kommune",
    "museum",
    "sanitetsforening",
    "idrettslag",
    "husflidslag",
    "historielag",
    "bibliotek",
    "mannskor",
)
MINISTRIES = (
    "Kulturdepartementet",
    "Kunnskapsdepartementet",
    "Justis- og beredskapsdepartementet",
    "Kommunal- og distriktsdepartementet",
)
MEETINGS = (
    "Nordiske bibliotekdager",
    "Norsk historikermøte",
    "Samisk kirkeråds konferanse",
    "Nasjonal konferanse om lesing",
    "Landsmøte i Norsk Bibliotekforening",
    "Sámi giellakonferánsa",
)
SOURCES = ("Wikipedia, lest {}", "Nasjonalbiblioteket, lest {}", "Forlagets info {}")


def record_id(n: int) -> str:
    """The id of record ``n``: ``10000000 + n``, or an epoch-ms id for every tenth."""
    if n % NEW_ID_EVERY == NEW_ID_EVERY - 1:
        return str(FIRST_EPOCH_MS + n * 3_613 + (n * 7) % 1_000)
    return str(FIRST_LEGACY_ID + n)


def _rng(seed: int, n: int) -> random.Random:
    return random.Random((seed << 40) | n)


def _person_name(rng: random.Random) -> tuple[str, str, bool]:
    """(surname, given names, Sámi?) — the first draws after the kind."""
    sami = rng.random() < 0.12
    female = rng.random() < 0.5
    if sami:
        given = rng.choice(SAMI_WOMEN if female else SAMI_MEN)
        surname = rng.choice(SAMI_SURNAMES)
    else:
        given = rng.choice(WOMEN if female else MEN)
        if rng.random() < 0.3:
            given += " " + rng.choice(WOMEN if female else MEN)
        surname = rng.choice(SURNAMES)
    return surname, given, female


def _kind(rng: random.Random) -> str:
    draw = rng.random()
    return "PERSON" if draw < 0.85 else "CORPORATION" if draw < 0.97 else "CONFERENCE"


def _life(rng: random.Random) -> str | None:
    draw = rng.random()
    born = rng.randint(1850, 2000)
    died = born + rng.randint(25, 95)
    if draw < 0.3 and died < 2025:
        return f"{born}-{died}"
    return f"{born}-" if draw < 0.65 else None


def pseudonym_target(seed: int, n: int) -> tuple[str, str] | None:
    """Label ``Surname, Given`` and dates of record ``n`` when it is a person."""
    rng = _rng(seed, n)
    if _kind(rng) != "PERSON":
        return None
    surname, given, _ = _person_name(rng)
    return f"{surname}, {given}", _life(rng) or ""


def _field(tag: str, subfields: Subfields, ind1: str = " ", ind2: str = " ") -> dict:
    return {
        "tag": tag,
        "ind1": ind1,
        "ind2": ind2,
        "subfields": [{"subcode": c, "value": v} for c, v in subfields],
    }


def _date(rng: random.Random) -> str:
    return (
        f"{rng.randint(2008, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    )


def _person_fields(
    rng: random.Random, seed: int, n: int, count: int
) -> tuple[list[dict], dict]:
    surname, given, female = _person_name(rng)
    life = _life(rng)
    sami = surname in SAMI_SURNAMES
    heading: Subfields = [("a", f"{surname}, {given}")] + (
        [("d", life)] if life else []
    )
    fields = []
    if sami or rng.random() < 0.35:
        codes = ["no"] + (["fi" if rng.random() < 0.3 else "se"] if sami else [])
        fields.append(_field("043", [("c", c) for c in codes]))
    fields.append(_field("100", heading, "1"))
    if sami and rng.random() < 0.5:
        place = rng.choice(SAMI_PLACES)
        country = COUNTRIES[fields[0]["subfields"][-1]["value"]]
        fields.append(_field("370", [("a", place), ("c", country)]))
    elif rng.random() < 0.2:
        fields.append(_field("370", [("a", f"{rng.choice(PLACES)}, Norge")]))
    if rng.random() < 0.25:
        occupations = SAMI_OCCUPATIONS if sami else OCCUPATIONS
        fields.append(_field("374", [("a", rng.choice(occupations))]))
    if rng.random() < 0.6:
        fields.append(_field("375", [("a", "f" if female else "m")]))
    if sami or rng.random() < 0.4:
        code = "n.-sam." if sami else "n."
        fields.append(
            _field(
                "386",
                [("a", code), ("m", "Nasjonalitet/regional gruppe"), ("2", "bs-nasj")],
            )
        )
    if sami:
        fields.append(_field("400", [("a", given)] + heading[1:], "0"))
    elif rng.random() < 0.2:
        fields.append(
            _field("400", [("a", f"{surname}, {given[0]}.")] + heading[1:], "1")
        )
    target = rng.randrange(count) if count > 1 and rng.random() < 0.03 else n
    pseudonym = pseudonym_target(seed, target) if target != n else None
    if pseudonym:
        label, dates = pseudonym
        link = [("0", f"({AGENCY}){record_id(target)}")]
        fields.append(
            _field(
                "500", [("a", label)] + ([("d", dates)] if dates else []) + link, "1"
            )
        )
    if rng.random() < 0.3:
        fields.append(_field("670", [("a", rng.choice(SOURCES).format(_date(rng)))]))
    if pseudonym:
        first, _, last = pseudonym[0].partition(", ")
        fields.append(_field("678", [("a", f"Psevdonym for {last} {first}")]))
    if rng.random() < 0.02:
        fields.append(
            _field("667", [("a", f"Ikke samme person som {given} {surname}")])
        )
    return fields, _person_identifiers(rng, n, sami)


def _person_identifiers(rng: random.Random, n: int, sami: bool) -> dict:
    ids: dict[str, list[str]] = {}
    if rng.random() < 0.3:
        isni = _with_check(f"0000000{(n * 7_919 + 12_345_678) % 10**8:08d}")
        ids["isni"] = [isni if rng.random() < 0.6 else f"https://isni.org/isni/{isni}"]
    if rng.random() < 0.45:
        number = str(10_000_000 + n * 37)
        form = rng.choice(("http://viaf.org/viaf/{}", "https://viaf.org/viaf/{}", "{}"))
        ids["viaf"] = [form.format(number)]
    if rng.random() < 0.15:
        number = str(30_000 + n)
        ids["bibbi"] = [
            number if rng.random() < 0.5 else f"https://id.bs.no/bibbi/{number}"
        ]
    if rng.random() < 0.04:
        ids["orcid"] = [_orcid(n)]
    if rng.random() < 0.02 and not sami:
        ids["feide"] = [f"user{n}@uit.no"]
    return ids


def _with_check(digits: str) -> str:
    """ISO 7064 mod 11-2 check character appended (ISNI, ORCID)."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return digits + ("X" if check == 10 else str(check))


def _orcid(n: int) -> str:
    value = _with_check(f"000000{(n * 104_729) % 10**9:09d}")
    return "-".join(value[i : i + 4] for i in range(0, 16, 4))


def _corporation_fields(rng: random.Random) -> list[dict]:
    place = rng.choice(PLACES + SAMI_PLACES[:2])
    draw = rng.random()
    if draw < 0.25:
        heading = _field("110", [("a", "Norge"), ("b", rng.choice(MINISTRIES))], "1")
        variants = [_field("410", [("a", heading["subfields"][1]["value"])], "2")]
    elif draw < 0.4:
        heading = _field("110", [("a", f"Universitetet i {place}")], "2")
        variants = [_field("410", [("a", f"UiT {place}")], "2")] if draw < 0.3 else []
    else:
        heading = _field("110", [("a", f"{place} {rng.choice(BODY_KINDS)}")], "2")
        variants = []
    fields = [heading, *variants]
    if rng.random() < 0.3:
        fields.append(_field("678", [("a", f"Gjelder fra {rng.randint(1900, 2015)}")]))
    return fields


def _meeting_fields(rng: random.Random) -> list[dict]:
    year = rng.randint(1950, 2024)
    subfields = [
        ("a", rng.choice(MEETINGS)),
        ("n", f"{rng.randint(1, 40)}"),
        ("d", str(year)),
        ("c", rng.choice(PLACES + SAMI_PLACES)),
    ]
    return [_field("111", subfields, "2")]


def _dates(rng: random.Random, authority_id: str) -> tuple[datetime, datetime]:
    if len(authority_id) == 13:
        created = datetime.fromtimestamp(int(authority_id) / 1000, UTC)
    else:
        created = datetime(1995, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(7300))
    end = datetime(2025, 6, 30, tzinfo=UTC)
    span = int((end - created).total_seconds() * 1000)
    modified = created + timedelta(milliseconds=rng.randrange(max(span, 1)))
    return created, modified


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def record(
    seed: int, n: int, count: int, broken: float = 0.5
) -> tuple[dict, str | None]:
    """Record ``n`` of ``count`` as BARE JSON, and how it is broken (or None)."""
    rng = _rng(seed, n)
    kind = _kind(rng)
    if kind == "PERSON":
        fields, identifiers = _person_fields(rng, seed, n, count)
    else:
        fields = (
            _corporation_fields(rng) if kind == "CORPORATION" else _meeting_fields(rng)
        )
        identifiers = {"viaf": [f"http://viaf.org/viaf/{150_000_000 + n}"]}
        identifiers = identifiers if rng.random() < 0.3 else {}
    authority_id = record_id(n)
    legacy = len(authority_id) == 8
    if rng.random() < 0.7:
        cataloguer = [("a", AGENCY), ("b", "nob"), ("c", AGENCY), ("f", "noraf")]
        fields.insert(0, _field("040", cataloguer))
    if legacy and rng.random() < 0.15:  # older data: blank indicators as ""
        for f in fields:
            f["ind1"] = f["ind1"].strip()
            f["ind2"] = f["ind2"].strip()
    flaw = rng.choice(BROKEN) if rng.random() * 100 < broken else None
    flaw = None if flaw == "duplicate-id" and n == 0 else flaw
    deleted, replaced_by = False, "0"
    draw = rng.random()
    if draw < 0.02 and count > 1:
        deleted = True
        other = rng.randrange(count - 1)
        replaced_by = record_id(other if other < n else other + 1)
    elif draw < 0.03:
        deleted = True
    if flaw == "no-heading":
        fields = [f for f in fields if not f["tag"].startswith("1")]
    elif flaw == "self-replaced":
        deleted, replaced_by = True, authority_id
    elif flaw == "duplicate-id":
        authority_id = record_id(n - 1)
    elif flaw == "long-indicator":
        heading = next(f for f in fields if f["tag"].startswith("1"))
        heading["ind1"] = heading["ind1"].strip() + "0"
    legacy = len(authority_id) == 8
    created, modified = _dates(rng, authority_id)
    scn = [authority_id]
    if rng.random() < 0.5:
        scn.insert(0, f"oai:bibsys.no:authority:{authority_id}")
    ids: dict[str, list[str]] = {"scn": scn}
    if legacy:
        ids["autid"] = [f"x{int(authority_id):08d}"]
    if legacy or rng.random() < 0.8:
        ids["handle"] = [f"http://hdl.handle.net/11250/{FIRST_HANDLE + n}"]
    ids.update(identifiers)
    origin = "adabas" if legacy else rng.choice(("sruu", "hha253######47BIBSYS_UBTO"))
    status = rng.choices(("kat1", "kat2", "kat3"), (30, 15, 55))[0]
    return {
        "authorityType": kind,
        "status": status,
        "origin": origin,
        "deleted": deleted,
        "systemControlNumber": authority_id,
        "lastUpdateDate": _stamp(modified),
        "createdDate": _stamp(
            created.replace(hour=0, minute=0, second=0, microsecond=0)
        )
        if legacy
        else _stamp(created),
        "replacedBy": replaced_by,
        "marcdata": fields,
        "identifiersMap": ids,
    }, flaw


def records(
    count: int, seed: int = 1, broken: float = 0.5
) -> Iterator[tuple[dict, str | None]]:
    """Every record of a file of ``count``, with how it is broken, one at a time."""
    for n in range(count):
        yield record(seed, n, count, broken)


def write_json_lines(
    path: Path | str, count: int, seed: int = 1, broken: float = 0.5
) -> int:
    """Write ``count`` BARE JSON records to ``path``, one per line; the count."""
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        for item, _ in records(count, seed, broken):
            out.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            written += 1
    return written


def _text(value: str) -> str:
    return escape(value)


def marcxchange_record(item: dict[str, Any]) -> str:
    """One ``<marc:record>`` as BARE's SRU/OAI wrote it (domain/bare.md §5)."""
    created = item["createdDate"]
    modified = item["lastUpdateDate"]
    stamp = "".join(c for c in modified[:19] if c.isdigit()) + ".0"
    status = "d" if item["deleted"] else "n"
    fixed = created[2:4] + created[5:7] + created[8:10] + FIXED_008
    parts = [
        '  <marc:record format="MARC21" type="Authority">\n',
        f"    <marc:leader>{LEADER.format(status)}</marc:leader>\n",
        _control("001", item["systemControlNumber"]),
        _control("003", AGENCY),
        _control("005", stamp),
        _control("008", fixed),
    ]
    identifiers = item["identifiersMap"]
    for key, code in ORDER_024:
        for value in identifiers.get(key, []):
            parts.append(_data("024", [("a", value), ("2", code)], "7", " "))
    for f in item["marcdata"]:
        subfields = [(s["subcode"], s["value"]) for s in f["subfields"]]
        parts.append(_data(f["tag"], subfields, f["ind1"] or " ", f["ind2"] or " "))
    parts.append(_data("901", [("a", item["status"])], " ", " "))
    parts.append("  </marc:record>\n")
    return "".join(parts)


def _control(tag: str, value: str) -> str:
    return f'    <marc:controlfield tag="{tag}">{_text(value)}</marc:controlfield>\n'


def _data(tag: str, subfields: Subfields, ind1: str, ind2: str) -> str:
    inner = "".join(
        f'      <marc:subfield code="{code}">{_text(value)}</marc:subfield>\n'
        for code, value in subfields
    )
    attributes = f"tag={quoteattr(tag)} ind1={quoteattr(ind1)} ind2={quoteattr(ind2)}"
    head = f"    <marc:datafield {attributes}>\n"
    return f"{head}{inner}    </marc:datafield>\n"


def write_marcxchange(
    path: Path | str, count: int, seed: int = 1, broken: float = 0.5
) -> int:
    """Write the same ``count`` records as one MARCXchange collection; the count."""
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(f"<!-- {SYNTHETIC}; seed {seed}, {count} records -->\n")
        out.write(f'<marc:collection xmlns:marc="{MARCXCHANGE}">\n')
        for item, _ in records(count, seed, broken):
            out.write(marcxchange_record(item))
            written += 1
        out.write("</marc:collection>\n")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--format", choices=("json", "marcxchange"), default="json")
    parser.add_argument("--output", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--broken", type=float, default=0.5, help="percent")
    args = parser.parse_args()
    output = args.output or Path("bare.jsonl" if args.format == "json" else "bare.xml")
    write = write_json_lines if args.format == "json" else write_marcxchange
    start = time.perf_counter()
    written = write(output, args.records, args.seed, args.broken)
    seconds = time.perf_counter() - start
    size = output.stat().st_size / 1e6
    print(
        f"{output}: {written} SYNTHETIC records, {size:.1f} MB of {args.format}, "
        f"{written / seconds:,.0f} records/s"
    )


if __name__ == "__main__":
    main()
