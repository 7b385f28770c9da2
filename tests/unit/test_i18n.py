"""The zh/en catalogue is complete and consistent."""

from __future__ import annotations

import string

from simulator.i18n import MESSAGES, resolve_lang, tr
from simulator.scenario import vocabulary as vocab


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_both_languages_with_the_same_placeholders():
    for key, entry in MESSAGES.items():
        assert set(entry) == {"en", "zh"}, key
        assert entry["en"].strip() and entry["zh"].strip(), key
        assert _fields(entry["en"]) == _fields(entry["zh"]), key


def test_every_vocabulary_term_has_a_label():
    for prefix, terms in (
        ("level", vocab.LEVELS),
        ("response", vocab.RESPONSE_LEVELS),
        ("hazard", vocab.HAZARDS),
        ("team_type", vocab.TEAM_TYPES),
        ("capability", vocab.CAPABILITIES),
        ("kpi", vocab.KPI_NAMES),
        ("message", vocab.MESSAGE_TYPES),
        ("warning_level", vocab.WARNING_LEVELS),
        ("step", vocab.STEPS),
    ):
        for term in terms:
            assert f"{prefix}.{term}" in MESSAGES, (prefix, term)


def test_tr_fills_placeholders_and_picks_the_language():
    assert tr("scenario.unknown_place", "en", ref="x") == "unknown place 'x'"
    assert tr("scenario.unknown_place", "zh", ref="x") == "未定义的地点 'x'"
    assert tr("no.such.key", "zh") == "no.such.key"


def test_language_resolution(monkeypatch):
    monkeypatch.delenv("DRILLSIM_LANG", raising=False)
    assert resolve_lang(None) == "en"
    monkeypatch.setenv("DRILLSIM_LANG", "zh_CN.UTF-8")
    assert resolve_lang(None) == "zh"
    assert resolve_lang("en") == "en"


def test_kpi_vocabulary_matches_what_metrics_compute(tiny_scenario):
    from simulator.metrics import compute_kpis
    from simulator.models import simulate

    kpis = compute_kpis(simulate(tiny_scenario).events, 600)
    assert tuple(kpis) == vocab.KPI_NAMES
