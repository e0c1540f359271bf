#include "tools/sp-parse/multiline.h"

#include "libcommon/errors.h"
#include "libcommon/state_codec.h"

namespace sp {

MultilineReader::MultilineReader(std::unique_ptr<FormatReader> inner, const std::string& start_pattern)
    : inner_(std::move(inner)) {
  RE2::Options options;
  options.set_log_errors(false);
  start_ = std::make_unique<re2::RE2>(start_pattern, options);
  if (!start_->ok()) throw UsageError("--multiline-start: " + start_->error() + "; fix the pattern (RE2 syntax)");
}

void MultilineReader::feed(const Record& line, RecordSink& sink) {
  out_ = &sink;
  re2::StringPiece text(line.text.data(), line.text.size());
  if (pending_ && !RE2::PartialMatch(text, *start_)) {
    cont_.push_back('\n');
    cont_.append(line.text);
    ++lines_;
    return;
  }
  if (pending_) flush();
  first_.assign(line.text);
  cont_.clear();
  offset_ = line.offset;
  line_ = line.line;
  lines_ = 0;
  pending_ = true;
}

void MultilineReader::finish(RecordSink& sink) {
  out_ = &sink;
  if (pending_) flush();
  inner_->finish(sink);
}

void MultilineReader::flush() {
  pending_ = false;
  produced_ = false;
  raw_.assign(first_);
  raw_.append(cont_);
  inner_->feed(Record{first_, offset_, line_, kNoTime}, *this);
  if (!produced_ && lines_ > 0) {
    out_->on_bad(Record{raw_, offset_, line_, kNoTime},
                 std::to_string(lines_) + " continuation line(s) after a line that made no record");
  }
}

void MultilineReader::on_parsed(ParsedRecord& record) {
  produced_ = true;
  if (lines_ > 0 && !record.fields.empty()) {
    Field* target = nullptr;
    for (std::string_view name : {"message", "msg", "text", "log"}) {
      for (Field& f : record.fields)
        if (f.name == name) {
          target = &f;
          break;
        }
      if (target) break;
    }
    if (!target) target = &record.fields.back();
    joined_.clear();
    if (target->kind == ValueKind::Null) {
      joined_.append(std::string_view(cont_).substr(1));  // nothing to append to: no leading newline
    } else {
      joined_.append(target->value);
      joined_.append(cont_);
    }
    target->value = joined_;
    target->kind = ValueKind::String;
  }
  record.raw = raw_;
  out_->on_parsed(record);
}

void MultilineReader::on_bad(const Record& where, std::string_view reason) {
  produced_ = true;
  // A bad first line takes its continuation lines with it.
  if (where.line == line_)
    out_->on_bad(Record{raw_, offset_, line_, kNoTime}, reason);
  else
    out_->on_bad(where, reason);
}

void MultilineReader::save(StateWriter& out) const {
  out.boolean(pending_);
  if (pending_) {
    out.str(first_);
    out.str(cont_);
    out.u64(offset_);
    out.u64(line_);
    out.u64(lines_);
  }
  auto* inner = dynamic_cast<const ReaderState*>(inner_.get());
  out.boolean(inner != nullptr);
  if (inner) inner->save(out);
}

void MultilineReader::load(StateReader& in) {
  pending_ = in.boolean();
  if (pending_) {
    first_ = std::string(in.str());
    cont_ = std::string(in.str());
    offset_ = in.u64();
    line_ = in.u64();
    lines_ = in.u64();
  }
  bool has_inner = in.boolean();
  auto* inner = dynamic_cast<ReaderState*>(inner_.get());
  if (has_inner != (inner != nullptr)) throw CheckpointError("checkpoint state is truncated or corrupt");
  if (inner) inner->load(in);
}

}  // namespace sp
