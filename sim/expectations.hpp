#pragma once
// Checks a scenario's `expect:` entries against the run's summary.json.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario.hpp"

namespace vtick::sim {

struct ExpectationResult {
  Expectation expectation;
  /// nullopt when the summary holds null there (a statistic of no samples): such a result
  /// fails, since nothing was measured.
  std::optional<double> actual;
  bool passed = false;
  /// One line for the user, e.g. "clock.drift_ppm = -250000 above max 100".
  std::string message;
};

/// Looks each expectation's dotted field up in the summary, e.g.
/// "timers.cyclic.lateness_ns.p99", and checks min <= actual <= max and
/// actual == equals (relative tolerance 1e-9, absolute 1e-9 near 0).
/// A field that does not exist, or holds neither a number nor null, is a scenario error:
/// std::invalid_argument "FILE:LINE:COL: expect.FIELD: no such numeric field in summary.json
/// (fields at that level: a, b, c)". So is an expectation without min, max or equals.
[[nodiscard]] std::vector<ExpectationResult> evaluate_expectations(
    const std::vector<Expectation>& expectations, const nlohmann::ordered_json& summary);

/// Locale-independent number text for messages: integral values (below 1e15 in magnitude)
/// without decimals, others with 6 significant digits as printf's "%.6g" in the C locale.
[[nodiscard]] std::string format_number(double value);

}  // namespace vtick::sim
