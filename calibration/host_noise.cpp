#include "calibration/host_noise.hpp"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace vtick::calibration {
namespace {

// Candidate gaps kept per second of spinning: this host shows a few thousand deltas above the
// floor per second; a run that records more says so (GapDetector::overflowed).
constexpr std::size_t kCandidatesPerSecond = 50'000;
constexpr std::size_t kLeastCandidates = 10'000;

std::int64_t monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

long involuntary_switches() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return usage.ru_nivcsw;
}

std::string read_proc_interrupts() {
  std::ifstream in("/proc/interrupts");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The spin itself: after a candidate gap, one getrusage tells whether this host's scheduler
// switched away meanwhile; the time that takes is not observed (resume()).
void spin(GapDetector& d, std::int64_t duration_ns) {
  long switches = involuntary_switches();
  const std::int64_t start = monotonic_ns();
  d.read(start);
  for (;;) {
    std::int64_t t = monotonic_ns();
    if (d.read(t)) {
      const long now_switches = involuntary_switches();
      if (now_switches != switches) d.mark_switched();
      switches = now_switches;
      t = monotonic_ns();
      d.resume(t);
    }
    if (t - start >= duration_ns) return;
  }
}

}  // namespace

GapDetector::GapDetector(std::size_t capacity, std::int64_t record_floor_ns)
    : histogram_(kDeltaHistogramNs, 0), gaps_(capacity), record_floor_ns_(record_floor_ns) {}

bool GapDetector::read(std::int64_t now_ns) {
  if (reads_++ == 0) {
    first_ = last_ = now_ns;
    return false;
  }
  const std::int64_t delta = now_ns - last_;
  const std::int64_t at = last_ - first_;
  last_ = now_ns;
  if (delta < static_cast<std::int64_t>(kDeltaHistogramNs)) ++histogram_[static_cast<std::size_t>(delta)];
  if (delta <= record_floor_ns_) return false;
  if (recorded_ == gaps_.size()) {
    overflowed_ = true;
    return false;
  }
  gaps_[recorded_++] = Gap{at, delta, false};
  return true;
}

void GapDetector::mark_switched() {
  if (recorded_ > 0) gaps_[recorded_ - 1].switched = true;
}

void GapDetector::resume(std::int64_t now_ns) {
  unobserved_ += now_ns - last_;
  last_ = now_ns;
}

std::int64_t delta_quantile(const GapDetector& run, std::size_t numerator, std::size_t denominator) {
  if (run.reads() < 2) throw std::invalid_argument("a quantile of deltas needs at least two reads");
  const std::uint64_t deltas = run.reads() - 1;
  // rank = ceil(p n), at least 1, as calibration/quantiles.cpp's nearest_rank().
  const std::uint64_t rank = std::max<std::uint64_t>((numerator * deltas + denominator - 1) / denominator, 1);
  std::uint64_t seen = 0;
  const auto& counts = run.histogram();
  for (std::size_t d = 0; d < counts.size(); ++d) {
    seen += counts[d];
    if (seen >= rank) return static_cast<std::int64_t>(d);
  }
  std::vector<std::int64_t> longer;
  for (const Gap& g : run.candidates()) {
    if (g.length_ns >= static_cast<std::int64_t>(kDeltaHistogramNs)) longer.push_back(g.length_ns);
  }
  std::sort(longer.begin(), longer.end());
  const std::uint64_t index = rank - seen - 1;
  return index < longer.size() ? longer[index] : (longer.empty() ? static_cast<std::int64_t>(kDeltaHistogramNs) : longer.back());
}

std::int64_t choose_threshold(const GapDetector& run) {
  return std::max(kMinThresholdNs, kThresholdPerP99 * delta_quantile(run, 99, 100));
}

double GapFigures::rate_per_s() const {
  const std::int64_t between = observed_ns - switched_ns - lost_ns;
  return between <= 0 ? 0.0 : static_cast<double>(lengths_ns.size()) * 1e9 / static_cast<double>(between);
}

double GapFigures::lost_share() const {
  const std::int64_t running = observed_ns - switched_ns;
  return running <= 0 ? 0.0 : static_cast<double>(lost_ns) / static_cast<double>(running);
}

GapFigures gap_figures(const GapDetector& run, std::int64_t threshold_ns) {
  GapFigures f;
  f.threshold_ns = threshold_ns;
  f.observed_ns = run.span_ns() - run.unobserved_ns();
  for (const Gap& g : run.candidates()) {
    if (g.length_ns <= threshold_ns) {
      ++f.short_delays;
      f.short_delays_ns += g.length_ns;
    } else if (g.switched) {
      ++f.switched;
      f.switched_ns += g.length_ns;
      f.switched_lengths_ns.push_back(g.length_ns);
    } else {
      f.lengths_ns.push_back(g.length_ns);
      f.lost_ns += g.length_ns;
    }
  }
  return f;
}

// "           CPU0       CPU1" then rows "NAME:  c0  c1  description". Rows with fewer
// numbers than CPUs (ERR, MIS) are global counters: skipped.
CpuInterrupts interrupts_on_cpu(std::string_view proc_interrupts, int cpu) {
  std::istringstream in{std::string(proc_interrupts)};
  std::string header;
  std::getline(in, header);
  std::istringstream columns(header);
  int cpus = 0;
  for (std::string word; columns >> word;) ++cpus;
  if (cpu < 0 || cpu >= cpus) throw std::invalid_argument("/proc/interrupts has no column for CPU " + std::to_string(cpu));
  CpuInterrupts out;
  for (std::string line; std::getline(in, line);) {
    std::istringstream row(line);
    std::string name;
    row >> name;
    std::vector<std::uint64_t> counts;
    std::uint64_t n = 0;
    while (static_cast<int>(counts.size()) < cpus && row >> n) counts.push_back(n);
    if (static_cast<int>(counts.size()) < cpus) continue;
    out.total += counts[static_cast<std::size_t>(cpu)];
    if (name == "LOC:") out.local_timer += counts[static_cast<std::size_t>(cpu)];
  }
  return out;
}

NoiseRun measure_noise(int cpu, std::int64_t duration_ns, std::int64_t record_floor_ns) {
  NoiseRun run;
  run.cpu = cpu;
  const auto seconds = static_cast<std::size_t>(duration_ns / 1'000'000'000 + 1);
  // A candidate takes more than the floor, so no more than 1 s / floor of them fit in a second.
  const std::size_t per_second = std::min(kCandidatesPerSecond, static_cast<std::size_t>(1'000'000'000 / record_floor_ns));
  run.detector = GapDetector(std::max(kLeastCandidates, seconds * per_second), record_floor_ns);
  std::string failure;
  std::thread spinner([&] {
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (sched_setaffinity(0, sizeof one, &one) != 0) {
      failure = "sched_setaffinity(CPU " + std::to_string(cpu) + "): " + std::strerror(errno);
      return;
    }
    const std::string before = read_proc_interrupts();
    spin(run.detector, duration_ns);
    const std::string after = read_proc_interrupts();
    try {
      const CpuInterrupts a = interrupts_on_cpu(after, cpu);
      const CpuInterrupts b = interrupts_on_cpu(before, cpu);
      run.interrupts = CpuInterrupts{a.total - b.total, a.local_timer - b.local_timer};
      run.interrupts_known = true;
    } catch (const std::invalid_argument&) {
      // No /proc/interrupts (a container without /proc): the comparison is left out.
    }
  });
  spinner.join();
  if (!failure.empty()) throw std::runtime_error(failure);
  return run;
}

}  // namespace vtick::calibration
