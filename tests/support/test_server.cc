#include "test_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "core/strings.h"

namespace deskops::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

std::string RecordedRequest::Header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (core::EqualsIgnoreCase(k, name)) return v;
  }
  return "";
}

struct TestServer::Impl {
  TestServer* owner;
  Handler handler;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  ssl::context ssl_ctx{ssl::context::tls_server};
  std::thread accept_thread;
  std::vector<std::thread> workers;
  std::atomic<bool> stopping{false};
  mutable std::mutex mu;
  std::vector<RecordedRequest> requests;
  std::vector<std::shared_ptr<tcp::socket>> sockets;

  template <class Stream>
  void Serve(Stream& stream, tcp::socket& sock, int id) {
    beast::flat_buffer buffer;
    while (!stopping) {
      http::request<http::string_body> req;
      beast::error_code ec;
      http::read(stream, buffer, req, ec);
      if (ec) return;
      RecordedRequest rec{std::string(req.method_string()), std::string(req.target()), {},
                          req.body(), id};
      for (const auto& f : req) rec.headers.emplace_back(f.name_string(), f.value());
      {
        std::lock_guard lock(mu);
        requests.push_back(rec);
      }
      Reply reply = handler(rec);
      if (reply.delay.count() > 0) std::this_thread::sleep_for(reply.delay);
      if (reply.action == Reply::Action::kReset) {
        sock.set_option(asio::socket_base::linger(true, 0), ec);
        sock.close(ec);
        return;
      }
      if (reply.action == Reply::Action::kClose) return;
      http::response<http::string_body> res{static_cast<http::status>(reply.status), 11};
      for (const auto& [k, v] : reply.headers) res.set(k, v);
      res.body() = reply.body;
      res.keep_alive(!reply.close_after && req.keep_alive());
      res.prepare_payload();
      http::write(stream, res, ec);
      if (ec || reply.close_after || !req.keep_alive()) return;
    }
  }

  void Connection(std::shared_ptr<tcp::socket> sock, int id) {
    int open = ++owner->open_;
    int seen = owner->max_open_;
    while (open > seen && !owner->max_open_.compare_exchange_weak(seen, open)) {
    }
    if (owner->tls_) {
      beast::ssl_stream<tcp::socket&> stream(*sock, ssl_ctx);
      beast::error_code ec;
      stream.handshake(ssl::stream_base::server, ec);
      if (!ec) Serve(stream, *sock, id);
    } else {
      Serve(*sock, *sock, id);
    }
    beast::error_code ec;
    sock->shutdown(tcp::socket::shutdown_both, ec);
    sock->close(ec);
    --owner->open_;
  }

  void AcceptLoop() {
    while (!stopping) {
      auto sock = std::make_shared<tcp::socket>(ioc);
      beast::error_code ec;
      acceptor.accept(*sock, ec);
      if (ec || stopping) return;
      int id = ++owner->connections_;
      std::lock_guard lock(mu);
      sockets.push_back(sock);
      workers.emplace_back([this, sock, id] { Connection(sock, id); });
    }
  }
};

TestServer::TestServer(Handler handler, const Tls* tls) : impl_(std::make_unique<Impl>()) {
  impl_->owner = this;
  impl_->handler = std::move(handler);
  tls_ = tls != nullptr;
  if (tls) {
    impl_->ssl_ctx.use_certificate_chain(asio::buffer(tls->cert_pem));
    impl_->ssl_ctx.use_private_key(asio::buffer(tls->key_pem), ssl::context::pem);
  }
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->accept_thread = std::thread([this] { impl_->AcceptLoop(); });
}

TestServer::~TestServer() {
  impl_->stopping = true;
  beast::error_code ec;
  impl_->acceptor.close(ec);
  // Unblock accept() by connecting once, then close every connection so workers exit.
  {
    tcp::socket poke(impl_->ioc);
    poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
  }
  impl_->accept_thread.join();
  {
    std::lock_guard lock(impl_->mu);
    for (auto& s : impl_->sockets) s->shutdown(tcp::socket::shutdown_both, ec);
  }
  for (auto& w : impl_->workers) w.join();
}

std::string TestServer::url() const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::vector<RecordedRequest> TestServer::requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->requests;
}

}  // namespace deskops::testing
