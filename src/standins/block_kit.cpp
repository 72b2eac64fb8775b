#include "standins/block_kit.h"

#include <set>

#include <fmt/format.h>

namespace klaxon::standins {
namespace {

using boost::json::object;
using boost::json::value;
using Problem = std::optional<std::string>;

Problem Bad(const std::string& path, std::string_view what) {
  return fmt::format("{}: {}", path, what);
}

// A string member, checked for presence and length (max 0: no limit).
Problem CheckString(const object& o, std::string_view key, const std::string& path, bool required,
                    size_t max) {
  const value* v = o.if_contains(key);
  if (v == nullptr) return required ? Bad(path + "." + std::string(key), "is required") : Problem();
  if (!v->is_string()) return Bad(path + "." + std::string(key), "must be a string");
  if (required && v->get_string().empty()) {
    return Bad(path + "." + std::string(key), "must not be empty");
  }
  if (max > 0 && Characters(v->get_string()) > max) {
    return Bad(path + "." + std::string(key), fmt::format("more than {} characters", max));
  }
  return {};
}

// A text object: {"type":"plain_text"|"mrkdwn","text":"..."}.
Problem CheckText(const value* v, const std::string& path, bool plain_only, size_t max) {
  if (v == nullptr) return Bad(path, "is required");
  const object* o = v->if_object();
  if (o == nullptr) return Bad(path, "must be a text object");
  const value* type = o->if_contains("type");
  bool plain = type != nullptr && type->is_string() && type->get_string() == "plain_text";
  bool mrkdwn = type != nullptr && type->is_string() && type->get_string() == "mrkdwn";
  if (!plain && !mrkdwn) return Bad(path + ".type", "must be plain_text or mrkdwn");
  if (plain_only && !plain) return Bad(path + ".type", "must be plain_text");
  if (const value* emoji = o->if_contains("emoji"); emoji != nullptr && !emoji->is_bool()) {
    return Bad(path + ".emoji", "must be a boolean");
  }
  return CheckString(*o, "text", path, true, max);
}

Problem CheckConfirm(const value& v, const std::string& path) {
  const object* o = v.if_object();
  if (o == nullptr) return Bad(path, "must be an object");
  if (auto p = CheckText(o->if_contains("title"), path + ".title", true, 100)) return p;
  if (auto p = CheckText(o->if_contains("text"), path + ".text", false, 300)) return p;
  if (auto p = CheckText(o->if_contains("confirm"), path + ".confirm", true, 30)) return p;
  return CheckText(o->if_contains("deny"), path + ".deny", true, 30);
}

Problem CheckButton(const object& b, const std::string& path, std::set<std::string>& action_ids) {
  if (auto p = CheckText(b.if_contains("text"), path + ".text", true, 75)) return p;
  if (auto p = CheckString(b, "action_id", path, false, 255)) return p;
  if (const value* id = b.if_contains("action_id")) {
    if (!action_ids.insert(std::string(id->get_string())).second) {
      return Bad(path + ".action_id", "must be unique within the block");
    }
  }
  if (auto p = CheckString(b, "value", path, false, 2000)) return p;
  if (auto p = CheckString(b, "url", path, false, 3000)) return p;
  if (const value* style = b.if_contains("style")) {
    if (!style->is_string() || (style->get_string() != "primary" && style->get_string() != "danger")) {
      return Bad(path + ".style", "must be primary or danger");
    }
  }
  if (const value* confirm = b.if_contains("confirm")) return CheckConfirm(*confirm, path + ".confirm");
  return {};
}

Problem CheckElements(const object& block, const std::string& path, size_t max, bool actions) {
  const value* v = block.if_contains("elements");
  if (v == nullptr || !v->is_array() || v->get_array().empty()) {
    return Bad(path + ".elements", "must be a non-empty array");
  }
  const auto& elements = v->get_array();
  if (elements.size() > max) return Bad(path + ".elements", fmt::format("more than {} elements", max));
  std::set<std::string> action_ids;
  for (size_t i = 0; i < elements.size(); ++i) {
    const std::string at = fmt::format("{}.elements[{}]", path, i);
    const object* e = elements[i].if_object();
    const value* type = e != nullptr ? e->if_contains("type") : nullptr;
    if (type == nullptr || !type->is_string()) return Bad(at, "must be an object with a type");
    if (actions) {
      if (type->get_string() != "button") return Bad(at + ".type", "unsupported element type");
      if (auto p = CheckButton(*e, at, action_ids)) return p;
    } else if (type->get_string() == "image") {
      if (auto p = CheckString(*e, "image_url", at, true, 3000)) return p;
      if (auto p = CheckString(*e, "alt_text", at, true, 2000)) return p;
    } else if (auto p = CheckText(&elements[i], at, false, 3000)) {
      return p;
    }
  }
  return {};
}

Problem CheckBlock(const value& v, const std::string& path, std::set<std::string>& block_ids) {
  const object* block = v.if_object();
  const value* type = block != nullptr ? block->if_contains("type") : nullptr;
  if (type == nullptr || !type->is_string()) return Bad(path, "must be an object with a type");
  if (auto p = CheckString(*block, "block_id", path, false, 255)) return p;
  if (const value* id = block->if_contains("block_id")) {
    if (!block_ids.insert(std::string(id->get_string())).second) {
      return Bad(path + ".block_id", "must be unique");
    }
  }
  const std::string_view t = type->get_string();
  if (t == "header") return CheckText(block->if_contains("text"), path + ".text", true, 150);
  if (t == "divider") return {};
  if (t == "context") return CheckElements(*block, path, 10, false);
  if (t == "actions") return CheckElements(*block, path, 25, true);
  if (t == "section") {
    const value* text = block->if_contains("text");
    const value* fields = block->if_contains("fields");
    if (text == nullptr && fields == nullptr) return Bad(path, "needs text or fields");
    if (text != nullptr) {
      if (auto p = CheckText(text, path + ".text", false, 3000)) return p;
    }
    if (fields != nullptr) {
      if (!fields->is_array() || fields->get_array().empty() || fields->get_array().size() > 10) {
        return Bad(path + ".fields", "must be an array of 1 to 10 text objects");
      }
      for (size_t i = 0; i < fields->get_array().size(); ++i) {
        if (auto p = CheckText(&fields->get_array()[i], fmt::format("{}.fields[{}]", path, i),
                               false, 2000)) {
          return p;
        }
      }
    }
    return {};
  }
  return Bad(path + ".type", "unsupported block type");
}

}  // namespace

size_t Characters(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) == 0x80 ? 0 : 1;
  return n;
}

std::optional<std::string> CheckBlocks(const boost::json::value& blocks) {
  const auto* array = blocks.if_array();
  if (array == nullptr) return std::string("blocks: must be an array");
  if (array->size() > 50) return std::string("blocks: more than 50 blocks");
  std::set<std::string> block_ids;
  for (size_t i = 0; i < array->size(); ++i) {
    if (auto p = CheckBlock((*array)[i], fmt::format("blocks[{}]", i), block_ids)) return p;
  }
  return std::nullopt;
}

}  // namespace klaxon::standins
