#include "simulator/server.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

#include "core/strings.h"
#include "simulator/api_error.h"

namespace deskops::simulator {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class SessionBase : public std::enable_shared_from_this<SessionBase> {
 public:
  virtual ~SessionBase() = default;
  virtual void CloseIfIdle() = 0;
};

namespace {

Request ToRequest(http::request<http::string_body>&& req, std::string remote) {
  Request r;
  r.method = std::string(req.method_string());
  std::string_view target = req.target();
  auto q = target.find('?');
  r.path = std::string(target.substr(0, q));
  r.query = q == std::string_view::npos ? "" : std::string(target.substr(q + 1));
  for (const auto& field : req) {
    r.headers.emplace_back(core::ToLower(field.name_string()), std::string(field.value()));
  }
  r.body = std::move(req.body());
  r.remote = std::move(remote);
  return r;
}

template <class Stream>
class Session final : public SessionBase {
 public:
  Session(Server& server, Stream stream, std::string remote)
      : server_(server),
        stream_(std::move(stream)),
        timer_(stream_.get_executor()),
        idle_timer_(stream_.get_executor()),
        remote_(std::move(remote)) {}
  ~Session() override { server_.Unregister(this); }

  void Start() {
    server_.Register(this, weak_from_this());
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(server_.options().handshake_timeout);
      stream_.async_handshake(net::ssl::stream_base::server, [self = Self()](beast::error_code ec) {
        if (ec) return self->Close();
        self->Read();
      });
    } else {
      Read();
    }
  }

  void CloseIfIdle() override {
    net::post(stream_.get_executor(), [self = Self()] {
      if (self->idle_) beast::get_lowest_layer(self->stream_).socket().close();
    });
  }

 private:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  std::shared_ptr<Session> Self() { return std::static_pointer_cast<Session>(shared_from_this()); }

  void Read() {
    if (server_.stopping()) return Close();
    parser_.emplace();
    parser_->body_limit(server_.options().body_limit);
    idle_ = true;
    // A connection that brings no request within read_timeout is closed the way HTTPS servers
    // close idle keep-alive connections: TLS close_notify, then FIN (Close()). The stream's own
    // expiry, which would drop the socket without a close_notify, is only a backstop.
    const auto limit = server_.options().read_timeout;
    beast::get_lowest_layer(stream_).expires_after(limit + std::chrono::seconds(5));
    idle_timer_.expires_after(limit);
    idle_timer_.async_wait([self = Self(), read = ++reads_](beast::error_code ec) {
      // Cancelling the read makes OnRead close the connection.
      if (!ec && read == self->reads_ && self->idle_)
        beast::get_lowest_layer(self->stream_).cancel();
    });
    http::async_read(stream_, buffer_, *parser_,
                     [self = Self()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    idle_timer_.cancel();
    idle_ = false;
    if (ec == http::error::body_limit || ec == http::error::header_limit) return Refuse(ec);
    if (ec) return Close();
    started_ = std::chrono::steady_clock::now();
    http::request<http::string_body> req = parser_->release();
    bool keep_alive = req.keep_alive();
    method_ = std::string(req.method_string());
    std::string_view target = req.target();
    path_ = std::string(target.substr(0, target.find('?')));
    Response response = server_.simulator().Handle(ToRequest(std::move(req), remote_));
    meta_ = {response.status, response.operation, response.route};
    const std::string* id = response.Header("X-Request-Id");
    request_id_ = id ? *id : "";
    if (response.drop_connection) {
      Log("dropped");
      beast::get_lowest_layer(stream_).socket().close();
      return;
    }
    Prepare(std::move(response), keep_alive);
    if (delay_.count() > 0) {
      timer_.expires_after(delay_);
      timer_.async_wait([self = Self()](beast::error_code) { self->Write(); });
    } else {
      Write();
    }
  }

  // A request too large to read is answered (413 or 431, like API Gateway) and the connection
  // closed, rather than dropped without a word; nothing of it reaches the simulator.
  void Refuse(beast::error_code ec) {
    started_ = std::chrono::steady_clock::now();
    const bool body = ec == http::error::body_limit;
    const int status = body ? 413 : 431;
    const std::string what = body ? core::StrCat("The request body is larger than the limit of ",
                                                 server_.options().body_limit, " bytes.")
                                  : std::string("The request headers are too large.");
    method_ = std::string(parser_->get().method_string());
    path_ = std::string(parser_->get().target().substr(0, parser_->get().target().find('?')));
    meta_ = {status, "", ""};
    request_id_.clear();
    Prepare(
        ErrorResponse(ApiError(status, core::StrCat("SIM.0", status), what), ErrorShape::kBasic),
        false);
    Write();
  }

  void Prepare(Response&& response, bool keep_alive) {
    res_ = {};
    res_.version(11);
    res_.result(static_cast<http::status>(response.status));
    res_.set(http::field::server, "wks-sim");
    for (auto& [name, value] : response.headers) res_.set(name, value);
    if (!response.body.empty())
      res_.set(http::field::content_type, "application/json;charset=UTF-8");
    res_.body() = std::move(response.body);
    res_.keep_alive(keep_alive && !server_.stopping());
    res_.prepare_payload();
    delay_ = response.delay;
  }

  void Write() {
    beast::get_lowest_layer(stream_).expires_after(server_.options().write_timeout);
    http::async_write(stream_, res_, [self = Self()](beast::error_code ec, std::size_t) {
      self->Log(ec ? "write failed" : "");
      if (ec || !self->res_.keep_alive()) return self->Close();
      self->Read();
    });
  }

  void Log(std::string_view outcome) {
    if (!server_.options().access_log) return;
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_)
            .count();
    std::vector<core::LogField> fields = {{"method", method_},
                                          {"route", meta_.route.empty() ? path_ : meta_.route},
                                          {"operation", meta_.operation},
                                          {"status", meta_.status},
                                          {"duration_ms", ms},
                                          {"request_id", request_id_},
                                          {"remote", remote_}};
    if (!outcome.empty()) fields.push_back({"outcome", std::string(outcome)});
    server_.logger().Info("request", fields);
  }

  void Close() {
    if constexpr (kTls) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = Self()](beast::error_code) {
        beast::error_code ignored;
        beast::get_lowest_layer(self->stream_).socket().close(ignored);
      });
    } else {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      stream_.socket().close(ignored);
    }
  }

  struct Meta {
    int status = 0;
    std::string operation;
    std::string route;
  };

  Server& server_;
  Stream stream_;
  net::steady_timer timer_;
  net::steady_timer idle_timer_;
  std::uint64_t reads_ = 0;  // which Read() the idle timer belongs to
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  std::chrono::milliseconds delay_{0};
  std::chrono::steady_clock::time_point started_;
  Meta meta_;
  std::string method_;
  std::string path_;
  std::string request_id_;
  bool idle_ = true;
};

}  // namespace

