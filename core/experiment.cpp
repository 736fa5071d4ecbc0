#include "core/experiment.h"

#include "core/hostfile.h"
#include "core/schedule_layout.h"

#include <algorithm>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

#include "core/error.h"

namespace ffw {
using nlohmann::json;

namespace {

template <class E>
using Names = std::vector<std::pair<const char*, E>>;

const Names<Variant> kVariants = {{"sequential", Variant::Sequential},
                                  {"bp", Variant::Bp},
                                  {"all-layers", Variant::AllLayers},
                                  {"single-layer", Variant::SingleLayer},
                                  {"federated", Variant::Federated},
                                  {"gpipe-bp", Variant::GpipeBp},
                                  {"data-parallel-bp", Variant::DataParallelBp}};
const Names<Negatives> kNegatives = {{"adaptive", Negatives::Adaptive},
                                     {"random", Negatives::Random},
                                     {"fixed", Negatives::Fixed},
                                     {"none", Negatives::None}};
const Names<AdaptiveChoice> kAdaptive = {{"argmax", AdaptiveChoice::Argmax},
                                         {"sample", AdaptiveChoice::Sample}};
const Names<AdaptiveFrom> kAdaptiveFrom = {{"goodness", AdaptiveFrom::Goodness},
                                            {"softmax", AdaptiveFrom::Softmax}};
const Names<Classifier> kClassifiers = {{"goodness", Classifier::Goodness},
                                        {"softmax", Classifier::Softmax},
                                        {"local-heads", Classifier::LocalHeads}};
const Names<Readout> kReadouts = {{"last", Readout::Last}, {"all", Readout::All}};
const Names<GoodnessKind> kGoodness = {{"sum-squares", GoodnessKind::SumSquares},
                                       {"mean-squares", GoodnessKind::MeanSquares}};
const Names<OptimizerKind> kOptimizers = {{"adam", OptimizerKind::Adam}, {"sgd", OptimizerKind::Sgd}};
const Names<Interleave> kInterleave = {{"layer", Interleave::Layer}, {"batch", Interleave::Batch}};
const Names<std::optional<gemm::Backend>> kGemm = {{"auto", std::nullopt},
                                                   {"openblas", gemm::Backend::OpenBlas},
                                                   {"onednn", gemm::Backend::OneDnn}};
const Names<gemm::Precision> kPrecisions = {{"fp32", gemm::Precision::Fp32}, {"bf16", gemm::Precision::Bf16}};
const Names<Launcher> kLaunchers = {{"in-process", Launcher::InProcess},
                                    {"local", Launcher::Local},
                                    {"mpi", Launcher::Mpi},
                                    {"lab", Launcher::Lab}};
const Names<DataSource> kDataSources = {{"local", DataSource::Local}, {"rank0", DataSource::Rank0}};
const Names<OnNodeFailure> kOnNodeFailure = {{"stop", OnNodeFailure::Stop}, {"continue", OnNodeFailure::Continue}};
const Names<Placement> kPlacements = {{"preset", Placement::Preset}, {"auto", Placement::Auto}};
const Names<ShardMode> kShards = {{"iid", ShardMode::Iid}, {"label-skew", ShardMode::LabelSkew}};
const Names<DataFormat> kFormats = {{"idx", DataFormat::Idx},
                                    {"cifar10", DataFormat::Cifar10},
                                    {"csv", DataFormat::Csv}};
const Names<Scaling> kScalings = {{"none", Scaling::None},
                                  {"unit", Scaling::Unit},
                                  {"standardize", Scaling::Standardize}};

template <class E>
std::string name_of(const Names<E>& names, E value) {
  for (const auto& [n, v] : names)
    if (v == value) return n;
  return "?";
}

template <class E>
std::string choices(const Names<E>& names) {
  std::string s;
  for (const auto& [n, v] : names) s += (s.empty() ? "\"" : ", \"") + std::string(n) + "\"";
  return s;
}

const char* type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    default: return "a number";
  }
}

// Reads one JSON object, recording every problem under its JSON path and remembering which keys
// were read so the rest can be reported as unknown.
class Reader {
public:
  Reader(const json* obj, std::string path, std::vector<std::string>& errors)
      : obj_(obj), path_(std::move(path)), errors_(errors) {}

