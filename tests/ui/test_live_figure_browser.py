"""LiveFigure's front end (simulator/ui/live_figure.js) in chromium, against a stand-in bundle.

The stand-in takes the place of plotly's widget bundle: it loads slowly (a
top-level await), counts how often it is imported, and records the messages
its model sees, so the loader's promises can be checked without a server:
initialise at once, import once per page, lose no message sent meanwhile.
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

RUN = """async ([loader, bundle, held]) => {
  // a widget model as anywidget hands it over: get, set (fires change:NAME when the value changes), on
  function fakeModel() {
    const state = { _bundle: bundle, _held_messages: held, _py2js_restyle: null };
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
  const first = fakeModel(), second = fakeModel();
  const widgetA = module.default(), widgetB = module.default();
  const returned = widgetA.initialize({ model: first });
  widgetB.initialize({ model: second });
  // Python sets a message, then clears it, before the bundle has loaded
  first.set("_py2js_restyle", { restyle_data: { x: [[1, 2]] } });
  first.set("_py2js_restyle", null);
  const elA = document.createElement("div");
  await widgetA.render({ model: first, el: elA });
  // and once it has loaded
  first.set("_py2js_restyle", { restyle_data: { y: [[3]] } });
  first.set("_py2js_restyle", null);
  const elA2 = document.createElement("div");
  await widgetA.render({ model: first, el: elA2 });
  const elB = document.createElement("div");
  await widgetB.render({ model: second, el: elB });
  return {
    returned: returned === undefined ? "undefined" : String(returned),
    imports: globalThis.bundleImports,
    beforeLoad: JSON.parse(elA.textContent), afterLoad: JSON.parse(elA2.textContent), other: JSON.parse(elB.textContent),
  };
}"""


def test_loader_initialises_at_once_imports_once_and_replays_held_messages(browser_page):
    browser_page.set_content("<html><body></body></html>")
    out = browser_page.evaluate(RUN, [LOADER, STAND_IN_BUNDLE, HELD_MESSAGES])
    # initialize returns nothing for anywidget to await: the 300-ms bundle is
    # not on the 2-s clock anywidget gives a model
    assert out["returned"] == "undefined"
    assert out["imports"] == 1  # two figures, one import
    # the message sent while the bundle loaded reached plotly's model, once
    assert out["beforeLoad"] == [{"restyle_data": {"x": [[1, 2]]}}]
    assert out["afterLoad"] == [{"restyle_data": {"x": [[1, 2]]}}, {"restyle_data": {"y": [[3]]}}]
    assert out["other"] == []

