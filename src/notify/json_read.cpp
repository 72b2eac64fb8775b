#include "notify/json_read.h"

namespace klaxon::notify {

std::string StringAt(const boost::json::value& v, std::initializer_list<std::string_view> path) {
  const boost::json::value* cur = &v;
  for (std::string_view key : path) {
    const auto* o = cur->if_object();
    if (o == nullptr) return {};
    cur = o->if_contains(key);
    if (cur == nullptr) return {};
  }
  const auto* s = cur->if_string();
  return s == nullptr ? std::string() : std::string(s->data(), s->size());
}

std::string StringField(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

int64_t IntField(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}

}  // namespace klaxon::notify
