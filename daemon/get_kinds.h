#pragma once
// What `deskops get` can show: for each kind of live object, how to fetch it (all, or one by
// name) and how to present it as table rows and as JSON. Used by get_command.cc on the main thread.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cloud/api_client.h"
#include "core/status_or.h"

namespace deskops::daemon {

struct Listing {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  nlohmann::json items = nlohmann::json::array();
};

struct GetKind {
  std::vector<std::string> names;  // accepted spellings, first is canonical
  std::function<core::StatusOr<Listing>(cloud::ApiClient&, const std::optional<std::string>&)>
      fetch;
};

const std::vector<GetKind>& GetKinds();
const GetKind* FindGetKind(const std::string& name);

}  // namespace deskops::daemon
