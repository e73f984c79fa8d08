#pragma once
// A scenario's `expect:` verdicts on stdout, shared by `vtick run` and `vtick realvm run`.
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/expectations.hpp"
#include "sim/scenario.hpp"

namespace vtick::tools {

/// Prints each expectation's verdict (only failures when quiet) and, if one failed, the
/// command that reproduces the run; returns false if any failed.
inline bool report_expectations(const sim::Scenario& scenario, const nlohmann::ordered_json& summary,
                                const std::string& replay_command, bool quiet) {
  bool all_passed = true;
  for (const auto& result : sim::evaluate_expectations(scenario.expect, summary)) {
    if (!quiet || !result.passed) std::printf("  expect  %s %s\n", result.passed ? "PASS" : "FAIL", result.message.c_str());
    all_passed = all_passed && result.passed;
  }
  if (!all_passed) std::printf("  replay  %s\n", replay_command.c_str());
  return all_passed;
}

}  // namespace vtick::tools