  const json* find(const std::string& key) {
    seen_.insert(key);
    if (!obj_ || !obj_->is_object()) return nullptr;
    auto it = obj_->find(key);
    return it == obj_->end() ? nullptr : &*it;
  }
  std::string at(const std::string& key) const { return path_ + "/" + key; }
  void error(const std::string& key, const std::string& what) { errors_.push_back(at(key) + ": " + what); }
  // An optional array: `element` gets each entry and its JSON path; anything else is the error `shape`.
  template <class F>
  void each(const std::string& key, const std::string& shape, F element) {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_array()) return error(key, shape);
    for (std::size_t i = 0; i < v->size(); ++i) element((*v)[i], at(key) + "/" + std::to_string(i));
  }

  bool require(const std::string& key) {
    if (find(key)) return true;
    error(key, "is required");
    return false;
  }

  double number(const std::string& key, double fallback, double min, double max, bool integer = false) {
    const json* v = find(key);
    if (!v) return fallback;
    if (!v->is_number() || (integer && !v->is_number_integer())) {
      error(key, std::string("must be ") + (integer ? "an integer" : "a number") + ", not " + type_name(*v));
      return fallback;
    }
    const double x = v->get<double>();
    if (x < min || x > max) {
      std::ostringstream s;
      s << "is " << x << ", must be between " << min << " and " << max;
      error(key, s.str());
      return fallback;
    }
    return x;
  }
  int integer(const std::string& key, int fallback, int min, int max = std::numeric_limits<int>::max()) {
    return static_cast<int>(number(key, fallback, min, max, true));
  }
  // A count, or the string "auto" (returned as `auto_value`).
  int integer_or_auto(const std::string& key, int fallback, int auto_value, int min, int max) {
    const json* v = find(key);
    if (v && v->is_string()) {
      if (*v == "auto") return auto_value;
      error(key, "is " + v->dump() + ", must be an integer or \"auto\"");
      return fallback;
    }
    return integer(key, fallback, min, max);
  }
  std::optional<double> optional_number(const std::string& key, double min, double max) {
    const json* v = find(key);
    if (!v || v->is_null()) return std::nullopt;
    const double x = number(key, std::numeric_limits<double>::quiet_NaN(), min, max);
    return std::isnan(x) ? std::nullopt : std::optional<double>(x);
  }
  bool boolean(const std::string& key, bool fallback) {
    const json* v = find(key);
    if (!v) return fallback;
    if (!v->is_boolean()) {
      error(key, std::string("must be true or false, not ") + type_name(*v));
      return fallback;
    }
    return v->get<bool>();
  }
  std::string string(const std::string& key, std::string fallback) {
    const json* v = find(key);
    if (!v) return fallback;
    if (!v->is_string()) {
      error(key, std::string("must be a string, not ") + type_name(*v));
      return fallback;
    }
    return v->get<std::string>();
  }
  template <class E>
  E choice(const std::string& key, E fallback, const Names<E>& names) {
    const json* v = find(key);
    if (!v) return fallback;
    if (v->is_string())
      for (const auto& [n, value] : names)
        if (*v == n) return value;
    error(key, "is " + v->dump() + ", must be one of " + choices(names));
    return fallback;
  }
  Reader object(const std::string& key, bool required = false) {
    const json* v = find(key);
    if (!v) {
      if (required) error(key, "is required");
      return Reader(nullptr, at(key), errors_);
    }
    if (!v->is_object()) {
      error(key, std::string("must be an object, not ") + type_name(*v));
      return Reader(nullptr, at(key), errors_);
    }
    return Reader(v, at(key), errors_);
  }
  void reject_unknown() {
    if (!obj_ || !obj_->is_object()) return;
    for (const auto& [key, value] : obj_->items())
      if (!seen_.count(key)) errors_.push_back(at(key) + ": is not a known key");
  }
  const json* raw() const { return obj_; }

private:
  const json* obj_;
  std::string path_;
  std::vector<std::string>& errors_;
  std::set<std::string> seen_;
};

OptimizerSpec read_optimizer(Reader r, OptimizerSpec d) {
  d.kind = r.choice("name", d.kind, kOptimizers);
  d.learning_rate = r.number("learning_rate", d.learning_rate, 0, 10);
  d.weight_decay = r.number("weight_decay", d.weight_decay, 0, 1);
  d.momentum = r.number("momentum", d.momentum, 0, 0.9999);
  d.beta1 = r.number("beta1", d.beta1, 0, 0.9999);
  d.beta2 = r.number("beta2", d.beta2, 0, 0.999999);
  d.epsilon = r.number("epsilon", d.epsilon, 1e-12, 1);
  r.reject_unknown();
  return d;
}

json optimizer_json(const OptimizerSpec& o) {
  return {{"name", name_of(kOptimizers, o.kind)}, {"learning_rate", o.learning_rate},
          {"weight_decay", o.weight_decay},       {"momentum", o.momentum},
          {"beta1", o.beta1},                     {"beta2", o.beta2},
          {"epsilon", o.epsilon}};
}

}  // namespace

int auto_micro_batches(int nodes, int batch_size) {
  if (nodes <= 1) return 1;
  return std::clamp(batch_size / kMinMicroBatchSamples, 1, 4 * nodes);
}

int Experiment::micro_batch_count() const {
  if (micro_batches > 0) return micro_batches;
  if (micro_batches == kAutoMicroBatches) return auto_micro_batches(nodes, batch_size);
  return nodes > 1 ? 4 * nodes : 1;  // 0: runs from before "auto"
}

double Experiment::threshold(std::size_t layer) const {
  if (layers[layer].threshold) return *layers[layer].threshold;
  return goodness == GoodnessKind::SumSquares ? layers[layer].width : 1.0;
}

double Experiment::learning_rate(std::size_t layer) const {
  return layers[layer].learning_rate.value_or(optimizer.learning_rate);
}

