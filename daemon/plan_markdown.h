#pragma once
// `deskops plan -o markdown`: the plan as a GitHub/GitLab pull-request comment. A heading with the
// summary, a table of creates, updates, deletes, held actions and errors per kind, then the
// destructive and disruptive actions called out first, then every other action grouped by kind;
// held actions name their gate, the reason and when it clears; errors and notes last. Values are
// shown in code spans; the caller masks secrets (SecretRegistry) as for every other rendering.

#include <string>

#include "reconcilers/engine/plan.h"

namespace deskops::daemon {

std::string RenderMarkdown(const reconcilers::Plan& plan);

}  // namespace deskops::daemon
