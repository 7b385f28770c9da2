"""Team figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from simulator.i18n import text, tr
from simulator.metrics import team_utilisation
from simulator.scenario.models import Scenario
from simulator.viz.style import figure, styled_spec

if TYPE_CHECKING:
    import plotly.graph_objects as go


def team_utilisation_chart_spec(
    events: pd.DataFrame,
    horizon: float,
    team_names: dict[str, str] | None = None,
    lang: str | None = None,
) -> dict:
    """A bar per team: share of the horizon it was out (dispatched until returned).

    ``team_names`` (id -> display name, already in the wanted language) also
    fixes the bar order and includes teams that never left base. Bars are keyed
    by team id, names are only tick labels, so two teams with one name stay apart.
    """
    names = team_names or {}
    share = team_utilisation(events, horizon, list(names) or None)
    ids = [t for t in names if t in share.index] + [t for t in share.index if t not in names]
    labels = [names.get(t, t) for t in ids]
    bars = {
        "type": "bar", "x": ids, "y": share.reindex(ids).to_numpy(), "customdata": labels,
        "marker": {"color": "#2ca02c"}, "hovertemplate": "%{customdata}<br>%{y:.1%}<extra></extra>",
    }
    return styled_spec(
        {"data": [bars]},
        "fig.team_utilisation",
        lang,
        height=420,
        xaxis={"tickmode": "array", "tickvals": ids, "ticktext": labels, "tickangle": -35},
        yaxis={"title": {"text": tr("fig.share_busy", lang)}, "range": [0, 1], "tickformat": ".0%"},
    )


def team_utilisation_chart(
    events: pd.DataFrame,
    horizon: float,
    team_names: dict[str, str] | None = None,
    lang: str | None = None,
) -> go.Figure:
    """:func:`team_utilisation_chart_spec` as a plotly figure."""
    return figure(team_utilisation_chart_spec(events, horizon, team_names, lang))


def team_names(scenario: Scenario, lang: str | None = None) -> dict[str, str]:
    """Team id -> display name in ``lang``, in scenario order (for the chart above)."""
    return {t.id: text(t.name, lang) for t in scenario.teams}
