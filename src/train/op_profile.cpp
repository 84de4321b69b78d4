#include "train/op_profile.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "util/atomic_file.h"
#include "util/error.h"

namespace hycam {

std::vector<OpTime> ops_by_self_time(const std::string& trace_json, size_t top) {
  auto events = nlohmann::json::parse(trace_json, nullptr, /*allow_exceptions=*/false);
  if (!events.is_array()) throw Error("profile: the trace is not a JSON array of events");
  struct Span {
    std::string name;
    double start, end;
  };
  std::map<std::string, std::vector<Span>> by_thread;
  for (const auto& e : events)
    if (e.value("ph", "") == "X") {
      const double ts = e.at("ts").get<double>(), dur = e.at("dur").get<double>();
      by_thread[e.at("tid").dump()].push_back({e.at("name").get<std::string>(), ts, ts + dur});
    }
  std::map<std::string, OpTime> ops;
  for (auto& [tid, spans] : by_thread) {
    // Parents first (earlier start, then longer); a span's children are subtracted from it.
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
      return a.start != b.start ? a.start < b.start : a.end > b.end;
    });
    std::vector<const Span*> open;
    for (const auto& s : spans) {
      while (!open.empty() && open.back()->end <= s.start) open.pop_back();
      if (!open.empty()) ops[open.back()->name].ms -= (s.end - s.start) / 1e3;
      auto& op = ops[s.name];
      op.op = s.name;
      op.ms += (s.end - s.start) / 1e3;
      ++op.calls;
      open.push_back(&s);
    }
  }
  std::vector<OpTime> out;
  for (auto& [name, op] : ops) out.push_back(op);
  std::sort(out.begin(), out.end(), [](const OpTime& a, const OpTime& b) { return a.ms > b.ms; });
  if (out.size() > top) out.resize(top);
  return out;
}

StepProfile::StepProfile() : recording_(std::make_unique<torch::autograd::profiler::RecordProfile>(trace_)) {}

std::vector<OpTime> StepProfile::finish(const std::string& path, size_t top) {
  recording_.reset();  // stops the profiler and writes the trace into trace_
  const auto trace = trace_.str();
  write_file_atomic(path, trace);
  return ops_by_self_time(trace, top);
}

}  // namespace hycam
