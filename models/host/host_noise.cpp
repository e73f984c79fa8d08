#include "models/host/host_noise.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/host/wakeup_latency.hpp"

namespace vtick::models::host {
namespace {

constexpr int kRandomBits = 53;

TimeNs mean_interval(double rate_per_s) {
  if (!(rate_per_s > 0)) throw std::invalid_argument("host noise needs a rate above 0");
  return std::max<TimeNs>(1, std::llround(1e9 / rate_per_s));
}

}  // namespace

NoiseTimeline::NoiseTimeline(const sim::HostNoiseSpec& spec, std::uint64_t run_seed, int cpu, GapKind kind)
    : random_(run_seed, stream_name(cpu, kind)), mean_interval_ns_(mean_interval(spec.rate_per_s)), quantiles_(spec.length_quantiles) {
  if (quantiles_.size() < 2 || quantiles_.front() < 1 || !std::is_sorted(quantiles_.begin(), quantiles_.end())) {
    throw std::invalid_argument("host noise lengths need >= 2 non-decreasing quantiles of at least 1 ns");
  }
}

NoiseGap NoiseTimeline::next() {
  const TimeNs start = previous_end_ + random_.exponential_ns(mean_interval_ns_);
  const TimeNs length = WakeupLatency::inverse_cdf(quantiles_, random_.next_u64() >> (64 - kRandomBits));
  previous_end_ = start + length;
  return {start, length};
}

HostNoise::HostNoise(HostKernel& host, const sim::HostNoiseSpec& spec, std::uint64_t run_seed, GapKind kind)
    : host_(host), kind_(kind), counters_(static_cast<std::size_t>(host.scheduler().cpu_count())) {
  const int cpus = host.scheduler().cpu_count();
  for (int cpu = 0; cpu < cpus; ++cpu) {
    timelines_.emplace_back(spec, run_seed, cpu, kind);
    pending_.push_back({});
    last_applied_.push_back({});
    schedule_next(cpu);
  }
}

TimeNs HostNoise::taken_until(int cpu, TimeNs end) const {
  const auto i = static_cast<std::size_t>(cpu);
  const NoiseGap& last = last_applied_[i];
  return counters_[i].taken_ns - std::max<TimeNs>(0, last.start + last.length - end);
}

void HostNoise::schedule_next(int cpu) {
  const auto i = static_cast<std::size_t>(cpu);
  pending_[i] = timelines_[i].next();
  host_.sim().at(pending_[i].start, sim::EventPriority::HostNoise, *this, static_cast<std::uint32_t>(cpu));
}

void HostNoise::on_event(std::uint32_t cpu_index, std::uint64_t /*arg*/) {
  const auto cpu = static_cast<int>(cpu_index);
  const NoiseGap& gap = pending_[cpu_index];
  CpuCounters& c = counters_[cpu_index];
  CpuScheduler& scheduler = host_.scheduler();
  const bool busy = kind_ == GapKind::stall ? scheduler.stall(cpu, gap.length) : scheduler.steal(cpu, gap.length);
  if (busy) {
    ++c.gaps;
    c.taken_ns += gap.length;
    last_applied_[cpu_index] = gap;
  } else if (kind_ == GapKind::stall) {
    ++c.idle_stalls;
  } else {
    ++c.skipped_idle;
  }
  schedule_next(cpu);
}

std::unique_ptr<HostNoise> make_host_noise(HostKernel& host, const sim::HostNoiseSpec& spec, std::uint64_t run_seed,
                                           GapKind kind) {
  if (spec.none()) return nullptr;
  return std::make_unique<HostNoise>(host, spec, run_seed, kind);
}

}  // namespace vtick::models::host
