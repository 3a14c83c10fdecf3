# The two commands a fresh machine needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
# The tools set-up installs (scripts/setup.sh) are in $CARGO_HOME/bin, ~/.cargo/bin by default.
export PATH := $(CURDIR)/tests/e2e/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)
# Browsers started by tests keep their profiles out of the user's home.
export XDG_CONFIG_HOME ?= $(CURDIR)/target/xdg
export XDG_CACHE_HOME ?= $(CURDIR)/target/xdg
export TRUNK_SKIP_VERSION_CHECK := true

LISTEN ?= 127.0.0.1:2886
PASSWORD ?= ObShell\#Demo1
# Password of the simulated OCP's user `admin` (OCP API v2 at /api/v2/, HTTP Basic).
OCP_PASSWORD ?= Ocp\#Demo1

.PHONY: setup check-vendor console release run dev test lint unit wasm-test sdk-test e2e bench screenshots fuzz clean

setup:
	@bash scripts/setup.sh

# The build (scripts/build-id.sh: the commit, -dirty for a changed tree) is shown in the About
# panels; dist/build.txt keeps it for `make release`, which names the tarball with it.
console: setup
	build=$$(bash scripts/build-id.sh) && OBSHELL_CONSOLE_BUILD=$$build trunk build --release --offline \
	  && echo "$$build" > dist/build.txt

# The release an operator installs without a Rust toolchain (docs/deploy.md): the built console,
# the nginx templates and deploy/install.sh in target/release-pkg/obshell-console-<version>-<build>.tar.gz,
# beside its SHA256SUMS (scripts/release.sh).
release: console
	bash scripts/release.sh

run: console
	cargo build --release --locked -p obshell-sim
	@echo
	@echo "  obshell-console: http://$(LISTEN)/"
	@echo "  root@sys password of the simulated cluster: $(PASSWORD)"
	@echo "  OCP (simulated, /api/v2/): user admin, password $(OCP_PASSWORD)"
	@echo
	./target/release/obshell-sim --listen $(LISTEN) --password '$(PASSWORD)' --ocp-password '$(OCP_PASSWORD)' --dist dist $(SIM_FLAGS)

# For a person changing the console: a debug build rebuilt on every save, served by trunk serve at
# http://127.0.0.1:$(DEV_PORT)/ with the simulated agent and OCP behind its proxies (scripts/dev.sh).
DEV_PORT ?= 8080
dev: setup
	cargo build --locked -p obshell-sim
	@DEV_PORT='$(DEV_PORT)' PASSWORD='$(PASSWORD)' OCP_PASSWORD='$(OCP_PASSWORD)' SIM_FLAGS='$(SIM_FLAGS)' bash scripts/dev.sh

# First, before set-up: Cargo.lock must build the patched reactive_graph of vendor/ (vendor/README.md).
check-vendor:
	@bash scripts/check-vendor.sh

lint: check-vendor setup
	cargo fmt --all -- --check
	cargo clippy --locked --workspace --all-targets -- -D warnings
	cargo clippy --locked --target wasm32-unknown-unknown -p obshell-console -p obshell-protocol --all-targets -- -D warnings
	cargo clippy --locked --target wasm32-unknown-unknown -p obshell-console --all-targets --features bench -- -D warnings

unit: setup
	cargo test --locked --workspace

wasm-test: setup
	cargo test --locked -p obshell-protocol --target wasm32-unknown-unknown --test crypto

sdk-test: setup
	cargo build --locked -p obshell-sim
	cargo build --locked -p obshell-protocol --example export_plan
	.venv/bin/python -m pytest tests/sdk -q

e2e: console
	cargo build --locked -p obshell-sim
	cd tests/e2e && npm test

test: lint unit wasm-test sdk-test e2e

# The benchmarks run on a build of their own with the bench entry points (cargo feature bench,
# target/dist-bench); the shipped dist/ never carries them, and its download size is measured.
bench: console
	trunk build --release --offline --features bench --dist target/dist-bench
	cargo build --locked -p obshell-sim
	cd tests/e2e && CONSOLE_DIST=target/dist-bench npm run --silent bench
	cargo run --locked --quiet --profile load -p obshell-sim --example load -- 50 30

# Every page and main state, in both languages and themes and at three widths, from the
# simulators through nginx, into docs/screenshots/ (docs/design.md lists them).
screenshots: console
	cargo build --locked -p obshell-sim
	cd tests/e2e && node screenshots/run.mjs

# The property tests of `make test` (100,000 cases each), for longer.
FUZZ_CASES ?= 2000000
fuzz: setup
	PROPERTY_CASES=$(FUZZ_CASES) cargo test --locked -p obshell-protocol --test properties -- --nocapture
	PROPERTY_CASES=$(FUZZ_CASES) cargo test --locked -p obshell-sim --lib bind_properties -- --nocapture

clean:
	rm -rf dist target/xdg
