"""The XML readers' memory stays flat, OAI-PMH harvests included (review finding:
each <record><metadata> shell around a MARC record stayed behind, 0.65 KB a record,
1.3 GB for a harvest of the register)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

HARVEST = textwrap.dedent(
    """
    import io, resource, sys
    from authority import xmlstream

    REC = (
        b"<record><header><identifier>oai:x:1</identifier></header><metadata>"
        b'<marc:record xmlns:marc="http://www.loc.gov/MARC21/slim">'
        b"<marc:leader>00000nz  a2200000n  4500</marc:leader>"
        b'<marc:datafield tag="100" ind1="1" ind2=" ">'
        b'<marc:subfield code="a">Name</marc:subfield></marc:datafield>'
        b"</marc:record></metadata></record>"
    )

    class Harvest(io.RawIOBase):
        def __init__(self, n):
            head = b'<OAI-PMH xmlns="http://www.loc.gov/OAI/2.0/"><ListRecords>'
            tail = b"</ListRecords></OAI-PMH>"
            self.parts = iter([head, *(REC for _ in range(n)), tail])
            self.buf = b""

        def readable(self):
            return True

        def readinto(self, b):
            while len(self.buf) < len(b):
                part = next(self.parts, None)
                if part is None:
                    break
                self.buf += part
            n = min(len(b), len(self.buf))
            b[:n] = self.buf[:n]
            self.buf = self.buf[n:]
            return n

    tag = ("{http://www.loc.gov/MARC21/slim}record",)
    stream = io.BufferedReader(Harvest(int(sys.argv[1])))
    count = sum(1 for _ in xmlstream.elements(stream, tag))
    print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """
)


def peak_mb(records: int) -> int:
    done = subprocess.run(
        [sys.executable, "-c", HARVEST, str(records)],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    count, peak = map(int, done.stdout.split())
    assert count == records
    return peak


def test_an_oai_harvest_is_read_in_flat_memory() -> None:
    small, large = peak_mb(10_000), peak_mb(150_000)
    assert large - small < 20, (small, large)  # was +90 MB (0.65 KB a record)
