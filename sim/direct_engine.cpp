#include <memory>

#include "sim/engine.hpp"
#include "sim/simulation.hpp"
#include "sim/systemc_engine.hpp"

namespace vtick::sim {
namespace {

class DirectEngine final : public Engine {
 public:
  void run(Simulation& sim, TimeNs end) override {
    for (TimeNs t = sim.next_event_time(); t <= end; t = sim.next_event_time()) {
      sim.dispatch_instant(t);
    }
  }
  [[nodiscard]] std::string name() const override { return "direct"; }
};

}  // namespace

std::unique_ptr<Engine> make_engine(EngineKind kind) {
  if (kind == EngineKind::Direct) return std::make_unique<DirectEngine>();
  return make_systemc_engine();
}

}  // namespace vtick::sim
