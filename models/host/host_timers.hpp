#pragma once
// Host high-resolution timers with slack, per CPU, after Linux's hrtimer:
// a timer armed for `soft` with slack S may fire anywhere in [soft, soft + S]. The CPU's
// timer interrupt is programmed for the earliest hard expiry (soft + S); when it fires at T
// it expires, in hard-expiry order, every timer whose soft expiry is <= T, stopping at the
// first one that is not yet due (as __hrtimer_run_queues does). So timers coalesce: a slack
// timer fires early when another timer's interrupt lands inside its window.
//
// Invariant: a timer never fires before its soft expiry nor after its hard expiry (the
// interrupt itself has no latency in this model). What follows the expiry is not here: the
// woken task's wake-up latency (host.wakeup_latency, applied in CpuScheduler::wake) and then
// its scheduling latency.
#include <cstdint>
#include <tuple>
#include <vector>

#include "sim/event_handler.hpp"
#include "sim/simulation.hpp"

namespace vtick::models::host {

using sim::TimeNs;
using HostTimerId = std::uint32_t;

class HostTimerClient {
 public:
  virtual void on_host_timer(HostTimerId timer, TimeNs now) = 0;

 protected:
  ~HostTimerClient() = default;
};

class HostTimers final : public sim::EventHandler {
 public:
  HostTimers(sim::Simulation& sim, int cpus);

  HostTimerId create(HostTimerClient& client);
  /// (Re)arms the timer on `cpu` to fire in [soft, soft + slack]. soft must not be in the past.
  void arm(HostTimerId timer, int cpu, TimeNs soft, TimeNs slack);
  void cancel(HostTimerId timer);
  [[nodiscard]] bool armed(HostTimerId timer) const { return timers_[timer].cpu >= 0; }

  [[nodiscard]] std::uint64_t fired() const { return fired_; }
  /// Timers that fired before their hard expiry because another timer's interrupt came first.
  [[nodiscard]] std::uint64_t coalesced() const { return coalesced_; }

  void on_event(std::uint32_t cpu, std::uint64_t token) override;

 private:
  struct Timer {
    HostTimerClient* client;
    int cpu = -1;
    TimeNs soft = 0;
    TimeNs hard = 0;
    std::uint64_t sequence = 0;
  };
  using QueueKey = std::tuple<TimeNs, std::uint64_t, HostTimerId>;  // (hard, arm order, id)
  struct CpuTimers {
    /// Sorted by QueueKey. A CPU holds a handful of timers, so a sorted vector beats a tree
    /// and allocates nothing once it has grown.
    std::vector<QueueKey> queue;
    TimeNs programmed = sim::kNever;
    std::uint64_t token = 0;
  };

  void reprogram(int cpu);
  void remove(HostTimerId timer);

  sim::Simulation& sim_;
  std::vector<Timer> timers_;
  std::vector<CpuTimers> cpus_;
  std::vector<HostTimerId> expired_;  ///< scratch for on_event, kept to avoid an allocation per interrupt
  std::uint64_t next_sequence_ = 0;
  std::uint64_t fired_ = 0;
  std::uint64_t coalesced_ = 0;
};

}  // namespace vtick::models::host
