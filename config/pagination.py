from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages of 50 by default; clients may ask up to 1000 (a codebook or a document's codings)."""

    page_size_query_param = "page_size"
    max_page_size = 1000
