#include "tools/vtick/loadcurve_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "build_id.hpp"
#include "calibration/calibrate.hpp"
#include "crosscheck/metrics.hpp"
#include "crosscheck/verdict.hpp"
#include "loadcurve/atomic_file.hpp"
#include "loadcurve/band.hpp"
#include "loadcurve/curve_summary.hpp"
#include "loadcurve/hog_scenario.hpp"
#include "loadcurve/plan.hpp"
#include "realvm/linux/subprocess.hpp"
#include "realvm/qemu/find_executable.hpp"
#include "realvm/vmm/error.hpp"
#include "realvm/vmm/kvm_system.hpp"
#include "sim/duration.hpp"
#include "sim/expectations.hpp"
#include "sim/join.hpp"
#include "sim/plot.hpp"
#include "sim/sample_stats.hpp"
#include "sim/runner/run.hpp"
#include "sim/scenario_parser.hpp"
#include "tools/vtick/calibrate_command.hpp"
#include "tools/vtick/cli_support.hpp"
#include "tools/vtick/progress_line.hpp"
#include "tools/vtick/realvm_command.hpp"

namespace vtick::tools {
namespace {

namespace fs = std::filesystem;
using crosscheck::RealEngine;
using loadcurve::CurveRow;
using loadcurve::Source;
using nlohmann::ordered_json;

constexpr const char* kProfileFile = "host-profile.yaml";

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string last_line(const std::string& text) {
  std::string line, last;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last;
}

void say(const std::string& line) { std::fprintf(stderr, "vtick loadcurve: %s\n", line.c_str()); }

std::string minutes(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f min", seconds / 60.0);
  return text;
}

/// Why `engine` cannot run on this host, or empty when it can.
std::string unavailable(RealEngine engine) {
  if (engine == RealEngine::Kvm) {
    try {
      realvm::vmm::KvmSystem kvm;
      return "";
    } catch (const realvm::vmm::KvmUnavailable& e) {
      return std::string("no usable /dev/kvm (") + e.what() + ")";
    }
  }
  if (!realvm::qemu::find_executable("qemu-system-x86_64")) return "qemu-system-x86_64 is not on PATH";
  return "";
}

/// Everything the run needs, checked before the first measurement.
struct Setup {
  sim::Scenario original;
  std::string original_yaml;
  loadcurve::CurvePlan plan;
  bool pinned = false;
  fs::path out;
  std::vector<RealEngine> runnable;
  ordered_json engines = ordered_json::array();  ///< per requested engine: its status
};

sim::TimeNs duration_option(const std::string& text) {
  try {
    return sim::parse_duration(text);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("--duration: ") + e.what());
  }
}

std::string hog_file_name(int hogs) { return "hogs-" + std::to_string(hogs) + ".yaml"; }

/// The rewritten scenario for `hogs`, parsed as if it were out/scenarios/hogs-N.yaml.
sim::Scenario rewritten(const Setup& s, int hogs, const std::string& host_profile, std::string* yaml = nullptr) {
  const std::string text = loadcurve::hog_scenario_yaml(
      s.original_yaml, s.original, {hogs, s.pinned, s.plan.duration_ns, host_profile});
  if (yaml) *yaml = text;
  return sim::parse_scenario(text, (s.out / "scenarios" / hog_file_name(hogs)).string());
}

/// The scenario's own profile, absolute, for the checks and the estimate made before calibrating.
std::string original_profile(const sim::Scenario& original) {
  if (original.host_profile.empty()) return "";
  return fs::absolute(fs::path(original.file).parent_path() / original.host_profile).string();
}

/// Wall seconds of the whole simulation, from one seed at the largest hog count (an upper
/// estimate: fewer hogs simulate faster).
double estimated_simulation_seconds(const Setup& s) {
  const int most = *std::max_element(s.plan.hogs.begin(), s.plan.hogs.end());
  const sim::Scenario probe = rewritten(s, most, original_profile(s.original));
  const auto start = std::chrono::steady_clock::now();
  (void)crosscheck::predict(probe, 1, {});
  const double one = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return one * s.plan.seeds * static_cast<double>(s.plan.hogs.size());
}

/// Writes out/host-profile.yaml: calibrated now, or copied from `reuse`. Returns summary.json's
/// "profile" section.
ordered_json prepare_profile(const fs::path& out, const std::string& reuse, bool quick) {
  const fs::path target = out / kProfileFile;
  if (!reuse.empty()) {
    fs::copy_file(reuse, target, fs::copy_options::overwrite_existing);
    return {{"source", "file"}, {"from", reuse}, {"path", kProfileFile}};
  }
  calibration::CalibrateOptions options;
  options.quick = quick;
  options.guest_image = VTICK_GUEST_IMAGE;
  options.build_id = kBuildId;
  options.note = "vtick loadcurve, right before its real runs";
  find_linux_guest(options);
  options.progress = [](std::string_view line) { std::fprintf(stderr, "vtick calibrate: %.*s\n", static_cast<int>(line.size()), line.data()); };
  const calibration::Calibration result = calibration::calibrate(options);
  calibration::write_profile(result.profile, target.string());
  if (!result.failed.empty()) throw std::runtime_error("vtick calibrate failed: " + sim::join(result.failed, "; "));
  return {{"source", std::string("vtick calibrate") + (quick ? " --quick" : "") + " (in process, before the real runs)"},
          {"path", kProfileFile},
          {"unavailable", result.unavailable}};
}

/// Writes out/scenarios/hogs-N.yaml for every hog count (profile: ../host-profile.yaml) and
/// returns them parsed, in hog order.
std::vector<sim::Scenario> write_scenarios(const Setup& s) {
  fs::create_directories(s.out / "scenarios");
  std::vector<sim::Scenario> scenarios;
  for (int n : s.plan.hogs) {
    std::string yaml;
    scenarios.push_back(rewritten(s, n, std::string("../") + kProfileFile, &yaml));
    loadcurve::write_atomically(s.out / "scenarios" / hog_file_name(n), yaml);
  }
  return scenarios;
}

struct Recording {
  std::vector<CurveRow> rows;
  std::vector<std::string> failed;  ///< one line per failed run
};

/// One real run of `scenario_file` on `engine`: its row, or why there is none. Exit 4 means the
/// engine is missing after all; the caller stops using it.
std::optional<CurveRow> record_one(RealEngine engine, const fs::path& scenario_file, const sim::Scenario& scenario,
                                   int hogs, int run, const fs::path& trace, std::string& error, bool& engine_missing) {
  fs::remove_all(trace);
  std::vector<std::string> argv = {fs::read_symlink("/proc/self/exe").string()};
  const auto args = crosscheck::recording_arguments({"", scenario_file, engine}, trace);
  argv.insert(argv.end(), args.begin(), args.end());
  const auto result = realvm::linux_guest::run_command(argv, fs::current_path());
  engine_missing = result.exit_status == kExitNoKvm;
  // 1: an expectation of the scenario failed; the trace is complete all the same.
  if (result.exit_status != 0 && result.exit_status != 1) {
    error = "exit " + std::to_string(result.exit_status) + ": " + last_line(result.output);
    return std::nullopt;
  }
  const auto metrics = crosscheck::load_metrics(trace, crosscheck::compared_workloads(scenario));
  return loadcurve::curve_row(hogs, Source::Real, crosscheck::engine_name(engine), run, metrics,
                              loadcurve::curve_metrics(scenario));
}

/// The real runs: round by round, every hog count in each round, so that a host whose
/// conditions drift over the hour spreads that drift over all counts rather than one.
Recording record(Setup& s, const std::vector<sim::Scenario>& scenarios, double estimate) {
  Recording r;
  const std::size_t total = s.runnable.size() * s.plan.hogs.size() * static_cast<std::size_t>(s.plan.repeat);
  std::size_t done = 0;
  const auto start = std::chrono::steady_clock::now();
  for (auto engine = s.runnable.begin(); engine != s.runnable.end();) {
    bool missing = false;
    for (int run = 1; run <= s.plan.repeat && !missing; ++run) {
      for (std::size_t h = 0; h < s.plan.hogs.size() && !missing; ++h) {
        const int n = s.plan.hogs[h];
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        say("[" + std::to_string(++done) + "/" + std::to_string(total) + "] " + crosscheck::engine_name(*engine) + ", " +
            std::to_string(n) + " hogs, run " + std::to_string(run) + "/" + std::to_string(s.plan.repeat) + " (" +
            sim::format_duration(s.plan.duration_ns) + "); about " + minutes(std::max(0.0, estimate - elapsed)) +
            " of recording left");
        const fs::path trace = s.out / "real" / crosscheck::engine_name(*engine) / ("hogs-" + std::to_string(n)) /
                               ("run-" + std::to_string(run));
        std::string error;
        auto row = record_one(*engine, s.out / "scenarios" / hog_file_name(n), scenarios[h], n, run, trace, error, missing);
        if (row) r.rows.push_back(std::move(*row));
        if (!row && !missing) r.failed.push_back(trace.string() + ": " + error);
        if (!row) say(std::string("  ") + (missing ? "engine unavailable: " : "run failed: ") + error);
        if (missing) {
          for (auto& e : s.engines) {
            if (e["engine"] == crosscheck::engine_name(*engine)) e["status"] = "skipped: " + error;
          }
        }
      }
    }
    engine = missing ? s.runnable.erase(engine) : engine + 1;
  }
  return r;
}

/// The prediction: seeds 1..N of every rewritten scenario (crosscheck::predict).
std::vector<CurveRow> simulate(const Setup& s, const std::vector<sim::Scenario>& scenarios) {
  std::vector<CurveRow> rows;
  ProgressLine progress;
  const sim::TimeNs total = s.plan.duration_ns * s.plan.seeds * static_cast<sim::TimeNs>(scenarios.size());
  for (std::size_t h = 0; h < scenarios.size(); ++h) {
    const sim::TimeNs before = s.plan.duration_ns * s.plan.seeds * static_cast<sim::TimeNs>(h);
    const auto prediction = crosscheck::predict(scenarios[h], s.plan.seeds, [&](int done, int) {
      progress.update(before + s.plan.duration_ns * done, total);
    });
    const auto metrics = loadcurve::curve_metrics(scenarios[h]);
    for (std::size_t i = 0; i < prediction.runs.size(); ++i) {
      rows.push_back(loadcurve::curve_row(s.plan.hogs[h], Source::Sim, "", static_cast<int>(i) + 1, prediction.runs[i], metrics));
    }
  }
  progress.finish();
  return rows;
}

/// The rank (1 = smallest) of the nearest-rank quantile p among `seeds` values.
std::string band_rank(int seeds, double p) {
  std::vector<double> ranks;
  for (int r = 1; r <= seeds; ++r) ranks.push_back(r);
  return sim::format_number(*sim::quantile_of(ranks, p));
}

std::vector<std::string> approximations(const Setup& s) {
  std::vector<std::string> a{
      "run.sampling: the prediction samples the guest clock from a guest timer (guest_timer), as every real engine's "
      "guest does, whatever the scenario says.",
      "Band: nearest-rank quantiles (sim/sample_stats) over " + std::to_string(s.plan.seeds) +
          " seeds; its edges are single seeds, of rank " + band_rank(s.plan.seeds, loadcurve::kBandLow) + " and " +
          band_rank(s.plan.seeds, loadcurve::kBandHigh) + " counted from the smallest.",
      "duration_ns is host time to a run's last clock sample (series.csv), the span its drift is fitted over, not "
      "the run's wall time (which includes boot).",
      "The hogs are the model's cpu_hog tasks at nice 0; the real ones (realvm/load) also share their CPUs with "
      "whatever else runs on this host and with the host below it, which the model sees only through the profile.",
  };
  if (s.plan.smoke) {
    a.push_back("Smoke run (--smoke): fewer than " + std::to_string(loadcurve::kMinRepeat) + " runs per hog count or runs "
                "shorter than " + sim::format_duration(loadcurve::kMinDurationNs) + "; it shows the tool works, it is not "
                "a curve to judge the model by.");
  }
  return a;
}

/// The command that repeats this curve (the profile as used: calibrated again, or the same file).
std::string command_line(const Setup& s, const std::string& scenario_path, const std::string& profile, bool quick) {
  std::vector<std::string> hogs;
  for (int n : s.plan.hogs) hogs.push_back(std::to_string(n));
  std::vector<std::string> engines;
  for (auto e : s.plan.engines) engines.push_back(crosscheck::engine_name(e));
  return "vtick loadcurve " + scenario_path + " --hogs " + sim::join(hogs, ",") + " --repeat " +
         std::to_string(s.plan.repeat) + (s.pinned ? " --pin" : " --no-pin") + " --duration " +
         sim::format_duration(s.plan.duration_ns) + " --seeds " + std::to_string(s.plan.seeds) + " --engine " +
         sim::join(engines, ",") + (s.plan.smoke ? " --smoke" : "") +
         (profile.empty() ? (quick ? " --quick-calibration" : "") : " --profile " + profile) + " --out " + s.out.string();
}

std::vector<std::string> engine_names(const std::vector<RealEngine>& engines) {
  std::vector<std::string> names;
  for (RealEngine e : engines) names.push_back(crosscheck::engine_name(e));
  return names;
}

/// Splits the requested engines into those this host runs and those whose curve is skipped.
void check_engines(Setup& s) {
  for (RealEngine e : s.plan.engines) {
    const std::string why = unavailable(e);
    if (why.empty()) s.runnable.push_back(e);
    if (!why.empty()) say("the " + std::string(crosscheck::engine_name(e)) + " curve is skipped: " + why);
    s.engines.push_back({{"engine", crosscheck::engine_name(e)}, {"status", why.empty() ? "recorded" : "skipped: " + why}});
  }
}

void print_estimate(const Setup& s, double calibrating, double recording) {
  const double simulation = estimated_simulation_seconds(s);
  say("about " + minutes(calibrating + recording + simulation) + " in all: calibration " + minutes(calibrating) +
      ", recording " + minutes(recording) + ", simulation at most " + minutes(simulation) + " (" +
      std::to_string(s.plan.seeds * static_cast<int>(s.plan.hogs.size())) + " runs)");
}

/// curve.png/.svg; returns what gnuplot did (summary.json's "plot"). The legend names only
/// the engines that ran.
std::string draw(const Setup& s, const std::vector<loadcurve::CurveMetric>& metrics) {
  std::vector<std::string> metric_names;
  for (const auto& m : metrics) metric_names.push_back(m.name);
  const auto result = sim::plot_loadcurve(s.out / "curve.csv", s.out / "band.csv", s.out, metric_names,
                                          engine_names(s.runnable),
                                          s.original.name + (s.pinned ? ", hogs pinned" : ", hogs unpinned"));
  say("plot: " + result.message);
  return result.message;
}

/// summary.json's fields that say what was run and how.
ordered_json summary_head(const Setup& s, const std::string& scenario_path, const std::string& profile_file, bool quick,
                          const ordered_json& profile) {
  return {{"tool", "vtick loadcurve"},
          {"build", kBuildId},
          {"command", command_line(s, scenario_path, profile_file, quick)},
          {"scenario", s.original.name},
          {"scenario_file", scenario_path},
          {"smoke", s.plan.smoke},
          {"hogs", s.plan.hogs},
          {"pinned", s.pinned},
          {"hog_cpus", s.pinned ? ordered_json(loadcurve::vmm_cpus(s.original)) : ordered_json()},
          {"repeat", s.plan.repeat},
          {"duration_ns", s.plan.duration_ns},
          {"seeds", s.plan.seeds},
          {"profile", profile},
          {"scenario_profile_replaced", s.original.host_profile},
          {"engines", s.engines}};
}

}  // namespace

