#include "cluster/node_report.h"

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
                      {"wait_seconds", r.traffic.wait_seconds},
                      {"idle_fraction", r.wall_seconds > 0 ? r.traffic.wait_seconds / r.wall_seconds : 0.0},
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
  }
  return j;
}

}  // namespace ffw::cluster
