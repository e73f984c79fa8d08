#include "protocols/pvclock/pvclock_protocol.hpp"

#include <stdexcept>

namespace vtick::protocols::pvclock {

PageWriter::PageWriter(PvclockVcpuTimeInfo& page) : page_(&page) {}

PageWriter::PageWriter(const PageWriter& other, PvclockVcpuTimeInfo& page) : PageWriter(other) {
  page_ = &page;
}

void PageWriter::start(const PvclockVcpuTimeInfo& new_values) {
  if (!done()) throw std::logic_error("pvclock PageWriter: start during an update");
  target_ = new_values;
  next_ = WriterStep::VersionOdd;
}

bool PageWriter::step() {
  PvclockVcpuTimeInfo& page = *page_;
  switch (next_) {
    case WriterStep::VersionOdd:
      // (v + 1) | 1 is odd even if the guest left junk (an odd value) in the page.
      page.version = (page.version + 1) | 1u;
      next_ = WriterStep::TscTimestamp;
      break;
    case WriterStep::TscTimestamp:
      page.tsc_timestamp = target_.tsc_timestamp;
      next_ = WriterStep::SystemTime;
      break;
    case WriterStep::SystemTime:
      page.system_time = target_.system_time;
      next_ = WriterStep::Mul;
      break;
    case WriterStep::Mul:
      page.tsc_to_system_mul = target_.tsc_to_system_mul;
      next_ = WriterStep::ShiftFlags;
      break;
    case WriterStep::ShiftFlags:  // adjacent bytes: one 16-bit store
      page.tsc_shift = target_.tsc_shift;
      page.flags = target_.flags;
      next_ = WriterStep::VersionEven;
      break;
    case WriterStep::VersionEven:
      ++page.version;
      next_ = WriterStep::Done;
      break;
    case WriterStep::Done:
      return false;
  }
  return !done();
}

PageReader::PageReader(const PvclockVcpuTimeInfo& page, bool check_version)
    : page_(&page), check_version_(check_version) {}

PageReader::PageReader(const PageReader& other, const PvclockVcpuTimeInfo& page)
    : PageReader(other) {
  page_ = &page;
}

void PageReader::start(std::uint64_t tsc) {
  tsc_ = tsc;
  result_.reset();
  retries_ = 0;
  next_ = check_version_ ? ReaderStep::VersionBegin : ReaderStep::TscTimestamp;
}

bool PageReader::step() {
  const PvclockVcpuTimeInfo& page = *page_;
  switch (next_) {
    case ReaderStep::VersionBegin:
      seen_.version = page.version & ~1u;  // pvclock_read_begin
      next_ = ReaderStep::TscTimestamp;
      break;
    case ReaderStep::TscTimestamp:
      seen_.tsc_timestamp = page.tsc_timestamp;
      next_ = ReaderStep::SystemTime;
      break;
    case ReaderStep::SystemTime:
      seen_.system_time = page.system_time;
      next_ = ReaderStep::Mul;
      break;
    case ReaderStep::Mul:
      seen_.tsc_to_system_mul = page.tsc_to_system_mul;
      next_ = ReaderStep::Shift;
      break;
    case ReaderStep::Shift:
      seen_.tsc_shift = page.tsc_shift;
      if (check_version_) {
        next_ = ReaderStep::VersionEnd;
      } else {
        finish();
      }
      break;
    case ReaderStep::VersionEnd:
      if (page.version != seen_.version) {  // pvclock_read_retry
        ++retries_;
        next_ = ReaderStep::VersionBegin;
      } else {
        finish();
      }
      break;
    case ReaderStep::Done:
      return false;
  }
  return !done();
}

void PageReader::finish() {
  result_ = read_cycles(seen_, tsc_);
  next_ = ReaderStep::Done;
}

}  // namespace vtick::protocols::pvclock
