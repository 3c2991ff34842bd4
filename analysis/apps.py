from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    # The QCA engine lives in analysis/qca (pure Python); studies, matrices and agreement use it.
    name = "analysis"
    verbose_name = _("Analysis")

    def ready(self):
        from analysis.studies import runs
        from jobs import recovery

        recovery.register(runs.robustness_recover)
