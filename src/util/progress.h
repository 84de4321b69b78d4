// Progress: a progress reporter for long work (training steps, evaluation, generation).
//
// On a terminal (the stream is std::cerr or std::cout and that descriptor is a tty) it redraws one
// line in place, at most `redraws_per_second` times a second (a narrow terminal shrinks the bar,
// then cuts the line):
//   train [########----------------------]  270/1000  loss 2.31  lr 1e-03 | 5.40 it/s  eta 0:02:15
// Anywhere else (a log file, CI, a std::ostringstream) it prints plain lines, one each time `done`
// crosses a multiple of `plain_every` items or `plain_seconds` have passed since the last one:
//   train: 270/1000 (27.0%)  loss 2.31  lr 1e-03 | 5.40 it/s, eta 0:02:15
// finish() prints the closing line ("train: done 1000/1000 in 0:03:05 (5.41 it/s)" in plain mode)
// and ends the terminal line. The destructor calls finish() if it was not called.
//
// Not thread-safe: call update() from one thread. Total <= 0 means "unknown": no bar, no ETA.
#pragma once
#include <cstdint>
#include <functional>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace hycam {

// Seconds as h:mm:ss, rounded to the nearest second: 0 -> "0:00:00", 3725 -> "1:02:05",
// 360000 -> "100:00:00". Negative, NaN or infinite input -> "?:??:??".
std::string format_duration(double seconds);

// Items per second, with precision that fits the size: 0.25, 5.40, 12.3, 5400.
std::string format_rate(double per_second);

struct ProgressOptions {
  bool force_plain = false;        // plain lines even on a terminal
  int64_t plain_every = 0;         // plain line every N items; 0: total/10 (none when total unknown)
  double plain_seconds = 10.0;     // ... and at least every this many seconds; <= 0: never by time
  double redraws_per_second = 10;  // terminal redraw limit
  int bar_width = 30;              // characters inside [ ]
  std::string unit = "it";         // the rate reads "<rate> <unit>/s"
  std::function<double()> clock;  // seconds, monotonic; empty: std::chrono::steady_clock
};

class Progress {
 public:
  using Fields = std::vector<std::pair<std::string, std::string>>;

  Progress(std::string label, int64_t total, std::ostream& out = std::cerr, bool force_plain = false);
  Progress(std::string label, int64_t total, std::ostream& out, ProgressOptions options);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `done` items are finished (absolute, not an increment); `fields` are shown after the count,
  // in the given order, and kept for later redraws until the next update replaces them.
  void update(int64_t done, const Fields& fields = {});
  // Prints the closing line; later calls and update()s do nothing.
  void finish();

  bool is_terminal() const { return terminal_; }

 private:
  double now() const;
  double rate() const;
  std::string fields_text() const;
  std::string terminal_line(int bar_width) const;
  std::string plain_line() const;
  void redraw();
  bool plain_due(int64_t previous_done, double t) const;

  std::string label_;
  int64_t total_;
  std::ostream& out_;
  ProgressOptions options_;
  bool terminal_ = false;
  bool finished_ = false;
  int64_t done_ = 0;
  Fields fields_;
  double start_time_ = 0;
  double last_draw_time_ = -1e300;  // terminal redraw or plain line
  size_t last_width_ = 0;           // width of the last terminal line, to blank leftovers
};

}  // namespace hycam
