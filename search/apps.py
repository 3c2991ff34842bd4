from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from coding import signals
        from jobs import recovery
        from search import receivers, services

        signals.document_created.connect(receivers.index_created_document, dispatch_uid="search-index-document")
        signals.documents_deferred.connect(
            receivers.reindex_deferred_documents, dispatch_uid="search-reindex-deferred"
        )
        signals.code_named.connect(receivers.learn_code_name, dispatch_uid="search-learn-code-name")
        recovery.register(services.reindex_recover)
