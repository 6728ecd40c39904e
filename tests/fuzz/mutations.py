"""Mutations of a seed: what broken exports and hostile senders send.

Every case is a pure function of (seed, reader, case number): ``case(...)`` seeds a
``random.Random`` with the three, so any failure is reproduced by its number alone.
Generic byte damage (flips, truncation, splices, duplicated or deleted spans) is
mixed with hostile tokens: numbers of thousands of digits, deep nesting, C0
controls and MARC's delimiters, invalid UTF-8, DTDs and entities, huge values, type
confusion in JSON, wrong lengths in ISO 2709 leaders and directories.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from tests.fuzz.seeds import Seed, seeds

MAX_CASE_BYTES = 1_000_000
"""Cases stay under 1 MB: the memory bound is stated for inputs of that size."""

Mutation = Callable[[random.Random, bytes, bytes], bytes]
"""(rng, data, another seed's data) -> mutated data."""


def case(seed: int, reader: str, number: int) -> Seed:
    """Case ``number`` of ``reader``: the seeds unchanged, each of :data:`DIRECTED`
    once (so that even a short run meets every hostile token), then mutants."""
    pool = seeds(reader)
    if number < len(pool):
        return pool[number]
    rng = random.Random(f"{seed}/{reader}/{number}")  # noqa: S311 - reproducible
    if number < len(pool) + len(DIRECTED):
        base = pool[number % len(pool)]
        token = DIRECTED[number - len(pool)]
        return Seed(base.name, _directed(rng, reader, base.data, token))
    base = rng.choice(pool)
    data = base.data
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
        other = rng.choice(pool).data
        mutation = rng.choice(_MUTATIONS[reader])
        data = mutation(rng, data, other)[:MAX_CASE_BYTES]
    return Seed(base.name, data)


# Generic damage


def _offset(rng: random.Random, data: bytes) -> int:
    return rng.randrange(len(data) + 1)


def flip(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A few bits flipped."""
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """Cut at a random offset (a download or a disk that stopped)."""
    return data[: _offset(rng, data)]


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """The head of one document on the tail of another."""
    return data[: _offset(rng, data)] + other[_offset(rng, other) :]


def duplicate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A span repeated in place."""
    start = _offset(rng, data)
    end = min(len(data), start + rng.choice((1, 8, 64, 512, 4096)))
    return data[:end] + data[start:end] * rng.randint(1, 4) + data[end:]


def delete(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A span removed."""
    start = _offset(rng, data)
    return data[:start] + data[start + rng.choice((1, 3, 16, 200, 2000)) :]


def insert_token(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A hostile token at a random offset."""
    at = _offset(rng, data)
    return data[:at] + rng.choice(_TOKENS)(rng) + data[at:]


def replace_byte(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """Bytes replaced by structural or control ones."""
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        out[rng.randrange(len(out))] = rng.choice(_INTERESTING_BYTES)
    return bytes(out)


_INTERESTING_BYTES = (
    *range(0x20),
    *b"<>&\"'{}[],:=\\/#;@ ",
    0x7F,
    0x80,
    0xA0,
    0xC3,
    0xED,
    0xFF,
)


# Hostile tokens


def _digits(rng: random.Random) -> bytes:
    count = rng.choice((20, 400, 4300, 4301, 5000, 20_000))
    return rng.choice((b"", b"-", b"0.", b"1e", b"-1E+")) + b"1" * count


def _nesting(rng: random.Random) -> bytes:
    depth = rng.choice((100, 1000, 3000, 20_000, 100_000))
    opener = rng.choice((b"[", b'{"a":', b"<a>", b"[{"))
    return opener * depth


def _control(rng: random.Random) -> bytes:
    code = rng.choice((0x00, 0x1D, 0x1E, 0x1F, rng.randrange(0x20)))
    if rng.random() < 0.5:
        return bytes([code])  # raw: fine in ISO 2709 bytes, broken elsewhere
    # Escaped forms each format reads as the character itself.
    return rng.choice((b"\\u%04x" % code, b"&#%d;" % code, b"&#x%x;" % code))


def _bad_utf8(rng: random.Random) -> bytes:
    return rng.choice(
        (
            b"\xed\xa0\x80",  # a UTF-16 surrogate, UTF-8-encoded
            b"\xc0\xaf",  # an overlong "/"
            b"\xf4\x90\x80\x80",  # beyond U+10FFFF
            b"\x80",
            b"\xff\xfe",
            b"\xe2\x82",  # a sequence cut short
            b"\\ud800",  # a lone surrogate as a JSON escape
        )
    )


def _dtd(rng: random.Random) -> bytes:
    return rng.choice(
        (
            b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
            b'<!DOCTYPE r SYSTEM "http://127.0.0.1:9/x.dtd">',
            b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;">]>',
            b"&x;",
            b"&c;",
            b'<!ENTITY % p SYSTEM "http://127.0.0.1:9/p">%p;',
            b"<!-- " + b"c" * 5000 + b" -->",
        )
    )


def _huge_value(rng: random.Random) -> bytes:
    size = rng.choice((10_000, 100_000, 500_000))
    return rng.choice((b"A", b"\xc3\xa5", b" ", b"\\\\")) * (size // 2)


def _json_value(rng: random.Random) -> bytes:
    return rng.choice(
        (
            b"1.5",
            b"[true]",
            b'["x","y"]',
            b"{}",
            b"[]",
            b"null",
            b"true",
            b"-0",
            b"1e999",
            b"NaN",
            b"Infinity",
            b'{"a":{"b":[]}}',
            b'""',
            b'"' + b"x" * 70_000 + b'"',
        )
    )


_TOKENS: tuple[Callable[[random.Random], bytes], ...] = (
    _digits,
    _nesting,
    _control,
    _control,
    _bad_utf8,
    _dtd,
    _huge_value,
    _json_value,
)


# Every hostile token once


DIRECTED: tuple[bytes, ...] = (
    b"1" * 4301,  # ijson's C backend once died on this
    b"-1E+" + b"1" * 20,
    b"[" * 3000,
    b"[" * 20_000,
    b'{"a":' * 120_000,  # 600 KB
    b"<a>" * 20_000,
    b"\x00",
    b"\x1d",
    b"\x1e",
    b"\x1f",
    b"\\u001f",
    b"&#x1f;",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\\ud800",
    b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE r SYSTEM "http://127.0.0.1:9/x.dtd">',
    b"<!-- " + b"x" * 5000 + b' --><!DOCTYPE r [<!ENTITY x "y">]>',
    b"&x;",
    b"A" * 500_000,
    b"1.5",
    b"[true]",
    b'["x","y"]',
    b"null",
    b"{}",
    b"",  # not a token: the empty file
)
"""Tokens put once into a seed where they count: as a JSON value, between XML tags
(a DTD in the prologue), anywhere in other formats."""


def _directed(rng: random.Random, reader: str, data: bytes, token: bytes) -> bytes:
    if not token:
        return b""
    if reader in ("marcjson", "bare-json"):  # a value, not a key
        found = [m for m in _JSON_SCALAR.finditer(data) if not _is_key(data, m.end())]
    elif token.startswith(b"<!"):
        end = data.find(b"?>")
        at = end + 2 if end >= 0 else 0
        return data[:at] + token + data[at:]
    elif reader in ("marcxml", "emnemodul"):
        found = [m for m in _XML_VALUE.finditer(data) if m.group().startswith(b">")]
    else:
        at = _offset(rng, data)
        return data[:at] + token + data[at:]
    if not found:
        return data + token
    hit = rng.choice(found)
    if reader in ("marcxml", "emnemodul"):  # between the tags: > ... <
        return data[: hit.start() + 1] + token + data[hit.end() - 1 :]
    return data[: hit.start()] + token + data[hit.end() :]


def _is_key(data: bytes, end: int) -> bool:
    return data[end : end + 8].lstrip()[:1] == b":"


# Format-aware damage


_JSON_SCALAR = re.compile(rb'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null')
_XML_VALUE = re.compile(rb'="[^"]*"|>[^<]*<')


def json_value(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """One JSON scalar (a key or a value) replaced by a value of another type."""
    found = list(_JSON_SCALAR.finditer(data[:200_000]))
    if not found:
        return data
    hit = rng.choice(found)
    return data[: hit.start()] + _json_value(rng) + data[hit.end() :]


def xml_value(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """One attribute value or text replaced by a hostile token."""
    found = list(_XML_VALUE.finditer(data[:200_000]))
    if not found:
        return data
    hit = rng.choice(found)
    token = rng.choice((_control, _bad_utf8, _huge_value, _digits, _dtd))(rng)
    if hit.group().startswith(b"="):  # inside the quotes: =" ... "
        start, token = hit.start() + 2, token.replace(b'"', b"'")
    else:  # between the tags: > ... <
        start = hit.start() + 1
    return data[:start] + token + data[hit.end() - 1 :]


def prologue(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A DTD (or a long comment, then a DTD) after the XML declaration."""
    end = data.find(b"?>")
    at = end + 2 if end >= 0 else 0
    lead = b"<!-- " + b"x" * 5000 + b" -->" if rng.random() < 0.3 else b""
    return data[:at] + lead + _dtd(rng) + data[at:]


def iso_lengths(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A record's leader or directory given wrong lengths, offsets or leader/09."""
    starts = [0, *(m.end() for m in re.finditer(rb"\x1d", data[:-1]))]
    start = rng.choice(starts)
    out = bytearray(data)
    where = rng.choice(("length", "base", "coding", "directory"))
    if where == "length":
        span, value = (start, start + 5), rng.choice((b"00000", b"99999", b"0002x"))
    elif where == "base":
        span, value = (start + 12, start + 17), b"%05d" % rng.randrange(100_000)
    elif where == "coding":
        span, value = (start + 9, start + 10), rng.choice((b" ", b"a", b"x"))
    else:
        entry = start + 24 + 12 * rng.randrange(8)
        span, value = (entry + 3, entry + 12), b"%09d" % rng.randrange(10**9)
    if span[1] <= len(out):
        out[span[0] : span[1]] = value
    return bytes(out)


def lines(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """Lines duplicated, dropped, swapped or given a line of another document."""
    rows = data.split(b"\n")
    at = rng.randrange(len(rows))
    action = rng.choice(("dup", "drop", "swap", "foreign"))
    if action == "dup":
        rows.insert(at, rows[at])
    elif action == "drop":
        del rows[at]
    elif action == "swap":
        other_at = rng.randrange(len(rows))
        rows[at], rows[other_at] = rows[other_at], rows[at]
    else:
        rows.insert(at, rng.choice(other.split(b"\n")))
    return b"\n".join(rows)


_GENERIC: tuple[Mutation, ...] = (
    flip,
    truncate,
    splice,
    duplicate,
    delete,
    insert_token,
    insert_token,
    replace_byte,
)
_JSON = (*_GENERIC, json_value, json_value, lines)
_XML = (*_GENERIC, xml_value, xml_value, prologue)
_MUTATIONS: dict[str, tuple[Mutation, ...]] = {
    "marcjson": _JSON,
    "bare-json": _JSON,
    "marcxml": _XML,
    "emnemodul": _XML,
    "iso2709": (*_GENERIC, iso_lengths, iso_lengths),
    "realfagstermer": (*_GENERIC, lines, lines),
    "skos": (*_GENERIC, lines),
}
