#include "checker/graph/pvclock_model.hpp"

#include "checker/graph/key.hpp"

namespace vtick::checker::graph {
namespace {

pv::PvclockVcpuTimeInfo default_before() {
  pv::PvclockVcpuTimeInfo page;
  page.version = 4;
  page.tsc_timestamp = 1'000'000;
  page.system_time = 500'000;
  page.tsc_to_system_mul = 0x80000000u;  // 2 GHz: 0.5 ns per tick
  page.flags = pv::kTscStableBit;
  return page;
}

pv::PvclockVcpuTimeInfo default_after() {
  pv::PvclockVcpuTimeInfo page = default_before();
  page.tsc_timestamp = 3'000'000;
  page.system_time = 1'500'500;
  page.tsc_to_system_mul = 0x80000000u + 1000;
  page.tsc_shift = 1;  // so that a reader mixing old and new shift is torn too
  return page;
}

constexpr std::uint64_t kDefaultReadTsc = 4'000'000;

/// Copies into `loaded` the field the reader's next load takes from `page`.
void mirror_load(pv::ReaderStep next, const pv::PvclockVcpuTimeInfo& page,
                 pv::PvclockVcpuTimeInfo& loaded) {
  switch (next) {
    case pv::ReaderStep::VersionBegin: loaded.version = page.version; break;
    case pv::ReaderStep::TscTimestamp: loaded.tsc_timestamp = page.tsc_timestamp; break;
    case pv::ReaderStep::SystemTime: loaded.system_time = page.system_time; break;
    case pv::ReaderStep::Mul: loaded.tsc_to_system_mul = page.tsc_to_system_mul; break;
    case pv::ReaderStep::Shift: loaded.tsc_shift = page.tsc_shift; break;
    case pv::ReaderStep::VersionEnd:
    case pv::ReaderStep::Done: break;
  }
}

void add_page(KeyBuilder& key, const pv::PvclockVcpuTimeInfo& page) {
  key.add(page.version).add(page.tsc_timestamp).add(page.system_time);
  key.add(page.tsc_to_system_mul).add(page.tsc_shift).add(page.flags);
}

const char* writer_name(pv::WriterStep step) {
  switch (step) {
    case pv::WriterStep::VersionOdd: return "version(odd)";
    case pv::WriterStep::TscTimestamp: return "tsc_timestamp";
    case pv::WriterStep::SystemTime: return "system_time";
    case pv::WriterStep::Mul: return "mul";
    case pv::WriterStep::ShiftFlags: return "shift+flags";
    case pv::WriterStep::VersionEven: return "version(even)";
    case pv::WriterStep::Done: break;
  }
  return "done";
}

const char* reader_name(pv::ReaderStep step) {
  switch (step) {
    case pv::ReaderStep::VersionBegin: return "version(begin)";
    case pv::ReaderStep::TscTimestamp: return "tsc_timestamp";
    case pv::ReaderStep::SystemTime: return "system_time";
    case pv::ReaderStep::Mul: return "mul";
    case pv::ReaderStep::Shift: return "shift";
    case pv::ReaderStep::VersionEnd: return "version(end)";
    case pv::ReaderStep::Done: break;
  }
  return "done";
}

}  // namespace

PvclockState::PvclockState(const PvclockState& other)
    : page(other.page),
      writer(other.writer, page),
      reader(other.reader, page),
      loaded(other.loaded) {}

PvclockState& PvclockState::operator=(const PvclockState& other) {
  page = other.page;
  writer = pv::PageWriter(other.writer, page);
  reader = pv::PageReader(other.reader, page);
  loaded = other.loaded;
  return *this;
}

PvclockModel::PvclockModel(bool check_version)
    : PvclockModel(check_version, default_before(), default_after(), kDefaultReadTsc) {}

PvclockModel::PvclockModel(bool check_version, const pv::PvclockVcpuTimeInfo& before,
                           const pv::PvclockVcpuTimeInfo& after, std::uint64_t read_tsc)
    : check_version_(check_version), before_(before), after_(after), read_tsc_(read_tsc) {}

PvclockState PvclockModel::initial() const {
  State state(check_version_);
  state.page = before_;
  state.writer.start(after_);
  state.reader.start(read_tsc_);
  return state;
}

void PvclockModel::successors(const State& state,
                              std::vector<std::pair<Label, State>>& out) const {
  if (!state.writer.done()) {
    State next = state;
    next.writer.step();
    out.emplace_back(Label{true, static_cast<std::uint8_t>(state.writer.next_store())},
                     std::move(next));
  }
  if (!state.reader.done()) {
    out.emplace_back(Label{false, static_cast<std::uint8_t>(state.reader.next_load())},
                     reader_step(state));
  }
}

PvclockState PvclockModel::reader_step(const State& state) const {
  State next = state;
  mirror_load(next.reader.next_load(), next.page, next.loaded);
  next.reader.step();
  return next;
}

std::optional<std::string> PvclockModel::violation(const State& state) const {
  const auto result = state.reader.result();
  if (!result) return std::nullopt;
  const std::uint64_t old_value = pv::read_cycles(before_, read_tsc_);
  const std::uint64_t new_value = pv::read_cycles(after_, read_tsc_);
  if (*result == old_value || *result == new_value) return std::nullopt;
  return "torn read: the reader returned " + std::to_string(*result) + " ns, but the page gives " +
         std::to_string(old_value) + " ns before the update and " + std::to_string(new_value) +
         " ns after it";
}

std::string PvclockModel::key(const State& state) const {
  // The writer's target and the reader's TSC are the same in every state; the reader's
  // retry count does not affect what it does next, so it is left out.
  KeyBuilder key;
  add_page(key, state.page);
  add_page(key, state.loaded);
  key.add(state.writer.next_store()).add(state.reader.next_load());
  key.add(state.reader.result().has_value()).add(state.reader.result().value_or(0));
  return key.take();
}

std::string PvclockModel::describe(const Label& label) const {
  if (label.writer) return std::string("W:") + writer_name(pv::WriterStep{label.step});
  return std::string("R:") + reader_name(pv::ReaderStep{label.step});
}

std::string PvclockModel::describe_state(const State& state) const {
  std::string text = "version " + std::to_string(state.page.version) + "; W next " +
                     writer_name(state.writer.next_store()) + "; R next " +
                     reader_name(state.reader.next_load());
  if (state.reader.result()) text += "; result " + std::to_string(*state.reader.result());
  return text;
}

}  // namespace vtick::checker::graph
