#include "core/model_file.h"

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/file_replace.h"

namespace ffw {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr char kMagic[8] = {'F', 'F', 'W', 'M', 'O', 'D', 'E', 'L'};

class Writer {
public:
  void bytes(const void* p, std::size_t n) {
    const auto* c = static_cast<const char*>(p);
    buf_.insert(buf_.end(), c, c + n);
  }
  template <class T>
  void value(T v) { bytes(&v, sizeof v); }
  void matrix(const Matrix& m) { bytes(m.data(), static_cast<std::size_t>(m.size()) * sizeof(Scalar)); }
  void finish_and_write(const fs::path& file, const fs::path& keep_previous_as) {
    const auto crc = static_cast<std::uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(buf_.data()),
                                                      static_cast<uInt>(buf_.size())));
    value(crc);
    replace_file(file, std::string_view(buf_.data(), buf_.size()), Durability::Synced, keep_previous_as);
  }

private:
  std::vector<char> buf_;
};

struct Entry {
  std::string name;
  Matrix* matrix;
};

void write_file(const fs::path& file, Model& model, const Checkpoint* checkpoint, const fs::path& keep_previous_as = {}) {
  const bool state = checkpoint != nullptr;
  std::vector<Entry> tensors;
  json steps = json::object();
  model.for_each_param([&](const std::string& name, Param& p) {
    tensors.push_back({name, &p.value});
    if (state) {
      tensors.push_back({name + ".m", &p.state.m});
      tensors.push_back({name + ".v", &p.state.v});
      steps[name] = p.state.steps;
    }
  });
  std::vector<Matrix> vectors;  // Vector state stored as one-column matrices
  std::vector<std::string> vector_names;
  model.for_each_state([&](const std::string& name, Vector& v) {
    vectors.emplace_back(v);
    vector_names.push_back(name);
  });
  for (std::size_t i = 0; i < vectors.size(); ++i) tensors.push_back({vector_names[i], &vectors[i]});

  json directory = json::array();
  for (const auto& t : tensors) directory.push_back({t.name, t.matrix->rows(), t.matrix->cols()});
  json header = {{"kind", state ? "checkpoint" : "model"},
                 {"experiment", to_json(model.experiment)},
                 {"input_dim", model.input_dim},
                 {"classes", model.classes},
                 {"tensors", directory}};
  if (state) {
    header["optimizer_steps"] = steps;
    header["chapters_done"] = checkpoint->chapters_done;
    header["elapsed_seconds"] = checkpoint->elapsed_seconds;
    header["negatives"] = checkpoint->negatives.size();
  }
  const std::string text = header.dump();
  Writer w;
  w.bytes(kMagic, sizeof kMagic);
  w.value(kModelFormatVersion);
  w.value(static_cast<std::uint64_t>(text.size()));
  w.bytes(text.data(), text.size());
  for (const auto& t : tensors) w.matrix(*t.matrix);
  if (state) w.bytes(checkpoint->negatives.data(), checkpoint->negatives.size());
  w.finish_and_write(file, keep_previous_as);
}

[[noreturn]] void corrupt(const fs::path& file, const std::string& what) {
  throw Error(ErrorKind::Model, file.string() + ": " + what);
}

