#include "cluster/lab.h"

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "core/error.h"

namespace ffw::cluster {
namespace fs = std::filesystem;
using nlohmann::json;

LabPlan plan_lab(const Experiment& e, int cores) {
  LabPlan p;
  p.hosts = e.lab.host_count(e.nodes);
  p.nodes_per_host = (e.nodes + p.hosts - 1) / p.hosts;
  for (int h = 0; h < p.hosts; ++h) p.bandwidth_mbit.push_back(e.lab.bandwidth_of(h));
  // Hosts are separate machines: each gets cores of its own where there are enough, so a rank's
  // threads do not compete with another host's. Auto threads share a host's cores among its ranks.
  const int wanted_per_node = e.threads > 0 ? e.threads : 1;
  const int wanted_per_host = wanted_per_node * p.nodes_per_host;
  p.pinned = p.hosts * wanted_per_host <= cores;
  if (p.pinned) {
    const int per_host = e.threads > 0 ? wanted_per_host : cores / p.hosts;
    for (int h = 0; h < p.hosts; ++h) {
      const int first = h * per_host, last = first + per_host - 1;
      p.cores.push_back(first == last ? std::to_string(first) : std::to_string(first) + "-" + std::to_string(last));
    }
    p.threads_per_node = e.threads > 0 ? e.threads : std::max(1, per_host / p.nodes_per_host);
    p.notes.push_back("lab: " + std::to_string(p.hosts) + " hosts, each on cores of its own (" +
                      std::to_string(per_host) + " per host), " + std::to_string(p.threads_per_node) +
                      (p.threads_per_node == 1 ? " thread" : " threads") + " per node");
  } else {
    p.cores.assign(static_cast<std::size_t>(p.hosts), "-");
    p.threads_per_node = e.threads > 0 ? e.threads : std::max(1, cores / e.nodes);
    p.notes.push_back("lab: the " + std::to_string(p.hosts) + " hosts share this machine's " + std::to_string(cores) +
                      " cores (" + std::to_string(e.nodes) + " nodes x " + std::to_string(p.threads_per_node) +
                      (p.threads_per_node == 1 ? " thread" : " threads") +
                      "): times are not those of separate machines; accuracies and bytes are");
  }
  // Forwarded heartbeats share the links with the training's traffic: on a slow link a beat may
  // wait behind a layer or a gradient bucket. The timeout grows by the time 8 MB take on the
  // slowest link, so 10 Mbit/s does not read as a dead node.
  double slowest = 0;
  for (double b : p.bandwidth_mbit)
    if (b > 0) slowest = slowest == 0 ? b : std::min(slowest, b);
  if (slowest > 0) p.heartbeat_timeout_seconds = 2.0 + 8e6 * 8 / (slowest * 1e6);
  return p;
}

std::string find_lab_script(const std::string& worker) {
  if (const char* env = std::getenv("FFW_LAB")) return env;
  const fs::path candidate = fs::path(worker).parent_path() / "ffw-lab";
  if (!fs::exists(candidate))
    throw Error(ErrorKind::Io, "ffw-lab was not found next to ffw-worker (" + candidate.string() +
                                   "); set FFW_LAB to its path");
  return candidate.string();
}

std::string lab_mode(const std::string& lab_script, std::string* why) {
  const std::string command = "'" + lab_script + "' check 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    if (why) *why = "cannot run " + lab_script;
    return {};
  }
  std::string out;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  const int status = pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return out;
  if (why) *why = out.empty() ? lab_script + " check failed" : out;
  return {};
}

namespace {

struct Counters {
  std::int64_t tx = 0, rx = 0;
};

// ip -s -j link show: [{"ifname": ..., "stats64": {"rx": {"bytes": ...}, "tx": {"bytes": ...}}}]
std::map<std::string, Counters> read_counters(const fs::path& file) {
  std::map<std::string, Counters> out;
  std::ifstream in(file);
  const json doc = json::parse(in, nullptr, false);
  if (!doc.is_array()) return out;
  for (const json& link : doc) {
    if (!link.is_object() || !link.contains("ifname") || !link.contains("stats64")) continue;
    const json& s = link["stats64"];
    Counters c;
    if (s.contains("tx") && s["tx"].contains("bytes")) c.tx = s["tx"]["bytes"].get<std::int64_t>();
    if (s.contains("rx") && s["rx"].contains("bytes")) c.rx = s["rx"]["bytes"].get<std::int64_t>();
    out[link["ifname"].get<std::string>()] = c;
  }
  return out;
}

}  // namespace

json lab_links(const fs::path& logs, const std::string& prefix, const LabPlan& plan, const json& node_reports) {
  const auto before = read_counters(logs / "lab-links-before.json");
  const auto after = read_counters(logs / "lab-links-after.json");
  // What the nodes of each host sent to and received from nodes on other hosts: what crosses its link.
  std::vector<std::int64_t> payload_sent(static_cast<std::size_t>(plan.hosts), 0),
      payload_received(static_cast<std::size_t>(plan.hosts), 0);
  for (const json& report : node_reports) {
    if (!report.contains("peers")) continue;
    const int node = report.value("node", 0);
    const int host = plan.host_of(node);
    for (const json& peer : report["peers"]) {
      if (plan.host_of(peer.value("peer", 0)) == host) continue;
      for (const auto& [category, bytes] : peer["sent_bytes"].items())
        payload_sent[static_cast<std::size_t>(host)] += bytes.get<std::int64_t>();
      for (const auto& [category, bytes] : peer["received_bytes"].items())
        payload_received[static_cast<std::size_t>(host)] += bytes.get<std::int64_t>();
    }
  }
  json links = json::array();
  for (int h = 0; h < plan.hosts; ++h) {
    const std::string veth = prefix + "v" + std::to_string(h);
    json link = {{"host", h},
                 {"bandwidth_mbit", plan.bandwidth_mbit[static_cast<std::size_t>(h)]},
                 {"payload_sent_bytes", payload_sent[static_cast<std::size_t>(h)]},
                 {"payload_received_bytes", payload_received[static_cast<std::size_t>(h)]}};
    const auto b = before.find(veth), a = after.find(veth);
    if (b != before.end() && a != after.end()) {
      // The bridge's end of the veth: what it receives, the host sent; what it transmits, the host received.
      link["kernel_sent_bytes"] = a->second.rx - b->second.rx;
      link["kernel_received_bytes"] = a->second.tx - b->second.tx;
    }
    links.push_back(link);
  }
  return links;
}

}  // namespace ffw::cluster
