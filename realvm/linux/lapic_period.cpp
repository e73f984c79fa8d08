#include "realvm/linux/lapic_period.hpp"

#include <charconv>
#include <string_view>

namespace vtick::realvm::linux_guest {
namespace {

constexpr std::string_view kResult = "..... calibration result: ";
constexpr std::int64_t kApicDivisor = 16;  // arch/x86/kernel/apic/apic.c

}  // namespace

std::optional<std::int64_t> lapic_calibration_result(const std::string& console) {
  const std::size_t at = console.rfind(kResult);
  if (at == std::string::npos) return std::nullopt;
  const char* begin = console.data() + at + kResult.size();
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(begin, console.data() + console.size(), value);
  if (error != std::errc() || end == begin || value <= 0) return std::nullopt;
  return value;
}

std::int64_t lapic_period_ns(std::int64_t calibration_result) {
  return (calibration_result / kApicDivisor + 1) * kApicDivisor;
}

std::optional<double> lapic_period_error_ppm(const std::string& console, int hz) {
  const auto result = lapic_calibration_result(console);
  if (!result || hz <= 0) return std::nullopt;
  const double nominal = 1e9 / hz;
  return (static_cast<double>(lapic_period_ns(*result)) / nominal - 1) * 1e6;
}

}  // namespace vtick::realvm::linux_guest
