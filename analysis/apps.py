from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    # The QCA engine lives in analysis/qca (pure Python); the study models come with the analysis issue.
    name = "analysis"
    verbose_name = _("Analysis")
