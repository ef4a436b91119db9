#include "server/gateway/charger_registry.hpp"

#include <vector>

namespace ct::gateway {

std::shared_ptr<ChargerLink> ChargerRegistry::attach(const std::string& cpid,
                                                     std::shared_ptr<ChargerLink> link) {
  std::lock_guard lock(mu_);
  auto& slot = links_[cpid];
  auto previous = slot.lock();
  slot = link;
  return previous;
}

bool ChargerRegistry::detach(const std::string& cpid, const ChargerLink* link) {
  std::lock_guard lock(mu_);
  auto it = links_.find(cpid);
  if (it == links_.end()) return false;
  auto current = it->second.lock();
  if (current && current.get() != link) return false;
  links_.erase(it);
  return current != nullptr || link != nullptr;
}

std::shared_ptr<ChargerLink> ChargerRegistry::find(const std::string& cpid) const {
  std::lock_guard lock(mu_);
  auto it = links_.find(cpid);
  return it == links_.end() ? nullptr : it->second.lock();
}

std::size_t ChargerRegistry::size() const {
  std::lock_guard lock(mu_);
  return links_.size();
}

void ChargerRegistry::close_all(const std::string& reason) {
  std::vector<std::shared_ptr<ChargerLink>> all;
  {
    std::lock_guard lock(mu_);
    for (auto& [cpid, weak] : links_) {
      if (auto l = weak.lock()) all.push_back(std::move(l));
    }
  }
  for (auto& l : all) l->close(reason);
}

bool ChargerRegistry::is_online(const std::string& charge_point_id) const {
  return find(charge_point_id) != nullptr;
}

void ChargerRegistry::dispatch(const core::Command& command) {
  if (auto link = find(command.charge_point_id)) {
    link->send_command(command);
  } else if (on_undeliverable_) {
    on_undeliverable_(command);
  }
}

}  // namespace ct::gateway
