#include "models/guest/workload.hpp"

#include "models/guest/cron_workload.hpp"
#include "models/guest/periodic_timer_workload.hpp"
#include "models/guest/tcp_rto_workload.hpp"
#include "sim/sample_stats.hpp"

namespace vtick::models::guest {
namespace {
nlohmann::ordered_json optional_json(const std::optional<std::int64_t>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}
}  // namespace

nlohmann::ordered_json lateness_summary(const std::vector<std::int64_t>& samples) {
  sim::SampleStats stats;
  for (std::int64_t s : samples) stats.add(s);
  const auto mean = stats.mean();
  return nlohmann::ordered_json{{"count", stats.count()},
                                {"lateness_ns",
                                 {{"min", optional_json(stats.min())},
                                  {"p50", optional_json(stats.quantile(0.5))},
                                  {"p99", optional_json(stats.quantile(0.99))},
                                  {"max", optional_json(stats.max())},
                                  {"mean", mean ? nlohmann::ordered_json(*mean) : nlohmann::ordered_json(nullptr)}}},
                                {"early", stats.count_below(0)}};
}

std::vector<std::unique_ptr<Workload>> make_workloads(GuestKernel& guest, sim::Simulation& sim,
                                                      const std::vector<sim::WorkloadSpec>& specs, std::uint64_t seed) {
  std::vector<std::unique_ptr<Workload>> workloads;
  for (const auto& spec : specs) {
    switch (spec.kind) {
      case sim::WorkloadKind::PeriodicTimer:
      case sim::WorkloadKind::Media: workloads.push_back(std::make_unique<PeriodicTimerWorkload>(guest, spec)); break;
      case sim::WorkloadKind::TcpRto: workloads.push_back(std::make_unique<TcpRtoWorkload>(guest, sim, spec, seed)); break;
      case sim::WorkloadKind::Cron: workloads.push_back(std::make_unique<CronWorkload>(guest, spec)); break;
      case sim::WorkloadKind::Busy: break;
    }
  }
  return workloads;
}

}  // namespace vtick::models::guest
