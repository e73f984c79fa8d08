#include "sim/agenda.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
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
    e.handler->on_event(e.kind(), e.arg);
  }
  EXPECT_EQ(r.seen, (std::vector<std::uint64_t>{5, 3, 4, 2, 1}));
}

}  // namespace
}  // namespace vtick::sim

namespace vtick::sim {
namespace {

TEST(Agenda, RandomInterleavingPopsInKeyOrder) {
  Agenda agenda;
  Recorder r;
  std::uint64_t state = 12345;
  const auto next = [&] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
  std::vector<std::pair<TimeNs, int>> popped;
  TimeNs now = 0;
  for (int i = 0; i < 20000; ++i) {
    if (next() % 3 != 0 || agenda.empty()) {
      const auto priority = static_cast<EventPriority>(10 * (1 + next() % 9));
      agenda.schedule(now + static_cast<TimeNs>(next() % 50), priority, r, 0, 0);
    } else {
      const Event e = agenda.pop();
      ASSERT_GE(e.key.time, now);
      now = e.key.time;
      popped.emplace_back(e.key.time, static_cast<int>(e.key.priority()));
    }
  }
  ASSERT_GT(popped.size(), 1000u);
  // Within one time, priorities never go down except across a later schedule; checked by
  // draining the rest, which must come out fully sorted.
  EventKey previous{0, EventPriority::LoadLifecycle, 0};
  bool first = true;
  while (!agenda.empty()) {
    const Event e = agenda.pop();
    if (!first) {
      ASSERT_TRUE(previous < e.key);
    }
    previous = e.key;
    first = false;
  }
}

}  // namespace
}  // namespace vtick::sim

namespace vtick::sim {
namespace {

TEST(Agenda, KindTravelsWithTheEventAndOversizedKindsAreRejected) {
  Agenda agenda;
  Recorder r;
  agenda.schedule(5, EventPriority::Sample, r, 65535, 9);
  const Event e = agenda.pop();
  EXPECT_EQ(e.kind(), 65535u);
  EXPECT_EQ(e.arg, 9u);
  EXPECT_EQ(e.key.priority(), EventPriority::Sample);
  EXPECT_THROW(agenda.schedule(5, EventPriority::Sample, r, 65536, 0), std::logic_error);
}

}  // namespace
}  // namespace vtick::sim
