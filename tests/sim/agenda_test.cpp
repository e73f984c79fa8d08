#include "sim/agenda.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace vtick::sim {
namespace {

struct Recorder : EventHandler {
  std::vector<std::uint64_t> seen;
  void on_event(std::uint32_t, std::uint64_t arg) override { seen.push_back(arg); }
};

TEST(Agenda, OrdersByTimeThenPriorityThenSchedulingOrder) {
  Agenda agenda;
  Recorder r;
  agenda.schedule(20, EventPriority::CpuDispatch, r, 0, 1);
  agenda.schedule(10, EventPriority::Sample, r, 0, 2);
  agenda.schedule(10, EventPriority::HostTimerInterrupt, r, 0, 3);
  agenda.schedule(10, EventPriority::HostTimerInterrupt, r, 0, 4);
  agenda.schedule(10, EventPriority::LoadLifecycle, r, 0, 5);
  while (!agenda.empty()) {
    Event e = agenda.pop();
    e.handler->on_event(e.kind, e.arg);
  }
  EXPECT_EQ(r.seen, (std::vector<std::uint64_t>{5, 3, 4, 2, 1}));
}

}  // namespace
}  // namespace vtick::sim
