#include "testing/rpc_node.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

namespace klaxon::testing {

namespace json = boost::json;

Result<std::unique_ptr<RpcNode>> RpcNode::Start(uint64_t height) {
  std::unique_ptr<RpcNode> node(new RpcNode());
  node->height_ = height;
  RpcNode* self = node.get();
  node->router_.Add("POST", "/rpc/{key}",
                    [self](http::Request& req, http::Reply reply) { self->Handle(req, std::move(reply)); });
  http::ServerOptions options;
  options.threads = 2;
  auto server = http::Server::Start(options, node->router_);
  if (!server) return Fail(server.error());
  node->server_ = std::move(*server);
  return node;
}

RpcNode::~RpcNode() {
  ReleaseHeld();
  if (server_) server_->Stop();
}

std::string RpcNode::Url(const std::string& key) const {
  return fmt::format("http://127.0.0.1:{}/rpc/{}", server_->port(), key);
}

void RpcNode::SetMode(Mode mode) {
  mode_ = mode;
  if (mode != Mode::kSilent) ReleaseHeld();
}

void RpcNode::ReleaseHeld() {
  std::vector<std::pair<http::Request, http::Reply>> held;
  {
    std::lock_guard lock(mu_);
    held.swap(held_);
  }
  for (auto& [req, reply] : held) reply(Answer(req));
}

void RpcNode::Handle(http::Request& req, http::Reply reply) {
  ++requests_;
  if (mode_ == Mode::kSilent) {
    std::lock_guard lock(mu_);
    held_.emplace_back(std::move(req), std::move(reply));
    return;
  }
  reply(Answer(req));
}

http::Response RpcNode::Answer(const http::Request& req) {
  if (mode_ == Mode::kHttpError || mode_ == Mode::kSilent) {
    return http::Response::Text(503, "upstream unavailable");
  }
  boost::system::error_code ec;
  json::value v = json::parse(req.body, ec);
  const json::object* o = ec ? nullptr : v.if_object();
  if (!o || !o->contains("method") || !o->at("method").is_string() || !o->contains("id")) {
    return http::Response::Json(
        400, R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid request"}})");
  }
  json::object answer{{"jsonrpc", "2.0"}, {"id", o->at("id")}};
  if (mode_ == Mode::kRpcError) {
    answer["error"] = json::object{{"code", -32000}, {"message", "upstream node unavailable"}};
  } else if (o->at("method").as_string() == "eth_blockNumber") {
    answer["result"] = fmt::format("0x{:x}", height_.load());
  } else {
    answer["error"] = json::object{{"code", -32601}, {"message", "method not found"}};
  }
  return http::Response::Json(200, json::serialize(answer));
}

}  // namespace klaxon::testing