namespace {

// The rulebook: the experiment `doc` describes, and every problem with it ("/path: message").
Experiment read_experiment(const json& doc, const std::filesystem::path& base, std::vector<std::string>& errors) {
  Experiment e;
  if (!doc.is_object()) {
    errors.push_back("/: the experiment must be a JSON object");
    return e;
  }
  Reader root(&doc, "", errors);

  if (root.require("schema_version")) {
    const json* v = root.find("schema_version");
    if (!v->is_number_integer())
      root.error("schema_version", "must be the integer 1");
    else if (v->get<int>() > kSchemaVersion)
      root.error("schema_version", "is " + v->dump() + ", newer than this ffw understands (1); "
                                   "update ffw or write the experiment for schema 1");
    else if (v->get<int>() < 1)
      root.error("schema_version", "is " + v->dump() + ", must be 1");
  }
  e.name = root.string("name", e.name);
  // The name becomes the run directory's name under the runs folder (runs/<name>-<date>-<time>):
  // nothing in it may lead out of that folder or hide the run.
  if (e.name.empty() || e.name.size() > 100 || e.name.front() == '.' ||
      e.name.find_first_of(std::string("/\\\0:*?\"<>|", 10)) != std::string::npos ||
      std::any_of(e.name.begin(), e.name.end(), [](unsigned char ch) { return ch < 0x20 || ch == 0x7f; }))
    root.error("name", "is \"" + e.name.substr(0, 100) + "\": it names the run's directory, so it must be 1 to 100 "
                       "characters, not start with a dot, and hold no / \\ : * ? \" < > | or control characters");
  e.description = root.string("description", "");

  {
    Reader d = root.object("data", true);
    e.data.format = d.choice("format", e.data.format, kFormats);
    if (d.raw() && d.require("path")) {
      std::filesystem::path p = d.string("path", "");
      e.data.path = p.is_relative() && !base.empty() ? base / p : p;
    }
    e.data.scaling = d.choice("scaling", e.data.scaling, kScalings);
    e.data.validation_fraction = d.number("validation_fraction", 0.0, 0.0, 0.9);
    e.data.classes = d.integer("classes", 10, 2, 255);
    e.data.limit_train = d.integer("limit_train", 0, 0);
    e.data.limit_test = d.integer("limit_test", 0, 0);
    d.each("class_names", "must be an array with the name of each class, e.g. [\"cat\", \"dog\"]",
           [&](const json& n, const std::string& at) {
             if (!n.is_string() || n.get<std::string>().empty() || n.get<std::string>().size() > 40)
               errors.push_back(at + ": must be a name of 1 to 40 characters");
             else
               e.data.class_names.push_back(n.get<std::string>());
           });
    if (!e.data.class_names.empty()) {
      const int classes = class_count(e.data);
      if (e.data.class_names.size() != static_cast<std::size_t>(classes))
        errors.push_back(d.at("class_names") + ": has " + std::to_string(e.data.class_names.size()) + " names for the " +
                         std::to_string(classes) + " classes");
    }
    d.reject_unknown();
  }
  {
    Reader n = root.object("network", true);
    const json* layers = n.find("layers");
    if (!layers) {
      if (n.raw()) n.error("layers", "is required");
    } else if (!layers->is_array() || layers->empty()) {
      n.error("layers", "must be a non-empty array of layer objects");
    } else {
      for (std::size_t i = 0; i < layers->size(); ++i) {
        const std::string path = n.at("layers") + "/" + std::to_string(i);
        if (!(*layers)[i].is_object()) {
          errors.push_back(path + ": must be an object with at least \"width\"");
          continue;
        }
        Reader l(&(*layers)[i], path, errors);
        LayerSpec s;
        if (l.require("width")) s.width = l.integer("width", 0, 1, 1 << 16);
        s.threshold = l.optional_number("threshold", 0, 1e9);
        s.learning_rate = l.optional_number("learning_rate", 0, 10);
        l.reject_unknown();
        e.layers.push_back(s);
      }
    }
    e.goodness = n.choice("goodness", e.goodness, kGoodness);
    e.peer_normalization = n.number("peer_normalization", 0.0, 0.0, 10.0);
    n.reject_unknown();
  }
  {
    Reader a = root.object("algorithm", true);
    e.variant = a.choice("variant", e.variant, kVariants);
    e.negatives = a.choice("negatives", e.negatives, kNegatives);
    e.adaptive_choice = a.choice("adaptive_choice", e.adaptive_choice, kAdaptive);
    if (a.find("adaptive_from")) e.adaptive_from = a.choice("adaptive_from", AdaptiveFrom::Goodness, kAdaptiveFrom);
    e.classifier = a.choice("classifier", e.classifier, kClassifiers);
    e.readout = a.choice("readout", e.readout, kReadouts);
    e.micro_batches = a.integer_or_auto("micro_batches", Experiment::kAutoMicroBatches, Experiment::kAutoMicroBatches, 0, 1 << 20);
    e.exchange_every = a.integer("exchange_every", 0, 0, 1 << 30);
    e.send_optimizer_state = a.boolean("send_optimizer_state", false);
    e.wire_precision = a.choice("wire_precision", e.wire_precision, kPrecisions);
    a.reject_unknown();
    if (a.raw()) {
      const bool local_heads = e.classifier == Classifier::LocalHeads;
      if (e.is_backprop()) {
        if (e.negatives != Negatives::None && a.find("negatives") != nullptr)
          a.error("negatives", "must be \"none\" (or left out) for the backprop variant");
        if (e.classifier != Classifier::Softmax && a.find("classifier") != nullptr)
          a.error("classifier", "must be \"softmax\" for the backprop variant (it has a softmax output)");
        e.negatives = Negatives::None;
        e.classifier = Classifier::Softmax;
      } else if (local_heads && e.negatives != Negatives::None) {
        a.error("negatives", "must be \"none\" with classifier \"local-heads\": local heads use no negative data");
      } else if (!local_heads && e.negatives == Negatives::None) {
        a.error("negatives", "\"none\" needs classifier \"local-heads\"; FF goodness needs negative data");
      }
      if (e.adaptive_from == AdaptiveFrom::Softmax && e.classifier != Classifier::Softmax)
        a.error("adaptive_from", "\"softmax\" needs classifier \"softmax\" (the head whose prediction picks the negative)");
    }
  }
  {
    Reader t = root.object("training", true);
    e.epochs = t.integer("epochs", e.epochs, 1, 100000);
    e.chapters = t.integer("chapters", e.chapters, 1, 100000);
    e.batch_size = t.integer("batch_size", e.batch_size, 1, 1 << 20);
    e.seed = static_cast<std::uint64_t>(t.number("seed", 1, 0, 9.007199254740992e15, true));
    if (t.find("optimizer")) e.optimizer = read_optimizer(t.object("optimizer"), e.optimizer);
    e.head_optimizer = e.optimizer;
    if (t.find("head_optimizer")) e.head_optimizer = read_optimizer(t.object("head_optimizer"), e.head_optimizer);
    e.cooldown = t.boolean("cooldown", e.cooldown);
    e.interleave = t.choice("interleave", e.interleave, kInterleave);
    e.metrics_every = t.integer("metrics_every", 0, 0);
    e.threads = t.integer("threads", 0, 0, 1024);
    e.evaluate_every_chapters = t.integer("evaluate_every_chapters", 1, 0, 1 << 20);
    const std::string evaluation = t.string("evaluation", "inline");
    if (evaluation != "inline" && evaluation != "deferred")
      t.error("evaluation", "is \"" + evaluation + "\", must be \"inline\" or \"deferred\"");
    e.deferred_evaluation = evaluation == "deferred";
    e.gemm = t.choice("gemm", e.gemm, kGemm);
    e.precision = t.choice("precision", e.precision, kPrecisions);
    e.checkpoints = t.boolean("checkpoints", true);
    e.input_cache_mb = t.integer("input_cache_mb", 512, 0, 1 << 20);
    t.reject_unknown();
    if (t.raw() && e.precision == gemm::Precision::Bf16 && e.gemm == gemm::Backend::OpenBlas)
      t.error("precision", "is \"bf16\", which only oneDNN multiplies; set training.gemm to \"onednn\" or \"auto\"");
    if (t.raw() && e.chapters > e.epochs)
      t.error("chapters", "is " + std::to_string(e.chapters) + ", more than training.epochs (" +
                              std::to_string(e.epochs) + ")");
    else if (t.raw() && e.epochs % e.chapters != 0)
      t.error("chapters", "is " + std::to_string(e.chapters) + ", which does not divide training.epochs (" +
                              std::to_string(e.epochs) + ") into whole epochs per chapter");
  }
  {
    Reader c = root.object("cluster");
    e.launcher = c.choice("launcher", e.launcher, kLaunchers);
    e.nodes = c.integer("nodes", 1, 1, 4096);
    const std::string hostfile = c.string("hostfile", "");
    if (!hostfile.empty()) {
      std::filesystem::path p = hostfile;
      e.hostfile = p.is_relative() && !base.empty() ? base / p : p;
    }
    c.each("slowdown", "must be an array of factors >= 1, one per node", [&](const json& f, const std::string& at) {
      if (!f.is_number() || f.get<double>() < 1.0 || f.get<double>() > 100.0)
        errors.push_back(at + ": must be a factor between 1 and 100");
      else
        e.slowdown.push_back(f.get<double>());
    });
    c.each("stage_nodes", "must be an array with the node of each stage, e.g. [0, 0, 1, 1, 1]",
           [&](const json& n, const std::string& at) {
             if (!n.is_number_integer() || n.get<long long>() < 0 || n.get<long long>() >= 4096)
               errors.push_back(at + ": must be a node number (0, 1, ...)");
             else
               e.stage_nodes.push_back(n.get<int>());
           });
    c.each("chapter_nodes", "must be an array with the node of each chapter, e.g. [0, 1, 0, 0, 1]",
           [&](const json& n, const std::string& at) {
             if (!n.is_number_integer() || n.get<long long>() < 0 || n.get<long long>() >= 4096)
               errors.push_back(at + ": must be a node number (0, 1, ...)");
             else
               e.chapter_nodes.push_back(n.get<int>());
           });
    c.each("batch_shares", "must be an array with each node's share of a batch, e.g. [67, 33]",
           [&](const json& n, const std::string& at) {
             if (!n.is_number_integer() || n.get<long long>() < 1 || n.get<long long>() > 1'000'000)
               errors.push_back(at + ": must be a whole number from 1 to 1000000");
             else
               e.batch_shares.push_back(n.get<int>());
           });
    e.placement = c.choice("placement", e.placement, kPlacements);
    e.heartbeat_timeout_s = c.number("heartbeat_timeout_s", 0.0, 0.5, 3600.0);
    e.on_node_failure = c.choice("on_node_failure", e.on_node_failure, kOnNodeFailure);
    c.each("lost_nodes", "must be an array of the nodes an elastic ring lost, e.g. [2]",
           [&](const json& n, const std::string& at) {
             if (!n.is_number_integer() || n.get<long long>() < 0 || n.get<long long>() >= 4096)
               errors.push_back(at + ": must be a node number (0, 1, ...)");
             else
               e.lost_nodes.push_back(n.get<int>());
           });
    e.data_source = c.choice("data_source", e.data_source, kDataSources);
    e.shards = c.choice("shards", e.shards, kShards);
    {
      Reader l = c.object("lab");
      e.lab.hosts = l.integer("hosts", 0, 1, 64);
      if (const json* b = l.find("bandwidth_mbit")) {
        const std::string at = l.at("bandwidth_mbit");
        auto take = [&](const json& v, const std::string& where) {
          if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 100000)
            errors.push_back(where + ": must be a bandwidth in Mbit/s between 0.1 and 100000 (0: unshaped)");
          else if (v.get<double>() > 0 && v.get<double>() < 0.1)
            errors.push_back(where + ": is below 0.1 Mbit/s, which tc cannot shape");
          else
            e.lab.bandwidth_mbit.push_back(v.get<double>());
        };
        if (b->is_array()) {
          for (std::size_t i = 0; i < b->size(); ++i) take((*b)[i], at + "/" + std::to_string(i));
          if (b->empty()) errors.push_back(at + ": is empty; give one bandwidth for every link or one per host");
        } else {
          take(*b, at);
        }
      }
      for (const char* latency : {"latency_ms", "latency_us", "latency", "delay_ms"})
        if (l.find(latency))
          l.error(latency, "cannot be emulated: this kernel has no netem qdisc, so the lab shapes bandwidth only "
                           "(docs/cluster.md, \"The network lab\")");
      l.reject_unknown();
      if (l.raw() && e.launcher != Launcher::Lab)
        c.error("lab", "applies to the \"lab\" launcher only; cluster.launcher is \"" + name_of(kLaunchers, e.launcher) + "\"");
      if (e.launcher == Launcher::Lab) {
        const int hosts = e.lab.host_count(e.nodes);
        if (hosts > e.nodes)
          l.error("hosts", "is " + std::to_string(hosts) + ", more than the " + std::to_string(e.nodes) +
                               " nodes: a host without a node has nothing to run");
        if (e.lab.bandwidth_mbit.size() > 1 && e.lab.bandwidth_mbit.size() != static_cast<std::size_t>(hosts))
          l.error("bandwidth_mbit", "has " + std::to_string(e.lab.bandwidth_mbit.size()) + " entries for " +
                                        std::to_string(hosts) + " hosts; give one for every link or one per host");
      }
    }
    c.reject_unknown();
    // The launcher and node rules hold for the defaults too: a document without a cluster section
    // runs in process, on one node (fuzz_experiment found a gpipe-bp one that passed, then failed
    // once written back with its defaults).
    {
      if ((e.variant == Variant::Sequential || e.variant == Variant::Bp) && e.nodes != 1)
        c.error("nodes", "is " + std::to_string(e.nodes) + "; the " + to_string(e.variant) + " variant runs on 1 node");
      if (e.variant == Variant::SingleLayer && !e.layers.empty() && e.nodes > static_cast<int>(e.pipeline_stages()))
        c.error("nodes", "is " + std::to_string(e.nodes) + ", more than the " + std::to_string(e.pipeline_stages()) +
                             " stages Single-Layer PFF can give one node each");
      if ((e.variant == Variant::AllLayers || e.variant == Variant::Federated) && e.nodes > e.chapters)
        c.error("nodes", "is " + std::to_string(e.nodes) + ", more than training.chapters (" +
                             std::to_string(e.chapters) + "): some nodes would never train");
      if (e.variant == Variant::GpipeBp && !e.layers.empty() && e.nodes > static_cast<int>(e.layers.size()) + 1)
        c.error("nodes", "is " + std::to_string(e.nodes) + ", more than the " + std::to_string(e.layers.size() + 1) +
                             " layers (hidden and output) GPipe can give one stage each");
      if (e.variant == Variant::GpipeBp && e.micro_batch_count() > e.batch_size)
        errors.push_back("/algorithm/micro_batches: is " + std::to_string(e.micro_batch_count()) +
                         ", more than training.batch_size (" + std::to_string(e.batch_size) + ")");
      if (e.micro_batches > 0 && e.variant != Variant::GpipeBp)
        errors.push_back("/algorithm/micro_batches: applies to the \"gpipe-bp\" variant only");
      if (e.exchange_every > 0 && e.variant != Variant::SingleLayer)
        errors.push_back("/algorithm/exchange_every: applies to \"single-layer\" only; the ring variants exchange "
                         "once per chapter, so set training.chapters to exchange more often");
      if (e.send_optimizer_state && e.variant != Variant::AllLayers && e.variant != Variant::Federated)
        errors.push_back("/algorithm/send_optimizer_state: applies to \"all-layers\" and \"federated\" only, where a "
                         "layer moves from node to node; in " + to_string(e.variant) + " none does");
      if (e.wire_precision == gemm::Precision::Bf16 && e.variant != Variant::AllLayers &&
          e.variant != Variant::Federated && e.variant != Variant::SingleLayer)
        errors.push_back("/algorithm/wire_precision: \"bf16\" applies to the variants that send weights (\"all-layers\", "
                         "\"federated\", \"single-layer\"); " + to_string(e.variant) + " sends none");
      if (e.variant == Variant::Federated && e.data_source == DataSource::Rank0)
        c.error("data_source", "is \"rank0\", but federated nodes keep their own data; use \"local\"");
      if (e.slowdown.size() > static_cast<std::size_t>(e.nodes))
        c.error("slowdown", "has " + std::to_string(e.slowdown.size()) + " factors for " + std::to_string(e.nodes) + " nodes");
      if (!e.stage_nodes.empty()) {
        const std::string at = c.at("stage_nodes");
        const std::size_t stages = e.pipeline_stages();
        if (stages == 0) {
          errors.push_back(at + ": applies to \"single-layer\" and \"gpipe-bp\" only; " + to_string(e.variant) +
                           " places layers by its own rule");
        } else if (e.stage_nodes.size() != stages) {
          errors.push_back(at + ": has " + std::to_string(e.stage_nodes.size()) + " entries for the " +
                           std::to_string(stages) + " stages (" +
                           (e.variant == Variant::GpipeBp ? "hidden layers and the output layer" : "layers and the softmax head") + ")");
        } else {
          // Data flow through the nodes in order: each node owns one run of consecutive stages.
          for (std::size_t i = 0; i < stages; ++i) {
            const int prev = i == 0 ? 0 : e.stage_nodes[i - 1], n = e.stage_nodes[i];
            if (n >= e.nodes)
              errors.push_back(at + "/" + std::to_string(i) + ": is node " + std::to_string(n) + " of " + std::to_string(e.nodes));
            else if (n < prev || n > prev + 1 || (i == 0 && n != 0))
              errors.push_back(at + "/" + std::to_string(i) + ": is node " + std::to_string(n) + " after node " +
                               std::to_string(prev) + "; stages go to nodes in order, each node a run of consecutive stages "
                               "starting at node 0");
          }
          if (e.stage_nodes.back() != e.nodes - 1 && e.stage_nodes.back() < e.nodes)
            errors.push_back(at + ": leaves node " + std::to_string(e.stage_nodes.back() + 1) + " without a stage");
        }
      }
      if (!e.chapter_nodes.empty()) {
        const std::string at = c.at("chapter_nodes");
        if (!e.chapters_placed()) {
          errors.push_back(at + ": applies to \"all-layers\" and \"federated\" only; " + to_string(e.variant) +
                           " does not hand chapters from node to node");
        } else if (e.chapter_nodes.size() != static_cast<std::size_t>(e.chapters)) {
          errors.push_back(at + ": has " + std::to_string(e.chapter_nodes.size()) + " entries for the " +
                           std::to_string(e.chapters) + " chapters");
        } else {
          std::vector<int> taken(static_cast<std::size_t>(std::max(e.nodes, 1)), 0);
          for (std::size_t k = 0; k < e.chapter_nodes.size(); ++k) {
            const int n = e.chapter_nodes[k];
            if (n >= e.nodes)
              errors.push_back(at + "/" + std::to_string(k) + ": is node " + std::to_string(n) + " of " + std::to_string(e.nodes));
            else
              ++taken[static_cast<std::size_t>(n)];
          }
          for (std::size_t n = 0; n < taken.size(); ++n)
            if (taken[n] == 0 && std::find(e.lost_nodes.begin(), e.lost_nodes.end(), static_cast<int>(n)) == e.lost_nodes.end())
              errors.push_back(at + ": leaves node " + std::to_string(n) + " without a chapter; use fewer nodes");
        }
      }
      if (!e.batch_shares.empty()) {
        const std::string at = c.at("batch_shares");
        if (e.variant != Variant::DataParallelBp) {
          errors.push_back(at + ": applies to \"data-parallel-bp\" only; " + to_string(e.variant) + " does not split batches");
        } else if (e.batch_shares.size() != static_cast<std::size_t>(e.nodes)) {
          errors.push_back(at + ": has " + std::to_string(e.batch_shares.size()) + " shares for " + std::to_string(e.nodes) + " nodes");
        } else {
          // Every node at least one sample of a full batch, split as the trainer splits it.
          for (int n = 0; n < e.nodes; ++n) {
            const auto [from, to] = batch_part(e, n, e.batch_size);
            if (to - from < 1)
              errors.push_back(at + "/" + std::to_string(n) + ": gives node " + std::to_string(n) + " no sample of a batch of " +
                               std::to_string(e.batch_size) + "; give it a larger share");
          }
        }
      }
      if (e.placement == Placement::Auto && e.pipeline_stages() == 0 && !e.chapters_placed() &&
          e.variant != Variant::DataParallelBp && e.nodes > 1)
        c.error("placement", "\"auto\" places the stages of \"single-layer\" and \"gpipe-bp\", the chapters of "
                             "\"all-layers\" and \"federated\" and the batch shares of \"data-parallel-bp\"; " +
                             to_string(e.variant) + " has no placement to choose");
      if (e.launcher == Launcher::Lab && !e.hostfile.empty())
        c.error("hostfile", "is set, but the \"lab\" launcher makes its own hosts; use \"mpi\" for a hostfile");
      if (e.launcher == Launcher::InProcess && e.nodes != 1)
        c.error("launcher", "is \"in-process\", which runs 1 node; use \"mpi\" (or \"local\") for " +
                                std::to_string(e.nodes) + " nodes");
      else if (e.launcher == Launcher::InProcess && e.variant != Variant::Sequential && e.variant != Variant::Bp)
        c.error("launcher", "is \"in-process\", which runs sequential and bp only; \"" + to_string(e.variant) +
                                "\" needs \"local\" or \"mpi\"");
      if (e.launcher == Launcher::Local && !e.hostfile.empty())
        c.error("hostfile", "is set, but local workers run on this machine only; use \"mpi\" for hosts");
      if (e.on_node_failure == OnNodeFailure::Continue) {
        if (!e.chapters_placed())
          c.error("on_node_failure", "is \"continue\", which only the ring variants (\"all-layers\", \"federated\") can "
                                     "do; " + to_string(e.variant) + " stops when a node is lost");
        else if (e.launcher == Launcher::Mpi || e.launcher == Launcher::Lab)
          c.error("on_node_failure", "is \"continue\", but Open MPI 4.1 cannot shrink a job (no ULFM, no "
                                     "MPI_Comm_shrink), so a run on the \"" + name_of(kLaunchers, e.launcher) +
                                     "\" launcher stops when a node is lost; use \"local\" workers or \"stop\"");
        else if (e.nodes < 2)
          c.error("on_node_failure", "is \"continue\", but a run of 1 node has no node to continue on");
        else if (e.nodes > 64)
          c.error("on_node_failure", "is \"continue\", which supports up to 64 nodes");
      }
      if (!e.lost_nodes.empty()) {
        const std::string at = c.at("lost_nodes");
        if (e.on_node_failure != OnNodeFailure::Continue)
          errors.push_back(at + ": is set only by an elastic ring (cluster.on_node_failure \"continue\")");
        for (std::size_t k = 0; k < e.lost_nodes.size(); ++k)
          if (e.lost_nodes[k] >= e.nodes)
            errors.push_back(at + "/" + std::to_string(k) + ": is node " + std::to_string(e.lost_nodes[k]) + " of " + std::to_string(e.nodes));
        if (e.lost_nodes.size() >= static_cast<std::size_t>(e.nodes))
          errors.push_back(at + ": leaves no node to train on");
      }
    }
  }
  root.reject_unknown();
  e.data.seed = e.seed;
  return e;
}

}  // namespace

