// Exports and the meeting report, checked as a reader would: the PNG decodes and is not blank,
// the SVG parses and has its viewBox, the PDF has the expected pages, its text extracts and every
// font is embedded (poppler-utils), the CSV holds every point at full resolution; the Japanese
// report draws Japanese text with an embedded Japanese font. Also through `ffw export/report`.
#include <QImage>
#include <fstream>
#include <QProcess>
#include <QSet>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

#include "app/models/run_store.h"
#include "app/views/export.h"
#include "app/views/meeting_report.h"
#include "app/views/sweep_report.h"
#include "app/models/plan_table_model.h"
#include "run_fixture.h"
#include "synthetic.h"

using namespace ffw;
using namespace ffw::app;

namespace {

// pdffonts' table: true when every font's "emb" column says yes.
bool all_fonts_embedded(const QString& table) {
  const QStringList lines = table.split('\n', Qt::SkipEmptyParts);
  if (lines.size() < 3) return false;
  for (int i = 2; i < lines.size(); ++i) {
    const QStringList f = lines[i].split(' ', Qt::SkipEmptyParts);
    if (f.size() < 6 || f[f.size() - 5] != QLatin1String("yes")) return false;
  }
  return true;
}

QString run_tool(const QString& program, const QStringList& args) {
  QProcess p;
  p.start(program, args);
  p.waitForFinished(60000);
  return QString::fromUtf8(p.readAllStandardOutput());
}

int distinct_colours(const QImage& image) {
  QSet<QRgb> colours;
  for (int y = 0; y < image.height(); y += 3)
    for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y));
  return colours.size();
}

}  // namespace

class TestExport : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;
  RunStore run_;

