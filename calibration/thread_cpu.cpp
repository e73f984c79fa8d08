#include "calibration/thread_cpu.hpp"

#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "realvm/vmm/host_clock.hpp"

namespace vtick::calibration {
namespace {

std::optional<std::int64_t> integer_at(std::string_view text, std::size_t& pos) {
  while (pos < text.size() && text[pos] == ' ') ++pos;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data() + pos, text.data() + text.size(), value);
  if (error != std::errc() || value < 0) return std::nullopt;
  pos = static_cast<std::size_t>(end - text.data());
  return value;
}

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::optional<std::int64_t> schedstat_run_ns(std::string_view text) {
  std::size_t pos = 0;
  return integer_at(text, pos);
}

std::optional<std::int64_t> stat_cpu_ticks(std::string_view text) {
  const auto close = text.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  // The blank after ")" precedes field 3 (the state); utime and stime are fields 14 and 15.
  std::size_t pos = close + 1;
  int field = 3;
  while (field < 14) {
    pos = text.find(' ', pos + 1);
    if (pos == std::string_view::npos) return std::nullopt;
    ++field;
  }
  const auto utime = integer_at(text, pos);
  const auto stime = utime ? integer_at(text, pos) : std::nullopt;
  if (!stime) return std::nullopt;
  return *utime + *stime;
}

ThreadCpuSample sample_threads(pid_t pid) {
  ThreadCpuSample sample;
  sample.host_ns = realvm::vmm::host_monotonic_ns();
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(tasks, error)) {
    ThreadCpu t;
    const std::string tid = entry.path().filename().string();
    if (std::from_chars(tid.data(), tid.data() + tid.size(), t.tid).ec != std::errc()) continue;
    t.name = read_all(entry.path() / "comm");
    if (!t.name.empty() && t.name.back() == '\n') t.name.pop_back();
    if (const auto ns = schedstat_run_ns(read_all(entry.path() / "schedstat"))) {
      t.cpu_ns = *ns;
    } else if (const auto ticks = stat_cpu_ticks(read_all(entry.path() / "stat"))) {
      t.cpu_ns = *ticks * (1'000'000'000 / sysconf(_SC_CLK_TCK));
      sample.from_schedstat = false;
    } else {
      continue;  // the thread ended between the listing and the read
    }
    sample.threads.push_back(std::move(t));
  }
  std::sort(sample.threads.begin(), sample.threads.end(),
            [](const ThreadCpu& a, const ThreadCpu& b) { return a.tid < b.tid; });
  return sample;
}

ThreadCpuSampler::ThreadCpuSampler(pid_t pid, std::chrono::nanoseconds interval)
    : thread_([this, pid, interval] {
        while (!stop_.load()) {
          ThreadCpuSample s = sample_threads(pid);
          if (!s.threads.empty()) samples_.push_back(std::move(s));
          std::this_thread::sleep_for(interval);
        }
      }) {}

ThreadCpuSampler::~ThreadCpuSampler() { (void)finish(); }

std::vector<ThreadCpuSample> ThreadCpuSampler::finish() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  return std::move(samples_);
}

}  // namespace vtick::calibration