std::vector<ExperimentProblem> experiment_problems(const json& doc, const std::filesystem::path& base, bool files_here) {
  std::vector<std::string> errors;
  const Experiment e = read_experiment(doc, base, errors);
  std::vector<ExperimentProblem> warnings;
  if (files_here && errors.empty()) {
    std::error_code ec;
    // Ranks on the hostfile's hosts read their own copy: only they need it (ffw doctor checks them).
    const bool elsewhere = e.launcher == Launcher::Mpi && !e.hostfile.empty() && e.data_source == DataSource::Local;
    if (!std::filesystem::is_directory(e.data.path, ec)) {
      if (elsewhere)
        warnings.push_back({"/data/path", e.data.path.string() + " is not a directory on this machine; every host of the hostfile needs it", Severity::Warning});
      else
        errors.push_back("/data/path: " + e.data.path.string() + " is not a directory on this machine");
    }
    // Nodes sharing cores compute the same weights but their times are not a cluster's.
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const bool on_this_machine = e.launcher == Launcher::Local || e.launcher == Launcher::Lab || e.launcher == Launcher::InProcess ||
                                 (e.launcher == Launcher::Mpi && e.hostfile.empty());
    const int threads = std::max(1, e.threads);
    if (on_this_machine && e.nodes * threads > cores)
      warnings.push_back({e.nodes > cores ? "/cluster/nodes" : "/training/threads",
                          std::to_string(e.nodes) + " nodes x " + std::to_string(threads) + (threads == 1 ? " thread" : " threads") + " on this machine's " +
                              std::to_string(cores) + " cores: they share cores, so the run's times are not a cluster's "
                              "(its accuracy and weights are)", Severity::Warning});
    if (!e.hostfile.empty() && !std::filesystem::is_regular_file(e.hostfile, ec)) {
      errors.push_back("/cluster/hostfile: " + e.hostfile.string() + " does not exist");
    } else if (!e.hostfile.empty()) {
      try {
        read_hostfile(e.hostfile);
      } catch (const Error& x) {
        errors.push_back(std::string("/cluster/hostfile: ") + x.what());
      }
    }
  }
  std::vector<ExperimentProblem> out;
  for (const auto& err : errors) {
    // Every rule writes "/path: message"; a message without a path is about the whole document.
    const auto colon = err.find(": ");
    if (!err.empty() && err.front() == '/' && colon != std::string::npos)
      out.push_back({err.substr(0, colon), err.substr(colon + 2)});
    else
      out.push_back({"", err});
  }
  out.insert(out.end(), warnings.begin(), warnings.end());
  return out;
}

