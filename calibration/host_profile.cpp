#include "calibration/host_profile.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "sim/scenario_names.hpp"

namespace vtick::calibration {
namespace {

std::string ns_text(std::int64_t ns) { return std::to_string(ns) + "ns"; }

/// JSON values as YAML, keeping integers integers and the mapping order.
void emit_json(YAML::Emitter& out, const nlohmann::ordered_json& value) {
  if (value.is_object()) {
    out << YAML::BeginMap;
    for (const auto& [key, item] : value.items()) {
      out << YAML::Key << key << YAML::Value;
      emit_json(out, item);
    }
    out << YAML::EndMap;
  } else if (value.is_array()) {
    // Short lists of scalars (quantiles, load averages) on one line, anything else in blocks.
    const bool flat = std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_primitive(); });
    if (flat) out << YAML::Flow;
    out << YAML::BeginSeq;
    for (const auto& item : value) emit_json(out, item);
    out << YAML::EndSeq;
  } else if (value.is_number_integer()) {
    out << value.get<std::int64_t>();
  } else if (value.is_number_float()) {
    out << value.get<double>();
  } else if (value.is_boolean()) {
    out << value.get<bool>();
  } else if (value.is_null()) {
    out << YAML::Null;
  } else {
    out << value.get<std::string>();
  }
}

void emit_value(YAML::Emitter& out, const char* key, const ProfileValue& value) {
  out << YAML::Key << key << YAML::Value << ns_text(value.ns);
  if (!value.comment.empty()) out << YAML::Comment(value.comment);
}

void emit_gaps(YAML::Emitter& out, const char* key, const NoiseProfileValue& noise) {
  out << YAML::Key << key << YAML::Value;
  if (!noise.comment.empty()) out << YAML::Comment(noise.comment);
  out << YAML::BeginMap << YAML::Key << "rate_per_s" << YAML::Value << noise.rate_per_s;
  out << YAML::Key << "length_quantiles" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (std::int64_t q : noise.length_quantiles) out << ns_text(q);
  out << YAML::EndSeq << YAML::EndMap;
}

/// One boot's figure as a constant, several as the quantiles of the distribution they sample.
void emit_period_error(YAML::Emitter& out, const std::vector<double>& ppm) {
  if (ppm.empty()) return;
  const auto text = [](double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    return std::string(buffer);
  };
  out << YAML::Key << "timer_period_error_ppm" << YAML::Value;
  if (ppm.size() == 1) {
    out << text(ppm.front()) << YAML::Comment("LAPIC timer period against 1/HZ, one boot");
    return;
  }
  out << YAML::Flow << YAML::BeginMap << YAML::Key << "quantiles" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (double value : ppm) out << text(value);
  out << YAML::EndSeq << YAML::EndMap
      << YAML::Comment("LAPIC timer period against 1/HZ, one per boot (" + std::to_string(ppm.size()) + " boots)");
}

/// A cost spread as {quantiles: [...]} of ratios, four decimals.
void emit_spread(YAML::Emitter& out, const char* key, const std::vector<double>& ratios, const std::string& comment) {
  if (ratios.empty()) return;
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "quantiles" << YAML::Value
      << YAML::Flow << YAML::BeginSeq;
  for (double ratio : ratios) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4f", ratio);
    out << std::string(buffer);
  }
  out << YAML::EndSeq << YAML::EndMap << YAML::Comment(comment);
}