private slots:
  void initTestCase() {
    test::write_fixture_run(tmp_.filePath("run"), 400);
    QVERIFY(run_.open(tmp_.filePath("run")));
  }

  void everyChartToPngIsDrawn() {
    for (ChartKind kind : kAllCharts) {
      const QString file = tmp_.filePath(chart_id(kind) + ".png");
      QString error;
      QVERIFY2(export_chart(run_, kind, ExportFormat::Png, file, &error, QSize(800, 500)), qPrintable(error));
      QImage image(file);
      QVERIFY(!image.isNull());
      QCOMPARE(image.size(), QSize(1600, 1000));  // 2x device-pixel ratio
      QVERIFY2(distinct_colours(image) > 8, qPrintable(chart_id(kind)));  // not blank: axes, curves, text
    }
  }

  void svgParsesWithItsViewBox() {
    const QString file = tmp_.filePath("goodness.svg");
    QString error;
    QVERIFY(export_chart(run_, ChartKind::Goodness, ExportFormat::Svg, file, &error, QSize(800, 500)));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&f);
    bool view_box = false;
    int paths = 0;
    while (!xml.atEnd()) {
      xml.readNext();
      if (xml.isStartElement() && xml.name() == QLatin1String("svg")) view_box = xml.attributes().value("viewBox") == QLatin1String("0 0 800 500");
      if (xml.isStartElement() && (xml.name() == QLatin1String("path") || xml.name() == QLatin1String("polyline"))) ++paths;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(view_box);
    QVERIFY(paths > 4);
    QVERIFY(QSvgRenderer(file).isValid());
  }

  void csvHoldsEveryPoint() {
    const QString file = tmp_.filePath("loss.csv");
    QString error;
    QVERIFY(export_chart(run_, ChartKind::Loss, ExportFormat::Csv, file, &error));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.front(), QString("series,time_s,value"));
    QCOMPARE(lines.size(), 1 + 2 * 400);  // two layers, every point, no decimation
    QVERIFY(export_chart(run_, ChartKind::Timeline, ExportFormat::Csv, tmp_.filePath("t.csv"), &error));
  }

  void pdfChartIsVectorWithEmbeddedFonts() {
    const QString file = tmp_.filePath("accuracy.pdf");
    QString error;
    QVERIFY(export_chart(run_, ChartKind::Accuracy, ExportFormat::Pdf, file, &error));
    QVERIFY(run_tool("pdfinfo", {file}).contains(QRegularExpression("Pages:\\s+1")));
    QVERIFY(run_tool("pdftotext", {file, "-"}).contains("Test accuracy against wall time"));
    const QString fonts = run_tool("pdffonts", {file});
    QVERIFY2(all_fonts_embedded(fonts), qPrintable(fonts));
  }

  void reportInEnglish() {
    const QString file = tmp_.filePath("report-en.pdf");
    ReportOptions o;
    QString error;
    QVERIFY2(write_report(run_, &run_, o, file, &error), qPrintable(error));
    QVERIFY(run_tool("pdfinfo", {file}).contains(QRegularExpression("Pages:\\s+2")));
    const QString text = run_tool("pdftotext", {file, "-"});
    for (const char* expected : {"Meeting report: fixture", "Key figures", "Speed-up", "Utilisation timeline", "Experiment settings", "All-Layers PFF"})
      QVERIFY2(text.contains(expected), expected);
    QVERIFY(all_fonts_embedded(run_tool("pdffonts", {file})));
  }

  // The report's baseline rules: none (no speed-up, and a sentence saying how to get one), given
  // (--baseline), found (a matching Sequential FF run in the runs folder, named): the executive
  // summary compares with a real run only, never with the run itself. In Japanese, none of the
  // report's English words is left (pdftotext).
  void reportComparesWithARealBaselineOnly() {
    const QString runs = tmp_.filePath("report-rules");
    test::write_fixture_run(runs + "/pff", 20, 2);
    {  // node 1 waited a third of the time: the report says what the figures suggest
      std::ifstream in((runs + "/pff/summary.json").toStdString());
      nlohmann::json s = nlohmann::json::parse(in);
      s["nodes"][1]["idle_fraction"] = 0.35;
      std::ofstream((runs + "/pff/summary.json").toStdString()) << s.dump();
    }
    RunStore pff;
    QVERIFY(pff.open(runs + "/pff"));
    QString error;
    const QString none = runs + "/none.pdf";
    QVERIFY2(write_report(pff, nullptr, ReportOptions{}, none, &error), qPrintable(error));
    QString text = run_tool("pdftotext", {none, "-"});
    for (const char* expected : {"Summary", "All-Layers PFF on 2 nodes (shared memory) trained in 8.0 s to 81.00 % test accuracy",
                                 "No baseline run was given or found", "It moved", "Where the time went", "Recommendations",
                                 "Node 1 waited 35 % of the time, mostly while the ring fills and drains"})
      QVERIFY2(text.simplified().contains(expected), expected);
    QVERIFY(!text.contains("faster than") && !text.contains("1.00×"));
    // Predicted: no run to compare with, the planner's Sequential FF on one node, labelled as such,
    // with no accuracy comparison (the planner does not predict accuracy).
    ReportOptions predicted;
    predicted.predicted_baseline = predict_baseline(pff.experiment(), pff.summary(), test::flat_calibration(784, 400, 3));
    QVERIFY(predicted.predicted_baseline && predicted.predicted_baseline->seconds > 0);
    QVERIFY(predicted.predicted_baseline->run_error_known);
    QVERIFY2(write_report(pff, nullptr, predicted, runs + "/predicted.pdf", &error), qPrintable(error));
    text = run_tool("pdftotext", {runs + "/predicted.pdf", "-"}).simplified();
    for (const char* expected : {"The planner predicts Sequential FF on one node of this machine at", "a prediction from the costs measured in",
                                 "not a run", "the same costs predict this run within", "Against that prediction, this run was", "planner",
                                 "Speed-up (against a prediction)", "as the planner predicts it"})
      QVERIFY2(text.contains(expected), qPrintable(QString(expected) + " in " + text.left(1500)));
    QVERIFY(!text.contains("points lower accuracy") && !text.contains("points higher accuracy"));
    // A Sequential FF run on one node is the baseline kind itself: nothing is predicted for it.
    QVERIFY(!predict_baseline(test::fixture_experiment(1), pff.summary(), test::flat_calibration(784, 400, 3)));
    // Found: a finished Sequential FF run of the same network, data, epochs and machine, twice as long.
    test::write_fixture_run(runs + "/sequential", 20, 1);
    {
      std::ifstream in((runs + "/sequential/summary.json").toStdString());
      nlohmann::json s = nlohmann::json::parse(in);
      s["wall_seconds"] = 16.0;
      s["nodes"][0]["train_seconds"] = 16.0;
      s["test_accuracy"] = 0.815;
      std::ofstream((runs + "/sequential/summary.json").toStdString()) << s.dump();
    }
    QCOMPARE(find_baseline_run(pff).value_or(QString()), runs + "/sequential");
    const QString found = runs + "/found.pdf";
    QVERIFY(write_report(pff, nullptr, ReportOptions{}, found, &error));
    text = run_tool("pdftotext", {found, "-"}).simplified();
    QVERIFY2(text.contains("That is 2.00× faster than Sequential FF on one node (run sequential") &&
                 text.contains("at 0.50 points lower accuracy") && text.contains("found in the runs folder"),
             qPrintable(text.left(1500)));
    // Given: named as given; a run on another machine is never found.
    RunStore sequential;
    QVERIFY(sequential.open(runs + "/sequential"));
    QVERIFY(write_report(pff, &sequential, ReportOptions{}, runs + "/given.pdf", &error));
    QVERIFY(run_tool("pdftotext", {runs + "/given.pdf", "-"}).simplified().contains("the baseline (given)"));
    {
      std::ifstream in((runs + "/sequential/summary.json").toStdString());
      nlohmann::json s = nlohmann::json::parse(in);
      s["machine"]["cpu_model"] = "Another CPU";
      std::ofstream((runs + "/sequential/summary.json").toStdString()) << s.dump();
    }
    QVERIFY(!find_baseline_run(pff));
    // Japanese: none of the report's own English words.
    QTranslator translator;
    QVERIFY(translator.load(":/i18n/ffw_ja.qm"));
    QCoreApplication::installTranslator(&translator);
    ReportOptions ja;
    ja.language = "ja";
    QVERIFY(write_report(pff, &sequential, ja, runs + "/ja.pdf", &error));
    predicted.language = "ja";
    QVERIFY(write_report(pff, nullptr, predicted, runs + "/ja-predicted.pdf", &error));
    QCoreApplication::removeTranslator(&translator);
    for (const QString& file : {runs + "/ja.pdf", runs + "/ja-predicted.pdf"}) {
      text = run_tool("pdftotext", {file, "-"});
      for (const char* english : {"Summary", "Recommendations", "Key figures", "trained in", "faster than", "slower than", "test accuracy",
                                  "baseline", "Where the time went", "Experiment settings", "softmax head", "random", "All-Layers",
                                  "Utilisation", "Speed-up", "moved", "per node", "Negative data", "Classifier", "Chapters", "predict",
                                  "planner", "shared memory", "one process", "not reached", "Wall time", "Sequential FF"})
        QVERIFY2(!text.contains(english, Qt::CaseInsensitive), qPrintable(file + ": " + english));
    }
    QVERIFY(run_tool("pdftotext", {runs + "/ja-predicted.pdf", "-"}).contains(QString::fromUtf8("予測")));
  }

  // The report of a sweep: Sequential FF on one node and All-Layers on 2, 2 seeds each, read from
  // the sweep's state file; medians with the least and greatest seed, against the Sequential group;
  // every run listed; in Japanese, none of its English words; headless through `ffw report --sweep`.
  void sweepReportGivesMediansAndSpread() {
    const QString runs = tmp_.filePath("sweep-report");
    nlohmann::json items = nlohmann::json::array();
    struct Fake { int nodes, seed; double seconds, accuracy; };
    const std::vector<Fake> fakes = {{1, 1, 16, 0.815}, {1, 2, 18, 0.825}, {2, 1, 8, 0.81}, {2, 2, 9.5, 0.80}};
    for (std::size_t i = 0; i < fakes.size(); ++i) {
      const QString dir = runs + QString("/tiny-%1-20261202-120000").arg(i + 1);
      test::write_fixture_run(dir, 20, fakes[i].nodes);
      Experiment e = test::fixture_experiment(fakes[i].nodes);
      e.seed = static_cast<std::uint64_t>(fakes[i].seed);
      if (fakes[i].nodes == 1) e.variant = Variant::Sequential;
      std::ofstream((dir + "/experiment.json").toStdString()) << to_json(e).dump(2);
      std::ifstream in((dir + "/summary.json").toStdString());
      nlohmann::json s = nlohmann::json::parse(in);
      s["wall_seconds"] = fakes[i].seconds;
      for (auto& n : s["nodes"]) n["train_seconds"] = fakes[i].seconds;
      s["test_accuracy"] = fakes[i].accuracy;
      std::ofstream((dir + "/summary.json").toStdString()) << s.dump();
      items.push_back({{"index", i}, {"values", {{"/training/seed", fakes[i].seed}}}, {"run_dir", dir.toStdString()}, {"status", "finished"}});
    }
    items.push_back({{"index", 4}, {"values", nlohmann::json::object()}, {"run_dir", ""}, {"status", "pending"}});
    const QString state = runs + "/tiny.sweep-state.json";
    std::ofstream(state.toStdString()) << nlohmann::json{{"schema", "ffw-sweep-state-1"}, {"name", "tiny"}, {"sweep", "tiny.sweep.json"},
                                                          {"pid", 0}, {"items", items}}.dump();
    SweepRuns sweep;
    QString error;
    QVERIFY2(read_sweep_runs(state, &sweep, &error), qPrintable(error));
    QCOMPARE(sweep.finished.size(), 4);
    QCOMPARE(sweep.items, 5);
    QVERIFY2(write_sweep_report(sweep, ReportOptions{}, runs + "/en.pdf", &error), qPrintable(error));
    QVERIFY(run_tool("pdfinfo", {runs + "/en.pdf"}).contains(QRegularExpression("Pages:\\s+2")));
    const QString text = run_tool("pdftotext", {runs + "/en.pdf", "-"}).simplified();
    for (const char* expected : {"Sweep report: tiny", "The sweep compared 2 settings, with up to 2 seeds each: 4 runs",
                                 "4 of its 5 runs are here", "The baseline, Sequential FF · N=1, trained in 17 s (16 s to 18 s over 2 seeds)",
                                 "82.00 % (81.50 % to 82.50 %)", "All-Layers PFF · N=2 trained in 8.8 s (8.0 s to 9.5 s over 2 seeds)",
                                 "1.94× faster than the baseline, at 1.50 points lower median accuracy", "fewer than 3 seeds",
                                 "Runs of the sweep", "tiny-4-20261202-120000"})
      QVERIFY2(text.contains(expected), qPrintable(QString(expected) + " in " + text.left(2000)));
    QVERIFY(!text.contains("Fastest within"));  // 1.5 points lower: not at the baseline's accuracy
    QVERIFY(all_fonts_embedded(run_tool("pdffonts", {runs + "/en.pdf"})));
    // Japanese: none of the report's English words.
    QTranslator translator;
    QVERIFY(translator.load(":/i18n/ffw_ja.qm"));
    QCoreApplication::installTranslator(&translator);
    ReportOptions ja;
    ja.language = "ja";
    QVERIFY(write_sweep_report(sweep, ja, runs + "/ja.pdf", &error));
    QCoreApplication::removeTranslator(&translator);
    const QString ja_text = run_tool("pdftotext", {runs + "/ja.pdf", "-"});
    for (const char* english : {"Sweep report", "Summary", "Recommendations", "Key figures", "trained in", "faster", "slower", "baseline",
                                "accuracy", "seeds", "median", "Runs of the sweep", "Settings", "Wall time", "Sequential FF", "All-Layers",
                                "points", "Speed-up", "per node", " to "})
      QVERIFY2(!ja_text.contains(english, Qt::CaseInsensitive), english);
    // Headless, and a file that is not a sweep's state: the data-error exit code, naming it.
    QProcess p;
    p.start(FFW_BINARY, {"report", "--sweep", state});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(QFile::exists(runs + "/tiny.sweep/report-en.pdf"));
    p.start(FFW_BINARY, {"report", "--sweep", runs + "/en.pdf"});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 4);
    QVERIFY(p.readAllStandardError().contains("is not a sweep's state file"));
  }

  void reportInJapaneseEmbedsAJapaneseFont() {
    QTranslator translator;
    QVERIFY(translator.load(":/i18n/ffw_ja.qm"));
    QCoreApplication::installTranslator(&translator);
    const QString file = tmp_.filePath("report-ja.pdf");
    ReportOptions o;
    o.language = "ja";
    QString error;
    QVERIFY(write_report(run_, nullptr, o, file, &error));
    QCoreApplication::removeTranslator(&translator);
    const QString text = run_tool("pdftotext", {file, "-"});
    QVERIFY2(text.contains(QString::fromUtf8("会議用レポート")), qPrintable(text.left(300)));
    QVERIFY(text.contains(QString::fromUtf8("主要指標")));
    const QString fonts = run_tool("pdffonts", {file});
    QVERIFY2(fonts.contains("IPA"), qPrintable(fonts));
    QVERIFY2(all_fonts_embedded(fonts), qPrintable(fonts));
  }

  // The scaling outlook: page 3, headed as predictions, with the prediction's error on this run;
  // in Japanese too, and from `ffw report --calibration`.
  void reportWithScalingOutlook() {
    PlanRequest request;
    request.nodes = {1, 2, 4};
    ReportOptions o;
    o.outlook = make_outlook(run_.experiment(), run_.summary(), test::flat_calibration(784, 400, 3), request);
    QVERIFY(o.outlook->run_measured_seconds > 0 && o.outlook->run_predicted_seconds > 0);
    const QString file = tmp_.filePath("report-outlook.pdf");
    QString error;
    QVERIFY2(write_report(run_, nullptr, o, file, &error), qPrintable(error));
    QVERIFY(run_tool("pdfinfo", {file}).contains(QRegularExpression("Pages:\\s+3")));
    const QString page3 = run_tool("pdftotext", {"-f", "3", "-l", "3", file, "-"});
    for (const char* expected : {"Scaling outlook (predictions, not measurements)", "prediction error", "Predicted time", "All-Layers PFF", "Recommended"})
      QVERIFY2(page3.contains(expected), expected);
    QTranslator translator;
    QVERIFY(translator.load(":/i18n/ffw_ja.qm"));
    QCoreApplication::installTranslator(&translator);
    o.language = "ja";
    const QString ja = tmp_.filePath("report-outlook-ja.pdf");
    QVERIFY(write_report(run_, nullptr, o, ja, &error));
    QCoreApplication::removeTranslator(&translator);
    QVERIFY(run_tool("pdftotext", {"-f", "3", "-l", "3", ja, "-"}).contains(QString::fromUtf8("スケーリング見通し")));
    // Headless: costs from a calibration file.
    const QString calibration = tmp_.filePath("flat.calibration.json");
    test::flat_calibration(784, 400, 3).save(calibration.toStdString());
    QProcess p;
    p.start(FFW_BINARY, {"report", tmp_.filePath("run"), "--calibration", calibration, "--outlook-nodes", "1,2",
                         "--output", tmp_.filePath("cli-outlook.pdf")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(run_tool("pdftotext", {"-f", "3", "-l", "3", tmp_.filePath("cli-outlook.pdf"), "-"}).contains("Scaling outlook"));
    // A calibration that is not one: the file-error exit code, saying which file.
    QFile broken(tmp_.filePath("broken.calibration.json"));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"schema\": \"something else\"}");
    broken.close();
    p.start(FFW_BINARY, {"report", tmp_.filePath("run"), "--calibration", broken.fileName(), "--output", tmp_.filePath("never.pdf")});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() != 0, "a broken calibration must fail");
    QVERIFY(p.readAllStandardError().contains("broken.calibration.json"));
    QVERIFY(!QFile::exists(tmp_.filePath("never.pdf")));
  }

  void headlessCommands() {
    QProcess p;
    p.start(FFW_BINARY, {"export", tmp_.filePath("run"), "--chart", "timeline", "--format", "svg", "--output", tmp_.filePath("cli.svg")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(QSvgRenderer(tmp_.filePath("cli.svg")).isValid());
    p.start(FFW_BINARY, {"report", tmp_.filePath("run"), "--lang", "ja", "--price-per-node-hour", "1.5", "--output", tmp_.filePath("cli.pdf")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(run_tool("pdftotext", {tmp_.filePath("cli.pdf"), "-"}).contains(QString::fromUtf8("会議用レポート")));
    // Not a run directory: a clear message and the file-error exit code.
    p.start(FFW_BINARY, {"export", tmp_.path(), "--chart", "loss"});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 5);
    QVERIFY(p.readAllStandardError().contains("not a run directory"));
  }
};

QTEST_MAIN(TestExport)
#include "tst_export.moc"
