#include "bench/realvm/native_timer.hpp"

#include <exception>
#include <thread>

#include "realvm/measure/timerfd_lateness.hpp"

namespace vtick::realvm_bench {

NativeTimerRun native_timer_lateness(std::chrono::nanoseconds period, std::chrono::nanoseconds duration) {
  NativeTimerRun run;
  std::exception_ptr error;
  std::thread thread([&] {
    try {
      realvm::measure::timerfd_lateness(
          period.count(),
          [&](std::uint64_t expiries, std::size_t) {
            return static_cast<std::int64_t>(expiries) * period.count() < duration.count();
          },
          run.lateness_ns, run.overruns);
    } catch (...) {
      error = std::current_exception();
    }
  });
  thread.join();
  if (error) {
    std::rethrow_exception(error);
  }
  return run;
}

}  // namespace vtick::realvm_bench
