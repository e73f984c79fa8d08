#pragma once
// Shared by the cross-check suites: a short random-load scenario (its host load is random,
// so the seeds spread) and traces recorded from it by the simulator, standing in for a real
// VM's.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "sim/runner/run.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::crosscheck::testing {

namespace fs = std::filesystem;

inline fs::path test_dir(const std::string& name) {
  const fs::path dir = fs::path(VTICK_BINARY_DIR) / "crosscheck-test-out" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

inline void replace_once(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("fixture: '" + from + "' not in the scenario");
  text.replace(at, from.size(), to);
}

/// scenarios/random-load.yaml cut from 20 s to 2 s (21 runs of 20 s would be slow), with
/// `from` replaced by `to` if given.
inline std::string random_load_yaml(const std::string& from = "", const std::string& to = "") {
  std::ifstream in(std::string(VTICK_SOURCE_DIR) + "/scenarios/random-load.yaml");
  std::ostringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  replace_once(yaml, "duration: 20s", "duration: 2s");
  if (!from.empty()) replace_once(yaml, from, to);
  return yaml;
}

inline fs::path write_file(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

/// What `vtick run --seed SEED --out DIR` writes for the scenario.
inline void record_trace(const std::string& yaml, std::uint64_t seed, const fs::path& dir) {
  sim::runner::RunOptions options;
  options.engine = sim::EngineKind::Direct;
  options.seed = seed;
  sim::runner::write_outputs(sim::runner::run_scenario(sim::parse_scenario(yaml, "random-load.yaml"), options), dir);
}

}  // namespace vtick::crosscheck::testing
