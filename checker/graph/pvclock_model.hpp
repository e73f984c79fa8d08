#pragma once
// The pvclock page protocol as a model: one host update of the page from `before` to
// `after` (PageWriter, one store per step) interleaved with one guest read at a fixed TSC
// (PageReader, one load per step, retrying on a version mismatch). Violation: the read
// finishes with a value that neither page gives at that TSC, a torn read. The version-less
// reader has one; the seqcount reader has none.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "protocols/pvclock/pvclock_abi.hpp"
#include "protocols/pvclock/pvclock_protocol.hpp"

namespace vtick::checker::graph {

namespace pv = protocols::pvclock;

/// The shared page plus both machines, which act on this state's own copy of the page.
struct PvclockState {
  pv::PvclockVcpuTimeInfo page;
  pv::PageWriter writer;
  pv::PageReader reader;
  /// What the reader has loaded in its current attempt. PageReader keeps this private, but
  /// it determines the read's result, so the state key needs it: the model mirrors each
  /// load here (taking the field the reader is about to load, from the same page).
  pv::PvclockVcpuTimeInfo loaded;

  explicit PvclockState(bool check_version) : writer(page), reader(page, check_version) {}
  PvclockState(const PvclockState& other);
  PvclockState& operator=(const PvclockState& other);
};

/// One step: a writer store or a reader load, named by the machine's next step.
struct PvclockStep {
  bool writer = false;
  std::uint8_t step = 0;  // a WriterStep or ReaderStep value
};

class PvclockModel {
 public:
  using State = PvclockState;
  using Label = PvclockStep;

  /// The default pages: `after` is 1 ms later with a recalibrated mul, so every mix of the
  /// two differs from both.
  explicit PvclockModel(bool check_version);
  PvclockModel(bool check_version, const pv::PvclockVcpuTimeInfo& before,
               const pv::PvclockVcpuTimeInfo& after, std::uint64_t read_tsc);

  [[nodiscard]] State initial() const;
  void successors(const State& state, std::vector<std::pair<Label, State>>& out) const;
  [[nodiscard]] std::optional<std::string> violation(const State& state) const;
  [[nodiscard]] std::string key(const State& state) const;
  [[nodiscard]] std::string describe(const Label& label) const;
  [[nodiscard]] std::string describe_state(const State& state) const;

 private:
  [[nodiscard]] State reader_step(const State& state) const;

  bool check_version_;
  pv::PvclockVcpuTimeInfo before_;
  pv::PvclockVcpuTimeInfo after_;
  std::uint64_t read_tsc_;
};

}  // namespace vtick::checker::graph
