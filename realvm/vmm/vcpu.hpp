// One virtual CPU: its kvm_run area, its entry state, KVM_RUN itself, and a way for
// another thread to make a running vCPU return to user space.
#pragma once

#include <linux/kvm.h>
#include <pthread.h>

#include <atomic>
#include <cstdint>

#include "realvm/vmm/fd.hpp"
#include "realvm/vmm/kvm_system.hpp"
#include "realvm/vmm/vm.hpp"

namespace vtick::realvm::vmm {

/// The registers worth reporting when a guest dies unexpectedly.
struct Registers {
  std::uint64_t rip = 0, rsp = 0, rflags = 0;
  std::uint64_t rax = 0, rbx = 0, rcx = 0, rdx = 0, rsi = 0, rdi = 0, rbp = 0;
  std::uint64_t cr0 = 0, cr2 = 0, cr3 = 0, cr4 = 0, efer = 0;
};

class Vcpu {
 public:
  /// Creates vCPU 0 of `vm` with every CPUID leaf KVM supports (so the guest can find the
  /// KVM signature and the kvmclock feature bit).
  Vcpu(const KvmSystem& kvm, const Vm& vm);
  ~Vcpu();
  Vcpu(const Vcpu&) = delete;
  Vcpu& operator=(const Vcpu&) = delete;

  /// The state a Multiboot loader hands over, with our own magic: 32-bit protected mode,
  /// flat 4 GiB code and data segments, paging and interrupts off, EIP = `entry`.
  void enter_protected_mode(std::uint32_t entry, std::uint32_t eax, std::uint32_t ebx);

  /// KVM_RUN. True when the vCPU exited to us (see run_state()->exit_reason; KVM_EXIT_INTR
  /// when the kernel interrupted it for its own reasons, e.g. io_uring task work for this
  /// thread); false when it was interrupted by kick() instead. Must be called from the
  /// thread that called bind_to_current_thread().
  bool run();
  kvm_run& run_state() { return *run_; }

  /// Call on the thread that will call run(); after this kick() may be used.
  void bind_to_current_thread();
  /// From any thread: make run() return false as soon as possible, now or at its next call.
  void kick();

  Registers registers() const;

  /// The guest's TSC now (KVM_GET_MSRS of IA32_TSC). Not while the vCPU runs: vCPU ioctls
  /// wait for KVM_RUN to return.
  std::uint64_t guest_tsc() const;
  /// KVM_GET_TSC_KHZ: the rate the guest's TSC runs at.
  std::uint64_t tsc_khz() const;
  /// KVM_RUN calls that returned EINTR without a kick (a signal or task work for this thread).
  std::uint64_t interrupted_runs() const { return interrupted_runs_; }

 private:
  Fd fd_;
  kvm_run* run_ = nullptr;
  std::size_t run_size_ = 0;
  std::atomic<bool> bound_{false};
  pthread_t thread_{};
  std::uint64_t interrupted_runs_ = 0;  // vCPU thread
};

}  // namespace vtick::realvm::vmm