LoadcurveCommand::LoadcurveCommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "loadcurve",
      "Real runs against the simulator's distribution over a range of CPU hog counts: curve.csv, curve.png, "
      "summary.json (docs/loadcurve.md)");
  command_->add_option("scenario", scenario_path_, "Scenario YAML file (scenarios/realvm/*.yaml, scenarios/linux/*.yaml)")
      ->required();
  command_->add_option("--hogs", hogs_, "Comma-separated CPU hog counts replacing the scenario's load (default 0,1,2,3,4,6)")
      ->delimiter(',');
  command_->add_option("--repeat", repeat_, "Real runs per hog count and engine (default 5, at least 5 without --smoke)");
  command_->add_option("--duration", duration_,
                       "Length of every run, e.g. 60s (default: the scenario's run.duration, at least 30s; less only "
                       "with --smoke)");
  command_->add_option("--seeds", seeds_, "Simulated seeds 1..N per hog count (default 20, at least 20)");
  auto* pin = command_->add_flag("--pin", pin_, "Pin the hogs to the VMM's CPUs (vmm.affinity, else CPU 0 for both)");
  auto* no_pin = command_->add_flag("--no-pin", no_pin_, "Let the hogs run on every CPU (the default)");
  pin->excludes(no_pin);
  command_->add_option("--engine", engines_,
                       "Comma-separated real engines: kvm (vtick realvm run), qemu (realvm qemu), linux (realvm linux); "
                       "default: those vtick validate uses for the file")
      ->delimiter(',');
  command_->add_option("--profile", profile_, "Use this host profile instead of calibrating before the real runs");
  command_->add_flag("--quick-calibration", quick_calibration_, "Calibrate with vtick calibrate --quick (about 70 s)");
  command_->add_flag("--smoke", smoke_,
                     "Smoke test: allow --repeat below 5 and --duration below 30s; the output says smoke: true");
  command_->add_option("--out", out_dir_, "Output directory (default out/loadcurve-<scenario name>)");
  command_->add_flag("--no-plot", no_plot_, "Do not run gnuplot");
  command_->footer(
      "Run from the repository root. Writes DIR/curve.csv, band.csv, curve.{png,svg}, summary.json, the rewritten "
      "scenarios (DIR/scenarios), the profile used (DIR/host-profile.yaml) and every real trace (DIR/real). Exit "
      "status: 0 every curve recorded, 2 bad input, 3 internal error or a real run failed, 4 a requested engine is "
      "unavailable here (its curve skipped, the rest written).");
}

