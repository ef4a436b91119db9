#include "protocol/ykc16/catalogue.hpp"

#include <algorithm>
#include <array>

namespace ct::ykc16 {
namespace {

constexpr BodyShape shape_of(std::uint8_t type, std::size_t item_size) noexcept {
  if (item_size == 0) return BodyShape::Fixed;
  // 0x45 and 0x47 list their results without a count byte.
  return type == 0x45 || type == 0x47 ? BodyShape::Repeated : BodyShape::Counted;
}

#define CT_YKC16_INFO(code, T, dir, size, item, zh, en) \
  MessageInfo{code, #T, en, zh, Direction::dir, shape_of(code, item), size, item},
constexpr std::array<MessageInfo, kMessageTypeCount> kCatalogue{{CT_YKC16_MESSAGES(CT_YKC16_INFO)}};
#undef CT_YKC16_INFO

constexpr bool sorted_and_parity_consistent() noexcept {
  for (std::size_t i = 0; i < kCatalogue.size(); ++i) {
    if (i > 0 && kCatalogue[i - 1].type >= kCatalogue[i].type) return false;
    if (direction_by_parity(kCatalogue[i].type) != kCatalogue[i].direction) return false;
  }
  return true;
}
static_assert(sorted_and_parity_consistent());

}  // namespace

const MessageInfo* find_message_info(std::uint8_t type) noexcept {
  const auto* it =
      std::lower_bound(kCatalogue.begin(), kCatalogue.end(), type,
                       [](const MessageInfo& info, std::uint8_t t) { return info.type < t; });
  return it != kCatalogue.end() && it->type == type ? &*it : nullptr;
}

std::span<const MessageInfo> message_catalogue() noexcept {
  return kCatalogue;
}

std::string_view to_string(Direction direction) noexcept {
  return direction == Direction::PileToPlatform ? "pile->platform" : "platform->pile";
}

std::uint8_t type_of(const Message& message) noexcept {
  return std::visit([](const auto& m) { return MessageTraits<std::decay_t<decltype(m)>>::type; },
                    message);
}

}  // namespace ct::ykc16
