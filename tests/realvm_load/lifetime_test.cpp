// Children start and stop when told, stop by themselves at the hard deadline, and none
// survives the HostLoad object.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <set>

#include "realvm/load/host_load.hpp"
#include "tests/realvm_load/load_specs.hpp"
#include "tests/realvm_load/proc_stat.hpp"

namespace vtick::realvm::load {
namespace {

using namespace test_support;

TEST(HostLoadLifetime, StartStopAndDeadlineAreHonoured) {
  auto windowed = task("windowed", sim::LoadKind::CpuHog);
  windowed.start_ns = 100 * kNsPerMs;
  windowed.stop_ns = 250 * kNsPerMs;
  auto endless = task("endless", sim::LoadKind::CpuHog);
  for (auto* spec : {&windowed, &endless}) spec->nice = favoured_nice();
  HostLoad load({windowed, endless}, 1, 300 * kNsPerMs);
  load.start();
  sleep_ms(450);
  // Both have exited on their own by now: zombies, waiting for stop() to reap them.
  for (const auto& t : load.tasks()) EXPECT_EQ(read_proc_stat(t.pid).state, 'Z') << t.name;
  load.stop();

  const auto& w = load.tasks()[0];
  EXPECT_EQ(w.end, TaskEnd::kFinished);
  // Ran only in [100 ms, 250 ms): without the start time it would have had 250 ms.
  EXPECT_GT(ms(w.cpu_ns), 50.0);
  EXPECT_LT(ms(w.cpu_ns), 175.0);
  const auto& e = load.tasks()[1];
  EXPECT_EQ(e.end, TaskEnd::kFinished);
  EXPECT_GT(ms(e.cpu_ns), 120.0);
  EXPECT_LT(ms(e.cpu_ns), 330.0);
}

TEST(HostLoadLifetime, NoChildSurvivesTheObject) {
  auto hogs = task("hog", sim::LoadKind::CpuHog);
  auto duties = duty("duty", 1 * kNsPerMs, 5 * kNsPerMs);
  auto bursty = task("bursty", sim::LoadKind::Bursty);
  bursty.mean_on_ns = bursty.mean_off_ns = 1 * kNsPerMs;
  auto sleeper = task("sleeper", sim::LoadKind::Sleeper);
  sleeper.run_ns = 1 * kNsPerMs;
  sleeper.mean_sleep_ns = 50 * kNsPerMs;
  for (auto* spec : {&hogs, &duties, &bursty, &sleeper}) spec->count = 2;

  std::vector<TaskReport> reports;
  {
    HostLoad load({hogs, duties, bursty, sleeper}, 1, 10 * sim::kNsPerSec);
    load.start();
    reports = load.tasks();
    for (const auto& t : reports) EXPECT_EQ(getpgid(t.pid), load.process_group()) << t.name;
    sleep_ms(100);
  }
  ASSERT_EQ(reports.size(), 8u);
  std::set<pid_t> pids;
  for (const auto& t : reports) {
    pids.insert(t.pid);
    errno = 0;
    EXPECT_EQ(kill(t.pid, 0), -1) << t.name << " (pid " << t.pid << ") is still there";
    EXPECT_EQ(errno, ESRCH) << t.name;
  }
  EXPECT_EQ(pids.size(), 8u);
  EXPECT_EQ(reports[0].name, "hog.0");
  EXPECT_EQ(reports[7].name, "sleeper.1");
}

}  // namespace
}  // namespace vtick::realvm::load
