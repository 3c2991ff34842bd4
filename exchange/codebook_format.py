"""The .qdc codebook as one more format of coding's codebook/file/ endpoint.

coding may not import exchange, so exchange adds itself to coding's registry of file formats in
ExchangeConfig.ready() (coding.codebook.files.FORMATS).
"""

from django.http import HttpResponse

from exchange import selectors, services
from exchange.api import read_upload


class QdcFormat:
    def export(self, project):
        response = HttpResponse(
            selectors.codebook_export(project=project), content_type="application/xml; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="codebook-{project.pk}.qdc"'
        return response

    def import_file(self, *, project, upload, user, dry_run, options):
        return services.codebook_import(
            project=project,
            user=user,
            data=read_upload(upload),
            mode=options.get("mode") or "merge",
            parent_name=options.get("parent_name") or "",
            dry_run=dry_run,
        )
