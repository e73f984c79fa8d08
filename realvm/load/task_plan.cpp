#include "realvm/load/task_plan.hpp"

#include <unistd.h>

#include <stdexcept>

namespace vtick::realvm::load {
namespace {

cpu_set_t cpu_mask(const sim::LoadTaskSpec& spec, const std::string& name) {
  // _SC_NPROCESSORS_CONF counts CPUs that exist, online or not; one that exists but is outside
  // this process's cpuset is caught later, by the child's sched_setaffinity.
  const long cpus = sysconf(_SC_NPROCESSORS_CONF);
  cpu_set_t mask;
  CPU_ZERO(&mask);
  for (const int cpu : spec.affinity) {
    if (cpu < 0 || cpu >= cpus || cpu >= CPU_SETSIZE) {
      throw std::invalid_argument("load task '" + name + "': affinity CPU " + std::to_string(cpu) +
                                  " does not exist on this machine (it has CPUs 0.." + std::to_string(cpus - 1) +
                                  ")");
    }
    CPU_SET(cpu, &mask);
  }
  return mask;
}

}  // namespace

std::vector<TaskPlan> plan_tasks(const std::vector<sim::LoadTaskSpec>& load, std::uint64_t seed) {
  std::vector<TaskPlan> plans;
  for (const auto& spec : load) {
    for (int i = 0; i < spec.count; ++i) {
      std::string name = spec.instance_name(i);
      const cpu_set_t mask = cpu_mask(spec, name);
      sim::RandomStream random(seed, "load/" + name);
      plans.push_back(TaskPlan{std::move(name), spec, mask, random});
    }
  }
  return plans;
}

}  // namespace vtick::realvm::load
