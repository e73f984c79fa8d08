#include "models/host/tsc.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace vtick::models::host {
namespace {

using Int128 = __int128;

constexpr std::int64_t kNsPerSec = 1'000'000'000;
/// ppm is carried as an integer number of 1e-6 ppm, i.e. parts per 10^12.
constexpr Int128 kPartsPerUnit = 1'000'000'000'000;
constexpr double kMaxPpm = 1000.0;

std::int64_t ppm_parts(double ppm) {
  if (!(std::fabs(ppm) <= kMaxPpm)) throw std::invalid_argument("TscModel: |ppm| > 1000");
  return std::llround(ppm * 1e6);
}

Int128 floor_div(Int128 a, Int128 b) {
  const Int128 q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

long double TscModel::rate_hz() const {
  return static_cast<long double>(nominal_hz) * (1.0L + static_cast<long double>(ppm_parts(ppm)) / 1e12L);
}

std::uint64_t TscModel::tsc_at(std::int64_t true_ns) const {
  if (true_ns < 0) throw std::invalid_argument("TscModel: negative time");
  // floor(A (10^12 + p) / 10^21) with A = true_ns * nominal_hz = q 10^9 + r equals
  // q + floor((q p 10^9 + r (10^12 + p)) / 10^21): every term fits in 128 bits while the
  // nominal count q fits in 64 and |p| <= 10^9.
  const std::int64_t p = ppm_parts(ppm);
  const auto a = static_cast<unsigned __int128>(true_ns) * nominal_hz;
  const auto q = static_cast<Int128>(a / kNsPerSec);
  const auto r = static_cast<Int128>(a % kNsPerSec);
  constexpr auto kU64Max = static_cast<Int128>(std::numeric_limits<std::uint64_t>::max());
  if (q > kU64Max) throw std::invalid_argument("TscModel: TSC count beyond 64 bits");
  const Int128 excess = q * p * kNsPerSec + r * (kPartsPerUnit + p);
  const Int128 count = q + floor_div(excess, kPartsPerUnit * kNsPerSec);
  if (count > kU64Max) throw std::invalid_argument("TscModel: TSC count beyond 64 bits");
  return static_cast<std::uint64_t>(count);
}


}  // namespace vtick::models::host
