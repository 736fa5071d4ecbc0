#include "cluster/forwarding.h"

#include <chrono>
#include <cstring>

namespace ffw::cluster {

namespace {

enum class Kind : std::uint8_t { Records = 1, Heartbeat = 2, State = 3, Result = 4 };
constexpr int kTag = 1;

std::vector<std::byte> message(Kind kind, const void* data, std::size_t bytes) {
  std::vector<std::byte> m(1 + bytes);
  m[0] = static_cast<std::byte>(kind);
  if (bytes && data) std::memcpy(m.data() + 1, data, bytes);
  return m;
}

}  // namespace

ForwardingNodeStream::ForwardingNodeStream(MPI_Comm comm) : comm_(comm), thread_([this] { run(); }) {}

ForwardingNodeStream::~ForwardingNodeStream() { close(); }

void ForwardingNodeStream::record(const MetricRecord& r) {
  StreamRecord s;
  s.type = StreamRecord::Type::Metric;
  s.metric = r;
  std::lock_guard lock(mutex_);
  records_.push_back(s);
}

void ForwardingNodeStream::segment(const Segment& seg) {
  StreamRecord s;
  s.type = StreamRecord::Type::Segment;
  s.segment = seg;
  std::lock_guard lock(mutex_);
  records_.push_back(s);
}

// The thread beats on its own; the worker's beat() has nothing to add.
void ForwardingNodeStream::beat() {}

void ForwardingNodeStream::push(std::vector<std::byte> m) {
  std::lock_guard lock(mutex_);
  control_.push_back(std::move(m));
}

void ForwardingNodeStream::set_state(WorkerState s, const std::string& error) {
  std::vector<std::byte> m = message(Kind::State, nullptr, sizeof(std::int32_t) + error.size());
  const auto state = static_cast<std::int32_t>(s);
  std::memcpy(m.data() + 1, &state, sizeof state);
  std::memcpy(m.data() + 1 + sizeof state, error.data(), error.size());
  push(std::move(m));
}

void ForwardingNodeStream::set_result(const std::string& json) { push(message(Kind::Result, json.data(), json.size())); }

void ForwardingNodeStream::close() {
  {
    std::lock_guard lock(mutex_);
    if (closing_) return;
    closing_ = true;
  }
  thread_.join();
}

void ForwardingNodeStream::run() {
  for (;;) {
    std::vector<StreamRecord> records;
    std::vector<std::vector<std::byte>> control;
    bool last = false;
    {
      std::lock_guard lock(mutex_);
      records.swap(records_);
      control.swap(control_);
      last = closing_;
    }
    std::vector<std::vector<std::byte>> out;
    out.push_back(message(Kind::Heartbeat, nullptr, 0));
    if (!records.empty()) out.push_back(message(Kind::Records, records.data(), records.size() * sizeof(StreamRecord)));
    for (auto& c : control) out.push_back(std::move(c));
    for (auto& m : out) MPI_Send(m.data(), static_cast<int>(m.size()), MPI_BYTE, 0, kTag, comm_);
    if (last) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

ForwardCollector::ForwardCollector(MPI_Comm comm, const std::string& stream_name, const std::vector<int>& remote_ranks)
    : comm_(comm) {
  int size = 0;
  MPI_Comm_size(comm, &size);
  writers_.resize(static_cast<std::size_t>(size));
  for (int r : remote_ranks) {
    writers_[static_cast<std::size_t>(r)] = std::make_unique<MetricsStreamWriter>(stream_name, r, true);
    ++open_;
  }
  if (open_ > 0) thread_ = std::thread([this] { run(); });
}

ForwardCollector::~ForwardCollector() {
  if (thread_.joinable()) thread_.join();
}

void ForwardCollector::run() {
  std::vector<std::byte> buffer;
  while (open_ > 0) {
    int ready = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, kTag, comm_, &ready, &status);
    if (!ready) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    buffer.resize(static_cast<std::size_t>(count));
    MPI_Recv(buffer.data(), count, MPI_BYTE, status.MPI_SOURCE, kTag, comm_, MPI_STATUS_IGNORE);
    MetricsStreamWriter* w = writers_[static_cast<std::size_t>(status.MPI_SOURCE)].get();
    if (!w || buffer.empty()) continue;
    const std::byte* body = buffer.data() + 1;
    const std::size_t length = buffer.size() - 1;
    switch (static_cast<Kind>(buffer[0])) {
      case Kind::Heartbeat: w->beat(); break;
      case Kind::Records:
        for (std::size_t at = 0; at + sizeof(StreamRecord) <= length; at += sizeof(StreamRecord)) {
          StreamRecord r;
          std::memcpy(&r, body + at, sizeof r);
          if (r.type == StreamRecord::Type::Metric)
            w->record(r.metric);
          else
            w->segment(r.segment);
        }
        break;
      case Kind::Result: w->set_result(std::string(reinterpret_cast<const char*>(body), length)); break;
      case Kind::State: {
        std::int32_t state = 0;
        std::memcpy(&state, body, sizeof state);
        const std::string error(reinterpret_cast<const char*>(body) + sizeof state, length - sizeof state);
        const auto s = static_cast<WorkerState>(state);
        w->set_state(s, error);
        if (s != WorkerState::Running && s != WorkerState::Starting) --open_;
        break;
      }
    }
  }
}

}  // namespace ffw::cluster
