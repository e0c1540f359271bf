// --multiline-start RE: groups physical lines into records (stack traces,
// wrapped syslog). A line matching RE (RE2, searched, not anchored) starts a
// record; any other line is a continuation. A record's first line goes to
// the format reader; its continuations are appended, each after a "\n", to
// the parsed record's message field: the first of "message", "msg", "text",
// "log" that the record has, else its last field. Lines before the first
// match start records of their own. A record is complete when the next one
// starts, at the end of the input (finish), or after --multiline-timeout of
// quiet (the operator calls finish).
//
// If the first line is a bad record, the whole group is one dead letter
// (its raw text holds every line). If the first line makes no record (a CSV
// header), its continuation lines are rejected, not dropped.
#pragma once
#include <re2/re2.h>

#include <memory>
#include <string>

#include "tools/sp-parse/reader_state.h"
#include "tools/sp-parse/record_model.h"

namespace sp {

class MultilineReader final : public FormatReader, public ReaderState, private RecordSink {
 public:
  // Throws UsageError for an invalid pattern.
  MultilineReader(std::unique_ptr<FormatReader> inner, const std::string& start_pattern);

  void feed(const Record& line, RecordSink& sink) override;
  void finish(RecordSink& sink) override;
  bool has_pending() const override { return pending_; }

  void save(StateWriter& out) const override;
  void load(StateReader& in) override;

 private:
  void on_parsed(ParsedRecord& record) override;
  void on_bad(const Record& where, std::string_view reason) override;
  void flush();

  std::unique_ptr<FormatReader> inner_;
  std::unique_ptr<re2::RE2> start_;
  RecordSink* out_ = nullptr;
  bool pending_ = false;
  bool produced_ = false;
  std::string first_;  // the record's first line
  std::string cont_;   // "\n" + each continuation line
  uint64_t offset_ = 0;
  uint64_t line_ = 0;
  uint64_t lines_ = 0;  // continuation lines
  std::string raw_;
  std::string joined_;
};

}  // namespace sp
