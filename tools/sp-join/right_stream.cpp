#include "tools/sp-join/right_stream.h"

#include <sys/stat.h>

#include "libcommon/cli.h"
#include "libcommon/control_line.h"
#include "libcommon/errors.h"
#include "libcommon/line_issue.h"
#include "libcommon/resume_input.h"
#include "libcommon/signals.h"
#include "libcommon/state_codec.h"

namespace sp {

void write_held(StateWriter& out, const std::deque<HeldLine>& lines) {
  out.count(lines.size());
  for (const HeldLine& l : lines) {
    out.boolean(l.is_record);
    out.i64(l.time);
    out.str(l.text);
  }
}

void read_held(StateReader& in, std::deque<HeldLine>& lines) {
  size_t n = in.count(3);
  lines.clear();
  for (size_t i = 0; i < n; ++i) {
    HeldLine l;
    l.is_record = in.boolean();
    l.time = in.i64();
    l.text = std::string(in.str());
    lines.push_back(std::move(l));
  }
}

namespace {

// How long one wait for FIFO data lasts before signals are looked at again.
constexpr int kWaitMs = 200;

}  // namespace

RightStream::RightStream(std::string path, bool reads_control, EventTimeExtractor time, uint64_t max_record_size,
                         bool validate)
    : path_(std::move(path)),
      reads_control_(reads_control),
      time_(std::move(time)),
      max_record_size_(max_record_size),
      validate_(validate) {
  struct stat st {};
  regular_ = ::stat(path_.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  open(0, 0);
}

void RightStream::open(uint64_t offset, uint64_t line) {
  InputOptions in;
  in.path = path_;
  in.option = "--right";
  in.max_record_size = max_record_size_;
  if (validate_) in.check = LineCheck::JsonObject;
  in.control_lines = reads_control_;
  in.start_offset = offset;
  in.start_line = line;
  in_.reset();
  in_ = std::make_unique<InputReader>(std::move(in));
  lines_.clear();
  pos_ = 0;
}

bool RightStream::read_more(bool wait) {
  lines_.clear();
  pos_ = 0;
  while (true) {
    ReadStatus status = in_->next_batch(lines_, wait ? kWaitMs : 0);
    if (!lines_.empty()) return true;
    if (status == ReadStatus::End) {
      if (reads_control_ && !end_marker_)
        throw IoError(path_ + ": ended without the pipeline's end marker, so the member writing it stopped early; "
                      "output after epoch " + std::to_string(barrier_) + " is not committed. Run the pipeline "
                      "again to resume");
      ended_ = true;
      return false;
    }
    if (!wait || stop_requested()) return false;
  }
}

bool RightStream::parse_record(std::string_view text, uint64_t offset, uint64_t line, Nanos& t) {
  if (json_.load(text) || !time_.extract(json_, t, problem_)) {
    if (problem_.empty()) problem_ = "not a JSON object";
    ++*records_in_;
    ++*rejected_;
    report("sp-join", input_position(path_, line, offset) + ": rejected: " + problem_);
    problem_.clear();
    return false;
  }
  json_.document().rewind();
  return true;
}

void RightStream::on_barrier(uint64_t epoch, uint64_t line, uint64_t offset) {
  if (epoch != barrier_ + 1)
    throw CheckpointError(input_position(path_, line, offset) + ": barrier of epoch " + std::to_string(epoch) +
                          " after epoch " + std::to_string(barrier_) +
                          ": the members were restored to different epochs (do they all share one --checkpoint-dir?)");
  barrier_ = epoch;
  blocked_ = true;
}

bool RightStream::classify_line() {
  const InputLine& line = lines_[pos_];
  if (line.issue != LineIssue::None) {
    ++*records_in_;
    ++*rejected_;
    report("sp-join", input_position(path_, line.line, line.offset) + ": rejected: " + describe_issue(line));
    ++pos_;
    return false;
  }
  ControlLine c;
  if (reads_control_ && is_control_line(line.text) && parse_control_line(line.text, c)) {
    switch (c.kind) {
      case ControlLine::Kind::Barrier:
        ++pos_;
        on_barrier(c.epoch, line.line, line.offset);
        return false;
      case ControlLine::Kind::End:
        ++pos_;
        end_marker_ = true;
        return false;
      case ControlLine::Kind::Watermark:
        head_is_record_ = false;
        head_time_ = c.watermark;
        return true;
    }
  }
  if (!parse_record(line.text, line.offset, line.line, head_time_)) {
    ++pos_;
    return false;
  }
  head_is_record_ = true;
  head_loaded_ = true;
  return true;
}

RightStream::Head RightStream::peek(bool wait) {
  while (!head_ready_) {
    if (!pending_.empty()) {
      head_is_record_ = pending_.front().is_record;
      head_time_ = pending_.front().time;
      head_loaded_ = false;
      head_ready_ = true;
      break;
    }
    if (blocked_) return Head::Blocked;
    if (pos_ < lines_.size()) {
      head_ready_ = classify_line();
      continue;
    }
    if (ended_) return Head::Ended;
    if (!read_more(wait)) return ended_ ? Head::Ended : Head::NoData;
  }
  return head_is_record_ ? Head::Record : Head::Watermark;
}

std::string_view RightStream::text() const {
  return pending_.empty() ? lines_[pos_].text : std::string_view(pending_.front().text);
}

JsonRecord& RightStream::json() {
  if (!head_loaded_) {
    const std::string& text = pending_.front().text;
    padded_.assign(text);
    padded_.append(simdjson::SIMDJSON_PADDING, '\0');
    (void)json_.load(std::string_view(padded_.data(), text.size()));  // it parsed when it was read
    head_loaded_ = true;
  }
  return json_;
}

void RightStream::pop() {
  if (!pending_.empty()) pending_.pop_front();
  else ++pos_;
  if (head_is_record_) ++*records_in_;
  head_ready_ = false;
  head_loaded_ = false;
}

bool RightStream::align_to(uint64_t epoch) {
  // The head already looked at goes first (it is lines_[pos_] or pending_'s front).
  head_ready_ = false;
  head_loaded_ = false;
  while (barrier_ < epoch) {
    if (pos_ >= lines_.size()) {
      if (ended_) return false;
      if (!read_more(true)) {
        if (ended_) return false;
        if (stop_requested())
          throw IoError(path_ + ": stopped while waiting for the barrier of epoch " + std::to_string(epoch) +
                        "; the epoch is not committed: run the pipeline again to resume");
      }
      continue;
    }
    const InputLine& line = lines_[pos_];
    if (line.issue != LineIssue::None) {
      classify_line();  // counts, reports and consumes it
      continue;
    }
    ControlLine c;
    if (reads_control_ && is_control_line(line.text) && parse_control_line(line.text, c)) {
      ++pos_;
      if (c.kind == ControlLine::Kind::Barrier) on_barrier(c.epoch, line.line, line.offset);
      else if (c.kind == ControlLine::Kind::End) end_marker_ = true;
      else pending_.push_back(HeldLine{false, c.watermark, {}});
      continue;
    }
    Nanos t = 0;
    if (parse_record(line.text, line.offset, line.line, t)) pending_.push_back(HeldLine{true, t, std::string(line.text)});
    ++pos_;
  }
  return true;
}

void RightStream::snapshot(StateWriter& out) const {
  // The first line not consumed: where a regular file is read again from.
  uint64_t offset = pos_ < lines_.size() ? lines_[pos_].offset : in_->offset();
  uint64_t line = pos_ < lines_.size() ? lines_[pos_].line - 1 : in_->line();
  auto id = in_->identity();
  out.str(path_);
  out.u64(id.dev);
  out.u64(id.ino);
  out.u64(id.head_hash);
  out.u32(id.head_len);
  out.u64(offset);
  out.u64(line);
  out.u64(barrier_);
  out.boolean(ended());
  write_held(out, pending_);
}

void RightStream::restore(StateReader& in) {
  std::string saved_name(in.str());
  InputIdentity id;
  id.dev = in.u64();
  id.ino = in.u64();
  id.head_hash = in.u64();
  id.head_len = in.u32();
  uint64_t offset = in.u64();
  uint64_t line = in.u64();
  barrier_ = in.u64();
  bool was_ended = in.boolean();
  read_held(in, pending_);
  head_ready_ = false;
  head_loaded_ = false;
  blocked_ = false;
  // A stream that had ended stays ended: what its writer sends now (the end
  // marker of a member that finished before the commit) is not read.
  ended_ = was_ended;
  end_marker_ = was_ended;
  if (regular_) {
    check_resume_input(path_, id, saved_name, offset, false, "--right " + path_);
    open(offset, line);
  }
}

}  // namespace sp
