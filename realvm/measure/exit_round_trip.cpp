#include "realvm/measure/exit_round_trip.hpp"

#include <chrono>

#include "realvm/measure/bench_span.hpp"
#include "realvm/vmm/run_vm.hpp"

namespace vtick::realvm::measure {

ExitRun exit_round_trip(const std::string& image, std::uint32_t iterations) {
  using namespace std::chrono_literals;
  vmm::VmConfig config;
  config.guest_image = image;
  config.exit_bench_iterations = iterations;
  config.timeout = 60s;
  ExitRun out{std::nullopt, vmm::run_vm(config)};
  if (const auto span = bench_span(out.run)) {
    out.figures = ExitRoundTrip{iterations, span->host_ns, span->guest_tsc};
  }
  return out;
}

}  // namespace vtick::realvm::measure
