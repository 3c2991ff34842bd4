from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Project exchange (REFI-QDA)")

    def ready(self):
        # coding may not import exchange: the .qdc format joins coding's codebook file formats here.
        from coding.codebook import files
        from exchange.codebook_format import QdcFormat

        files.FORMATS["qdc"] = QdcFormat()
