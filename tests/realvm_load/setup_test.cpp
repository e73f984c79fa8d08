// Each child applies its nice, policy and affinity, and a task that cannot is reported by
// name before anything is left running.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/resource.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "realvm/load/host_load.hpp"
#include "tests/realvm_load/load_specs.hpp"
#include "tests/realvm_load/proc_stat.hpp"

namespace vtick::realvm::load {
namespace {

using namespace test_support;

sim::LoadTaskSpec sleeper(std::string name) {
  auto spec = task(std::move(name), sim::LoadKind::Sleeper);
  spec.run_ns = 1 * kNsPerMs;
  spec.mean_sleep_ns = 10 * kNsPerMs;
  return spec;
}

TEST(HostLoadSetup, AffinityCpuThatDoesNotExistIsRejectedByTaskName) {
  auto victim = sleeper("victim");
  const long cpus = sysconf(_SC_NPROCESSORS_CONF);
  victim.affinity = {0, static_cast<int>(cpus)};
  victim.count = 2;
  try {
    HostLoad load({sleeper("fine"), victim}, 1, sim::kNsPerSec);
    FAIL() << "CPU " << cpus << " was accepted";
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("'victim.0'"), std::string::npos) << message;
    EXPECT_NE(message.find("CPU " + std::to_string(cpus) + " does not exist"), std::string::npos) << message;
  }
}

TEST(HostLoadSetup, NiceIsApplied) {
  auto spec = sleeper("polite");
  spec.nice = 7;
  HostLoad load({spec}, 1, sim::kNsPerSec);
  load.start();
  const ProcStat stat = read_proc_stat(load.tasks()[0].pid);
  EXPECT_EQ(stat.nice, 7);
  EXPECT_EQ(stat.policy, SCHED_OTHER);
}

sim::LoadTaskSpec fifo_duty() {
  auto spec = duty("rt", 1 * kNsPerMs, 20 * kNsPerMs);
  spec.policy = sim::SchedPolicy::Fifo;
  spec.rt_priority = 10;
  return spec;
}

TEST(HostLoadSetup, FifoPolicyAndPriorityAreApplied) {
  if (geteuid() != 0) GTEST_SKIP() << "SCHED_FIFO needs root here";
  HostLoad load({fifo_duty()}, 1, sim::kNsPerSec);
  load.start();
  const ProcStat stat = read_proc_stat(load.tasks()[0].pid);
  EXPECT_EQ(stat.policy, SCHED_FIFO);
  EXPECT_EQ(stat.rt_priority, 10);
}

TEST(HostLoadSetup, FifoWithoutPrivilegeIsAClearError) {
  rlimit rtprio{};
  ASSERT_EQ(getrlimit(RLIMIT_RTPRIO, &rtprio), 0);
  if (geteuid() == 0 || rtprio.rlim_cur >= 10) GTEST_SKIP() << "this user may use SCHED_FIFO";
  HostLoad load({fifo_duty()}, 1, sim::kNsPerSec);
  try {
    load.start();
    FAIL() << "SCHED_FIFO was granted";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("load task 'rt': sched_setscheduler(SCHED_FIFO, priority 10) failed"), std::string::npos)
        << message;
    EXPECT_NE(message.find("CAP_SYS_NICE"), std::string::npos) << message;
  }
}

TEST(HostLoadSetup, FailedSetupNamesTheTaskAndLeavesNothingRunning) {
  // Priority 100 is out of range for every user, root included: the kernel answers EINVAL.
  auto bad = sleeper("bad");
  bad.policy = sim::SchedPolicy::Fifo;
  bad.rt_priority = 100;
  HostLoad load({sleeper("first"), bad, sleeper("never")}, 1, sim::kNsPerSec);
  try {
    load.start();
    FAIL() << "start() accepted priority 100";
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("load task 'bad': sched_setscheduler(SCHED_FIFO, priority 100) failed"), std::string::npos)
        << message;
  }
  const auto& tasks = load.tasks();
  EXPECT_EQ(tasks[0].end, TaskEnd::kKilled);
  // 'bad' exits by itself after reporting, unless stop()'s SIGKILL gets there first.
  EXPECT_TRUE(tasks[1].end == TaskEnd::kFailed || tasks[1].end == TaskEnd::kKilled);
  EXPECT_EQ(tasks[2].pid, 0);  // never forked
  for (int i = 0; i < 2; ++i) {
    errno = 0;
    EXPECT_EQ(kill(tasks[i].pid, 0), -1) << tasks[i].name;
    EXPECT_EQ(errno, ESRCH) << tasks[i].name;
  }
}

}  // namespace
}  // namespace vtick::realvm::load
