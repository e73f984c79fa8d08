#include "crosscheck/recorded_engine.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

#include "crosscheck/metrics.hpp"
#include "sim/scenario_names.hpp"
#include "sim/scenario_parser.hpp"

namespace vtick::crosscheck {

std::optional<sim::VmmEngine> recorded_engine(const std::filesystem::path& trace_dir) {
  const auto file = trace_dir / "summary.json";
  std::ifstream in(file, std::ios::binary);
  if (!in) throw TraceError(file.string() + ": cannot read (missing or unreadable)");
  const auto summary = nlohmann::json::parse(in, nullptr, false);
  if (summary.is_discarded() || !summary.is_object()) throw TraceError(file.string() + ": not a JSON object");
  if (!summary.contains("realvm") || !summary["realvm"].is_object()) return std::nullopt;
  const auto engine = summary["realvm"].value("engine", nlohmann::json());
  if (!engine.is_string()) return std::nullopt;
  return sim::vmm_engine_named(engine.get<std::string>());
}

std::optional<std::string> model_recorded_engine(sim::Scenario& scenario, const std::filesystem::path& trace_dir) {
  const auto engine = recorded_engine(trace_dir);
  if (!engine || *engine == scenario.vmm.engine) return std::nullopt;
  const std::string scenario_engine(sim::name_of(scenario.vmm.engine));
  scenario = sim::load_scenario_file(scenario.file, sim::ParseOptions{engine});
  return "The trace was recorded on engine " + std::string(sim::name_of(*engine)) + ", so the prediction models it " +
         "(vmm.engine: " + std::string(sim::name_of(*engine)) + " in place of the scenario's " + scenario_engine +
         ", with the host profile's costs for that engine).";
}

}  // namespace vtick::crosscheck
