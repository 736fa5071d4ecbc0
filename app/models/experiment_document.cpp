#include "app/models/experiment_document.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUndoCommand>
#include <algorithm>

#include "core/error.h"
#include "core/experiment.h"

namespace ffw {
namespace app {

using nlohmann::json;

class DocumentEdit : public QUndoCommand {
public:
  DocumentEdit(ExperimentDocument* document, json before, json after, const QString& what, std::string pointer)
      : QUndoCommand(what), d_(document), before_(std::move(before)), after_(std::move(after)), pointer_(std::move(pointer)) {}
  void undo() override { d_->apply(before_); }
  void redo() override { d_->apply(after_); }
  int id() const override { return 1; }
  // Typing into one field is one undo step, not one per keystroke.
  bool mergeWith(const QUndoCommand* other) override {
    const auto* o = static_cast<const DocumentEdit*>(other);
    if (pointer_.empty() || o->pointer_ != pointer_) return false;
    after_ = o->after_;
    return true;
  }

private:
  ExperimentDocument* d_;
  json before_, after_;
  std::string pointer_;
};

ExperimentDocument::ExperimentDocument(QObject* parent) : QObject(parent), doc_(json::object()) {}

json ExperimentDocument::value(const std::string& pointer, const json& fallback) const {
  const json::json_pointer p(pointer);
  return doc_.contains(p) ? doc_.at(p) : fallback;
}

void ExperimentDocument::apply(const json& doc) {
  doc_ = doc;
  emit changed();
}

void ExperimentDocument::set(const std::string& pointer, const json& value, const QString& what) {
  json after = doc_;
  const json::json_pointer p(pointer);
  if (value.is_null()) {
    if (!after.contains(p)) return;
    after.at(p.parent_pointer()).erase(p.back());
  } else {
    if (after.contains(p) && after.at(p) == value) return;
    after[p] = value;
  }
  undo_.push(new DocumentEdit(this, doc_, after, what.isEmpty() ? QString::fromStdString(pointer) : what, pointer));
}

void ExperimentDocument::replace(const json& doc, const QString& what, bool record) {
  if (record) {
    undo_.push(new DocumentEdit(this, doc_, doc, what, {}));
  } else {
    undo_.clear();
    apply(doc);
  }
}

bool ExperimentDocument::load(const QString& file, QString* error) {
  QFile f(file);
  if (!f.open(QIODevice::ReadOnly)) {
    if (error) *error = tr("%1 cannot be opened").arg(file);
    return false;
  }
  json doc = json::parse(f.readAll().toStdString(), nullptr, false);
  if (!doc.is_object()) {
    if (error) *error = tr("%1 is not a JSON object").arg(file);
    return false;
  }
  // Relative data paths are resolved as ffw would, so a saved copy elsewhere still finds its data.
  if (doc.contains("data") && doc["data"].is_object() && doc["data"].value("path", std::string()).size() &&
      doc["data"]["path"].get<std::string>()[0] != '/')
    doc["data"]["path"] = QFileInfo(file).dir().filePath(QString::fromStdString(doc["data"]["path"].get<std::string>())).toStdString();
  file_ = file;
  replace(doc, {}, false);
  undo_.setClean();
  return true;
}

bool ExperimentDocument::save(const QString& file, QString* error) {
  QFile f(file);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(QByteArray::fromStdString(doc_.dump(2) + "\n")) <= 0) {
    if (error) *error = tr("%1 cannot be written").arg(file);
    return false;
  }
  file_ = file;
  undo_.setClean();
  return true;
}

std::vector<Problem> ExperimentDocument::problems() const {
  std::vector<Problem> out;
  // Core's rulebook with this machine's files, as `ffw validate` uses it; relative paths from the file's folder.
  const std::filesystem::path base = file_.isEmpty() ? std::filesystem::path() : std::filesystem::path(QFileInfo(file_).absolutePath().toStdString());
  for (const ExperimentProblem& p : experiment_problems(doc_, base, true))
    out.push_back({QString::fromStdString(p.path), QString::fromStdString(p.message), p.severity == Severity::Warning});
  return out;
}

bool has_errors(const std::vector<Problem>& problems) {
  return std::any_of(problems.begin(), problems.end(), [](const Problem& p) { return !p.warning; });
}

}  // namespace app
}  // namespace ffw
