"""Stage 6 — pdf: archival PDFs printed by Chromium from each disclosure's full-document page."""
