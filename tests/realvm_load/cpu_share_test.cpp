// Each kind applies about the CPU load its parameters ask for, measured by the kernel.
#include <gtest/gtest.h>
#include <sched.h>

#include <chrono>

#include "realvm/load/host_load.hpp"
#include "tests/realvm_load/load_specs.hpp"

namespace vtick::realvm::load {
namespace {

using namespace test_support;
using Clock = std::chrono::steady_clock;

/// Runs `specs` for about `run_ms`; returns each task's CPU time over the elapsed time.
std::vector<double> cpu_shares(const std::vector<sim::LoadTaskSpec>& specs, int run_ms) {
  HostLoad load(specs, 1, 10 * sim::kNsPerSec);
  const auto begin = Clock::now();
  load.start();
  sleep_ms(run_ms);
  load.stop();
  const double elapsed_ns = std::chrono::duration<double, std::nano>(Clock::now() - begin).count();
  std::vector<double> shares;
  for (const auto& t : load.tasks()) {
    EXPECT_EQ(t.end, TaskEnd::kKilled) << t.name;
    shares.push_back(static_cast<double>(t.cpu_ns) / elapsed_ns);
  }
  return shares;
}

TEST(HostLoadCpu, PinnedHogUsesMostOfItsCpuAndNoMore) {
  auto hog = task("hog", sim::LoadKind::CpuHog);
  hog.affinity = {0};
  favour(hog);
  HostLoad load({hog}, 1, 10 * sim::kNsPerSec);
  const auto begin = Clock::now();
  load.start();

  cpu_set_t applied;
  ASSERT_EQ(sched_getaffinity(load.tasks()[0].pid, sizeof applied, &applied), 0);
  EXPECT_EQ(CPU_COUNT(&applied), 1);
  EXPECT_TRUE(CPU_ISSET(0, &applied));

  sleep_ms(300);
  load.stop();
  const double elapsed_ns = std::chrono::duration<double, std::nano>(Clock::now() - begin).count();
  const double share = static_cast<double>(load.tasks()[0].cpu_ns) / elapsed_ns;
  EXPECT_GT(share, 0.5);
  // One CPU cannot give more than all of its time (plus accounting granularity).
  EXPECT_LT(share, 1.05);
}

// A hog that read its CPU clock to know when to stop spent most of its time in that system
// call, each one an update of the scheduler's accounting; spin_meter.hpp says why it must not.
TEST(HostLoadCpu, AHogComputesWithoutSystemCalls) {
  auto hog = task("hog", sim::LoadKind::CpuHog);
  hog.affinity = {0};
  favour(hog);
  HostLoad load({hog}, 1, 10 * sim::kNsPerSec);
  load.start();
  sleep_ms(300);
  load.stop();
  const TaskReport& report = load.tasks()[0];
  ASSERT_GT(report.cpu_ns, 100 * kNsPerMs);
  // Starting up and being stopped cost a few system calls; interrupts land in either part.
  EXPECT_LT(static_cast<double>(report.system_cpu_ns), 0.05 * static_cast<double>(report.cpu_ns));
}

TEST(HostLoadCpu, DutyUsesRunOverPeriod) {
  auto d = duty("duty", 2 * kNsPerMs, 10 * kNsPerMs);
  favour(d);
  const auto shares = cpu_shares({d}, 500);
  EXPECT_GT(shares[0], 0.12);
  EXPECT_LT(shares[0], 0.30);
}

TEST(HostLoadCpu, RandomKindsUseAboutTheirMeanShare) {
  auto bursty = task("bursty", sim::LoadKind::Bursty);
  bursty.mean_on_ns = 2 * kNsPerMs;
  bursty.mean_off_ns = 2 * kNsPerMs;  // 50 %
  auto sleeper = task("sleeper", sim::LoadKind::Sleeper);
  sleeper.run_ns = 1 * kNsPerMs;
  sleeper.mean_sleep_ns = 4 * kNsPerMs;  // 20 %
  for (auto* spec : {&bursty, &sleeper}) favour(*spec);
  const auto shares = cpu_shares({bursty, sleeper}, 400);
  EXPECT_GT(shares[0], 0.25);
  EXPECT_LT(shares[0], 0.75);
  EXPECT_GT(shares[1], 0.08);
  EXPECT_LT(shares[1], 0.35);
}

}  // namespace
}  // namespace vtick::realvm::load
