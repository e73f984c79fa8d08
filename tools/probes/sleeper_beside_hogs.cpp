// sleeper_beside_hogs CPU PERIOD_US BURST_US SECONDS HOGS
//
// What the host scheduler does to a periodic sleeper beside CPU hogs, measured on this host:
// HOGS busy threads and one sleeper, all pinned to CPU, in one process (one autogroup). The
// sleeper waits on a timerfd whose expiries lie on a fixed grid of PERIOD_US, spins BURST_US
// at each wake-up, and records how late it woke. Prints the lateness distribution and a
// histogram of the late wake-ups. tests/host/eevdf_test.cpp runs the same configuration in
// the model; docs/host-scheduler.md compares the two.
#include <pthread.h>
#include <sched.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <thread>
#include <vector>

namespace {

long now_ns() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1'000'000'000L + t.tv_nsec;
}

bool pin(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

long arg(char** argv, int i, const char* name, long min) {
  char* end = nullptr;
  const long value = std::strtol(argv[i], &end, 10);
  if (*end != '\0' || value < min) {
    std::fprintf(stderr, "sleeper_beside_hogs: %s must be an integer >= %ld, not '%s'\n", name, min, argv[i]);
    std::exit(2);
  }
  return value;
}

std::atomic<bool> stop{false};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: sleeper_beside_hogs CPU PERIOD_US BURST_US SECONDS HOGS\n");
    return 2;
  }
  const int cpu = static_cast<int>(arg(argv, 1, "CPU", 0));
  const long period = arg(argv, 2, "PERIOD_US", 100) * 1000;
  const long burst = arg(argv, 3, "BURST_US", 0) * 1000;
  const long seconds = arg(argv, 4, "SECONDS", 1);
  const long hogs = arg(argv, 5, "HOGS", 0);
  if (burst >= period) {
    std::fprintf(stderr, "sleeper_beside_hogs: BURST_US must be shorter than PERIOD_US\n");
    return 2;
  }
  if (!pin(cpu)) {
    std::fprintf(stderr, "sleeper_beside_hogs: cannot pin to CPU %d: %s\n", cpu, std::strerror(errno));
    return 2;
  }
  std::vector<std::thread> threads;
  for (long i = 0; i < hogs; ++i) {
    threads.emplace_back([cpu] {
      pin(cpu);
      unsigned long spins = 0;
      while (!stop.load(std::memory_order_relaxed)) spins = spins + 1;
      return spins;
    });
  }
  usleep(200'000);  // the hogs settle on the CPU

  const int fd = timerfd_create(CLOCK_MONOTONIC, 0);
  const long start = now_ns() + 10'000'000;
  itimerspec spec{};
  spec.it_value = {start / 1'000'000'000L, start % 1'000'000'000L};
  spec.it_interval = {period / 1'000'000'000L, period % 1'000'000'000L};
  if (fd < 0 || timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, nullptr) != 0) {
    std::fprintf(stderr, "sleeper_beside_hogs: timerfd: %s\n", std::strerror(errno));
    return 3;
  }
  std::vector<long> late;
  long expiry = start;
  long missed = 0;
  const long end = start + seconds * 1'000'000'000L;
  for (;;) {
    std::uint64_t expirations = 0;
    if (read(fd, &expirations, sizeof expirations) != sizeof expirations) break;
    const long woke = now_ns();
    expiry += static_cast<long>(expirations - 1) * period;  // lateness of the latest expiry
    missed += static_cast<long>(expirations - 1);
    late.push_back(woke - expiry);
    expiry += period;
    while (now_ns() - woke < burst) {
    }
    if (woke > end) break;
  }
  stop = true;
  for (auto& t : threads) t.join();

  std::sort(late.begin(), late.end());
  const auto q = [&](double p) {  // nearest rank
    const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(p * static_cast<double>(late.size()))));
    return static_cast<double>(late[rank - 1]) / 1000;
  };
  double sum = 0;
  for (long l : late) sum += static_cast<double>(l);
  const auto over = [&](long ns) { return std::count_if(late.begin(), late.end(), [ns](long l) { return l > ns; }); };
  std::printf("period %ld us, burst %ld us, %ld hog(s) on CPU %d: n=%zu p50=%.1f p90=%.1f p99=%.1f max=%.1f us "
              "mean=%.1f us; over 1 ms %ld; expiries missed (a wait over a period) %ld\n",
              period / 1000, burst / 1000, hogs, cpu, late.size(), q(0.5), q(0.9), q(0.99),
              static_cast<double>(late.back()) / 1000, sum / static_cast<double>(late.size()) / 1000, over(1'000'000), missed);
  std::printf("wake-ups later than 100 us, by 250 us bin:");
  std::vector<int> bins(40, 0);
  for (long l : late) {
    if (l > 100'000) ++bins[static_cast<std::size_t>(std::min(39L, l / 250'000))];
  }
  for (std::size_t i = 0; i < bins.size(); ++i) {
    if (bins[i] > 0) std::printf(" [%.2f, %.2f) ms: %d", 0.25 * static_cast<double>(i), 0.25 * static_cast<double>(i + 1), bins[i]);
  }
  std::printf("\n");
  return 0;
}
