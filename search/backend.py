"""The search backend: Wagtail's database backend, with one change on PostgreSQL.

modelsearch's PostgreSQL backend matches a query against `title || body`, a tsvector built
afresh for every row, which no index can serve: with 5,000 posts a two-word search scanned and
concatenated every vector (about 80 ms of a 110 ms query). Every model of this site puts its
title into its body too (altcms.search_text.SiteSearchMixin), so here the match is made against
`body` or `title`, each answered by its GIN index in a few milliseconds. (`title` is still
needed: modelsearch files every related field called "title", such as a resource link's or a
cited reading's, under the title vector.) Ranking weighs the title and the body as before. On
SQLite (FTS5) and other backends nothing changes.

Settings: WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend", ...}}.
"""

from django.db import connection
from django.db.models import Q

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import And, Or, PlainText


class BodyMatchQueryCompiler(PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        if self.fields is not None or not _is_plain(self.query):
            return super().search(config, start, stop, score_field, backend)
        search_query = self.build_tsquery(self.query, config=config)
        rank = self._build_rank_expression(self.get_index_vectors(search_query), config)
        queryset = self.queryset.filter(
            Q(index_entries__body=search_query) | Q(index_entries__title=search_query)
        )
        return self._apply_ordering_and_scoring(queryset, rank, start, stop, score_field)


def _is_plain(query):
    """Plain words, and/or'd: what the site's search builds (search.query.ParsedQuery)."""
    if isinstance(query, PlainText):
        return True
    return isinstance(query, And | Or) and all(_is_plain(sub) for sub in query.subqueries)


class BodyMatchSearchBackend(PostgresSearchBackend):
    query_compiler_class = BodyMatchQueryCompiler


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    if connection.vendor == "postgresql":
        return BodyMatchSearchBackend(params)
    return database_backend(params)
