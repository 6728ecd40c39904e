"""JSON from outside is read within bounds: nesting, number size, record size.

The floods and the crash of issue 16 (a 4,301-digit number killed the process inside
ijson's C backend; 20 KB of ``[`` took a gigabyte) run in a child process, so a
segfault fails one test instead of ending pytest, and its peak memory is measured.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from authority import json_input
from authority.json_input import (
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_RECORD_BYTES,
    JSONInputError,
    Record,
    loads,
    records,
)

FLOODS = {
    "digits": 'b"[" + b"1" * 4301 + b"]"',
    "brackets": 'b"[" * 20_000',
    "objects": """b'{"a":' * 120_000""",  # 600 KB
    "deep-after-a-record": """b'[{"a": 1}, ' + b"[" * 3000""",
}
"""Each flood as a Python expression (for the child process, and eval here)."""


def flood(name: str) -> bytes:
    data: bytes = eval(FLOODS[name])  # noqa: S307 (our own constants)
    return data


def read(data: bytes) -> list[Record]:
    return list(records(io.BytesIO(data)))


def child(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter; it prints JSON on its last line."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("name", FLOODS)
def test_a_flood_is_refused_in_bounded_memory(name: str) -> None:
    # Peak RSS of a child that reads the flood as a file, against its own baseline.
    result = child(f"""
        import io, json, resource
        from authority.json_input import JSONInputError, Record, loads, records
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        data = {FLOODS[name]}
        found = list(records(io.BytesIO(data)))
        try:
            loads(data)  # a request body
        except JSONInputError as error:
            found.append(Record(0, error=str(error)))
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
        print(json.dumps({{"errors": [r.error for r in found if r.error],
                           "grown_kb": grown}}))
    """)
    assert result.returncode == 0, result.stderr  # 139 was the segfault
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert len(outcome["errors"]) == 2  # as a file and as a body
    if name == "digits":
        assert (
            outcome["errors"]
            == [f"a number of more than {MAX_DIGITS} digits (at byte 1)"] * 2
        )
    assert outcome["grown_kb"] < 50_000, outcome  # was 1 GB (brackets), 6 GB (objects)


def test_the_reasons_say_which_bound_and_where() -> None:
    [brackets] = read(flood("brackets"))
    assert brackets.error == f"nested deeper than {MAX_DEPTH} levels (at byte 32)"
    first, second = read(flood("deep-after-a-record"))
    assert first.value == {"a": 1}  # what came before the flood is read
    assert second.position == 2
    assert second.error is not None and "nested deeper" in second.error


def test_within_the_bounds_everything_is_read_as_it_is() -> None:
    deep: Any = "x"
    for _ in range(MAX_DEPTH - 3):  # in a dict in a list
        deep = [deep]
    value = [{"n": -(10**18), "f": 1.5e300, "s": '[{"\\u00e9\\"]', "deep": deep}]
    data = json.dumps(value).encode()
    assert [r.value for r in read(data)] == value
    assert loads(data) == value


def test_a_number_split_across_blocks_is_still_counted() -> None:
    # The scan goes block by block (64 KB): a number cut in two is one number.
    padding = b"[" + b'"x", ' * 13_105 + b'"xxxxxx", '
    assert len(padding) == 1 << 16
    data = padding + b"1" * (MAX_DIGITS + 1) + b"]"
    [*good, bad] = read(data)
    assert len(good) == 13_106
    assert bad.error is not None and "digits" in bad.error


def test_brackets_and_quotes_inside_strings_do_not_count() -> None:
    text = '[[[[{{{{ \\" ' * 50
    data = json.dumps([{"a": text}, {"b": "]]]]}}}}"}]).encode()
    assert [r.value for r in read(data)] == [{"a": text}, {"b": "]]]]}}}}"}]


def test_a_string_cut_by_a_block_boundary_is_one_string() -> None:
    text = "[" * 70_000  # longer than a block, nothing nests inside a string
    assert [r.value for r in read(json.dumps([text, 1]).encode())] == [text, 1]


def test_a_record_longer_than_the_limit_is_refused() -> None:
    big = ["x" * 1000] * (MAX_RECORD_BYTES // 1000 + 200)  # counted by whole blocks
    found = read(json.dumps([{"a": 1}, big, {"b": 2}]).encode())
    assert found[0].value == {"a": 1}
    assert found[1].error is not None and "record longer than" in found[1].error


def test_json_lines_a_bad_line_costs_only_itself() -> None:
    data = b'{"a": 1}\n{"b": 2}\n{"c": \n\n{"d": ' + b"[" * 3000 + b'}\n{"e": 5}\n'
    found = read(data)
    assert [r.value for r in found if r.error is None] == [{"a": 1}, {"b": 2},
                                                          {"e": 5}]  # fmt: skip
    errors = [(r.position, r.error) for r in found if r.error]
    assert errors[0][0] == 3 and errors[0][1].startswith("line 3: not well-formed")
    assert errors[1][0] == 4 and errors[1][1].startswith("line 5: nested deeper")
    assert found[2].raw == '{"c": '


def test_json_lines_a_broken_first_line_costs_only_itself() -> None:
    # Found by the fuzz suite: a line break inside the first record made the file
    # read as values in a row, and it ended at the break (the good lines lost).
    data = b'{"a": "x\ny"}\n{"b": 2}\n{"c": 3}\n'
    found = read(data)
    assert [r.value for r in found if r.error is None] == [{"b": 2}, {"c": 3}]
    assert [r.position for r in found if r.error] == [1, 2]


def test_an_escaped_backslash_does_not_hide_a_lone_surrogate() -> None:
    # Review: in "\\uD800\uDC00" an escaped backslash and the text uD800 come
    # before a lone low surrogate; a look-back took the text for the pair's first half.
    with pytest.raises(JSONInputError, match="half a surrogate pair"):
        loads(rb'["\\uD800\uDC00"]')
    assert loads(rb'["\\uD800"]') == ["\\uD800"]


def test_a_wrapped_object_is_not_read_as_json_lines() -> None:
    data = b'{"numFound": 2, "results": [\n{"a": 1},\n{"b": 2}\n]}\n'
    [found] = read(data)
    assert found.error is None and found.value["numFound"] == 2


def test_a_line_longer_than_the_limit_is_skipped_and_reading_goes_on() -> None:
    data = b'{"a": 1}\n{"b": "' + b"x" * (MAX_RECORD_BYTES + 10) + b'"}\n{"c": 3}\n'
    found = read(data)
    assert found[1].error == f"line 2: longer than {MAX_RECORD_BYTES} bytes"
    assert found[2].value == {"c": 3}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "no JSON: the input is empty"),
        (b" \n ", "no JSON: the input is empty"),
        (b'["\xed\xa0\x80"]', "not UTF-8"),
        (b'{"a": NaN}', "line 1: not well-formed JSON"),
    ],
)
def test_input_that_is_no_json_is_one_error(data: bytes, reason: str) -> None:
    [found] = read(data)
    assert found.error is not None and found.error.startswith(reason)


@pytest.mark.parametrize(
    "data",
    [*FLOODS, b"{", b"\xed\xa0\x80", b"[NaN]", b""],
)
def test_loads_raises_only_json_input_errors(data: str | bytes) -> None:
    with pytest.raises(JSONInputError):
        loads(flood(data) if isinstance(data, str) else data)


def test_pretty_printed_objects_one_after_another_are_read() -> None:
    data = json.dumps({"a": [1, 2]}, indent=2) + "\n" + json.dumps({"b": 3}, indent=2)
    assert [r.value for r in read(data.encode())] == [{"a": [1, 2]}, {"b": 3}]


def test_a_byte_order_mark_is_skipped() -> None:
    assert [r.value for r in read(b'\xef\xbb\xbf{"a": 1}\n{"b": 2}\n')] == [
        {"a": 1},
        {"b": 2},
    ]


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\\\\\ud800"])
def test_half_a_surrogate_pair_is_refused_not_made_a_question_mark(
    escape: str,
) -> None:
    # yajl turned it into "?" (a silent change), json.loads into a string that
    # PostgreSQL refuses (a 500 at the API).
    data = f'["X{escape}y"]'.encode()
    [found] = read(data)
    assert found.error is not None and "half a surrogate pair" in found.error
    with pytest.raises(JSONInputError, match="half a surrogate pair"):
        loads(data)


def test_a_whole_surrogate_pair_and_an_escaped_backslash_are_text() -> None:
    data = b'["X\\ud83d\\ude00y", "\\\\ud800"]'
    assert [r.value for r in read(data)] == ["X\U0001f600y", "\\ud800"]
    assert loads(data) == ["X\U0001f600y", "\\ud800"]


def test_a_bound_passed_between_two_values_is_still_reported() -> None:
    # The guard cuts the input where the long number starts: a clean end for ijson.
    data = b'{\n  "a": 1\n}\n{"b": 2}\n' + b"1" * (MAX_DIGITS + 1)  # not JSON lines
    first, second, third = read(data)
    assert (first.value, second.value) == ({"a": 1}, {"b": 2})
    assert third.position == 3
    assert third.error is not None and "digits" in third.error


# Properties, over seeded random documents: the scan agrees with the parser whatever
# the block boundaries (blocks of a few bytes cut every string, escape and number).

ALPHABET = 'ab[]{}"\\:,0123456789 \u00e9\U0001f600\n\t'


def random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.choice("sslnd" if depth >= MAX_DEPTH - 2 else "ssnldld")
    if kind == "s":
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(12)))
    if kind == "n":
        return rng.choice([0, -7, 10**17, 1.5, -2.5e-300, True, None])
    if kind == "l":
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ["", "a", 'k"[', "\u00e9", "1"]
    return {rng.choice(keys): random_value(rng, depth + 1)
            for _ in range(rng.randrange(4))}  # fmt: skip


@pytest.mark.parametrize("block", [1, 2, 3, 7, 64])
def test_any_document_within_the_bounds_reads_as_json_loads_reads_it(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_input, "BLOCK", block)
    rng = random.Random(block)  # noqa: S311 (test data, seeded)
    for _ in range(200):
        values = [random_value(rng) for _ in range(rng.randrange(1, 4))]
        text = json.dumps(values, ensure_ascii=rng.random() < 0.5)
        assert [r.value for r in read(text.encode())] == values
        assert loads(text.encode()) == values
        lines = "\n".join(json.dumps({"v": v}) for v in values).encode()
        assert [r.value for r in read(lines)] == [{"v": v} for v in values]


@pytest.mark.parametrize("block", [1, 5, 64])
def test_broken_bytes_are_errors_never_exceptions(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_input, "BLOCK", block)
    rng = random.Random(1000 + block)  # noqa: S311 (test data, seeded)
    for _ in range(300):
        data = bytearray(json.dumps([random_value(rng) for _ in range(3)]).encode())
        for _ in range(rng.randrange(1, 4)):
            data[rng.randrange(len(data))] = rng.choice(b'[]{}"\\1\xff\xed,:')
        found = read(bytes(data))  # must not raise
        assert all(r.error is None or r.value is None for r in found)
        with contextlib.suppress(JSONInputError):  # and nothing else
            loads(bytes(data))
