#include "protocol/ocpp16/enums.hpp"

#include <array>
#include <utility>

namespace ct::ocpp16 {

#define CT_OCPP16_ENUM_PAIR(id, str) std::pair<E, const char*>{E::id, str},
#define CT_OCPP16_DEFINE_ENUM(Name)                                                \
  namespace {                                                                      \
  constexpr auto k##Name##Table = [] {                                             \
    using E = Name;                                                                \
    return std::array{CT_OCPP16_ENUM_##Name(CT_OCPP16_ENUM_PAIR)};                 \
  }();                                                                             \
  constexpr auto k##Name##Values = [] {                                            \
    std::array<Name, k##Name##Table.size()> out{};                                 \
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = k##Name##Table[i].first; \
    return out;                                                                    \
  }();                                                                             \
  }                                                                                \
  const char* to_string(Name value) noexcept {                                     \
    for (const auto& [v, s] : k##Name##Table) {                                    \
      if (v == value) return s;                                                    \
    }                                                                              \
    return "";                                                                     \
  }                                                                                \
  template <>                                                                      \
  std::optional<Name> from_string<Name>(std::string_view text) noexcept {          \
    for (const auto& [v, s] : k##Name##Table) {                                    \
      if (text == s) return v;                                                     \
    }                                                                              \
    return std::nullopt;                                                           \
  }                                                                                \
  template <>                                                                      \
  std::span<const Name> enum_values<Name>() noexcept {                             \
    return k##Name##Values;                                                        \
  }

CT_OCPP16_ENUMS(CT_OCPP16_DEFINE_ENUM)

#undef CT_OCPP16_DEFINE_ENUM
#undef CT_OCPP16_ENUM_PAIR

}  // namespace ct::ocpp16