bool has_errors(const std::vector<ExperimentProblem>& problems) {
  return std::any_of(problems.begin(), problems.end(), [](const ExperimentProblem& p) { return p.severity == Severity::Error; });
}

Experiment parse_experiment(const json& doc, const std::filesystem::path& base) {
  std::vector<std::string> errors;
  Experiment e = read_experiment(doc, base, errors);
  if (!errors.empty()) {
    std::string msg = std::to_string(errors.size()) + (errors.size() == 1 ? " problem" : " problems") +
                      " in the experiment:";
    for (const auto& err : errors) msg += "\n  " + err;
    throw Error(ErrorKind::Experiment, msg);
  }
  return e;
}

Experiment load_experiment(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw Error(ErrorKind::Io, file.string() + ": cannot be opened");
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::parse_error& ex) {
    std::string what = ex.what();
    if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
    throw Error(ErrorKind::Experiment, file.string() + ": is not valid JSON (" + what + ")");
  }
  try {
    return parse_experiment(doc, file.parent_path());
  } catch (const Error& ex) {
    throw Error(ex.kind(), file.string() + ": " + ex.what());
  }
}

json to_json(const Experiment& e) {
  json layers = json::array();
  for (const auto& l : e.layers) {
    json j = {{"width", l.width}};
    if (l.threshold) j["threshold"] = *l.threshold;
    if (l.learning_rate) j["learning_rate"] = *l.learning_rate;
    layers.push_back(j);
  }
  json out = {
      {"schema_version", e.schema_version},
      {"name", e.name},
      {"description", e.description},
      {"data",
       {{"format", name_of(kFormats, e.data.format)},
        {"path", e.data.path.string()},
        {"scaling", name_of(kScalings, e.data.scaling)},
        {"validation_fraction", e.data.validation_fraction},
        {"classes", e.data.classes},
        {"limit_train", e.data.limit_train},
        {"limit_test", e.data.limit_test}}},
      {"network",
       {{"layers", layers},
        {"goodness", name_of(kGoodness, e.goodness)},
        {"peer_normalization", e.peer_normalization}}},
      {"algorithm",
       {{"variant", name_of(kVariants, e.variant)},
        {"negatives", name_of(kNegatives, e.negatives)},
        {"adaptive_choice", name_of(kAdaptive, e.adaptive_choice)},
        {"adaptive_from", name_of(kAdaptiveFrom, e.adaptive_source())},
        {"classifier", name_of(kClassifiers, e.classifier)},
        {"readout", name_of(kReadouts, e.readout)},
        {"micro_batches", e.micro_batches == Experiment::kAutoMicroBatches ? json("auto") : json(e.micro_batches)},
        {"exchange_every", e.exchange_every},
        {"send_optimizer_state", e.send_optimizer_state},
        {"wire_precision", name_of(kPrecisions, e.wire_precision)}}},
      {"training",
       {{"epochs", e.epochs},
        {"chapters", e.chapters},
        {"batch_size", e.batch_size},
        {"seed", e.seed},
        {"optimizer", optimizer_json(e.optimizer)},
        {"head_optimizer", optimizer_json(e.head_optimizer)},
        {"cooldown", e.cooldown},
        {"interleave", name_of(kInterleave, e.interleave)},
        {"metrics_every", e.metrics_every},
        {"threads", e.threads},
        {"evaluate_every_chapters", e.evaluate_every_chapters},
        {"evaluation", e.deferred_evaluation ? "deferred" : "inline"},
        {"gemm", name_of(kGemm, e.gemm)},
        {"precision", name_of(kPrecisions, e.precision)},
        {"checkpoints", e.checkpoints},
        {"input_cache_mb", e.input_cache_mb}}},
      {"cluster",
       {{"launcher", name_of(kLaunchers, e.launcher)},
        {"nodes", e.nodes},
        {"hostfile", e.hostfile.string()},
        {"slowdown", e.slowdown},
        {"stage_nodes", e.stage_nodes},
        {"chapter_nodes", e.chapter_nodes},
        {"batch_shares", e.batch_shares},
        {"placement", name_of(kPlacements, e.placement)},
        {"data_source", name_of(kDataSources, e.data_source)},
        {"shards", name_of(kShards, e.shards)}}},
  };
  if (e.launcher == Launcher::Lab) {
    json bandwidth = e.lab.bandwidth_mbit.empty() ? json(1000.0)
                     : e.lab.bandwidth_mbit.size() == 1 ? json(e.lab.bandwidth_mbit.front())
                                                       : json(e.lab.bandwidth_mbit);
    out["cluster"]["lab"] = {{"hosts", e.lab.host_count(e.nodes)}, {"bandwidth_mbit", bandwidth}};
  }
  if (e.heartbeat_timeout_s > 0) out["cluster"]["heartbeat_timeout_s"] = e.heartbeat_timeout_s;
  if (!e.data.class_names.empty()) out["data"]["class_names"] = e.data.class_names;
  if (e.on_node_failure != OnNodeFailure::Stop) out["cluster"]["on_node_failure"] = name_of(kOnNodeFailure, e.on_node_failure);
  if (!e.lost_nodes.empty()) out["cluster"]["lost_nodes"] = e.lost_nodes;
  return out;
}

