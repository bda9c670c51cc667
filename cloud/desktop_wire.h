#pragma once
// Reading a DesktopDetailInfo object (4.3.5 / 4.3.8 / 4.4.15 items); cloud/ internal.

#include "cloud/desktops.h"
#include "cloud/wire.h"

namespace deskops::cloud::desktops {

Desktop ReadDesktop(const nlohmann::json& j);

}  // namespace deskops::cloud::desktops
