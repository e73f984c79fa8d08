#include "realvm/load/host_load.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <stdexcept>
#include <system_error>

#include "realvm/load/child.hpp"
#include "realvm/load/setup_error.hpp"

namespace vtick::realvm::load {
namespace {

/// Far beyond any run, yet origin + deadline cannot overflow (CLOCK_MONOTONIC counts from boot).
constexpr TimeNs kMaxDeadlineNs = sim::kNever / 2;

TimeNs monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<TimeNs>(ts.tv_sec) * sim::kNsPerSec + ts.tv_nsec;
}

TimeNs to_ns(const timeval& tv) { return static_cast<TimeNs>(tv.tv_sec) * sim::kNsPerSec + tv.tv_usec * sim::kNsPerUs; }

std::system_error os_error(const std::string& what) { return {errno, std::generic_category(), what}; }

/// Reads the child's one SetupReport; a short read means it died before writing one.
bool read_report(int fd, SetupReport& report) {
  ssize_t n;
  do {
    n = read(fd, &report, sizeof report);
  } while (n < 0 && errno == EINTR);
  return n == static_cast<ssize_t>(sizeof report);
}

}  // namespace

HostLoad::HostLoad(const std::vector<sim::LoadTaskSpec>& load, std::uint64_t seed, TimeNs deadline_ns)
    : plans_(plan_tasks(load, seed)), deadline_ns_(deadline_ns) {
  if (deadline_ns <= 0 || deadline_ns > kMaxDeadlineNs) {
    throw std::invalid_argument("host load: the hard deadline must be positive and finite");
  }
  for (const auto& plan : plans_) reports_.push_back(TaskReport{plan.name});
}

HostLoad::~HostLoad() { stop(); }

void HostLoad::start() {
  if (started_) throw std::logic_error("HostLoad::start called twice");
  started_ = true;
  const TimeNs origin = monotonic_ns();
  try {
    for (std::size_t i = 0; i < plans_.size(); ++i) fork_task(i, origin);
  } catch (...) {
    stop();
    throw;
  }
}

void HostLoad::fork_task(std::size_t index, TimeNs origin_ns) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw os_error("host load: pipe2");
  const ChildStart start{&plans_[index], getpid(), group_, pipe_fds[1], origin_ns, deadline_ns_};
  const pid_t pid = fork();
  if (pid < 0) {
    const auto error = os_error("host load: fork for task '" + plans_[index].name + "'");
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    throw error;
  }
  if (pid == 0) {
    close(pipe_fds[0]);
    run_child(start);
  }
  close(pipe_fds[1]);
  reports_[index].pid = pid;
  if (group_ == 0) group_ = pid;
  // The parent sets the group too (the usual shell idiom), so the child is in it as soon as
  // fork returns here, whichever of the two runs first. It cannot fail for an unreaped child
  // that has not exec'd, in our own session.
  setpgid(pid, group_);

  SetupReport report;
  const bool answered = read_report(pipe_fds[0], report);
  close(pipe_fds[0]);
  if (!answered) throw std::runtime_error("load task '" + plans_[index].name + "' exited during setup");
  if (report.step != SetupStep::kReady) throw std::runtime_error(describe_setup_failure(plans_[index], report));
}

void HostLoad::stop() {
  // Only unreaped children are signalled: a reaped pid may already belong to someone else.
  for (auto& report : reports_) {
    if (report.pid != 0 && report.end == TaskEnd::kRunning) kill(report.pid, SIGKILL);
  }
  for (auto& report : reports_) {
    if (report.pid != 0 && report.end == TaskEnd::kRunning) reap(report);
  }
}

void HostLoad::reap(TaskReport& report) {
  int status = 0;
  rusage usage{};
  pid_t reaped;
  do {
    reaped = wait4(report.pid, &status, 0, &usage);
  } while (reaped < 0 && errno == EINTR);
  if (reaped != report.pid) {
    report.end = TaskEnd::kLost;
    return;
  }
  report.system_cpu_ns = to_ns(usage.ru_stime);
  report.cpu_ns = to_ns(usage.ru_utime) + report.system_cpu_ns;
  if (WIFEXITED(status) && WEXITSTATUS(status) == kExitDone) {
    report.end = TaskEnd::kFinished;
  } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
    report.end = TaskEnd::kKilled;
  } else {
    report.end = TaskEnd::kFailed;
  }
}

}  // namespace vtick::realvm::load
