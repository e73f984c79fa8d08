// sleeper_beside_hogs CPU PERIOD_US BURST_US SECONDS HOGS
//
// What the host scheduler does to a periodic sleeper beside CPU hogs, measured on this host:
// calibrate's own wake-up measurement (calibration/timer_wakeup: a timerfd on an absolute
// grid of PERIOD_US, slack 1 ns) with a BURST_US spin after each wake-up, beside HOGS of
// calibrate's cpu_hogs, all on CPU. Prints the lateness distribution and a histogram of the
// late wake-ups. tests/host/eevdf_test.cpp runs the same configuration in the model;
// docs/host-scheduler.md compares the two.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <vector>

#include "calibration/cpu_hogs.hpp"
#include "calibration/measuring_cpu.hpp"
#include "calibration/quantiles.hpp"
#include "calibration/timer_wakeup.hpp"

namespace {

using namespace vtick::calibration;

long arg(char** argv, int i, const char* name, long min) {
  char* end = nullptr;
  const long value = std::strtol(argv[i], &end, 10);
  if (*end != '\0' || value < min) {
    std::fprintf(stderr, "sleeper_beside_hogs: %s must be an integer >= %ld, not '%s'\n", name, min, argv[i]);
    std::exit(2);
  }
  return value;
}

double us(std::int64_t ns) { return static_cast<double>(ns) / 1000; }

void print(const WakeupPlan& plan, const WakeupRun& run, long hogs, int cpu) {
  const Summary s = summarize(run.lateness_ns);
  std::size_t over_1ms = 0;
  std::vector<int> bins(40, 0);  // wake-ups later than 100 us, by 250 us
  for (const std::int64_t late : run.lateness_ns) {
    over_1ms += late > 1'000'000 ? 1 : 0;
    if (late > 100'000) ++bins[static_cast<std::size_t>(std::min<std::int64_t>(39, late / 250'000))];
  }
  std::printf("period %.0f us, burst %.0f us, %ld hog(s) on CPU %d: n=%zu p50=%.1f p90=%.1f p99=%.1f max=%.1f us "
              "mean=%.1f us; over 1 ms %zu; overruns (a wait over a period) %llu\n",
              us(plan.period_ns), us(plan.burst_ns), hogs, cpu, s.samples, us(s.p50), us(s.p90), us(s.p99), us(s.max),
              us(s.mean), over_1ms, static_cast<unsigned long long>(run.overruns));
  std::printf("wake-ups later than 100 us, by 250 us bin:");
  for (std::size_t i = 0; i < bins.size(); ++i) {
    if (bins[i] > 0) std::printf(" [%.2f, %.2f) ms: %d", 0.25 * static_cast<double>(i), 0.25 * static_cast<double>(i + 1), bins[i]);
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: sleeper_beside_hogs CPU PERIOD_US BURST_US SECONDS HOGS\n");
    return 2;
  }
  const int cpu = static_cast<int>(arg(argv, 1, "CPU", 0));
  WakeupPlan plan;
  plan.sleeper = Sleeper::timerfd;
  plan.slack_ns = 1;
  plan.period_ns = arg(argv, 2, "PERIOD_US", 100) * 1000;
  plan.burst_ns = arg(argv, 3, "BURST_US", 0) * 1000;
  const long seconds = arg(argv, 4, "SECONDS", 1);
  const long hogs = arg(argv, 5, "HOGS", 0);
  if (plan.burst_ns >= plan.period_ns) {
    std::fprintf(stderr, "sleeper_beside_hogs: BURST_US must be shorter than PERIOD_US\n");
    return 2;
  }
  plan.samples = static_cast<std::size_t>(seconds * 1'000'000'000L / plan.period_ns);
  try {
    const PinnedTo pinned(cpu);  // measure_wakeup's thread inherits the affinity
    std::optional<CpuHogs> load;
    if (hogs > 0) load.emplace(cpu, static_cast<int>(hogs), std::chrono::seconds(2 * seconds + 10));
    print(plan, measure_wakeup(plan), hogs, cpu);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sleeper_beside_hogs: %s\n", e.what());
    return 3;
  }
  return 0;
}
