"""What this app offers the roles (collected by `portal.roles`): its models, by kind."""

from .models import MonthlyReport, ReportActivity, ReportPhoto

REFERENCE_MODELS: tuple = ()
RECORD_MODELS = (MonthlyReport, ReportActivity, ReportPhoto)
#: The models a library operator (one library) writes: their own library's reports.
OPERATOR_MODELS = (MonthlyReport, ReportActivity, ReportPhoto)
