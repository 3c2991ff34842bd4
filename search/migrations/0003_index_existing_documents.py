"""Segment documents that existed before search did, with their project's code names as dictionary.

New documents are segmented by document_create; this catches up databases migrated from before.
Uses the pure segmentation module (stable, no models) and historical models only.
"""

from django.db import migrations

from search import segmentation


def index_existing(apps, schema_editor):
    Document = apps.get_model("coding", "Document")
    Code = apps.get_model("coding", "Code")
    DictionaryTerm = apps.get_model("search", "DictionaryTerm")
    DocumentIndex = apps.get_model("search", "DocumentIndex")
    SearchSettings = apps.get_model("search", "SearchSettings")
    project_ids = set(Document.objects.values_list("project_id", flat=True).distinct())
    for project_id in sorted(project_ids):
        names = Code.objects.filter(project_id=project_id).values_list("name", flat=True)
        words = sorted({term for name in names for term in segmentation.code_name_terms(name)})
        for word in words:
            DictionaryTerm.objects.get_or_create(project_id=project_id, term=word, defaults={"source": "code"})
        version = 1 if words else 0
        SearchSettings.objects.update_or_create(project_id=project_id, defaults={"dictionary_version": version})
        tokenizer = segmentation.tokenizer_for(("migration", project_id, tuple(words)), words=words)
        for document in Document.objects.filter(project_id=project_id).exclude(
            pk__in=DocumentIndex.objects.values("document_id")
        ):
            tokens = segmentation.tokens(document.text, tokenizer)
            spans = [position for token in tokens for position in (token.start, token.end)]
            DocumentIndex.objects.create(
                document=document,
                project_id=project_id,
                terms=segmentation.index_terms(tokens),
                spans=spans,
                dictionary_version=version,
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_database_text_indexes")]

    operations = [migrations.RunPython(index_existing, migrations.RunPython.noop)]
