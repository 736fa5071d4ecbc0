#include "core/sweep.h"

#include <fstream>
#include <iterator>

#include "core/error.h"
#include "core/experiment.h"
#include "core/file_replace.h"
#include "core/machine.h"

namespace ffw {
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json read_json_file(const fs::path& file, ErrorKind kind) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw Error(ErrorKind::Io, file.string() + ": is not a file that can be read");
  std::ifstream in(file);
  if (!in) throw Error(ErrorKind::Io, file.string() + ": cannot be read");
  json j = json::parse(in, nullptr, false);
  if (j.is_discarded()) throw Error(kind, file.string() + ": is not valid JSON");
  return j;
}

// Sets `path` in `doc`, or says why it cannot be set.
void set_path(json& doc, const std::string& path, const json& value, const std::string& where) {
  try {
    doc[json::json_pointer(path)] = value;
  } catch (const json::exception& x) {
    throw Error(ErrorKind::Experiment, where + ": " + path + " cannot be set (" + x.what() + ")");
  }
}

}  // namespace

namespace {
Sweep read_sweep(const fs::path& file);
void merge_state_file(Sweep& sweep, const fs::path& f);
}  // namespace

Sweep load_sweep(const fs::path& file) {
  try {
    return read_sweep(file);
  } catch (const json::exception& x) {  // a field of the wrong type (a name that is an object, ...)
    throw Error(ErrorKind::Experiment, file.string() + ": is not a sweep file ffw can read (" + x.what() + ")");
  }
}

namespace {
Sweep read_sweep(const fs::path& file) {
  const json s = read_json_file(file, ErrorKind::Experiment);
  const std::string at = file.string();
  if (!s.is_object() || s.value("schema", "") != "ffw-sweep-1")
    throw Error(ErrorKind::Experiment, at + ": not a sweep file (no \"schema\": \"ffw-sweep-1\")");
  Sweep sweep;
  sweep.file = fs::absolute(file);
  sweep.name = s.value("name", file.stem().string());
  if (sweep.name.empty() || sweep.name.size() > 80 || sweep.name.find_first_of("/\\:*?\"<>|") != std::string::npos || sweep.name[0] == '.')
    throw Error(ErrorKind::Experiment, at + ": /name must be 1 to 80 characters without / \\ : * ? \" < > | and not start with a dot");
  json base;
  if (!s.contains("base")) throw Error(ErrorKind::Experiment, at + ": /base is required (an experiment file, or one inline)");
  if (s["base"].is_string()) {
    fs::path b = s["base"].get<std::string>();
    if (b.is_relative()) b = file.parent_path() / b;
    base = read_json_file(b, ErrorKind::Experiment);
    // A relative data path is relative to the base file, as for `ffw run`: made absolute here.
    if (base.is_object() && base.contains("data") && base["data"].value("path", json()).is_string()) {
      const fs::path p = base["data"]["path"].get<std::string>();
      if (p.is_relative()) base["data"]["path"] = (fs::absolute(b).parent_path() / p).lexically_normal().string();
    }
  } else if (s["base"].is_object()) {
    base = s["base"];
  } else {
    throw Error(ErrorKind::Experiment, at + ": /base must be an experiment file's path or an experiment object");
  }
  // The axes: each a list of alternatives, an alternative a set of path -> value.
  std::vector<std::vector<json>> axes;
  const json vary = s.value("vary", json::array());
  if (!vary.is_array()) throw Error(ErrorKind::Experiment, at + ": /vary must be an array");
  for (std::size_t i = 0; i < vary.size(); ++i) {
    const std::string where = at + ": /vary/" + std::to_string(i);
    if (vary[i].is_object()) {
      for (const auto& [path, values] : vary[i].items()) {
        if (path.empty() || path[0] != '/') throw Error(ErrorKind::Experiment, where + ": " + path + " is not a JSON path like /training/chapters");
        if (!values.is_array() || values.empty()) throw Error(ErrorKind::Experiment, where + "/" + path + ": must be a non-empty array of values");
        std::vector<json> axis;
        for (const json& v : values) axis.push_back(json{{path, v}});
        axes.push_back(axis);
      }
    } else if (vary[i].is_array() && !vary[i].empty()) {
      std::vector<json> axis;
      for (const json& group : vary[i]) {
        if (!group.is_object() || group.empty()) throw Error(ErrorKind::Experiment, where + ": a group is an object of paths and their values");
        for (const auto& [path, v] : group.items())
          if (path.empty() || path[0] != '/') throw Error(ErrorKind::Experiment, where + ": " + path + " is not a JSON path like /training/chapters");
        axis.push_back(group);
      }
      axes.push_back(axis);
    } else {
      throw Error(ErrorKind::Experiment, where + ": must be an object of paths and their values, or an array of groups");
    }
  }
  std::vector<json> seeds;
  if (s.contains("seeds")) {
    if (!s["seeds"].is_array() || s["seeds"].empty()) throw Error(ErrorKind::Experiment, at + ": /seeds must be a non-empty array of whole numbers");
    for (const json& seed : s["seeds"]) {
      if (!seed.is_number_integer() || seed.get<long long>() < 0) throw Error(ErrorKind::Experiment, at + ": /seeds: every seed must be a whole number >= 0");
      seeds.push_back(seed);
    }
  }
  // Every combination, the last axis fastest and the seeds innermost.
  std::vector<json> combos = {json::object()};
  for (const auto& axis : axes) {
    std::vector<json> next;
    for (const json& c : combos)
      for (const json& alternative : axis) {
        json merged = c;
        for (const auto& [path, v] : alternative.items()) merged[path] = v;
        next.push_back(merged);
      }
    combos = next;
  }
  if (combos.size() * std::max<std::size_t>(1, seeds.size()) > 10000)
    throw Error(ErrorKind::Experiment, at + ": more than 10,000 combinations");
  // Never more processes than cores unless the sweep asks: times of oversubscribed runs compare
  // nothing (their accuracy still does).
  if (s.contains("oversubscribe") && !s["oversubscribe"].is_boolean())
    throw Error(ErrorKind::Experiment, at + ": /oversubscribe must be true or false");
  const bool oversubscribe = s.value("oversubscribe", false);
  const int cores = std::max(1, machine_info().cores);
  std::string problems;
  for (const json& c : combos)
    for (std::size_t k = 0; k < std::max<std::size_t>(1, seeds.size()); ++k) {
      SweepItem item;
      item.index = static_cast<int>(sweep.items.size());
      item.values = c;
      if (!seeds.empty()) item.values["/training/seed"] = seeds[k];
      item.experiment = base;
      const std::string where = at + ": item " + std::to_string(item.index + 1) + " " + item.values.dump();
      for (const auto& [path, v] : item.values.items()) set_path(item.experiment, path, v, where);
      item.experiment["name"] = sweep.name + "-" + std::to_string(item.index + 1);
      bool valid = true;
      for (const auto& p : experiment_problems(item.experiment, file.parent_path()))
        if (p.severity == Severity::Error) problems += "\n  " + where + ": " + p.path + ": " + p.message, valid = false;
      if (valid && !oversubscribe) {
        const Experiment e = parse_experiment(item.experiment, file.parent_path());
        if (e.launcher != Launcher::InProcess && e.hostfile.empty() && e.nodes > cores)
          problems += "\n  " + where + ": /cluster/nodes: " + std::to_string(e.nodes) + " nodes on this machine's " + std::to_string(cores) +
                      " cores: their times would compare nothing; set \"oversubscribe\": true in the sweep to run it for accuracy only";
      }
      sweep.items.push_back(std::move(item));
    }
  if (!problems.empty())
    throw Error(ErrorKind::Experiment, at + ": nothing was started; these combinations are not valid:" + problems);
  return sweep;
}
}  // namespace

