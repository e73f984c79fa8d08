#pragma once
// The timer-virtualization schemes as transition systems over integer nanoseconds (or ticks),
// each with an adversarial scheduler bounded by a stated assumption. Each builder takes the
// claimed bound, so bound_search can ask for the smallest one that is proved.
#include <cstdint>

#include "checker/smt/transition_system.hpp"

namespace vtick::checker::smt {

// pvclock: guest time extrapolated from the last update with a TSC rate off by r ppb.
// State: t (true ns since the last update), err (guest - true, ns), and the step's choices:
// upd (1 = an update happened), dt (true time advanced), e (error gained). Each step either
// advances time by dt >= 0 with t + dt <= I and |e| * 1e9 <= |r| * dt (r is a constant, so
// this is linear), or updates (t = 0, |err| <= R: R is the rounding of the update itself).
// Assumption: an update happens at least every I ns. Claim: |err| <= bound.
// Lemma `envelope`: |err| * 1e9 <= |r| * t + R * 1e9 and 0 <= t <= I. It is inductive: an
// update resets t and leaves |err| <= R; an advance adds at most |r| * dt to both sides. The
// plain claim is not k-inductive for any k (stuttering steps with dt = 0 keep an unreachable
// err at the bound, and the next step exceeds it), hence the lemma.
struct PvclockParams {
  std::int64_t interval_ns = 1'000'000'000;
  std::int64_t rate_error_ppb = 50'000;  // 50 ppm
  std::int64_t rounding_ns = 1;
};
// floor(|r| * I / 1e9) + R: the error is an integer number of ns, so this is the tight bound.
std::int64_t pvclock_tight_bound(const PvclockParams& p);
TransitionSystem pvclock_bound(const PvclockParams& p, std::int64_t bound_ns, bool with_lemma = true);

// Emulated periodic tick with the `discard` lost-tick policy. One step = one scheduling
// window of w ns (w / P tick periods). State: burst (ns the VMM timer thread is descheduled
// in this window, chosen by the adversary), missed (tick deadlines it was off the CPU for:
// missed * P <= burst), due, delivered. A missed tick is discarded, never re-injected.
// Assumption: the thread is descheduled at most D ns at a time, once per window (D <= w); no
// lower bound on its CPU share beyond that. Counting whole windows keeps every BMC query a
// sum of bounded integers, which Z3 refutes quickly even at depth 1000.
// Claim: lag = due - delivered <= bound (ticks). With D >= P every window can lose
// floor(D / P) >= 1 ticks for good, so any bound is violated (BMC finds it; the depth grows
// with the bound).
struct DiscardParams {
  std::int64_t period_ns = 4'000'000;  // HZ = 250
  std::int64_t max_deschedule_ns = 8'000'000;
  std::int64_t window_ns = 16'000'000;
};
TransitionSystem discard_drift(const DiscardParams& p, std::int64_t bound_ticks);

// Emulated tick with the `delay` policy: one tick becomes due per period and waits in a
// backlog; in each period in which the vCPU runs it acknowledges up to s backlogged ticks.
// Assumption (discretised in whole periods): the vCPU runs in at least q/P of the w/P
// periods of every window; the adversary picks which. State: pos (period index in the
// window), run (1 = vCPU ran this period), ran (running periods so far in the window),
// served, backlog. Claim: backlog <= bound. Bounded iff s * q/P >= w/P (capacity covers the
// demand); otherwise it grows by w/P - s * q/P per window.
// Lemma `window`: 0 <= pos < w/P, 0 <= ran <= pos + 1, backlog >= 0 and the adversary can
// still meet the share (ran + periods left >= q/P). Inductive: trans enforces each of them
// for the next state given them for the current one.
// Lemma `drain` (only when s >= 1 and s * q/P >= w/P; elsewhere it is false and omitted):
// backlog <= (w/P - q/P) + pos + 1 - s * ran, or backlog <= pos + 1 - ran (it drained in this
// window and grew only in non-running periods since). Inductive: a window ends with ran >=
// q/P, so the first form falls back to <= w/P - q/P. It yields backlog <= 2 * (w/P - q/P).
struct DelayParams {
  std::int64_t period_ns = 4'000'000;
  std::int64_t window_ns = 16'000'000;
  std::int64_t share_ns = 8'000'000;
  std::int64_t service_per_period = 2;
};
TransitionSystem delay_backlog(const DelayParams& p, std::int64_t bound_ticks);

// Timer outsourcing: a guest timer with deadline d is armed on the host; the host timer
// fires at d + f with 0 <= f <= slack; the event reaches the guest when its vCPU is next
// scheduled, w <= D ns later, plus the injection latency L. Phases: 0 armed, 1 host fired,
// 2 delivered (late = delivery - d), then a new timer with a deadline not in the past.
// Assumptions: host timer slack <= slack, vCPU descheduled at most D ns at a time, injection
// takes L ns. Claim: late <= bound. k-inductive with k = 2 without lemmas (a delivery is
// always preceded by the fire step, which pins now - d). Tight bound: slack + D + L.
struct OutsourcingParams {
  std::int64_t slack_ns = 50'000;
  std::int64_t max_deschedule_ns = 6'000'000;
  std::int64_t injection_ns = 20'000;
};
TransitionSystem outsourcing_lateness(const OutsourcingParams& p, std::int64_t bound_ns);

// NTP (protocols/ntp, the simulator's client) at poll instants, one step per poll interval
// Tp. The guest's raw clock runs d ppb off. A poll measures theta = -off + e, |e| <= H =
// jitter / 2 + margin (one-way delays are base + [0, jitter), so the asymmetry is at most
// jitter / 2; `margin` covers second-order terms: drift during the round trip, the 1 / (1 + f)
// factor, rounding). The frequency estimate f is none at the first poll and afterwards
// within R = 2H of d (the FLL takes the first difference of two samples whole, then averages
// with gain 1/4: |f' - d| <= 3/4 |f - d| + 1/4 * 2H), clamped to +-max_slew like the client's.
// Offsets beyond the step threshold are stepped; otherwise the phase and the frequency are
// slewed over the next interval at clamp(theta / Tp - f, +-max_slew).
// State (ns, per interval): off (guest - true at the poll), n (samples so far, saturating at
// 2), and the poll's choices e and fT (= f * Tp). Claim: |off| <= bound at every poll. It
// is 1-inductive when the slew limit is never reached (2 + 3H + |d| Tp <= max_slew Tp); the
// tight bound is then max(initial, H + |d| Tp, 3H). With |d| > max_slew and no step the offset
// grows by (|d| - max_slew) Tp per poll: no bound holds. Polls always succeed here (outages
// are outside the claim: "while polls succeed"). What happens between polls is linear in time,
// so it lies between the two polls' offsets up to that interval's slew.
struct NtpParams {
  std::int64_t poll_ns = 64'000'000'000;
  std::int64_t jitter_ns = 2'000'000;
  std::int64_t margin_ns = 50'000;
  std::int64_t drift_ppb = 100'000;  // 100 ppm
  std::int64_t max_slew_ppb = 500'000;
  std::int64_t step_threshold_ns = 128'000'000;
  std::int64_t initial_offset_ns = 0;
};
TransitionSystem ntp_offset(const NtpParams& p, std::int64_t bound_ns);

}  // namespace vtick::checker::smt
