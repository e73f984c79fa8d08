// summary.json of a Linux-guest run: the simulator's keys where the probe measures the
// same thing, null where it cannot, and a "realvm" section naming the kernel, its HZ and
// the clocksource it really used.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "realvm/linux/scenario_mapping.hpp"
#include "realvm/load/host_load.hpp"
#include "realvm/vmm/run_result.hpp"
#include "sim/scenario.hpp"

namespace vtick::realvm::linux_guest {

struct LinuxMeasurements {
  std::int64_t qemu_cpu_ns = 0;  ///< user + system CPU time of the QEMU process
  std::vector<load::TaskReport> load;
  std::string build_id;
};

[[nodiscard]] nlohmann::ordered_json make_summary(const sim::Scenario& scenario, const LinuxMappedRun& mapped,
                                                  const vmm::RunResult& vm, const LinuxMeasurements& measured);

}  // namespace vtick::realvm::linux_guest
