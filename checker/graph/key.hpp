#pragma once
// A state's identity for deduplication: its fields packed into a byte string. Models build
// keys from exactly the fields that determine future behaviour, so equal keys mean
// interchangeable states (a key finer than that is sound but wastes states; a coarser one
// would be unsound, merging states that behave differently).
#include <concepts>
#include <cstddef>
#include <string>
#include <type_traits>

namespace vtick::checker::graph {

class KeyBuilder {
 public:
  /// Appends every byte of `value`, least significant first, so keys are portable.
  template <std::integral T>
  KeyBuilder& add(T value) {
    if constexpr (std::is_same_v<T, bool>) {
      bytes_.push_back(value ? '\1' : '\0');
    } else {
      auto bits = static_cast<std::make_unsigned_t<T>>(value);
      for (std::size_t i = 0; i < sizeof(T); ++i) {
        bytes_.push_back(static_cast<char>(bits & 0xffu));
        bits = static_cast<decltype(bits)>(bits >> 4 >> 4);  // two shifts: no UB for 1 byte
      }
    }
    return *this;
  }
  template <class E>
    requires std::is_enum_v<E>
  KeyBuilder& add(E value) {
    return add(static_cast<std::underlying_type_t<E>>(value));
  }
  [[nodiscard]] std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

}  // namespace vtick::checker::graph
