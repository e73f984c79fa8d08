#pragma once
// Samples the guest clock into series.csv as the scenario's run.sampling says (see
// sim::Sampling): as an outside observer every sample interval of host time, after every
// other event of that instant (EventPriority::Sample), from t = 0 to the end inclusive; or
// from a guest kernel timer due every sample interval of guest time, at the host time its
// callback runs (the first at one interval), as the real guest's sampler does.
#include <cstdint>
#include <vector>

#include "models/guest/guest_kernel.hpp"
#include "models/vmm/lost_tick_policy.hpp"
#include "sim/scenario.hpp"
#include "sim/series_writer.hpp"
#include "sim/simulation.hpp"
#include "sim/trace_writer.hpp"

namespace vtick::sim::runner {

class Sampler final : public EventHandler, public models::guest::TimerCallback {
 public:
  Sampler(Simulation& sim, const RunSpec& run, models::guest::GuestKernel& guest,
          const models::vmm::LostTickPolicy& policy, SeriesWriter& series, TraceWriter& trace);

  void on_event(std::uint32_t kind, std::uint64_t arg) override;
  void on_timer(models::guest::TimerId timer, TimeNs host_now) override;
  [[nodiscard]] models::guest::TimerWork work() const override { return models::guest::TimerWork::ClockSample; }

  [[nodiscard]] const std::vector<std::int64_t>& host_ns() const { return host_ns_; }
  [[nodiscard]] const std::vector<std::int64_t>& offset_ns() const { return offset_ns_; }

  static const std::vector<std::string>& columns();

 private:
  void record(TimeNs host_now);

  Simulation& sim_;
  TimeNs interval_;
  models::guest::GuestKernel& guest_;
  const models::vmm::LostTickPolicy& policy_;
  SeriesWriter& series_;
  TraceWriter& trace_;
  models::guest::TimerId timer_ = 0;
  std::int64_t next_sample_ = 1;  ///< guest_timer: the k of the next deadline k x interval
  std::vector<std::int64_t> host_ns_;
  std::vector<std::int64_t> offset_ns_;
};

}  // namespace vtick::sim::runner
