// Checkpoint state of a format reader that holds something across lines (a
// CSV header, an open quoted field, a pending multi-line record). Readers
// that hold nothing need not implement it. A separate interface so that
// record_model.h's FormatReader stays as it is.
#pragma once

namespace sp {

class StateWriter;
class StateReader;

class ReaderState {
 public:
  virtual ~ReaderState() = default;
  virtual void save(StateWriter& out) const = 0;
  virtual void load(StateReader& in) = 0;
};

}  // namespace sp
