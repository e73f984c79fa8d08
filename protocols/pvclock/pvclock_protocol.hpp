#pragma once
// The pvclock page's seqcount protocol as two explicit step machines, one shared-memory
// access per step, so a test or the model checker can interleave host and guest at word
// granularity and look for torn reads.
//
// Writer (arch/x86/kvm/x86.c, kvm_setup_guest_pvclock):
//   version = (version + 1) | 1   (odd: update in progress); smp_wmb();
//   store the fields;                                        smp_wmb();
//   version++                     (even again: two more than before).
// Reader (arch/x86/include/asm/pvclock.h, pvclock_clocksource_read):
//   do { v = version & ~1; rmb(); ret = __pvclock_read_cycles(page, rdtsc_ordered());
//        rmb(); } while (v != version);
// Masking the low bit makes a version read while odd never match the re-read, so one check
// covers both "a write was in progress" and "a write happened in between". Steps are
// sequentially consistent (the barriers above forbid the reorderings that would matter).
#include <cstdint>
#include <optional>

#include "protocols/pvclock/pvclock_abi.hpp"

namespace vtick::protocols::pvclock {

/// The writer's stores in program order; Done: idle (before start() or after the last).
enum class WriterStep : std::uint8_t {
  VersionOdd, TscTimestamp, SystemTime, Mul, ShiftFlags, VersionEven, Done };

/// The host's update of one page, one store per step().
class PageWriter {
 public:
  explicit PageWriter(PvclockVcpuTimeInfo& page);
  /// A copy of `other`'s progress that acts on `page` instead: lets an explorer snapshot a
  /// state (a copied page plus both machines) and branch from it.
  PageWriter(const PageWriter& other, PvclockVcpuTimeInfo& page);

  /// Begins an update to new_values' tsc_timestamp, system_time, mul, shift and flags; its
  /// version and padding are ignored (the writer derives the version from the page).
  /// Starting while an update is in progress is a caller bug: std::logic_error.
  void start(const PvclockVcpuTimeInfo& new_values);
  /// Performs the next store; returns whether stores remain. Idle: does nothing, false.
  bool step();
  [[nodiscard]] bool done() const { return next_ == WriterStep::Done; }
  [[nodiscard]] WriterStep next_store() const { return next_; }

 private:
  PvclockVcpuTimeInfo* page_;
  PvclockVcpuTimeInfo target_{};
  WriterStep next_ = WriterStep::Done;
};

/// The reader's loads in program order (Done: idle). VersionBegin and VersionEnd exist only
/// when the version is checked.
enum class ReaderStep : std::uint8_t {
  VersionBegin, TscTimestamp, SystemTime, Mul, Shift, VersionEnd, Done };

/// The guest's clock read, one load per step(). With check_version = false it is the broken
/// reader that loads the fields once with no seqcount, and can return a torn mix of two
/// updates.
class PageReader {
 public:
  explicit PageReader(const PvclockVcpuTimeInfo& page, bool check_version = true);
  /// A copy of `other`'s progress that reads `page` instead (see PageWriter's).
  PageReader(const PageReader& other, const PvclockVcpuTimeInfo& page);

  /// Begins a read at guest TSC value `tsc` (rdtsc_ordered() in Linux; fixed here so that
  /// every interleaving of one read is comparable). Restarts a read in progress.
  void start(std::uint64_t tsc);
  /// Performs the next load; returns whether loads remain. A failed version check starts
  /// the next attempt (counted in retries()). Idle: does nothing, false.
  bool step();
  [[nodiscard]] bool done() const { return next_ == ReaderStep::Done; }
  [[nodiscard]] ReaderStep next_load() const { return next_; }
  /// The clock value, once the read is done.
  [[nodiscard]] std::optional<std::uint64_t> result() const { return result_; }
  [[nodiscard]] std::uint64_t retries() const { return retries_; }

 private:
  void finish();

  const PvclockVcpuTimeInfo* page_;
  bool check_version_;
  std::uint64_t tsc_ = 0;
  /// The fields this attempt has loaded; `version` holds pvclock_read_begin's masked value.
  PvclockVcpuTimeInfo seen_{};
  ReaderStep next_ = ReaderStep::Done;
  std::optional<std::uint64_t> result_;
  std::uint64_t retries_ = 0;
};

}  // namespace vtick::protocols::pvclock
