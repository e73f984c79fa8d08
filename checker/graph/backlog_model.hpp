#pragma once
// The lost-tick policies' backlog (protocols/emulation) as a counter system. One tick falls
// due per period; the adversarial host scheduler lets the vCPU run 0..max_runs times in each
// period, constrained only by the assumption "at least min_runs runs in every window of
// `window` consecutive periods". Each run acknowledges one injected tick, and
//   delay:   each acknowledgement re-injects the next pending tick at once (kvm_pit_ack_irq),
//            so a period serves min(backlog, runs) ticks;
//   catchup: the timer thread runs catchup_factor times per period while behind and raises
//            only when the line is free (acknowledged), so it serves
//            min(backlog, runs, catchup_factor).
// The claim: the backlog (pending ticks just after one falls due, what note_backlog
// records) never exceeds max_backlog. It holds when the service the assumption guarantees
// covers the demand of one tick per period, and fails (with a counterexample schedule) when
// it does not. The backlog is saturated at max_backlog + 1, which keeps the system finite.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vtick::checker::graph {

enum class BacklogPolicy : std::uint8_t { Delay, Catchup };

struct BacklogBounds {
  int max_backlog = 2;     // N of the claim backlog <= N
  int max_runs = 2;        // per period
  int window = 2;          // periods
  int min_runs = 2;        // per window
  int catchup_factor = 2;  // catchup only
};

inline constexpr int kMaxBacklogWindow = 8;
inline constexpr int kMaxBacklogCount = 250;

struct BacklogState {
  std::uint8_t backlog = 1;  // the first tick has just fallen due
  std::uint8_t periods = 0;  // periods so far, saturated at window - 1
  std::vector<std::uint8_t> recent_runs;  // the last window - 1 periods' runs, oldest first
};

struct BacklogStep {
  std::uint8_t runs = 0;
  std::uint8_t served = 0;
  std::uint8_t backlog = 0;  // after the next tick fell due
};

class BacklogModel {
 public:
  using State = BacklogState;
  using Label = BacklogStep;

  /// Bounds out of range: std::invalid_argument.
  BacklogModel(BacklogPolicy policy, BacklogBounds bounds);

  [[nodiscard]] State initial() const;
  void successors(const State& state, std::vector<std::pair<Label, State>>& out) const;
  [[nodiscard]] std::optional<std::string> violation(const State& state) const;
  [[nodiscard]] std::string key(const State& state) const;
  [[nodiscard]] std::string describe(const Label& label) const;
  [[nodiscard]] std::string describe_state(const State& state) const;

 private:
  [[nodiscard]] bool allowed(const State& state, int runs) const;
  [[nodiscard]] int served(int backlog, int runs) const;

  BacklogPolicy policy_;
  BacklogBounds bounds_;
};

}  // namespace vtick::checker::graph
