#pragma once
// Time as the schedules and trainers see it: seconds since the run started. The real clock reads
// the steady clock; a scripted clock (tests) advances by a fixed cost per unit of work and jumps to
// the send time of a message that arrives "later", so idle and bubble figures come out exactly.
#include <chrono>
#include <ctime>
#include <thread>

#include "core/timeline.h"

namespace ffw {

class Clock {
public:
  virtual ~Clock() = default;
  virtual double now() = 0;
  // A unit of work of this kind has just finished (a scripted clock charges its cost).
  virtual void finished(SegmentKind /*kind*/) {}
  // A message sent at `sent_at` on its sender's clock has been received.
  virtual void arrived(double /*sent_at*/) {}
  // cluster.slowdown: the node is a slower machine and its work just took `seconds` longer. Real
  // time passes by sleeping (the core is free meanwhile, so time only with a core per node); an
  // emulated node's clock moves on instead, and a scripted one ignores it.
  virtual void slow_down(double seconds) {
    if (seconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  }
};

// The calling thread's CPU time in seconds.
inline double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

class SteadyClock final : public Clock {
public:
  explicit SteadyClock(double offset_seconds = 0)
      : start_(std::chrono::steady_clock::now()), offset_(offset_seconds) {}
  double now() override {
    return offset_ + std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

private:
  std::chrono::steady_clock::time_point start_;
  double offset_;
};

// Deterministic time for tests: training one stage for one chapter costs `train_cost`; other
// work is free.
class ScriptedClock final : public Clock {
public:
  explicit ScriptedClock(double train_cost = 1.0) : train_cost_(train_cost) {}
  double now() override { return t_; }
  void finished(SegmentKind kind) override {
    if (kind == SegmentKind::Train) t_ += train_cost_;
  }
  void arrived(double sent_at) override {
    if (sent_at > t_) t_ = sent_at;
  }
  void slow_down(double) override {}

private:
  double t_ = 0;
  double train_cost_;
};

// The time a node would see with a core of its own: the CPU time of the calling thread, moved
// forward when a message arrives that was sent later on its sender's clock (ffw bench scaling
// --emulate runs N nodes as threads on fewer cores). Waiting costs no CPU, so it counts only
// through arrivals. Create and read it on the node's thread.
class ThreadCpuClock final : public Clock {
public:
  ThreadCpuClock() : start_(thread_cpu_seconds()) {}
  double now() override { return thread_cpu_seconds() - start_ + offset_; }
  void arrived(double sent_at) override {
    const double t = now();
    if (sent_at > t) offset_ += sent_at - t;
  }
  void slow_down(double seconds) override { offset_ += seconds; }  // the slower CPU's extra time, unslept

private:
  double start_;
  double offset_ = 0;
};

}  // namespace ffw
