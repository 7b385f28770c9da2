"""After-action report: a self-contained offline HTML file built from recorded data."""

from simulator.report.html import build_report_html, write_report

__all__ = ["build_report_html", "write_report"]
