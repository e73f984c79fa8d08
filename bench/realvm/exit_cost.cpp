#include "bench/realvm/exit_cost.hpp"

#include <chrono>
#include <cstdio>

#include "realvm/measure/bench_span.hpp"
#include "realvm/measure/exit_round_trip.hpp"
#include "realvm/vmm/run_vm.hpp"

namespace vtick::realvm_bench {
namespace {

namespace vmm = realvm::vmm;
using namespace std::chrono_literals;

/// The BEGIN..END span, or nullopt with the run described on stdout.
std::optional<realvm::measure::BenchSpan> bench_span(const vmm::RunResult& result) {
  const auto span = realvm::measure::bench_span(result);
  if (!span) {
    std::printf("benchmark did not complete: %s\n", vmm::describe(result).c_str());
  }
  return span;
}

}  // namespace

std::optional<double> exit_round_trip_us(const std::string& image, std::uint32_t iterations) {
  const realvm::measure::ExitRun exits = realvm::measure::exit_round_trip(image, iterations);
  if (!exits.figures) {
    std::printf("benchmark did not complete: %s\n", vmm::describe(exits.run).c_str());
    return std::nullopt;
  }
  const auto& f = *exits.figures;
  const double per_exit = f.per_exit_ns() / 1000.0;
  std::printf("exit round trip: %u NOP-port outs in %.0f us host time = %.2f us per exit (nop.outs=%llu)\n",
              iterations, static_cast<double>(f.host_ns) / 1000.0, per_exit,
              static_cast<unsigned long long>(exits.run.counter("nop.outs")));
  std::printf("                 guest TSC delta %lld cycles = %.0f cycles per exit\n",
              static_cast<long long>(f.guest_tsc), static_cast<double>(f.guest_tsc) / (iterations + 1));
  return per_exit;
}

std::optional<double> timer_hypercall_us(const std::string& image, std::uint32_t pairs,
                                         vmm::OutsourcingDelivery delivery) {
  vmm::VmConfig config;
  config.guest_image = image;
  config.scheme = vmm::TimerScheme::outsourced;
  config.outsourcing_delivery = delivery;
  config.clock = vmm::ClockKind::kvmclock;
  config.exit_bench_iterations = pairs;
  config.hypercall_bench = true;
  // The default budget (10,000 calls/s, burst 256) would refuse most of a tight loop.
  config.timer_hypercalls_per_second = 1'000'000'000;
  config.timer_hypercall_burst = 2 * pairs;
  config.timeout = 60s;
  const vmm::RunResult result = vmm::run_vm(config);
  const auto span = bench_span(result);
  if (!span) {
    return std::nullopt;
  }
  const std::uint64_t calls = 2ull * pairs;
  // Every call must have been served for real: a refused one skips the host timer's work.
  if (result.counter("outsourced.arms") != pairs || result.counter("hypercall.refused") != 0) {
    std::printf("hypercall benchmark: %llu arms of %u, %llu refused: %s\n",
                static_cast<unsigned long long>(result.counter("outsourced.arms")), pairs,
                static_cast<unsigned long long>(result.counter("hypercall.refused")), vmm::describe(result).c_str());
    return std::nullopt;
  }
  // Between the two stamps: the calls plus the END record's own exit, left in: one exit
  // against two per call, under 0.1 % of the total at 500 pairs.
  const double per_call = static_cast<double>(span->host_ns) / 1000.0 / static_cast<double>(calls);
  std::printf("timer hypercall (%s): %llu arm/cancel calls in %.0f us host time = %.2f us per call (%llu arms)\n",
              std::string(vmm::outsourcing_delivery_name(delivery)).c_str(), static_cast<unsigned long long>(calls),
              static_cast<double>(span->host_ns) / 1000.0, per_call,
              static_cast<unsigned long long>(result.counter("outsourced.arms")));
  return per_call;
}

}  // namespace vtick::realvm_bench