Server::Server(ServerOptions options, Simulator& simulator, const core::Logger& logger)
    : options_(std::move(options)),
      simulator_(simulator),
      logger_(logger),
      control_(net::make_strand(io_)),
      acceptor_(control_) {}

Server::~Server() = default;

core::Status Server::Start() {
  beast::error_code ec;
  net::ip::address address = net::ip::make_address(options_.host, ec);
  if (ec) return core::Status::InvalidArgument(core::StrCat("bad listen address ", options_.host));
  tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Status::Unavailable(
        core::StrCat("cannot listen on ", options_.host, ":", options_.port, ": ", ec.message()));
  }
  bound_port_ = acceptor_.local_endpoint().port();
  Accept();
  return core::Status::Ok();
}

std::string Server::url() const {
  std::string host =
      options_.host.find(':') != std::string::npos ? "[" + options_.host + "]" : options_.host;
  return core::StrCat(options_.tls ? "https" : "http", "://", host, ":", bound_port_);
}

void Server::Accept() {
  acceptor_.async_accept(net::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
    // Runs on control_ (the acceptor's executor), like Stop()'s closing of the acceptor.
    if (ec) return;  // closed by Stop()
    std::string remote;
    beast::error_code ignored;
    auto peer = socket.remote_endpoint(ignored);
    remote = core::StrCat(peer.address().to_string(), ":", peer.port());
    if (options_.tls) {
      using TlsStream = beast::ssl_stream<beast::tcp_stream>;
      std::make_shared<Session<TlsStream>>(*this, TlsStream(std::move(socket), *options_.tls),
                                           remote)
          ->Start();
    } else {
      std::make_shared<Session<beast::tcp_stream>>(*this, beast::tcp_stream(std::move(socket)),
                                                   remote)
          ->Start();
    }
    if (!stopping_) Accept();
  });
}

void Server::Run() {
  std::vector<std::thread> threads;
  for (int i = 1; i < options_.threads; ++i) threads.emplace_back([this] { io_.run(); });
  io_.run();
  for (std::thread& t : threads) t.join();
}

void Server::Stop() {
  if (stopping_.exchange(true)) return;
  net::post(control_, [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    std::vector<std::shared_ptr<SessionBase>> live;
    {
      std::lock_guard lock(sessions_mu_);
      for (auto& [raw, weak] : sessions_) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
    }
    for (auto& s : live) s->CloseIfIdle();
    // Requests in progress get drain_timeout to finish; then the loop stops regardless.
    auto timer = std::make_shared<net::steady_timer>(control_, options_.drain_timeout);
    timer->async_wait([this, timer](beast::error_code ec) {
      if (!ec) io_.stop();
    });
    drain_timer_ = timer;
    CancelDrainIfDone();
  });
}

void Server::Register(SessionBase* session, std::weak_ptr<SessionBase> weak) {
  std::lock_guard lock(sessions_mu_);
  sessions_[session] = std::move(weak);
}

void Server::Unregister(SessionBase* session) {
  {
    std::lock_guard lock(sessions_mu_);
    sessions_.erase(session);
  }
  if (stopping_) net::post(control_, [this] { CancelDrainIfDone(); });
}

void Server::CancelDrainIfDone() {
  std::lock_guard lock(sessions_mu_);
  if (sessions_.empty() && drain_timer_) drain_timer_->cancel();
}

}  // namespace deskops::simulator
