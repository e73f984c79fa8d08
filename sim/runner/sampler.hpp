#pragma once
// Observes the guest clock every sample interval (host time), after every other event of
// that instant (EventPriority::Sample), from t = 0 to the end of the run inclusive.
#include <cstdint>
#include <vector>

#include "models/guest/guest_kernel.hpp"
#include "models/vmm/lost_tick_policy.hpp"
#include "sim/series_writer.hpp"
#include "sim/simulation.hpp"
#include "sim/trace_writer.hpp"

namespace vtick::sim::runner {

class Sampler final : public EventHandler {
 public:
  Sampler(Simulation& sim, TimeNs interval, const models::guest::GuestKernel& guest,
          const models::vmm::LostTickPolicy& policy, SeriesWriter& series, TraceWriter& trace);

  void on_event(std::uint32_t kind, std::uint64_t arg) override;

  [[nodiscard]] const std::vector<std::int64_t>& host_ns() const { return host_ns_; }
  [[nodiscard]] const std::vector<std::int64_t>& offset_ns() const { return offset_ns_; }

  static const std::vector<std::string>& columns();

 private:
  Simulation& sim_;
  TimeNs interval_;
  const models::guest::GuestKernel& guest_;
  const models::vmm::LostTickPolicy& policy_;
  SeriesWriter& series_;
  TraceWriter& trace_;
  std::vector<std::int64_t> host_ns_;
  std::vector<std::int64_t> offset_ns_;
};

}  // namespace vtick::sim::runner
