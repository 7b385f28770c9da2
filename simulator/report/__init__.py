"""After-action report: a self-contained offline HTML file built from recorded data.

The HTML report is imported on first use: it pulls in plotly (about half a
second with its validators), which the tables, names and terminal output of
this package do not need (``drillsim analyse`` prints KPIs through
``report.tables``).
"""

_HTML = ("build_report_html", "write_report")


def __getattr__(name: str):
    if name in _HTML:
        from simulator.report import html

        return getattr(html, name)
    raise AttributeError(f"module 'simulator.report' has no attribute {name!r}")


__all__ = list(_HTML)
