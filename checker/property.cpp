#include "checker/property.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

#include "checker/model_catalog.hpp"
#include "sim/duration.hpp"
#include "sim/join.hpp"
#include "sim/scenario_error.hpp"

namespace vtick::checker {
namespace {

using namespace std::string_view_literals;
constexpr std::array kTopKeys{"name"sv,  "description"sv, "model"sv,   "parameters"sv,
                              "claim"sv, "method"sv,      "depth"sv,   "timeout"sv, "expect"sv};

struct Reader {
  std::string file;

  [[noreturn]] void fail(const YAML::Node& node, const std::string& field, const std::string& why) const {
    const auto mark = node.Mark();
    throw sim::ScenarioError({file, mark.line + 1, mark.column + 1}, field, why);
  }

  std::string scalar(const YAML::Node& node, const std::string& field) const {
    if (!node.IsScalar()) fail(node, field, "expected a single value");
    return node.Scalar();
  }

  std::int64_t integer_or_duration(const YAML::Node& node, const std::string& field) const {
    const std::string text = scalar(node, field);
    if (text == "true" || text == "false") return text == "true" ? 1 : 0;
    try {
      std::size_t used = 0;
      const long long v = std::stoll(text, &used);
      if (used == text.size()) return v;
    } catch (const std::exception&) {
    }
    try {
      return sim::parse_duration(text);
    } catch (const std::invalid_argument& e) {
      fail(node, field, std::string("expected an integer, a duration or true/false: ") + e.what());
    }
  }

  template <std::size_t N>
  void reject_unknown(const YAML::Node& map, const std::array<std::string_view, N>& keys) const {
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      fail(kv.first, key, "unknown key '" + key + "'; valid keys: " + sim::join(keys, ", "));
    }
  }
};

Method method_of(const Reader& r, const YAML::Node& node) {
  const std::string text = r.scalar(node, "method");
  if (text == "k_induction") return Method::KInduction;
  if (text == "bmc") return Method::Bmc;
  if (text == "explicit") return Method::Explicit;
  r.fail(node, "method", "expected one of k_induction, bmc, explicit, got '" + text + "'");
}

Expected expected_of(const Reader& r, const YAML::Node& node) {
  const std::string text = r.scalar(node, "expect");
  if (text == "proved") return Expected::Proved;
  if (text == "violated") return Expected::Violated;
  if (text == "unknown") return Expected::Unknown;
  r.fail(node, "expect", "expected one of proved, violated, unknown, got '" + text + "'");
}

void read_parameters(const Reader& r, const YAML::Node& node, const ModelInfo& model, Property& p) {
  if (!node.IsMap()) r.fail(node, "parameters", "expected a mapping of parameter: value");
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (std::find(model.parameters.begin(), model.parameters.end(), key) == model.parameters.end()) {
      r.fail(kv.first, "parameters." + key,
             "model '" + model.name + "' has no parameter '" + key + "' (valid: " + sim::join(model.parameters, ", ") + ")");
    }
    p.params[key] = r.integer_or_duration(kv.second, "parameters." + key);
  }
}

Property read_property(const Reader& r, const YAML::Node& root) {
  if (!root.IsMap()) r.fail(root, "", "a property file is a mapping (name, model, parameters, claim, ...)");
  r.reject_unknown(root, kTopKeys);
  Property p;
  p.file = r.file;
  p.where = {r.file, root.Mark().line + 1, root.Mark().column + 1};
  if (!root["name"] || !root["model"]) r.fail(root, "", "'name' and 'model' are required");
  p.name = r.scalar(root["name"], "name");
  if (root["description"]) p.description = r.scalar(root["description"], "description");
  p.model = r.scalar(root["model"], "model");
  const ModelInfo* model = find_model(p.model);
  if (model == nullptr) r.fail(root["model"], "model", "unknown model '" + p.model + "' (valid: " + model_names() + ")");
  p.method = model->symbolic ? Method::KInduction : Method::Explicit;
  if (root["parameters"]) read_parameters(r, root["parameters"], *model, p);
  if (root["claim"]) {
    const YAML::Node claim = root["claim"];
    if (!claim.IsMap() || !claim["max"] || claim.size() != 1) r.fail(claim, "claim", "expected {max: BOUND}");
    p.claim_max = r.integer_or_duration(claim["max"], "claim.max");
  }
  if (model->symbolic && !p.claim_max) r.fail(root, "claim", "model '" + p.model + "' needs claim: {max: BOUND}");
  if (!model->symbolic && p.claim_max) r.fail(root["claim"], "claim", "model '" + p.model + "' checks safety; it takes no bound");
  if (root["method"]) p.method = method_of(r, root["method"]);
  if ((p.method == Method::Explicit) == model->symbolic) {
    r.fail(root["method"], "method", model->symbolic ? "symbolic models use k_induction or bmc" : "this model is explored explicitly");
  }
  if (root["depth"]) {
    p.depth = static_cast<int>(r.integer_or_duration(root["depth"], "depth"));
    if (p.depth < 1 || p.depth > 100000) r.fail(root["depth"], "depth", "must be within 1..100000");
  }
  if (root["timeout"]) p.timeout_ms = r.integer_or_duration(root["timeout"], "timeout") / 1'000'000;
  if (root["expect"]) p.expect = expected_of(r, root["expect"]);
  return p;
}

}  // namespace

Property load_property_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw sim::ScenarioError({path, 0, 0}, "", "cannot read property file");
  std::stringstream text;
  text << in.rdbuf();
  const Reader reader{path};
  try {
    return read_property(reader, YAML::Load(text.str()));
  } catch (const YAML::Exception& e) {
    throw sim::ScenarioError({path, e.mark.line + 1, e.mark.column + 1}, "", e.msg);
  }
}

}  // namespace vtick::checker
