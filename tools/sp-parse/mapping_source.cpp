#include "tools/sp-parse/mapping_source.h"

#include <cstring>
#include <iostream>

#include "libcommon/errors.h"
#include "tools/sp-parse/record_output.h"
#include "tools/sp-parse/schema_file.h"

namespace sp {

namespace {

std::string_view trim_json(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// A key or string whose JSON text has no backslash is the same bytes
// unescaped, and needs no escape when written (the record was validated:
// no raw control byte or quote lies inside). Those are taken from the
// record as they are, saving simdjson's unescaping copy and the writer's
// scan.

// `key` points just past a key's opening quote; `value` at its value, so
// the key's closing quote lies before it.
bool plain_key_text(const char* key, const char* value, std::string_view& out) {
  const void* quote = std::memchr(key, '"', static_cast<size_t>(value - key));
  if (!quote) return false;
  out = std::string_view(key, static_cast<const char*>(quote) - key);
  return out.find('\\') == std::string_view::npos;
}

simdjson::error_code read_members(simdjson::ondemand::object object, std::string_view prefix, bool plain_prefix,
                                  bool flatten, std::vector<Field>& fields, Arena& arena) {
  for (auto member : object) {
    simdjson::ondemand::field field;
    if (auto error = std::move(member).get(field)) return error;
    simdjson::ondemand::value value = field.value();
    const std::string_view value_token = trimmed_raw_token(value);
    std::string_view key;
    bool plain_key = plain_key_text(field.key().raw(), value_token.data(), key);
    if (!plain_key) {
      if (auto error = field.unescaped_key().get(key)) return error;
    }
    std::string_view name = key;
    if (!prefix.empty()) {
      arena.append(prefix);
      arena.append(".");
      arena.append(key);
      name = arena.take_building();
    }
    simdjson::ondemand::json_type type;
    if (auto error = value.type().get(type)) return error;
    Field f{name, {}, ValueKind::Json};
    f.plain_name = plain_key && plain_prefix;
    switch (type) {
      case simdjson::ondemand::json_type::object: {
        simdjson::ondemand::object inner;
        if (auto error = value.get_object().get(inner)) return error;
        if (flatten) {
          size_t before = fields.size();
          if (auto error = read_members(inner, name, f.plain_name, flatten, fields, arena)) return error;
          if (fields.size() != before) continue;
          f.value = "{}";  // an empty object stays, as {}
        } else if (auto error = inner.raw_json().get(f.value)) {
          return error;
        }
        f.value = trim_json(f.value);
        break;
      }
      case simdjson::ondemand::json_type::string:
        f.kind = ValueKind::String;
        f.plain_value = unescaped_string_contents(value_token, f.value);
        if (!f.plain_value) {
          if (auto error = value.get_string().get(f.value)) return error;
        }
        break;
      case simdjson::ondemand::json_type::number:
        f.kind = ValueKind::Number;
        if (auto error = raw_json_of(value, f.value)) return error;
        break;
      case simdjson::ondemand::json_type::boolean:
        f.kind = ValueKind::Bool;
        if (auto error = raw_json_of(value, f.value)) return error;
        break;
      case simdjson::ondemand::json_type::null:
        f.kind = ValueKind::Null;
        f.value = "null";
        // ondemand needs the value consumed
        if (auto error = raw_json_of(value, f.value)) return error;
        break;
      default:
        if (auto error = raw_json_of(value, f.value)) return error;
        f.value = trim_json(f.value);
    }
    fields.push_back(f);
  }
  return simdjson::SUCCESS;
}

}  // namespace

simdjson::error_code read_object_fields(simdjson::ondemand::object object, bool flatten, std::vector<Field>& fields,
                                        Arena& arena) {
  return read_members(object, {}, true, flatten, fields, arena);
}

// What the inner (text-format) operator sees as its Context: its output is
// mapped before it reaches the driver.
class MappingSource::Forward final : public Context {
 public:
  Forward(MappingSource& self, Context& outer) : self_(self), outer_(outer) {}
  void emit(std::string_view json) override { self_.on_inner_emit(json, outer_); }
  void reject(const Record& record, std::string_view reason) override { outer_.reject(record, reason); }
  std::string locate(const Record& record) const override { return outer_.locate(record); }
  Stats& stats() override { return outer_.stats(); }
  JsonRecord& json() override { return outer_.json(); }
  Nanos watermark() const override { return outer_.watermark(); }
  Nanos now() const override { return outer_.now(); }

