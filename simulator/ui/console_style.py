"""How the facilitator's screen looks: one 1920x1080 projector screen, no page scrolling.

Sizes are set for that screen (the room's projector, ``make console``): the
header, the clock strip with the inject plan, the status line and the KPI
cards take about 330 px, and the map, the feed and the side panel share the
rest at a fixed height (:data:`MAIN_HEIGHT`); long lists scroll inside their
own panel, never the page. On a smaller screen the page scrolls.
"""

from __future__ import annotations

MAIN_HEIGHT = 690  # px: the map, the feed and the side panel
MAP_HEIGHT = MAIN_HEIGHT - 10
MSEL_HEIGHT = 150

CSS = f"""
<style>
.drill-console {{ font-size: 14px; }}
.drill-console .widget-html-content {{ line-height: 1.35; }}
.drill-header {{ align-items: center; flex-wrap: nowrap; }}
.drill-header h3 {{ margin: 0 12px 0 4px; white-space: nowrap; }}
.drill-clock-row {{ align-items: flex-start; }}
.drill-clock-face {{ white-space: nowrap; }}
.drill-time {{ font: 700 60px/1.05 "DejaVu Sans Mono", monospace; letter-spacing: 1px; }}
.drill-time-idle {{ color: #9e9e9e; }}
.drill-state {{ display: inline-block; margin-left: 14px; vertical-align: 18px; font-size: 20px; padding: 2px 12px; border-radius: 14px; }}
.drill-state-running {{ background: #e8f5e9; color: #1b5e20; }}
.drill-state-paused {{ background: #fff3e0; color: #bf360c; }}
.drill-state-finished {{ background: #eceff1; color: #37474f; }}
.drill-clock-sub, .drill-phase, .drill-next {{ font-size: 15px; color: #37474f; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.drill-phase {{ font-weight: 600; }}
.drill-session-status {{ font-size: 12px; color: #607d8b; }}
.drill-message {{ min-height: 22px; max-height: 44px; overflow-y: auto; }}
.drill-message .widget-html-content {{ font-size: 14px; }}
.drill-kpis {{ display: flex; gap: 6px; width: 100%; }}
.drill-kpi {{ flex: 1 1 0; border: 1px solid #cfd8dc; border-radius: 6px; padding: 2px 8px; background: #fafafa; min-width: 0; }}
.drill-kpi-value {{ font-size: 24px; font-weight: 600; line-height: 1.15; }}
.drill-kpi-label {{ font-size: 12px; color: #546e7a; line-height: 1.2; height: 2.4em; overflow: hidden; }}
.drill-panel {{ height: {MAIN_HEIGHT}px; overflow-y: auto; border: 1px solid #eceff1; border-radius: 4px; padding: 0 6px; box-sizing: border-box; }}
.drill-panel h4 {{ margin: 6px 0; }}
.drill-feed ul {{ padding-left: 1.1em; margin: 0; }}
.drill-feed li {{ margin-bottom: 6px; }}
.drill-feed code, .drill-log code {{ font-weight: 600; }}
.drill-feed .fa-bullhorn {{ color: #1565c0; }}
.drill-feed .fa-hourglass-half {{ color: #ef6c00; }}
.drill-feed .fa-exclamation-triangle {{ color: #c62828; }}
.drill-log table, .drill-score table, .drill-past, .drill-msel-table {{ border-collapse: collapse; font-size: 13px; }}
.drill-log td, .drill-log th, .drill-score td, .drill-score th, .drill-past td, .drill-past th, .drill-msel-table td, .drill-msel-table th {{ padding: 3px 6px; border-bottom: 1px solid #eceff1; text-align: left; vertical-align: top; }}
.drill-ok {{ color: #1a7f37; }}
.drill-refused {{ color: #c62828; }}
.drill-side .lm-TabPanel-stackedPanel, .drill-side .p-TabPanel-stackedPanel {{ height: {MAIN_HEIGHT - 36}px; overflow-y: auto; }}
.drill-msel-delivered {{ color: #2e7d32; }}
.drill-msel-due {{ color: #ef6c00; }}
.drill-msel-upcoming {{ color: #1565c0; }}
.drill-download, .drill-page-shown {{ width: 0; height: 0; overflow: hidden; }}
</style>
"""
