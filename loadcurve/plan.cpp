#include "loadcurve/plan.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "sim/duration.hpp"

namespace vtick::loadcurve {
namespace {

using crosscheck::RealEngine;

constexpr RealEngine kEngines[] = {RealEngine::Kvm, RealEngine::Qemu, RealEngine::Linux};

void check_hogs(const std::vector<int>& hogs) {
  if (hogs.empty()) throw std::invalid_argument("--hogs: give at least one hog count");
  std::set<int> seen;
  for (int n : hogs) {
    if (n < 0 || n > kMaxHogs) {
      throw std::invalid_argument("--hogs: " + std::to_string(n) + " is not a hog count (0.." + std::to_string(kMaxHogs) + ")");
    }
    if (!seen.insert(n).second) throw std::invalid_argument("--hogs: " + std::to_string(n) + " is given twice");
  }
}

double startup_seconds(RealEngine engine) { return engine == RealEngine::Linux ? 15.0 : 2.0; }

}  // namespace

void check_plan(const CurvePlan& plan) {
  check_hogs(plan.hogs);
  if (plan.repeat < 1) throw std::invalid_argument("--repeat: must be at least 1");
  if (plan.repeat < kMinRepeat && !plan.smoke) {
    throw std::invalid_argument("--repeat " + std::to_string(plan.repeat) + ": a curve needs at least " +
                                std::to_string(kMinRepeat) + " real runs per hog count (--smoke allows fewer, and says so in the output)");
  }
  if (plan.duration_ns <= 0) throw std::invalid_argument("--duration: must be positive");
  if (plan.duration_ns < kMinDurationNs && !plan.smoke) {
    throw std::invalid_argument("--duration " + sim::format_duration(plan.duration_ns) + ": a run must last at least " +
                                sim::format_duration(kMinDurationNs) + " (--smoke allows shorter, and says so in the output)");
  }
  if (plan.seeds < kMinSeeds) {
    throw std::invalid_argument("--seeds " + std::to_string(plan.seeds) + ": the prediction needs at least " +
                                std::to_string(kMinSeeds) + " seeds per hog count");
  }
  if (plan.engines.empty()) throw std::invalid_argument("--engine: name at least one real engine");
}

sim::TimeNs default_duration(const sim::Scenario& scenario) {
  return std::max(scenario.run.duration_ns, kMinDurationNs);
}

std::vector<RealEngine> default_engines(const std::filesystem::path& scenario_file) {
  const auto file = std::filesystem::weakly_canonical(scenario_file);
  std::vector<RealEngine> engines;
  for (const auto& c : crosscheck::validation_cases(file.parent_path().parent_path().parent_path())) {
    if (std::filesystem::weakly_canonical(c.scenario) == file) engines.push_back(c.engine);
  }
  if (engines.empty()) {
    throw std::invalid_argument(scenario_file.string() +
                                ": not in a scenarios/realvm or scenarios/linux directory, so no engine is implied: "
                                "pass --engine kvm, qemu or linux");
  }
  return engines;
}

RealEngine parse_engine(const std::string& name) {
  for (RealEngine e : kEngines) {
    if (name == crosscheck::engine_name(e)) return e;
  }
  throw std::invalid_argument("--engine: unknown engine '" + name + "' (kvm, qemu or linux)");
}

double estimated_recording_seconds(const CurvePlan& plan, const std::vector<RealEngine>& engines) {
  double seconds = 0;
  for (RealEngine e : engines) {
    const double per_run = static_cast<double>(plan.duration_ns) / 1e9 + startup_seconds(e);
    seconds += per_run * static_cast<double>(plan.repeat) * static_cast<double>(plan.hogs.size());
  }
  return seconds;
}

}  // namespace vtick::loadcurve
