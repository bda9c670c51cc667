#pragma once
// Where the state is kept when it is not the state directory: etcd (configuration file
// `state.etcd`, flags --etcd-*). Filled from the configuration file and the flags;
// daemon/state_backend.h builds the client, the election and the store from it.

#include <chrono>
#include <string>
#include <vector>

#include "cloud/credentials.h"

namespace deskops::daemon {

struct EtcdOptions {
  std::vector<std::string> endpoints;        // http(s)://host:port of the members; empty: not etcd
  std::string prefix;                        // /deskops/<tenant>/: one per tenant
  std::string ca_file, cert_file, key_file;  // TLS: trusted CA, client certificate and key
  // By reference only; without one, $DESKOPS_ETCD_USERNAME and $DESKOPS_ETCD_PASSWORD (or the
  // file named by $DESKOPS_ETCD_PASSWORD_FILE). No user: no authentication.
  cloud::SecretRef username, password;
  std::chrono::seconds lease_ttl{15};  // the leader's lease
  bool enabled() const { return !endpoints.empty(); }
};

}  // namespace deskops::daemon
