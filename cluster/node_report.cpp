#include "cluster/node_report.h"

#include <algorithm>
#include <chrono>

#include "core/machine.h"

namespace ffw::cluster {

nlohmann::json node_report(const NodeResult& r, const Experiment& e, int node) {
  nlohmann::json peers = nlohmann::json::array();
  for (std::size_t p = 0; p < r.traffic.peers.size(); ++p) {
    const auto& t = r.traffic.peers[p];
    nlohmann::json sent = nlohmann::json::object(), received = nlohmann::json::object();
    for (std::size_t c = 0; c < kCategories; ++c) {
      sent[std::string(category_name(static_cast<Category>(c)))] = t.sent_bytes[c];
      received[std::string(category_name(static_cast<Category>(c)))] = t.received_bytes[c];
    }
    peers.push_back({{"peer", p}, {"sent_bytes", sent}, {"received_bytes", received},
                     {"messages_sent", t.messages_sent}, {"messages_received", t.messages_received}});
  }
  nlohmann::json j = {{"node", node},
                      {"status", r.status == TrainStatus::Finished ? "finished" : "stopped"},
                      {"chapters_done", r.chapters_done},
                      {"wall_seconds", r.wall_seconds},
                      {"train_seconds", r.train_seconds},
                      {"wait_seconds", r.traffic.wait_seconds},
                      {"idle_fraction", r.train_seconds > 0 ? r.traffic.wait_seconds / r.train_seconds : 0.0},
                      {"sent_bytes", r.traffic.sent_total()},
                      {"received_bytes", r.traffic.received_total()},
                      {"peers", peers},
                      {"timings", {{"ff_seconds", r.timings.ff_seconds},
                                   {"reforward_seconds", r.timings.reforward_seconds},
                                   {"head_seconds", r.timings.head_seconds},
                                   {"negatives_seconds", r.timings.negatives_seconds},
                                   {"eval_seconds", r.timings.eval_seconds}}},
                      {"peak_rss_mb", peak_rss_mb()},
                      {"slowdown", e.slowdown_of(node)},
                      {"holds_final_model", r.holds_final_model}};
  if (r.holds_final_model && !r.test_accuracy.empty()) {
    j["classifier"] = r.primary_readout;
    j["test_accuracy"] = r.test_accuracy.at(r.primary_readout);
    j["test_accuracy_by_classifier"] = r.test_accuracy;
    nlohmann::json rows = nlohmann::json::array();
    for (Eigen::Index i = 0; i < r.confusion.rows(); ++i) {
      nlohmann::json row = nlohmann::json::array();
      for (Eigen::Index k = 0; k < r.confusion.cols(); ++k) row.push_back(r.confusion(i, k));
      rows.push_back(row);
    }
    j["confusion_matrix"] = rows;
  }
  return j;
}

nlohmann::json pingpong(Transport& t, const std::vector<std::size_t>& sizes, int repeats_given) {
  nlohmann::json out = nlohmann::json::array();
  const std::vector<std::size_t> all = sizes.empty() ? std::vector<std::size_t>{std::size_t{8}, std::size_t{1} << 10,
                                                                                std::size_t{64} << 10, std::size_t{1} << 20,
                                                                                std::size_t{16} << 20}
                                                     : sizes;
  if (t.rank() <= 1 && t.size() >= 2) {
    const int peer = 1 - t.rank();
    const int warm = repeats_given > 0 ? 1 : 3;
    for (std::size_t bytes : all) {
      std::vector<std::byte> buffer(bytes);
      const int repeats = repeats_given > 0 ? repeats_given : bytes <= (64u << 10) ? 200 : 20;
      std::vector<double> round_trips;
      for (int r = 0; r < repeats + warm; ++r) {
        const auto start = std::chrono::steady_clock::now();
        if (t.rank() == 0) {
          t.send(peer, 7, Category::Control, buffer);
          t.recv(peer, 7, Category::Control, buffer);
        } else {
          t.recv(peer, 7, Category::Control, buffer);
          t.send(peer, 7, Category::Control, buffer);
        }
        if (r >= warm) round_trips.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      std::sort(round_trips.begin(), round_trips.end());
      const double one_way = round_trips[round_trips.size() / 2] / 2;
      out.push_back({{"bytes", bytes}, {"latency_us", one_way * 1e6}, {"bandwidth_gb_s", static_cast<double>(bytes) / one_way / 1e9}});
    }
  }
  t.barrier();
  return out;
}

}  // namespace ffw::cluster
