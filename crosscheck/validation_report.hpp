#pragma once
// docs/validation.md as `vtick validate` writes it: one row per case (measured against
// predicted, every run's value when a case has several, the verdict, what diverged), links to each case's cross-check report and plots,
// and the findings written by hand (what each divergence was and what changed in the model).
#include <optional>
#include <string>
#include <vector>

#include "crosscheck/validation_case.hpp"
#include "crosscheck/verdict.hpp"

namespace vtick::crosscheck {

struct CaseOutcome {
  ValidationCase validation_case;
  /// Set when the case was judged; otherwise `skipped` says why (no /dev/kvm, a failed run).
  std::optional<Verdict> verdict;
  std::string skipped;
  int recording_exit = 0;      ///< the real run's exit status (1: its own expect: failed)
  std::string report_link;     ///< relative to the document: the case's crosscheck.md
  std::vector<std::string> plots;  ///< relative to the document
};

struct ValidationHeader {
  std::string command;  ///< the command line that regenerates the document
  std::string build;    ///< the vtick build (git describe)
  std::string date;     ///< when the traces were recorded (UTC date)
  std::string host;     ///< what the host was: CPUs, kernel, load from other work
  std::string findings; ///< markdown written by hand, included as is (may be empty)
  int repeat = 1;       ///< real runs recorded per case (`vtick validate --repeat`)
};

[[nodiscard]] std::string render_validation(const ValidationHeader& header, const std::vector<CaseOutcome>& cases);

}  // namespace vtick::crosscheck
