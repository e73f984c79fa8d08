// window_cpu() (thread_cpu.hpp), a template over how threads are given roles.
#pragma once

#include <algorithm>

namespace vtick::calibration {

template <class RoleOf>
std::optional<WindowCpu> window_cpu(const std::vector<ThreadCpuSample>& samples, std::int64_t from_ns, std::int64_t to_ns,
                                    RoleOf role_of) {
  const auto at_or_before = [&samples](std::int64_t t) -> const ThreadCpuSample* {
    const ThreadCpuSample* found = nullptr;
    for (const auto& s : samples) {
      if (s.host_ns <= t) found = &s;
    }
    return found;
  };
  const ThreadCpuSample* first = at_or_before(from_ns);
  const ThreadCpuSample* last = at_or_before(to_ns);
  if (first == nullptr || last == nullptr || last->host_ns <= first->host_ns) return std::nullopt;
  WindowCpu out;
  out.window_ns = last->host_ns - first->host_ns;
  out.from_schedstat = first->from_schedstat && last->from_schedstat;
  for (const ThreadCpu& t : last->threads) {
    const std::string role = role_of(t);
    if (role.empty()) continue;
    const auto before = std::find_if(first->threads.begin(), first->threads.end(),
                                     [&t](const ThreadCpu& b) { return b.tid == t.tid; });
    // A thread born inside the window counts from zero.
    out.cpu_ns[role] += t.cpu_ns - (before == first->threads.end() ? 0 : before->cpu_ns);
  }
  return out;
}

}  // namespace vtick::calibration
