#pragma once
#include <sstream>
#include <string>

#include "sim/runner/run.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::testing {

inline sim::Scenario shipped(const std::string& relative) {
  return sim::load_scenario_file(std::string(VTICK_SOURCE_DIR) + "/scenarios/" + relative);
}

inline sim::runner::RunResult run(const sim::Scenario& s, sim::EngineKind engine = sim::EngineKind::SystemC) {
  sim::runner::RunOptions options;
  options.engine = engine;
  return sim::runner::run_scenario(s, options);
}

template <typename Writer>
std::string text_of(const Writer& writer) {
  std::ostringstream out;
  writer.write(out);
  return out.str();
}

}  // namespace vtick::testing
