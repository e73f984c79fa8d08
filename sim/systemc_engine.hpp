#pragma once
// The SystemC adapter: the only place vtick includes <systemc>.
#include <memory>
#include <string>

#include "sim/engine.hpp"

namespace vtick::sim {

std::unique_ptr<Engine> make_systemc_engine();

/// Sets SystemC's time resolution to 1 ns (so every sc_time is an exact integer number of
/// nanoseconds: no silent truncation) and creates vtick's dispatcher module. SystemC allows
/// modules only before the first sc_start, so code that adds modules of its own (the bench's
/// bare ping-pong) calls this first. Idempotent.
void systemc_elaborate();

/// "2.3.4" etc., from the library actually linked.
std::string systemc_version();

}  // namespace vtick::sim
