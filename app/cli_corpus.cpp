// attnscope-cli corpus: a training corpus from Debian's fortunes files of Chinese verse
// (fortunes-zh: tang300, song100), one poem per line, converted to Traditional Chinese.
#include <iostream>

#include "cli_commands.h"
#include "cli_options.h"
#include "corpus/chinese_converter.h"
#include "corpus/fortunes_file.h"
#include "corpus/poem_corpus.h"

namespace cli {

int run_corpus(const std::vector<std::string>& arguments, std::ostream& out) {
  const Options options(arguments, {"--from-fortunes", "--out"}, {"--s2t", "--s2tw", "--keep-simplified"});
  const std::filesystem::path source = options.required("--from-fortunes");
  const std::filesystem::path target = options.required("--out");
  const int choices = (options.has("--s2t") ? 1 : 0) + (options.has("--s2tw") ? 1 : 0) +
                      (options.has("--keep-simplified") ? 1 : 0);
  if (choices != 1) {
    throw UsageError("corpus: choose one of --s2t (OpenCC's Traditional), --s2tw (Taiwan's) or --keep-simplified");
  }
  std::unique_ptr<core::ChineseConverter> converter;
  if (options.has("--s2t")) converter = std::make_unique<core::ChineseConverter>(core::ChineseConversion::S2T);
  if (options.has("--s2tw")) converter = std::make_unique<core::ChineseConverter>(core::ChineseConversion::S2TW);

  const std::vector<core::FortunePoem> poems = core::read_fortunes_file(source);
  const std::vector<std::string> lines = core::poem_corpus_lines(poems, converter.get());
  core::write_corpus_file(target, lines);
  std::size_t bytes = 0;
  for (const std::string& line : lines) bytes += line.size() + 1;
  out << "wrote " << lines.size() << " poems (" << bytes << " bytes) to " << target.string()
      << (converter ? " in Traditional Chinese (OpenCC " + converter->config_file() + ")" : std::string(" unconverted"))
      << '\n';
  return 0;
}

}  // namespace cli
