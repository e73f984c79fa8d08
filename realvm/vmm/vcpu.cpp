#include "realvm/vmm/vcpu.hpp"

#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <cerrno>
#include <algorithm>
#include <mutex>
#include <vector>

#include "realvm/vmm/cpuid_ioctl.hpp"
#include "realvm/vmm/error.hpp"

namespace vtick::realvm::vmm {
namespace {

// The signal kick() sends: its only job is to make KVM_RUN return EINTR. A real-time
// signal, so that no conventional use of SIGUSR1/2 by the embedding program is disturbed.
int kick_signal() {
  return SIGRTMIN + 1;
}

void ignore_kick(int) {}

void install_kick_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_handler = ignore_kick;  // not SIG_IGN: an ignored signal would not interrupt KVM_RUN
    sigemptyset(&action.sa_mask);
    if (sigaction(kick_signal(), &action, nullptr) < 0) {
      throw_errno("sigaction for the vCPU kick signal");
    }
  });
}

kvm_segment flat_segment(std::uint16_t selector, std::uint8_t type) {
  kvm_segment segment{};
  segment.base = 0;
  segment.limit = 0xffffffff;
  segment.selector = selector;
  segment.type = type;
  segment.present = 1;
  segment.dpl = 0;
  segment.db = 1;  // 32-bit default operand size
  segment.s = 1;   // code/data, not system
  segment.l = 0;
  segment.g = 1;   // limit in 4 KiB units
  return segment;
}

// The selectors match the guest's own GDT (realvm/guest/boot.S), which it loads at once.
constexpr std::uint16_t kCodeSelector = 0x08;
constexpr std::uint16_t kDataSelector = 0x10;
constexpr std::uint8_t kCodeExecuteReadAccessed = 0xb;
constexpr std::uint8_t kDataReadWriteAccessed = 0x3;
constexpr std::uint64_t kCr0ProtectionEnable = 1u << 0;
constexpr std::uint64_t kCr0ExtensionType = 1u << 4;
constexpr std::uint64_t kRflagsReservedOne = 1u << 1;

}  // namespace

Vcpu::Vcpu(const KvmSystem& kvm, const Vm& vm) : run_size_(kvm.vcpu_mmap_size()) {
  fd_ = Fd(::ioctl(vm.fd(), KVM_CREATE_VCPU, 0));
  if (!fd_.valid()) {
    throw_errno("KVM_CREATE_VCPU");
  }
  void* mapping = ::mmap(nullptr, run_size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd_.get(), 0);
  if (mapping == MAP_FAILED) {
    throw_errno("mmap of the kvm_run area");
  }
  run_ = static_cast<kvm_run*>(mapping);

  const std::vector<kvm_cpuid_entry2> entries = kvm.supported_cpuid();
  CpuidBuffer cpuid(entries.size());
  std::copy(entries.begin(), entries.end(), cpuid.entries());
  if (::ioctl(fd_.get(), kSetCpuid2, cpuid.ioctl_argument()) < 0) {
    ::munmap(run_, run_size_);
    throw_errno("KVM_SET_CPUID2");
  }
}

Vcpu::~Vcpu() {
  ::munmap(run_, run_size_);
}

void Vcpu::enter_protected_mode(std::uint32_t entry, std::uint32_t eax, std::uint32_t ebx) {
  kvm_sregs sregs{};
  if (::ioctl(fd_.get(), KVM_GET_SREGS, &sregs) < 0) {
    throw_errno("KVM_GET_SREGS");
  }
  sregs.cs = flat_segment(kCodeSelector, kCodeExecuteReadAccessed);
  sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = flat_segment(kDataSelector, kDataReadWriteAccessed);
  sregs.cr0 = kCr0ProtectionEnable | kCr0ExtensionType;
  sregs.cr4 = 0;
  sregs.efer = 0;
  if (::ioctl(fd_.get(), KVM_SET_SREGS, &sregs) < 0) {
    throw_errno("KVM_SET_SREGS");
  }
  kvm_regs regs{};
  regs.rip = entry;
  regs.rax = eax;
  regs.rbx = ebx;
  regs.rflags = kRflagsReservedOne;  // IF clear: the guest enables interrupts itself
  if (::ioctl(fd_.get(), KVM_SET_REGS, &regs) < 0) {
    throw_errno("KVM_SET_REGS");
  }
}

