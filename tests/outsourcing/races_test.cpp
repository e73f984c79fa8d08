// Timer outsourcing end to end under a tiny deterministic event harness: hypercalls reach the
// host after a latency, host timers fire at their host deadlines, expiry events reach the
// guest after an injection delay, and the vCPU can be descheduled. An oracle that keeps its
// own record of every arming checks each callback: never early, never for an arming that
// del or mod overtook, exactly once for every arming left live.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "protocols/outsourcing/timer_outsourcing.hpp"

namespace vtick::protocols::outsourcing {
namespace {

constexpr TimeNs kUs = sim::kNsPerUs;
/// The guest's clock reads the host's plus this: nonzero, so that a missing or wrong
/// conversion makes timers fire at the wrong host time.
constexpr TimeNs kGuestAhead = 5'000 * kUs;

std::string us(TimeNs t) { return std::to_string(t / kUs) + "us"; }

/// The oracle's record of one arming (timer, generation).
struct Arming {
  enum State { Live, Overtaken, Deleted, Fired } state;
  TimeNs guest_deadline_ns;
};

const char* name(Arming::State state) {
  static const char* const names[] = {"live", "overtaken by mod", "deleted", "already fired"};
  return names[state];
}

class Harness {
 public:
  explicit Harness(bool check_generation) : stub_(check_generation) {}

  std::function<TimeNs()> hypercall_latency = [] { return TimeNs{0}; };
  std::function<TimeNs()> injection_delay = [] { return TimeNs{0}; };

  /// A timer whose callback re-arms it `rearms` times, `period` after it ran (alternately
  /// with add and mod, which are both legal on a timer that is running its callback).
  TimerId create_timer(int rearms = 0, TimeNs period = 0) {
    const TimerId id = stub_.create_timer();
    timers_.push_back({rearms, period, 0, std::nullopt});
    return id;
  }
  void deschedule(TimeNs from, TimeNs to) {
    windows_.emplace_back(from, to);
    trace_.push_back("  vCPU descheduled from " + us(from) + " to " + us(to));
  }
  /// Runs `op` in guest context at host time `at`, or as soon as the vCPU runs again.
  void guest_at(TimeNs at, std::function<void()> op) {
    push(at, [this, op] { as_guest(op); });
  }

  // Guest operations, for guest context only. Deadlines are relative to the guest's now.
  void add(TimerId id, TimeNs delay) { arm(id, stub_.add(id, guest_now() + delay), "add"); }
  void mod(TimerId id, TimeNs delay) {
    arm(id, stub_.mod(id, guest_now() + delay).second, "mod");
  }
  void del(TimerId id) {
    const auto [was_pending, call] = stub_.del(id);
    log("guest: del t" + std::to_string(id) + (was_pending ? " (was pending)" : " (inactive)"));
    if (auto& live = timers_[id].live) {
      armings_.at({id, *live}).state = Arming::Deleted;
      live.reset();
    }
    if (call) issue(*call);
  }

  /// Runs to quiescence; an arming still live then was lost.
  void run() {
    while (!queue_.empty()) {
      Step step = queue_.top();
      queue_.pop();
      now_ = step.at;
      step.fn();
    }
    for (const auto& [key, arming] : armings_) {
      if (arming.state == Arming::Live) violation(label(key.first, key.second) + " never fired");
    }
  }

  [[nodiscard]] const GuestTimerStub& stub() const { return stub_; }
  [[nodiscard]] const HostTimerModule& host() const { return host_; }
  [[nodiscard]] int callbacks(TimerId id) const { return timers_.at(id).callbacks; }
  [[nodiscard]] const std::vector<std::string>& violations() const { return violations_; }
  [[nodiscard]] std::string trace() const {
    std::string out;
    for (const auto& line : trace_) out += line + "\n";
    return out;
  }

