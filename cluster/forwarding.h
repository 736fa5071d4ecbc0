#pragma once
// The metrics stream for ranks on other hosts than ffw: they cannot open ffw's shared memory, so
// they send their records, heartbeats, state and result through MPI to rank 0, whose collector
// thread writes them into their slots. Both sides use their own communicator and a thread, so
// heartbeats keep flowing while the ranks train (MPI_THREAD_MULTIPLE).
#include <mpi.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cluster/metrics_ring.h"

namespace ffw::cluster {

// What a worker reports to ffw: its own slot, or the forwarder to rank 0.
class NodeStream : public MetricsSink, public TimelineSink {
public:
  virtual void beat() = 0;
  virtual void set_state(WorkerState s, const std::string& error = {}) = 0;
  virtual void set_result(const std::string& json) = 0;
  virtual void close() {}
};

class LocalNodeStream final : public NodeStream {
public:
  LocalNodeStream(const std::string& name, int worker) : writer_(name, worker) {}
  void record(const MetricRecord& r) override { writer_.record(r); }
  void segment(const Segment& s) override { writer_.segment(s); }
  void beat() override { writer_.beat(); }
  void set_state(WorkerState s, const std::string& error = {}) override { writer_.set_state(s, error); }
  void set_result(const std::string& json) override { writer_.set_result(json); }

private:
  MetricsStreamWriter writer_;
};

// On a rank that cannot reach ffw's shared memory.
class ForwardingNodeStream final : public NodeStream {
public:
  explicit ForwardingNodeStream(MPI_Comm comm);
  ~ForwardingNodeStream() override;
  void record(const MetricRecord& r) override;
  void segment(const Segment& s) override;
  void beat() override;
  void set_state(WorkerState s, const std::string& error = {}) override;
  void set_result(const std::string& json) override;
  void close() override;  // sends what is pending and the final state; joins the thread

private:
  void push(std::vector<std::byte> message);
  void run();
  MPI_Comm comm_;
  std::mutex mutex_;
  std::vector<StreamRecord> records_;
  std::vector<std::vector<std::byte>> control_;
  bool closing_ = false;
  std::thread thread_;
};

// On rank 0: receives for the remote ranks until each has sent a final state.
class ForwardCollector {
public:
  ForwardCollector(MPI_Comm comm, const std::string& stream_name, const std::vector<int>& remote_ranks);
  ~ForwardCollector();  // waits for the final states

private:
  void run();
  MPI_Comm comm_;
  std::vector<std::unique_ptr<MetricsStreamWriter>> writers_;  // by rank; null for local ranks
  int open_ = 0;
  std::thread thread_;
};

}  // namespace ffw::cluster
