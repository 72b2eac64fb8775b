#pragma once
// JSON decoding shared by the source adapters: parsing a body into an arena,
// JSON paths for error messages, and the canonical readers for label sets,
// annotations and timestamps. Internal to src/ingest/.
//
// Every reader is pure and reports a kInvalidArgument Error whose message
// starts with the JSON path of the offending value, e.g.
//   alerts[3].labels: expected an object of strings
// Messages never echo more than a short, escaped excerpt of the input.

#include <cstddef>
#include <exception>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>

#include "core/labels.h"
#include "core/result.h"
#include "core/time.h"
#include "ingest/alert.h"

namespace klaxon::ingest::decode {

// Limits that protect everything downstream of ingest.
inline constexpr size_t kMaxPairs = 256;             // labels, and annotations
inline constexpr size_t kMaxValueBytes = 64 * 1024;  // one label/annotation value
inline constexpr size_t kMaxNameBytes = 1024;        // one label/annotation name
inline constexpr int kMaxDepth = 64;                 // JSON nesting

// One request body, parsed. The tree lives in an arena owned by the
// Document (a stack buffer first, then heap blocks), so a Document is
// neither copyable nor movable, and values from root() must not outlive it.
class Document {
 public:
  Document() = default;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  // Strict RFC 8259 JSON with valid UTF-8 and at most kMaxDepth levels of
  // nesting. On failure: kInvalidArgument "body is not valid JSON (...)".
  Status Parse(std::string_view body);
  const boost::json::value& root() const { return root_; }

 private:
  alignas(std::max_align_t) unsigned char buffer_[8192];
  boost::json::monotonic_resource resource_{buffer_, sizeof buffer_};
  // Same storage as the parser uses, so adopting the parsed tree is O(1).
  boost::json::value root_ = boost::json::value(boost::json::storage_ptr(&resource_));
};

// A JSON path built on the stack as decoding descends; turned into text only
// when an error is reported. Each node borrows its parent and key, which must
// outlive it. A root with an empty key prints as nothing ("labels", not ".labels").
struct Path {
  static constexpr size_t kNoIndex = static_cast<size_t>(-1);
  const Path* parent = nullptr;
  std::string_view key;     // a member name; ignored when index is set
  size_t index = kNoIndex;  // an array element

  Path Member(std::string_view name) const { return Path{this, name, kNoIndex}; }
  Path Element(size_t i) const { return Path{this, {}, i}; }
  std::string ToString() const;  // "alerts[3].labels"; "body" for an empty root
};

// kInvalidArgument "<path>: <what>".
std::unexpected<Error> FailAt(const Path& path, std::string_view what);

// A short, quoted, escaped excerpt of untrusted text for error messages
// (at most 64 bytes of input, cut on a UTF-8 boundary).
std::string Quote(std::string_view text);

// "string", "number", "object", ... for "expected X, got Y" messages.
std::string_view KindName(const boost::json::value& v);

// Number of UTF-8 code points (the input is already valid UTF-8).
size_t Utf8Length(std::string_view text);

// The member `name` of `object`, or nullptr when absent or JSON null.
const boost::json::value* Find(const boost::json::object& object, std::string_view name);

// A label set: a JSON object of string values, at most kMaxPairs, names
// valid per IsValidLabelName, values at most kMaxValueBytes. Labels with an
// empty value are dropped (a missing label equals the empty string). `v`
// null (the member is absent) and an empty result are errors: labels are
// the alert's identity.
Result<LabelSet> ReadLabels(const boost::json::value* v, const Path& path);

// ReadLabels without the identity rule: absent (null) and empty are fine,
// for formats that add labels of their own.
Result<LabelSet> ReadLabelMap(const boost::json::value* v, const Path& path);

// Annotations: names as for labels, but lenient about values: strings are
// kept as they are (empty too), numbers and booleans become their JSON text
// ("44.2", "true"), nulls are skipped; objects and arrays are refused.
// `v` null and an empty object give an empty set.
Result<LabelSet> ReadAnnotations(const boost::json::value* v, const Path& path);

// An optional RFC 3339 timestamp: absent, null, "" and Go's zero time
// (0001-01-01T00:00:00Z) all mean unset (nullopt).
Result<std::optional<Time>> ReadTime(const boost::json::value* v, const Path& path);

// An optional string of at most kMaxValueBytes: absent or null gives "".
Result<std::string> ReadString(const boost::json::value* v, const Path& path);

// `v` as compact JSON text (a string stays unquoted as it is); nullopt when
// it holds a number too large for a double, whose text would not be JSON.
std::optional<std::string> TextOf(const boost::json::value& v);

// TextOf, at most kMaxValueBytes, with the reason at `path` on failure.
Result<std::string> ReadAsText(const boost::json::value& v, const Path& path);

// The array of alerts in a body: refuses anything but an array, and more
// than ctx.max_alerts elements with kTooLarge.
Result<const boost::json::array*> ReadAlertArray(const boost::json::value& v, const Path& path,
                                                 const ParseContext& ctx);

// Runs an adapter body, turning exceptions (which only memory exhaustion
// should raise) into Errors: the adapters' edge towards Boost.
template <class F>
auto CatchAtEdge(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return Fail(ErrorCode::kTooLarge, "body too large to decode");
  } catch (const std::length_error&) {
    return Fail(ErrorCode::kTooLarge, "body too large to decode");
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInternal, std::string("decoding failed: ") + e.what());
  }
}

}  // namespace klaxon::ingest::decode
