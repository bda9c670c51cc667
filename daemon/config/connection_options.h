#pragma once
// How to reach the API: endpoint, region, project, CA file, rate limits and credential references.
// Filled from the configuration file and the flags; daemon/connection.h builds the client from it.

#include <chrono>
#include <string>

#include "cloud/credentials.h"

namespace deskops::daemon {

struct ConnectionOptions {
  std::string endpoint;    // https://workspace.<region>.myhuaweicloud.com; $DESKOPS_ENDPOINT
  std::string region;      // builds the endpoint when --endpoint is not given
  std::string project_id;  // overrides $HUAWEICLOUD_SDK_PROJECT_ID
  std::string ca_file;     // extra trusted CA certificates (PEM)
  bool insecure_skip_tls_verify = false;
  double requests_per_second = 10;
  int burst = 20;
  int max_in_flight = 8;
  int max_connections = 8;
  // One attempt of one call, connecting included; a slower answer counts as lost (a read is sent
  // again, a create's outcome is unknown and re-observed).
  std::chrono::milliseconds request_timeout{60'000};
  cloud::CredentialSources credentials;  // by reference; the SDK variables when empty
};

}  // namespace deskops::daemon
