"""The public datasets of `/data/` and of the public API (`/api/v1/…`): what they hold, what
each column means, and how each is written.

Each dataset is an exporter of the exporter framework (`core.exporters`: CSV with a BOM, the
formula guard, streaming) plus a data dictionary: every column's name in both languages, its
type and its meaning in both languages. The JSON form and the public API use the same
exporters' queries and column keys, so the CSV, the JSON and the API never disagree.

Open data holds no personal data: no person's name, phone, e-mail or health result, and no
library contact. Counts of people are public; who they are is not. Licence: CC BY 4.0.
"""

from .catalogue import (
    DATASETS,
    DATASETS_BY_SLUG,
    LICENCE_NAME,
    LICENCE_URL,
    PUBLISHER,
    Dataset,
    Meaning,
    dataset_get,
    dictionary_rows,
)
from .exporters import EventExporter, LibraryExporter, MonthlyActivityExporter, RegionCycleExporter
from .records import dataset_records, dataset_values_page
from .reports import MonthlyReportExporter

__all__ = [
    "LICENCE_NAME",
    "LICENCE_URL",
    "PUBLISHER",
    "Meaning",
    "Dataset",
    "DATASETS",
    "DATASETS_BY_SLUG",
    "dataset_get",
    "dictionary_rows",
    "LibraryExporter",
    "EventExporter",
    "RegionCycleExporter",
    "MonthlyActivityExporter",
    "MonthlyReportExporter",
    "dataset_records",
    "dataset_values_page",
]
