#pragma once
// A discrete-event simulation of a run: every node's instruction stream (core/schedule_program.h),
// the same streams the executor runs, replayed with costs. Each node's CPU is one resource; the
// network is others (each host's outgoing and incoming link, each pair of nodes on one host), so
// transfers progress while nodes compute, as with MPI's progress thread and the overlapped
// allreduce. Receives wait for their message, the drain for every node, a data-parallel node's
// update for its buckets' sums.
#include <array>
#include <cstdint>
#include <vector>

#include "core/experiment.h"
#include "core/schedule_program.h"
#include "core/timeline.h"

namespace ffw {

struct LinkCost {
  double bytes_per_second = 0;     // 0: unlimited
  double seconds_per_message = 0;  // on the link, per message (framing, the protocol's round trips)
  double latency_seconds = 0;      // after the last byte left, before the receiver has it
  // A token bucket in front of the link (the network lab's tbf): a burst of up to this many bytes
  // leaves at once when the bucket is full; it refills at the link's rate. 0: a plain link.
  double burst_bytes = 0;
};

// What each instruction costs.
class CostModel {
public:
  virtual ~CostModel() = default;
  // CPU seconds of a compute instruction (train, prepare, negatives, forward, backward, update,
  // evaluate, checkpoint) on `node`.
  virtual double compute_seconds(int node, const Instruction& i) const = 0;
  // CPU seconds the sender spends on a message of `bytes` before its call returns (a copy), and the
  // receiver once it has arrived.
  virtual double send_seconds(int /*node*/, std::int64_t /*bytes*/) const { return 0; }
  virtual double recv_seconds(int /*node*/, std::int64_t /*bytes*/) const { return 0; }
  // Which host a node runs on; nodes on different hosts exchange through the hosts' links.
  virtual int host_of(int node) const { return node; }
  // Between two nodes of one host, and over each host's link (both directions, each its own).
  virtual LinkCost local_link() const { return {}; }
  virtual LinkCost host_link(int /*host*/) const { return {}; }
  // Whether a bucket's allreduce progresses while the node computes (Open MPI's non-blocking
  // collective), or runs inside its start (the ring over shared memory).
  virtual bool allreduce_overlaps() const { return true; }
  // Messages larger than this wait for the receiver to post its receive before their bytes move
  // (MPI's rendezvous protocol); < 0: every message moves as soon as it is sent.
  virtual std::int64_t eager_limit_bytes() const { return -1; }
  // A blocking allreduce of a `bytes` bucket over `nodes` nodes of one machine, when measured as a
  // whole; < 0: from the links (2 (N-1) steps of a chunk, and the sums).
  virtual double blocking_allreduce_seconds(std::int64_t /*bytes*/, int /*nodes*/) const { return -1; }
  // CPU seconds to sum `bytes` of received values into one's own (each reduce-scatter step).
  virtual double reduce_seconds(std::int64_t /*bytes*/) const { return 0; }
};

struct SimulatedNode {
  double seconds = 0;       // when the node ends training (after the drain): train_seconds
  double busy_seconds = 0;  // computing, sending and receiving
  double wait_seconds = 0;  // blocked in a receive, the drain or an allreduce (summary.json's wait)
  std::vector<std::int64_t> sent_bytes;                 // per peer
  std::array<std::int64_t, kCategories> sent_by_category{};
  std::vector<Segment> timeline;                        // when asked for
  double idle_fraction() const { return seconds > 0 ? wait_seconds / seconds : 0; }
};

struct Simulation {
  std::vector<SimulatedNode> nodes;
  double seconds = 0;  // the run's training time: the latest node's end
  std::int64_t sent_bytes() const;
  double bubble() const;  // waiting over every node's time: sum wait / (N x seconds)
};

// Throws Error(Experiment) when the streams cannot all finish (a receive without its send): a
// schedule's defect, never a user's.
Simulation simulate(const Experiment& e, const std::vector<NodeProgram>& programs, const CostModel& costs,
                    bool record_timeline = false);
// Every node's stream of the experiment, from its start.
std::vector<NodeProgram> all_programs(const Experiment& e, const ProgramShapes& shapes);

}  // namespace ffw
