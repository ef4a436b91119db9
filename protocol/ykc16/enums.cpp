#include "protocol/ykc16/enums.hpp"

namespace ct::ykc16 {

#define CT_YKC16_ENUM_ENTRY(id, value, name) EnumEntry{value, name},
#define CT_YKC16_DEFINE_ENUM(Name)                                                    \
  namespace {                                                                         \
  constexpr EnumEntry kEntries##Name[] = {CT_YKC16_ENUM_##Name(CT_YKC16_ENUM_ENTRY)}; \
  }                                                                                   \
  std::string_view to_string(Name value) noexcept {                                   \
    for (const EnumEntry& e : kEntries##Name) {                                       \
      if (e.value == static_cast<std::uint8_t>(value)) return e.name;                 \
    }                                                                                 \
    return {};                                                                        \
  }                                                                                   \
  template <>                                                                         \
  std::span<const EnumEntry> enum_entries<Name>() noexcept {                          \
    return kEntries##Name;                                                            \
  }

CT_YKC16_ENUMS(CT_YKC16_DEFINE_ENUM)

#undef CT_YKC16_DEFINE_ENUM
#undef CT_YKC16_ENUM_ENTRY

StopCategory stop_category(StopReason reason) noexcept {
  const auto code = static_cast<std::uint8_t>(reason);
  if (code >= 0x40 && code <= 0x49) return StopCategory::Finished;
  if (code >= 0x4A && code <= 0x69) return StopCategory::StartFailed;
  if (code >= 0x6A && code <= 0x8F) return StopCategory::Abnormal;
  if (code == 0x90) return StopCategory::Unknown;
  return StopCategory::Unlisted;
}

std::string_view to_string(StopCategory category) noexcept {
  switch (category) {
    case StopCategory::Finished: return "finished";
    case StopCategory::StartFailed: return "start_failed";
    case StopCategory::Abnormal: return "abnormal";
    case StopCategory::Unknown: return "unknown";
    case StopCategory::Unlisted: return "unlisted";
  }
  return "unlisted";
}

}  // namespace ct::ykc16
