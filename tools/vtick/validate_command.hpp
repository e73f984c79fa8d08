#pragma once
// `vtick validate [--report FILE] [--out DIR] [--only PATTERN] [--seeds N] [--repeat R]`:
// records R real traces (default 1) for every validation case (crosscheck/validation_case.hpp),
// cross-checks each case's runs together against the simulator and writes docs/validation.md with each case's report and plots beside it.
// Exit status 0 every judged case conforms, 1 any diverges, 2 bad input, 3 internal error,
// 4 no case could be judged (no /dev/kvm and no QEMU).
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace vtick::tools {

class ValidateCommand {
 public:
  explicit ValidateCommand(CLI::App& app);
  [[nodiscard]] bool selected() const { return command_->parsed(); }
  int execute();

 private:
  CLI::App* command_;
  std::string report_ = "docs/validation.md";
  std::string out_dir_ = "out/validation";
  std::string only_;
  std::string findings_ = "docs/validation/findings.md";
  std::optional<int> seeds_;
  int repeat_ = 1;  ///< 1 keeps a full run near 100 s; more runs make the judgement less of an anecdote
  bool no_findings_ = false;
  bool quiet_ = false;
};

}  // namespace vtick::tools
