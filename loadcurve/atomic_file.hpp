#pragma once
// Writing an output file so that a reader (or a run stopped half-way) sees the old file or
// the new one, never a torn one: write a sibling, then rename(2) it over the target, which
// POSIX makes atomic within one file system.
#include <filesystem>
#include <string_view>

namespace vtick::loadcurve {

/// Throws std::runtime_error naming the file when it cannot be written.
void write_atomically(const std::filesystem::path& file, std::string_view text);

}  // namespace vtick::loadcurve
