#pragma once
// Timer outsourcing, protocol core: the guest's add_timer/mod_timer/del_timer become
// hypercalls to a host module that arms a real host timer; on expiry the host sends an
// event, the VMM injects an interrupt and the guest runs the original callback. Pure logic,
// no time source and no engine: callers pass every instant in.
//
// Every (re)arming of a timer gets a fresh generation number. A hypercall and an expiry event
// carry the generation they belong to, so either side can tell a message about the current
// arming from one that an operation on the other side has already overtaken.
//
// Races, and how the generation scheme resolves each:
//  1. del_timer vs an expiry event already in flight (host fired, event not yet handled by the
//     guest): del makes the timer Inactive at once, so when the event arrives the guest drops
//     it (not pending). If the guest re-armed it meanwhile (del + add), the new arming has a
//     newer generation and the event is dropped as stale. Either way no callback for an
//     arming runs once del has returned.
//  2. mod_timer of a timer whose expiry is in flight: mod bumps the generation and its Arm
//     replaces the host's arming. The in-flight event carries the old generation and is
//     dropped; the new arming fires once, at its own deadline.
//  3. Events arriving while the vCPU is descheduled: they queue in the shared ring and are
//     handled when the vCPU runs again. Each event is handled once and is checked against the
//     guest's state at that moment, so the outcome is the same as for a late event: exactly
//     one callback per live arming, none for an overtaken one.
//  4. A Cancel hypercall that reaches the host after the host timer fired: the host has
//     nothing armed any more and ignores it; the event it already sent is dropped by the
//     guest as in race 1.
//
// Assumption: hypercalls of one guest reach the host in the order they were issued (one
// channel; a hypercall is a VM exit). Events may reach the guest in any order.
// Generations are 32-bit and wrap after 2^32 armings of one timer; an event that old cannot
// still be in flight.
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/time.hpp"

namespace vtick::protocols::outsourcing {

using sim::TimeNs;
/// Dense, created by GuestTimerStub::create_timer(); an id never created is a caller bug
/// (std::out_of_range).
using TimerId = std::uint32_t;

enum class HypercallOp { Arm, Cancel };

/// Guest -> host. Arm: fire when the guest clock reaches guest_deadline_ns (unused, 0, for
/// Cancel). `generation` is the arming it belongs to.
struct Hypercall {
  HypercallOp op;
  TimerId timer;
  std::uint32_t generation;
  TimeNs guest_deadline_ns;
};

/// Host -> guest, through the shared ring and an injected interrupt.
struct ExpiryEvent {
  TimerId timer;
  std::uint32_t generation;
};

/// Guest side: replaces the timer wheel. A timer is Pending (armed; the host has or will have
/// the request) or Inactive. It is Inactive while its callback runs, as in Linux, where
/// detach_timer precedes fn: so the callback may re-arm it.
class GuestTimerStub {
 public:
  /// check_generation = false is the naive variant: an expiry for a Pending timer runs its
  /// callback whatever arming it belongs to. It is wrong (races 1 and 2) and exists so that
  /// the checker can be shown to catch it.
  explicit GuestTimerStub(bool check_generation = true) : check_generation_(check_generation) {}

  TimerId create_timer();
  /// add_timer; returns the hypercall to issue. Arming a Pending timer is a caller bug
  /// (std::logic_error, Linux's BUG_ON).
  Hypercall add(TimerId id, TimeNs guest_deadline_ns);
  /// mod_timer: returns {was_pending, Arm hypercall}. The new generation makes any in-flight
  /// expiry for the old arming stale.
  std::pair<bool, Hypercall> mod(TimerId id, TimeNs guest_deadline_ns);
  /// del_timer: returns {was_pending, Cancel hypercall if it was pending}. After it returns no
  /// callback for any earlier arming runs, even if its expiry event is already in flight.
  std::pair<bool, std::optional<Hypercall>> del(TimerId id);
  /// An expiry event reached the guest. Returns true iff the callback must run now; the timer
  /// is then already Inactive.
  bool on_expiry(const ExpiryEvent& event);
  [[nodiscard]] bool pending(TimerId id) const { return timers_.at(id).pending; }

  struct Counters {
    std::uint64_t hypercalls = 0;
    std::uint64_t expiries_delivered = 0;
    std::uint64_t stale_expiries_dropped = 0;
  };
  [[nodiscard]] const Counters& counters() const { return counters_; }

 private:
  struct Timer {
    bool pending = false;
    std::uint32_t generation = 0;
  };
  Hypercall arm(TimerId id, TimeNs guest_deadline_ns);

  bool check_generation_;
  std::vector<Timer> timers_;
  Counters counters_;
};

/// Host side: a table of armed timers. The host cannot read the guest clock, so the caller
/// passes the guest's time as of the hypercall together with the host's:
/// host_deadline = host_now + max(0, guest_deadline - guest_now). If the guest's time is older
/// than host_now (the hypercall took a while), the host deadline is late, never early.
class HostTimerModule {
 public:
  /// What the caller must do to its host timer for `timer`: one re-armable host timer per
  /// guest timer.
  struct Action {
    enum Kind { ArmHostTimer, CancelHostTimer, None } kind;
    TimerId timer;
    TimeNs host_deadline_ns;  // ArmHostTimer only
  };
  /// Arm replaces any earlier arming of the timer. Cancel disarms it if it names the current
  /// generation and that is still armed; otherwise (it already fired, or an older arming) it
  /// is ignored and the action is None.
  Action on_hypercall(const Hypercall& call, TimeNs host_now, TimeNs guest_now);
  /// The host timer for `timer` fired at host_now. Returns the event to send (current
  /// generation), or nullopt if the timer was cancelled or re-armed to a later deadline
  /// meanwhile (a cancel or re-arm that lost the race with the host timer's callback).
  std::optional<ExpiryEvent> on_host_timer(TimerId timer, TimeNs host_now);

  struct Counters {
    std::uint64_t arms = 0;
    std::uint64_t cancels = 0;
    std::uint64_t expiries = 0;
    std::uint64_t ignored = 0;  // Cancels and host timer firings that found nothing to do
  };
  [[nodiscard]] const Counters& counters() const { return counters_; }

 private:
  struct Armed {
    bool armed = false;
    std::uint32_t generation = 0;
    TimeNs host_deadline_ns = 0;
  };
  // Keyed, not indexed: timer ids come from the guest, which must not size the host's table.
  std::unordered_map<TimerId, Armed> table_;
  Counters counters_;
};

}  // namespace vtick::protocols::outsourcing
