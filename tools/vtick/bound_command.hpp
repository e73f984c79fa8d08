#pragma once
// `vtick bound FILE [--lo N] [--hi N]`: the tightest bound a symbolic property can prove.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace vtick::tools {

class BoundCommand {
 public:
  explicit BoundCommand(CLI::App& app);
  [[nodiscard]] bool selected() const { return command_->parsed(); }
  int execute();

 private:
  CLI::App* command_;
  std::string file_;
  std::int64_t lo_ = 0;
  std::int64_t hi_ = 1'000'000'000'000;
};

}  // namespace vtick::tools
