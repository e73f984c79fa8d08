// Figures for docs/realvm.md and docs/performance.md: the cost of one VM exit and of one
// timer hypercall, the user-space PIT's injection latency, and every timer scheme's timer
// lateness, clock offset and lost ticks, each idle and under real host load, beside the
// lateness a plain host thread sees for the same timer under the same load.
//   vtick_realvm_bench [guest.elf] [--repeat N] [--duration S] [--quick] [--schemes SUBSTRING]
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "bench/realvm/exit_cost.hpp"
#include "realvm/measure/injection_latency.hpp"
#include "bench/realvm/load_condition.hpp"
#include "bench/realvm/native_timer.hpp"
#include "bench/realvm/options.hpp"
#include "bench/realvm/report.hpp"
#include "bench/realvm/scheme_run.hpp"
#include "realvm/vmm/error.hpp"

namespace {

namespace bench = vtick::realvm_bench;
using namespace std::chrono_literals;

// Without a usable /dev/kvm nothing here can run: CTest's SKIP_RETURN_CODE for the smoke test.
constexpr int kNoKvm = 77;
constexpr std::uint32_t kExitIterations = 2000;
constexpr std::uint32_t kHypercallPairs = 500;
// A benchmark VM's own timeout (60 s) plus room: the load outlives no measurement by much.
constexpr std::chrono::nanoseconds kBenchLoadLimit = 70s;

bench::ConditionRepeat measure(const bench::Options& options, bench::Condition condition) {
  bench::ConditionRepeat repeat;
  {
    bench::LoadScope load(condition, kBenchLoadLimit);
    repeat.exit_us = bench::exit_round_trip_us(options.guest_image, kExitIterations);
  }
  {
    bench::LoadScope load(condition, kBenchLoadLimit);
    repeat.hypercall_us = bench::timer_hypercall_us(options.guest_image, kHypercallPairs);
  }
  {
    bench::LoadScope load(condition, kBenchLoadLimit);
    repeat.hypercall_host_kernel_us = bench::timer_hypercall_us(options.guest_image, kHypercallPairs,
                                                                vtick::realvm::vmm::OutsourcingDelivery::host_kernel);
  }
  {
    bench::LoadScope load(condition, options.duration + 5s);
    const bench::NativeTimerRun native = bench::native_timer_lateness(bench::kTimerPeriod, options.duration);
    repeat.native_late = bench::percentiles(native.lateness_ns);
    repeat.native_overruns = native.overruns;
    if (repeat.native_late) {
      std::printf("%-28s %zu wake-ups; late p50 %.3f ms p99 %.3f ms max %.3f ms; overruns %llu\n", "native timerfd",
                  repeat.native_late->samples, repeat.native_late->p50 / 1e6, repeat.native_late->p99 / 1e6,
                  repeat.native_late->max / 1e6, static_cast<unsigned long long>(native.overruns));
    }
  }
  for (const bench::Scheme& scheme : bench::kSchemes) {
    if (!bench::selected(scheme, options.schemes)) {
      repeat.schemes.push_back(std::nullopt);
      continue;
    }
    bench::LoadScope load(condition, 3 * options.duration + 15s);
    const auto result = bench::run_scheme(options.guest_image, scheme, options.duration);
    repeat.schemes.push_back(result ? std::optional(bench::figures_of(*result, scheme)) : std::nullopt);
    if (result && &scheme == &bench::kSchemes[0]) {
      repeat.injection = vtick::realvm::measure::injection_latencies(*result, bench::pit_tick_ns());
    }
  }
  return repeat;
}

}  // namespace

int main(int argc, char** argv) {
  // Line by line even into a pipe or file: a full run takes minutes, and CTest shows the tail.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  try {
    const bench::Options options = bench::parse_options(argc, argv, VTICK_GUEST_IMAGE);
    bench::pin_to_measured_cpu();
    std::vector<std::vector<bench::ConditionRepeat>> by_condition(std::size(bench::kConditions));
    // Conditions interleave within each repeat, so a slow drift in the host's background
    // load spreads over all of them rather than over one.
    for (int r = 0; r < options.repeat; ++r) {
      for (std::size_t c = 0; c < std::size(bench::kConditions); ++c) {
        std::printf("== %s, repeat %d of %d, %.1f s runs, all on CPU 0\n",
                    std::string(bench::condition_description(bench::kConditions[c])).c_str(), r + 1, options.repeat,
                    std::chrono::duration<double>(options.duration).count());
        by_condition[c].push_back(measure(options, bench::kConditions[c]));
      }
    }
    for (std::size_t c = 0; c < std::size(bench::kConditions); ++c) {
      bench::print_timer_table(bench::kConditions[c], by_condition[c], options.schemes);
    }
    bench::print_cost_table(by_condition);
  } catch (const vtick::realvm::vmm::KvmUnavailable& error) {
    std::fprintf(stderr, "vtick_realvm_bench: skipped: %s\n", error.what());
    return kNoKvm;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "vtick_realvm_bench: %s\n", error.what());
    return 1;
  }
  return 0;
}
