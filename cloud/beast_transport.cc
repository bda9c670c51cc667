// The Beast/OpenSSL Transport (see transport.h). One I/O thread runs every connection's
// asynchronous operations as C++20 coroutines; Send() reserves a pooled connection on the
// caller's thread, hands the exchange to the I/O thread and waits for its result.
#include <openssl/err.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <thread>

#include "cloud/connection_pool.h"
#include "cloud/transport.h"
#include "cloud/url.h"
#include "core/strings.h"

namespace deskops::cloud {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using core::Status;
using core::StrCat;

// One connection to the endpoint: plain TCP or TLS over TCP.
struct Connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  std::chrono::steady_clock::time_point idle_since;

  beast::tcp_stream& Tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
};

// What happened to one exchange.
struct Outcome {
  Status status;
  bool sent = false;       // the request was written completely
  bool got_bytes = false;  // some of a response arrived
  boost::system::error_code error;
  http::response<http::string_body> response;
};

bool IsIpLiteral(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// Whether an idle pooled connection was closed, or is being closed, by the server. Between
// requests a server sends nothing, so anything readable means the end: EOF, an error, or bytes,
// which over TLS are the close_notify alert that servers send before their FIN (or, over plain
// HTTP, a 408 before closing). Sending a request there would lose it with "outcome unknown".
bool PeerClosed(Connection& c) {
  pollfd p{c.Tcp().socket().native_handle(), POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

class HttpTransport final : public Transport {
 public:
  HttpTransport(TransportOptions options, Url endpoint)
      : options_(std::move(options)),
        endpoint_(std::move(endpoint)),
        tls_(endpoint_.scheme == "https"),
        ssl_ctx_(ssl::context::tls_client),
        pool_(options_.max_connections),
        work_(asio::make_work_guard(ioc_)) {}

  Status Init() {
    if (!tls_) return Status::Ok();
    ssl_ctx_.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1);
    boost::system::error_code ec;
    ssl_ctx_.set_default_verify_paths(ec);
    if (!options_.ca_file.empty()) {
      ssl_ctx_.load_verify_file(options_.ca_file, ec);
      if (ec) {
        return Status::InvalidArgument(
            StrCat("cannot load CA file ", options_.ca_file, ": ", ec.message()));
      }
    }
    ssl_ctx_.set_verify_mode(options_.insecure_skip_verify ? ssl::verify_none : ssl::verify_peer);
    if (!options_.cert_file.empty() || !options_.key_file.empty()) {
      ssl_ctx_.use_certificate_chain_file(options_.cert_file, ec);
      if (!ec) ssl_ctx_.use_private_key_file(options_.key_file, ssl::context::pem, ec);
      if (ec) {
        return Status::InvalidArgument(StrCat("cannot load the client certificate ",
                                              options_.cert_file, " or its key ", options_.key_file,
                                              ": ", ec.message()));
      }
    }
    return Status::Ok();
  }

  void Start() {
    thread_ = std::thread([this] { ioc_.run(); });
  }

  ~HttpTransport() override {
    work_.reset();
    ioc_.stop();
    if (thread_.joinable()) thread_.join();
  }

  core::StatusOr<HttpResponse> Send(const HttpRequest& request, Deadline deadline) override {
    http::request<http::string_body> req = BuildRequest(request);
    auto lease = pool_.Acquire(deadline);
    if (!lease.ok()) return lease.status();
    std::unique_ptr<Connection> conn = std::move(*lease);
    if (conn &&
        (PeerClosed(*conn) || std::chrono::steady_clock::now() - conn->idle_since > kMaxIdle)) {
      conn.reset();  // closed or too old to trust: open a fresh one in its place
    }
    const bool idempotent = request.method != "POST" && request.method != "PATCH";
    for (int attempt = 0;; ++attempt) {
      const bool reused = conn != nullptr;
      Outcome out = asio::co_spawn(ioc_, Exchange(conn, req, deadline), asio::use_future).get();
      if (out.status.ok()) {
        bool keep = out.response.keep_alive();
        if (keep) conn->idle_since = std::chrono::steady_clock::now();
        pool_.Release(keep ? std::move(conn) : nullptr);
        return ToResponse(std::move(out.response));
      }
      conn.reset();
      // A reused keep-alive connection the server had closed: nothing reached the server (or,
      // for an idempotent request, it may be sent again), so try once on a fresh connection.
      bool stale = reused && attempt == 0 &&
                   (!out.sent ||
                    (idempotent && !out.got_bytes &&
                     (out.error == http::error::end_of_stream || out.error == asio::error::eof ||
                      out.error == asio::error::connection_reset)));
      if (stale && std::chrono::steady_clock::now() < deadline) continue;
      pool_.Release(nullptr);
      return out.status;
    }
  }

 private:
  static constexpr std::chrono::seconds kMaxIdle{30};

  http::request<http::string_body> BuildRequest(const HttpRequest& r) const {
    http::request<http::string_body> req;
    req.method_string(r.method);
    req.target(RequestTarget(r));
    req.version(11);
    bool has_host = false;
    for (const auto& [k, v] : r.headers) {
      req.set(k, v);
      has_host = has_host || core::EqualsIgnoreCase(k, "host");
    }
    if (!has_host) req.set(http::field::host, endpoint_.HostHeader());
    req.keep_alive(true);
    req.body() = r.body;
    // A body is sent whenever there is one, DELETE included; Content-Length always.
    req.content_length(r.body.size());
    return req;
  }

  static HttpResponse ToResponse(http::response<http::string_body>&& res) {
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(res.body());
    return out;
  }

  Deadline StepDeadline(Deadline deadline, std::chrono::milliseconds step) const {
    return std::min(deadline, std::chrono::steady_clock::now() + step);
  }

  asio::awaitable<void> Open(std::unique_ptr<Connection>& conn, Deadline deadline,
                             std::string& stage) {
    using namespace asio::experimental::awaitable_operators;
    auto ex = co_await asio::this_coro::executor;
    stage = "resolve";
    tcp::resolver resolver(ex);
    asio::steady_timer timer(ex, StepDeadline(deadline, options_.connect_timeout));
    auto resolved = co_await (resolver.async_resolve(endpoint_.host, std::to_string(endpoint_.port),
                                                     asio::use_awaitable) ||
                              timer.async_wait(asio::use_awaitable));
    if (resolved.index() == 1) throw boost::system::system_error(asio::error::timed_out);
    conn = std::make_unique<Connection>();
    if (tls_) {
      conn->tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ex, ssl_ctx_);
    } else {
      conn->plain = std::make_unique<beast::tcp_stream>(ex);
    }
    stage = "connect";
    conn->Tcp().expires_at(StepDeadline(deadline, options_.connect_timeout));
    co_await conn->Tcp().async_connect(std::get<0>(resolved), asio::use_awaitable);
    if (!tls_) co_return;
    stage = "TLS handshake";
    SSL* ssl = conn->tls->native_handle();
    if (!IsIpLiteral(endpoint_.host)) SSL_set_tlsext_host_name(ssl, endpoint_.host.c_str());
    if (!options_.insecure_skip_verify) {
      conn->tls->set_verify_callback(ssl::host_name_verification(endpoint_.host));
    }
    conn->Tcp().expires_at(StepDeadline(deadline, options_.connect_timeout));
    co_await conn->tls->async_handshake(ssl::stream_base::client, asio::use_awaitable);
  }

  template <class Stream>
  asio::awaitable<void> WriteRead(Stream& stream, Connection& conn,
                                  http::request<http::string_body>& req, Deadline deadline,
                                  Outcome& out, std::string& stage) {
    stage = "write";
    conn.Tcp().expires_at(StepDeadline(deadline, options_.io_timeout));
    co_await http::async_write(stream, req, asio::use_awaitable);
    out.sent = true;
    stage = "read";
    http::response_parser<http::string_body> parser;
    parser.body_limit(options_.max_response_bytes);
    conn.Tcp().expires_at(StepDeadline(deadline, options_.io_timeout));
    co_await http::async_read_header(stream, conn.buffer, parser, asio::use_awaitable);
    out.got_bytes = true;
    co_await http::async_read(stream, conn.buffer, parser, asio::use_awaitable);
    out.response = parser.release();
  }

  asio::awaitable<Outcome> Exchange(std::unique_ptr<Connection>& conn,
                                    http::request<http::string_body>& req, Deadline deadline) {
    Outcome out;
    std::string stage;
    try {
      if (!conn) co_await Open(conn, deadline, stage);
      if (conn->tls) {
        co_await WriteRead(*conn->tls, *conn, req, deadline, out, stage);
      } else {
        co_await WriteRead(*conn->plain, *conn, req, deadline, out, stage);
      }
    } catch (const boost::system::system_error& e) {
      out.error = e.code();
      out.status = ErrorStatus(conn.get(), e.code(), stage, out.sent);
    }
    co_return out;
  }

  Status ErrorStatus(Connection* conn, const boost::system::error_code& ec,
                     const std::string& stage, bool sent) const {
    const std::string where = StrCat(endpoint_.scheme, "://", endpoint_.HostHeader());
    if (stage == "TLS handshake" && conn && conn->tls) {
      long verify = SSL_get_verify_result(conn->tls->native_handle());
      if (verify != X509_V_OK) {
        return Status::FailedPrecondition(
            StrCat("TLS certificate verification failed for ", where, ": ",
                   X509_verify_cert_error_string(verify),
                   "; if the server uses a private CA, pass its certificate with --ca-file"));
      }
      if (ec.category() == asio::error::get_ssl_category()) {
        return Status::FailedPrecondition(StrCat("TLS handshake with ", where,
                                                 " failed: ", ec.message(),
                                                 " (host name verification or protocol mismatch)"));
      }
    }
    const bool timed_out = ec == beast::error::timeout || ec == asio::error::timed_out;
    const std::string what =
        StrCat(stage, " ", where, ": ",
               timed_out                       ? std::string("deadline exceeded")
               : ec == http::error::body_limit ? StrCat("the response is larger than the limit of ",
                                                        options_.max_response_bytes, " bytes")
                                               : ec.message());
    if (!sent) return Status::Unavailable(StrCat(what, " (request not sent)"));
    if (timed_out)
      return Status::DeadlineExceeded(StrCat(what, " (request sent; outcome unknown)"));
    return Status::Unknown(StrCat(what, " (request sent; outcome unknown)"));
  }

  TransportOptions options_;
  Url endpoint_;
  bool tls_;
  ssl::context ssl_ctx_;
  // Pooled connections own sockets registered with ioc_, so the pool is declared after it and
  // destroyed before it: destroying a socket after its io_context corrupts the heap.
  asio::io_context ioc_;
  ConnectionPool<Connection> pool_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread thread_;
};

}  // namespace

core::StatusOr<std::unique_ptr<Transport>> MakeHttpTransport(const TransportOptions& options) {
  auto url = ParseUrl(options.endpoint);
  if (!url.ok()) return url.status().Annotate("endpoint");
  if (url->path != "/" || !url->query.empty()) {
    return Status::InvalidArgument(
        StrCat("endpoint ", core::Quote(options.endpoint), " must be scheme://host[:port] only"));
  }
  auto t = std::make_unique<HttpTransport>(options, *url);
  if (Status s = t->Init(); !s.ok()) return s;
  t->Start();
  return std::unique_ptr<Transport>(std::move(t));
}

}  // namespace deskops::cloud
