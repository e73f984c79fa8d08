#pragma once
// The scenarios the bench runs, built in code so the bench needs no files.
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace vtick::bench {

struct NamedScenario {
  std::string label;
  sim::Scenario scenario;
};

/// The loaded-host case: 2 CPUs, 4 cpu_hog tasks at nice 0, PIT with `discard`, guest HZ 1000
/// with a 10 ms periodic timer; plus the same with a busy guest workload if this build's
/// WorkloadKind has `Busy`.
std::vector<NamedScenario> bench_scenarios(sim::TimeNs duration_ns);

}  // namespace vtick::bench
