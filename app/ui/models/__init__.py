"""Qt item models (model/view): tabular data for the pages, testable without a window."""
