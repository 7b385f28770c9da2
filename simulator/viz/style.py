"""Shared look of every figure: one template and a CJK-capable font stack."""

from __future__ import annotations

import plotly.graph_objects as go

from simulator.i18n import tr

# Unquoted family names are valid CSS; plotly passes the string straight through.
# CJK fonts first so Chinese labels never fall back to boxes on Linux.
FONT_FAMILY = "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, sans-serif"


def styled(fig: go.Figure, title_key: str, lang: str | None, **layout: object) -> go.Figure:
    """Apply the common template and a translated title; extra layout passes through."""
    fig.update_layout(
        template="plotly_white",
        title={"text": tr(title_key, lang)},
        font={"family": FONT_FAMILY},
        margin={"l": 60, "r": 30, "t": 60, "b": 50},
        **layout,
    )
    return fig
