// vtick_realvm_bench's command line.
#pragma once

#include <chrono>
#include <string>

namespace vtick::realvm_bench {

struct Options {
  std::string guest_image;
  int repeat = 3;
  std::chrono::nanoseconds duration{std::chrono::seconds(3)};  ///< each scheme run, by the guest's clock
  bool quick = false;
  /// Run only the schemes whose name contains this (all when empty); the native timer,
  /// exit and hypercall costs are always measured.
  std::string schemes;
};

/// `[guest.elf] [--repeat N] [--duration S] [--quick] [--schemes SUBSTRING]`; --quick is one repeat of 1 s runs
/// (the CTest smoke run). Throws std::invalid_argument with the usage on a bad argument.
Options parse_options(int argc, char** argv, const std::string& default_image);

}  // namespace vtick::realvm_bench
