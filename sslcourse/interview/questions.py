"""The question bank: filled in from the drafts."""
ENTRIES = []
