#include "cluster/metrics_ring.h"

#include <signal.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <random>

#include "core/error.h"

namespace ffw::cluster {
namespace bip = boost::interprocess;

namespace {
constexpr const char* kPrefix = "ffw-";
constexpr const char* kSlotsName = "slots";
}  // namespace

std::int64_t monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

std::size_t MetricsStreamOwner::segment_bytes(int workers) {
  return static_cast<std::size_t>(workers) * sizeof(WorkerSlot) + 64 * 1024;
}

MetricsStreamOwner::MetricsStreamOwner(int workers) : workers_(workers) {
  const std::size_t bytes = segment_bytes(workers);
  struct statvfs fs{};
  if (statvfs("/dev/shm", &fs) == 0) {
    const auto free_bytes = static_cast<std::size_t>(fs.f_bavail) * fs.f_frsize;
    if (free_bytes < 2 * bytes)
      throw Error(ErrorKind::Io, "/dev/shm has " + std::to_string(free_bytes >> 20) + " MiB free; the metrics stream of " +
                                     std::to_string(workers) + " workers needs " + std::to_string(bytes >> 20) +
                                     " MiB (enlarge it, e.g. docker --shm-size)");
  }
  sweep_stale();
  std::random_device rd;
  name_ = std::string(kPrefix) + std::to_string(getpid()) + "-" + std::to_string(rd() % 1000000000u);
  bip::permissions owner_only(0600);
  try {
    segment_ = std::make_unique<bip::managed_shared_memory>(bip::create_only, name_.c_str(), bytes, nullptr, owner_only);
    slots_ = segment_->construct<WorkerSlot>(kSlotsName)[static_cast<std::size_t>(workers)]();
  } catch (const bip::interprocess_exception& ex) {
    bip::shared_memory_object::remove(name_.c_str());
    throw Error(ErrorKind::Io, "cannot create the metrics stream in /dev/shm (" + std::string(ex.what()) + ")");
  }
}

MetricsStreamOwner::~MetricsStreamOwner() {
  segment_.reset();
  bip::shared_memory_object::remove(name_.c_str());
}

WorkerSlot& MetricsStreamOwner::slot(int worker) { return slots_[worker]; }

int MetricsStreamOwner::sweep_stale() {
  int removed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/dev/shm", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kPrefix, 0) != 0) continue;
    const auto dash = name.find('-', std::strlen(kPrefix));
    if (dash == std::string::npos) continue;
    const pid_t owner = static_cast<pid_t>(std::atol(name.substr(std::strlen(kPrefix), dash).c_str()));
    if (owner > 0 && kill(owner, 0) != 0 && errno == ESRCH) {
      bip::shared_memory_object::remove(name.c_str());
      ++removed;
    }
  }
  return removed;
}

MetricsStreamWriter::MetricsStreamWriter(const std::string& name, int worker, bool remote) {
  try {
    segment_ = bip::managed_shared_memory(bip::open_only, name.c_str());
  } catch (const bip::interprocess_exception& ex) {
    throw Error(ErrorKind::Io, "cannot open the metrics stream " + name + " (" + ex.what() + ")");
  }
  auto [slots, count] = segment_.find<WorkerSlot>(kSlotsName);
  if (!slots || worker < 0 || static_cast<std::size_t>(worker) >= count)
    throw Error(ErrorKind::Io, "the metrics stream " + name + " has no slot for node " + std::to_string(worker));
  slot_ = slots + worker;
  slot_->pid.store(remote ? -1 : getpid());
  beat();
}

void MetricsStreamWriter::push(const StreamRecord& r) {
  if (!slot_->ring.push(r)) slot_->dropped.fetch_add(1, std::memory_order_relaxed);
}

void MetricsStreamWriter::record(const MetricRecord& r) {
  StreamRecord s;
  s.type = StreamRecord::Type::Metric;
  s.metric = r;
  push(s);
}

void MetricsStreamWriter::segment(const Segment& seg) {
  StreamRecord s;
  s.type = StreamRecord::Type::Segment;
  s.segment = seg;
  push(s);
}

void MetricsStreamWriter::beat() { slot_->heartbeat_ns.store(monotonic_ns(), std::memory_order_release); }

void MetricsStreamWriter::set_state(WorkerState s, const std::string& error) {
  if (!error.empty()) {
    const std::size_t n = std::min(error.size(), sizeof slot_->error - 1);
    std::memcpy(slot_->error, error.data(), n);
    slot_->error[n] = '\0';
  }
  slot_->state.store(static_cast<std::int32_t>(s), std::memory_order_release);
}

void MetricsStreamWriter::set_result(const std::string& json) {
  const std::size_t n = std::min(json.size(), sizeof slot_->result_json - 1);
  std::memcpy(slot_->result_json, json.data(), n);
  slot_->result_json[n] = '\0';
}

}  // namespace ffw::cluster
