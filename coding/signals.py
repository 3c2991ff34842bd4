"""Events of the coding app that higher apps react to.

coding is the lowest layer: it never imports search, analysis or any app above it. An app that
needs to follow documents or codes (search indexes documents and learns code names) connects to
these signals in its AppConfig.ready(), so that coding does not need to know it exists.
"""

from django.dispatch import Signal

# A document was created. Arguments: document, and index_now: False when the caller (a large
# import) asks for the text-derived work to be left to background jobs rather than done at once.
document_created = Signal()

# Several documents were imported in one request and some were created with index_now=False.
# Arguments: project.
documents_deferred = Signal()

# A code was created or renamed. Arguments: code.
code_named = Signal()
