#include "core/schedule_simulator.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <tuple>

#include "core/error.h"

namespace ffw {

std::int64_t Simulation::sent_bytes() const {
  std::int64_t n = 0;
  for (const auto& node : nodes)
    for (auto b : node.sent_bytes) n += b;
  return n;
}

double Simulation::bubble() const {
  if (nodes.empty() || seconds <= 0) return 0;
  double wait = 0;
  for (const auto& n : nodes) wait += n.wait_seconds;
  return wait / (static_cast<double>(nodes.size()) * seconds);
}

std::vector<NodeProgram> all_programs(const Experiment& e, const ProgramShapes& shapes) {
  std::vector<NodeProgram> p;
  for (int r = 0; r < e.nodes; ++r) p.push_back(node_program(e, shapes, r));
  return p;
}

namespace {

Category category_of_op(Op op) {
  switch (op) {
    case Op::SendNegatives:
    case Op::RecvNegatives: return Category::Labels;
    case Op::SendActivations:
    case Op::RecvActivations: return Category::Activations;
    case Op::SendGradients:
    case Op::RecvGradients:
    case Op::StartAllreduce: return Category::Gradients;
    default: return Category::Weights;
  }
}

// The bytes node `rank` sends to its ring successor to all-reduce `count` floats (reduce-scatter,
// then all-gather: every chunk but one in each phase); Transport::ring_allreduce_bytes.
std::int64_t ring_bytes(std::int64_t count, int rank, int size) {
  if (size <= 1) return 0;
  auto begin = [&](int c) { return count * c / size; };
  auto chunk = [&](int c) { return begin(c + 1) - begin(c); };
  return static_cast<std::int64_t>(sizeof(float)) * (2 * count - chunk((rank + 1) % size) - chunk((rank + 2) % size));
}

// A node's stream, one primitive instruction at a time: a chapter that trains batch by batch
// becomes its batches' bodies, a Single-Layer stage exchanging every K batches its blocks.
class Cursor {
public:
  Cursor(const Experiment& e, const NodeProgram& p) : e_(e), p_(p) {}
  // The current instruction, or nullptr at the end.
  const Instruction* current() {
    while (pending_.empty()) {
      if (step_ >= p_.steps.size()) return nullptr;
      expand(p_.steps[step_++]);
    }
    return &pending_.front();
  }
  void advance() { pending_.pop_front(); }

private:
  void expand(const Instruction& i) {
    const std::int64_t batches = e_.epochs_per_chapter() * p_.batches_per_epoch;
    if (i.op == Op::TrainAllStages && !p_.batch.empty()) {
      for (int ep = 0; ep < e_.epochs_per_chapter(); ++ep)
        for (std::int64_t b = 0; b < p_.batches_per_epoch; ++b) {
          const bool short_last = b + 1 == p_.batches_per_epoch && !p_.last_batch.empty();
          for (Instruction x : short_last ? p_.last_batch : p_.batch) {
            x.chapter = i.chapter;
            pending_.push_back(x);
          }
        }
      return;
    }
    if (i.op == Op::TrainStage && p_.block_batches > 0 && batches > 0) {
      // Single-Layer exchanging every K batches: before each block of the node's first stage, the
      // stages below; after each block of every stage, this stage to the later nodes.
      const bool first_own = i.stage == first_own_stage();
      for (std::int64_t b0 = 0; b0 < batches; b0 += p_.block_batches) {
        const std::int64_t n = std::min(p_.block_batches, batches - b0);
        if (first_own)
          for (Instruction x : p_.before_block) {
            x.chapter = i.chapter;
            pending_.push_back(x);
          }
        Instruction part = i;
        part.samples = i.samples * n / batches;
        part.prepared = i.prepared || b0 > 0;
        pending_.push_back(part);
        for (Instruction x : p_.after_block) {
          x.chapter = i.chapter;
          x.stage = i.stage;
          x.bytes = stage_bytes_[static_cast<std::size_t>(i.stage)];
          pending_.push_back(x);
        }
      }
      return;
    }
    pending_.push_back(i);
  }
  int first_own_stage() const {
    for (const auto& s : p_.steps)
      if (s.op == Op::TrainStage) return s.stage;
    return -1;
  }

public:
  std::vector<std::int64_t> stage_bytes_;

private:
  const Experiment& e_;
  const NodeProgram& p_;
  std::size_t step_ = 0;
  std::deque<Instruction> pending_;
};

struct Message {
  double arrival;  // < 0: a rendezvous message, whose bytes move once the receive is posted
  std::int64_t bytes;
  double sent_at = 0;
};

// A link with an optional token bucket in front (tbf).
struct LinkState {
  double free_from = 0;    // the link is busy until then
  double tokens = -1;      // < 0: a full bucket at the first use
  double tokens_at = 0;
};

// One bucket's allreduce: when every node has begun it, and when it ends.
struct Collective {
  int begun = 0;
  double latest_start = 0;
  std::int64_t bytes = 0;
  double end = -1;  // < 0: not every node has begun it
};

}  // namespace

Simulation simulate(const Experiment& e, const std::vector<NodeProgram>& programs, const CostModel& costs,
                    bool record_timeline) {
  const int n = static_cast<int>(programs.size());
  std::vector<Cursor> cursors;
  cursors.reserve(programs.size());
  for (const auto& p : programs) cursors.emplace_back(e, p);
  // Single-Layer's block sends name no stage (the one just trained): its bytes, from the streams'
  // receives of it (every later node fetches every earlier stage).
  std::vector<std::int64_t> stage_bytes(e.trained_stages(), 0);
  for (const auto& p : programs)
    for (const auto* list : {&p.steps, &p.before_block})
      for (const auto& i : *list)
        if ((i.op == Op::RecvStage || i.op == Op::SendStage) && i.stage >= 0 && static_cast<std::size_t>(i.stage) < stage_bytes.size())
          stage_bytes[static_cast<std::size_t>(i.stage)] = i.bytes;
  for (auto& c : cursors) c.stage_bytes_ = stage_bytes;

  Simulation sim;
  sim.nodes.resize(programs.size());
  for (auto& node : sim.nodes) node.sent_bytes.assign(programs.size(), 0);
  std::vector<double> t(programs.size(), 0.0);
  std::map<std::tuple<int, int, int, int>, std::deque<Message>> queues;  // (from, to, category, stage)
  std::vector<Collective> collectives;
  std::vector<int> collectives_begun(programs.size(), 0);
  const bool overlap = costs.allreduce_overlaps();

  auto segment = [&](int node, SegmentKind kind, double start, double end, const Instruction& i, std::int64_t bytes = 0) {
    if (!record_timeline || end <= start) return;
    Segment s;
    s.node = node, s.kind = kind, s.start_s = start, s.end_s = end, s.bytes = bytes, s.peer = i.peer;
    s.chapter = i.chapter + 1, s.layer = i.stage >= 0 && i.op != Op::StartAllreduce ? i.stage + 1 : 0;
    if (kind == SegmentKind::Send || kind == SegmentKind::Wait)
      s.category = static_cast<std::int8_t>(category_of_op(i.op));
    sim.nodes[static_cast<std::size_t>(node)].timeline.push_back(s);
  };
  // A transfer's arrival: through the two hosts' links (each direction its own, each with its
  // bucket), or the pair's channel on one host.
  std::map<int, LinkState> links;
  auto pass = [&](int resource, const LinkCost& l, double at, std::int64_t bytes) {
    LinkState& s = links[resource];
    const double start = std::max(at, s.free_from);
    double end = start + l.seconds_per_message;
    if (l.bytes_per_second > 0) {
      double need = static_cast<double>(bytes);
      if (l.burst_bytes > 0) {
        if (s.tokens < 0) s.tokens = l.burst_bytes;
        s.tokens = std::min(l.burst_bytes, s.tokens + (start - s.tokens_at) * l.bytes_per_second);
        const double taken = std::min(s.tokens, need);
        s.tokens -= taken;
        need -= taken;
      }
      end += need / l.bytes_per_second;
      s.tokens_at = end;
    }
    s.free_from = end;
    return end;
  };
  auto transfer = [&](int from, int to, std::int64_t bytes, double at) {
    const int hf = costs.host_of(from), ht = costs.host_of(to);
    if (hf == ht) {
      const LinkCost l = costs.local_link();
      return pass(1'000'000 + from * 1000 + to, l, at, bytes) + l.latency_seconds;
    }
    const LinkCost a = costs.host_link(hf), b = costs.host_link(ht);
    // Out of the sender's host, then into the receiver's: the later of the two.
    const double out = pass(2 * hf, a, at, bytes);
    const double in = pass(2 * ht + 1, b, at, bytes);
    const double end = std::max(out, in);
    links[2 * hf].free_from = links[2 * ht + 1].free_from = end;
    return end + std::max(a.latency_seconds, b.latency_seconds);
  };
  // A ring allreduce of `bytes` once every node has begun it: 2 (N-1) steps, each moving one chunk
  // over every ring link at once, at the pace of the slowest.
  auto allreduce_seconds = [&](std::int64_t bytes) {
    if (n <= 1) return 0.0;
    if (!overlap)
      if (const double measured = costs.blocking_allreduce_seconds(bytes, n); measured >= 0) return measured;
    double step = 0;
    const double chunk = static_cast<double>(bytes) / n;
    for (int r = 0; r < n; ++r) {
      const int q = (r + 1) % n;
      LinkCost l = costs.local_link();
      if (costs.host_of(r) != costs.host_of(q)) {
        const LinkCost a = costs.host_link(costs.host_of(r)), b = costs.host_link(costs.host_of(q));
        l.bytes_per_second = a.bytes_per_second > 0 && b.bytes_per_second > 0 ? std::min(a.bytes_per_second, b.bytes_per_second)
                                                                              : std::max(a.bytes_per_second, b.bytes_per_second);
        l.seconds_per_message = std::max(a.seconds_per_message, b.seconds_per_message);
        l.latency_seconds = std::max(a.latency_seconds, b.latency_seconds);
      }
      const double s = l.seconds_per_message + l.latency_seconds + (l.bytes_per_second > 0 ? chunk / l.bytes_per_second : 0);
      step = std::max(step, s);
    }
    // Reduce-scatter sums each received chunk before passing it on; all-gather only copies.
    return 2.0 * (n - 1) * step + (n - 1) * costs.reduce_seconds(static_cast<std::int64_t>(chunk));
  };
  // A transport with its own collectives (Open MPI) reduces a bucket's parts one by one; the ring
  // over send and receive reduces the bucket whole.
  auto bucket_bytes = [&](const Instruction& i, int r) {
    const std::int64_t floats = i.bytes / static_cast<std::int64_t>(sizeof(float));
    if (!overlap) return ring_bytes(floats, r, n);
    return ring_bytes(floats - i.samples, r, n) + ring_bytes(i.samples, r, n);
  };
  // Collectives close in the order they begin (a node begins k only after k-1, so every node has
  // begun k-1 before k closes), one after the other on the ring: their ends never decrease.
  std::size_t closed = 0;
  double closed_end = 0;
  auto close_collective = [&](Collective& c) {
    c.end = std::max(c.latest_start, closed_end) + allreduce_seconds(c.bytes);
    closed_end = c.end;
    ++closed;
  };

  std::vector<bool> done(programs.size(), false);
  int remaining = n;
  while (remaining > 0) {
    // The runnable node with the earliest clock goes next, so each link is reserved in time order.
    int pick = -1;
    bool drain = true;  // every unfinished node stands at the drain
    int at_start_allreduce = 0;
    for (int r = 0; r < n; ++r) {
      if (done[static_cast<std::size_t>(r)]) continue;
      const Instruction* i = cursors[static_cast<std::size_t>(r)].current();
      if (!i) continue;
      if (i->op != Op::Drain) drain = false;
      bool runnable = true;
      if (is_recv(i->op)) {
        const auto key = std::make_tuple(i->peer, r, static_cast<int>(category_of_op(i->op)), i->op == Op::RecvStage ? i->stage : -1);
        runnable = !queues[key].empty();
      } else if (i->op == Op::Drain) {
        runnable = false;
      } else if (i->op == Op::StartAllreduce && !overlap) {
        runnable = false;
        ++at_start_allreduce;
      } else if (i->op == Op::FinishAllreduces) {
        runnable = closed >= static_cast<std::size_t>(collectives_begun[static_cast<std::size_t>(r)]);
      }
      if (runnable && (pick < 0 || t[static_cast<std::size_t>(r)] < t[static_cast<std::size_t>(pick)])) pick = r;
    }
    // Retire nodes whose streams have ended.
    for (int r = 0; r < n; ++r)
      if (!done[static_cast<std::size_t>(r)] && !cursors[static_cast<std::size_t>(r)].current()) {
        done[static_cast<std::size_t>(r)] = true;
        --remaining;
      }
    if (remaining == 0) break;
    if (pick < 0) {
      if (drain) {  // every node waits for the last
        const double end = *std::max_element(t.begin(), t.end());
        for (int r = 0; r < n; ++r) {
          if (done[static_cast<std::size_t>(r)]) continue;
          auto& c = cursors[static_cast<std::size_t>(r)];
          segment(r, SegmentKind::Idle, t[static_cast<std::size_t>(r)], end, *c.current());
          sim.nodes[static_cast<std::size_t>(r)].wait_seconds += end - t[static_cast<std::size_t>(r)];
          t[static_cast<std::size_t>(r)] = end;
          c.advance();
        }
        continue;
      }
      if (at_start_allreduce == remaining) {  // a blocking allreduce: every node in it together
        Collective c;
        for (int r = 0; r < n; ++r) {
          const Instruction* i = cursors[static_cast<std::size_t>(r)].current();
          c.latest_start = std::max(c.latest_start, t[static_cast<std::size_t>(r)]);
          c.bytes = i->bytes;
        }
        collectives.push_back(c);
        close_collective(collectives.back());
        for (int r = 0; r < n; ++r) {
          auto& node = sim.nodes[static_cast<std::size_t>(r)];
          const Instruction i = *cursors[static_cast<std::size_t>(r)].current();
          // Waiting for the last node to arrive, then the ring itself: each step a send (a copy, busy)
          // and a receive (waiting for the chunk and copying it out, which the transport counts as
          // waiting): half of the ring's time shows as waiting.
          const Collective& last = collectives.back();
          const double ring = last.end - last.latest_start;
          const double waited = last.latest_start - t[static_cast<std::size_t>(r)] + 0.5 * ring;
          segment(r, SegmentKind::Wait, t[static_cast<std::size_t>(r)], t[static_cast<std::size_t>(r)] + waited, i);
          node.wait_seconds += waited;
          node.busy_seconds += ring - 0.5 * ring;
          const auto sent = bucket_bytes(i, r);
          node.sent_bytes[static_cast<std::size_t>((r + 1) % n)] += sent;
          node.sent_by_category[static_cast<std::size_t>(Category::Gradients)] += sent;
          t[static_cast<std::size_t>(r)] = collectives.back().end;
          ++collectives_begun[static_cast<std::size_t>(r)];
          cursors[static_cast<std::size_t>(r)].advance();
        }
        continue;
      }
      throw Error(ErrorKind::Experiment, "the schedule's streams cannot all finish: a node waits for a message "
                                         "that no node sends (a defect of the schedule, please report it)");
    }

    const int r = pick;
    auto& cursor = cursors[static_cast<std::size_t>(r)];
    auto& node = sim.nodes[static_cast<std::size_t>(r)];
    double& now = t[static_cast<std::size_t>(r)];
    const Instruction i = *cursor.current();
    cursor.advance();
    if (is_send(i.op)) {
      const double cpu = costs.send_seconds(r, i.bytes);
      segment(r, SegmentKind::Send, now, now + cpu, i, i.bytes);
      node.busy_seconds += cpu;
      now += cpu;
      const bool rendezvous = costs.eager_limit_bytes() >= 0 && i.bytes > costs.eager_limit_bytes();
      const double arrival = rendezvous ? -1.0 : transfer(r, i.peer, i.bytes, now);
      const auto key = std::make_tuple(r, i.peer, static_cast<int>(category_of_op(i.op)), i.op == Op::SendStage ? i.stage : -1);
      queues[key].push_back({arrival, i.bytes, now});
      node.sent_bytes[static_cast<std::size_t>(i.peer)] += i.bytes;
      node.sent_by_category[static_cast<std::size_t>(category_of_op(i.op))] += i.bytes;
    } else if (is_recv(i.op)) {
      const auto key = std::make_tuple(i.peer, r, static_cast<int>(category_of_op(i.op)), i.op == Op::RecvStage ? i.stage : -1);
      auto& q = queues[key];
      Message m = q.front();
      q.pop_front();
      if (m.arrival < 0) m.arrival = transfer(i.peer, r, m.bytes, std::max(now, m.sent_at));  // the receive is posted now
      if (m.arrival > now) {
        segment(r, SegmentKind::Wait, now, m.arrival, i, m.bytes);
        node.wait_seconds += m.arrival - now;
        now = m.arrival;
      }
      const double cpu = costs.recv_seconds(r, m.bytes);
      node.busy_seconds += cpu;
      now += cpu;
    } else if (i.op == Op::StartAllreduce) {  // overlapping: begin it and go on computing
      const auto k = static_cast<std::size_t>(collectives_begun[static_cast<std::size_t>(r)]++);
      if (collectives.size() <= k) collectives.resize(k + 1);
      Collective& c = collectives[k];
      c.begun++;
      c.latest_start = std::max(c.latest_start, now);
      c.bytes = i.bytes;
      const auto sent = bucket_bytes(i, r);
      node.sent_bytes[static_cast<std::size_t>((r + 1) % n)] += sent;
      node.sent_by_category[static_cast<std::size_t>(Category::Gradients)] += sent;
      if (c.begun == n) close_collective(c);
    } else if (i.op == Op::FinishAllreduces) {
      const int begun = collectives_begun[static_cast<std::size_t>(r)];
      const double end = begun > 0 ? std::max(now, collectives[static_cast<std::size_t>(begun - 1)].end) : now;
      segment(r, SegmentKind::Wait, now, end, i);
      node.wait_seconds += end - now;
      now = end;
    } else {
      const double cpu = costs.compute_seconds(r, i);
      segment(r, op_segment(i.op), now, now + cpu, i);
      node.busy_seconds += cpu;
      now += cpu;
    }
  }
  for (int r = 0; r < n; ++r) {
    sim.nodes[static_cast<std::size_t>(r)].seconds = t[static_cast<std::size_t>(r)];
    sim.seconds = std::max(sim.seconds, t[static_cast<std::size_t>(r)]);
  }
  return sim;
}

}  // namespace ffw
