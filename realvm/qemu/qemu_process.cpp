#include "realvm/qemu/qemu_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "realvm/qemu/error.hpp"

namespace vtick::realvm::qemu {
namespace {

// Exit status of a child that could not set itself up or exec; QEMU itself uses 0 and 1,
// and isa-debug-exit only odd values.
constexpr int kChildSetupFailed = 126;

/// The child's step that failed, sent to the parent over a close-on-exec pipe: the parent
/// reads end-of-file once the exec has happened, or this.
struct ChildFailure {
  enum class Step { prctl, setpgid, redirect, inherit, scheduling, exec } step;
  int error;
  vmm::ChildScheduling::Refused refused;  ///< which scheduling call, for Step::scheduling
};

const char* step_name(ChildFailure::Step step) {
  switch (step) {
    case ChildFailure::Step::prctl: return "prctl(PR_SET_PDEATHSIG)";
    case ChildFailure::Step::setpgid: return "setpgid";
    case ChildFailure::Step::redirect: return "redirecting stdin, stdout and stderr";
    case ChildFailure::Step::inherit: return "clearing close-on-exec on an inherited descriptor";
    case ChildFailure::Step::scheduling: return "vmm scheduling";
    case ChildFailure::Step::exec: return "execv";
  }
  return "?";
}

[[noreturn]] void child_failed(int report_fd, ChildFailure failure) {
  // Best effort: a parent that cannot read it still sees kChildSetupFailed.
  [[maybe_unused]] const ssize_t written = write(report_fd, &failure, sizeof failure);
  _exit(kChildSetupFailed);
}

/// Between fork and exec in a multithreaded parent only async-signal-safe calls are
/// allowed: no allocation, no locks. Everything is prepared by the parent.
[[noreturn]] void exec_child(char* const* argv, const std::vector<int>& inherit, int stderr_fd, pid_t parent,
                             const vmm::ChildScheduling& scheduling, int report_fd) {
  using Step = ChildFailure::Step;
  // Dies with the spawning thread; checked against a parent that died before the prctl.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) child_failed(report_fd, {Step::prctl, errno, {}});
  if (setpgid(0, 0) != 0) child_failed(report_fd, {Step::setpgid, errno, {}});
  // Our signal mask and handlers are the caller's business, not QEMU's.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  const int null_fd = open("/dev/null", O_RDWR);
  if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 || dup2(null_fd, STDOUT_FILENO) < 0 ||
      dup2(stderr_fd, STDERR_FILENO) < 0) {
    child_failed(report_fd, {Step::redirect, errno, {}});
  }
  for (const int fd : inherit) {
    if (fcntl(fd, F_SETFD, 0) != 0) child_failed(report_fd, {Step::inherit, errno, {}});
  }
  if (const auto outcome = scheduling.apply(); outcome.refused != vmm::ChildScheduling::Refused::nothing) {
    child_failed(report_fd, {Step::scheduling, outcome.error, outcome.refused});
  }
  execv(argv[0], argv);
  child_failed(report_fd, {Step::exec, errno, {}});
}

/// Blocks until the child has exec'd (end of file) or reported the step that failed.
std::optional<ChildFailure> read_child_report(int report_fd) {
  ChildFailure failure{};
  ssize_t got = 0;
  do {
    got = read(report_fd, &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  if (got == static_cast<ssize_t>(sizeof failure)) return failure;
  return std::nullopt;
}

}  // namespace

QemuProcess::QemuProcess(const std::vector<std::string>& args, const std::vector<int>& inherit, int stderr_fd,
                         const vmm::VmmScheduling& scheduling) {
  std::vector<char*> argv;
  for (const std::string& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  const vmm::ChildScheduling child_scheduling(scheduling);
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) throw QemuError(std::string("pipe2: ") + std::strerror(errno));
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0) {
    const int error = errno;
    close(report[0]);
    close(report[1]);
    throw QemuError(std::string("fork for ") + args.front() + ": " + std::strerror(error));
  }
  if (pid_ == 0) {
    exec_child(argv.data(), inherit, stderr_fd, parent, child_scheduling, report[1]);
  }
  // Also from this side, so the group exists before anyone signals it.
  setpgid(pid_, pid_);
  close(report[1]);
  const std::optional<ChildFailure> failure = read_child_report(report[0]);
  close(report[0]);
  if (!failure) return;
  kill_and_reap();
  if (failure->step == ChildFailure::Step::scheduling) child_scheduling.throw_refusal({failure->refused, failure->error});
  throw QemuError(std::string(step_name(failure->step)) + " for " + args.front() + ": " + std::strerror(failure->error));
}

QemuProcess::~QemuProcess() {
  if (!status_) {
    kill_and_reap();
  }
}

std::optional<int> QemuProcess::poll_exit() {
  if (!status_) {
    int status = 0;
    rusage usage{};
    if (wait4(pid_, &status, WNOHANG, &usage) == pid_) {
      reaped(status, usage);
    }
  }
  return status_;
}

int QemuProcess::kill_and_reap() {
  if (!status_) {
    kill(-pid_, SIGKILL);
    kill(pid_, SIGKILL);  // in case it died before its setpgid, leaving no group
    int status = 0;
    rusage usage{};
    while (wait4(pid_, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    reaped(status, usage);
  }
  return *status_;
}

void QemuProcess::reaped(int status, const rusage& usage) {
  status_ = status;
  const auto ns = [](const timeval& t) { return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_usec * 1000; };
  cpu_ns_ = ns(usage.ru_utime) + ns(usage.ru_stime);
}

}  // namespace vtick::realvm::qemu
