"""The search page's pager: which page numbers it links."""

from __future__ import annotations

from authority.web.search import Pager


def test_the_pager_links_first_last_and_two_either_side() -> None:
    assert Pager(1, 1, exact=True).numbers == [1]
    assert Pager(1, 9, exact=True).numbers == [1, 2, 3, 9]
    assert Pager(5, 9, exact=True).numbers == [1, 3, 4, 5, 6, 7, 9]
    assert Pager(9, 9, exact=True).numbers == [1, 7, 8, 9]


def test_an_inexact_total_has_no_last_page_to_link() -> None:
    assert Pager(3, 4, exact=False).numbers == [1, 2, 3, 4]
    assert 10 not in Pager(3, 10, exact=False).numbers