fs::path sweep_state_file(const Sweep& sweep, const fs::path& runs) { return runs / (sweep.name + ".sweep-state.json"); }

void merge_sweep_state(Sweep& sweep, const fs::path& runs) {
  const fs::path f = sweep_state_file(sweep, runs);
  if (!fs::exists(f)) return;
  try {
    merge_state_file(sweep, f);
  } catch (const json::exception& x) {
    throw Error(ErrorKind::Data, f.string() + ": is not a sweep state ffw can read (" + x.what() + "); move it away to start again");
  }
}

namespace {
void merge_state_file(Sweep& sweep, const fs::path& f) {
  const json state = read_json_file(f, ErrorKind::Data);
  const json items = state.value("items", json::array());
  if (!items.is_array() || items.size() != sweep.items.size())
    throw Error(ErrorKind::Data, f.string() + ": belongs to another version of this sweep (" + std::to_string(items.size()) +
                                     " items, the sweep has " + std::to_string(sweep.items.size()) + "); move it away to start again");
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_object() || items[i].value("values", json()) != sweep.items[i].values)
      throw Error(ErrorKind::Data, f.string() + ": item " + std::to_string(i + 1) + " holds other values than the sweep; move it away to start again");
    sweep.items[i].run_dir = items[i].value("run_dir", std::string());
    sweep.items[i].status = items[i].value("status", std::string("pending"));
  }
  if (state.value("choices", json::object()).is_object()) sweep.choices = state.value("choices", json::object());
}
}  // namespace

void save_sweep_state(const Sweep& sweep, const fs::path& runs) {
  json items = json::array();
  for (const SweepItem& i : sweep.items)
    items.push_back({{"index", i.index}, {"values", i.values}, {"run_dir", i.run_dir}, {"status", i.status}});
  const json state = {{"schema", "ffw-sweep-state-1"}, {"sweep", sweep.file.string()}, {"name", sweep.name},
                      {"pid", sweep.pid}, {"choices", sweep.choices}, {"items", items}};
  replace_file(sweep_state_file(sweep, runs), state.dump(2) + "\n", Durability::Synced);
}

long long running_sweep_pid(const fs::path& state_file) {
  std::ifstream in(state_file);
  const json state = json::parse(in, nullptr, false);
  const json pid = state.is_object() ? state.value("pid", json()) : json();
  if (!pid.is_number_integer() || pid.get<long long>() <= 0) return 0;
  std::ifstream cmdline("/proc/" + std::to_string(pid.get<long long>()) + "/cmdline");
  const std::string args((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
  // argv as NUL-separated words: a live `ffw sweep`, not a pid the system gave to something else.
  return args.find(std::string("\0sweep\0", 7)) != std::string::npos ? pid.get<long long>() : 0;
}

}  // namespace ffw
