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

/// Between fork and exec in a multithreaded parent only async-signal-safe calls are
/// allowed: no allocation, no locks. Everything is prepared by the parent.
[[noreturn]] void exec_child(char* const* argv, const std::vector<int>& inherit, int stderr_fd, pid_t parent) {
  // Dies with the spawning thread; checked against a parent that died before the prctl.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) {
    _exit(kChildSetupFailed);
  }
  if (setpgid(0, 0) != 0) {
    _exit(kChildSetupFailed);
  }
  // Our signal mask and handlers are the caller's business, not QEMU's.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  const int null_fd = open("/dev/null", O_RDWR);
  if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 || dup2(null_fd, STDOUT_FILENO) < 0 ||
      dup2(stderr_fd, STDERR_FILENO) < 0) {
    _exit(kChildSetupFailed);
  }
  for (const int fd : inherit) {
    if (fcntl(fd, F_SETFD, 0) != 0) {
      _exit(kChildSetupFailed);
    }
  }
  execv(argv[0], argv);
  _exit(kChildSetupFailed);
}

}  // namespace

QemuProcess::QemuProcess(const std::vector<std::string>& args, const std::vector<int>& inherit, int stderr_fd) {
  std::vector<char*> argv;
  for (const std::string& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0) {
    throw QemuError(std::string("fork for ") + args.front() + ": " + std::strerror(errno));
  }
  if (pid_ == 0) {
    exec_child(argv.data(), inherit, stderr_fd, parent);
  }
  // Also from this side, so the group exists before anyone signals it.
  setpgid(pid_, pid_);
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
