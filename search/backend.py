"""The search backend: Wagtail's database backend, with two changes on PostgreSQL.

The site analyses text itself, for the index and for queries alike (altcms.content.search_text:
English stems, Japanese bigrams, common words left out), so PostgreSQL is told to take the words as
they come: the 'simple' configuration, which only lower-cases (its 'english' one would stem the
stems again and drop words SQLite keeps). SQLite's FTS5 tokenizer does no more than that already.
Both databases therefore hold the same terms and match the same pages; the ranking that orders them
is the site's own (search/ranking.py).

modelsearch's PostgreSQL backend matches a query against `title || body`, a tsvector built
afresh for every row, which no index can serve: with 5,000 posts a two-word search scanned and
concatenated every vector (about 80 ms of a 110 ms query). The body of every entry this site
indexes holds its title and all of its text (altcms.content.search_text.SiteSearchMixin), so
here the match is made against `body` alone, answered by its GIN index in a few milliseconds.
On SQLite (FTS5) and other backends nothing else changes.

Settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend", ...}}.
"""

from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F

from wagtail.models import Page

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import And, Or, PlainText

from altcms.content.search_text import SiteSearchMixin


class BodyMatchQueryCompiler(PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        site_model = issubclass(self.queryset.model, Page | SiteSearchMixin)
        if self.fields is not None or not site_model or not _is_plain(self.query):
            return super().search(config, start, stop, score_field, backend)
        search_query = self.build_tsquery(self.query, config=config)
        # One ts_rank of the whole query over the body (which holds the title too): it only
        # picks the candidates the site ranks (search/ranking.py), and modelsearch's own, a
        # rank per variant of the search and per column, cost several times as much.
        rank = SearchRank(F("index_entries__body"), search_query, weights=self.sql_weights)
        queryset = self.queryset.filter(index_entries__body=search_query)
        return self._apply_ordering_and_scoring(queryset, rank, start, stop, score_field)


def _is_plain(query):
    """Plain words, and/or'd: what the site's search builds (search.query.ParsedQuery)."""
    if isinstance(query, PlainText):
        return True
    return isinstance(query, And | Or) and all(_is_plain(sub) for sub in query.subqueries)


class BodyMatchSearchBackend(PostgresSearchBackend):
    query_compiler_class = BodyMatchQueryCompiler


SEARCH_CONFIG = "simple"


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    if connection.vendor == "postgresql":
        return BodyMatchSearchBackend({"SEARCH_CONFIG": SEARCH_CONFIG, **params})
    return database_backend(params)
