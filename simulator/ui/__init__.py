"""ipywidgets applications (the plan lab, ...): the only layer that imports ipywidgets.

Each app keeps its logic in the package and exposes its widgets as
attributes, so tests drive it without a browser (set ``.value``, call
``button.click()``) and notebooks only create and show it.
"""
