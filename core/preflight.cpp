#include "core/preflight.h"

#include <sys/statvfs.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>

#include "core/dataset.h"
#include "core/error.h"
#include "core/machine.h"

namespace ffw {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::uint32_t file_crc32(const fs::path& f) {
  std::ifstream in(f, std::ios::binary);
  std::vector<char> chunk(1 << 20);
  uLong crc = crc32(0L, Z_NULL, 0);
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(chunk.data()), static_cast<uInt>(in.gcount()));
  }
  return static_cast<std::uint32_t>(crc);
}

double available_memory_mb() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  double kb = 0;
  std::string unit;
  while (in >> key >> kb >> unit)
    if (key == "MemAvailable:") return kb / 1024.0;
  return -1;
}

double free_disk_mb(fs::path dir) {
  // The run directory may not exist yet: its nearest existing ancestor holds it.
  std::error_code ec;
  while (!dir.empty() && !fs::exists(dir, ec)) dir = dir.parent_path();
  struct statvfs s {};
  if (statvfs(dir.empty() ? "." : dir.c_str(), &s) != 0) return -1;
  return static_cast<double>(s.f_bavail) * static_cast<double>(s.f_frsize) / (1024.0 * 1024.0);
}

// Input features and raw data bytes, read from the files' headers (raw or gzip alike).
struct DataSize {
  double input_dim = 0, float_bytes = 0;
};
DataSize data_size(const DataOptions& o) {
  DataSize d;
  std::vector<fs::path> files;
  try {
    files = data_files(o);
  } catch (const Error&) {
    return d;
  }
  for (const auto& f : files) {
    gzFile in = gzopen(f.c_str(), "rb");
    if (!in) continue;
    unsigned char head[16] = {};
    const int got = gzread(in, head, sizeof head);
    gzclose(in);
    // The whole file's length once inflated (a gzip file's last 4 bytes): what the loader holds, as
    // float32 (CSV: about its text).
    double bytes = static_cast<double>(fs::file_size(f));
    std::ifstream raw(f, std::ios::binary);
    unsigned char magic[2] = {};
    raw.read(reinterpret_cast<char*>(magic), 2);
    if (magic[0] == 0x1f && magic[1] == 0x8b && bytes >= 18) {
      unsigned char size[4] = {};
      raw.seekg(-4, std::ios::end);
      raw.read(reinterpret_cast<char*>(size), 4);
      bytes = static_cast<double>(std::uint32_t{size[0]} | std::uint32_t{size[1]} << 8 | std::uint32_t{size[2]} << 16 |
                                  std::uint32_t{size[3]} << 24);
    }
    if (o.format == DataFormat::Idx && got == 16 && head[3] == 3)
      d.input_dim = static_cast<double>((head[8] << 24 | head[9] << 16 | head[10] << 8 | head[11])) *
                    static_cast<double>((head[12] << 24 | head[13] << 16 | head[14] << 8 | head[15]));
    d.float_bytes += o.format == DataFormat::Csv ? bytes : 4 * bytes;
  }
  if (o.format == DataFormat::Cifar10) d.input_dim = 3072;
  if (o.format == DataFormat::Csv && !files.empty()) {
    std::ifstream in(files.front());
    std::string line;
    std::getline(in, line);
    d.input_dim = static_cast<double>(std::count(line.begin(), line.end(), ','));
  }
  return d;
}

double parameters(const Experiment& e, double input_dim) {
  double p = 0, in = input_dim;
  for (const auto& l : e.layers) p += in * l.width + l.width, in = l.width;
  return p + in * e.data.classes + e.data.classes;  // the head or the output layer
}

std::string megabytes(double mb) {
  char text[32];
  if (mb >= 1024) std::snprintf(text, sizeof text, "%.1f GB", mb / 1024);
  else std::snprintf(text, sizeof text, "%.0f MB", mb);
  return text;
}

}  // namespace

json host_report(const Experiment& e, const fs::path& run_dir, bool data) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  json r = {{"host", host},
            {"build_version", build_version()},
            {"build_target", build_target()},
            {"available_memory_mb", available_memory_mb()},
            {"free_disk_mb", free_disk_mb(run_dir)},
            {"run_dir", run_dir.string()}};
  if (!data) return r;
  try {
    json files = json::array();
    for (const auto& f : data_files(e.data))
      files.push_back({{"file", f.filename().string()}, {"bytes", fs::file_size(f)}, {"crc32", file_crc32(f)}});
    r["data_files"] = files;
  } catch (const Error& x) {
    r["data_error"] = x.what();
  }
  return r;
}

