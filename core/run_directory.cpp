#include "core/run_directory.h"

#include <chrono>
#include <ctime>
#include <fstream>

#include "core/error.h"

namespace ffw {
namespace fs = std::filesystem;

namespace {
void write_json_atomically(const fs::path& file, const nlohmann::json& j) {
  fs::path tmp = file;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2) << '\n';
    if (!out) throw Error(ErrorKind::Io, tmp.string() + ": cannot be written");
  }
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) throw Error(ErrorKind::Io, file.string() + ": cannot be written (" + ec.message() + ")");
}
}  // namespace

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

fs::path RunDirectory::fresh_path(const fs::path& parent, const std::string& name) {
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
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    throw Error(ErrorKind::Io, summary_file().string() + ": is not valid JSON");
  }
}

void RunDirectory::write_summary(const nlohmann::json& summary) const {
  write_json_atomically(summary_file(), summary);
}

}  // namespace ffw
