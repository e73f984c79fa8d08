#pragma once
// vmm.nice and vmm.affinity on the real VMM. Linux threads inherit their creator's nice and
// CPU affinity: our KVM VMM gets them by applying them to the thread that calls run_vm()
// before it creates the vCPU and timer threads; QEMU gets them in the forked child before
// exec, so that the threads of ours that read its output keep the parent's scheduling (they
// are the tool, not the VMM the scenario describes, and pinned beside QEMU they took its CPU).
#include <sched.h>

#include <vector>

namespace vtick::realvm::vmm {

/// vmm.nice and vmm.affinity, applied to the threads that run the VM.
struct VmmScheduling {
  int nice = 0;
  std::vector<int> affinity;  ///< empty = all CPUs
};

/// Applies `scheduling` to the calling thread only (setpriority and sched_setaffinity on its
/// thread id). Throws std::invalid_argument (the host refuses what the scenario asks: bad
/// input, not a bug) naming the field and the refused call, e.g. a negative nice without
/// CAP_SYS_NICE.
void apply_to_current_thread(const VmmScheduling& scheduling);

/// Moves the calling thread off the VMM's CPUs (`vmm_cpus`) onto the others it may use, so
/// that a thread of the tool does not compete with the VMM it measures. False, and nothing
/// changed, when `vmm_cpus` is empty (the VMM may use every CPU) or leaves no other CPU.
bool keep_current_thread_off(const std::vector<int>& vmm_cpus);

/// The same between fork and exec, where only async-signal-safe calls are allowed: the
/// parent prepares it, the child applies it to itself and reports a refusal as a plain
/// value, which the parent turns into apply_to_current_thread's error.
class ChildScheduling {
 public:
  enum class Refused { nothing, nice, affinity };
  struct Outcome {
    Refused refused = Refused::nothing;
    int error = 0;  ///< errno of the refused call
  };

  explicit ChildScheduling(const VmmScheduling& scheduling);
  /// In the child, before exec: no allocation, no exceptions.
  Outcome apply() const noexcept;
  /// In the parent: throws std::invalid_argument as apply_to_current_thread does.
  [[noreturn]] void throw_refusal(const Outcome& outcome) const;

 private:
  int nice_;
  bool pinned_;
  cpu_set_t cpus_;
};

}  // namespace vtick::realvm::vmm
