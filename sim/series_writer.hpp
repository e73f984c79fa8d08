#pragma once
// series.csv: one row per sample interval, integers only, so the file is the same bytes on
// every machine and locale.
#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace vtick::sim {

class SeriesWriter {
 public:
  /// Column names become the header row. They must be non-empty and free of ',', '"',
  /// '\r' and '\n' (std::logic_error): the file is read by gnuplot and spreadsheets without
  /// any quoting rules. At least one column is required.
  explicit SeriesWriter(std::vector<std::string> columns);

  /// Appends a row; values.size() must equal the number of columns (std::logic_error).
  void row(std::span<const std::int64_t> values);

  [[nodiscard]] std::size_t rows() const;
  void write(std::ostream& out) const;

 private:
  std::vector<std::string> columns_;
  std::vector<std::int64_t> values_;  ///< row-major
};

}  // namespace vtick::sim
