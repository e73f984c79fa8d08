#include "realvm/vmm/run_vm.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "realvm/protocol.h"
#include "realvm/vmm/console_port.hpp"
#include "realvm/vmm/elf_loader.hpp"
#include "realvm/vmm/exit_port.hpp"
#include "realvm/vmm/guest_memory.hpp"
#include "realvm/vmm/host_kernel_timers.hpp"
#include "realvm/vmm/host_clock.hpp"
#include "realvm/vmm/hypercall_port.hpp"
#include "realvm/vmm/kvm_system.hpp"
#include "realvm/vmm/nop_port.hpp"
#include "realvm/vmm/outsourced_timers.hpp"
#include "realvm/vmm/pvclock_writer.hpp"
#include "realvm/vmm/port_bus.hpp"
#include "realvm/vmm/tcp_peer.hpp"
#include "realvm/vmm/trace_port.hpp"
#include "realvm/vmm/unclaimed_mmio.hpp"
#include "realvm/vmm/user_pit.hpp"
#include "realvm/vmm/user_tick_thread.hpp"
#include "realvm/vmm/vcpu.hpp"
#include "realvm/vmm/vm.hpp"

namespace vtick::realvm::vmm {
namespace {

// How often the supervising thread looks at the stop request: it is a plain atomic so that
// a signal handler may set it, which rules out being woken by it.
constexpr auto kStopPollInterval = std::chrono::milliseconds(5);

/// The guest's devices, wired to one port bus.
struct Devices {
  Devices(const GuestMemory& memory, const VmConfig& config)
      : trace(memory),
        hypercall(memory, VTICK_HYPERCALL_ARGS_GPA, config.timer_hypercalls_per_second, config.timer_hypercall_burst) {
    bus.attach(VTICK_PORT_CONSOLE, 1, console);
    bus.attach(VTICK_PORT_EXIT, 1, exit);
    bus.attach(VTICK_PORT_TRACE, 1, trace);
    bus.attach(VTICK_PORT_HYPERCALL, 1, hypercall);
    bus.attach(VTICK_PORT_NOP, 1, nop);
  }
  void report(Counters& counters) const {
    bus.report(counters);
    console.report(counters);
    exit.report(counters);
    trace.report(counters);
    hypercall.report(counters);
    nop.report(counters);
    mmio.report(counters);
  }

