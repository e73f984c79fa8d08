#include "bench/realvm/options.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace vtick::realvm_bench {
namespace {

constexpr const char* kUsage = "usage: vtick_realvm_bench [guest.elf] [--repeat N] [--duration S] [--quick] [--schemes SUBSTRING]";

[[noreturn]] void bad(const std::string& why) {
  throw std::invalid_argument(why + "\n" + kUsage);
}

double number(int& i, int argc, char** argv, std::string_view flag) {
  if (++i >= argc) {
    bad(std::string(flag) + " needs a value");
  }
  char* end = nullptr;
  const double value = std::strtod(argv[i], &end);
  if (end == argv[i] || *end != '\0' || !(value > 0)) {
    bad(std::string(flag) + ": '" + argv[i] + "' is not a positive number");
  }
  return value;
}

}  // namespace

Options parse_options(int argc, char** argv, const std::string& default_image) {
  Options options;
  options.guest_image = default_image;
  bool duration_given = false, repeat_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--repeat") {
      const double n = number(i, argc, argv, arg);
      if (n != static_cast<int>(n) || n > 1000) {
        bad("--repeat: a whole number 1..1000");
      }
      options.repeat = static_cast<int>(n);
      repeat_given = true;
    } else if (arg == "--duration") {
      // Below 0.5 s the start-up window (see scheme_run.cpp) would leave no firings.
      const double seconds = number(i, argc, argv, arg);
      if (seconds < 0.5 || seconds > 3600) {
        bad("--duration: seconds, 0.5..3600");
      }
      options.duration = std::chrono::nanoseconds(static_cast<std::int64_t>(seconds * 1e9));
      duration_given = true;
    } else if (arg == "--schemes") {
      if (++i >= argc) {
        bad("--schemes needs a value");
      }
      options.schemes = argv[i];
    } else if (arg == "--quick") {
      options.quick = true;
    } else if (arg.starts_with("--")) {
      bad("unknown option " + std::string(arg));
    } else {
      options.guest_image = arg;
    }
  }
  if (options.quick) {
    if (!repeat_given) options.repeat = 1;
    if (!duration_given) options.duration = std::chrono::seconds(1);
  }
  return options;
}

}  // namespace vtick::realvm_bench
