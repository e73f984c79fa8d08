#pragma once
// Human-written durations ("10ms", "1.5s", "2min") <-> integer nanoseconds.
#include <string>
#include <string_view>

#include "sim/time.hpp"

namespace vtick::sim {

/// Parses "<number><unit>", unit one of ns, us, ms, s, min, h. The number may have a decimal
/// fraction as long as the result is a whole number of nanoseconds ("1.5ms" yes, "0.5ns" no).
/// Throws std::invalid_argument whose what() is the reason, ready to show to a user:
/// no unit, unknown unit, negative, fractional nanoseconds, or beyond the int64 range.
[[nodiscard]] TimeNs parse_duration(std::string_view text);

/// The shortest exact spelling parse_duration accepts back: 1500000 -> "1500us", 0 -> "0s".
[[nodiscard]] std::string format_duration(TimeNs ns);

}  // namespace vtick::sim
