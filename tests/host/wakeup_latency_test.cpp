// host.wakeup_latency: the inverse-CDF sampler, and where the scheduler applies a draw.
#include "models/host/wakeup_latency.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "models/host/host_kernel.hpp"

namespace vtick::models::host {
namespace {

using sim::kNsPerMs;
using sim::kNsPerUs;

constexpr std::uint64_t kOne = std::uint64_t{1} << 53;  // u = r / 2^53

WakeupLatency latency(std::vector<TimeNs> quantiles, std::uint64_t seed = 1) {
  return WakeupLatency(sim::WakeupLatencySpec{std::move(quantiles)}, seed);
}

TEST(WakeupLatency, AbsentOrZeroIsNoLatency) {
  WakeupLatency absent;
  EXPECT_TRUE(absent.none());
  EXPECT_EQ(absent.next(), 0);
  EXPECT_TRUE(latency({}).none());
  EXPECT_TRUE(latency({0}).none());
  EXPECT_TRUE(latency({0, 0, 0}).none());
  EXPECT_FALSE(latency({0, 1}).none());
}

TEST(WakeupLatency, ConstantAlwaysGivesItsValue) {
  auto constant = latency({30 * kNsPerUs});
  auto flat = latency({7 * kNsPerUs, 7 * kNsPerUs});
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(constant.next(), 30 * kNsPerUs);
    EXPECT_EQ(flat.next(), 7 * kNsPerUs);
  }
}

TEST(WakeupLatency, InverseCdfInterpolatesBetweenNeighbouringQuantiles) {
  const std::vector<TimeNs> q{0, 10, 110};  // probabilities 0, 0.5, 1
  EXPECT_EQ(WakeupLatency::inverse_cdf(q, 0), 0);
  EXPECT_EQ(WakeupLatency::inverse_cdf(q, kOne / 4), 5);
  EXPECT_EQ(WakeupLatency::inverse_cdf(q, kOne / 2), 10);
  EXPECT_EQ(WakeupLatency::inverse_cdf(q, kOne / 4 * 3), 60);
  EXPECT_EQ(WakeupLatency::inverse_cdf(q, kOne - 1), 110);  // rounds to the nearest ns
  const std::vector<TimeNs> two{100, 103};
  EXPECT_EQ(WakeupLatency::inverse_cdf(two, kOne / 2), 102);  // 101.5 rounds half up
}

TEST(WakeupLatency, TwoPointDistributionIsUniformBetweenItsQuantiles) {
  auto uniform = latency({10 * kNsPerUs, 20 * kNsPerUs}, 42);
  constexpr int kDraws = 100'000;
  std::vector<TimeNs> draws;
  draws.reserve(kDraws);
  for (int i = 0; i < kDraws; ++i) draws.push_back(uniform.next());
  std::sort(draws.begin(), draws.end());
  EXPECT_GE(draws.front(), 10 * kNsPerUs);
  EXPECT_LE(draws.back(), 20 * kNsPerUs);
  double sum = 0;
  for (TimeNs d : draws) sum += static_cast<double>(d);
  // Standard error of the mean: 10 us / sqrt(12 * 1e5) = 9 ns; of a quantile at most 16 ns.
  EXPECT_NEAR(sum / kDraws, 15'000.0, 50.0);
  for (int percent : {10, 25, 50, 75, 90}) {
    const auto empirical = static_cast<double>(draws[static_cast<std::size_t>(kDraws / 100 * percent)]);
    EXPECT_NEAR(empirical, 10'000.0 + 100.0 * percent, 100.0) << "p" << percent;
  }
}

TEST(WakeupLatency, SameSeedSameDrawsAndAnotherSeedOthers) {
  const std::vector<TimeNs> q{20 * kNsPerUs, 30 * kNsPerUs, 50 * kNsPerUs, 400 * kNsPerUs};
  auto a = latency(q, 7);
  auto b = latency(q, 7);
  auto c = latency(q, 8);
  int differ = 0;
  for (int i = 0; i < 1000; ++i) {
    const TimeNs x = a.next();
    EXPECT_EQ(x, b.next());
    differ += x != c.next() ? 1 : 0;
  }
  EXPECT_GT(differ, 900);
}

TEST(WakeupLatency, RejectsUnsortedOrNegativeQuantiles) {
  EXPECT_THROW(latency({3, 5, 3}), std::invalid_argument);
  EXPECT_THROW(latency({-1, 5}), std::invalid_argument);
}

// A task that wants `burst` of CPU each time it is woken, then sleeps.
struct OneShot final : TaskBody {
  TimeNs on_burst_complete(TaskId, TimeNs) override { return 0; }
};

struct Host {
  sim::Simulation sim{sim::EngineKind::Direct};
  HostKernel kernel;
  OneShot body;
  TaskId task;
  explicit Host(std::vector<TimeNs> quantiles)
      : kernel(sim,
               [&] {
                 sim::HostSpec spec;
                 spec.wakeup_latency.quantiles = std::move(quantiles);
                 return spec;
               }(),
               1),
        task(kernel.scheduler().add_task(params(), body)) {}
  static TaskParams params() {
    TaskParams p;
    p.name = "t";
    return p;
  }
};

TEST(WakeupLatency, AWokenTaskJoinsARunQueueOnlyAfterTheLatency) {
  Host host({50 * kNsPerUs});
  auto& sched = host.kernel.scheduler();
  host.sim.run_until(1 * kNsPerMs);
  ASSERT_TRUE(sched.wake(host.task, 10 * kNsPerUs));
  EXPECT_EQ(sched.state(host.task), TaskState::Waking);
  EXPECT_FALSE(sched.wake(host.task, 10 * kNsPerUs)) << "a wake-up under way is not repeated";
  host.sim.run_until(1 * kNsPerMs + 50 * kNsPerUs - 1);
  EXPECT_EQ(sched.state(host.task), TaskState::Waking);
  EXPECT_EQ(sched.cpu_time(host.task), 0);
  host.sim.run_until(2 * kNsPerMs);
  EXPECT_EQ(sched.state(host.task), TaskState::Sleeping);
  EXPECT_EQ(sched.cpu_time(host.task), 10 * kNsPerUs);
  EXPECT_EQ(sched.wakeups_delayed(), 1U);
  EXPECT_EQ(sched.wakeup_latency_total_ns(), 50 * kNsPerUs);
}

TEST(WakeupLatency, AStartingTaskNeverSleptSoHasNoLatency) {
  Host host({50 * kNsPerUs});
  auto& sched = host.kernel.scheduler();
  ASSERT_TRUE(sched.start(host.task, 10 * kNsPerUs));
  EXPECT_NE(sched.state(host.task), TaskState::Waking);
  host.sim.run_until(1 * kNsPerMs);
  EXPECT_EQ(sched.cpu_time(host.task), 10 * kNsPerUs);
  EXPECT_EQ(sched.wakeups_delayed(), 0U);
}

TEST(WakeupLatency, ATaskThatExitsWhileWakingNeverRuns) {
  Host host({50 * kNsPerUs});
  auto& sched = host.kernel.scheduler();
  ASSERT_TRUE(sched.wake(host.task, 10 * kNsPerUs));
  sched.exit_task(host.task);
  host.sim.run_until(1 * kNsPerMs);
  EXPECT_EQ(sched.state(host.task), TaskState::Exited);
  EXPECT_EQ(sched.cpu_time(host.task), 0);
}

}  // namespace
}  // namespace vtick::models::host
