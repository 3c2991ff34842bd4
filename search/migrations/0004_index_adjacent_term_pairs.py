"""Add adjacent term pairs to every document's indexed terms (see segmentation.index_terms).

Rebuilt from the stored text and token spans, so nothing is segmented again.
"""

from django.db import migrations

from search import segmentation


def add_pairs(apps, schema_editor):
    DocumentIndex = apps.get_model("search", "DocumentIndex")
    for index in DocumentIndex.objects.select_related("document").iterator(chunk_size=50):
        text, spans = index.document.text, index.spans
        tokens = [
            segmentation.Token(text[spans[i] : spans[i + 1]].lower(), spans[i], spans[i + 1])
            for i in range(0, len(spans), 2)
        ]
        index.terms = segmentation.index_terms(tokens)
        index.save(update_fields=["terms"])


class Migration(migrations.Migration):
    dependencies = [("search", "0003_index_existing_documents")]

    operations = [migrations.RunPython(add_pairs, migrations.RunPython.noop)]
