// vtick_bench: the event rate of vtick's model against that of the bare SystemC kernel.
//
//   vtick_bench [--quick] [--repeat N]
//
// One process: first a bare SystemC ping-pong (two SC_METHODs notifying each other 1 ns
// apart), then the loaded-host scenario for 1 hour of simulated time on the SystemC engine
// and on the direct engine. Prints one row per run: events, wall seconds, events per wall
// second, simulated seconds per wall second, and events/s as a fraction of the ping-pong's.
// Targets: model >= 50% of the bare kernel's events/s; the 1-hour SystemC run < 10 s wall.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/bare_kernel.hpp"
#include "bench/bench_scenarios.hpp"
#include "sim/runner/run.hpp"
#include "sim/systemc_engine.hpp"

namespace {

using vtick::sim::EngineKind;
using vtick::sim::kNsPerSec;
using vtick::sim::TimeNs;

struct Options {
  TimeNs duration_ns = 3600 * kNsPerSec;
  std::uint64_t ping_pong_activations = 20'000'000;
  int repeat = 1;
};

struct Sample {
  std::uint64_t events = 0;
  double wall_s = 0.0;
  double simulated_s = 0.0;
};

/// One row of the table: the same run repeated; figures are taken from the median wall time.
struct Row {
  std::string name;
  std::vector<Sample> samples;

  [[nodiscard]] Sample median() const {
    std::vector<Sample> sorted = samples;
    std::sort(sorted.begin(), sorted.end(), [](const Sample& a, const Sample& b) { return a.wall_s < b.wall_s; });
    return sorted[sorted.size() / 2];
  }
  [[nodiscard]] double min_wall_s() const {
    double best = samples.front().wall_s;
    for (const Sample& s : samples) best = std::min(best, s.wall_s);
    return best;
  }
  [[nodiscard]] double events_per_s() const { return static_cast<double>(median().events) / median().wall_s; }
  [[nodiscard]] double best_events_per_s() const { return static_cast<double>(median().events) / min_wall_s(); }
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "vtick_bench: %s\nusage: vtick_bench [--quick] [--repeat N]\n", message.c_str());
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--quick") {
      o.duration_ns = 60 * kNsPerSec;
      o.ping_pong_activations = 2'000'000;
    } else if (arg == "--repeat" && i + 1 < argc) {
      o.repeat = std::atoi(argv[++i]);
      if (o.repeat < 1) usage_error("--repeat needs a positive count");
    } else if (arg == "--help" || arg == "-h") {
      std::printf("usage: vtick_bench [--quick] [--repeat N]\n"
                  "  --quick     60 s of simulated time instead of 3600 s (smoke run)\n"
                  "  --repeat N  run everything N times; report the median and min wall time\n");
      std::exit(0);
    } else {
      usage_error("unknown argument '" + std::string(arg) + "'");
    }
  }
  return o;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  }
  return "unknown";
}

Sample run_model(const vtick::sim::Scenario& scenario, EngineKind engine) {
  vtick::sim::runner::RunOptions options;
  options.engine = engine;
  options.build_id = "vtick_bench";
  const auto start = std::chrono::steady_clock::now();
  const auto result = vtick::sim::runner::run_scenario(scenario, options);
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  return {result.summary["sim"]["events"].get<std::uint64_t>(), wall.count(),
          static_cast<double>(scenario.run.duration_ns) / kNsPerSec};
}

void print_table(const std::vector<Row>& rows, int repeat) {
  const Row& bare = rows.front();
  std::printf("\n%-24s %11s %8s %8s %11s %11s %9s %8s %8s\n", "run", "events", "wall s", "min s", "events/s",
              "best ev/s", "sim/wall", "vs bare", "best vs");
  for (const Row& row : rows) {
    const Sample m = row.median();
    std::printf("%-24s %11llu %8.3f %8.3f %11.0f %11.0f %9.4g %7.1f%% %7.1f%%\n", row.name.c_str(),
                static_cast<unsigned long long>(m.events), m.wall_s, row.min_wall_s(), row.events_per_s(),
                row.best_events_per_s(), m.simulated_s / m.wall_s, 100.0 * row.events_per_s() / bare.events_per_s(),
                100.0 * row.best_events_per_s() / bare.best_events_per_s());
  }
  std::printf("\nwall s: median of %d run%s; min s: fastest. events/s, sim/wall and 'vs bare' use the median,\n"
              "'best ev/s' and 'best vs' the fastest run of each row (least disturbed by other load).\n",
              repeat, repeat == 1 ? "" : "s");
}

void print_verdict(const std::vector<Row>& rows, const Options& o) {
  const Row& bare = rows.front();
  const double to_hour = 3600.0 * kNsPerSec / static_cast<double>(o.duration_ns);
  for (const Row& row : rows) {
    if (row.name.find("systemc") == std::string::npos || &row == &bare) continue;
    const double ratio = row.events_per_s() / bare.events_per_s();
    const double best_ratio = row.best_events_per_s() / bare.best_events_per_s();
    const double hour_wall = row.median().wall_s * to_hour;
    std::printf("target %-20s events/s >= 50%% of bare: %s (median %.1f%%, best %.1f%%); "
                "1 h simulated < 10 s wall: %s (%.2f s%s)\n",
                row.name.c_str(), ratio >= 0.5 ? "MET" : "NOT MET", 100.0 * ratio, 100.0 * best_ratio,
                hour_wall < 10.0 ? "MET" : "NOT MET", hour_wall, to_hour == 1.0 ? "" : ", extrapolated");
  }
}

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse(argc, argv);
  vtick::sim::systemc_elaborate();
  vtick::bench::elaborate_ping_pong();

  std::printf("vtick_bench: SystemC %s, CPU \"%s\", %u hardware threads, %.0f s simulated per model run\n",
              vtick::sim::systemc_version().c_str(), cpu_model().c_str(), std::thread::hardware_concurrency(),
              static_cast<double>(o.duration_ns) / kNsPerSec);
  std::fflush(stdout);

  std::vector<Row> rows;
  rows.push_back({"bare SystemC ping-pong", {}});
  const auto scenarios = vtick::bench::bench_scenarios(o.duration_ns);
  for (const auto& s : scenarios) {
    rows.push_back({s.label + " / systemc", {}});
    rows.push_back({s.label + " / direct", {}});
  }

  for (int r = 0; r < o.repeat; ++r) {
    const auto pp = vtick::bench::run_ping_pong(o.ping_pong_activations);
    rows[0].samples.push_back({pp.activations, pp.wall_s, pp.simulated_s});
    std::size_t i = 1;
    for (const auto& s : scenarios) {
      for (EngineKind engine : {EngineKind::SystemC, EngineKind::Direct}) {
        rows[i].samples.push_back(run_model(s.scenario, engine));
        std::fprintf(stderr, "  [%d/%d] %-28s %.3f s\n", r + 1, o.repeat, rows[i].name.c_str(),
                     rows[i].samples.back().wall_s);
        ++i;
      }
    }
  }

  print_table(rows, o.repeat);
  print_verdict(rows, o);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "vtick_bench: %s\n", e.what());
  return 1;
}