double node_memory_estimate_mb(const Experiment& e) {
  const DataSize d = data_size(e.data);
  // Weights, gradients and two optimizer moments, float32.
  const double model = 4 * 4 * parameters(e, d.input_dim);
  // The input cache holds a layer's inputs for the samples, up to training.input_cache_mb.
  int widest = 0;
  for (const auto& l : e.layers) widest = std::max(widest, l.width);
  const double cache = e.layers.size() < 2 ? 0
                       : std::min(e.input_cache_mb * 1024.0 * 1024.0, d.float_bytes / std::max(1.0, d.input_dim) * widest);
  return (model + d.float_bytes + cache) / (1024.0 * 1024.0) + 100;  // + the process itself
}

double run_disk_estimate_mb(const Experiment& e) {
  const DataSize d = data_size(e.data);
  const double checkpoint = 3 * 4 * parameters(e, d.input_dim);  // weights and two moments
  const bool ring = e.variant == Variant::AllLayers || e.variant == Variant::Federated;
  // In process: last, previous and the one being written; a ring node keeps two and writes a third.
  const double kept = e.launcher == Launcher::InProcess ? 3 : ring ? 3.0 * e.nodes : double(e.nodes) * e.chapters;
  return (e.checkpoints ? kept * checkpoint : 0) / (1024.0 * 1024.0) + 10;  // + records
}

std::vector<PreflightLine> preflight_lines(const Experiment& e, const json& here, const std::vector<json>& nodes) {
  std::vector<PreflightLine> out;
  // Nodes by host, in order of their first node.
  std::vector<std::string> hosts;
  std::map<std::string, std::vector<int>> nodes_of;
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    const std::string h = nodes[n].value("host", std::string("?"));
    if (!nodes_of.count(h)) hosts.push_back(h);
    nodes_of[h].push_back(static_cast<int>(n));
  }
  const double memory_per_node = node_memory_estimate_mb(e), disk = run_disk_estimate_mb(e);
  // The data every node should see: ffw's copy, or the first node's where ffw has none.
  const json reference_files = here.contains("data_files") ? here["data_files"]
                               : !nodes.empty() && nodes.front().contains("data_files") ? nodes.front()["data_files"]
                                                                                         : json();
  for (const auto& h : hosts) {
    const auto& ns = nodes_of[h];
    std::string label = "host " + h + " (node" + (ns.size() > 1 ? "s " : " ");
    for (std::size_t i = 0; i < ns.size(); ++i) label += (i ? ", " : "") + std::to_string(ns[i]);
    label += ")";
    const json& r = nodes[static_cast<std::size_t>(ns.front())];
    const std::size_t before = out.size();
    auto problem = [&](const std::string& text) { out.push_back({label + ": " + text, true}); };
    if (r.value("build_version", "") != here.value("build_version", ""))
      problem("ffw-worker is build " + r.value("build_version", std::string("?")) + ", ffw is build " +
              here.value("build_version", std::string("?")) + "; install the same build on every host");
    if (r.contains("data_error")) {
      problem(r.value("data_error", std::string()));
    } else if (reference_files.is_array() && r.value("data_files", json()) != reference_files) {
      for (const auto& f : r.value("data_files", json::array())) {
        const auto same = std::find(reference_files.begin(), reference_files.end(), f);
        if (same == reference_files.end())
          problem("data file " + f.value("file", std::string("?")) + " (" + std::to_string(f.value("bytes", 0ull)) +
                  " bytes) differs from ffw's copy (size or CRC-32): every host must hold the same data");
      }
    }
    const double needed = memory_per_node * static_cast<double>(ns.size());
    const double available = r.value("available_memory_mb", -1.0);
    if (available >= 0 && available < needed)
      problem(megabytes(available) + " of memory available, the run needs about " + megabytes(needed) + " for " +
              std::to_string(ns.size()) + (ns.size() == 1 ? " node" : " nodes"));
    const double free = r.value("free_disk_mb", -1.0);
    if (free >= 0 && free < disk)
      problem(megabytes(free) + " free where the run directory goes (" + r.value("run_dir", std::string()) +
              "), the run needs about " + megabytes(disk));
    if (out.size() == before) {
      std::string ok = label + ": ok: build " + r.value("build_version", std::string("?"));
      if (r.contains("mpi_version")) ok += ", " + r.value("mpi_version", std::string());
      ok += ", " + std::to_string(r.value("data_files", json::array()).size()) + " data files as ffw's";
      ok += ", " + megabytes(available) + " memory available (needs about " + megabytes(needed) + ")";
      ok += ", " + megabytes(free) + " free disk (needs about " + megabytes(disk) + ")";
      out.push_back({ok, false});
    }
  }
  return out;
}

}  // namespace ffw
