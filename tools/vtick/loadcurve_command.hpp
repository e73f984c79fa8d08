#pragma once
// `vtick loadcurve SCENARIO [--hogs 0,1,2,3,4,6] [--repeat R] [--pin | --no-pin] [--out DIR]`:
// the scenario's real engine(s) R times per hog count with the scenario's load replaced by N
// CPU hogs, and the simulator over 20+ seeds on the same rewritten scenario with a host profile
// calibrated right before the real runs; curve.csv, band.csv, curve.png, summary.json
// (docs/loadcurve.md). Exit status 0 every curve recorded, 2 bad input, 3 internal error or a
// real run failed, 4 a requested engine is unavailable here (no /dev/kvm, no QEMU): its curve
// is skipped, the others and the prediction are still written.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace vtick::tools {

class LoadcurveCommand {
 public:
  explicit LoadcurveCommand(CLI::App& app);
  [[nodiscard]] bool selected() const { return command_->parsed(); }
  int execute();

 private:
  int run();

  CLI::App* command_;
  std::string scenario_path_;
  std::vector<int> hogs_ = {0, 1, 2, 3, 4, 6};
  int repeat_ = 5;
  std::string duration_;
  int seeds_ = 20;
  bool pin_ = false;
  bool no_pin_ = false;
  bool smoke_ = false;
  bool quick_calibration_ = false;
  std::string profile_;
  std::vector<std::string> engines_;
  std::string out_dir_;
  bool no_plot_ = false;
};

}  // namespace vtick::tools
