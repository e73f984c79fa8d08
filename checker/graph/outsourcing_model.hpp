#pragma once
// Timer outsourcing as a model: one guest timer, discretised time (ticks), and every
// interleaving of
//   - guest operations: add_timer / mod_timer with a deadline 1..max_offset ticks ahead,
//     del_timer (at most max_operations in all, and only while the hypercall queue has room);
//   - delivery of the oldest queued hypercall to the host module (in issue order);
//   - the host timer firing, at any tick at or after its deadline (host timers may be late);
//   - delivery of any in-flight expiry event to the guest, in any order, at any later time
//     (a descheduled vCPU is one whose deliveries are simply not chosen while time passes);
//   - a time tick.
// Decisions are the real protocol code's: each step rebuilds a GuestTimerStub and a
// HostTimerModule from the compact state and calls them.
//
// Safety, per arming (generation): no callback for an arming that del or mod replaced
// (stale), none twice (doubled), none before its deadline (early).
// Liveness, "every arming eventually has its callback or is deleted/replaced": the guest
// issues nothing after the horizon, and time goes on past it only while a host timer is
// waiting for its deadline, so the graph is acyclic except for a self-loop ("idle") on each
// terminal state. find_lasso(armed_but_unserved) thus finds exactly the runs that end with
// an arming nobody will ever serve, assuming every enabled step is eventually taken (weak
// fairness, which an acyclic graph gives for free).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vtick::checker::graph {

struct OutsourcingBounds {
  int horizon = 6;         // ticks: the last instant at which a deadline may fall
  int max_offset = 2;      // a deadline is 1..max_offset ticks after the operation
  int max_operations = 3;  // add/mod/del calls in all (so at most that many armings)
  int queue_capacity = 2;  // hypercalls issued but not yet handled by the host
};

inline constexpr int kMaxOutsourcingOperations = 7;  // generations fit one byte's bits
inline constexpr int kMaxOutsourcingQueue = 4;
inline constexpr int kMaxOutsourcingTime = 250;

struct OutsourcingState {
  struct Call {
    bool cancel = false;
    std::uint8_t generation = 0;
    std::uint8_t deadline = 0;   // Arm only
    std::uint8_t issued_at = 0;  // the guest's time when it made the call
  };
  struct Arming {
    std::uint8_t deadline = 0;
    bool ran = false;      // its callback has run
    bool retired = false;  // del or a later mod replaced it
  };
  enum class Violation : std::uint8_t { None, Stale, Doubled, Early };

  std::uint8_t now = 0;
  std::uint8_t operations_left = 0;
  bool pending = false;  // guest stub: armed
  std::uint8_t generation = 0;
  bool host_armed = false;  // host module's table entry
  std::uint8_t host_generation = 0;
  std::uint8_t host_deadline = 0;
  std::array<Call, kMaxOutsourcingQueue> queue{};  // [0] is the oldest
  std::uint8_t queued = 0;
  std::uint8_t in_flight = 0;  // bit g: the expiry event of generation g is in flight
  std::array<Arming, kMaxOutsourcingOperations + 1> armings{};  // by generation; [0] unused
  Violation violation = Violation::None;
  std::uint8_t violating_generation = 0;
};

struct OutsourcingStep {
  enum class Kind : std::uint8_t { Add, Mod, Del, Hypercall, HostExpiry, Event, Tick, Idle };
  Kind kind = Kind::Idle;
  std::uint8_t value = 0;  // Add/Mod: deadline; Hypercall/Event: generation; Tick: new time
  bool cancel = false;     // Hypercall: a Cancel (else an Arm)
};

class OutsourcingModel {
 public:
  using State = OutsourcingState;
  using Label = OutsourcingStep;

  /// check_generation = false: the naive guest stub that runs the callback for any expiry
  /// of a pending timer. Bounds out of range: std::invalid_argument.
  explicit OutsourcingModel(bool check_generation, OutsourcingBounds bounds = {});

  [[nodiscard]] State initial() const;
  void successors(const State& state, std::vector<std::pair<Label, State>>& out) const;
  [[nodiscard]] std::optional<std::string> violation(const State& state) const;
  [[nodiscard]] std::string key(const State& state) const;
  [[nodiscard]] std::string describe(const Label& label) const;
  [[nodiscard]] std::string describe_state(const State& state) const;

  /// The liveness predicate: some arming is neither served (callback ran) nor retired.
  [[nodiscard]] static bool armed_but_unserved(const State& state);

 private:
  void guest_operations(const State& state, std::vector<std::pair<Label, State>>& out) const;
  void arm(const State& state, bool mod, int deadline,
           std::vector<std::pair<Label, State>>& out) const;
  void deliver_hypercall(const State& state, std::vector<std::pair<Label, State>>& out) const;
  void host_expiry(const State& state, std::vector<std::pair<Label, State>>& out) const;
  void deliver_events(const State& state, std::vector<std::pair<Label, State>>& out) const;
  void tick(const State& state, std::vector<std::pair<Label, State>>& out) const;

  bool check_generation_;
  OutsourcingBounds bounds_;
};

}  // namespace vtick::checker::graph
