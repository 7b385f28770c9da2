# drillsim: the two set-up commands of the README, and a few more.
# Every target creates the virtual environment it needs (./.venv) on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
CONSOLE_PORT ?= 8866

.PHONY: demo test lab lint clean console chromium bench

$(BIN)/python:
	@echo "drillsim: creating the virtual environment $(VENV)"
	$(PYTHON) -m venv $(VENV)

# re-install whenever pyproject.toml changes; pip lists each package as it collects,
# downloads (with a progress bar) and installs it, so a first install is not minutes of silence
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "drillsim: installing drillsim and its dependencies into $(VENV) (about 5 minutes on a fresh machine)..."
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on -e '.[test]'
	@echo "drillsim: dependencies installed"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/drillsim run scenarios/urban_rainstorm.yaml --out out/demo

lint: $(VENV)/.installed
	$(BIN)/lint-imports

# The browser tests drive Debian's chromium: Playwright cannot download its own
# browser here. Installed once, only when missing (with a font for Chinese).
chromium:
	@test -x /usr/bin/chromium || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-wqy-microhei)

test: $(VENV)/.installed chromium
	$(BIN)/lint-imports
	# the browser tests first, on their own: after the dask and process-pool
	# tests in the same run, Voila's page loads were seen to time out
	$(BIN)/python -m pytest tests/ui -m browser -p no:cacheprovider
	$(BIN)/python -m pytest tests notebooks -m "not browser" --nbmake --nbmake-timeout=600 -p no:cacheprovider

# speed and memory figures against their targets (benchmarks/README.md); a few minutes each
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run_all.py

# config/jupyter_server_config.py (read through JUPYTER_CONFIG_PATH=config): the notebooks are saved
# without outputs or execution counts, so running one leaves nothing to commit
lab: $(VENV)/.installed
	JUPYTER_CONFIG_PATH=$(CURDIR)/config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH} $(BIN)/jupyter lab notebooks/ $(ROOT_FLAG)

# the drill console for the room's screen, on this machine only (open http://127.0.0.1:$(CONSOLE_PORT)).
# config/voila.json: a page closed for 5 minutes has its kernel culled (MappingKernelManager.cull_*),
# and the page is drawn by config/voila/templates/drillsim, which asks no CDN for anything.
# CONSOLE_FLAGS: one kernel kept ready with the console already run (Voila's pre-heated kernels), so
# the page shows in about 3 s instead of 5 (benchmarks/console_first_paint.py measures with these flags)
CONSOLE_FLAGS := --VoilaConfiguration.preheat_kernel=True --VoilaConfiguration.default_pool_size=1
console: $(VENV)/.installed
	JUPYTER_PATH=$(CURDIR)/config$${JUPYTER_PATH:+:$$JUPYTER_PATH} JUPYTER_CONFIG_PATH=$(CURDIR)/config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH} \
	$(BIN)/voila notebooks/tabletop_drill.ipynb --no-browser --Voila.ip=127.0.0.1 --port=$(CONSOLE_PORT) $(CONSOLE_FLAGS)

# the console and every player seat on one server, for a room of devices: the facilitator opens
# http://<this machine>:$(CONSOLE_PORT)/voila/render/tabletop_drill.ipynb, each table
# .../voila/render/drill_seat.ipynb?seat=<id> (README, "Player seats"). ROOM_IP=127.0.0.1 keeps it on this machine.
ROOM_IP ?= 0.0.0.0
.PHONY: room
room: $(VENV)/.installed
	JUPYTER_PATH=$(CURDIR)/config$${JUPYTER_PATH:+:$$JUPYTER_PATH} JUPYTER_CONFIG_PATH=$(CURDIR)/config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH} \
	$(BIN)/voila notebooks/ --no-browser --Voila.ip=$(ROOM_IP) --port=$(CONSOLE_PORT)

clean:
	rm -rf out .pytest_cache
