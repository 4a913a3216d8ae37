"""Stage 6 — pdf: archival PDFs printed by Chromium from each disclosure's full-document page.

One module per job:

* ``jobs``      — what to print: one :class:`~generator.pdf.jobs.PdfJob` per disclosure (paths, 目录, metadata).
* ``cache``     — the key of a job's inputs; reusing the previous build's PDF when it did not change.
* ``chromium``  — where Debian's Chromium is and the flags it needs here (shared with the browser tests).
* ``browser``   — one headless Chromium per build, driven by Playwright; loading a page, printing it.
* ``toc``       — page numbers of the 目录: read the named destinations back, fill them in, print again.
* ``metadata``  — the final file: Info, /Lang, outline, fixed dates and /ID (reproducible bytes).
* ``archival``  — PDF/A-2b: XMP, sRGB OutputIntent, written and validated with ``pikepdf.pdfa``.
* ``progress``  — a progress bar on a terminal, plain lines otherwise.
* ``build``     — ``build_pdfs``: all of the above, several documents in parallel, failures isolated.
"""
