#pragma once
// The implementations of the CLI commands, separated from argument parsing so tests can call them
// with streams. Each returns a process exit code (see cli.h). Not thread-safe; one command per
// process.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "daemon/connection.h"

namespace deskops::daemon {

struct ValidateOptions {
  std::vector<std::string> paths;  // "-" reads standard input
  bool strict_references = false;
  std::string output = "text";  // text | json
};
int RunValidate(const ValidateOptions& options, std::ostream& out, std::ostream& err);

struct SchemaOptions {
  std::optional<std::string> kind;
  std::optional<std::string> out_dir;  // writes manifest.json and <kind>.json there
  bool kinds = false;  // the registry instead: every kind, its API sections and operations
};
int RunSchema(const SchemaOptions& options, std::ostream& out, std::ostream& err);

// "deskops 0.1.0 (commit abc, API deskops.io/v1alpha1)": `deskops version` and `--version`.
std::string VersionText();
int RunVersion(std::ostream& out);

struct DebugSignOptions {
  std::string ak, sk;  // from HUAWEICLOUD_SDK_AK / _SK when empty
  std::string date;    // X-Sdk-Date; now when empty
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value", all signed
  std::string body, body_file;
  bool explain = false;  // canonical request and string to sign on stderr
};
int RunDebugSign(const DebugSignOptions& options, std::ostream& out, std::ostream& err);

struct GetOptions {
  std::string kind;
  std::string name;              // empty: all
  std::string output = "table";  // table | json | yaml
  ConnectionOptions connection;
};
int RunGet(const GetOptions& options, std::ostream& out, std::ostream& err);

}  // namespace deskops::daemon
