// vmm.nice and vmm.affinity are the spawned VMM's alone: the child takes them before exec,
// the spawning thread keeps its own, and a refusal is the scenario's error, not QEMU's.
// The child here is /bin/sh reporting its own nice and affinity (QemuProcess spawns any
// executable the same way).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "realvm/qemu/error.hpp"
#include "realvm/qemu/qemu_process.hpp"
#include "realvm/vmm/vmm_scheduling.hpp"

namespace vtick::realvm::qemu {
namespace {

/// What `script` writes to stderr, run by /bin/sh spawned with `scheduling`.
std::string run_shell(const std::string& script, const vmm::VmmScheduling& scheduling) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe2");
  std::string text;
  try {
    QemuProcess process({"/bin/sh", "-c", script}, {}, out[1], scheduling);
    close(out[1]);
    char buffer[256];
    for (ssize_t got; (got = read(out[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(got));
    close(out[0]);
    while (!process.poll_exit()) usleep(1000);
  } catch (...) {
    close(out[0]);
    close(out[1]);
    throw;
  }
  return text;
}

int first_allowed_cpu() {
  cpu_set_t set;
  sched_getaffinity(0, sizeof set, &set);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) return cpu;
  }
  return -1;
}

constexpr const char* kReport = "cut -d' ' -f19 /proc/self/stat >&2; grep Cpus_allowed_list /proc/self/status >&2";

TEST(QemuProcessScheduling, TheChildTakesNiceAndAffinityAndTheSpawnerKeepsItsOwn) {
  const int cpu = first_allowed_cpu();
  ASSERT_GE(cpu, 0);
  const int nice_before = getpriority(PRIO_PROCESS, 0);
  cpu_set_t affinity_before;
  sched_getaffinity(0, sizeof affinity_before, &affinity_before);

  const std::string report = run_shell(kReport, {nice_before + 5, {cpu}});

  EXPECT_EQ(report, std::to_string(nice_before + 5) + "\nCpus_allowed_list:\t" + std::to_string(cpu) + "\n");
  EXPECT_EQ(getpriority(PRIO_PROCESS, 0), nice_before);
  cpu_set_t affinity_after;
  sched_getaffinity(0, sizeof affinity_after, &affinity_after);
  EXPECT_TRUE(CPU_EQUAL(&affinity_before, &affinity_after));
}

TEST(QemuProcessScheduling, NoAffinityLeavesTheChildOnTheSpawnersCpus) {
  std::ifstream status("/proc/thread-self/status");
  std::string line;
  while (std::getline(status, line) && line.rfind("Cpus_allowed_list:", 0) != 0) {
  }
  ASSERT_FALSE(line.empty());
  const int nice = getpriority(PRIO_PROCESS, 0);
  EXPECT_EQ(run_shell(kReport, {nice, {}}), std::to_string(nice) + "\n" + line + "\n");
}

TEST(QemuProcessScheduling, AnAffinityTheHostRefusesNamesTheField) {
  try {
    run_shell(kReport, {0, {CPU_SETSIZE - 1}});
    FAIL() << "the child ran pinned to CPU " << CPU_SETSIZE - 1;
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("realvm: vmm.affinity: sched_setaffinity failed"), std::string::npos)
        << error.what();
  }
}

TEST(QemuProcessScheduling, AFailedExecIsAnErrorNamingTheCall) {
  try {
    QemuProcess process({"/nonexistent/vtick-qemu"}, {}, STDERR_FILENO);
    FAIL() << "exec of a missing file succeeded";
  } catch (const QemuError& error) {
    EXPECT_NE(std::string(error.what()).find("execv for /nonexistent/vtick-qemu: No such file or directory"),
              std::string::npos)
        << error.what();
  }
}

// The threads reading QEMU's output leave the VMM's CPUs to it where there are others.
std::vector<int> allowed_cpus() {
  cpu_set_t set;
  sched_getaffinity(0, sizeof set, &set);
  std::vector<int> cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  }
  return cpus;
}

/// keep_current_thread_off(vmm_cpus) on a new thread: its result and the CPUs it then had.
std::pair<bool, std::vector<int>> kept_off(const std::vector<int>& vmm_cpus) {
  std::pair<bool, std::vector<int>> out;
  std::thread([&] {
    out.first = vmm::keep_current_thread_off(vmm_cpus);
    out.second = allowed_cpus();
  }).join();
  return out;
}

TEST(ReaderScheduling, AReaderThreadLeavesTheVmmsCpusWhenOthersRemain) {
  const std::vector<int> mine = allowed_cpus();
  if (mine.size() < 2) GTEST_SKIP() << "needs 2 CPUs in this process's affinity, has " << mine.size();
  const auto [moved, cpus] = kept_off({mine.front()});
  EXPECT_TRUE(moved);
  EXPECT_EQ(cpus, std::vector<int>(mine.begin() + 1, mine.end()));
  EXPECT_EQ(allowed_cpus(), mine) << "only the calling thread moves";
}

TEST(ReaderScheduling, AReaderStaysWhereItIsWhenTheVmmMayUseEveryCpu) {
  const std::vector<int> mine = allowed_cpus();
  EXPECT_EQ(kept_off({}), std::make_pair(false, mine));
  EXPECT_EQ(kept_off(mine), std::make_pair(false, mine)) << "no CPU would be left";
}

}  // namespace
}  // namespace vtick::realvm::qemu