int LoadcurveCommand::execute() { return exit_code_of([&] { return run(); }); }

int LoadcurveCommand::run() {
  Setup s;
  s.original = sim::load_scenario_file(scenario_path_);
  s.original_yaml = read_text(scenario_path_);
  s.plan.hogs = hogs_;
  s.plan.repeat = repeat_;
  s.plan.duration_ns = duration_.empty() ? loadcurve::default_duration(s.original) : duration_option(duration_);
  s.plan.seeds = seeds_;
  s.plan.smoke = smoke_;
  for (const auto& name : engines_) s.plan.engines.push_back(loadcurve::parse_engine(name));
  if (engines_.empty()) s.plan.engines = loadcurve::default_engines(scenario_path_);
  loadcurve::check_plan(s.plan);
  s.pinned = pin_;
  if (!profile_.empty() && !fs::is_regular_file(profile_)) throw std::invalid_argument("--profile " + profile_ + ": no such file");
  s.out = out_dir_.empty() ? fs::path("out/loadcurve-" + s.original.name) : fs::path(out_dir_);
  for (int n : s.plan.hogs) (void)rewritten(s, n, original_profile(s.original));  // bad rewrites fail now, not in an hour
  check_engines(s);
  const double recording = loadcurve::estimated_recording_seconds(s.plan, s.runnable);
  // Calibration's own run time on the 2-CPU development VM with /dev/kvm, QEMU and a cached
  // Debian kernel (each engine's stage and the host stalls' spin included): about 70 s quick,
  // 270 s in full.
  print_estimate(s, profile_.empty() ? (quick_calibration_ ? 70.0 : 270.0) : 0.0, recording);

  fs::create_directories(s.out);
  const ordered_json profile = prepare_profile(s.out, profile_, quick_calibration_);
  const auto scenarios = write_scenarios(s);
  Recording real = record(s, scenarios, recording);
  for (auto& row : simulate(s, scenarios)) real.rows.push_back(std::move(row));

  const auto metrics = loadcurve::curve_metrics(scenarios.front());
  loadcurve::write_atomically(s.out / "curve.csv", loadcurve::curve_csv(real.rows, metrics));
  loadcurve::write_atomically(s.out / "band.csv", loadcurve::band_csv(real.rows, metrics, s.plan.hogs));
  const ordered_json plot = no_plot_ ? ordered_json() : ordered_json(draw(s, metrics));
  ordered_json summary = summary_head(s, scenario_path_, profile_, quick_calibration_, profile);
  summary["failed_runs"] = real.failed;
  summary["band"] = {{"low", loadcurve::kBandLow}, {"high", loadcurve::kBandHigh}, {"quantile", "nearest rank (sim/sample_stats)"}};
  summary["curves"] = loadcurve::curve_points(real.rows, metrics, engine_names(s.plan.engines), s.plan.hogs);
  summary["plot"] = plot;
  summary["approximations"] = approximations(s);
  loadcurve::write_atomically(s.out / "summary.json", summary.dump(2) + "\n");
  say("wrote " + (s.out / "curve.csv").string() + " and " + (s.out / "summary.json").string());
  if (!real.failed.empty()) return kExitInternal;
  return s.runnable.size() == s.plan.engines.size() ? 0 : kExitNoKvm;
}

}  // namespace vtick::tools
