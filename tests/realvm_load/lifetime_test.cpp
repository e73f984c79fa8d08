// Children start and stop when told, stop by themselves at the hard deadline, and none
// survives the HostLoad object.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <set>

#include "realvm/load/host_load.hpp"
#include "tests/realvm_load/load_specs.hpp"
#include "tests/realvm_load/proc_stat.hpp"

namespace vtick::realvm::load {
namespace {

using namespace test_support;

TEST(HostLoadLifetime, StartStopAndDeadlineAreHonoured) {
  // windowed runs in [100 ms, 250 ms); endless until the 400 ms hard deadline.
  auto windowed = task("windowed", sim::LoadKind::CpuHog);
  windowed.start_ns = 100 * kNsPerMs;
  windowed.stop_ns = 250 * kNsPerMs;
  auto endless = task("endless", sim::LoadKind::CpuHog);
  for (auto* spec : {&windowed, &endless}) spec->nice = favoured_nice();
  HostLoad load({windowed, endless}, 1, 400 * kNsPerMs);
  load.start();
  const pid_t w = load.tasks()[0].pid;
  const pid_t e = load.tasks()[1].pid;

  sleep_ms(60);
  EXPECT_LT(ms(cpu_ns_so_far(w)), 5.0) << "windowed ran before its start time";
  EXPECT_GT(ms(cpu_ns_so_far(e)), 5.0);
  sleep_ms(260);  // ~320 ms: between windowed's stop and the deadline
  EXPECT_EQ(read_proc_stat(w).state, 'Z') << "windowed ran past its stop time";
  EXPECT_NE(read_proc_stat(e).state, 'Z') << "endless stopped before the deadline";
  sleep_ms(160);  // ~480 ms: past the deadline
  EXPECT_EQ(read_proc_stat(e).state, 'Z') << "endless ran past the hard deadline";
  load.stop();

  // Both exited by themselves (not killed by stop()), having used no more than their windows.
  EXPECT_EQ(load.tasks()[0].end, TaskEnd::kFinished);
  EXPECT_GT(ms(load.tasks()[0].cpu_ns), 30.0);
  EXPECT_LT(ms(load.tasks()[0].cpu_ns), 165.0);
  EXPECT_EQ(load.tasks()[1].end, TaskEnd::kFinished);
  EXPECT_GT(ms(load.tasks()[1].cpu_ns), 60.0);
  EXPECT_LT(ms(load.tasks()[1].cpu_ns), 420.0);
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

TEST(HostLoadLifetime, ChildrenDieWithTheirParent) {
  // Orphans are re-parented to this process instead of init, so it can see how they ended.
  ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const auto begin = std::chrono::steady_clock::now();
  const pid_t run = fork();
  ASSERT_GE(run, 0);
  if (run == 0) {
    // A run that dies without its destructor, as after a crash or SIGKILL.
    try {
      auto sleeper = task("sleeper", sim::LoadKind::Sleeper);
      sleeper.run_ns = 1 * kNsPerMs;
      sleeper.mean_sleep_ns = 10 * kNsPerMs;
      HostLoad load({task("hog", sim::LoadKind::CpuHog), sleeper}, 1, 2 * sim::kNsPerSec);
      load.start();
      for (const auto& t : load.tasks()) {
        if (write(fds[1], &t.pid, sizeof t.pid) != sizeof t.pid) _exit(2);
      }
      _exit(0);  // inside the scope: ~HostLoad never runs
    } catch (...) {
      _exit(1);
    }
  }
  close(fds[1]);
  std::vector<pid_t> pids(2);
  for (auto& pid : pids) EXPECT_EQ(read(fds[0], &pid, sizeof pid), static_cast<ssize_t>(sizeof pid));
  close(fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(run, &status, 0), run);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the run failed to start its load";

  for (const pid_t pid : pids) {
    ASSERT_EQ(waitpid(pid, &status, 0), pid) << std::strerror(errno);
    // Exiting by itself (status 0) would mean it ran on to the 2 s deadline.
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "pid " << pid << " status " << status;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(1));
  ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 0), 0);
}

}  // namespace
}  // namespace vtick::realvm::load
