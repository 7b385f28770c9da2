# drillsim: the two set-up commands of the README, and a few more.
# Every target creates the virtual environment it needs (./.venv) on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: demo test lab lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# re-install whenever pyproject.toml changes
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/drillsim run scenarios/urban_rainstorm.yaml --out out/demo

lint: $(VENV)/.installed
	$(BIN)/lint-imports

test: $(VENV)/.installed
	$(BIN)/lint-imports
	$(BIN)/python -m pytest tests notebooks --nbmake --nbmake-timeout=600 -p no:cacheprovider

lab: $(VENV)/.installed
	$(BIN)/jupyter lab notebooks/ $(ROOT_FLAG)

clean:
	rm -rf out .pytest_cache
