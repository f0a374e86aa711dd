# flopcast: the two commands a newcomer needs are `make serve` and `make test`.
# Both install what is missing first (scripts/bootstrap.sh) and are idempotent.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Tools installed by the bootstrap: cargo's bin dir and the project-local wasm-opt.
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(CARGO_BIN):$(PATH)
WASM_RUNNER := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
TRUNK_BUILD := trunk build --release --offline

.PHONY: help serve test dist lint native-test wasm-test e2e-test bootstrap bootstrap-test bench screenshot

help:
	@echo "make serve   run the page on http://127.0.0.1:8080 (installs missing tools)"
	@echo "make test    run every test there is (installs missing tools, Chromium included)"
	@echo "make dist    build the release page into dist/ and print its gzip weight"
	@echo "make bench   time the tables (core) and the page in headless Chromium"

bootstrap:
	scripts/bootstrap.sh build

bootstrap-test:
	scripts/bootstrap.sh test

serve: bootstrap
	trunk serve --offline --address 127.0.0.1 --port 8080

dist: bootstrap
	$(TRUNK_BUILD)
	scripts/dist-size.sh dist

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p flopcast-web --all-targets --features e2e -- -D warnings
	cargo clippy -p flopcast-web --all-targets --target wasm32-unknown-unknown -- -D warnings

native-test:
	cargo test --workspace

wasm-test:
	CHROMEDRIVER=$$(command -v chromedriver) $(WASM_RUNNER) \
	  cargo test -p flopcast-web --target wasm32-unknown-unknown --test wasm

e2e-test:
	$(TRUNK_BUILD)
	scripts/dist-size.sh dist
	cargo test -p flopcast-web --features e2e --test e2e

test: bootstrap-test
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory native-test
	$(MAKE) --no-print-directory wasm-test
	$(MAKE) --no-print-directory e2e-test

bench: bootstrap-test
	cargo bench -p flopcast-core
	$(TRUNK_BUILD)
	cargo test --release -p flopcast-web --features e2e --test bench_page

# Refreshes the README's screenshot (taken by the e2e harness).
screenshot: bootstrap-test
	$(TRUNK_BUILD)
	cargo test -p flopcast-web --features e2e --test e2e screenshot
	cp target/screenshot.png docs/screenshot.png
