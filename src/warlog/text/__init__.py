"""Text stage: the NLP pipeline (spaCy) and plain-text analysis of reports."""
