"""The demo province (tỉnh Trà Vinh before 1/7/2025, tỉnh Vĩnh Long after): its data files and
its parts, one idea a module, which :func:`procedures.services.demo.demo_province_load` runs in
order in one transaction, writing everything through the project's own services and importers:

- ``province``: the public administration centres and one-stop desks of both periods;
- ``catalogue``: the catalogue files, the announcement decisions, publications and time reviews;
- ``story_2017``: the district centres' history behind the 2017 report;
- ``since_reform``: the commune desks' and the service centre's history since 1/7/2025, with
  Decision 766's facts (``facts``) and the land office's lateness;
- ``live``: the demo desk's live dossiers of the past weeks;
- ``history`` (pure): the generator of the histories, as the dossier import reads them;
- ``applicants`` (pure): the applicants' names and details; ``progress``: how the load reports.

The data files:

- ``units.csv``: administrative units, for ``units_import`` (``manage.py import_units``);
- ``catalogue.csv`` and ``catalogue-2016.csv``: the national records of the first catalogue, for
  ``procedure_file_import`` (``manage.py import_procedures``);
- ``qd-0680-2017.csv``, ``qd-1065-2017.csv`` and ``qd-1570-2025.csv``: announcement decisions,
  for ``decision_file_import`` (``manage.py import_decision``);
- ``ra-soat-2017.csv``: the 2017 time review, for ``time_review_create``.

SOURCES.md says where each comes from (the large files are derived from real national records
by ``scripts/demo_catalogue.py``).

They double as examples of each import format.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
