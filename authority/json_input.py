"""JSON from outside (request bodies, export files), read within fixed bounds.

Every JSON the service or the loaders read passes through here, because neither
parser can be handed hostile bytes as they are:

- ijson's C backend (yajl2_c, the only fast one) kills the process on an integer of
  more than 4,300 digits (Python's int limit, raised inside a callback it does not
  check), and builds a prefix string per nesting level for every event, so 20 KB
  of ``[`` costs a gigabyte;
- the standard library's parser recurses once per level (RecursionError).

So the bytes are scanned first, in bounded memory and a few C-level regular
expressions per 64 KB block: nesting at most :data:`MAX_DEPTH` levels, numbers at
most :data:`MAX_DIGITS` digits, one record (or string) at most
:data:`MAX_RECORD_BYTES`. No library offers such a guard for a stream (orjson and
the standard library take whole documents; ijson's pure-Python backend is 30x
slower), hence this module. Only bytes that passed reach a parser.

:func:`loads` reads a whole document (a request body, a JSON line).
:func:`records` streams a file's records: the elements of a top-level array, one
value per line (JSON lines: a bad line costs only itself), or values one after the
other (pretty-printed objects).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import IO, Any

import ijson

MAX_DEPTH = 32
"""Nesting levels; our records need 6 (MARC-in-JSON), a search response 8."""
MAX_DIGITS = 40
"""Digits in one number; no number in our formats needs more than 20 (an id)."""
MAX_RECORD_BYTES = 4 * 1024 * 1024
"""One record, JSON line or string: the API's own body limit (MAX_CONTENT_LENGTH)."""

BLOCK = 1 << 16
BOM = b"\xef\xbb\xbf"
_SLICE = 4096  # brackets whose depths are listed at once

# Complete strings and everything between them: where an unfinished string starts.
# (Unrolled and possessive: twice as fast as the plain alternation, no backtracking.)
_COMPLETE = re.compile(rb'[^"]*+(?:"[^"\\]*+(?:\\.[^"\\]*+)*+"[^"]*+)*+', re.S)
_STRING = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.S)
_LONG_NUMBER = re.compile(rb"[0-9]{%d}" % (MAX_DIGITS + 1))
_TOKEN = re.compile(rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[\[\]{}]|[0-9]+', re.S)
# A \uD800-\uDFFF escape that is not half of a pair is no character: yajl makes it
# "?" and json.loads a string no database takes. Every escape is read left to right
# (a pair as one, an escaped backslash as one), so "\\uD800" is no escape.
_ESCAPE = re.compile(
    rb"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    rb"|(u[dD][89a-fA-F][0-9a-fA-F]{2})|.)",
    re.S,
)
_SURROGATE = re.compile(
    rb"(?<!\\)(?:\\\\)*+(?:\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})"
)
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")  # a quick look first: a fixed prefix
_DIGITS = b"0123456789"
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_NOT_DIGITS = bytes(c for c in range(256) if c not in _DIGITS)
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1


class JSONInputError(ValueError):
    """JSON that is not well-formed, or that passes one of the bounds above."""

    def __init__(self, reason: str, at: int | None = None) -> None:
        super().__init__(reason if at is None else f"{reason} (at byte {at})")
        self.at = at
        """Where in the input the bound was passed (a byte offset), when known."""


@dataclass(frozen=True)
class Record:
    """One record of a file: its parsed value, or why it could not be read."""

    position: int
    value: Any = None
    error: str | None = None
    raw: str | None = None
    """The record's text when it could not be read (a JSON line), for the report."""


