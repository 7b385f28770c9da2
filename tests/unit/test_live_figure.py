"""LiveFigure on the Python side: a FigureWidget that opens with what its loader needs."""

from __future__ import annotations

import hashlib

from plotly.basewidget import BaseFigureWidget

from simulator.ui.live_figure import BUNDLE_FILE, LiveFigure


def test_opens_with_the_loader_plotlys_bundle_and_every_message_name():
    state = LiveFigure().get_state()
    assert state["_esm"].startswith("// The front end of LiveFigure")
    assert state["_bundle"] == BUNDLE_FILE.read_text(encoding="utf-8")
    assert "FigureModel" in state["_bundle"]  # plotly's widget module, whose default export the loader calls
    assert state["_bundle_id"] == hashlib.sha256(state["_bundle"].encode()).hexdigest()[:16]  # the page imports a bundle once per id
    python_to_browser = {n for n in BaseFigureWidget.class_trait_names() if n.startswith("_py2js_")}
    assert set(state["_held_messages"]) == python_to_browser
    assert {"_py2js_restyle", "_py2js_relayout", "_py2js_addTraces", "_py2js_update"} <= python_to_browser


def test_keeps_the_figurewidget_api():
    fig = LiveFigure({"data": [{"type": "scatter", "x": [1, 2], "y": [3, 4]}]})
    with fig.batch_update():
        fig.data[0].y = [5, 6]
    fig.update_layout(title={"text": "t"})
    assert fig.data[0].y == (5, 6) and fig.layout.title.text == "t"


def test_whole_state_shows_the_figure_as_it_is_now():
    # a reloaded JupyterLab page asks for every widget's whole state and draws from _widget_data
    fig = LiveFigure({"data": [{"type": "scatter", "x": [1, 2], "y": [3, 4]}], "layout": {"title": {"text": "first"}}})
    fig.get_state()  # opened and shown
    with fig.batch_update():
        fig.data[0].y = [5, 6]
        fig.layout.title.text = "now"
    fig.add_bar(x=[1], y=[2])
    state = fig.get_state()
    assert [trace["type"] for trace in state["_widget_data"]] == ["scatter", "bar"]
    assert list(state["_widget_data"][0]["y"]) == [5, 6]
    assert state["_widget_layout"]["title"]["text"] == "now"
    assert fig.get_state("_widget_data")["_widget_data"][0]["y"] == state["_widget_data"][0]["y"]
    assert set(fig.get_state("_bundle")) == {"_bundle"}  # a partial state stays partial
