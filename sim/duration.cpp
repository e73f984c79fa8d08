#include "sim/duration.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

namespace vtick::sim {
namespace {

struct Unit {
  std::string_view name;
  TimeNs ns;
};

// Largest first, so format_duration picks the coarsest exact unit.
constexpr std::array<Unit, 6> kUnits{{
    {"h", 3600 * kNsPerSec},
    {"min", 60 * kNsPerSec},
    {"s", kNsPerSec},
    {"ms", kNsPerMs},
    {"us", kNsPerUs},
    {"ns", 1},
}};

constexpr std::string_view kUnitList = "ns, us, ms, s, min, h";

// Every unit is at most 3.6e12 ns, so more than 12 significant fraction digits can never
// come out whole; the bound also keeps the fraction's value inside __int128 arithmetic.
constexpr std::size_t kMaxFractionDigits = 12;

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

[[noreturn]] void reject(const std::string& reason) { throw std::invalid_argument(reason); }

std::size_t count_digits(std::string_view text, std::size_t from) {
  std::size_t end = from;
  while (end < text.size() && is_digit(text[end])) {
    ++end;
  }
  return end - from;
}

TimeNs unit_ns(std::string_view unit, std::string_view text) {
  for (const Unit& u : kUnits) {
    if (u.name == unit) {
      return u.ns;
    }
  }
  if (unit.empty()) {
    reject(in_quotes(text) + " needs a unit, e.g. '10ms' (units: " + std::string(kUnitList) + ")");
  }
  reject("unknown unit " + in_quotes(unit) + " in " + in_quotes(text) +
         " (units: " + std::string(kUnitList) + ")");
}

__int128 digits_value(std::string_view digits) {
  __int128 value = 0;
  for (char c : digits) {
    value = value * 10 + (c - '0');
    if (value > kNever) {
      return static_cast<__int128>(kNever) + 1;  // saturate: the caller reports overflow
    }
  }
  return value;
}

__int128 pow10(std::size_t n) {
  __int128 p = 1;
  for (std::size_t i = 0; i < n; ++i) {
    p *= 10;
  }
  return p;
}

}  // namespace

TimeNs parse_duration(std::string_view text) {
  if (text.empty()) {
    reject("empty duration, expected e.g. '10ms'");
  }
  if (text.front() == '-') {
    reject("negative time " + in_quotes(text));
  }
  const std::size_t int_digits = count_digits(text, 0);
  std::size_t pos = int_digits;
  std::string_view fraction;
  if (pos < text.size() && text[pos] == '.') {
    fraction = text.substr(pos + 1, count_digits(text, pos + 1));
    pos += 1 + fraction.size();
  }
  if (int_digits == 0 || (pos > int_digits && fraction.empty())) {
    reject("expected a duration such as '10ms' or '1.5s', got " + in_quotes(text));
  }
  const TimeNs unit = unit_ns(text.substr(pos), text);
  while (!fraction.empty() && fraction.back() == '0') {
    fraction.remove_suffix(1);
  }
  const __int128 scale = pow10(fraction.size());
  if (fraction.size() > kMaxFractionDigits || (digits_value(fraction) * unit) % scale != 0) {
    reject(in_quotes(text) + " is not a whole number of nanoseconds");
  }
  const __int128 ns =
      digits_value(text.substr(0, int_digits)) * unit + digits_value(fraction) * unit / scale;
  if (ns > kNever) {
    reject(in_quotes(text) + " is too long: durations must fit in 64-bit nanoseconds (~292 years)");
  }
  return static_cast<TimeNs>(ns);
}

std::string format_duration(TimeNs ns) {
  if (ns == 0) {
    return "0s";
  }
  // Never end(): the last unit, ns, divides everything.
  const auto* unit =
      std::find_if(kUnits.begin(), kUnits.end(), [ns](const Unit& u) { return ns % u.ns == 0; });
  return std::to_string(ns / unit->ns) + std::string(unit->name);
}

}  // namespace vtick::sim
