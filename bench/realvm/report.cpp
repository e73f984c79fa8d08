#include "bench/realvm/report.hpp"

#include <cstdio>
#include <functional>
#include <string>

namespace vtick::realvm_bench {
namespace {

using Pick = std::function<std::optional<double>(const ConditionRepeat&)>;

std::optional<double> median_of(const std::vector<ConditionRepeat>& repeats, const Pick& pick) {
  std::vector<std::optional<double>> values;
  for (const auto& repeat : repeats) {
    values.push_back(pick(repeat));
  }
  return median(values);
}

std::string cell(std::optional<double> value, double scale, const char* format) {
  if (!value) {
    return "-";
  }
  char text[32];
  std::snprintf(text, sizeof text, format, *value / scale);
  return text;
}

std::string ms(std::optional<double> ns) { return cell(ns, 1e6, "%.3f"); }
std::string us(std::optional<double> ns) { return cell(ns, 1e3, "%.1f"); }

std::optional<double> as_double(std::optional<std::int64_t> value) {
  return value ? std::optional<double>(static_cast<double>(*value)) : std::nullopt;
}

void print_timer_table(const std::vector<ConditionRepeat>& repeats, std::string_view filter) {
  std::printf("| scheme | late p50 ms | late p99 ms | late max ms | p99 / native p99 | offset worst ms | offset final ms | ticks lost |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  auto native = [](auto field) {
    return Pick([field](const ConditionRepeat& r) {
      return r.native_late ? std::optional<double>(static_cast<double>((*r.native_late).*field)) : std::nullopt;
    });
  };
  std::printf("| host thread, timerfd (native) | %s | %s | %s | 1 | - | - | %s overruns |\n",
              ms(median_of(repeats, native(&Percentiles::p50))).c_str(),
              ms(median_of(repeats, native(&Percentiles::p99))).c_str(),
              ms(median_of(repeats, native(&Percentiles::max))).c_str(),
              cell(median_of(repeats, [](const ConditionRepeat& r) { return std::optional<double>(r.native_overruns); }), 1,
                   "%.0f").c_str());
  for (std::size_t i = 0; i < std::size(kSchemes); ++i) {
    if (!selected(kSchemes[i], filter)) {
      continue;
    }
    auto late = [i](auto field) {
      return Pick([i, field](const ConditionRepeat& r) -> std::optional<double> {
        if (!r.schemes[i] || !r.schemes[i]->late) return std::nullopt;
        return static_cast<double>((*r.schemes[i]->late).*field);
      });
    };
    // The ratio is taken within each repeat (VM and native measured back to back under the
    // same load), then its median: the host's background varies between repeats.
    const Pick ratio = [i](const ConditionRepeat& r) -> std::optional<double> {
      if (!r.schemes[i] || !r.schemes[i]->late || !r.native_late || r.native_late->p99 <= 0) return std::nullopt;
      return static_cast<double>(r.schemes[i]->late->p99) / static_cast<double>(r.native_late->p99);
    };
    const Pick worst = [i](const ConditionRepeat& r) -> std::optional<double> {
      return r.schemes[i] ? std::optional<double>(r.schemes[i]->offset_worst_ns) : std::nullopt;
    };
    const Pick final_offset = [i](const ConditionRepeat& r) -> std::optional<double> {
      return r.schemes[i] ? std::optional<double>(r.schemes[i]->offset_final_ns) : std::nullopt;
    };
    const Pick lost = [i](const ConditionRepeat& r) -> std::optional<double> {
      return r.schemes[i] ? as_double(r.schemes[i]->lost) : std::nullopt;
    };
    std::printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", kSchemes[i].name,
                ms(median_of(repeats, late(&Percentiles::p50))).c_str(),
                ms(median_of(repeats, late(&Percentiles::p99))).c_str(),
                ms(median_of(repeats, late(&Percentiles::max))).c_str(), cell(median_of(repeats, ratio), 1, "%.1f").c_str(),
                ms(median_of(repeats, worst)).c_str(), ms(median_of(repeats, final_offset)).c_str(),
                cell(median_of(repeats, lost), 1, "%.0f").c_str());
  }
}

void print_cost_row(const char* condition, const std::vector<ConditionRepeat>& repeats) {
  const auto exit_ns = median_of(repeats, [](const ConditionRepeat& r) {
    return r.exit_us ? std::optional<double>(*r.exit_us * 1e3) : std::nullopt;
  });
  const auto call_ns = median_of(repeats, [](const ConditionRepeat& r) {
    return r.hypercall_us ? std::optional<double>(*r.hypercall_us * 1e3) : std::nullopt;
  });
  const auto io_uring_call_ns = median_of(repeats, [](const ConditionRepeat& r) {
    return r.hypercall_host_kernel_us ? std::optional<double>(*r.hypercall_host_kernel_us * 1e3) : std::nullopt;
  });
  auto injection = [](auto field) {
    return Pick([field](const ConditionRepeat& r) -> std::optional<double> {
      const auto p = percentiles(r.injection.latency_ns);
      return p ? std::optional<double>(static_cast<double>((*p).*field)) : std::nullopt;
    });
  };
  const auto inject_p50 = median_of(repeats, injection(&Percentiles::p50));
  const auto inject_p99 = median_of(repeats, injection(&Percentiles::p99));
  auto minus_exit = [&](std::optional<double> value) {
    return value && exit_ns ? std::optional<double>(*value - *exit_ns) : std::nullopt;
  };
  const auto beyond_two_exits =
      call_ns && exit_ns ? std::optional<double>(*call_ns - 2 * *exit_ns) : std::nullopt;
  const auto matched = median_of(repeats, [](const ConditionRepeat& r) {
    return std::optional<double>(static_cast<double>(r.injection.latency_ns.size()));
  });
  const auto unmatched = median_of(repeats, [](const ConditionRepeat& r) {
    return std::optional<double>(static_cast<double>(r.injection.unmatched));
  });
  std::printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |\n", condition, us(exit_ns).c_str(), us(call_ns).c_str(),
              us(beyond_two_exits).c_str(), us(io_uring_call_ns).c_str(), us(inject_p50).c_str(), us(inject_p99).c_str(),
              us(minus_exit(inject_p50)).c_str(), us(minus_exit(inject_p99)).c_str(),
              cell(matched, 1, "%.0f").c_str(), cell(unmatched, 1, "%.0f").c_str());
}

}  // namespace

void print_timer_table(Condition condition, const std::vector<ConditionRepeat>& repeats, std::string_view filter) {
  std::printf("\n### %s (medians over %zu repeats)\n\n", std::string(condition_description(condition)).c_str(),
              repeats.size());
  print_timer_table(repeats, filter);
}

void print_cost_table(const std::vector<std::vector<ConditionRepeat>>& by_condition) {
  std::printf("\n### Costs (medians over repeats; injection: user_pit discard jiffies)\n\n");
  std::printf("| condition | exit us | hypercall us | hypercall - 2 exits us | hypercall host_kernel us | inject p50 us | inject p99 us | p50 - exit us | p99 - exit us | ticks matched / unmatched |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (std::size_t c = 0; c < by_condition.size(); ++c) {
    print_cost_row(std::string(condition_name(kConditions[c])).c_str(), by_condition[c]);
  }
}

}  // namespace vtick::realvm_bench
