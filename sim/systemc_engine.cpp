#include "sim/systemc_engine.hpp"

#include <cstdlib>
#include <stdexcept>
#include <systemc>

#include "sim/simulation.hpp"

// libsystemc's own main() calls sc_main; vtick's programs have their own main and drive the
// kernel through SystemcEngine, so this is never entered. It exists to satisfy the linker.
int sc_main(int, char*[]) { throw std::logic_error("vtick never enters sc_main"); }

namespace vtick::sim {
namespace {

TimeNs stamp_ns() { return static_cast<TimeNs>(sc_core::sc_time_stamp().value()); }

/// One SC_METHOD that wakes at each distinct event time and dispatches that instant's events
/// in EventKey order. SystemC keeps the clock; vtick keeps the order within an instant.
/// SystemC time cannot restart, so each run measures its time from `epoch_`.
struct Dispatcher : sc_core::sc_module {
  SC_HAS_PROCESS(Dispatcher);
  explicit Dispatcher(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_METHOD(step);
    sensitive << wake;
    dont_initialize();
  }

  void run(Simulation& sim, TimeNs end) {
    sim_ = &sim;
    epoch_ = stamp_ns() - sim.now();
    end_ = end;
    const TimeNs next = sim.next_event_time();
    if (next <= end_) wake.notify(from_ns(next - sim.now()));
    // One nanosecond past `end`, so events at `end` itself are dispatched whichever way the
    // kernel treats its final instant; nothing is notified beyond `end`.
    sc_core::sc_start(sc_core::sc_time(static_cast<double>(end - sim.now() + 1), sc_core::SC_NS));
    sim_ = nullptr;
  }

 private:
  void step() {
    const TimeNs t = stamp_ns() - epoch_;
    sim_->dispatch_instant(t);
    const TimeNs next = sim_->next_event_time();
    if (next <= end_) wake.notify(from_ns(next - t));
  }

  // The time resolution is 1 ns, so a time's raw value is its nanosecond count.
  static sc_core::sc_time from_ns(TimeNs ns) {
    return sc_core::sc_time::from_value(static_cast<sc_core::sc_time::value_type>(ns));
  }

  sc_core::sc_event wake;
  Simulation* sim_ = nullptr;
  TimeNs epoch_ = 0;
  TimeNs end_ = 0;
};

Dispatcher* dispatcher = nullptr;

class SystemcEngine final : public Engine {
 public:
  void run(Simulation& sim, TimeNs end) override {
    systemc_elaborate();
    dispatcher->run(sim, end);
  }
  [[nodiscard]] std::string name() const override { return "systemc " + systemc_version(); }
};

}  // namespace

void systemc_elaborate() {
  if (dispatcher != nullptr) return;
  setenv("SYSC_DISABLE_COPYRIGHT_MESSAGE", "DISABLE", 0);
  sc_core::sc_set_time_resolution(1, sc_core::SC_NS);
  dispatcher = new Dispatcher("vtick_dispatcher");  // lives as long as the SystemC kernel
}

std::string systemc_version() { return sc_core::sc_release(); }

std::unique_ptr<Engine> make_systemc_engine() { return std::make_unique<SystemcEngine>(); }

}  // namespace vtick::sim
