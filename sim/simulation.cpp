#include "sim/simulation.hpp"

#include <stdexcept>
#include <string>

namespace vtick::sim {
namespace {
constexpr std::uint64_t kProgressEveryEvents = 1u << 16;
}

Simulation::Simulation(EngineKind engine) : engine_(make_engine(engine)) {}
Simulation::~Simulation() = default;

void Simulation::throw_scheduled_in_past(TimeNs time) const {
  throw std::logic_error("event scheduled in the past: at " + std::to_string(time) + " ns, now " +
                         std::to_string(now_) + " ns");
}

void Simulation::run_until(TimeNs end) {
  if (end < now_) throw std::logic_error("run_until: end before now");
  engine_->run(*this, end);
  now_ = end;
}

std::string Simulation::engine_name() const { return engine_->name(); }

void Simulation::dispatch_instant(TimeNs time) {
  now_ = time;
  while (!agenda_.empty() && agenda_.next_time() == time) {
    Event e = agenda_.pop();
    e.handler->on_event(e.kind(), e.arg);
    if (++events_dispatched_ % kProgressEveryEvents == 0 && progress_hook_) progress_hook_(now_);
  }
}

}  // namespace vtick::sim
