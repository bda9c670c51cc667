#include "daemon/admin/admin_server.h"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <thread>

#include "core/strings.h"

namespace deskops::daemon {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using core::StrCat;

core::StatusOr<std::pair<std::string, std::uint16_t>> ParseListenAddress(
    const std::string& listen) {
  std::string host, port;
  if (core::StartsWith(listen, "[")) {
    auto close = listen.find("]:");
    if (close == std::string::npos) {
      return core::Status::InvalidArgument(
          StrCat("admin listen address ", core::Quote(listen), ": want [IPV6]:PORT"));
    }
    host = listen.substr(1, close - 1);
    port = listen.substr(close + 2);
  } else {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
      return core::Status::InvalidArgument(StrCat("admin listen address ", core::Quote(listen),
                                                  ": want HOST:PORT, e.g. 127.0.0.1:9180"));
    }
    host = listen.substr(0, colon);
    port = listen.substr(colon + 1);
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value > 65535 || port.empty()) {
    return core::Status::InvalidArgument(
        StrCat("admin listen address ", core::Quote(listen), ": port must be 0-65535"));
  }
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code bad;
  asio::ip::make_address(host, bad);
  if (bad) {
    return core::Status::InvalidArgument(
        StrCat("admin listen address ", core::Quote(listen), ": host must be an IP address"));
  }
  return std::make_pair(host, static_cast<std::uint16_t>(value));
}

struct AdminServer::Impl {
  std::map<std::string, AdminHandler> routes;
  const core::Logger& log;
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  std::thread thread;

  Impl(std::map<std::string, AdminHandler> r, const core::Logger& l)
      : routes(std::move(r)), log(l) {}

  AdminResponse Answer(const http::request<http::empty_body>& req) {
    const std::string_view target = req.target();
    const std::size_t question = target.find('?');
    const std::string path(target.substr(0, question));
    const std::string_view query =
        question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
      return {405, "text/plain; charset=utf-8", "only GET and HEAD\n"};
    }
    auto it = routes.find(path);
    if (it == routes.end())
      return {404, "text/plain; charset=utf-8", StrCat("no page ", path, "\n")};
    try {
      return it->second(query);
    } catch (const std::exception& e) {
      log.Error("admin handler failed", {{"path", path}, {"error", e.what()}});
      return {500, "text/plain; charset=utf-8", "internal error\n"};
    }
  }

  static http::response<http::string_body> Build(AdminResponse a, unsigned version, bool keep_alive,
                                                 bool head) {
    http::response<http::string_body> res{static_cast<http::status>(a.status), version};
    res.set(http::field::server, "deskops");
    res.set(http::field::content_type, a.content_type);
    res.set(http::field::cache_control, "no-store");
    if (a.status == 405) res.set(http::field::allow, "GET, HEAD");
    res.keep_alive(keep_alive);
    res.body() = std::move(a.body);
    res.prepare_payload();
    if (head) res.body().clear();  // Content-Length stays
    return res;
  }

  // Reads one request's header and answers it. No page takes a body, so a request carrying one
  // is answered (405 for another method, 413 for GET) without reading the body, and the
  // connection is closed; headers above the limit get 431. Nothing unbounded is ever buffered.
  http::response<http::string_body> Respond(const http::request_parser<http::empty_body>& parser,
                                            const beast::error_code& ec) {
    constexpr const char* kText = "text/plain; charset=utf-8";
    if (ec == http::error::header_limit) {
      return Build({431, kText, "request headers too large\n"}, 11, false, false);
    }
    const auto& req = parser.get();
    const bool head = req.method() == http::verb::head;
    if (parser.is_done()) return Build(Answer(req), req.version(), req.keep_alive(), head);
    AdminResponse a = Answer(req);
    if (a.status != 405) a = {413, kText, "admin pages take no request body\n"};
    return Build(std::move(a), req.version(), false, head);
  }

  asio::awaitable<void> Session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer(8192);
    for (;;) {
      stream.expires_after(std::chrono::seconds(10));
      http::request_parser<http::empty_body> parser;
      parser.header_limit(8192);
      parser.body_limit(boost::none);  // a body is never read; Respond() refuses it by its header
      auto [ec, n] = co_await http::async_read_header(stream, buffer, parser,
                                                      asio::as_tuple(asio::use_awaitable));
      (void)n;
      if (ec && ec != http::error::header_limit) break;
      auto res = Respond(parser, ec);
      const bool keep = res.keep_alive();
      auto [wec, wn] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
      (void)wn;
      if (wec) break;
      if (!keep) {
        co_await Linger(stream);
        break;
      }
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  // Closing with unread request bytes pending makes the kernel reset the connection, which can
  // destroy the answer before the client reads it; so stop sending and discard what the client
  // still sends, for at most a second and 1 MB.
  static asio::awaitable<void> Linger(beast::tcp_stream& stream) {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.expires_after(std::chrono::seconds(1));
    std::array<char, 16384> sink;
    for (std::size_t total = 0; total < (1u << 20);) {
      auto [ec, n] =
          co_await stream.async_read_some(asio::buffer(sink), asio::as_tuple(asio::use_awaitable));
      if (ec) break;
      total += n;
    }
  }

  asio::awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec == asio::error::operation_aborted) co_return;
      if (ec) continue;
      asio::co_spawn(ioc, Session(std::move(socket)), asio::detached);
    }
  }
};

AdminServer::AdminServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

AdminServer::~AdminServer() { Stop(); }

core::StatusOr<std::unique_ptr<AdminServer>> AdminServer::Start(
    const std::string& listen, std::map<std::string, AdminHandler> routes,
    const core::Logger& log) {
  DESKOPS_ASSIGN_OR_RETURN(auto hostport, ParseListenAddress(listen));
  auto impl = std::make_unique<Impl>(std::move(routes), log);
  boost::system::error_code ec;
  tcp::endpoint ep(asio::ip::make_address(hostport.first), hostport.second);
  impl->acceptor.open(ep.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(ep, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Status::Unavailable(
        StrCat("admin server cannot listen on ", listen, ": ", ec.message()));
  }
  asio::co_spawn(impl->ioc, impl->Accept(), asio::detached);
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->ioc.run(); });
  return std::unique_ptr<AdminServer>(new AdminServer(std::move(impl)));
}

std::string AdminServer::address() const {
  boost::system::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  if (ec) return "";
  return ep.address().is_v6() ? StrCat("[", ep.address().to_string(), "]:", ep.port())
                              : StrCat(ep.address().to_string(), ":", ep.port());
}

std::uint16_t AdminServer::port() const {
  boost::system::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void AdminServer::Stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  asio::post(impl_->ioc, [this] {
    boost::system::error_code ec;
    impl_->acceptor.close(ec);
    impl_->ioc.stop();
  });
  impl_->thread.join();
}

}  // namespace deskops::daemon