def loads(data: bytes) -> Any:
    """A whole JSON document, checked against the bounds first."""
    scan, pending = _Scan(base=0, limit=None), b""
    for start in range(0, len(data), BLOCK):  # block by block: bounded memory
        pending = scan.check(pending + data[start : start + BLOCK])
    try:
        # Decoded here: json.loads would let encoded surrogates (ED A0 80) through.
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise JSONInputError(f"not UTF-8 at byte {error.start}") from error
    try:
        return json.loads(text.removeprefix("\ufeff"), parse_constant=_not_json)
    except json.JSONDecodeError as error:
        where = f"at character {error.pos}"
        raise JSONInputError(f"not well-formed JSON: {error.msg} ({where})") from error
    except ValueError as error:  # a NaN or Infinity, refused
        raise JSONInputError(f"not well-formed JSON: {error}") from error


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def records(source: IO[bytes]) -> Iterator[Record]:
    """Every record of a file: array elements, JSON lines, or values in a row."""
    stream = peekable(source)
    if stream.peek(3).startswith(BOM):
        stream.read(len(BOM))
    head = stream.peek(BLOCK).lstrip(b" \t\r\n")
    if not head:
        yield Record(1, error="no JSON: the input is empty")
    elif head.startswith(b"["):
        yield from _streamed(stream, "item", base=1)
    elif _json_lines(head):
        yield from _lines(stream)
    else:
        yield from _streamed(stream, "", base=0)


def _json_lines(head: bytes) -> bool:
    """True when a line is an object of its own (not a pretty-printed one).

    The first line, as a rule; but when it is broken (cut short, or a line break
    in its middle), another line of the head that is a whole object at the left
    margin tells JSON lines too (pretty-printing indents every nested object), so
    that a broken first line costs only itself.
    """
    first, newline, rest = head.partition(b"\n")
    if not first.startswith(b"{"):
        return False
    if not newline or first.rstrip().endswith(b"}"):
        return True
    if first.rstrip()[-1:] in (b"{", b"[", b",", b":"):  # a value goes on: wrapped
        return False
    whole = rest.split(b"\n")[:-1]  # the last may be cut by the head's end
    return any(line.startswith(b"{") and line.rstrip().endswith(b"}") for line in whole)


def _lines(stream: IO[bytes]) -> Iterator[Record]:
    position = 0
    for number, line in enumerate(_bounded_lines(stream), start=1):
        if line is not None and not line.strip():
            continue
        position += 1
        if line is None:
            reason = f"line {number}: longer than {MAX_RECORD_BYTES} bytes"
            yield Record(position, error=reason)
            continue
        try:
            yield Record(position, loads(line.rstrip(b"\r\n")))
        except JSONInputError as error:
            text = line.decode("utf-8", "replace").rstrip("\r\n")
            yield Record(position, error=f"line {number}: {error}", raw=text)


def _bounded_lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """Each line, or None for one too long to hold (which is skipped unread)."""
    while line := stream.readline(MAX_RECORD_BYTES + 1):
        if len(line) <= MAX_RECORD_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(BLOCK)) and not rest.endswith(b"\n"):
            pass
        yield None


def _streamed(stream: IO[bytes], prefix: str, base: int) -> Iterator[Record]:
    guard = _Guarded(stream, base)
    position = 0
    try:
        for value in ijson.items(guard, prefix, multiple_values=True, use_float=True):
            position += 1
            yield Record(position, value)
    except (ijson.JSONError, UnicodeDecodeError) as error:
        reason = str(guard.error) if guard.error else _parse_error(error)
        yield Record(position + 1, error=reason)
        return
    if guard.error:  # cut between two values: the parser saw a clean end
        yield Record(position + 1, error=str(guard.error))


