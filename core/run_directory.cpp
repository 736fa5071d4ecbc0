#include "core/run_directory.h"

#include <chrono>
#include <cmath>
#include <optional>
#include <ctime>
#include <fstream>

#include "core/error.h"
#include "core/file_replace.h"

namespace ffw {
namespace fs = std::filesystem;

namespace {
void write_json_atomically(const fs::path& file, const nlohmann::json& j) {
  replace_file(file, j.dump(2) + '\n', Durability::Atomic);
}
}  // namespace

namespace {
// The types of summary.json's fields: "string", "integer", "number", "boolean"; an object maps its
// fields ("*": any other field); an array holds its one element's schema for every element.
const nlohmann::json& summary_schema() {
  static const nlohmann::json schema = nlohmann::json::parse(R"({
    "status": "string", "error": "string", "name": "string", "variant": "string", "classifier": "string",
    "launcher": "string", "network": "string", "pid": "integer",
    "chapters_done": "integer", "chapters_planned": "integer", "epochs_done": "integer",
    "epochs_planned": "integer", "nodes_planned": "integer",
    "wall_seconds": "number", "train_seconds": "number", "eval_seconds": "number",
    "test_accuracy": "number", "validation_accuracy": "number", "measured_bubble": "number",
    "theoretical_bubble": "number", "test_accuracy_by_classifier": {"*": "number"},
    "confusion_matrix": [["integer"]],
    "machine": {"cores": "integer", "threads": "integer", "cpu_isa": ["string"],
                "forced_kernel_environment": ["string"], "*": "string"},
    "gemm": {"threads": "integer", "measured_gflops": {"*": "number"}, "*": "string"},
    "node_losses": [{"node": "integer", "at_s": "number", "cause": "string", "nodes_after": "integer",
                     "continued_after_chapter": "integer", "redone_chapters": ["integer"], "chapter_nodes": ["integer"],
                     "after_training": "boolean"}],
    "nodes": [{"node": "integer", "status": "string", "chapters_done": "integer", "dropped_records": "integer",
               "holds_final_model": "boolean", "lost": "boolean", "idle_fraction": "number", "peak_rss_mb": "number",
               "received_bytes": "number", "sent_bytes": "number", "slowdown": "number",
               "train_seconds": "number", "wait_seconds": "number", "wall_seconds": "number",
               "timings": {"*": "number"},
               "peers": [{"peer": "integer", "messages_sent": "integer", "messages_received": "integer",
                          "sent_bytes": {"*": "number"}, "received_bytes": {"*": "number"}}]}]
  })");
  return schema;
}

bool has_type(const nlohmann::json& v, const std::string& type) {
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number() && std::isfinite(v.get<double>());
  if (type == "boolean") return v.is_boolean();
  return true;
}

// `v` conformed to `schema`, or nothing when `v` itself has the wrong type.
std::optional<nlohmann::json> conform(const nlohmann::json& v, const nlohmann::json& schema, const std::string& at,
                                      std::vector<std::string>* dropped) {
  const auto drop = [&]() -> std::optional<nlohmann::json> {
    if (dropped) dropped->push_back(at);
    return std::nullopt;
  };
  if (schema.is_string()) return has_type(v, schema.get<std::string>()) ? std::optional(v) : drop();
  if (schema.is_object()) {
    if (!v.is_object()) return drop();
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, field] : v.items()) {
      const auto rule = schema.find(key);
      const auto any = schema.find("*");
      if (rule == schema.end() && any == schema.end()) {
        out[key] = field;
      } else if (auto kept = conform(field, rule != schema.end() ? *rule : *any, at + "/" + key, dropped)) {
        out[key] = std::move(*kept);
      }
    }
    return out;
  }
  // An array: every element must conform, or the array goes (a matrix with a hole is no matrix).
  if (!v.is_array()) return drop();
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < v.size(); ++i) {
    auto kept = conform(v[i], schema.at(0), at + "/" + std::to_string(i), dropped);
    if (!kept) return drop();
    out.push_back(std::move(*kept));
  }
  return out;
}
}  // namespace

nlohmann::json conform_summary(const nlohmann::json& raw, std::vector<std::string>* dropped) {
  if (!raw.is_object()) {
    if (dropped) dropped->push_back("");
    return nlohmann::json::object();
  }
  return *conform(raw, summary_schema(), "", dropped);
}

RunDirectory RunDirectory::create(const fs::path& dir, const Experiment& e) {
  std::error_code ec;
  if (fs::exists(dir / "experiment.json"))
    throw Error(ErrorKind::Io, dir.string() + " already holds a run; choose another --out or resume it");
  fs::create_directories(dir / "checkpoints", ec);
  if (!ec) fs::create_directories(dir / "logs", ec);
  if (ec) throw Error(ErrorKind::Io, dir.string() + ": cannot create the run directory (" + ec.message() + ")");
  RunDirectory run(dir);
  write_json_atomically(run.experiment_file(), to_json(e));
  return run;
}

RunDirectory RunDirectory::open(const fs::path& dir) {
  if (!fs::exists(dir / "experiment.json"))
    throw Error(ErrorKind::Io, dir.string() + " is not a run directory (no experiment.json)");
  return RunDirectory(dir);
}

fs::path RunDirectory::fresh_path(const fs::path& parent, const std::string& raw_name) {
  // The rulebook refuses such names; an experiment that did not pass it still stays in `parent`.
  std::string name = raw_name;
  for (char& ch : name)
    if (ch == '/' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20) ch = '_';
  if (name.empty() || name.front() == '.') name.insert(0, "run");
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  fs::path base = parent / (name + "-" + stamp);
  fs::path candidate = base;
  for (int i = 2; fs::exists(candidate); ++i) candidate = base.string() + "-" + std::to_string(i);
  return candidate;
}

fs::path RunDirectory::log_file(int node) const { return dir_ / "logs" / ("node" + std::to_string(node) + ".log"); }

nlohmann::json RunDirectory::read_summary() const {
  std::ifstream in(summary_file());
  if (!in) return nlohmann::json::object();
  try {
    return conform_summary(nlohmann::json::parse(in));
  } catch (const nlohmann::json::exception&) {
    throw Error(ErrorKind::Io, summary_file().string() + ": is not valid JSON");
  }
}

void RunDirectory::write_summary(const nlohmann::json& summary) const {
  write_json_atomically(summary_file(), summary);
}

}  // namespace ffw
