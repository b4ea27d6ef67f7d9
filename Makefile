# foobar.webstack - developer and CI entry points. `make help` lists them.
SHELL := /bin/bash
VENV := .venv
PYTHON ?= python3
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
# Scenarios live in the top-level molecule/ directory (see docs/testing.md).
export MOLECULE_GLOB := molecule/*/molecule.yml
export ANSIBLE_FORCE_COLOR := false
# Debian releases the Molecule scenarios run on, and which scenarios.
DEBIAN ?= 12 13
SCENARIO ?=

.PHONY: help lab lab-down drills bench test test-full lint unit sanity build molecule images engine clean venv

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-11s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV) || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	tools/link-collection.sh >/dev/null
	touch $@

venv: $(VENV)/.installed ## Create the pinned controller virtualenv (.venv); link the checkout as foobar.webstack
	@tools/link-collection.sh >/dev/null

lab: venv ## Bring up the whole stack as containers on this machine (site.yml, ACME from pebble) and print its URLs
	lab/run.sh up

lab-down: venv ## Remove the lab's containers and networks
	lab/run.sh down

drills: venv ## Fault drills against the lab (DRILLS="kill_app rolling ..."): counts, one verdict per drill
	lab/drills/run.sh

bench: venv ## Benchmarks against the lab (BENCH="deploy settings traffic lag"): deploy times, wrk through HAProxy vs direct, replication lag
	lab/bench/run.sh

test: venv ## Everything: lint, build, sanity, unit, input, promtool and EDA tests; role scenarios on Debian 12, the full stack on 13
	tests/harness/run-suite.sh all

test-full: venv ## As test, with every Molecule scenario on Debian 12 and 13 (about twice as long)
	MATRIX=full tests/harness/run-suite.sh all

lint: venv ## yamllint and ansible-lint (production profile, offline)
	tests/harness/run-suite.sh lint

unit: venv ## pytest unit and input-validation tests, promtool rule tests, the EDA rulebook under ansible-rulebook (no containers)
	tests/harness/run-suite.sh unit

sanity: venv ## ansible-test sanity on a copy of the collection
	tests/harness/run-suite.sh sanity

build: venv ## Build the collection tarball into build/
	tests/harness/run-suite.sh build

molecule: venv ## Molecule scenarios: make molecule SCENARIO=common DEBIAN=12
	tests/harness/run-suite.sh molecule

images: ## Build (or reuse) the local Debian test images
	tests/harness/docker-engine.sh
	tests/harness/images.sh $(DEBIAN)

engine: ## Start a Docker engine if none answers
	tests/harness/docker-engine.sh

clean: ## Remove test containers, networks and build output
	tests/harness/cleanup.sh
	rm -rf build tests/output