void emit_engines(YAML::Emitter& out, const std::vector<EngineProfile>& engines) {
  out << YAML::Key << "engines" << YAML::Value << YAML::BeginMap;
  for (const EngineProfile& e : engines) {
    out << YAML::Key << std::string(sim::name_of(e.engine)) << YAML::Value;
    if (!e.comment.empty()) out << YAML::Comment(e.comment);
    out << YAML::BeginMap;
    if (e.device_cost) emit_value(out, "device_cost", *e.device_cost);
    if (e.vcpu_tick_cost) emit_value(out, "vcpu_tick_cost", *e.vcpu_tick_cost);
    if (e.vcpu_callback_cost) emit_value(out, "vcpu_callback_cost", *e.vcpu_callback_cost);
    if (e.vcpu_sample_cost) emit_value(out, "vcpu_sample_cost", *e.vcpu_sample_cost);
    emit_spread(out, "vcpu_tick_cost_spread", e.vcpu_tick_cost_spread, e.spread_comment);
    emit_spread(out, "vcpu_callback_cost_spread", e.vcpu_callback_cost_spread, e.spread_comment);
    emit_spread(out, "vcpu_sample_cost_spread", e.vcpu_sample_cost_spread, e.spread_comment);
    emit_period_error(out, e.timer_period_error_ppm);
    if (e.vcpu_rest_cpu) out << YAML::Key << "vcpu_rest_cpu" << YAML::Value << *e.vcpu_rest_cpu;
    if (e.timer_rest_cpu) out << YAML::Key << "timer_rest_cpu" << YAML::Value << *e.timer_rest_cpu;
    for (auto [key, share] : {std::pair{"timer_kick_share", &e.timer_kick_share}, std::pair{"timer_tail_share", &e.timer_tail_share}}) {
      if (*share) out << YAML::Key << key << YAML::Value << **share << YAML::Comment(e.handoff_comment);
    }
    if (e.vcpu_lock_attempt) emit_value(out, "vcpu_lock_attempt", *e.vcpu_lock_attempt);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

template <class T>
void emit_fact(YAML::Emitter& out, const char* key, const KernelFact<T>& fact) {
  out << YAML::Key << key << YAML::Value << fact.value << YAML::Comment(fact.comment);
}

}  // namespace

std::string profile_yaml(const HostProfile& profile) {
  YAML::Emitter out;
  // Load averages and the like as the kernel prints them (7.95), not 7.9500000000000002.
  out.SetDoublePrecision(6);
  out << YAML::BeginMap;
  out << YAML::Key << "calibration" << YAML::Value;
  emit_json(out, profile.calibration.is_object() ? profile.calibration : nlohmann::ordered_json::object());
  if (profile.scheduler_class || profile.context_switch) {
    out << YAML::Key << "scheduler" << YAML::Value << YAML::BeginMap;
    if (profile.scheduler_class) emit_fact(out, "class", *profile.scheduler_class);
    if (profile.context_switch) emit_value(out, "context_switch", *profile.context_switch);
    out << YAML::EndMap;
  }
  if (profile.hz || profile.hrtimer_slack || !profile.wakeup_quantiles.empty() || profile.noise || profile.stalls) {
    out << YAML::Key << "host" << YAML::Value << YAML::BeginMap;
    if (profile.hz) emit_fact(out, "hz", *profile.hz);
    if (profile.hrtimer_slack) emit_value(out, "hrtimer_slack", *profile.hrtimer_slack);
    if (!profile.wakeup_quantiles.empty()) {
      out << YAML::Key << "wakeup_latency" << YAML::Value;
      if (!profile.wakeup_comment.empty()) out << YAML::Comment(profile.wakeup_comment);
      out << YAML::BeginMap << YAML::Key << "quantiles" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (std::int64_t q : profile.wakeup_quantiles) out << ns_text(q);
      out << YAML::EndSeq << YAML::EndMap;
    }
    if (profile.noise) emit_gaps(out, "noise", *profile.noise);
    if (profile.stalls) emit_gaps(out, "stalls", *profile.stalls);
    out << YAML::EndMap;
  }
  if (profile.vm_exit || profile.inject || profile.device_cost) {
    out << YAML::Key << "vmm" << YAML::Value << YAML::BeginMap;
    if (profile.vm_exit) emit_value(out, "vm_exit", *profile.vm_exit);
    if (profile.inject) emit_value(out, "inject", *profile.inject);
    if (profile.device_cost) emit_value(out, "device_cost", *profile.device_cost);
    out << YAML::EndMap;
  }
  if (!profile.engines.empty()) emit_engines(out, profile.engines);
  out << YAML::EndMap;
  if (!out.good()) throw std::logic_error("host profile YAML: " + out.GetLastError());
  std::string text;
  for (const auto& line : profile.header) text += "# " + line + "\n";
  return text + out.c_str() + "\n";
}

void write_profile(const HostProfile& profile, const std::string& path) {
  const std::string text = profile_yaml(profile);
  const std::filesystem::path file(path);
  std::error_code ignored;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ignored);
  std::ofstream stream(file);
  stream << text;
  stream.flush();
  if (!stream) throw std::runtime_error("cannot write the host profile " + path);
}

}  // namespace vtick::calibration
