#pragma once
// A property file (checker/properties/*.yaml, documented in docs/checker.md): which model,
// its parameters, the claim, the method, and the verdict it is expected to get.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "sim/scenario.hpp"

namespace vtick::checker {

enum class Method { KInduction, Bmc, Explicit };
enum class Expected { Proved, Violated, Unknown };

struct Property {
  std::string file;
  std::string name;
  std::string description;
  std::string model;                          ///< one of models() below
  std::map<std::string, std::int64_t> params; ///< durations in ns, flags 0/1
  std::optional<std::int64_t> claim_max;      ///< the bound B (symbolic models)
  Method method = Method::KInduction;
  int depth = 20;                             ///< max k, or BMC depth
  std::int64_t timeout_ms = 10'000;
  std::optional<Expected> expect;
  sim::SourceLocation where;

  /// A parameter's value, or `fallback` when the file leaves it out.
  [[nodiscard]] std::int64_t param(const std::string& key, std::int64_t fallback) const {
    const auto it = params.find(key);
    return it == params.end() ? fallback : it->second;
  }
};

/// Reads and checks a property file; errors are sim::ScenarioError (file:line:col: field: why).
Property load_property_file(const std::string& path);

}  // namespace vtick::checker
