#pragma once
// Names joined with a separator, for error messages, help texts and gnuplot word lists.
#include <string>
#include <string_view>

namespace vtick::sim {

template <class Range>
std::string join(const Range& names, std::string_view separator) {
  std::string text;
  for (const auto& name : names) {
    if (!text.empty()) text += separator;
    text += name;
  }
  return text;
}

}  // namespace vtick::sim
