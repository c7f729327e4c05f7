#include "cli_render.h"

#include <cstdlib>
#include <optional>

#include <QApplication>
#include <QImageReader>
#include <QString>

#include "analysis/methods/attention_method.h"
#include "cli_model.h"
#include "cli_options.h"
#include "cli_reading.h"
#include "figure_render.h"

namespace cli {

namespace {

int whole_number(const Options& options, const std::string& flag, int fallback) {
  const auto value = options.value(flag);
  if (!value) return fallback;
  try {
    std::size_t used = 0;
    const int number = std::stoi(*value, &used);
    if (used == value->size()) return number;
  } catch (const std::exception&) {
  }
  throw UsageError(flag + " needs a whole number, not \"" + *value + "\"");
}

QString text(const std::optional<std::string>& value) {
  return value ? QString::fromStdString(*value) : QString();
}

}  // namespace

int run_render(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(arguments,
                        {"--model", "--text", "--target", "--view", "--attention", "--layer", "--head", "--out",
                         "--dpi", "--width", "--height", "--hide-token", "--top-p", "--text-pair", "--pair-filter",
                         "--memory-budget", "--method"},
                        {"--no-pe", "--words", "--hide-special"});
  ui::FigureRequest request;
  request.model = QString::fromStdString(locate_model_folder(options.required("--model")).string());
  request.view = QString::fromStdString(options.required("--view"));
  const std::string path = options.required("--out");
  request.text = text(options.value("--text"));
  if (request.view != QLatin1String("pe") && request.text.isEmpty()) throw UsageError("--text is required");
  request.target = text(options.value("--target"));
  request.textPair = text(options.value("--text-pair"));
  if (options.has("--text-pair") && request.textPair.isEmpty()) throw UsageError("--text-pair needs a second text, not an empty one");
  if (const auto attention = options.value("--attention")) {
    request.kind = ui::attentionKindFromName(QString::fromStdString(*attention));
    if (!request.kind) {
      throw UsageError("--attention is one of encoder_self, decoder_self, decoder_cross, not \"" + *attention + "\"");
    }
  }
  request.layer = whole_number(options, "--layer", 0);
  request.head = whole_number(options, "--head", 0);
  request.dpi = whole_number(options, "--dpi", 96);
  request.size = QSize(whole_number(options, "--width", 960), whole_number(options, "--height", 720));
  if (request.size.width() < 50 || request.size.height() < 50 || request.size.width() > 10000 ||
      request.size.height() > 10000) {
    throw UsageError("--width and --height are from 50 to 10000 pixels");
  }
  request.positionalEncoding = !options.has("--no-pe");
  request.memoryBudget = memory_budget_option(options);
  request.reading = reading_option(options);
  if (const auto method_name = options.value("--method")) {
    const std::optional<core::AttentionMethod> method = core::parse_attention_method(*method_name);
    if (!method) throw UsageError("--method takes " + core::attention_method_names() + ", not \"" + *method_name + "\"");
    if (request.view == QLatin1String("pe")) throw UsageError("--method goes with --view graph, heatmap or grid");
    request.method = *method;
  }
  if (const std::optional<double> p = top_p_option(options)) {
    if (request.view != QLatin1String("graph")) throw UsageError("--top-p goes with --view graph: it chooses the lines drawn");
    request.topP = *p;
  }

  // Headless unless told otherwise: no display needed on a server or in CI.
  if (std::getenv("QT_QPA_PLATFORM") == nullptr) setenv("QT_QPA_PLATFORM", "offscreen", 1);
  static int argc = 1;
  static char name[] = "attnscope-cli";
  static char* argv[] = {name, nullptr};
  QApplication app(argc, argv);
  const QString error = ui::renderFigureFile(request, QString::fromStdString(path));
  if (!error.isEmpty()) throw std::runtime_error(error.toStdString());
  out << "wrote " << path << '\n';
  return 0;
}

}  // namespace cli
