"""Every form of reference to an authority (domain/bare.md §6), parsed as a table."""

from __future__ import annotations

import pytest

from authority.domain.references import Reference, parse_reference

MOSER = "90517730"

BARE = "https://authority.bibsys.no/authority/rest/authorities"
ISNI = "0000000121312247"

OLD_LD = "http://data.bibsys.no/data/notrbib/authorityentry/x90517730"
ORCID = "0000-0001-7884-3049"

WD = (("wikidata", "Q42"),)
HDL = (("handle", "11250/1969546"),)

FORMS = [
    ("90517730", Reference(ids=(MOSER,))),
    (" 90517730 ", Reference(ids=(MOSER,))),
    ("x90517730", Reference(ids=(MOSER,), identifiers=(("autid", "x90517730"),))),
    ("X05093806", Reference(ids=("5093806",), identifiers=(("autid", "x05093806"),))),
    ("(NO-TrBIB)90517730", Reference(ids=(MOSER,))),
    ("(no-trbib)90517730", Reference(ids=(MOSER,))),
    ("(NoOU)REAL000011", Reference(ids=("REAL000011",))),
    ("oai:bibsys.no:authority:90517730", Reference(ids=(MOSER,))),
    ("bibsys.no:authority:90517730", Reference(ids=(MOSER,))),
    (f"{BARE}/v2/90517730?format=json", Reference(ids=(MOSER,))),
    (f"{BARE}/html/90517730", Reference(ids=(MOSER,))),
    (BARE.replace("https", "http") + "/90517730", Reference(ids=(MOSER,))),
    ("https://livedata.bibsys.no/authority/90517730", Reference(ids=(MOSER,))),
    ("https:/livedata.bibsys.no/authority/90517730", Reference(ids=(MOSER,))),
    (OLD_LD, Reference(ids=(MOSER,), identifiers=(("autid", "x90517730"),))),
    ("https://authority.example/authorities/90517730.ttl", Reference(ids=(MOSER,))),
    ("HUME28807", Reference(ids=("HUME28807",))),
    ("http://hdl.handle.net/11250/1969546", Reference(identifiers=HDL)),
    ("hdl:11250/1969546", Reference(identifiers=HDL)),
    ("11250/1969546", Reference(identifiers=HDL)),
    # Sixteen digits are an id and an ISNI: the lookup decides.
    (ISNI, Reference(ids=(ISNI,), identifiers=(("isni", ISNI),))),
    ("0000 0001 2131 2247", Reference(identifiers=(("isni", ISNI),))),
    ("ISNI 0000 0001 2131 224x", Reference(identifiers=(("isni", ISNI[:-1] + "X"),))),
    (f"https://isni.org/isni/{ISNI}", Reference(identifiers=(("isni", ISNI),))),
    (f"http://www.isni.org/isni/{ISNI}", Reference(identifiers=(("isni", ISNI),))),
    ("https://viaf.org/viaf/46897170", Reference(identifiers=(("viaf", "46897170"),))),
    ("http://viaf.org/viaf/46897170/", Reference(identifiers=(("viaf", "46897170"),))),
    (ORCID, Reference(identifiers=(("orcid", ORCID),))),
    (f"https://orcid.org/{ORCID}", Reference(identifiers=(("orcid", ORCID),))),
    ("Q42", Reference(identifiers=WD)),
    ("http://www.wikidata.org/entity/Q42", Reference(identifiers=WD)),
    ("https://www.wikidata.org/wiki/Q42", Reference(identifiers=WD)),
    ("https://id.bs.no/bibbi/30461", Reference(identifiers=(("bibbi", "30461"),))),
    ("bibbi:30461", Reference(identifiers=(("bibbi", "30461"),))),
    ("https://d-nb.info/gnd/118600087", Reference(identifiers=(("gnd", "118600087"),))),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[t for t, _ in FORMS])
def test_form(text: str, expected: Reference) -> None:
    assert parse_reference(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "junk",
        "may-britt.moser@ntnu.no",  # a feide address: private, never looked up
        "194.0.0.0",  # an orgunitid: private too
        "https://example.org/something/90517730",
        "x",
        "(NO-TrBIB)",
        "\x00",
        "9" * 5000,
    ],
)
def test_no_form(text: str) -> None:
    assert parse_reference(text) == Reference()
