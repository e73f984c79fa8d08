#pragma once
// One simulation run: the clock, the agenda and the engine that advances time.
//
// Models never see an engine. They call at()/after() and receive EventHandler callbacks
// in EventKey order. Invariant: now() never decreases, and an event is never scheduled
// in the past (at() throws std::logic_error; that is a model bug, not bad input).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "sim/agenda.hpp"
#include "sim/engine.hpp"

namespace vtick::sim {

class Simulation {
 public:
  explicit Simulation(EngineKind engine = EngineKind::SystemC);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  [[nodiscard]] TimeNs now() const { return now_; }
  void at(TimeNs time, EventPriority priority, EventHandler& handler, std::uint32_t kind = 0,
          std::uint64_t arg = 0) {
    if (time < now_) throw_scheduled_in_past(time);
    agenda_.schedule(time, priority, handler, kind, arg);
  }
  void after(TimeNs delay, EventPriority priority, EventHandler& handler, std::uint32_t kind = 0,
             std::uint64_t arg = 0) {
    at(now_ + delay, priority, handler, kind, arg);
  }

  /// Dispatches every event whose time is <= end; afterwards now() == end.
  void run_until(TimeNs end);

  [[nodiscard]] std::uint64_t events_dispatched() const { return events_dispatched_; }
  [[nodiscard]] std::string engine_name() const;

  /// Called with the current simulated time every few thousand events (for progress lines).
  void set_progress_hook(std::function<void(TimeNs)> hook) { progress_hook_ = std::move(hook); }

  // --- engine interface ---------------------------------------------------------------
  [[nodiscard]] TimeNs next_event_time() const { return agenda_.next_time(); }
  /// Runs every event at `time`, including those scheduled for `time` while doing so.
  void dispatch_instant(TimeNs time);

 private:
  [[noreturn]] void throw_scheduled_in_past(TimeNs time) const;

  Agenda agenda_;
  TimeNs now_ = 0;
  std::uint64_t events_dispatched_ = 0;
  std::unique_ptr<Engine> engine_;
  std::function<void(TimeNs)> progress_hook_;
};

}  // namespace vtick::sim