Checkpoint read_file(const fs::path& file, bool want_state) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorKind::Io, file.string() + ": cannot be opened");
  std::vector<char> buf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (buf.size() < sizeof kMagic + 4 + 8 + 4 || std::memcmp(buf.data(), kMagic, sizeof kMagic) != 0)
    corrupt(file, "is not an ffw model file (wrong magic bytes)");
  std::uint32_t version = 0, stored_crc = 0;
  std::uint64_t header_size = 0;
  std::memcpy(&version, buf.data() + 8, 4);
  std::memcpy(&header_size, buf.data() + 12, 8);
  if (version > kModelFormatVersion)
    corrupt(file, "was written by a newer ffw (model format " + std::to_string(version) + "); update ffw");
  std::memcpy(&stored_crc, buf.data() + buf.size() - 4, 4);
  const auto crc = static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(buf.data()), static_cast<uInt>(buf.size() - 4)));
  if (crc != stored_crc) corrupt(file, "is corrupt (checksum mismatch); it was truncated or altered");
  if (header_size > buf.size() - 24) corrupt(file, "is corrupt (header length past the end)");
  json header;
  try {
    header = json::parse(buf.begin() + 20, buf.begin() + 20 + static_cast<std::ptrdiff_t>(header_size));
  } catch (const json::exception&) {
    corrupt(file, "is corrupt (unreadable header)");
  }
  const bool has_state = header.value("kind", "") == "checkpoint";
  if (want_state && !has_state) corrupt(file, "is a model file, not a checkpoint; it cannot be resumed");

  Checkpoint c;
  try {
    const Experiment e = parse_experiment(header.at("experiment"));
    const auto input_dim = header.at("input_dim").get<std::int64_t>(), classes = header.at("classes").get<std::int64_t>();
    if (input_dim < 1 || input_dim > (1 << 24) || classes < 2 || classes > 256)
      corrupt(file, "is corrupt (input_dim " + std::to_string(input_dim) + ", classes " + std::to_string(classes) + ")");
    // The network's weights alone, before anything is allocated for them: a header may claim more
    // than the file could hold.
    double weights = 0, inputs = static_cast<double>(input_dim);
    for (const auto& l : e.layers) weights += inputs * l.width, inputs = l.width;
    if (weights * sizeof(Scalar) > static_cast<double>(buf.size()))
      corrupt(file, "is corrupt (its header declares " + std::to_string(static_cast<std::uint64_t>(weights)) +
                        " weights, more than the file's " + std::to_string(buf.size()) + " bytes hold)");
    Preprocess placeholder;
    c.model = Model::create(e, static_cast<int>(input_dim), static_cast<int>(classes), placeholder);
  } catch (const Error& ex) {
    if (ex.kind() == ErrorKind::Model) throw;
    corrupt(file, std::string("holds an experiment this ffw cannot use: ") + ex.what());
  } catch (const json::exception& ex) {
    corrupt(file, std::string("is corrupt (its header is malformed: ") + ex.what() + ")");
  }
  // Every array the model has, by name, in the order written.
  std::map<std::string, Matrix*> targets;
  std::map<std::string, Param*> params;
  std::map<std::string, Vector*> vectors;
  c.model.for_each_param([&](const std::string& name, Param& p) {
    params[name] = &p;
    targets[name] = &p.value;
    targets[name + ".m"] = &p.state.m;
    targets[name + ".v"] = &p.state.v;
  });
  c.model.for_each_state([&](const std::string& name, Vector& v) { vectors[name] = &v; });

  std::size_t at = 20 + header_size;
  const std::size_t end = buf.size() - 4;
  std::set<std::string> loaded;
  for (const auto& t : header.at("tensors")) {
    const auto name = t.at(0).get<std::string>();
    const auto rows = t.at(1).get<Index>(), cols = t.at(2).get<Index>();
    constexpr Index kMaxSide = Index{1} << 31;
    if (rows < 0 || cols < 0 || rows >= kMaxSide || cols >= kMaxSide ||
        static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols) > (end - at) / sizeof(Scalar))
      corrupt(file, "is corrupt (tensor " + name + " runs past the end)");
    const std::size_t bytes = static_cast<std::size_t>(rows * cols) * sizeof(Scalar);
    if (!loaded.insert(name).second) corrupt(file, "is corrupt (tensor " + name + " appears twice)");
    const bool optimizer_state = name.ends_with(".m") || name.ends_with(".v");
    if (vectors.count(name)) {
      if (cols != 1) corrupt(file, "tensor " + name + " has the wrong shape");
      vectors[name]->resize(rows);  // copied byte-wise: the header's length leaves arrays unaligned
      std::memcpy(vectors[name]->data(), buf.data() + at, bytes);
    } else if (targets.count(name)) {
      Matrix& m = *targets[name];
      if (m.rows() != rows || m.cols() != cols)
        corrupt(file, "tensor " + name + " is " + std::to_string(rows) + " x " + std::to_string(cols) +
                          ", the network needs " + std::to_string(m.rows()) + " x " + std::to_string(m.cols()));
      if (want_state || !optimizer_state)
        std::memcpy(m.data(), buf.data() + at, bytes);
    } else {
      corrupt(file, "holds tensor " + name + ", which this network does not have");
    }
    at += bytes;
  }
  for (const auto& [name, p] : params)
    if (!loaded.count(name)) corrupt(file, "misses tensor " + name + " of its network");
  if (has_state) {
    for (auto& [name, p] : params) p->state.steps = header.at("optimizer_steps").value(name, std::int64_t{0});
    c.chapters_done = header.at("chapters_done").get<int>();
    c.elapsed_seconds = header.value("elapsed_seconds", 0.0);
    const auto n = header.at("negatives").get<std::size_t>();
    if (at + n != end) corrupt(file, "is corrupt (negative labels do not fill the file)");
    c.negatives.assign(buf.begin() + static_cast<std::ptrdiff_t>(at), buf.begin() + static_cast<std::ptrdiff_t>(at + n));
  } else if (at != end) {
    corrupt(file, "is corrupt (trailing bytes)");
  }
  return c;
}

}  // namespace

void check_checkpoint_fits(const Checkpoint& checkpoint, const Experiment& e, const fs::path& file) {
  const json written = to_json(checkpoint.model.experiment), now = to_json(e);
  for (const auto& [section, key] : {std::pair<const char*, const char*>{"network", nullptr}, {"algorithm", "variant"}, {"algorithm", "classifier"}}) {
    const json& a = key ? written[section].value(key, json()) : written[section];
    const json& b = key ? now[section].value(key, json()) : now[section];
    if (a != b)
      throw Error(ErrorKind::Model, file.string() + ": was written for another experiment (its " + section +
                                        (key ? std::string(".") + key : std::string()) + " differs from the run's "
                                        "experiment.json); the run cannot resume from it");
  }
}

void save_model(const fs::path& file, Model& model) { write_file(file, model, nullptr); }
void save_checkpoint(const fs::path& file, Checkpoint& checkpoint, const fs::path& keep_previous_as) {
  write_file(file, checkpoint.model, &checkpoint, keep_previous_as);
}
namespace {
// A header field of the wrong type or missing, wherever read_file meets it.
Checkpoint read_file_or_explain(const fs::path& file, bool want_state) {
  try {
    return read_file(file, want_state);
  } catch (const json::exception& ex) {
    corrupt(file, std::string("is corrupt (its header is malformed: ") + ex.what() + ")");
  }
}
}  // namespace

Model load_model(const fs::path& file) { return read_file_or_explain(file, false).model; }
Checkpoint load_checkpoint(const fs::path& file) { return read_file_or_explain(file, true); }

}  // namespace ffw
