#pragma once
// Scenario YAML -> Scenario, rejecting anything docs/scenarios.md does not allow with a
// ScenarioError that points at the offending line and column.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/scenario_error.hpp"

namespace vtick::sim {

struct ParseOptions {
  /// Model the scenario under this engine whatever its vmm.engine says (a cross-check of a
  /// trace QEMU recorded): the host profile's engines.<engine> costs apply, and vm_exit or
  /// inject the file sets are kept but unused under a TCG engine.
  std::optional<VmmEngine> engine;
};

/// Every field a host profile can set, as the scenario field it sets ("host.hz",
/// "vmm.inject", ...), sorted: what `vtick calibrate` measures or reads from the kernel.
[[nodiscard]] std::vector<std::string> host_profile_fields();

/// What a host profile may hold, as the parser reads it: the sections calibration and engines
/// whole, and every other key as section.field (scheduler.class, host.noise, ...).
[[nodiscard]] std::vector<std::string> host_profile_keys();

/// Reads and parses `path`; an unreadable file is a ScenarioError naming the path and errno.
[[nodiscard]] Scenario load_scenario_file(const std::string& path, const ParseOptions& options = {});

/// `file_name` is not opened: it labels error locations, fills Scenario::file and, without a
/// `name:` key, gives Scenario::name (its stem, "runs/idle.yaml" -> "idle").
[[nodiscard]] Scenario parse_scenario(std::string_view yaml_text, const std::string& file_name,
                                      const ParseOptions& options = {});

}  // namespace vtick::sim
