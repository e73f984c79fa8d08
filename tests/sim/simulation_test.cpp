#include "sim/simulation.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace vtick::sim {
namespace {

/// Reschedules itself at irregular intervals and records when it ran.
struct Chain : EventHandler {
  Simulation& sim;
  std::vector<TimeNs> times;
  explicit Chain(Simulation& s) : sim(s) {}
  void on_event(std::uint32_t kind, std::uint64_t) override {
    times.push_back(sim.now());
    if (kind < 50) sim.after(static_cast<TimeNs>(kind % 7) * 3, EventPriority::CpuDispatch, *this, kind + 1);
  }
};

std::vector<TimeNs> run_chain(EngineKind engine, TimeNs first_end, TimeNs second_end) {
  Simulation sim(engine);
  Chain chain(sim);
  sim.at(5, EventPriority::CpuDispatch, chain, 0);
  sim.run_until(first_end);
  EXPECT_EQ(sim.now(), first_end);
  sim.run_until(second_end);
  EXPECT_EQ(sim.now(), second_end);
  return chain.times;
}

TEST(Simulation, SystemcAndDirectEnginesDispatchIdentically) {
  const auto direct = run_chain(EngineKind::Direct, 40, 1000);
  const auto systemc = run_chain(EngineKind::SystemC, 40, 1000);
  EXPECT_EQ(direct.size(), 51u);
  EXPECT_EQ(direct, systemc);
}

TEST(Simulation, EventsAtTheEndInstantAreDispatchedAndLaterOnesAreNot) {
  for (auto engine : {EngineKind::Direct, EngineKind::SystemC}) {
    Simulation sim(engine);
    Chain chain(sim);
    sim.at(100, EventPriority::CpuDispatch, chain, 99);
    sim.at(101, EventPriority::CpuDispatch, chain, 99);
    sim.run_until(100);
    EXPECT_EQ(chain.times, std::vector<TimeNs>{100});
  }
}

TEST(Simulation, SchedulingInThePastIsAModelBug) {
  Simulation sim(EngineKind::Direct);
  Chain chain(sim);
  sim.run_until(10);
  EXPECT_THROW(sim.at(9, EventPriority::CpuDispatch, chain), std::logic_error);
}

}  // namespace
}  // namespace vtick::sim
