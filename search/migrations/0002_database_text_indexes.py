"""The text indexes Django cannot describe portably, created for the database in use.

PostgreSQL: a GIN index over the array of a document's terms (served by `@>`), and pg_trgm's GIN
index over document text for exact-substring search. SQLite: an FTS5 table over the same terms,
kept in step with search_documentindex by triggers (so cascading deletes follow too).
"""

from django.db import migrations

FTS_TABLE = "search_document_terms_fts"

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(terms, content='search_documentindex', "
    "content_rowid='document_id', tokenize='unicode61 remove_diacritics 0')",
    f"""CREATE TRIGGER search_documentindex_fts_insert AFTER INSERT ON search_documentindex BEGIN
        INSERT INTO {FTS_TABLE}(rowid, terms) VALUES (new.document_id, new.terms); END""",
    f"""CREATE TRIGGER search_documentindex_fts_delete AFTER DELETE ON search_documentindex BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, terms) VALUES ('delete', old.document_id, old.terms); END""",
    f"""CREATE TRIGGER search_documentindex_fts_update AFTER UPDATE ON search_documentindex BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, terms) VALUES ('delete', old.document_id, old.terms);
        INSERT INTO {FTS_TABLE}(rowid, terms) VALUES (new.document_id, new.terms); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_documentindex_fts_update",
    "DROP TRIGGER IF EXISTS search_documentindex_fts_delete",
    "DROP TRIGGER IF EXISTS search_documentindex_fts_insert",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRES_FORWARD = [
    # string_to_array is immutable, so it can be indexed; queries repeat this exact expression.
    "CREATE INDEX search_documentindex_terms_gin ON search_documentindex "
    "USING gin (string_to_array(terms, ' '))",
    # pg_trgm is a trusted contrib extension (PostgreSQL 13+): a database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_document_text_trgm ON coding_document USING gin (text gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_text_trgm",
    "DROP INDEX IF EXISTS search_documentindex_terms_gin",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_index_dictionary_stop_words_jobs_runs"),
        ("coding", "0001_projects_documents_codebook_codings"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
