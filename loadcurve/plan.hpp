#pragma once
// What one `vtick loadcurve` will do, checked before anything runs: hog counts, real runs per
// count and their length, simulated seeds, the real engines, and how long it should take.
#include <filesystem>
#include <string>
#include <vector>

#include "crosscheck/validation_case.hpp"
#include "sim/scenario.hpp"

namespace vtick::loadcurve {

/// Below these a curve says too little (issue 11: drift judged over long runs, several of
/// them); only a smoke test (CurvePlan::smoke, marked in the output) may go below the first two.
inline constexpr int kMinRepeat = 5;
inline constexpr sim::TimeNs kMinDurationNs = 30 * sim::kNsPerSec;
inline constexpr int kMinSeeds = 20;
/// A hog count is a load task's count (docs/scenarios.md: 1..1024), or 0 for no load.
inline constexpr int kMaxHogs = 1024;

struct CurvePlan {
  std::vector<int> hogs;
  int repeat = kMinRepeat;
  sim::TimeNs duration_ns = kMinDurationNs;
  int seeds = kMinSeeds;
  bool smoke = false;
  std::vector<crosscheck::RealEngine> engines;
};

/// Throws std::invalid_argument naming the option and the rule it breaks.
void check_plan(const CurvePlan& plan);

/// max(the scenario's run.duration, 30 s).
[[nodiscard]] sim::TimeNs default_duration(const sim::Scenario& scenario);

/// The engines `vtick validate` records this scenario file on (crosscheck::validation_cases:
/// a file in a scenarios/realvm/ directory on KVM, and under QEMU if QEMU runs it; a file in a
/// scenarios/linux/ directory as Debian's kernel under QEMU). A file elsewhere is std::invalid_argument asking
/// for --engine.
[[nodiscard]] std::vector<crosscheck::RealEngine> default_engines(const std::filesystem::path& scenario_file);

/// "kvm", "qemu", "linux" (crosscheck::engine_name's spellings); anything else is
/// std::invalid_argument listing them.
[[nodiscard]] crosscheck::RealEngine parse_engine(const std::string& name);

/// Wall seconds of the real runs alone: runs x (duration + a start-up allowance per engine:
/// our guest boots in well under a second, Debian's kernel under TCG in about 15 s).
[[nodiscard]] double estimated_recording_seconds(const CurvePlan& plan,
                                                 const std::vector<crosscheck::RealEngine>& engines);

}  // namespace vtick::loadcurve
