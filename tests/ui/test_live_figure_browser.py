"""LiveFigure's front end (simulator/ui/live_figure.js) in chromium, against stand-in bundles.

A stand-in takes the place of plotly's widget bundle: it loads slowly (a
top-level await), counts how often it is imported, and records the messages
its model sees, so the loader's promises can be checked without a server:
initialise at once, import once per page, lose no message sent meanwhile,
drop the ones a resent whole figure already holds, and try again after a
bundle that failed to load.
"""

from __future__ import annotations

import pytest

from simulator.ui.live_figure import HELD_MESSAGES, LiveFigure

pytestmark = pytest.mark.browser

LOADER = str(LiveFigure._esm)  # the file's text (anywidget reads it)

STAND_IN_BUNDLE = """
globalThis.bundleImports = (globalThis.bundleImports || 0) + 1;
await new Promise((resolve) => setTimeout(resolve, 300));  // a slow bundle
export default () => {
  let seen;
  return {
    initialize({ model }) {
      seen = [];
      model.on("change:_py2js_restyle", () => {
        const message = model.get("_py2js_restyle");
        if (message !== null) seen.push(message);
      });
    },
    render({ el }) { el.textContent = JSON.stringify(seen); return () => {}; },
  };
};
"""

BROKEN_BUNDLE = "throw new Error('broken bundle');"

MODEL = """
  // a widget model as anywidget hands it over: get, set (fires change:NAME when the value changes), on
  function fakeModel(bundle, id) {
    const state = { _bundle: bundle, _bundle_id: id, _held_messages: held, _py2js_restyle: null, _widget_data: [] };
    const handlers = {};
    return {
      get: (name) => state[name],
      set(name, value) {
        if (state[name] === value) return;
        state[name] = value;
        for (const handler of handlers[`change:${name}`] || []) handler();
      },
      on(event, handler) { (handlers[event] ||= []).push(handler); },
    };
  }
  const url = URL.createObjectURL(new Blob([loader], { type: "text/javascript" }));
  const module = await import(url);
  async function shown(widget, model) {
    const el = document.createElement("div");
    await widget.render({ model, el });
    return JSON.parse(el.textContent);
  }
"""

HOLD_AND_REPLAY = """async ([loader, bundle, held]) => {""" + MODEL + """
  const first = fakeModel(bundle, "stand-in"), second = fakeModel(bundle, "stand-in"), third = fakeModel(bundle, "stand-in");
  const widgetA = module.default(), widgetB = module.default(), widgetC = module.default();
  const returned = widgetA.initialize({ model: first });
  widgetB.initialize({ model: second });
  widgetC.initialize({ model: third });
  // Python sets a message, then clears it, before the bundle has loaded
  first.set("_py2js_restyle", { restyle_data: { x: [[1, 2]] } });
  first.set("_py2js_restyle", null);
  // on the third, a message and then the whole figure, which already holds it
  third.set("_py2js_restyle", { restyle_data: { z: [[9]] } });
  third.set("_py2js_restyle", null);
  third.set("_widget_data", [{ type: "scatter", z: [9] }]);
  const beforeLoad = await shown(widgetA, first);
  // and once it has loaded
  first.set("_py2js_restyle", { restyle_data: { y: [[3]] } });
  first.set("_py2js_restyle", null);
  return {
    returned: returned === undefined ? "undefined" : String(returned),
    imports: globalThis.bundleImports,
    beforeLoad, afterLoad: await shown(widgetA, first), other: await shown(widgetB, second), resent: await shown(widgetC, third),
  };
}"""

RETRY_AFTER_FAILURE = """async ([loader, bundle, broken, held]) => {""" + MODEL + """
  const bad = fakeModel(broken, "same-id"), good = fakeModel(bundle, "same-id");
  const widgetA = module.default(), widgetB = module.default();
  widgetA.initialize({ model: bad });
  let failed = "";
  try { await shown(widgetA, bad); } catch (error) { failed = String(error); }
  widgetB.initialize({ model: good });
  return { failed, other: await shown(widgetB, good) };
}"""


def test_loader_initialises_at_once_imports_once_and_replays_held_messages(browser_page):
    browser_page.set_content("<html><body></body></html>")
    out = browser_page.evaluate(HOLD_AND_REPLAY, [LOADER, STAND_IN_BUNDLE, HELD_MESSAGES])
    # initialize returns nothing for anywidget to await: the 300-ms bundle is
    # not on the 2-s clock anywidget gives a model
    assert out["returned"] == "undefined"
    assert out["imports"] == 1  # three figures, one import
    # the message sent while the bundle loaded reached plotly's model, once
    assert out["beforeLoad"] == [{"restyle_data": {"x": [[1, 2]]}}]
    assert out["afterLoad"] == [{"restyle_data": {"x": [[1, 2]]}}, {"restyle_data": {"y": [[3]]}}]
    assert out["other"] == []
    # a message the resent whole figure holds is not applied on top of it
    assert out["resent"] == []


def test_a_bundle_that_failed_to_load_is_tried_again(browser_page):
    browser_page.set_content("<html><body></body></html>")
    out = browser_page.evaluate(RETRY_AFTER_FAILURE, [LOADER, STAND_IN_BUNDLE, BROKEN_BUNDLE, HELD_MESSAGES])
    assert "broken bundle" in out["failed"]
    assert out["other"] == []  # the next figure loaded its bundle and rendered