void Vcpu::bind_to_current_thread() {
  install_kick_handler();
  thread_ = pthread_self();
  bound_.store(true, std::memory_order_release);
}

void Vcpu::kick() {
  // immediate_exit covers a kick that lands while the vCPU thread is in user space (the
  // next KVM_RUN returns at once); the signal covers one that lands inside KVM_RUN.
  __atomic_store_n(&run_->immediate_exit, 1, __ATOMIC_SEQ_CST);
  if (bound_.load(std::memory_order_acquire)) {
    pthread_kill(thread_, kick_signal());
  }
}

bool Vcpu::run() {
  if (::ioctl(fd_.get(), KVM_RUN, 0) == 0) {
    return true;
  }
  // kick() always sets immediate_exit first. Any other EINTR is the kernel's: TWA_SIGNAL
  // task work (an io_uring completion for this thread, host_kernel_timers.hpp) makes
  // KVM_RUN return EINTR and runs as we leave the kernel; we just go back in.
  if ((errno == EINTR || errno == EAGAIN) && __atomic_load_n(&run_->immediate_exit, __ATOMIC_SEQ_CST)) {
    return false;
  }
  if (errno == EINTR) {
    ++interrupted_runs_;
    run_->exit_reason = KVM_EXIT_INTR;
    return true;
  }
  if (errno == EAGAIN) {
    return false;
  }
  throw_errno("KVM_RUN");
}

std::uint64_t Vcpu::guest_tsc() const {
  constexpr std::uint32_t kMsrIa32Tsc = 0x10;
  // struct kvm_msrs has the same C++ sizing problem as kvm_cpuid2 (cpuid_ioctl.hpp): use
  // its C layout, an 8-byte header and the entries after it, and spell the ioctl with it.
  struct MsrsHeader {
    std::uint32_t nmsrs;
    std::uint32_t pad;
  };
  static_assert(sizeof(MsrsHeader) == 8);
  constexpr unsigned long kGetMsrs = _IOWR(KVMIO, 0x88, MsrsHeader);
  struct {
    MsrsHeader header;
    kvm_msr_entry entry;
  } request{};
  request.header.nmsrs = 1;
  request.entry.index = kMsrIa32Tsc;
  if (::ioctl(fd_.get(), kGetMsrs, &request) != 1) {
    throw_errno("KVM_GET_MSRS(IA32_TSC)");
  }
  return request.entry.data;
}

std::uint64_t Vcpu::tsc_khz() const {
  const int khz = ::ioctl(fd_.get(), KVM_GET_TSC_KHZ, 0);
  if (khz <= 0) {
    throw_errno("KVM_GET_TSC_KHZ");
  }
  return static_cast<std::uint64_t>(khz);
}

Registers Vcpu::registers() const {
  Registers out;
  kvm_regs regs{};
  kvm_sregs sregs{};
  if (::ioctl(fd_.get(), KVM_GET_REGS, &regs) == 0) {
    out.rip = regs.rip;
    out.rsp = regs.rsp;
    out.rflags = regs.rflags;
    out.rax = regs.rax;
    out.rbx = regs.rbx;
    out.rcx = regs.rcx;
    out.rdx = regs.rdx;
    out.rsi = regs.rsi;
    out.rdi = regs.rdi;
    out.rbp = regs.rbp;
  }
  if (::ioctl(fd_.get(), KVM_GET_SREGS, &sregs) == 0) {
    out.cr0 = sregs.cr0;
    out.cr2 = sregs.cr2;
    out.cr3 = sregs.cr3;
    out.cr4 = sregs.cr4;
    out.efer = sregs.efer;
  }
  return out;
}

}  // namespace vtick::realvm::vmm
