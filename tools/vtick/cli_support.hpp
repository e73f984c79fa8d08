#pragma once
// What the subcommands share: number formatting for tables and the mapping of failures to
// exit codes (2 bad input, 3 internal error).
#include <cstdio>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/scenario_error.hpp"

namespace vtick::tools {

inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInternal = 3;

/// Nanoseconds from a summary field as "12.345 ms" ("n/a" for null).
inline std::string ms(const nlohmann::ordered_json& ns) {
  if (ns.is_null()) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.3f ms", ns.get<double>() / 1e6);
  return text;
}

/// Runs a subcommand body; scenario and argument errors exit 2, anything else 3.
template <typename Body>
int exit_code_of(Body&& body) {
  try {
    return body();
  } catch (const sim::ScenarioError& e) {
    std::cerr << "vtick: " << e.what() << '\n';
    return kExitBadInput;
  } catch (const std::invalid_argument& e) {
    std::cerr << "vtick: " << e.what() << '\n';
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "vtick: internal error: " << e.what() << '\n';
    return kExitInternal;
  }
}

}  // namespace vtick::tools
