#pragma once
// `vtick loadcurve`'s scenario rewriting: the scenario as written, with its host load
// replaced by N CPU hogs and the few other changes a load curve needs, as YAML text that
// both the real engines (which take a file) and the simulator read.
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario.hpp"

namespace vtick::loadcurve {

struct HogLoad {
  int hogs = 0;
  /// true: the hogs may run only on the VMM's CPUs (vmm.affinity; a VMM without affinity is
  /// pinned to CPU 0 first, so that "the VMM's CPUs" means something). false: the hogs may
  /// run on every CPU and the VMM keeps the scenario's affinity.
  bool pinned = false;
  sim::TimeNs duration_ns = 0;
  /// Written as `host_profile:` (relative to the rewritten file's directory, or absolute);
  /// empty: none.
  std::string host_profile;
};

/// The CPUs the hogs are pinned to for `original` (see HogLoad::pinned).
[[nodiscard]] std::vector<int> vmm_cpus(const sim::Scenario& original);

/// `original_yaml` (the text `original` was parsed from) rewritten for `load`:
///  - load: one entry {name: hog, kind: cpu_hog, count: N[, affinity: the VMM's CPUs]}, or
///    none for N = 0; the scenario's own load entries are dropped;
///  - name: "<name>-hogs-<N>-pinned" or "-unpinned"; run.duration as asked;
///  - run.sampling: guest_timer, as every real engine samples the guest clock (the rule
///    crosscheck applies to a real trace);
///  - host_profile: as asked; expect: dropped (its bounds were written for the original load).
/// Comments are not kept; a header comment says where the file came from.
[[nodiscard]] std::string hog_scenario_yaml(std::string_view original_yaml, const sim::Scenario& original,
                                            const HogLoad& load);

}  // namespace vtick::loadcurve
