#pragma once
// Competing host load: a task that alternates CPU bursts and timed sleeps between its start
// and stop times. Each kind (load_kinds.cpp) decides only its burst lengths and sleeps.
#include <memory>
#include <string>
#include <vector>

#include "models/host/host_kernel.hpp"
#include "sim/rng.hpp"

namespace vtick::models::host {

class LoadTask : public TaskBody, public HostTimerClient, public sim::EventHandler {
 public:
  LoadTask(HostKernel& host, const sim::LoadTaskSpec& spec, std::string name);
  virtual ~LoadTask() = default;
  LoadTask(const LoadTask&) = delete;
  LoadTask& operator=(const LoadTask&) = delete;

  [[nodiscard]] TaskId id() const { return id_; }
  [[nodiscard]] const std::string& name() const { return name_; }

  TimeNs on_burst_complete(TaskId self, TimeNs now) final;
  void on_host_timer(HostTimerId timer, TimeNs now) final;
  void on_event(std::uint32_t kind, std::uint64_t arg) final;

 protected:
  /// What the task does after a burst: run `burst` more, or sleep until `wake_at`.
  struct Next {
    TimeNs burst = 0;
    TimeNs wake_at = 0;
  };
  [[nodiscard]] virtual TimeNs first_wake(TimeNs start) const { return start; }
  virtual TimeNs burst_on_wake(TimeNs now) = 0;
  virtual Next after_burst(TimeNs now) = 0;

 private:
  void begin(TimeNs now);
  void sleep_until(TimeNs wake_at);

  HostKernel& host_;
  std::string name_;
  TaskId id_;
  HostTimerId timer_;
  bool stopped_ = false;
};

/// Builds the task for spec.kind; `name` is the task's (expanded) name, `seed` the run seed.
std::unique_ptr<LoadTask> make_load_task(HostKernel& host, const sim::LoadTaskSpec& spec, std::string name,
                                         std::uint64_t seed);

/// host.background: one nice-0 task per host CPU, pinned there, named host.background.cpu<N>;
/// none when `runs` is unset (rate 0).
std::vector<std::unique_ptr<LoadTask>> make_background_tasks(HostKernel& host, const sim::HostNoiseSpec& runs,
                                                             std::uint64_t seed);

}  // namespace vtick::models::host
