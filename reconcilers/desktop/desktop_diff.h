#pragma once
// The per-field parts of the desktop diff (reconcilers/desktop internal). Each appends actions for
// one concern: `jobs` collects actions that start a job, `sync` synchronous ones. Pure.

#include <string>
#include <vector>

#include "cloud/desktops.h"
#include "reconcilers/desktop/desktop_actions.h"
#include "reconcilers/engine/reconciler.h"
#include "specs/desktop.h"

namespace deskops::reconcilers::desktop {

using Live = cloud::desktops::Desktop;

void DiffNetwork(const specs::DesktopSpec& s, const Live& d, const std::string& name,
                 std::vector<Action>& jobs, PlanBuilder& plan);
void DiffUser(const specs::DesktopSpec& s, const Live& d, const std::string& name,
              std::vector<Action>& jobs);
void DiffVolumes(const specs::DesktopSpec& s, const Live& d, const std::string& name,
                 std::vector<Action>& jobs, PlanBuilder& plan);
void DiffPower(const specs::DesktopSpec& s, const Live& d, const std::string& name,
               std::vector<Action>& jobs, PlanBuilder& plan);
void DiffTags(const specs::DesktopSpec& s, const Live& d, const std::string& name,
              const std::string& owner, std::vector<Action>& sync);
void DiffMaintenance(const specs::DesktopSpec& s, const Live& d, const std::string& name,
                     std::vector<Action>& sync, std::vector<Action>& jobs);
// A desktop runs one task at a time: the first job action runs (unless the desktop is busy);
// the others are held as "sequenced" and come back in a later round.
void Sequence(const Live& d, std::vector<Action>& jobs);

}  // namespace deskops::reconcilers::desktop
