#include "calibration/host_noise_stage.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>

#include "calibration/cpu_hogs.hpp"
#include "calibration/host_noise.hpp"
#include "calibration/quantiles.hpp"

namespace vtick::calibration {
namespace {

using nlohmann::ordered_json;

// As host.wakeup_latency: every 1 % (calibration/quantiles.hpp says why not every 5 %).
constexpr std::size_t kLengthQuantiles = kWakeupQuantiles;

struct RunResult {
  ordered_json json;
  GapFigures figures;
};

ordered_json summary_json(const std::vector<std::int64_t>& samples) {
  if (samples.empty()) return nullptr;
  const Summary s = summarize(samples);
  return ordered_json{{"samples", s.samples}, {"min_ns", s.min}, {"p50_ns", s.p50}, {"p90_ns", s.p90},
                      {"p99_ns", s.p99},      {"max_ns", s.max}, {"mean_ns", s.mean}};
}

double one_decimal(double x) { return std::round(x * 10) / 10; }

RunResult one_run(int cpu, std::int64_t run_ns, bool others_loaded) {
  const NoiseRun run = measure_noise(cpu, run_ns);
  const std::int64_t threshold = choose_threshold(run.detector);
  RunResult r{ordered_json::object(), gap_figures(run.detector, threshold)};
  const GapFigures& f = r.figures;
  ordered_json& j = r.json;
  j["cpu"] = cpu;
  j["other_cpus"] = others_loaded ? "one cpu_hog each" : "idle";
  j["reads"] = run.detector.reads();
  j["read_delta_ns"] = ordered_json{{"p50", delta_quantile(run.detector, 50, 100)},
                                    {"p99", delta_quantile(run.detector, 99, 100)},
                                    {"p99_9", delta_quantile(run.detector, 999, 1000)}};
  j["threshold_ns"] = threshold;
  j["observed_ns"] = f.observed_ns;
  j["gaps"] = f.lengths_ns.size();
  j["rate_per_s"] = one_decimal(f.rate_per_s());
  j["lost_ns"] = f.lost_ns;
  j["lost_share"] = f.lost_share();
  j["length"] = summary_json(f.lengths_ns);
  j["gaps_at_half_threshold"] = gap_figures(run.detector, threshold / 2).lengths_ns.size();
  j["gaps_at_double_threshold"] = gap_figures(run.detector, threshold * 2).lengths_ns.size();
  j["in_host_switches"] = ordered_json{{"gaps", f.switched}, {"ns", f.switched_ns}};
  j["short_delays"] = ordered_json{{"count", f.short_delays}, {"ns", f.short_delays_ns}};
  if (run.interrupts_known) {
    j["this_host_interrupts"] = ordered_json{{"all", run.interrupts.total}, {"local_timer", run.interrupts.local_timer}};
  }
  if (run.detector.overflowed()) j["overflowed"] = true;
  return r;
}

std::vector<std::unique_ptr<CpuHogs>> hogs_beside(int cpu, const std::vector<int>& cpus, std::int64_t run_ns) {
  using namespace std::chrono_literals;
  std::vector<std::unique_ptr<CpuHogs>> hogs;
  for (int other : cpus) {
    if (other != cpu) hogs.push_back(std::make_unique<CpuHogs>(other, 1, std::chrono::nanoseconds(run_ns) + 10s));
  }
  return hogs;
}

std::string say_run(const GapFigures& f) {
  char text[200];
  const auto lengths = f.lengths_ns.empty() ? Summary{} : summarize(f.lengths_ns);
  std::snprintf(text, sizeof text, "%.0f gaps/s, length p50 %.1f us, p99 %.1f us, %.2f %% of the time it ran; %.0f %% of the time in-host switches",
                f.rate_per_s(), static_cast<double>(lengths.p50) / 1000.0, static_cast<double>(lengths.p99) / 1000.0,
                100.0 * f.lost_share(),
                f.observed_ns > 0 ? 100.0 * static_cast<double>(f.switched_ns) / static_cast<double>(f.observed_ns) : 0.0);
  return text;
}

// The run-to-run spread of one CPU's idle runs: the smallest and largest of each figure.
ordered_json spread(const std::vector<RunResult>& runs) {
  std::vector<double> rates;
  std::vector<std::int64_t> p50s;
  std::vector<std::int64_t> p99s;
  for (const auto& r : runs) {
    rates.push_back(r.json["rate_per_s"].get<double>());
    if (r.figures.lengths_ns.empty()) continue;
    const Summary s = summarize(r.figures.lengths_ns);
    p50s.push_back(s.p50);
    p99s.push_back(s.p99);
  }
  const auto range = [](const auto& v) {
    if (v.empty()) return ordered_json(nullptr);
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return ordered_json::array({*lo, *hi});
  };
  return ordered_json{{"rate_per_s", range(rates)}, {"length_p50_ns", range(p50s)}, {"length_p99_ns", range(p99s)}};
}

}  // namespace

HostNoiseStage measure_host_noise(const HostNoisePlan& plan, const std::vector<int>& cpus,
                                  const std::function<void(const std::string&)>& say) {
  HostNoiseStage out;
  ordered_json& m = out.measured;
  m["run_ns"] = plan.run_ns;
  m["note"] =
      "a thread pinned to the CPU spins reading CLOCK_MONOTONIC; a gap is a delta between two reads above threshold_ns "
      "= max(1 us, 20 x p99 of the run's deltas); length = the delta. Gaps during which this host switched to another "
      "task (the thread's involuntary context switches changed) are counted under in_host_switches and left out. The "
      "rest is the hypervisor below or this host's own interrupts: not separable per gap; this_host_interrupts is how "
      "many this CPU handled meanwhile. rate_per_s = gaps / (observed time - gaps - in-host switches); lost_share = "
      "gaps' total / (observed time - in-host switches).";
  std::vector<std::int64_t> pooled;
  std::size_t gaps = 0;
  std::int64_t between_ns = 0;
  ordered_json per_cpu = ordered_json::object();
  ordered_json runs = ordered_json::array();
  for (int cpu : cpus) {
    std::vector<RunResult> cpu_runs;
    for (int i = 0; i < plan.idle_runs; ++i) {
      say("host noise: spin on CPU " + std::to_string(cpu) + ", run " + std::to_string(i + 1) + " of " +
          std::to_string(plan.idle_runs));
      cpu_runs.push_back(one_run(cpu, plan.run_ns, false));
      const GapFigures& f = cpu_runs.back().figures;
      say("  " + say_run(f));
      pooled.insert(pooled.end(), f.lengths_ns.begin(), f.lengths_ns.end());
      gaps += f.lengths_ns.size();
      between_ns += f.observed_ns - f.switched_ns - f.lost_ns;
      runs.push_back(cpu_runs.back().json);
    }
    per_cpu["cpu" + std::to_string(cpu)] = spread(cpu_runs);
  }
  m["runs"] = runs;
  m["spread_per_cpu"] = per_cpu;
  ordered_json loaded = ordered_json::array();
  for (int cpu : cpus) {
    if (cpus.size() < 2) break;
    for (int i = 0; i < plan.loaded_runs; ++i) {
      say("host noise: spin on CPU " + std::to_string(cpu) + " with a cpu_hog on every other CPU");
      const auto hogs = hogs_beside(cpu, cpus, plan.run_ns);
      const RunResult r = one_run(cpu, plan.run_ns, true);
      say("  " + say_run(r.figures));
      loaded.push_back(r.json);
    }
  }
  m["others_loaded"] = loaded;
  if (gaps == 0 || between_ns <= 0) {
    out.derived = "not written: no gap above the threshold in any idle run";
    return out;
  }
  NoiseProfileValue value;
  value.rate_per_s = one_decimal(static_cast<double>(gaps) * 1e9 / static_cast<double>(between_ns));
  value.length_quantiles = evenly_spaced_quantiles(pooled, kLengthQuantiles);
  value.comment = std::to_string(gaps) + " gaps of the idle runs on " + std::to_string(cpus.size()) +
                  " CPUs: rate and p0, p1, ..., p100 of their lengths";
  out.profile = value;
  out.derived =
      "rate_per_s = all idle runs' gaps / their time between gaps (every CPU pooled); length_quantiles = nearest-rank "
      "p0, p1, ..., p100 of those gaps' lengths. The loaded runs are reported only.";
  m["mean_length_as_modelled_ns"] = interpolated_mean(value.length_quantiles);
  m["mean_length_measured_ns"] = summarize(pooled).mean;
  return out;
}

}  // namespace vtick::calibration
