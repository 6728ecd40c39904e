"""Search in PostgreSQL: the ``search_terms`` rows, a btree, full text and pg_trgm.

The rows are written in the authority's own transaction (storage/repository.py), so
this backend is never behind and has nothing to index after a commit. It lives in
storage because it reads storage's tables; ``authority.search`` holds the protocol
it keeps (:class:`authority.search.SearchBackend`) and the OpenSearch backend.
Its index operations work on the same rows: ``index`` writes an authority's terms
again, ``remove`` drops them, ``rebuild`` writes every authority's in batches, and
``check`` compares them with the authorities they were derived from.

A query is folded to its search key. A term is a candidate when its key starts
with the query's (the ``text_pattern_ops`` btree, read in key order), or when it
has every word of the query (full text over the key, a GIN index: word order and
punctuation do not matter; in a suggest the last word may be half typed). Only
when those give fewer than a page is each query word of three letters or more
corrected to the closest words of ``search_words`` (pg_trgm over the vocabulary,
the recipe of pg_trgm's documentation), and terms with the corrected words join
in: one typo.

Every branch is bounded. A million authorities hold tens of thousands of terms
with a common first name, and ranking or counting them all took seconds. A
relevance search counts at most COUNT_LIMIT matches (the total is then a lower
bound, flagged ``exact=False``, and the facets count those); the prefix branch
still brings the exact and the closest keys, so the top of the list is the same.
Sorted by heading or date every match counts, since any of them could be first.

The rank puts an exact key first, then a key that starts with the query, then
word matches, then corrected ones (closer by trigrams first); a heading above a
variant; kat3 above kat2 above kat1; and, the rest being equal, the term whose
length is closest to the query's (``eirik nilsen`` is Nilsen, Eirik before
Nilsen, Eirik Wojtko).

A query without words (empty text, allowed by ``search.model.checked`` only when a
filter narrows it: SRU's ``authority.vocabulary = humord``) reads the authorities'
own rows by the filters instead, every match counted (the total exact), each
authority once, one without a heading too (as OpenSearch's match_all); sorted by
relevance it is in heading order, since there is no rank.

Queries are bound parameters and tsquery terms are quoted words (the key holds
letters, digits and spaces only), so nothing a user types reaches SQL or tsquery
syntax.
"""

from authority.storage.search.backend import PostgresSearch

__all__ = ["PostgresSearch"]
