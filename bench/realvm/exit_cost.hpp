// What crossing into the VMM costs: one bare exit (NOP-port out), and one timer hypercall
// (TIMER_ARM or TIMER_CANCEL: an out and an in, plus the VMM's work on the host timer), both
// timed by the guest's trace records around a loop of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vtick::realvm_bench {

/// Host microseconds per exit round trip over `iterations` NOP outs; prints one line.
/// nullopt (with the run described) if the benchmark did not complete.
std::optional<double> exit_round_trip_us(const std::string& image, std::uint32_t iterations);

/// Host microseconds per timer hypercall over `pairs` arm + cancel pairs under the
/// outsourced scheme; prints one line. nullopt if the benchmark did not complete.
std::optional<double> timer_hypercall_us(const std::string& image, std::uint32_t pairs);

}  // namespace vtick::realvm_bench
