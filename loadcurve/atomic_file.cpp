#include "loadcurve/atomic_file.hpp"

#include <fstream>
#include <stdexcept>
#include <system_error>

namespace vtick::loadcurve {

void write_atomically(const std::filesystem::path& file, std::string_view text) {
  std::filesystem::path partial = file;
  partial += ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out.flush()) throw std::runtime_error("cannot write " + partial.string());
  }
  std::error_code ec;
  std::filesystem::rename(partial, file, ec);
  if (ec) throw std::runtime_error("cannot rename " + partial.string() + " to " + file.string() + ": " + ec.message());
}

}  // namespace vtick::loadcurve