def _parse_error(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"not UTF-8: {error.reason}"
    return f"not well-formed JSON: {str(error).splitlines()[0]}"  # yajl adds a picture


class _Scan:
    """The bounds, checked block by block over a stream (state kept between)."""

    def __init__(self, base: int, limit: int | None) -> None:
        self.base = base
        """The depth of a record's parent (1 inside a top-level array)."""
        self.limit = limit
        self.offset = 0
        """Bytes checked so far: the offset of the next block."""
        self._depth = 0
        self._digits = 0  # of a number the last block ended in
        self._record = 0  # bytes of the record being read so far

    def check(self, data: bytes) -> bytes:
        """Check ``data`` but an unfinished string at its end, which is returned.

        That string is the parser's to refuse if it never ends; inside a string
        nothing nests and nothing is a number.
        """
        done = _COMPLETE.match(data)
        end = done.end() if done else 0
        if self.limit is not None and len(data) - end > self.limit:
            self._fail(f"a string longer than {self.limit} bytes", end)
        self._block(data[:end])
        return data[end:]

    def _block(self, data: bytes) -> None:
        if _SURROGATE.search(data):
            for escape in _ESCAPE.finditer(data):
                if lone := escape.group(1):
                    reason = f"\\{lone.decode()} is half a surrogate pair, no character"
                    self._fail(reason, escape.start())
        bare = _STRING.sub(b'""', data)
        carried = self._digits + len(bare) - len(bare.lstrip(_DIGITS))
        if carried > MAX_DIGITS or self._long_number(bare):
            self._locate(data)
        tail = len(bare) - len(bare.rstrip(_DIGITS))
        self._digits = carried if tail == len(bare) else tail
        brackets = bare.translate(None, _NOT_BRACKETS)
        lowest = self._depth
        for start in range(0, len(brackets), _SLICE):  # bounded lists of depths
            steps = map(_STEP.__getitem__, brackets[start : start + _SLICE])
            profile = list(accumulate(steps, initial=self._depth))
            if max(profile) > MAX_DEPTH:
                self._locate(data)
            lowest, self._depth = min(lowest, *profile), profile[-1]
        # Whole blocks inside one record are counted: a lower bound, off by at most
        # the two blocks where the record starts and ends.
        self._record = 0 if lowest <= self.base else self._record + len(data)
        self.offset += len(data)
        if self.limit is not None and self._record > self.limit:
            self._fail(f"a record longer than {self.limit} bytes", 0)

    @staticmethod
    def _long_number(bare: bytes) -> bool:
        # Counting first is cheap: outside strings, records hold few digits if any.
        many = len(bare.translate(None, _NOT_DIGITS)) > MAX_DIGITS
        return many and _LONG_NUMBER.search(bare) is not None

    def _locate(self, data: bytes) -> None:
        """Where in ``data`` a bound is passed (run only on input that passes one)."""
        depth = self._depth
        for token in _TOKEN.finditer(data):
            text, start = token.group(), token.start()
            if text[:1].isdigit():
                if len(text) + (self._digits if start == 0 else 0) > MAX_DIGITS:
                    self._fail(f"a number of more than {MAX_DIGITS} digits", start)
            elif text in (b"[", b"{"):
                depth += 1
                if depth > MAX_DEPTH:
                    self._fail(f"nested deeper than {MAX_DEPTH} levels", start)
            elif text in (b"]", b"}"):
                depth -= 1
        self._fail("a bound is passed", 0)  # not reached: _block saw one

    def _fail(self, reason: str, offset: int) -> None:
        raise JSONInputError(reason, self.offset + offset)


class _Guarded:
    """A stream that hands ijson only bytes within the bounds, then ends."""

    def __init__(self, stream: IO[bytes], base: int) -> None:
        self._stream = stream
        self._scan = _Scan(base, MAX_RECORD_BYTES)
        self._pending = b""
        self.error: JSONInputError | None = None

    def read(self, size: int = -1) -> bytes:
        """The next checked bytes (ijson asks for blocks; any length will do)."""
        if size == 0:  # ijson asks once, to learn that this stream gives bytes
            return b""
        while self.error is None:
            block = self._stream.read(BLOCK)
            data, start = self._pending + block, self._scan.offset
            if not block:  # the end: an unfinished string is the parser's to refuse
                self._pending = b""
                return data
            try:
                self._pending = self._scan.check(data)
            except JSONInputError as error:
                self.error = error
                # What comes before the offending token is read; then the input ends.
                return data[: max(0, (error.at or start) - start)]
            if len(data) > len(self._pending):
                return data[: len(data) - len(self._pending)]
        return b""


def peekable(source: IO[bytes]) -> io.BufferedReader:
    """``source`` as a stream that can peek at its next bytes (itself, if it can)."""
    if isinstance(source, io.BufferedReader):
        return source
    return io.BufferedReader(_Readable(source), BLOCK)


class _Readable(io.RawIOBase):
    """Lets io.BufferedReader (for peeking at the first bytes) wrap any stream."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