 private:
  MappingSource& self_;
  Context& outer_;
};

MappingSource::MappingSource(std::unique_ptr<FieldMapper> mapper, std::unique_ptr<Operator> inner)
    : mapper_(std::move(mapper)), inner_(std::move(inner)) {}

void MappingSource::reject(const Record& record, RejectKind kind, Context& ctx) {
  uint64_t*& counter = counters_[static_cast<size_t>(kind)];
  // Registered on first use, so runs without rejections keep a short --stats.
  if (!counter) counter = &ctx.stats().counter(reject_counter_name(kind));
  ++*counter;
  ctx.reject(record, reason_);
}

void MappingSource::on_record(const Record& record, Context& ctx) {
  current_ = record;
  if (!inner_) {
    on_json(record, ctx);
    return;
  }
  Forward forward(*this, ctx);
  inner_->on_record(record, forward);
}

void MappingSource::on_json(const Record& record, Context& ctx) {
  simdjson::dom::element root;
  if (auto error = validator_.parse(record.text.data(), record.text.size(), false).get(root)) {
    reason_ = std::string("invalid JSON: ") + simdjson::error_message(error);
    reject(record, RejectKind::InvalidJson, ctx);
    return;
  }
  parsed_.fields.clear();
  arena_.clear();
  parsed_.offset = record.offset;
  parsed_.line = record.line;
  parsed_.raw = record.text;
  if (!root.is_object()) {
    if (mapper_->wrap().empty()) {
      reason_ = "not a JSON object";
      reject(record, RejectKind::NotObject, ctx);
      return;
    }
    // The value keeps its kind, so --type and the other steps work on it.
    Field f{mapper_->wrap(), trim_json(record.text), ValueKind::Json};
    switch (root.type()) {
      case simdjson::dom::element_type::STRING: f.kind = ValueKind::String; f.value = root.get_string().value(); break;
      case simdjson::dom::element_type::INT64:
      case simdjson::dom::element_type::UINT64:
      case simdjson::dom::element_type::DOUBLE: f.kind = ValueKind::Number; break;
      case simdjson::dom::element_type::BOOL: f.kind = ValueKind::Bool; break;
      case simdjson::dom::element_type::NULL_VALUE: f.kind = ValueKind::Null; break;
      default: break;
    }
    parsed_.fields.push_back(f);
    finish(record, ctx);
    return;
  }
  if (mapper_->only_wrap()) {  // objects pass through byte-for-byte
    ctx.emit(record.text);
    return;
  }
  JsonRecord& json = ctx.json();
  json.document().rewind();
  simdjson::ondemand::object object;
  auto error = json.document().get_object().get(object);
  if (!error) error = read_object_fields(object, mapper_->flatten(), parsed_.fields, arena_);
  if (error) {
    reason_ = std::string("invalid JSON: ") + simdjson::error_message(error);
    reject(record, RejectKind::InvalidJson, ctx);
    return;
  }
  finish(record, ctx);
}

void MappingSource::on_inner_emit(std::string_view json, Context& ctx) {
  // The text operator's output is always one object; read it back.
  padded_.assign(json);
  padded_.append(simdjson::SIMDJSON_PADDING, ' ');
  parsed_.fields.clear();
  arena_.clear();
  parsed_.offset = current_.offset;
  parsed_.line = current_.line;
  parsed_.raw = current_.text;
  simdjson::ondemand::object object;
  auto error = parser_.iterate(padded_.data(), json.size(), padded_.size()).get(doc_);
  if (!error) error = doc_.get_object().get(object);
  if (!error) error = read_object_fields(object, mapper_->flatten(), parsed_.fields, arena_);
  if (error) {
    reason_ = std::string("invalid JSON: ") + simdjson::error_message(error);
    reject(current_, RejectKind::InvalidJson, ctx);
    return;
  }
  finish(current_, ctx);
}

void MappingSource::finish(const Record& record, Context& ctx) {
  RejectKind kind = RejectKind::InvalidJson;
  if (!mapper_->apply(parsed_, arena_, reason_, kind)) {
    reject(record, kind, ctx);
    return;
  }
  out_.clear();
  write_fields_json(parsed_.fields, out_);
  ctx.emit(out_);
}

void MappingSource::on_watermark(Nanos watermark, Context& ctx) {
  if (!inner_) return;
  Forward forward(*this, ctx);
  inner_->on_watermark(watermark, forward);
}

void MappingSource::on_idle(Nanos now, Context& ctx) {
  if (!inner_) return;
  Forward forward(*this, ctx);
  inner_->on_idle(now, forward);
}

void MappingSource::on_end(EndKind kind, Context& ctx) {
  if (!inner_) return;
  Forward forward(*this, ctx);
  inner_->on_end(kind, forward);
}

void MappingSource::snapshot(StateWriter& out) const {
  if (inner_) inner_->snapshot(out);
}

void MappingSource::restore(StateReader& in) {
  if (inner_) inner_->restore(in);
}

std::string MappingSource::state_options() const { return inner_ ? inner_->state_options() : ""; }

int prepare_mapping(ToolCli& cli, const FormatOptions& formats, MappingOptions& m) {
  CLI::App& app = cli.app();
  CommonOptions& common = cli.common();
  try {
    SchemaScalarsGiven given;
    given.wrap = app.count("--wrap") > 0;
    given.time_field = app.count("--time-field") > 0;
    given.time_format = app.count("--time-format") > 0;
    given.time_out = app.count("--time-out") > 0;
    given.key_file = app.count("--key-file") > 0;
    given.flatten = app.count("--flatten") > 0;
    m.time_field = common.time_field;
    m.time_format = common.time_format;
    m.time_rewrite = given.time_format || given.time_out;
    if (!m.schema.empty()) merge_schema_file(m.schema, m, given);
    if (m.time_rewrite && m.time_field.empty())
      throw UsageError("--time-format and --time-out need --time-field (or time_field in --schema)");
    // JSON with nothing but --time-field: the driver reads event time and
    // the records pass through untouched. Otherwise the mapping layer reads
    // (and maybe rewrites) the field after aliases and renames.
    MappingOptions without_time = m;
    without_time.time_field.clear();
    without_time.time_rewrite = false;
    bool json_only_time = formats.from == "json" && FieldMapper(without_time).identity() && !m.time_rewrite;
    if (json_only_time) {
      common.time_field = m.time_field;  // possibly from --schema
      m.time_field.clear();
    } else {
      common.time_field.clear();
    }
  } catch (const UsageError& e) {
    report(cli.tool(), e.what());
    std::cerr << "Run '" << cli.tool() << " --help' for usage.\n";
    return kExitUsage;
  }
  return -1;
}

std::unique_ptr<Operator> make_parse_operator(const FormatOptions& formats, const MappingOptions& mapping) {
  auto mapper = std::make_unique<FieldMapper>(mapping);
  auto inner = make_format_operator(formats);
  if (mapper->identity()) return inner;
  if (formats.from == "json") return std::make_unique<MappingSource>(std::move(mapper), nullptr);
  return std::make_unique<MappingSource>(std::move(mapper), std::move(inner));
}

}  // namespace sp
