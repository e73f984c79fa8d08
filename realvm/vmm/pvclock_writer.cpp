#include "realvm/vmm/pvclock_writer.hpp"

#include <x86intrin.h>

#include <algorithm>

#include "realvm/vmm/error.hpp"
#include "realvm/vmm/host_clock.hpp"

namespace vtick::realvm::vmm {
namespace {

// The guest reads the scale once per update it sees; a TSC that KVM keeps stable across
// vCPUs (one vCPU here) lets it skip the cross-CPU monotonicity fix-up (PVCLOCK_TSC_STABLE_BIT).
constexpr std::uint8_t kTscStable = 0x01;

// A TSC/CLOCK_MONOTONIC pair is only as good as the time between the two TSC reads around
// the clock read: if this thread is preempted in between, the pair is off by the preemption
// and the guest's clock would jump by it. Retry a pair wider than this (a clock_gettime
// takes well under a microsecond even here); after the last try take the narrowest.
constexpr std::int64_t kMaxPairingWindowNs = 20'000;
constexpr int kPairingTries = 8;

}  // namespace

PvclockWriter::PvclockWriter(const GuestMemory& memory, std::uint64_t page_gpa, GuestTsc tsc,
                             std::chrono::nanoseconds interval)
    : tsc_(tsc), scale_(pvclock_scale_for(tsc.hz)), interval_(interval), origin_ns_(host_monotonic_ns()) {
  const auto bytes = memory.range(page_gpa, sizeof(PvclockPage));
  if (bytes.empty() || page_gpa % alignof(PvclockPage) != 0) {
    throw VmmError("pvclock page at guest-physical " + std::to_string(page_gpa) + " is not in guest RAM");
  }
  page_ = reinterpret_cast<PvclockPage*>(bytes.data());
  *page_ = PvclockPage{};
  update();  // valid before the guest can read it
  thread_ = std::thread([this] { loop(); });
}

PvclockWriter::~PvclockWriter() {
  stop();
}

void PvclockWriter::update() {
  // Pair the TSC with CLOCK_MONOTONIC: the midpoint of two TSC reads around the clock read.
  const auto max_window = static_cast<std::uint64_t>(tsc_.hz / (1'000'000'000 / kMaxPairingWindowNs));
  std::uint64_t best_window = ~0ull;
  std::uint64_t host_tsc = 0;
  std::int64_t host_ns = 0;
  for (int attempt = 0; attempt < kPairingTries && best_window > max_window; ++attempt) {
    const std::uint64_t before = __rdtsc();
    const std::int64_t now_ns = host_monotonic_ns();
    const std::uint64_t after = __rdtsc();
    if (after - before < best_window) {
      best_window = after - before;
      host_tsc = before + (after - before) / 2;
      host_ns = now_ns;
    }
    pairing_retries_ += attempt > 0 ? 1 : 0;
  }
  const std::uint64_t guest_tsc = host_tsc + static_cast<std::uint64_t>(tsc_.offset);

  // Odd version, fields, even version: a reader that saw an odd or changed version retries.
  // x86 keeps stores in order; the fences keep the compiler from moving them.
  __atomic_store_n(&page_->version, ++version_, __ATOMIC_RELAXED);
  __atomic_thread_fence(__ATOMIC_RELEASE);
  page_->tsc_timestamp = guest_tsc;
  page_->system_time = static_cast<std::uint64_t>(host_ns - origin_ns_);
  page_->tsc_to_system_mul = scale_.mul;
  page_->tsc_shift = scale_.shift;
  page_->flags = kTscStable;
  __atomic_thread_fence(__ATOMIC_RELEASE);
  __atomic_store_n(&page_->version, ++version_, __ATOMIC_RELAXED);

  if (updates_++ > 0) {
    max_gap_ns_ = std::max(max_gap_ns_, host_ns - last_update_ns_);
  }
  last_update_ns_ = host_ns;
}

void PvclockWriter::stop() {
  if (!thread_.joinable()) {
    return;
  }
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  thread_.join();
}

void PvclockWriter::loop() {
  std::unique_lock lock(mutex_);
  auto next = std::chrono::steady_clock::now() + interval_;  // steady_clock is CLOCK_MONOTONIC
  while (!stop_requested_.wait_until(lock, next, [this] { return stopping_; })) {
    update();
    next += interval_;
  }
}

void PvclockWriter::report(Counters& counters) const {
  counters["vmm_pvclock.updates"] = updates_;
  counters["vmm_pvclock.max_gap_ns"] = static_cast<std::uint64_t>(max_gap_ns_);
  counters["vmm_pvclock.pairing_retries"] = pairing_retries_;
}

}  // namespace vtick::realvm::vmm
