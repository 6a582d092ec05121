"""Writers print what the model holds: they never compute, round or re-number."""
