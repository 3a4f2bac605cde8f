"""Reports: the self-contained HTML report and the Markdown/CSV/JSON exports."""
