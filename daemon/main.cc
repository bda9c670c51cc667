// deskops: declarative management of Huawei Cloud Workspace. The composition root: everything
// that needs wiring is wired in the command implementations reached from here.
#include "daemon/cli.h"

int main(int argc, char** argv) { return deskops::daemon::RunCli(argc, argv); }
