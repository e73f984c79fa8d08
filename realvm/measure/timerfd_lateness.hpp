#pragma once
// A periodic CLOCK_MONOTONIC timerfd on the absolute grid start + k x period, so every
// lateness is against that exact grid: what `vtick calibrate` and vtick_realvm_bench both
// measure as the host's own timer wake-up.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace vtick::realvm::measure {

/// Reads the timerfd while more(expiries so far, samples so far) holds, appending one
/// lateness per wake-up (against the latest expiry it reported: an overrun's earlier
/// expiries had no wake-up of their own) and counting overruns. Throws std::runtime_error
/// naming the failed call.
void timerfd_lateness(std::int64_t period_ns, const std::function<bool(std::uint64_t, std::size_t)>& more,
                      std::vector<std::int64_t>& lateness_ns, std::uint64_t& overruns);

}  // namespace vtick::realvm::measure
