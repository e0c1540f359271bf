#include "tools/sp-parse/text_source.h"

#include <cstring>

#include "libcommon/cli.h"
#include "libcommon/errors.h"
#include "libcommon/json_writer.h"
#include "libcommon/state_codec.h"
#include "tools/sp-parse/record_output.h"
#include "tools/sp-parse/reader_state.h"
#include "tools/sp-parse/sniff.h"

namespace sp {

void RecordJsonWriter::write(const ParsedRecord& record, std::string& out) {
  out.push_back('{');
  if (names_.size() < record.fields.size()) names_.resize(record.fields.size());
  for (size_t i = 0; i < record.fields.size(); ++i) {
    const Field& f = record.fields[i];
    // Field names repeat from record to record: keep each position's last
    // name with its escaped form, compared by content (views may move).
    Name& name = names_[i];
    if (f.name != name.raw) {
      name.raw.assign(f.name);
      name.escaped.clear();
      if (i > 0) name.escaped.push_back(',');
      append_json_string(name.escaped, f.name);
      name.escaped.push_back(':');
    }
    out.append(name.escaped);
    append_field_value(out, f);
  }
  out.push_back('}');
}

TextSource::TextSource(std::string format, ReaderFactory make, Nanos pending_timeout)
    : requested_(format), make_(std::move(make)), pending_timeout_(pending_timeout) {
  if (requested_ != "auto") {
    format_ = requested_;
    reader_ = make_(format_);
  }
}

void TextSource::choose(std::string_view first_line) {
  format_ = sniff_format(first_line);
  report("sp-parse", "--from auto: detected " + format_);
  if (format_ == "json")
    json_mode_ = true;
  else
    reader_ = make_(format_);
}

void TextSource::on_record(const Record& record, Context& ctx) {
  ctx_ = &ctx;
  if (pending_timeout_ > 0) last_input_ = ctx.now();
  if (format_.empty()) choose(record.text);
  if (json_mode_) {
    if (!json_.validate_object(record.text, reason_)) {
      ctx.reject(record, reason_);
    } else {
      ctx.emit(record.text);
    }
    return;
  }
  reader_->feed(record, *this);
  count_joined();
}

void TextSource::count_joined() {
  Stats& s = ctx_->stats();
  uint64_t done = s.records_out + s.rejected;
  uint64_t joined = s.records_in > done ? s.records_in - done : 0;
  // Registered only once a line is joined, so simple runs keep a short --stats.
  if (!joined_ && joined > 0) joined_ = &s.counter("lines_joined");
  if (joined_) *joined_ = joined;
}

void TextSource::on_idle(Nanos now, Context& ctx) {
  if (!reader_ || pending_timeout_ <= 0 || !reader_->has_pending()) return;
  if (now - last_input_ < pending_timeout_) return;
  ctx_ = &ctx;
  reader_->finish(*this);
  count_joined();
}

void TextSource::on_end(EndKind kind, Context& ctx) {
  // Suspend: a held-back record stays in the checkpoint for the next run.
  if (!reader_ || kind == EndKind::Suspend) return;
  ctx_ = &ctx;
  reader_->finish(*this);
  count_joined();
}

void TextSource::on_parsed(ParsedRecord& record) {
  out_.clear();
  writer_.write(record, out_);
  ctx_->emit(out_);
}

void TextSource::on_bad(const Record& where, std::string_view reason) { ctx_->reject(where, reason); }

char* TextSource::json_area(size_t size) {
  if (json_area_.size() < size) json_area_.resize(size);
  return json_area_.data();
}

void TextSource::on_json(size_t size) { ctx_->emit(std::string_view(json_area_.data(), size)); }

void TextSource::snapshot(StateWriter& out) const {
  out.str(format_);
  auto* state = dynamic_cast<const ReaderState*>(reader_.get());
  out.boolean(state != nullptr);
  if (state) state->save(out);
}

void TextSource::restore(StateReader& in) {
  std::string format(in.str());
  if (requested_ == "auto" && !format.empty() && format_ != format) {
    format_.clear();
    reader_.reset();
    json_mode_ = false;
    if (format == "json") {
      format_ = format;
      json_mode_ = true;
    } else {
      format_ = format;
      reader_ = make_(format_);
    }
  }
  bool has_state = in.boolean();
  auto* state = dynamic_cast<ReaderState*>(reader_.get());
  if (has_state != (state != nullptr)) throw CheckpointError("checkpoint state does not match --from " + requested_);
  if (state) state->load(in);
}

}  // namespace sp
