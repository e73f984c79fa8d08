#include "calibration/host_noise_stage.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <future>
#include <memory>

#include "calibration/cpu_hogs.hpp"
#include "calibration/host_noise.hpp"
#include "calibration/quantiles.hpp"

namespace vtick::calibration {
namespace {

using nlohmann::ordered_json;

// As host.wakeup_latency: every 1 % (calibration/quantiles.hpp says why not every 5 %).
constexpr std::size_t kLengthQuantiles = kWakeupQuantiles;
// Stalls are tens in a calibration: every 10 % (a nearest-rank quantile repeats values when
// fewer were seen).
constexpr std::size_t kStallQuantiles = 11;
// The long spin records deltas above this one by one; a quarter of a stall's least length, so
// that the deltas just short of it are reported too.
constexpr std::int64_t kStallRecordFloorNs = kStallMinNs / 4;

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

// host.noise: the idle runs' gaps up to kStallMinNs; the loaded runs are reported.
void measure_gaps(const HostNoisePlan& plan, const std::vector<int>& cpus,
                  const std::function<void(const std::string&)>& say, HostNoiseStage& out) {
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
      for (std::int64_t length : f.lengths_ns) {
        if (length <= kStallMinNs) pooled.push_back(length);
      }
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
  const std::size_t gaps = pooled.size();
  if (gaps == 0 || between_ns <= 0) {
    out.derived = "not written: no gap above the threshold in any idle run";
    return;
  }
  NoiseProfileValue value;
  value.rate_per_s = one_decimal(static_cast<double>(gaps) * 1e9 / static_cast<double>(between_ns));
  value.length_quantiles = evenly_spaced_quantiles(pooled, kLengthQuantiles);
  value.comment = std::to_string(gaps) + " gaps of the idle runs on " + std::to_string(cpus.size()) +
                  " CPUs: rate and p0, p1, ..., p100 of their lengths";
  out.profile = value;
  out.derived =
      "rate_per_s = all idle runs' gaps up to 1 ms / their time between gaps (every CPU pooled); length_quantiles = "
      "nearest-rank p0, p1, ..., p100 of those gaps' lengths. Longer gaps are host.stalls'. The loaded runs are "
      "reported only.";
  m["mean_length_as_modelled_ns"] = interpolated_mean(value.length_quantiles);
  m["mean_length_measured_ns"] = summarize(pooled).mean;
}

// One spin per CPU, all at once, each on its own pinned thread.
std::vector<NoiseRun> spin_every_cpu_at_once(const std::vector<int>& cpus, std::int64_t run_ns) {
  std::vector<std::future<NoiseRun>> spins;
  for (int cpu : cpus) spins.push_back(std::async(std::launch::async, measure_noise, cpu, run_ns, kStallRecordFloorNs));
  std::vector<NoiseRun> runs;
  for (auto& spin : spins) runs.push_back(spin.get());
  return runs;
}

std::string seconds_text(std::int64_t ns) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f s", static_cast<double>(ns) / 1e9);
  return text;
}

// This host's own tasks as host.background would take them: the long spin's in-host switches
// over its record floor, every CPU pooled. Reported, not written into the profile: two
// calibrations four hours apart on one machine saw 81 and 713 such runs over 1 ms in 40 s, and
// which tasks they are is not known yet (docs/calibration.md). `between_ns`: the spins' time
// outside stalls and those runs.
ordered_json background_figures(std::vector<std::int64_t> switched, std::int64_t between_ns) {
  if (switched.empty() || between_ns <= 0) return nullptr;
  const double rate = std::round(static_cast<double>(switched.size()) * 1e9 / static_cast<double>(between_ns) * 1000) / 1000;
  ordered_json quantiles = ordered_json::array();
  for (std::int64_t q : evenly_spaced_quantiles(switched, kStallQuantiles)) quantiles.push_back(q);
  return ordered_json{{"runs", switched.size()}, {"rate_per_s", rate}, {"length_quantiles_ns", quantiles}};
}

// host.stalls: the gaps over kStallMinNs of one long spin on every CPU at once. Every CPU
// spins, so a stall is seen whenever it comes; whether the layer below stops an idle CPU as
// often is assumed, not measured (docs/calibration.md).
void measure_stalls(const HostNoisePlan& plan, const std::vector<int>& cpus,
                    const std::function<void(const std::string&)>& say, HostNoiseStage& out) {
  if (plan.stall_run_ns <= 0) return;
  say("host stalls: spin on every CPU at once for " + seconds_text(plan.stall_run_ns) + ", counting gaps over 1 ms");
  std::vector<std::int64_t> pooled, switched;
  std::int64_t between_ns = 0, between_runs_ns = 0;
  ordered_json per_cpu = ordered_json::array();
  for (const NoiseRun& run : spin_every_cpu_at_once(cpus, plan.stall_run_ns)) {
    const GapFigures f = gap_figures(run.detector, kStallMinNs);
    pooled.insert(pooled.end(), f.lengths_ns.begin(), f.lengths_ns.end());
    // Every in-host switch the spin recorded (deltas over the record floor), not only those
    // over kStallMinNs: this host's own tasks' runs are shorter than stalls.
    const GapFigures all = gap_figures(run.detector, kStallRecordFloorNs);
    switched.insert(switched.end(), all.switched_lengths_ns.begin(), all.switched_lengths_ns.end());
    between_ns += f.observed_ns - f.switched_ns - f.lost_ns;
    between_runs_ns += f.observed_ns - all.switched_ns - f.lost_ns;
    ordered_json j{{"cpu", run.cpu},
                   {"observed_ns", f.observed_ns},
                   {"stalls", f.lengths_ns.size()},
                   {"rate_per_s", f.rate_per_s()},
                   {"length", summary_json(f.lengths_ns)},
                   {"in_host_switches", ordered_json{{"gaps", f.switched}, {"ns", f.switched_ns}}},
                   {"in_host_switches_over_floor", ordered_json{{"gaps", all.switched}, {"ns", all.switched_ns},
                                                                {"length", summary_json(all.switched_lengths_ns)}}},
                   {"gaps_over_half", gap_figures(run.detector, kStallMinNs / 2).lengths_ns.size()}};
    if (run.detector.overflowed()) j["overflowed"] = true;
    per_cpu.push_back(j);
  }
  out.measured["stalls"] = ordered_json{
      {"run_ns", plan.stall_run_ns},
      {"min_length_ns", kStallMinNs},
      {"note",
       "every CPU spins at once as the idle runs do; a stall is a delta over min_length_ns during which this host "
       "did not switch to another task (those are in_host_switches); gaps_over_half counts the deltas over half "
       "min_length_ns likewise. rate_per_s = stalls / (observed time - stalls - in-host switches). "
       "in_host_switches_over_floor: every delta over record_floor_ns during which this host switched to another "
       "task (this host's own tasks: kernel threads, daemons); background_as_host_background: those runs pooled "
       "as host.background would take them (rate over the time outside stalls and those runs; p0, p10, ..., p100 of "
       "their lengths), reported only, not written into the profile."},
      {"record_floor_ns", kStallRecordFloorNs},
      {"cpus", per_cpu}};
  out.measured["stalls"]["background_as_host_background"] = background_figures(std::move(switched), between_runs_ns);
  if (pooled.empty() || between_ns <= 0) {
    say("  no stall");
    out.derived += " host.stalls not written: no gap over 1 ms in the long spin.";
    return;
  }
  NoiseProfileValue value;
  value.rate_per_s = std::round(static_cast<double>(pooled.size()) * 1e9 / static_cast<double>(between_ns) * 1000) / 1000;
  value.length_quantiles = evenly_spaced_quantiles(pooled, kStallQuantiles);
  value.comment = std::to_string(pooled.size()) + " stalls over 1 ms in " + seconds_text(plan.stall_run_ns) + " on " +
                  std::to_string(cpus.size()) + " CPUs at once: rate and p0, p10, ..., p100 of their lengths";
  const Summary lengths = summarize(pooled);
  char text[160];
  std::snprintf(text, sizeof text, "  %zu stalls, %.3f per s per CPU, length p50 %.1f ms, max %.1f ms", pooled.size(),
                value.rate_per_s, static_cast<double>(lengths.p50) / 1e6, static_cast<double>(lengths.max) / 1e6);
  say(text);
  out.stalls = value;
  out.derived +=
      " host.stalls: rate_per_s = the long spin's stalls / its time between them (every CPU pooled); "
      "length_quantiles = nearest-rank p0, p10, ..., p100 of their lengths.";
}

}  // namespace

HostNoiseStage measure_host_noise(const HostNoisePlan& plan, const std::vector<int>& cpus,
                                  const std::function<void(const std::string&)>& say) {
  HostNoiseStage out;
  measure_gaps(plan, cpus, say, out);
  measure_stalls(plan, cpus, say, out);
  return out;
}

}  // namespace vtick::calibration