 private:
  struct Step {
    TimeNs at;
    std::uint64_t seq;  // ties run in the order they were scheduled: runs are reproducible
    std::function<void()> fn;
    bool operator>(const Step& other) const {
      return std::pair(at, seq) > std::pair(other.at, other.seq);
    }
  };
  struct Timer {
    int rearms;
    TimeNs period;
    int callbacks;
    std::optional<std::uint32_t> live;  // the oracle's live arming
  };

  TimeNs guest_now() const { return now_ + kGuestAhead; }
  void push(TimeNs at, std::function<void()> fn) { queue_.push({at, seq_++, std::move(fn)}); }
  void log(const std::string& line) { trace_.push_back("  " + us(now_) + " " + line); }
  void violation(const std::string& what) {
    violations_.push_back(us(now_) + ": " + what);
    log("VIOLATION: " + what);
  }
  static std::string label(TimerId id, std::uint32_t generation) {
    return "t" + std::to_string(id) + " gen " + std::to_string(generation);
  }

  /// End of the descheduled window that `t` falls in, if any (windows may chain).
  TimeNs resume_time(TimeNs t) const {
    for (bool moved = true; moved;) {
      moved = false;
      for (const auto& [from, to] : windows_) {
        if (from <= t && t < to) t = to, moved = true;
      }
    }
    return t;
  }
  void as_guest(const std::function<void()>& op) {
    if (const TimeNs resume = resume_time(now_); resume > now_) {
      push(resume, [this, op] { as_guest(op); });
      return;
    }
    op();
  }

  void arm(TimerId id, const Hypercall& call, const std::string& how) {
    Timer& timer = timers_[id];
    if (timer.live) armings_.at({id, *timer.live}).state = Arming::Overtaken;
    const Arming live{Arming::Live, call.guest_deadline_ns};
    if (!armings_.emplace(std::pair(id, call.generation), live).second) {
      violation("generation reused by " + label(id, call.generation));
    }
    timer.live = call.generation;
    log("guest: " + how + " " + label(id, call.generation) + " due " +
        us(call.guest_deadline_ns - kGuestAhead));
    issue(call);
  }

  /// Hypercalls share one channel: each arrives no earlier than the one before it.
  void issue(const Hypercall& call) {
    last_delivery_ = std::max(last_delivery_, now_ + hypercall_latency());
    push(last_delivery_, [this, call, sent_at = guest_now()] { host_receives(call, sent_at); });
  }
  void host_receives(const Hypercall& call, TimeNs guest_sent_at) {
    const auto action = host_.on_hypercall(call, now_, guest_sent_at);
    const std::string what = call.op == HypercallOp::Arm ? "Arm " : "Cancel ";
    if (action.kind == HostTimerModule::Action::None) {
      log("host: " + what + label(call.timer, call.generation) + " ignored");
    } else if (action.kind == HostTimerModule::Action::ArmHostTimer) {
      log("host: " + what + label(call.timer, call.generation) + ", host timer at " +
          us(action.host_deadline_ns));
      // A cancelled or re-armed host timer's queued firing is left in place: the worst case,
      // a cancel that lost the race with the timer's callback. The module must ignore it.
      push(action.host_deadline_ns, [this, id = call.timer] { host_timer_fires(id); });
    } else {
      log("host: " + what + label(call.timer, call.generation));
    }
  }
  void host_timer_fires(TimerId id) {
    const auto event = host_.on_host_timer(id, now_);
    if (!event) return;
    log("host: timer fired, sends event " + label(event->timer, event->generation));
    push(now_ + injection_delay(), [this, e = *event] { as_guest([this, e] { interrupt(e); }); });
  }

