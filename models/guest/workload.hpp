#pragma once
// A guest workload: one of the timer-dependent modules the seed paper names, run by the
// guest kernel's timers and measured against true time. Each reports its own metrics under
// summary.json's timers.<name>.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/guest/guest_kernel.hpp"
#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace vtick::models::guest {

class Workload {
 public:
  virtual ~Workload() = default;
  [[nodiscard]] virtual const std::string& name() const = 0;
  [[nodiscard]] virtual nlohmann::ordered_json summary() const = 0;
  /// The lateness samples (ns against true time) its CSV and CDF show; may be empty.
  [[nodiscard]] virtual const std::vector<std::int64_t>& lateness_ns() const = 0;
};

/// {count, lateness_ns: {min, p50, p99, max, mean}, early}: null statistics when empty.
nlohmann::ordered_json lateness_summary(const std::vector<std::int64_t>& samples);

/// The scenario's timer workloads (busy is not one: it is the vCPU's concern).
std::vector<std::unique_ptr<Workload>> make_workloads(GuestKernel& guest, sim::Simulation& sim,
                                                      const std::vector<sim::WorkloadSpec>& specs, std::uint64_t seed);

}  // namespace vtick::models::guest
