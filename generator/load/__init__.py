"""Stage 1 — load: read YAML sources into trees that remember where each value came from."""
