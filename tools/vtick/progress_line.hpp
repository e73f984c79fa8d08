#pragma once
// A one-line progress indicator on stderr for runs that take more than a couple of seconds
// of wall time. Wall time is used only here, never in any output file.
#include <chrono>
#include <cstdio>

#include "sim/time.hpp"

namespace vtick::tools {

class ProgressLine {
 public:
  /// `what` names the first time: "simulated" for the simulator, "ran" for a real VM.
  explicit ProgressLine(const char* what = "simulated") : what_(what) {}
  void update(sim::TimeNs simulated, sim::TimeNs total) {
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (elapsed < kQuietSeconds || std::chrono::duration<double>(now - last_).count() < kEverySeconds) return;
    last_ = now;
    shown_ = true;
    std::fprintf(stderr, "\rvtick: %5.1f%%  %s %.1f s of %.1f s in %.1f s wall   ",
                 100.0 * static_cast<double>(simulated) / static_cast<double>(total), what_,
                 static_cast<double>(simulated) / 1e9, static_cast<double>(total) / 1e9, elapsed);
  }
  void finish() {
    if (shown_) std::fprintf(stderr, "\n");
  }

 private:
  static constexpr double kQuietSeconds = 2.0;
  static constexpr double kEverySeconds = 0.5;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_ = start_;
  const char* what_;
  bool shown_ = false;
};

}  // namespace vtick::tools
