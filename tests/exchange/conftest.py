import pytest

from tests.exchange.refi_files import nvivo_project


@pytest.fixture
def nvivo_qdpx():
    return nvivo_project()


def upload(data, name="project.qdpx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/zip")