std::size_t Experiment::pipeline_stages() const {
  if (variant == Variant::SingleLayer) return layers.size() + (classifier == Classifier::Softmax ? 1 : 0);
  if (variant == Variant::GpipeBp) return layers.size() + 1;
  return 0;
}

std::optional<Variant> variant_from_string(const std::string& s) {
  for (const auto& [name, v] : kVariants)
    if (s == name) return v;
  return std::nullopt;
}

std::string to_string(Variant v) { return name_of(kVariants, v); }

std::string network_description(const Experiment& e) {
  auto mbit = [](double b) {
    if (b == 0) return std::string("unshaped");
    std::ostringstream s;
    s << b << " Mbit/s";
    return s.str();
  };
  switch (e.launcher) {
    case Launcher::InProcess: return "one process";
    case Launcher::Local: return "shared memory";
    case Launcher::Mpi: return e.hostfile.empty() ? "MPI, this machine" : "MPI, hostfile " + e.hostfile.filename().string();
    case Launcher::Lab: {
      const int hosts = e.lab.host_count(e.nodes);
      std::string links = mbit(e.lab.bandwidth_of(0));
      for (int h = 1; h < hosts; ++h)
        if (e.lab.bandwidth_of(h) != e.lab.bandwidth_of(0)) {
          links.clear();
          for (int k = 0; k < hosts; ++k) links += (k ? " / " : "") + mbit(e.lab.bandwidth_of(k));
          break;
        }
      return "lab: " + std::to_string(hosts) + (hosts == 1 ? " host, " : " hosts, ") + links;
    }
  }
  return "";
}
std::string to_string(Negatives n) { return name_of(kNegatives, n); }
std::string to_string(Classifier c) { return name_of(kClassifiers, c); }
std::string to_string(DataFormat f) { return name_of(kFormats, f); }
std::string to_string(Scaling s) { return name_of(kScalings, s); }
std::string to_string(const std::optional<gemm::Backend>& b) { return name_of(kGemm, b); }
std::optional<DataFormat> data_format_from_string(const std::string& s) {
  for (const auto& [n, v] : kFormats)
    if (s == n) return v;
  return std::nullopt;
}

}  // namespace ffw
