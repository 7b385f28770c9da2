"""Bring a district's own data into a scenario, and its lists back out.

- :mod:`.osm`: road ways from OpenStreetMap XML/PBF (pyosmium) or GraphML (networkx);
- :mod:`.roads`: those ways simplified to junctions and roads with travel minutes;
- :mod:`.sheets`: places, units, teams, depots, stock and shelters from CSV, Excel or GeoJSON;
- :mod:`.workbook`: a scenario's lists to an Excel workbook and back.

Everything works offline, from files. Errors are :class:`.problems.ImportError_`
rows (``FILE:row N: column: message`` in zh or en).
"""
