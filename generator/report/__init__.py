"""Reports: turning a decision into pages, cohort summaries and a calendar."""
