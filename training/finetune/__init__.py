"""The encoder fine-tuning experiment (tried, not shipped): see ``RESULTS.md`` here."""
