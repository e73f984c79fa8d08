#pragma once
// Runs one scenario: builds the host, VMM and guest models, simulates, and returns what
// `vtick run` writes: summary.json, series.csv and trace.json.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/engine.hpp"
#include "sim/expectations.hpp"
#include "sim/scenario.hpp"
#include "sim/series_writer.hpp"
#include "sim/trace_writer.hpp"

namespace vtick::sim::runner {

struct RunOptions {
  EngineKind engine = EngineKind::SystemC;
  /// Overrides the scenario's run.seed.
  std::optional<std::uint64_t> seed;
  /// Identifies the build in summary.json (e.g. the git commit).
  std::string build_id = "unknown";
  /// Called now and then with (simulated ns, total ns); for progress lines.
  std::function<void(TimeNs, TimeNs)> progress;
};

struct RunResult {
  nlohmann::ordered_json summary;
  SeriesWriter series;
  TraceWriter trace;
  /// Every expiry's lateness (ns), per periodic timer workload, in workload order.
  std::vector<std::pair<std::string, std::vector<std::int64_t>>> lateness;
};

RunResult run_scenario(const Scenario& scenario, const RunOptions& options);

/// Writes summary.json, series.csv, trace.json and lateness-<workload>.csv (every expiry's
/// lateness in ns, in expiry order) into `dir` (created if needed).
void write_outputs(const RunResult& result, const std::filesystem::path& dir);

}  // namespace vtick::sim::runner
