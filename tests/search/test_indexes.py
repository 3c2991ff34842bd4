"""The database's own index serves term lookups: GIN on PostgreSQL, FTS5 on SQLite."""

import pytest
from django.db import connection

from search.query import Leaf, prefilter
from search.selectors import (
    _postgres_candidates,
    _postgres_terms_condition,
    _substring_condition,
    _term_condition,
)
from tests.factories import make_document


def test_the_term_index_answers_on_this_database(project, owner):
    document = make_document(project, owner, title="一", text="答：居家养老服务。")
    if connection.vendor == "postgresql":
        sql, params, _exact = prefilter(Leaf("养老", ("养老",)), _postgres_terms_condition)
        assert _postgres_candidates((sql, params, True)) == [document.pk]
    else:
        sql, params = _term_condition(["养老"])
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT "id" FROM "coding_document" WHERE {sql}', params)
            assert cursor.fetchall() == [(document.pk,)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN and pg_trgm are PostgreSQL's")
def test_postgresql_plans_use_the_gin_and_trigram_indexes(project, owner):
    make_document(project, owner, title="一", text="答：居家养老服务。")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny tables would be scanned anyway
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = _postgres_terms_condition(["养老"])
        cursor.execute(f'EXPLAIN SELECT "document_id" FROM "search_documentindex" WHERE {sql}', params)
        assert "search_documentindex_terms_gin" in " ".join(row[0] for row in cursor.fetchall())
        sql, params = _substring_condition("居家养老")
        cursor.execute(f'EXPLAIN SELECT "id" FROM "coding_document" WHERE {sql}', params)
        assert "search_document_text_trgm" in " ".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 is SQLite's")
def test_sqlite_keeps_the_fts_table_in_step_with_deletes(project, owner):
    document = make_document(project, owner, title="一", text="答：居家养老服务。")
    document.delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_document_terms_fts WHERE search_document_terms_fts MATCH '养老'"
        )
        assert cursor.fetchone() == (0,)
