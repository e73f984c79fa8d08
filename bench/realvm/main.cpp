// Figures for docs/realvm.md: the cost of one VM exit, then each tick scheme idle.
//   vtick_realvm_bench [guest.elf]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "realvm/protocol.h"
#include "realvm/vmm/run_vm.hpp"
#include "realvm/vmm/trace_analysis.hpp"

namespace vmm = vtick::realvm::vmm;
using namespace std::chrono_literals;

namespace {

void exit_round_trip(const std::string& image, std::uint32_t iterations) {
  vmm::VmConfig config;
  config.guest_image = image;
  config.exit_bench_iterations = iterations;
  config.timeout = 60s;
  const vmm::RunResult result = vmm::run_vm(config);
  const auto begin = result.records_of(VTICK_TRACE_BENCH_BEGIN);
  const auto end = result.records_of(VTICK_TRACE_BENCH_END);
  if (begin.size() != 1 || end.size() != 1) {
    std::printf("exit benchmark did not complete: %s\n", vmm::describe(result).c_str());
    return;
  }
  const double host_us = static_cast<double>(end[0].host_ns - begin[0].host_ns) / 1000.0;
  // Between the two stamps: `iterations` NOP exits plus the END record's own exit.
  std::printf("exit round trip: %u NOP-port outs in %.0f us host time = %.2f us per exit (nop.outs=%llu)\n",
              iterations, host_us, host_us / (iterations + 1),
              static_cast<unsigned long long>(result.counter("nop.outs")));
  std::printf("                 guest TSC delta %lld cycles = %.0f cycles per exit\n",
              static_cast<long long>(end[0].arg - begin[0].arg),
              static_cast<double>(end[0].arg - begin[0].arg) / (iterations + 1));
}

struct Scheme {
  const char* name;
  vmm::TimerScheme scheme;
  vmm::LostTickPolicy policy;
  bool reinject;
  vmm::ClockKind clock;
};

void idle_run(const std::string& image, const Scheme& s) {
  vmm::VmConfig config;
  config.guest_image = image;
  config.scheme = s.scheme;
  config.lost_tick_policy = s.policy;
  config.kernel_pit_reinject = s.reinject;
  config.clock = s.clock;
  config.hz = 100;
  config.period = 20ms;
  config.sample_interval = 100ms;
  config.duration = 3s;
  config.timeout = 20s;
  const vmm::RunResult result = vmm::run_vm(config);
  if (result.reason != vmm::ExitReason::guest_exit) {
    std::printf("%-28s %s\n", s.name, vmm::describe(result).c_str());
    return;
  }
  const auto offsets = vmm::clock_offsets(result);
  const auto firings = vmm::timer_firings(result);
  std::int64_t worst_offset = 0, last_offset = offsets.empty() ? 0 : offsets.back().offset_ns;
  for (const auto& o : offsets) {
    worst_offset = std::min(worst_offset, o.offset_ns);
  }
  std::int64_t worst_late = 0;
  for (const auto& f : firings) {
    worst_late = std::max(worst_late, f.host_late_ns);
  }
  const auto summary = result.records_of(VTICK_TRACE_TICK_SUMMARY);
  const double host_s = static_cast<double>(result.host_end_ns - result.host_start_ns) / 1e9;
  std::printf("%-28s host %.2f s; guest irqs %llu; offset last %.3f ms worst %.3f ms; timer late worst %.3f ms",
              s.name, host_s, summary.empty() ? 0ull : static_cast<unsigned long long>(summary[0].arg),
              last_offset / 1e6, worst_offset / 1e6, worst_late / 1e6);
  if (s.scheme == vmm::TimerScheme::user_pit) {
    std::printf("; expirations %llu delivered %llu discarded %llu coalesced %llu max_owed %llu",
                static_cast<unsigned long long>(result.counter("user_tick.expirations")),
                static_cast<unsigned long long>(result.counter("user_tick.delivered")),
                static_cast<unsigned long long>(result.counter("user_tick.discarded")),
                static_cast<unsigned long long>(result.counter("user_tick.coalesced_attempts")),
                static_cast<unsigned long long>(result.counter("user_tick.max_owed")));
  }
  if (s.scheme == vmm::TimerScheme::outsourced) {
    // The first firings fall in the guest's start-up, when it keeps interrupts off; the
    // median shows the delivery path itself.
    std::vector<std::int64_t> late;
    for (const auto& f : firings) {
      late.push_back(f.host_late_ns);
    }
    std::sort(late.begin(), late.end());
    std::printf("; median late %.3f ms; arms %llu expiries %llu; host-timer thread late mean %.3f ms max %.3f ms",
                late.empty() ? 0.0 : late[late.size() / 2] / 1e6,
                static_cast<unsigned long long>(result.counter("outsourced.arms")),
                static_cast<unsigned long long>(result.counter("outsourced.expiries")),
                result.counter("outsourced.thread_lateness_mean_ns") / 1e6,
                result.counter("outsourced.thread_lateness_max_ns") / 1e6);
  }
  if (s.clock == vmm::ClockKind::vmm_pvclock) {
    std::printf("; pvclock updates %llu longest gap %.3f ms",
                static_cast<unsigned long long>(result.counter("vmm_pvclock.updates")),
                result.counter("vmm_pvclock.max_gap_ns") / 1e6);
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const std::string image = argc > 1 ? argv[1] : VTICK_GUEST_IMAGE;
  try {
    exit_round_trip(image, 2000);
    const Scheme schemes[] = {
        {"user_pit discard jiffies", vmm::TimerScheme::user_pit, vmm::LostTickPolicy::discard, true, vmm::ClockKind::jiffies},
        {"user_pit delay jiffies", vmm::TimerScheme::user_pit, vmm::LostTickPolicy::delay, true, vmm::ClockKind::jiffies},
        {"kernel_pit reinject jiffies", vmm::TimerScheme::kernel_pit, vmm::LostTickPolicy::discard, true, vmm::ClockKind::jiffies},
        {"kernel_pit noreinject jiffies", vmm::TimerScheme::kernel_pit, vmm::LostTickPolicy::discard, false, vmm::ClockKind::jiffies},
        {"user_pit discard kvmclock", vmm::TimerScheme::user_pit, vmm::LostTickPolicy::discard, true, vmm::ClockKind::kvmclock},
        {"kernel_pit reinject kvmclock", vmm::TimerScheme::kernel_pit, vmm::LostTickPolicy::discard, true, vmm::ClockKind::kvmclock},
        {"user_pit merge jiffies", vmm::TimerScheme::user_pit, vmm::LostTickPolicy::merge, true, vmm::ClockKind::jiffies},
        {"user_pit catchup jiffies", vmm::TimerScheme::user_pit, vmm::LostTickPolicy::catchup, true, vmm::ClockKind::jiffies},
        {"user_pit catchup_giveup jiffies", vmm::TimerScheme::user_pit, vmm::LostTickPolicy::catchup_giveup, true, vmm::ClockKind::jiffies},
        {"user_pit discard vmm_pvclock", vmm::TimerScheme::user_pit, vmm::LostTickPolicy::discard, true, vmm::ClockKind::vmm_pvclock},
        {"outsourced kvmclock", vmm::TimerScheme::outsourced, vmm::LostTickPolicy::discard, true, vmm::ClockKind::kvmclock},
    };
    for (const Scheme& scheme : schemes) {
      idle_run(image, scheme);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "vtick_realvm_bench: %s\n", error.what());
    return 1;
  }
  return 0;
}
