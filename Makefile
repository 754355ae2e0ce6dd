# The two commands: `make run` and `make test`. Both set up what is missing first.
SWIFT ?= swift
VIGIL_HOST ?= 127.0.0.1
VIGIL_PORT ?= 8080
VIGIL_DATA_DIR ?= data
export VIGIL_HOST VIGIL_PORT VIGIL_DATA_DIR

.PHONY: setup build run test bench cluster clean

setup:
	@scripts/setup.sh
	@scripts/models.sh
	@scripts/test_tools.sh

build: setup
	$(SWIFT) build --build-tests

## Set up, build, and serve on $(VIGIL_HOST):$(VIGIL_PORT) with $(VIGIL_DATA_DIR)/vigil.sqlite.
run: setup
	@start=$$(date +%s); $(SWIFT) build --product vigil && echo "build: done in $$(( $$(date +%s) - start )) s"
	exec $$($(SWIFT) build --show-bin-path)/vigil serve

## Set up, build, and start a try-out cluster on this machine: PostgreSQL and three nodes on
## loopback ports 8081-8083 (VIGIL_CLUSTER_PORT moves them); Ctrl-C stops everything (scripts/cluster.sh).
cluster: setup
	$(SWIFT) build --product vigil
	@scripts/cluster.sh $$($(SWIFT) build --show-bin-path)

## Set up, build, and run every test: first the layering check (scripts/check_layers.py), then
## scripts/test_suites.sh: all but the browser suites in two streams side by side, each one suite at
## a time (the CPU-bound detector and `vigil analyze` suites beside the server suites, which mostly
## wait), then the browser suites alone, so that their frame-rate and timing checks never share the
## cores. A test that fails beside the other stream, or a browser test that fails, runs once more
## alone; the run fails when it fails again (the script's header says why).
test: build
	scripts/check_layers.py
	scripts/test_suites.sh

## Set up, build in release mode, and print one JSON object per measurement.
bench: setup
	$(SWIFT) build -c release --scratch-path .build-release --product vigil
	$(SWIFT) build -c release --scratch-path .build-release --product vigil-bench
	@scripts/bench.sh .build-release/release

clean:
	rm -rf .build .build-release
