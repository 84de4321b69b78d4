#include "util/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace hycam {
namespace {

// The descriptor behind `out` when it is one of the standard streams, else -1.
int stream_fd(const std::ostream& out) {
  if (&out == &std::cerr || &out == &std::clog) return STDERR_FILENO;
  if (&out == &std::cout) return STDOUT_FILENO;
  return -1;
}

// Terminal width in columns, 80 when unknown.
size_t terminal_columns(int fd) {
  struct winsize ws {};
  if (fd >= 0 && ::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

}  // namespace

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?:??:??";
  const long long total = std::llround(seconds);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
  return buf;
}

std::string format_rate(double per_second) {
  if (!std::isfinite(per_second) || per_second < 0) return "?";
  if (per_second >= 100) return fixed(per_second, 0);
  if (per_second >= 10) return fixed(per_second, 1);
  return fixed(per_second, 2);
}

Progress::Progress(std::string label, int64_t total, std::ostream& out, bool force_plain)
    : Progress(std::move(label), total, out, [&] {
        ProgressOptions o;
        o.force_plain = force_plain;
        return o;
      }()) {}

Progress::Progress(std::string label, int64_t total, std::ostream& out, ProgressOptions options)
    : label_(std::move(label)), total_(total), out_(out), options_(std::move(options)) {
  const int fd = stream_fd(out_);
  terminal_ = !options_.force_plain && fd >= 0 && ::isatty(fd);
  if (options_.plain_every <= 0) options_.plain_every = total_ >= 10 ? total_ / 10 : 0;
  start_time_ = now();
}

Progress::~Progress() {
  try {
    finish();
  } catch (...) {  // a destructor must not throw; the stream is already broken
  }
}

double Progress::now() const {
  if (options_.clock) return options_.clock();
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

double Progress::rate() const {
  const double elapsed = now() - start_time_;
  return elapsed > 0 ? static_cast<double>(done_) / elapsed : 0.0;
}

std::string Progress::fields_text() const {
  std::string s;
  for (const auto& [name, value] : fields_) s += "  " + name + " " + value;
  return s;
}

// "train [####------]  27/100  loss 2.31 | 5.40 it/s  eta 0:00:13"
std::string Progress::terminal_line(int bar_width) const {
  std::string s = label_;
  if (total_ > 0) {
    const double frac = std::clamp(static_cast<double>(done_) / total_, 0.0, 1.0);
    const int filled = static_cast<int>(frac * bar_width);
    s += " [" + std::string(filled, '#') + std::string(bar_width - filled, '-') + "]";
    const std::string total = std::to_string(total_);
    std::string done = std::to_string(done_);
    if (done.size() < total.size()) done.insert(0, total.size() - done.size(), ' ');
    s += "  " + done + "/" + total;
  } else {
    s += "  " + std::to_string(done_);
  }
  s += fields_text();
  const double r = rate();
  s += " | " + format_rate(r) + " " + options_.unit + "/s";
  if (total_ > 0 && r > 0 && done_ < total_) s += "  eta " + format_duration((total_ - done_) / r);
  return s;
}

// "train: 27/100 (27.0%)  loss 2.31 | 5.40 it/s, eta 0:00:13"
std::string Progress::plain_line() const {
  std::string s = label_ + ": " + std::to_string(done_);
  if (total_ > 0) {
    s += "/" + std::to_string(total_) + " (" + fixed(100.0 * done_ / total_, 1) + "%)";
  }
  s += fields_text();
  const double r = rate();
  s += " | " + format_rate(r) + " " + options_.unit + "/s";
  if (total_ > 0 && r > 0 && done_ < total_) s += ", eta " + format_duration((total_ - done_) / r);
  return s;
}

void Progress::redraw() {
  const size_t columns = terminal_columns(stream_fd(out_));
  std::string line = terminal_line(options_.bar_width);
  if (line.size() >= columns && options_.bar_width > 10) {  // shrink the bar first
    const int excess = static_cast<int>(line.size() - columns + 1);
    line = terminal_line(std::max(10, options_.bar_width - excess));
  }
  if (line.size() >= columns) line.resize(columns - 1);  // a wrapped line breaks the \r redraw
  const size_t width = line.size();
  if (width < last_width_) line.append(last_width_ - width, ' ');
  out_ << '\r' << line << std::flush;
  last_width_ = width;
}

bool Progress::plain_due(int64_t previous_done, double t) const {
  const int64_t every = options_.plain_every;
  if (every > 0 && done_ / every > previous_done / every) return true;
  return options_.plain_seconds > 0 && t - last_draw_time_ >= options_.plain_seconds;
}

void Progress::update(int64_t done, const Fields& fields) {
  if (finished_) return;
  const int64_t previous = done_;
  done_ = done;
  if (!fields.empty()) fields_ = fields;
  const double t = now();
  if (last_draw_time_ < -1e299) last_draw_time_ = start_time_;
  if (terminal_) {
    const bool last = total_ > 0 && done_ >= total_;
    if (!last && t - last_draw_time_ < 1.0 / options_.redraws_per_second) return;
    redraw();
    last_draw_time_ = t;
  } else if (plain_due(previous, t)) {
    out_ << plain_line() << '\n' << std::flush;
    last_draw_time_ = t;
  }
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  if (terminal_) {
    redraw();
    out_ << '\n' << std::flush;
    return;
  }
  const double elapsed = now() - start_time_;
  std::string s = label_ + ": done " + std::to_string(done_);
  if (total_ > 0) s += "/" + std::to_string(total_);
  s += " in " + format_duration(elapsed) + " (" + format_rate(rate()) + " " + options_.unit + "/s)";
  s += fields_text();
  out_ << s << '\n' << std::flush;
}

}  // namespace hycam
