#include "calibration/main_loop_handoff.hpp"

#include <algorithm>
#include <cmath>

namespace vtick::calibration {
namespace {

struct KickWindow {
  std::int64_t first_ns, last_ns;
};

/// Vcpu wake-ups inside a handoff's [first kick, release]: lock attempts.
std::vector<std::int64_t> attempts_within(const std::vector<Wakeup>& vcpu,
                                          const std::vector<KickWindow>& windows) {
  std::vector<std::int64_t> out;
  for (const Wakeup& v : vcpu) {
    // The last window starting at or before the vCPU's start is the only one that may hold it.
    const auto it = std::upper_bound(windows.begin(), windows.end(), v.start_ns,
                                     [](std::int64_t ns, const KickWindow& w) { return ns < w.first_ns; });
    if (it != windows.begin() && v.end_ns <= std::prev(it)->last_ns) out.push_back(v.on_cpu_ns);
  }
  return out;
}

}  // namespace

Handoffs handoffs_of(const SchedEvents& events, std::string_view main_loop, std::string_view vcpu, std::int64_t from_ns,
                     std::int64_t to_ns) {
  Handoffs out;
  WakeupTracker main, cpu;
  std::vector<std::int64_t> kick_cpu, kick_ns;  // the main loop's on-CPU time and stamp at each kick
  std::vector<Wakeup> vcpu_wakeups;
  std::vector<KickWindow> windows;
  std::size_t next_waking = 0;
  const auto wakings_before = [&](std::size_t switches) {
    for (; next_waking < events.wakings.size() && events.wakings[next_waking].after_switches <= switches; ++next_waking) {
      const SchedWaking& w = events.wakings[next_waking];
      if (w.waker_comm != main_loop || w.woken_comm != vcpu) continue;
      if (const auto on_cpu = main.on_cpu_at(w.ns)) {
        kick_cpu.push_back(*on_cpu);
        kick_ns.push_back(w.ns);
      }
    }
  };
  for (std::size_t i = 0; i < events.switches.size(); ++i) {
    wakings_before(i);
    const SchedSwitch& e = events.switches[i];
    if (e.prev_comm == vcpu) {
      if (auto span = cpu.switched_out(e.ns, e.prev_state)) vcpu_wakeups.push_back(*span);
    }
    if (e.prev_comm == main_loop) {
      const auto ended = main.switched_out(e.ns, e.prev_state);
      if (ended && ended->start_ns >= from_ns && ended->start_ns <= to_ns) {
        if (kick_cpu.size() >= 2) {
          out.handoffs.push_back({kick_cpu.front(), kick_cpu.back() - kick_cpu.front(), ended->on_cpu_ns - kick_cpu.back()});
          windows.push_back({kick_ns.front(), kick_ns.back()});
        } else if (kick_cpu.size() == 1) {
          ++out.single_kick;
        } else {
          ++out.no_kick;
        }
      }
      if (e.prev_state == 'S' || e.prev_state == 'D') {
        kick_cpu.clear();
        kick_ns.clear();
      }
    }
    if (e.next_comm == main_loop) main.switched_in(e.ns);
    if (e.next_comm == vcpu) cpu.switched_in(e.ns);
  }
  out.lock_attempts_ns = attempts_within(vcpu_wakeups, windows);
  return out;
}

HandoffShares shares_of(const Handoffs& h) {
  HandoffShares shares;
  double before = 0, locked = 0, tail = 0;
  for (const HandoffWakeup& w : h.handoffs) {
    before += static_cast<double>(w.before_kick_ns);
    locked += static_cast<double>(w.locked_ns);
    tail += static_cast<double>(w.tail_ns);
  }
  const double total = before + locked + tail;
  if (total > 0) {
    // Four decimals, as the profile writes them; the kick's share at least 0.0001.
    shares.kick_share = std::max(1e-4, std::round(before / total * 1e4) / 1e4);
    shares.tail_share = std::min(1 - shares.kick_share, std::round(tail / total * 1e4) / 1e4);
  }
  if (!h.lock_attempts_ns.empty()) {
    double sum = 0;
    for (std::int64_t a : h.lock_attempts_ns) sum += static_cast<double>(a);
    shares.lock_attempt_ns = std::llround(sum / static_cast<double>(h.lock_attempts_ns.size()));
  }
  return shares;
}

}  // namespace vtick::calibration
