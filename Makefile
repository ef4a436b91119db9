# The two commands: `make run` and `make test`. Everything else is a building block.
SHELL := /bin/bash
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc)
LISTEN     ?= 127.0.0.1:8080
YKC_LISTEN ?= 127.0.0.1:8767
DB         ?= data/chargetwin.db
FLEET      ?= 10
FLEET_SPEED ?= 60
# `make run` keeps a per-checkout platform token beside the database, so the demo fleet
# can provision itself on every start (the server stores only the token's hash).
TOKEN_FILE ?= $(dir $(DB)).platform-token
FUZZ_SECONDS ?= 60

# ccache keyed on paths relative to the checkout, so a fresh clone reuses the cache.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true
export CCACHE_MAXSIZE := 5G
export CCACHE_SLOPPINESS := pch_defines,time_macros,include_file_mtime,include_file_ctime

.PHONY: all deps build run test test-unit test-asan test-fuzz bench format clean

all: build

deps:
	@bash scripts/install-deps.sh

# Optimised with line tables only: quick to compile, good enough for stack traces.
build: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCT_BENCH=ON \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" > /dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p $(dir $(DB))
	@[ -s $(TOKEN_FILE) ] || (umask 077; printf 'ctp_%s\n' "$$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" > $(TOKEN_FILE))
	@echo "Platform-admin token (also in $(TOKEN_FILE)): $$(cat $(TOKEN_FILE))"
	./$(BUILD)/app/chargetwin serve --listen $(LISTEN) --db $(DB) --log-format text --log-level warn \
	  --bootstrap-token "$$(cat $(TOKEN_FILE))" --demo-fleet $(FLEET) --demo-speed $(FLEET_SPEED) \
	  --ykc-listen $(YKC_LISTEN)

# Every test: the optimised build, the ASan+UBSan build, and a bounded fuzz run.
test: test-unit test-asan test-fuzz

test-unit: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --timeout 300

test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCT_SANITIZE=ON -DCT_BENCH=OFF \
	  -DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1" > /dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) --timeout 600

test-fuzz: deps
	CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCT_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCT_FUZZ_SECONDS=$(FUZZ_SECONDS) > /dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	ctest --test-dir $(FUZZ_BUILD) --output-on-failure

bench: build
	./$(BUILD)/bench/bench_ocpp

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