  PortBus bus;
  ConsolePort console;
  ExitPort exit;
  TracePort trace;
  HypercallPort hypercall;
  NopPort nop;
  UnclaimedMmio mmio;
};

std::string hex(std::uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

/// Runs the vCPU until something ends the run. Returns false if it was kicked out (the
/// caller knows why), true if the guest or KVM ended it (reason set in `result`).
bool run_vcpu(Vcpu& vcpu, Devices& devices, RunResult& result) {
  for (;;) {
    if (!vcpu.run()) {
      return false;
    }
    kvm_run& run = vcpu.run_state();
    switch (run.exit_reason) {
      case KVM_EXIT_IO:
        devices.bus.handle(run);
        if (devices.exit.exit_code()) {
          result.reason = ExitReason::guest_exit;
          result.guest_exit_code = devices.exit.exit_code();
          return true;
        }
        break;
      case KVM_EXIT_MMIO:
        devices.mmio.handle(run);
        break;
      case KVM_EXIT_INTR:
        break;
      case KVM_EXIT_HLT:
        result.reason = ExitReason::guest_halted;
        return true;
      case KVM_EXIT_SHUTDOWN:
        result.reason = ExitReason::guest_shutdown;
        result.registers = vcpu.registers();
        return true;
      case KVM_EXIT_FAIL_ENTRY:
        result.reason = ExitReason::entry_failed;
        result.detail = "hardware_entry_failure_reason " + hex(run.fail_entry.hardware_entry_failure_reason);
        result.registers = vcpu.registers();
        return true;
      case KVM_EXIT_INTERNAL_ERROR:
        result.reason = ExitReason::internal_error;
        result.detail = "KVM internal error suberror " + std::to_string(run.internal.suberror);
        result.registers = vcpu.registers();
        return true;
      default:
        result.reason = ExitReason::unexpected_exit;
        result.detail = "KVM exit reason " + std::to_string(run.exit_reason);
        result.registers = vcpu.registers();
        return true;
    }
  }
}

/// Runs `vcpu` on its own thread; this thread watches the clock and the stop request and
/// kicks the vCPU out when either says so.
void supervise(const VmConfig& config, Vcpu& vcpu, Devices& devices, RunResult& result) {
  std::mutex mutex;
  std::condition_variable finished_changed;
  bool finished = false;
  std::exception_ptr vcpu_error;
  bool ended_by_guest = false;
  std::optional<ExitReason> kicked_for;

  result.host_start_ns = host_monotonic_ns();
  std::thread vcpu_thread([&] {
    try {
      vcpu.bind_to_current_thread();
      ended_by_guest = run_vcpu(vcpu, devices, result);
      // Its own CPU (KVM_RUN's kernel time included), for vtick calibrate's VMM demand.
      timespec cpu{};
      clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
      result.counters["vcpu.cpu_ns"] = static_cast<std::uint64_t>(cpu.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(cpu.tv_nsec);
    } catch (...) {
      vcpu_error = std::current_exception();
    }
    std::lock_guard lock(mutex);
    finished = true;
    finished_changed.notify_all();
  });

  const auto deadline = std::chrono::steady_clock::now() + config.timeout;
  std::unique_lock lock(mutex);
  while (!finished) {
    const bool stop_requested = config.stop_request && config.stop_request->load();
    if (stop_requested || std::chrono::steady_clock::now() >= deadline) {
      kicked_for = stop_requested ? ExitReason::stopped : ExitReason::timeout;
      vcpu.kick();
      finished_changed.wait(lock, [&] { return finished; });
      break;
    }
    finished_changed.wait_for(lock, kStopPollInterval);
  }
  lock.unlock();
  vcpu_thread.join();
  result.host_end_ns = host_monotonic_ns();
  if (vcpu_error) {
    std::rethrow_exception(vcpu_error);
  }
  // The guest's own ending wins over a timeout that raced with it.
  if (!ended_by_guest && kicked_for) {
    result.reason = *kicked_for;
    result.registers = vcpu.registers();  // where a guest that would not stop was
  }
}

}  // namespace

RunResult run_vm(const VmConfig& config) {
  validate(config);
  KvmSystem kvm;
  GuestMemory memory(config.memory_bytes);
  const LoadedImage image =
      load_elf32_file(config.guest_image, memory, VTICK_BOOT_CONFIG_GPA, VTICK_VMM_AREA_END - VTICK_BOOT_CONFIG_GPA);
  const vtick_boot_config boot = boot_config_for(config);
  std::memcpy(memory.range(VTICK_BOOT_CONFIG_GPA, sizeof boot).data(), &boot, sizeof boot);

  Vm vm(kvm, memory);
  Devices devices(memory, config);
  std::optional<UserTickThread> ticks;
  std::optional<UserPit> user_pit;
  std::optional<OutsourcedTimers> outsourced;
  std::optional<HostKernelTimers> host_kernel;
  if (config.scheme == TimerScheme::kernel_pit) {
    vm.create_in_kernel_pit(config.kernel_pit_reinject);
  } else if (config.scheme == TimerScheme::outsourced &&
             config.outsourcing_delivery == OutsourcingDelivery::host_kernel) {
    host_kernel.emplace(kvm, vm, memory, VTICK_TIMER_RING_GPA, config.host_kernel_msi);
    devices.hypercall.serve_timers(*host_kernel);
    // Where the kernel's completion queue is only exists now: tell the guest.
    vtick_boot_config with_queue = boot;
    host_kernel->describe_queue(with_queue);
    std::memcpy(memory.range(VTICK_BOOT_CONFIG_GPA, sizeof with_queue).data(), &with_queue, sizeof with_queue);
  } else if (config.scheme == TimerScheme::outsourced) {
    outsourced.emplace(vm, memory, VTICK_TIMER_RING_GPA);
    devices.hypercall.serve_timers(*outsourced);
  } else {
    ticks.emplace(vm, config.lost_tick_policy, config.catchup_giveup_threshold.count(), config.catchup_max_factor);
    user_pit.emplace([&ticks](std::int64_t period_ns) { ticks->start(period_ns); });
    devices.bus.attach(UserPit::kFirstPort, UserPit::kPortCount, *user_pit);
  }
  std::optional<TcpPeer> tcp_peer;
  if (config.workload.kind == GuestWorkload::tcp_rto) {
    tcp_peer.emplace(vm, memory, VTICK_ACK_RING_GPA, config.workload.rtt.count());
    devices.hypercall.serve_tcp(*tcp_peer);
  }
  Vcpu vcpu(kvm, vm);  // after the irqchip and PIT exist, so the vCPU's LAPIC is in-kernel
  vcpu.enter_protected_mode(image.entry, VTICK_BOOT_MAGIC, VTICK_BOOT_CONFIG_GPA);
  std::optional<PvclockWriter> pvclock;
  if (config.clock == ClockKind::vmm_pvclock) {
    pvclock.emplace(memory, VTICK_PVCLOCK_PAGE_GPA, measure_guest_tsc(vcpu), config.pvclock_update_interval);
  }

  RunResult result;
  supervise(config, vcpu, devices, result);
  if (ticks) {
    ticks->stop();
    ticks->report(result.counters);
    result.irq0_delivered_host_ns = ticks->delivered_at_ns();
    user_pit->report(result.counters);
  }
  if (pvclock) {
    pvclock->stop();
    pvclock->report(result.counters);
  }
  if (outsourced) {
    outsourced->stop();
    outsourced->report(result.counters);
  }
  if (host_kernel) {
    host_kernel->report(result.counters);
  }
  result.counters["vcpu.interrupted_runs"] = vcpu.interrupted_runs();
  if (tcp_peer) {
    tcp_peer->stop();
    tcp_peer->report(result.counters);
  }
  devices.report(result.counters);
  result.trace = std::move(devices.trace.records());
  result.console = devices.console.text();
  return result;
}

}  // namespace vtick::realvm::vmm
