#pragma once
// The configuration's maintenanceWindows: their schema, and their decoding into the engine's
// MaintenanceWindow (reconcilers/engine/windows.h), reading each window's IANA time zone from the
// system's tz database. Problems a schema cannot see (a zone the database lacks, a window longer
// than a week) are reported with file:line and the field's path. Pure.
//
//   maintenanceWindows:
//     - name: weeknights                    # optional; "window N" otherwise
//       days: [Mon, Tue, Wed, Thu, Fri]     # the days it opens (default: every day)
//       start: "22:00"                      # wall-clock time it opens, 24-hour
//       duration: 6h                        # how long it stays open (1m to 168h)
//       timeZone: Europe/Berlin             # IANA name
//       kinds: [Desktop, DesktopPool]       # optional: these kinds only
//       labels: {tier: prod}                # optional: objects with all these labels only

#include <vector>

#include "reconcilers/engine/windows.h"
#include "specs/diagnostic.h"
#include "specs/schema.h"
#include "specs/value.h"

namespace deskops::daemon {

// The schema of one window.
specs::SchemaNode WindowSchema();

// The windows of a configuration that passed its schema; errors go to `diags`, naming the field
// as `maintenanceWindows[i].field`.
std::vector<reconcilers::MaintenanceWindow> DecodeWindows(const specs::Value& root,
                                                          specs::Diagnostics& diags);

}  // namespace deskops::daemon
