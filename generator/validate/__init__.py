"""Stage 2 — validate: check the loaded trees against the schema (building the model),
then check the model's arithmetic, cross-table identities and completeness."""
