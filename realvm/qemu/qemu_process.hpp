// A running QEMU that cannot outlive its owner: its own process group (so a kill reaches
// anything it forks), PR_SET_PDEATHSIG(SIGKILL) (so it dies with the thread that spawned
// it, whatever kills that), and a destructor that kills and reaps it.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>

#include <optional>
#include <string>
#include <vector>

#include "realvm/vmm/vmm_scheduling.hpp"

namespace vtick::realvm::qemu {

class QemuProcess {
 public:
  /// fork + exec of `args` (args[0] an executable path). `inherit` are descriptors the
  /// child keeps open under their own numbers (everything else of ours is close-on-exec);
  /// its stdin and stdout are /dev/null, its stderr `stderr_fd`; the child takes
  /// `scheduling` before exec. Returns once the exec has happened. Throws
  /// std::invalid_argument when the host refuses the scheduling (naming the vmm field),
  /// QemuError when the fork, the child's set-up or the exec fails (naming the call).
  QemuProcess(const std::vector<std::string>& args, const std::vector<int>& inherit, int stderr_fd,
              const vmm::VmmScheduling& scheduling = {});
  ~QemuProcess();
  QemuProcess(const QemuProcess&) = delete;
  QemuProcess& operator=(const QemuProcess&) = delete;

  pid_t pid() const { return pid_; }

  /// The wait status if QEMU has ended (reaping it), nullopt while it runs.
  std::optional<int> poll_exit();
  /// SIGKILL to the whole process group, then reap; returns the wait status.
  int kill_and_reap();
  /// Once reaped: QEMU's user + system CPU time, all its threads (wait4's rusage), which
  /// `vtick calibrate` turns into a cost per guest tick. 0 before.
  std::int64_t cpu_ns() const { return cpu_ns_; }

 private:
  void reaped(int status, const rusage& usage);

  pid_t pid_ = -1;
  std::optional<int> status_;
  std::int64_t cpu_ns_ = 0;
};

}  // namespace vtick::realvm::qemu
