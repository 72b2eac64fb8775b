#pragma once
// LabelSet <-> JSON object text, the stored form of labels, annotations and
// group labels: {"alertname":"HighLatency","service":"api"}.
//
// Names are written in the LabelSet's sorted order, so equal sets encode to
// equal strings. Values are written byte for byte apart from the escapes JSON
// requires (quote, backslash, control characters), and decoding accepts bytes
// that are not valid UTF-8, so every LabelSet round-trips exactly. The text is
// ordinary JSON: SQLite's json functions and PostgreSQL's jsonb read it.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>

#include "core/labels.h"

namespace klaxon::store::sqlite {

// Appends the JSON object for `labels` to `out`.
void AppendLabelsJson(const LabelSet& labels, std::string& out);
std::string LabelsToJson(const LabelSet& labels);

// nullopt unless `json` is one JSON object whose values are all strings
// (whitespace allowed; any escapes; a later duplicate name wins). Lone UTF-16
// surrogates in \u escapes are rejected, as PostgreSQL's jsonb does.
std::optional<LabelSet> LabelsFromJson(std::string_view json);

}  // namespace klaxon::store::sqlite
