// vtick_bench_checker: the checker's figures for docs/performance.md.
//
//   vtick_bench_checker [--repeat N] [--max-depth D]
//
// 1. Proof time of every shipped property (checker/properties/*.yaml), median of N runs.
// 2. BMC time against depth on discard_drift with a claim no run reaches at that depth, so
//    every query up to the depth is answered (unsat) - the worst case for BMC.
// 3. Explicit-state throughput on outsourcing_protocol (the largest shipped state space),
//    beside a baseline run in the same process: inserting the same number of keys of the
//    same size into an unordered_map, the floor that deduplication alone costs.
// Targets (issue 4): the pvclock bound proved in < 1 s, BMC depth 1000 in < 10 s,
// >= 1 M states/s explicit.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "checker/graph/explorer.hpp"
#include "checker/graph/outsourcing_model.hpp"
#include "checker/model_catalog.hpp"
#include "checker/property.hpp"
#include "checker/smt/bmc.hpp"
#include "checker/smt/models.hpp"
#include "checker/smt/z3_adapter.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

template <class F>
double median_seconds(int repeat, F&& run) {
  std::vector<double> times;
  for (int i = 0; i < repeat; ++i) {
    const auto start = Clock::now();
    run();
    times.push_back(seconds_since(start));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

const char* outcome_name(vtick::checker::Outcome o) {
  switch (o) {
    case vtick::checker::Outcome::Proved: return "PROVED";
    case vtick::checker::Outcome::Violated: return "VIOLATED";
    case vtick::checker::Outcome::Unknown: return "UNKNOWN";
  }
  return "?";
}

void shipped_properties(int repeat) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(VTICK_SOURCE_DIR "/checker/properties")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::printf("\n1. shipped properties (median of %d)\n%-36s %-9s %10s\n", repeat, "property", "verdict", "seconds");
  for (const auto& file : files) {
    const auto property = vtick::checker::load_property_file(file.string());
    vtick::checker::Outcome outcome{};
    const double s = median_seconds(repeat, [&] { outcome = vtick::checker::check(property).outcome; });
    std::printf("%-36s %-9s %10.4f\n", property.name.c_str(), outcome_name(outcome), s);
  }
}

void bmc_by_depth(int max_depth) {
  std::printf("\n2. BMC on discard_drift, claim out of reach (every query unsat)\n%8s %10s %12s\n", "depth",
              "seconds", "verdict");
  for (const int depth : {10, 100, 250, 500, 1000, 2000}) {
    if (depth > max_depth) break;
    // A lag of 2 * depth + 1 ticks needs more than `depth` windows (at most 2 lost per window).
    const auto system = vtick::checker::smt::discard_drift({}, 2 * depth + 1);
    const auto start = Clock::now();
    const auto r = vtick::checker::smt::bmc(system, depth);
    std::printf("%8d %10.3f %12s\n", depth, seconds_since(start), vtick::checker::smt::to_string(r.verdict));
  }
}

void explicit_throughput(int repeat) {
  using vtick::checker::graph::OutsourcingModel;
  const OutsourcingModel model(true);
  std::size_t states = 0, transitions = 0, key_bytes = 0;
  const double explore_s = median_seconds(repeat, [&] {
    const auto r = vtick::checker::graph::explore(model);
    states = r.states;
    transitions = r.transitions;
    key_bytes = model.key(r.state.back()).size();
  });
  const double baseline_s = median_seconds(repeat, [&] {
    std::unordered_map<std::string, std::size_t> index;
    std::string key(key_bytes, '\0');
    for (std::size_t i = 0; i < states; ++i) {
      for (std::size_t b = 0; b < key_bytes && b < sizeof i; ++b) key[b] = static_cast<char>(i >> (8 * b));
      index.try_emplace(key, i);
    }
  });
  std::printf("\n3. explicit-state BFS, outsourcing_protocol (median of %d)\n", repeat);
  std::printf("   %zu states, %zu transitions, %zu-byte keys\n", states, transitions, key_bytes);
  std::printf("   explore:  %.4f s = %.0f states/s, %.0f transitions/s\n", explore_s, states / explore_s,
              transitions / explore_s);
  std::printf("   baseline: %.4f s = %.0f keys/s (unordered_map<string> inserts alone)\n", baseline_s,
              states / baseline_s);
  std::printf("   explore / baseline throughput: %.1f %%\n", 100.0 * baseline_s / explore_s);
}

}  // namespace

int main(int argc, char** argv) {
  int repeat = 5, max_depth = 1000;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--max-depth" && i + 1 < argc) {
      max_depth = std::max(10, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: vtick_bench_checker [--repeat N] [--max-depth D]\n");
      return 2;
    }
  }
  std::printf("vtick_bench_checker (Z3 %s)\n", vtick::checker::smt::z3_version().c_str());
  shipped_properties(repeat);
  bmc_by_depth(max_depth);
  explicit_throughput(repeat);
  return 0;
}
