// The front end of LiveFigure (live_figure.py): plotly's FigureWidget with its
// widget bundle imported once per page and off anywidget's clock.
//
// plotly ships its 5 MB bundle as every figure's ESM; anywidget imports that
// afresh for each figure and gives a model 2 seconds to initialise
// ("[anywidget] Failed to initialize model." after that). On a busy machine a
// page with four figures misses it and those figures stay blank for good.
// Here the bundle is imported once for the whole page, and initialize returns
// at once; messages Python sends while the bundle loads are held and replayed
// to plotly's model when it is there, and views wait for it.

function plotlyWidgetModule(model) {
  // one import per bundle (a page may show kernels of two plotly versions)
  const key = Symbol.for(`drillsim.plotly-widget-bundle.${model.get("_bundle_id")}`);
  if (!globalThis[key]) {
    const url = URL.createObjectURL(new Blob([model.get("_bundle")], { type: "text/javascript" }));
    globalThis[key] = import(url)
      .catch((error) => {
        delete globalThis[key]; // the next figure tries again
        throw error;
      })
      .finally(() => URL.revokeObjectURL(url));
  }
  return globalThis[key];
}

export default () => {
  let plotly = null; // plotly's widget ({initialize, render}) once loaded
  let loaded = null;
  return {
    initialize({ model }) {
      let held = [];
      for (const name of model.get("_held_messages")) {
        model.on(`change:${name}`, () => {
          const message = model.get(name);
          if (plotly === null && message !== null) held.push([name, message]);
        });
      }
      // the whole figure sent again (Python displays it) holds every edit before it
      model.on("change:_widget_data", () => {
        if (plotly === null) held = [];
      });
      loaded = plotlyWidgetModule(model).then((module) => {
        const widget = module.default();
        widget.initialize({ model });
        plotly = widget;
        // plotly's model reads a message from the model on its change event:
        // set each held one again, then clear it as Python does
        for (const [name, message] of held) {
          model.set(name, message);
          model.set(name, null);
        }
        return widget;
      });
      loaded.catch((error) => console.error("[drillsim] plotly's widget bundle did not load:", error));
    },
    async render({ model, el }) {
      const widget = await loaded;
      return widget.render({ model, el });
    },
  };
};
