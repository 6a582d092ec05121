"""The cover block and the draft marking, composed once for both documents."""

from __future__ import annotations

import datetime as dt

from cspdoc.model import Correction, Status
from cspdoc.pipeline import prepare
from cspdoc.writers.cover import cover_fields, draft_marking, status_line
from tests.conftest import WINCHESTER


def meta(**changes):
    return prepare(WINCHESTER).report.meta.rebuilt(**changes)


class DescribeTheStatusLine:
    def it_names_a_draft_and_a_final_version(self):
        assert status_line(meta(status=Status.DRAFT)) == "Draft, version 1.0"
        assert status_line(meta(status=Status.FINAL)) == "Final, version 1.0"

    def it_gives_a_corrected_version_the_date_of_its_correction(self):
        corrected = meta(status=Status.CORRECTED, version="1.2", corrections=(
            Correction(version="1.1", date=dt.date(2025, 3, 18), reason="first"),
            Correction(version="1.2", date=dt.date(2025, 4, 2), reason="second")))
        assert status_line(corrected) == "Corrected version 1.2, 2 April 2025"

    def it_marks_only_a_draft(self):
        assert draft_marking(meta(status=Status.DRAFT)) == "DRAFT"
        assert draft_marking(meta(status=Status.FINAL)) is None


class DescribeTheCoverBlock:
    def it_lists_the_rows_both_documents_print(self):
        assert cover_fields(meta(status=Status.FINAL)) == [
            ("Committee", "Scrutiny Committee"), ("Date of meeting", "4 March 2025"),
            ("Report reference", "CSP-2024-25-Q3"), ("Wards affected", "All wards"),
            ("Status", "Final, version 1.0"),
            ("Contact officer", "Community Safety Team, Winchester City Council")]
