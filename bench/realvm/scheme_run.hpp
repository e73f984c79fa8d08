// One run of the guest's workload under one timer scheme, and what it shows: how late
// timers fire by host time, how far the guest's clock strays, how many ticks it lost.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bench/realvm/stats.hpp"
#include "realvm/vmm/run_result.hpp"
#include "realvm/vmm/vm_config.hpp"

namespace vtick::realvm_bench {

struct Scheme {
  const char* name;
  realvm::vmm::TimerScheme scheme;
  realvm::vmm::LostTickPolicy policy;
  bool reinject;
  realvm::vmm::ClockKind clock;
  /// Outsourced only: a VMM thread relays each expiry, or the host kernel delivers it.
  realvm::vmm::OutsourcingDelivery delivery = realvm::vmm::OutsourcingDelivery::vmm_thread;
  /// host_kernel only: the interrupt is an MSI (injected in the eventfd's wake-up), else PIC IRQ 5 (a kworker).
  bool msi = true;
};

inline constexpr Scheme kSchemes[] = {
    {"user_pit discard jiffies", realvm::vmm::TimerScheme::user_pit, realvm::vmm::LostTickPolicy::discard, true, realvm::vmm::ClockKind::jiffies},
    {"user_pit delay jiffies", realvm::vmm::TimerScheme::user_pit, realvm::vmm::LostTickPolicy::delay, true, realvm::vmm::ClockKind::jiffies},
    {"kernel_pit reinject jiffies", realvm::vmm::TimerScheme::kernel_pit, realvm::vmm::LostTickPolicy::discard, true, realvm::vmm::ClockKind::jiffies},
    {"kernel_pit noreinject jiffies", realvm::vmm::TimerScheme::kernel_pit, realvm::vmm::LostTickPolicy::discard, false, realvm::vmm::ClockKind::jiffies},
    {"user_pit discard kvmclock", realvm::vmm::TimerScheme::user_pit, realvm::vmm::LostTickPolicy::discard, true, realvm::vmm::ClockKind::kvmclock},
    {"kernel_pit reinject kvmclock", realvm::vmm::TimerScheme::kernel_pit, realvm::vmm::LostTickPolicy::discard, true, realvm::vmm::ClockKind::kvmclock},
    {"user_pit merge jiffies", realvm::vmm::TimerScheme::user_pit, realvm::vmm::LostTickPolicy::merge, true, realvm::vmm::ClockKind::jiffies},
    {"user_pit catchup jiffies", realvm::vmm::TimerScheme::user_pit, realvm::vmm::LostTickPolicy::catchup, true, realvm::vmm::ClockKind::jiffies},
    {"user_pit catchup_giveup jiffies", realvm::vmm::TimerScheme::user_pit, realvm::vmm::LostTickPolicy::catchup_giveup, true, realvm::vmm::ClockKind::jiffies},
    {"user_pit discard vmm_pvclock", realvm::vmm::TimerScheme::user_pit, realvm::vmm::LostTickPolicy::discard, true, realvm::vmm::ClockKind::vmm_pvclock},
    {"outsourced kvmclock", realvm::vmm::TimerScheme::outsourced, realvm::vmm::LostTickPolicy::discard, true, realvm::vmm::ClockKind::kvmclock},
    {"outsourced host_kernel kvmclock", realvm::vmm::TimerScheme::outsourced, realvm::vmm::LostTickPolicy::discard, true,
     realvm::vmm::ClockKind::kvmclock, realvm::vmm::OutsourcingDelivery::host_kernel},
    {"outsourced host_kernel pic kvmclock", realvm::vmm::TimerScheme::outsourced, realvm::vmm::LostTickPolicy::discard, true,
     realvm::vmm::ClockKind::kvmclock, realvm::vmm::OutsourcingDelivery::host_kernel, false},
};

/// `scheme` is among those `filter` (a substring of the name; empty: all) selects.
inline bool selected(const Scheme& scheme, std::string_view filter) {
  return filter.empty() || std::string_view(scheme.name).find(filter) != std::string_view::npos;
}

/// The workload's timer period and tick rate in every scheme run (and the native timer's).
inline constexpr std::chrono::nanoseconds kTimerPeriod = std::chrono::milliseconds(20);
inline constexpr std::uint32_t kHz = 100;

struct SchemeFigures {
  std::optional<Percentiles> late;   ///< host lateness of firings due after start-up
  std::int64_t offset_worst_ns = 0;  ///< the clock sample farthest from host time, signed
  std::int64_t offset_final_ns = 0;  ///< the last clock sample
  std::optional<std::int64_t> lost;  ///< ticks the guest never got; nullopt: no tick (outsourced)
};

/// Runs `scheme` for `duration` of guest time and prints the run's one-line summary.
/// nullopt (with the run described) if the guest did not finish.
std::optional<realvm::vmm::RunResult> run_scheme(const std::string& image, const Scheme& scheme,
                                                 std::chrono::nanoseconds duration);

SchemeFigures figures_of(const realvm::vmm::RunResult& result, const Scheme& scheme);

/// The tick the guest's PIT really produces at kHz (realvm/guest/pit.c: reload / 1193182 s).
std::int64_t pit_tick_ns();

}  // namespace vtick::realvm_bench
