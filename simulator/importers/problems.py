"""A problem in an imported file, said as ``FILE:row N: column: message`` (or ``feature N`` in GeoJSON)."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.i18n import tr


@dataclass(frozen=True)
class SheetProblem:
    file: str
    row: int | None  # None: the file or sheet as a whole
    column: str
    key: str  # an i18n key, or a scenario.Problem to say (see ``problem``)
    params: dict = field(default_factory=dict)
    feature: bool = False  # GeoJSON counts features, not rows
    problem: object = None  # a simulator.scenario.problems.Problem, said in its own words

    def render(self, lang: str | None = None) -> str:
        where = self.file
        if self.row is not None:
            where += ":" + tr("import.feature" if self.feature else "import.row", lang, n=self.row)
        message = self.problem.message(lang) if self.problem is not None else tr(self.key, lang, **self.params)
        return f"{where}: {self.column}: {message}" if self.column else f"{where}: {message}"


class ImportProblems(Exception):
    """The files could not be imported; every problem found, in file and row order."""

    def __init__(self, problems: list[SheetProblem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column))
        super().__init__(self.render())

    def render(self, lang: str | None = None) -> str:
        return "\n".join(p.render(lang) for p in self.problems)
