"""How search follows the coding app: it indexes documents and learns code names as they appear.

Connected in SearchConfig.ready(); coding only sends its signals (coding/signals.py) and never
imports search.
"""

from search import services


def index_created_document(sender, *, document, index_now, **kwargs):
    # Segmenting once at creation keeps searches fast; a large import asks for it later instead
    # (documents_deferred), so that the request does not wait minutes on jieba.
    if index_now:
        services.document_index(document=document)


def reindex_deferred_documents(sender, *, project, **kwargs):
    services.reindex_ensure(project=project)


def learn_code_name(sender, *, code, **kwargs):
    services.dictionary_feed_code(code=code)
