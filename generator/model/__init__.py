"""Stage 3 — model: typed, validated disclosures (money as Decimal, empty ≠ zero)."""
