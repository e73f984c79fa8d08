// QEMU never outlives the run: not past the timeout, not past a stop request, not past the
// runner's own process being killed. And a missing QEMU is a clear error.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>

#include "qemu_test_support.hpp"
#include "realvm/protocol.h"
#include "realvm/qemu/error.hpp"
#include "realvm/qemu/run_qemu.hpp"

namespace vtick::realvm::qemu {
namespace {

using namespace std::chrono_literals;
using testing::short_run;

bool process_gone(pid_t pid) {
  return kill(pid, 0) != 0 && errno == ESRCH;
}

TEST(QemuLifetime, TimeoutKillsAndReapsQemu) {
  VTICK_SKIP_WITHOUT_QEMU();
  QemuConfig config = short_run();
  config.vm.duration = 60s;
  config.vm.timeout = 1500ms;
  const auto started = std::chrono::steady_clock::now();
  const vmm::RunResult result = run_qemu(config);
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(result.reason, vmm::ExitReason::timeout) << describe(result);
  EXPECT_FALSE(result.guest_exit_code.has_value());
  EXPECT_LT(took, 3s);
  EXPECT_FALSE(result.records_of(VTICK_TRACE_CLOCK_START).empty()) << "the guest ran before the timeout";
  EXPECT_TRUE(process_gone(static_cast<pid_t>(result.counter("qemu.pid"))));
}

TEST(QemuLifetime, StopRequestFromAnotherThreadEndsTheRun) {
  VTICK_SKIP_WITHOUT_QEMU();
  QemuConfig config = short_run();
  config.vm.duration = 60s;
  std::atomic<bool> stop{false};
  config.vm.stop_request = &stop;
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(300ms);
    stop = true;
  });
  const vmm::RunResult result = run_qemu(config);
  EXPECT_EQ(result.reason, vmm::ExitReason::stopped) << describe(result);
  EXPECT_TRUE(process_gone(static_cast<pid_t>(result.counter("qemu.pid"))));
}

// The runner runs in a child process that is SIGKILLed mid-run: nothing of the runner's
// code runs after that, so only PR_SET_PDEATHSIG can end QEMU. This process becomes a
// subreaper so the orphaned QEMU is reparented to it and its death can be waited for.
TEST(QemuLifetime, QemuDiesWhenTheRunnerIsKilled) {
  VTICK_SKIP_WITHOUT_QEMU();
  ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  int pid_pipe[2];
  ASSERT_EQ(pipe(pid_pipe), 0);
  const pid_t runner = fork();
  ASSERT_GE(runner, 0);
  if (runner == 0) {
    close(pid_pipe[0]);
    QemuConfig config = short_run();
    config.vm.duration = 60s;
    config.vm.timeout = 60s;
    config.on_spawn = [&](pid_t qemu) {
      (void)!write(pid_pipe[1], &qemu, sizeof qemu);
    };
    try {
      run_qemu(config);
    } catch (...) {
    }
    _exit(0);
  }
  close(pid_pipe[1]);
  pid_t qemu = 0;
  ASSERT_EQ(read(pid_pipe[0], &qemu, sizeof qemu), static_cast<ssize_t>(sizeof qemu));
  close(pid_pipe[0]);
  std::this_thread::sleep_for(500ms);  // QEMU is booting or running the guest
  ASSERT_FALSE(process_gone(qemu));
  ASSERT_EQ(kill(runner, SIGKILL), 0);
  ASSERT_EQ(waitpid(runner, nullptr, 0), runner);

  int status = 0;
  pid_t reaped = 0;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while ((reaped = waitpid(qemu, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(reaped, qemu) << "QEMU outlived its runner by 5 s";
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
}

TEST(QemuLifetime, MissingQemuIsAClearError) {
  QemuConfig config = short_run();
  config.qemu_binary = "qemu-system-vtick-none";
  try {
    run_qemu(config);
    FAIL() << "ran without a QEMU";
  } catch (const QemuUnavailable& error) {
    EXPECT_NE(std::string(error.what()).find("qemu-system-vtick-none not found on PATH"), std::string::npos)
        << error.what();
  }
}

TEST(QemuLifetime, QemusOwnFailureIsAnErrorWithItsMessage) {
  VTICK_SKIP_WITHOUT_QEMU();
  QemuConfig config = short_run();
  config.vm.guest_image = VTICK_SOURCE_DIR "/README.md";  // readable, but no kernel QEMU can load
  try {
    run_qemu(config);
    FAIL() << "QEMU ran a text file";
  } catch (const QemuError& error) {
    EXPECT_NE(std::string(error.what()).find("exited with status 1 and no matching guest exit"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace vtick::realvm::qemu