  void interrupt(const ExpiryEvent& event) {
    if (!stub_.on_expiry(event)) {
      log("guest: event " + label(event.timer, event.generation) + " dropped");
      return;
    }
    log("guest: callback for " + label(event.timer, event.generation));
    check_callback(event);
    rearm_from_callback(event.timer);
  }
  void check_callback(const ExpiryEvent& event) {
    Timer& timer = timers_[event.timer];
    ++timer.callbacks;
    if (stub_.pending(event.timer)) violation("pending while its callback runs");
    Arming& arming = armings_.at({event.timer, event.generation});
    if (arming.state != Arming::Live) {
      violation("callback for " + label(event.timer, event.generation) + ", " + name(arming.state));
    }
    if (guest_now() < arming.guest_deadline_ns) {
      violation("callback " + us(arming.guest_deadline_ns - guest_now()) + " early");
    }
    arming.state = Arming::Fired;
    if (timer.live == event.generation) timer.live.reset();
  }
  void rearm_from_callback(TimerId id) {
    Timer& timer = timers_[id];
    if (timer.rearms == 0) return;
    (timer.rearms-- % 2 == 0) ? add(id, timer.period) : mod(id, timer.period);
  }

  GuestTimerStub stub_;
  HostTimerModule host_;
  std::priority_queue<Step, std::vector<Step>, std::greater<>> queue_;
  std::uint64_t seq_ = 0;
  TimeNs now_ = 0;
  TimeNs last_delivery_ = 0;
  std::vector<std::pair<TimeNs, TimeNs>> windows_;
  std::vector<Timer> timers_;
  std::map<std::pair<TimerId, std::uint32_t>, Arming> armings_;
  std::vector<std::string> violations_;
  std::vector<std::string> trace_;
};

// ---- Hand-written interleavings ----

/// Latency 0 for hypercalls and a fixed injection delay: the host fires at the deadline and
/// the event is in flight for `injection`.
Harness exact(bool check_generation, TimeNs injection) {
  Harness h(check_generation);
  h.injection_delay = [injection] { return injection; };
  return h;
}

TEST(Outsourcing, FiresOnceAfterItsDeadlineDespiteHypercallLatency) {
  Harness h(true);
  h.hypercall_latency = [] { return 10 * kUs; };
  h.injection_delay = [] { return 5 * kUs; };
  const TimerId t = h.create_timer();
  h.guest_at(0, [&] { h.add(t, 100 * kUs); });
  h.run();
  EXPECT_EQ(h.callbacks(t), 1);
  EXPECT_TRUE(h.violations().empty()) << h.trace();
  EXPECT_NE(h.trace().find("host timer at 110us"), std::string::npos)
      << "late by the latency, never early:\n" << h.trace();
}

TEST(Outsourcing, DelWhileTheEventIsInFlightSuppressesTheCallback) {
  Harness h = exact(true, 50 * kUs);
  const TimerId t = h.create_timer();
  h.guest_at(0, [&] { h.add(t, 100 * kUs); });   // host fires at 100, event lands at 150
  h.guest_at(120 * kUs, [&] { h.del(t); });
  h.run();
  EXPECT_EQ(h.callbacks(t), 0);
  EXPECT_TRUE(h.violations().empty()) << h.trace();
  EXPECT_EQ(h.stub().counters().stale_expiries_dropped, 1u);
  EXPECT_EQ(h.host().counters().ignored, 1u) << "the Cancel came after the firing";
}

TEST(Outsourcing, DelAndAddWhileTheOldEventIsInFlightFireOnlyTheNewArming) {
  Harness h = exact(true, 50 * kUs);
  const TimerId t = h.create_timer();
  h.guest_at(0, [&] { h.add(t, 100 * kUs); });
  h.guest_at(120 * kUs, [&] {
    h.del(t);
    h.add(t, 200 * kUs);
  });
  h.run();
  EXPECT_EQ(h.callbacks(t), 1);
  EXPECT_TRUE(h.violations().empty()) << h.trace();
}

TEST(Outsourcing, ModWhileTheEventIsInFlightFiresOnceForTheNewDeadline) {
  Harness h = exact(true, 50 * kUs);
  const TimerId t = h.create_timer();
  h.guest_at(0, [&] { h.add(t, 100 * kUs); });
  h.guest_at(120 * kUs, [&] { h.mod(t, 200 * kUs); });  // due 320, lands 370
  h.run();
  EXPECT_EQ(h.callbacks(t), 1);
  EXPECT_TRUE(h.violations().empty()) << h.trace();
  EXPECT_NE(h.trace().find("370us guest: callback for t0 gen 2"), std::string::npos) << h.trace();
}

TEST(Outsourcing, CancelReachingTheHostAfterItFiredIsIgnoredAndTheEventDropped) {
  Harness h(true);
  h.hypercall_latency = [] { return 30 * kUs; };
  h.injection_delay = [] { return 5 * kUs; };
  const TimerId t = h.create_timer();
  h.guest_at(0, [&] { h.add(t, 100 * kUs); });      // host timer at 130
  h.guest_at(110 * kUs, [&] { h.del(t); });          // Cancel reaches the host at 140
  h.run();
  EXPECT_EQ(h.callbacks(t), 0);
  EXPECT_TRUE(h.violations().empty()) << h.trace();
  EXPECT_EQ(h.host().counters().cancels, 0u);
  EXPECT_EQ(h.stub().counters().stale_expiries_dropped, 1u);
}

TEST(Outsourcing, EventsQueuedWhileDescheduledRunOnceOnResume) {
  Harness h = exact(true, 5 * kUs);
  const TimerId a = h.create_timer();
  const TimerId b = h.create_timer();
  h.deschedule(50 * kUs, 500 * kUs);
  h.guest_at(0, [&] {
    h.add(a, 100 * kUs);
    h.add(b, 200 * kUs);
  });
  // Scheduled before the interrupts were postponed to the resume instant, so it runs first:
  // the vCPU resumes in code with interrupts disabled, which deletes `a` with its event queued.
  h.guest_at(500 * kUs, [&] { h.del(a); });
  h.run();
  EXPECT_EQ(h.callbacks(a), 0);
  EXPECT_EQ(h.callbacks(b), 1);
  EXPECT_TRUE(h.violations().empty()) << h.trace();
  EXPECT_NE(h.trace().find("500us guest: callback for t1 gen 1"), std::string::npos) << h.trace();
}

TEST(Outsourcing, CallbackReArmsItsOwnTimer) {
  Harness h = exact(true, 5 * kUs);
  const TimerId t = h.create_timer(3, 100 * kUs);  // mod, add, mod from inside the callback
  h.guest_at(0, [&] { h.add(t, 100 * kUs); });
  h.run();
  EXPECT_EQ(h.callbacks(t), 4);
  EXPECT_TRUE(h.violations().empty()) << h.trace();
  EXPECT_EQ(h.stub().counters().expiries_delivered, 4u);
}

TEST(Outsourcing, DelOfASelfReArmingTimerStopsIt) {
  Harness h = exact(true, 50 * kUs);
  const TimerId t = h.create_timer(10, 100 * kUs);
  h.guest_at(0, [&] { h.add(t, 100 * kUs); });  // callbacks at 150, 300, 450, ...
  h.guest_at(420 * kUs, [&] { h.del(t); });     // third expiry in flight
  h.run();
  EXPECT_EQ(h.callbacks(t), 2);
  EXPECT_TRUE(h.violations().empty()) << h.trace();
}

// The naive variant under the mod and del+add interleavings above: the old arming's event runs
// the callback early, and the new arming is then lost.
TEST(NaiveOutsourcing, ModWhileTheEventIsInFlightRunsTheOldArming) {
  Harness h = exact(false, 50 * kUs);
  const TimerId t = h.create_timer();
  h.guest_at(0, [&] { h.add(t, 100 * kUs); });
  h.guest_at(120 * kUs, [&] { h.mod(t, 200 * kUs); });
  h.run();
  ASSERT_FALSE(h.violations().empty()) << h.trace();
  EXPECT_EQ(h.violations().front(), "150us: callback for t0 gen 1, overtaken by mod");
  std::cout << "naive variant, mod vs in-flight event:\n" << h.trace();
}

TEST(NaiveOutsourcing, DelAndAddWhileTheOldEventIsInFlightRunsTheDeletedArming) {
  Harness h = exact(false, 50 * kUs);
  const TimerId t = h.create_timer();
  h.guest_at(0, [&] { h.add(t, 100 * kUs); });
  h.guest_at(120 * kUs, [&] {
    h.del(t);
    h.add(t, 200 * kUs);
  });
  h.run();
  ASSERT_FALSE(h.violations().empty()) << h.trace();
  EXPECT_EQ(h.violations().front(), "150us: callback for t0 gen 1, deleted");
}

// ---- Randomised schedules ----

/// Everything on a 10 us grid so that same-instant races are common.
TimeNs grid(std::mt19937_64& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng) * 10 * kUs;
}

/// A guest operation chosen when it runs, from the timer's state then.
void random_op(Harness& h, std::mt19937_64& rng, TimerId id) {
  const bool coin = std::bernoulli_distribution(0.5)(rng);
  const TimeNs delay = grid(rng, 0, 6);
  if (h.stub().pending(id)) {
    coin ? h.mod(id, delay) : h.del(id);
  } else {
    coin ? h.add(id, delay) : h.mod(id, delay);
  }
}

/// Two timers (one re-arming itself from its callback), random latencies and delays, up to
/// two descheduled windows and eight guest operations in the first 2 ms.
void random_schedule(Harness& h, std::mt19937_64& rng) {
  h.hypercall_latency = [&rng] { return grid(rng, 0, 3); };
  h.injection_delay = [&rng] { return grid(rng, 0, 5); };
  const TimerId ids[] = {h.create_timer(), h.create_timer(2, grid(rng, 1, 6))};
  for (int w = std::uniform_int_distribution<int>(0, 2)(rng); w > 0; --w) {
    const TimeNs from = grid(rng, 0, 200);
    h.deschedule(from, from + grid(rng, 1, 30));
  }
  for (int i = 0; i < 8; ++i) {
    const TimerId id = ids[std::uniform_int_distribution<int>(0, 1)(rng)];
    h.guest_at(grid(rng, 0, 200), [&h, &rng, id] { random_op(h, rng, id); });
  }
}

constexpr std::uint64_t kSeeds = 10'000;

TEST(Outsourcing, RandomSchedulesNeverViolate) {
  std::uint64_t stale = 0, ignored = 0, callbacks = 0;
  for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
    std::mt19937_64 rng(seed);
    Harness h(true);
    random_schedule(h, rng);
    h.run();
    ASSERT_TRUE(h.violations().empty()) << "seed " << seed << ":\n" << h.trace();
    stale += h.stub().counters().stale_expiries_dropped;
    ignored += h.host().counters().ignored;
    callbacks += h.stub().counters().expiries_delivered;
  }
  // The races must actually have happened for the absence of violations to mean anything.
  EXPECT_GT(stale, kSeeds / 10);
  EXPECT_GT(ignored, kSeeds / 10);
  std::cout << kSeeds << " schedules: " << callbacks << " callbacks, " << stale
            << " stale events dropped by the guest, " << ignored << " ignored by the host\n";
}

TEST(NaiveOutsourcing, SomeRandomScheduleViolates) {
  for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
    std::mt19937_64 rng(seed);
    Harness h(false);
    random_schedule(h, rng);
    h.run();
    if (!h.violations().empty()) {
      std::cout << "naive variant, first violating seed " << seed << ":\n" << h.trace();
      return;
    }
  }
  FAIL() << "no schedule caught the naive variant";
}

}  // namespace
}  // namespace vtick::protocols::outsourcing
