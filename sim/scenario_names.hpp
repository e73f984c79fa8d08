#pragma once
// The scenario-file spelling of every enumerated value: one table per enum, used both by
// the parser (to read and to list valid values) and by outputs (to print them).
#include <array>
#include <optional>
#include <string_view>

#include "sim/scenario.hpp"

namespace vtick::sim {

template <class E>
struct Choice {
  std::string_view name;
  E value;
};

inline constexpr std::array kLoadKinds{
    Choice<LoadKind>{"cpu_hog", LoadKind::CpuHog}, Choice<LoadKind>{"duty", LoadKind::Duty},
    Choice<LoadKind>{"bursty", LoadKind::Bursty}, Choice<LoadKind>{"sleeper", LoadKind::Sleeper}};
inline constexpr std::array kSchedPolicies{Choice<SchedPolicy>{"normal", SchedPolicy::Normal},
                                    Choice<SchedPolicy>{"fifo", SchedPolicy::Fifo}};
inline constexpr std::array kSchedulerClasses{Choice<SchedulerClass>{"cfs", SchedulerClass::Cfs},
                                              Choice<SchedulerClass>{"eevdf", SchedulerClass::Eevdf}};
inline constexpr std::array kDevices{
    Choice<TimerDevice>{"pit", TimerDevice::Pit}, Choice<TimerDevice>{"lapic", TimerDevice::Lapic},
    Choice<TimerDevice>{"rtc", TimerDevice::Rtc}, Choice<TimerDevice>{"hpet", TimerDevice::Hpet}};
inline constexpr std::array kLostTickPolicies{
    Choice<LostTickPolicyKind>{"discard", LostTickPolicyKind::Discard},
    Choice<LostTickPolicyKind>{"delay", LostTickPolicyKind::Delay},
    Choice<LostTickPolicyKind>{"merge", LostTickPolicyKind::Merge},
    Choice<LostTickPolicyKind>{"catchup", LostTickPolicyKind::Catchup},
    Choice<LostTickPolicyKind>{"catchup_giveup", LostTickPolicyKind::CatchupGiveup}};
inline constexpr std::array kOutsourcingModules{Choice<OutsourcingModule>{"host_kernel", OutsourcingModule::HostKernel},
                                                Choice<OutsourcingModule>{"vmm_process", OutsourcingModule::VmmProcess}};
inline constexpr std::array kVmmEngines{Choice<VmmEngine>{"kvm", VmmEngine::kvm},
                                        Choice<VmmEngine>{"qemu_tcg", VmmEngine::qemu_tcg},
                                        Choice<VmmEngine>{"qemu_kvm", VmmEngine::qemu_kvm},
                                        Choice<VmmEngine>{"qemu_tcg_linux", VmmEngine::qemu_tcg_linux}};
inline constexpr std::array kClocksources{Choice<Clocksource>{"jiffies", Clocksource::Jiffies},
                                   Choice<Clocksource>{"tsc", Clocksource::Tsc},
                                   Choice<Clocksource>{"pvclock", Clocksource::Pvclock}};
inline constexpr std::array kGuestTimers{Choice<GuestTimers>{"tick", GuestTimers::Tick},
                                  Choice<GuestTimers>{"outsourced", GuestTimers::Outsourced}};
inline constexpr std::array kSamplings{Choice<Sampling>{"observer", Sampling::Observer},
                                       Choice<Sampling>{"guest_timer", Sampling::GuestTimer}};
inline constexpr std::array kWorkloadKinds{
    Choice<WorkloadKind>{"periodic_timer", WorkloadKind::PeriodicTimer},
    Choice<WorkloadKind>{"busy", WorkloadKind::Busy}, Choice<WorkloadKind>{"media", WorkloadKind::Media},
    Choice<WorkloadKind>{"tcp_rto", WorkloadKind::TcpRto}, Choice<WorkloadKind>{"cron", WorkloadKind::Cron}};

/// The spelling of `value` in `choices`.
template <class E, std::size_t N>
constexpr std::string_view name_of(const std::array<Choice<E>, N>& choices, E value) {
  for (const auto& c : choices) {
    if (c.value == value) return c.name;
  }
  return "?";
}

inline std::string_view name_of(TimerDevice device) { return name_of(kDevices, device); }
inline std::string_view name_of(LostTickPolicyKind policy) { return name_of(kLostTickPolicies, policy); }
inline std::string_view name_of(VmmEngine engine) { return name_of(kVmmEngines, engine); }

/// The engine spelled `name`, if it is one (how a trace's realvm.engine is read back).
inline std::optional<VmmEngine> vmm_engine_named(std::string_view name) {
  for (const auto& c : kVmmEngines) {
    if (c.name == name) return c.value;
  }
  return std::nullopt;
}

}  // namespace vtick::sim
