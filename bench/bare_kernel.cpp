#include "bench/bare_kernel.hpp"

#include <chrono>
#include <systemc>

namespace vtick::bench {
namespace {

/// The smallest timed-event workload SystemC can run: each method's activation notifies the
/// other's event 1 ns later. Stops notifying once `limit` activations have run, so the kernel
/// is idle when the model runs afterwards in the same process.
struct PingPong : sc_core::sc_module {
  SC_HAS_PROCESS(PingPong);
  explicit PingPong(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_METHOD(ping);
    sensitive << ping_event;
    dont_initialize();
    SC_METHOD(pong);
    sensitive << pong_event;
    dont_initialize();
  }

  void start(std::uint64_t limit) {
    limit_ = limit;
    activations_ = 0;
    ping_event.notify(sc_core::SC_ZERO_TIME);
  }
  [[nodiscard]] std::uint64_t activations() const { return activations_; }

 private:
  void ping() { bounce(pong_event); }
  void pong() { bounce(ping_event); }
  void bounce(sc_core::sc_event& other) {
    if (++activations_ < limit_) other.notify(kDelay);
  }

  const sc_core::sc_time kDelay{1, sc_core::SC_NS};
  sc_core::sc_event ping_event;
  sc_core::sc_event pong_event;
  std::uint64_t limit_ = 0;
  std::uint64_t activations_ = 0;
};

PingPong* ping_pong = nullptr;

}  // namespace

void elaborate_ping_pong() {
  if (ping_pong == nullptr) ping_pong = new PingPong("bench_ping_pong");  // lives as long as the kernel
}

PingPongResult run_ping_pong(std::uint64_t activations) {
  elaborate_ping_pong();  // throws from SystemC if a run already started without it
  PingPong* module = ping_pong;
  const double start_ns = sc_core::sc_time_stamp().to_seconds() * 1e9;
  module->start(activations);
  const auto wall_start = std::chrono::steady_clock::now();
  // One activation per nanosecond, plus slack: the last activation notifies nothing.
  sc_core::sc_start(sc_core::sc_time(static_cast<double>(activations + 10), sc_core::SC_NS));
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;
  PingPongResult result;
  result.activations = module->activations();
  result.wall_s = wall.count();
  result.simulated_s = (sc_core::sc_time_stamp().to_seconds() * 1e9 - start_ns) / 1e9;
  return result;
}

}  // namespace vtick::bench
