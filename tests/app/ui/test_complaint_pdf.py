"""The complaint's PDF (app/ui/complaint_pdf.py): what it says can be copied out exactly."""

from __future__ import annotations

import subprocess
from pathlib import Path

from app.core.complaint import Complaint, Section
from app.ui.complaint_pdf import render_complaint_pdf


def test_ids_and_digests_come_out_of_the_pdf_as_written_no_ligatures(
    qapp: object, tmp_path: Path
) -> None:
    facts = ("request ffb1fia9ff00fl", "SHA-256 " + "ff" * 32, "rectificatie, affluent, official")
    complaint = Complaint("en", "Title", (Section("Facts", facts, ("digest " + "fi" * 32,)),))
    pdf = tmp_path / "complaint.pdf"
    pdf.write_bytes(render_complaint_pdf(complaint))

    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for fact in (*facts, "digest " + "fi" * 32):
        assert fact in " ".join(text.split()), fact
    assert not any("\ufb00" <= character <= "\ufb06" for character in text), "a ligature"
