#include "checker/graph/outsourcing_model.hpp"

#include <stdexcept>

#include "checker/graph/key.hpp"
#include "protocols/outsourcing/timer_outsourcing.hpp"

namespace vtick::checker::graph {
namespace {

namespace os = protocols::outsourcing;
using Kind = OutsourcingStep::Kind;
constexpr os::TimerId kTimer = 0;

/// A guest stub in the state's (pending, generation): `generation` re-armings, then a del
/// if it is not pending. Its counters differ from the original's, which nothing reads.
os::GuestTimerStub guest_of(const OutsourcingState& state, bool check_generation) {
  os::GuestTimerStub guest(check_generation);
  guest.create_timer();
  for (int i = 0; i < state.generation; ++i) guest.mod(kTimer, 0);
  if (!state.pending) guest.del(kTimer);
  return guest;
}

/// A host module with the state's arming, if any (an unarmed entry acts like none).
os::HostTimerModule host_of(const OutsourcingState& state) {
  os::HostTimerModule host;
  if (state.host_armed) {
    host.on_hypercall({os::HypercallOp::Arm, kTimer, state.host_generation, state.host_deadline},
                      0, 0);
  }
  return host;
}

std::uint8_t bit(int generation) { return static_cast<std::uint8_t>(1u << generation); }

void push(OutsourcingState& state, const os::Hypercall& call) {
  state.queue[state.queued++] = {call.op == os::HypercallOp::Cancel,
                                 static_cast<std::uint8_t>(call.generation),
                                 static_cast<std::uint8_t>(call.guest_deadline_ns), state.now};
}

OutsourcingState::Call pop(OutsourcingState& state) {
  const OutsourcingState::Call head = state.queue[0];
  for (int i = 1; i < state.queued; ++i) state.queue[i - 1] = state.queue[i];
  state.queue[--state.queued] = {};
  return head;
}

/// Runs the callback for `generation`'s expiry, recording the first safety violation.
void run_callback(OutsourcingState& state, int generation) {
  using V = OutsourcingState::Violation;
  OutsourcingState::Arming& arming = state.armings[generation];
  V found = V::None;
  if (arming.retired) {
    found = V::Stale;
  } else if (arming.ran) {
    found = V::Doubled;
  } else if (state.now < arming.deadline) {
    found = V::Early;
  }
  arming.ran = true;
  if (found == V::None || state.violation != V::None) return;
  state.violation = found;
  state.violating_generation = static_cast<std::uint8_t>(generation);
}

void validate(const OutsourcingBounds& b) {
  const bool ok = b.horizon >= 1 && b.max_offset >= 1 && b.max_operations >= 1 &&
                  b.max_operations <= kMaxOutsourcingOperations && b.queue_capacity >= 1 &&
                  b.queue_capacity <= kMaxOutsourcingQueue &&
                  b.horizon + b.max_offset <= kMaxOutsourcingTime;
  if (!ok) throw std::invalid_argument("OutsourcingModel: bounds out of range");
}

}  // namespace

OutsourcingModel::OutsourcingModel(bool check_generation, OutsourcingBounds bounds)
    : check_generation_(check_generation), bounds_(bounds) {
  validate(bounds_);
}

OutsourcingState OutsourcingModel::initial() const {
  State state;
  state.operations_left = static_cast<std::uint8_t>(bounds_.max_operations);
  return state;
}

void OutsourcingModel::successors(const State& state,
                                  std::vector<std::pair<Label, State>>& out) const {
  const std::size_t before = out.size();
  guest_operations(state, out);
  deliver_hypercall(state, out);
  host_expiry(state, out);
  deliver_events(state, out);
  tick(state, out);
  // A terminal state stutters forever: the one infinite continuation of a finished run.
  if (out.size() == before) out.emplace_back(Label{Kind::Idle, 0, false}, state);
}

void OutsourcingModel::guest_operations(const State& state,
                                        std::vector<std::pair<Label, State>>& out) const {
  if (state.operations_left == 0 || state.queued >= bounds_.queue_capacity) return;
  for (int offset = 1; offset <= bounds_.max_offset; ++offset) {
    if (state.now + offset <= bounds_.horizon) arm(state, state.pending, state.now + offset, out);
  }
  if (!state.pending) return;
  State next = state;
  auto guest = guest_of(state, check_generation_);
  push(next, *guest.del(kTimer).second);
  next.pending = false;
  next.armings[state.generation].retired = true;
  --next.operations_left;
  out.emplace_back(Label{Kind::Del, 0, false}, std::move(next));
}

/// add_timer (inactive timer) or mod_timer (pending timer; it retires the current arming).
void OutsourcingModel::arm(const State& state, bool mod, int deadline,
                           std::vector<std::pair<Label, State>>& out) const {
  State next = state;
  auto guest = guest_of(state, check_generation_);
  const os::Hypercall call = mod ? guest.mod(kTimer, deadline).second : guest.add(kTimer, deadline);
  push(next, call);
  if (mod) next.armings[state.generation].retired = true;
  next.pending = guest.pending(kTimer);
  next.generation = static_cast<std::uint8_t>(call.generation);
  next.armings[call.generation] = {static_cast<std::uint8_t>(deadline), false, false};
  --next.operations_left;
  out.emplace_back(Label{mod ? Kind::Mod : Kind::Add, static_cast<std::uint8_t>(deadline), false},
                   std::move(next));
}

void OutsourcingModel::deliver_hypercall(const State& state,
                                         std::vector<std::pair<Label, State>>& out) const {
  if (state.queued == 0) return;
  State next = state;
  const State::Call call = pop(next);
  auto host = host_of(state);
  const os::Hypercall hypercall{call.cancel ? os::HypercallOp::Cancel : os::HypercallOp::Arm,
                                kTimer, call.generation, call.deadline};
  const auto action = host.on_hypercall(hypercall, state.now, call.issued_at);
  if (action.kind == os::HostTimerModule::Action::ArmHostTimer) {
    next.host_armed = true;
    next.host_generation = call.generation;
    next.host_deadline = static_cast<std::uint8_t>(action.host_deadline_ns);
  } else if (action.kind == os::HostTimerModule::Action::CancelHostTimer) {
    next.host_armed = false;
  }
  out.emplace_back(Label{Kind::Hypercall, call.generation, call.cancel}, std::move(next));
}

void OutsourcingModel::host_expiry(const State& state,
                                   std::vector<std::pair<Label, State>>& out) const {
  if (!state.host_armed || state.now < state.host_deadline) return;
  auto host = host_of(state);
  const auto event = host.on_host_timer(kTimer, state.now);
  if (!event) throw std::logic_error("OutsourcingModel: host module out of step with the model");
  State next = state;
  next.host_armed = false;
  next.in_flight = static_cast<std::uint8_t>(next.in_flight | bit(static_cast<int>(event->generation)));
  out.emplace_back(Label{Kind::HostExpiry, static_cast<std::uint8_t>(event->generation), false},
                   std::move(next));
}

void OutsourcingModel::deliver_events(const State& state,
                                      std::vector<std::pair<Label, State>>& out) const {
  for (int g = 1; g <= bounds_.max_operations; ++g) {
    if ((state.in_flight & bit(g)) == 0) continue;
    State next = state;
    auto guest = guest_of(state, check_generation_);
    next.in_flight = static_cast<std::uint8_t>(next.in_flight & ~bit(g));
    if (guest.on_expiry({kTimer, static_cast<std::uint32_t>(g)})) run_callback(next, g);
    next.pending = guest.pending(kTimer);
    out.emplace_back(Label{Kind::Event, static_cast<std::uint8_t>(g), false}, std::move(next));
  }
}

/// Time stops at the horizon unless a host timer still waits for a later deadline.
void OutsourcingModel::tick(const State& state, std::vector<std::pair<Label, State>>& out) const {
  const bool waiting = state.host_armed && state.now < state.host_deadline;
  if (state.now >= bounds_.horizon && !waiting) return;
  State next = state;
  ++next.now;
  out.emplace_back(Label{Kind::Tick, next.now, false}, std::move(next));
}

std::optional<std::string> OutsourcingModel::violation(const State& state) const {
  const std::string arming = "arming " + std::to_string(state.violating_generation);
  switch (state.violation) {
    case State::Violation::None: return std::nullopt;
    case State::Violation::Stale:
      return "stale callback: " + arming + " ran after del_timer or mod_timer replaced it";
    case State::Violation::Doubled: return "doubled callback: " + arming + " ran twice";
    case State::Violation::Early: return "early callback: " + arming + " ran before its deadline";
  }
  return std::nullopt;
}

bool OutsourcingModel::armed_but_unserved(const State& state) {
  for (int g = 1; g <= state.generation; ++g) {
    if (!state.armings[g].ran && !state.armings[g].retired) return true;
  }
  return false;
}

std::string OutsourcingModel::key(const State& state) const {
  KeyBuilder key;
  key.add(state.now).add(state.operations_left).add(state.pending).add(state.generation);
  key.add(state.host_armed).add(state.host_generation).add(state.host_deadline);
  key.add(state.queued);
  for (int i = 0; i < state.queued; ++i) {
    const State::Call& c = state.queue[i];
    key.add(c.cancel).add(c.generation).add(c.deadline).add(c.issued_at);
  }
  key.add(state.in_flight);
  for (int g = 1; g <= state.generation; ++g) {
    const State::Arming& a = state.armings[g];
    key.add(a.deadline).add(a.ran).add(a.retired);
  }
  key.add(state.violation).add(state.violating_generation);
  return key.take();
}

std::string OutsourcingModel::describe(const Label& label) const {
  const std::string value = std::to_string(label.value);
  switch (label.kind) {
    case Kind::Add: return "G:add_timer(deadline " + value + ")";
    case Kind::Mod: return "G:mod_timer(deadline " + value + ")";
    case Kind::Del: return "G:del_timer";
    case Kind::Hypercall:
      return std::string("H:handle ") + (label.cancel ? "Cancel" : "Arm") + " gen " + value;
    case Kind::HostExpiry: return "H:host timer fires, event gen " + value;
    case Kind::Event: return "G:expiry event gen " + value;
    case Kind::Tick: return "T:time " + value;
    case Kind::Idle: return "idle";
  }
  return "?";
}

std::string OutsourcingModel::describe_state(const State& state) const {
  return "t=" + std::to_string(state.now) + " guest " + (state.pending ? "pending" : "inactive") +
         " gen " + std::to_string(state.generation) + "; host " +
         (state.host_armed ? "armed gen " + std::to_string(state.host_generation) + " @" +
                                 std::to_string(state.host_deadline)
                           : std::string("idle")) +
         "; queued " + std::to_string(state.queued) + "; events in flight (bit per gen) " +
         std::to_string(state.in_flight);
}

}  // namespace vtick::checker::graph
