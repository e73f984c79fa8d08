# The two set-up commands of the README, and their parts.
#   make demo   installs dependencies, builds, runs the headline scenario
#   make test   builds and runs every test (quick and slow tiers)
.PHONY: deps build demo test test-quick asan clean

deps:
	./scripts/install-deps.sh

build: deps
	cmake --preset default
	cmake --build --preset default -j 2

demo: build
	./build/tools/vtick run scenarios/loaded-host-compile.yaml --out out/demo

test: build
	ctest --preset default

test-quick: build
	ctest --preset quick

# asan: the unit and integration suites under ASan+UBSan; the per-scenario runs, the real-VM
# scenario runs and the two 100-run statistical sweeps run in the release build only (CI time).
# Built -O1 -g1 (line tables: stack traces keep file:line), as ASan's own docs advise, which
# compiles in less CI time than RelWithDebInfo's -O2 -g.
asan: deps
	cmake --preset asan
	cmake --build --preset asan -j 2
	ctest --preset asan

clean:
	rm -rf build build-debug build-asan out
