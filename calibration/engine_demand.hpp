// The VMM's own CPU demand per engine (sim::VmmEngine): each engine runs a guest at two tick
// rates, a few seconds each, repeated; per run, each VMM thread's CPU over a window after
// the guest booted (docs/calibration.md, "VMM demand per engine"):
//  - kvm: our VMM (realvm/vmm) with the user-space PIT at low_hz and high_hz; the user PIT
//    thread's and the vCPU thread's own CPU clocks (CLOCK_THREAD_CPUTIME_ID) over the run;
//  - qemu_tcg: QEMU's TCG running our guest at low_hz and high_hz; per thread from /proc
//    (thread_cpu.hpp) between the guest's first trace record (plus `settle`) and its last;
//  - qemu_tcg_linux: QEMU's TCG running Debian's Linux, whose HZ is fixed at build time, so
//    the two rates are nohz=on (the tick stops while the CPU idles: only the probe's own
//    timers interrupt it) and nohz=off (HZ ticks a second besides them). A second pair prices
//    the probe's own timer callbacks (its wake-up, clock reads and trace line over the
//    emulated serial port): both nohz=off with clocksource=jiffies, so that the callbacks run
//    from the tick as the model runs them, one with the probe's timer at linux_probe_period
//    and one at linux_busy_probe_period; "ticks" are then callbacks. A third pair prices the
//    probe's clock samples (jiffies read from /proc/schedstat, two trace lines) likewise:
//    the sampler at linux_probe_period and at linux_busy_probe_period, the timer at
//    linux_probe_period in both; "ticks" are then samples. Where tracefs can be used, the
//    last two pairs' runs also trace the vCPU thread's wake-ups (sched_switch_trace.hpp),
//    whose spread the model draws each tick's, callback's and sample's cost from.
// The roles: "vcpu" (QEMU's "CPU 0/TCG", our vCPU thread), "main_loop" (QEMU's main thread,
// which runs its emulated timers; our VMM's user PIT thread is "timer"), "other" (QEMU's
// RCU and worker threads: reported, not modelled).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "calibration/main_loop_handoff.hpp"
#include "calibration/vcpu_wakeups.hpp"
#include "calibration/vmm_demand.hpp"

namespace vtick::calibration {

struct EngineDemandPlan {
  std::string guest_image;
  std::string qemu_binary = "qemu-system-x86_64";
  std::filesystem::path linux_kernel;     ///< empty: no qemu_tcg_linux part
  std::filesystem::path linux_initramfs;
  int linux_hz = 0;                       ///< the kernel's CONFIG_HZ
  std::uint32_t low_hz = 100;
  std::uint32_t high_hz = 1000;
  std::chrono::nanoseconds run{std::chrono::seconds(3)};  ///< guest time of each run
  std::size_t repeats = 3;                                ///< pairs of runs per engine
  std::size_t linux_repeats = 2;
  /// Dropped after the first trace record: the guest's first timer set-up.
  std::chrono::nanoseconds settle{std::chrono::milliseconds(300)};
  /// The Linux probe's timer and sampler: long, so that with nohz=on the tick rarely runs.
  std::chrono::nanoseconds linux_probe_period{std::chrono::milliseconds(500)};
  /// The probe's timer in the callback pair's busy run, and its sampler in the sample
  /// pair's: a callback or a sample every few ticks.
  std::chrono::nanoseconds linux_busy_probe_period{std::chrono::milliseconds(12)};
  /// The handoff run's CPU: QEMU and one cpu_hog are pinned to it.
  int cpu = 0;
};

/// One run of a pair, with what it is judged by.
struct EngineRun {
  DemandRun demand;
  std::int64_t process_cpu_ns = 0;  ///< the whole VMM process over the whole run (wait4), QEMU only
  std::uint64_t ticks_handled = 0;  ///< our guest's tick_summary, 0 for Linux
  bool from_schedstat = true;
  /// Linux only: its LAPIC timer's period against 1/HZ by that boot's calibration
  /// (realvm/linux/lapic_period.hpp).
  std::optional<double> timer_period_error_ppm;
  /// The callback and sample pairs only: the vCPU thread's wake-ups in the window by kind
  /// (vcpu_wakeups.hpp), traced through tracefs; when it could not be, why.
  std::optional<WakeupKinds> vcpu_wakeups;
  std::string vcpu_wakeups_unavailable;
};
using EnginePairs = std::vector<std::pair<EngineRun, EngineRun>>;

/// Each throws what its runner throws when the engine is missing (realvm::vmm::KvmUnavailable,
/// realvm::qemu::QemuUnavailable) and std::runtime_error when a run fails.
[[nodiscard]] EnginePairs measure_kvm_demand(const EngineDemandPlan& plan);
[[nodiscard]] EnginePairs measure_qemu_tcg_demand(const EngineDemandPlan& plan);
[[nodiscard]] EnginePairs measure_qemu_tcg_linux_demand(const EngineDemandPlan& plan);
/// The callback pairs: DemandRun::ticks_per_s is the probe's timer callbacks per second.
[[nodiscard]] EnginePairs measure_qemu_tcg_linux_callbacks(const EngineDemandPlan& plan);
/// The sample pairs: DemandRun::ticks_per_s is the probe's clock samples per second.
[[nodiscard]] EnginePairs measure_qemu_tcg_linux_samples(const EngineDemandPlan& plan);

/// QEMU's main loop and vCPU around the guest's ticks (main_loop_handoff.hpp): one run of
/// Debian's Linux (nohz=off, clocksource=jiffies) with QEMU and one cpu_hog pinned to
/// plan.cpu, traced through tracefs. The hog is there because the pattern shows only when
/// the two threads share a busy CPU, as in the loaded cases: on an idle host the vCPU wakes
/// elsewhere and rarely meets the lock. Throws TracefsUnavailable where tracefs cannot be used.
[[nodiscard]] Handoffs measure_qemu_tcg_linux_handoffs(const EngineDemandPlan& plan);

/// The role QEMU's thread `name` (tid `tid`, process `pid`) plays.
[[nodiscard]] std::string qemu_thread_role(int pid, int tid, const std::string& name);

}  // namespace vtick::calibration
