"""Stage 5 — write: pages, data downloads and search index into a fresh directory, swapped in atomically."""
