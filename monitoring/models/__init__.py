from .reports import (
    MonthlyReport,
    MonthlyReportQuerySet,
    ReportActivity,
    ReportActivityQuerySet,
    ReportPhoto,
    ReportPhotoQuerySet,
)

__all__ = [
    "MonthlyReport",
    "MonthlyReportQuerySet",
    "ReportActivity",
    "ReportActivityQuerySet",
    "ReportPhoto",
    "ReportPhotoQuerySet",
]
