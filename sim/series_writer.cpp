#include "sim/series_writer.hpp"

#include <charconv>
#include <stdexcept>

namespace vtick::sim {

SeriesWriter::SeriesWriter(std::vector<std::string> columns) : columns_(std::move(columns)) {
  if (columns_.empty()) throw std::logic_error("SeriesWriter: no columns");
  for (const std::string& name : columns_) {
    if (name.empty() || name.find_first_of(",\"\r\n") != std::string::npos) {
      throw std::logic_error("SeriesWriter: invalid column name \"" + name + "\"");
    }
  }
}

void SeriesWriter::row(std::span<const std::int64_t> values) {
  if (values.size() != columns_.size()) {
    throw std::logic_error("SeriesWriter: row has " + std::to_string(values.size()) +
                           " values, expected " + std::to_string(columns_.size()));
  }
  values_.insert(values_.end(), values.begin(), values.end());
}

std::size_t SeriesWriter::rows() const { return values_.size() / columns_.size(); }

void SeriesWriter::write(std::ostream& out) const {
  for (std::size_t c = 0; c < columns_.size(); ++c) out << (c == 0 ? "" : ",") << columns_[c];
  out << '\n';
  // to_chars, not operator<<: a stream's imbued locale could add digit grouping.
  char buffer[24];
  for (std::size_t i = 0; i < values_.size(); ++i) {
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, values_[i]);
    out.write(buffer, result.ptr - buffer);
    out << ((i + 1) % columns_.size() == 0 ? '\n' : ',');
  }
}

}  // namespace vtick::sim
