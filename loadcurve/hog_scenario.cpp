#include "loadcurve/hog_scenario.hpp"

#include <yaml-cpp/yaml.h>

#include "sim/duration.hpp"

namespace vtick::loadcurve {
namespace {

YAML::Node int_list(const std::vector<int>& values) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (int v : values) list.push_back(v);
  list.SetStyle(YAML::EmitterStyle::Flow);
  return list;
}

YAML::Node hog_entry(const HogLoad& load, const std::vector<int>& cpus) {
  YAML::Node hog(YAML::NodeType::Map);
  hog["name"] = "hog";
  hog["kind"] = "cpu_hog";
  hog["count"] = load.hogs;
  if (load.pinned) hog["affinity"] = int_list(cpus);
  hog.SetStyle(YAML::EmitterStyle::Flow);
  return hog;
}

std::string curve_name(const sim::Scenario& original, const HogLoad& load) {
  return original.name + "-hogs-" + std::to_string(load.hogs) + (load.pinned ? "-pinned" : "-unpinned");
}

}  // namespace

std::vector<int> vmm_cpus(const sim::Scenario& original) {
  return original.vmm.affinity.empty() ? std::vector<int>{0} : original.vmm.affinity;
}

std::string hog_scenario_yaml(std::string_view original_yaml, const sim::Scenario& original, const HogLoad& load) {
  YAML::Node root = YAML::Load(std::string(original_yaml));
  root["name"] = curve_name(original, load);
  if (load.host_profile.empty()) {
    root.remove("host_profile");
  } else {
    root["host_profile"] = load.host_profile;
  }
  root.remove("expect");
  root.remove("load");
  if (load.hogs > 0) {
    YAML::Node tasks(YAML::NodeType::Sequence);
    tasks.push_back(hog_entry(load, vmm_cpus(original)));
    root["load"] = tasks;
  }
  if (load.pinned && original.vmm.affinity.empty()) root["vmm"]["affinity"] = int_list(vmm_cpus(original));
  root["run"]["duration"] = sim::format_duration(load.duration_ns);
  root["run"]["sampling"] = "guest_timer";
  YAML::Emitter out;
  out << root;
  return "# Written by vtick loadcurve from " + original.file + ": its load replaced by " + std::to_string(load.hogs) +
         " CPU hog(s), " + (load.pinned ? "pinned to the VMM's CPUs" : "unpinned") + ".\n" + out.c_str() + "\n";
}

}  // namespace vtick::loadcurve
