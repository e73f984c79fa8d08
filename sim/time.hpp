#pragma once
// Simulated time: signed 64-bit integer nanoseconds of true (host) time since the run began.
// Never floating point, never an engine's own time type: SystemC's sc_time is converted
// only inside systemc_engine.cpp.
#include <cstdint>
#include <limits>

namespace vtick::sim {

using TimeNs = std::int64_t;

inline constexpr TimeNs kNsPerUs = 1'000;
inline constexpr TimeNs kNsPerMs = 1'000'000;
inline constexpr TimeNs kNsPerSec = 1'000'000'000;
/// "Not scheduled": later than any reachable simulated instant (292 years).
inline constexpr TimeNs kNever = std::numeric_limits<TimeNs>::max();

}  // namespace vtick::sim
