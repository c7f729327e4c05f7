// The Hugging Face cache (core/hub): where it is, what it holds, which snapshot "main" is, whether
// each model opens, and how "org/name" arguments resolve — on fake caches built in a temp folder
// (symlinks into blobs/, refs/main, several snapshots, broken ones), then through attnscope-cli.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "fake_hf_cache.h"
#include "families/load_model.h"
#include "hub/hf_cache.h"
#include "hub/model_location.h"
#include "hub/model_probe.h"
#include "random_model.h"
#include "tensor/errors.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;
const auto quoted = test::shell_quoted;

const fs::path peer_cases = fs::path(ATTNSCOPE_TEST_DATA) / "peer";
const fs::path gpt2 = peer_cases / "gpt2-tiny-short";
const fs::path bert = peer_cases / "bert-tiny-short";

std::uintmax_t folder_size(const fs::path& folder) {
  std::uintmax_t size = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file()) size += entry.file_size();
  }
  return size;
}

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const core::LoadError& error) {
    return error.what();
  }
  return "(no LoadError)";
}

TEST(HfCacheRoot, FollowsHuggingFaceHubsOrderOfPrecedence) {
  core::HfCacheEnvironment environment;
  EXPECT_EQ(core::hf_cache_root(environment), fs::path());
  environment.home = "/home/ada";
  EXPECT_EQ(core::hf_cache_root(environment), fs::path("/home/ada/.cache/huggingface/hub"));
  environment.xdg_cache_home = "/xdg";
  EXPECT_EQ(core::hf_cache_root(environment), fs::path("/xdg/huggingface/hub"));
  environment.hf_home = "/hf-home";
  EXPECT_EQ(core::hf_cache_root(environment), fs::path("/hf-home/hub"));
  environment.huggingface_hub_cache = "/legacy";
  EXPECT_EQ(core::hf_cache_root(environment), fs::path("/legacy"));
  environment.hf_hub_cache = "/hub-cache";
  EXPECT_EQ(core::hf_cache_root(environment), fs::path("/hub-cache"));
}

TEST(HfCacheIds, AcceptTheHubsRepositoryIdsOnly) {
  for (const char* id : {"gpt2", "openai-community/gpt2", "TinyLlama/TinyLlama-1.1B-Chat-v1.0", "org_1/name.v2"}) {
    EXPECT_TRUE(core::is_repository_id(id)) << id;
  }
  for (const char* text : {"", "/abs/path", "./models/x", "../x", "a/b/c", "org/", "/name", ".hidden/x", "a--b/c",
                           "org/na..me", "org/name with space", "-org/name"}) {
    EXPECT_FALSE(core::is_repository_id(text)) << text;
  }
  EXPECT_EQ(core::cache_folder_name("openai-community/gpt2"), "models--openai-community--gpt2");
  EXPECT_EQ(core::cache_folder_name("gpt2"), "models--gpt2");
  EXPECT_EQ(core::repository_id_of_cache_folder("models--openai-community--gpt2"), "openai-community/gpt2");
  EXPECT_EQ(core::repository_id_of_cache_folder("models--gpt2"), "gpt2");
  EXPECT_EQ(core::repository_id_of_cache_folder("datasets--org--data"), std::nullopt);
  EXPECT_EQ(core::repository_id_of_snapshot("/c/hub/models--org--name/snapshots/abc123"), "org/name");
  EXPECT_EQ(core::repository_id_of_snapshot("/c/hub/models--org--name/snapshots/abc123/"), "org/name");
  EXPECT_EQ(core::repository_id_of_snapshot("/c/hub/models--org--name/abc123"), std::nullopt);
  EXPECT_EQ(core::repository_id_of_snapshot("tests/data/peer/gpt2-tiny-short"), std::nullopt);
}

TEST(HfCacheListing, AbsentOrEmptyCacheListsNothing) {
  const test::TempFolder temp;
  EXPECT_TRUE(core::list_cached_models(temp.path() / "no-such-cache").empty());
  EXPECT_TRUE(core::list_cached_models(temp.path()).empty());
  EXPECT_TRUE(core::list_cached_models(fs::path()).empty());
}

TEST(HfCacheListing, RefsMainChoosesTheSnapshotAndSizesCountEachBlobOnce) {
  const test::TempFolder temp;
  const test::FakeHfCache cache(temp.path() / "hub");
  cache.add_snapshot("org/gpt2-tiny", "1111aaaa", bert);  // an older revision with other files
  const fs::path main_snapshot = cache.add_snapshot("org/gpt2-tiny", "2222bbbb", gpt2);
  cache.add_link("org/gpt2-tiny", "2222bbbb", "vocab-copy.json", "2222bbbb-vocab.json");  // a second name, one blob
  cache.set_main("org/gpt2-tiny", "2222bbbb");
  fs::create_directories(cache.root() / "datasets--org--some-data" / "snapshots" / "3333");  // not a model

  const std::vector<core::CachedModel> models = core::list_cached_models(cache.root());
  ASSERT_EQ(models.size(), 1u);
  const core::CachedModel& model = models.front();
  EXPECT_EQ(model.id, "org/gpt2-tiny");
  EXPECT_EQ(model.problem, "");
  EXPECT_EQ(model.revision, "2222bbbb");
  EXPECT_EQ(model.snapshot, main_snapshot);
  EXPECT_EQ(model.repository, cache.repository("org/gpt2-tiny"));
  EXPECT_EQ(model.size_on_disk, folder_size(gpt2));
}

TEST(HfCacheListing, EveryBrokenLayoutGetsAProblemNamingIt) {
  const test::TempFolder temp;
  const test::FakeHfCache cache(temp.path() / "hub");
  // no refs/main, one snapshot: that one
  cache.add_snapshot("org/single", "aaaa", gpt2);
  // no refs/main, two snapshots: no way to choose
  cache.add_snapshot("org/two-snapshots", "aaaa", gpt2);
  cache.add_snapshot("org/two-snapshots", "bbbb", gpt2);
  // refs/main names a snapshot that is not there
  cache.add_snapshot("org/stale-ref", "aaaa", gpt2);
  cache.set_main("org/stale-ref", "cccc");
  // a blob that was deleted
  cache.add_snapshot("org/missing-blob", "aaaa", gpt2);
  cache.set_main("org/missing-blob", "aaaa");
  fs::remove(cache.repository("org/missing-blob") / "blobs" / "aaaa-merges.txt");
  // nothing downloaded yet
  fs::create_directories(cache.repository("org/empty") / "blobs");
  // a bare id (legacy repositories have no organisation)
  cache.add_snapshot("gpt2", "dddd", gpt2);

  const std::vector<core::CachedModel> models = core::list_cached_models(cache.root());
  ASSERT_EQ(models.size(), 6u);
  std::map<std::string, core::CachedModel> by_id;
  for (const core::CachedModel& model : models) by_id[model.id] = model;
  EXPECT_EQ(models.front().id, "gpt2");  // sorted by id

  EXPECT_EQ(by_id["gpt2"].problem, "");
  EXPECT_EQ(by_id["org/single"].problem, "");
  EXPECT_EQ(by_id["org/single"].revision, "aaaa");
  EXPECT_EQ(by_id["org/two-snapshots"].problem,
            "no refs/main to choose between 2 snapshots (aaaa, bbbb); open one of the folders in snapshots/ directly");
  EXPECT_TRUE(by_id["org/two-snapshots"].snapshot.empty());
  EXPECT_EQ(by_id["org/stale-ref"].problem,
            "refs/main names revision cccc, which is not in snapshots/ (an interrupted download? download it again)");
  EXPECT_EQ(by_id["org/missing-blob"].problem,
            "merges.txt: the cache's link points to a missing blob (../../blobs/aaaa-merges.txt); download the model again");
  EXPECT_EQ(by_id["org/missing-blob"].size_on_disk, folder_size(gpt2) - fs::file_size(gpt2 / "merges.txt"));
  EXPECT_EQ(by_id["org/empty"].problem,
            "no snapshot in " + (cache.repository("org/empty") / "snapshots").string() + " (an interrupted download?)");

  EXPECT_FALSE(core::find_cached_model(cache.root(), "org/not-there"));
  EXPECT_FALSE(core::find_cached_model(cache.root(), "../hub"));
  ASSERT_TRUE(core::find_cached_model(cache.root(), "org/single"));
  EXPECT_EQ(core::find_cached_model(cache.root(), "org/single")->snapshot, cache.repository("org/single") / "snapshots" / "aaaa");
}

TEST(ModelProbe, ReadsArchitectureAndGivesTheLoadersFirstMessage) {
  const core::FolderProbe good = core::probe_model_folder(gpt2);
  EXPECT_TRUE(good.opens()) << good.problem;
  EXPECT_EQ(good.architecture, "GPT2LMHeadModel");
  EXPECT_EQ(good.model_type, "gpt2");

  const test::TempFolder temp;
  const fs::path missing = temp.path() / "missing";
  EXPECT_EQ(core::probe_model_folder(missing).problem, missing.string() + ": no such folder");

  // Each broken copy: the probe's reason is exactly what load_model throws.
  const auto copy_of = [&](const std::string& name) {
    const fs::path folder = temp.path() / name;
    fs::copy(gpt2, folder, fs::copy_options::recursive);
    return folder;
  };
  const fs::path unsupported = copy_of("unsupported");
  std::ofstream(unsupported / "config.json") << R"({"model_type": "mamba", "architectures": ["MambaForCausalLM"]})";
  const fs::path bad_json = copy_of("bad-json");
  std::ofstream(bad_json / "config.json") << "{ not json";
  const fs::path no_weights = copy_of("no-weights");
  fs::remove(no_weights / "model.safetensors");
  const fs::path truncated = copy_of("truncated-weights");
  fs::resize_file(truncated / "model.safetensors", 100);

  for (const fs::path& folder : {unsupported, bad_json, no_weights, truncated}) {
    const core::FolderProbe probe = core::probe_model_folder(folder);
    EXPECT_FALSE(probe.opens()) << folder;
    EXPECT_EQ(probe.problem, message_of([&] { core::load_model(folder); })) << folder;
  }
  EXPECT_THAT(core::probe_model_folder(unsupported).problem,
              StartsWith("config.json: MambaForCausalLM (model_type \"mamba\") is not supported"));
  EXPECT_EQ(core::probe_model_folder(unsupported).architecture, "MambaForCausalLM");
  EXPECT_EQ(core::probe_model_folder(no_weights).architecture, "GPT2LMHeadModel");  // shown although it fails
  EXPECT_EQ(core::probe_model_folder(bad_json).architecture, "");
}

TEST(ModelLocation, FolderWinsThenTheCacheThenAClearMessage) {
  const test::TempFolder temp;
  const test::FakeHfCache cache(temp.path() / "hub");
  const fs::path snapshot = cache.add_snapshot("org/gpt2-tiny", "aaaa", gpt2);
  cache.set_main("org/gpt2-tiny", "aaaa");
  cache.add_snapshot("org/two", "aaaa", gpt2);
  cache.add_snapshot("org/two", "bbbb", gpt2);

  // a folder given as a path: unchanged, no note
  const core::ModelLocation plain = core::locate_model(gpt2.string(), cache.root());
  EXPECT_EQ(plain.folder, gpt2);
  EXPECT_EQ(plain.note, "");

  // an id the cache holds: its snapshot, which opens through the cache's symlinks
  const core::ModelLocation cached = core::locate_model("org/gpt2-tiny", cache.root());
  EXPECT_EQ(cached.folder, snapshot);
  EXPECT_EQ(cached.note, "opened org/gpt2-tiny from the Hugging Face cache: " + snapshot.string());
  const core::Model model = core::load_model(cached.folder);
  EXPECT_EQ(model.spec().family, "gpt2");
  EXPECT_EQ(model.spec().name, "org/gpt2-tiny");

  // an existing relative folder of the same name wins, and the note says so
  const fs::path previous = fs::current_path();
  fs::current_path(temp.path());
  fs::create_directories("org/gpt2-tiny");
  const core::ModelLocation folder_wins = core::locate_model("org/gpt2-tiny", cache.root());
  fs::current_path(previous);
  EXPECT_EQ(folder_wins.folder, fs::path("org/gpt2-tiny"));
  EXPECT_EQ(folder_wins.note,
            "opened the folder ./org/gpt2-tiny; the Hugging Face cache's org/gpt2-tiny was not used (an existing folder wins)");

  EXPECT_EQ(message_of([&] { core::locate_model("org/two", cache.root()); }),
            "org/two: in the Hugging Face cache (" + cache.repository("org/two").string() +
                ") but no refs/main to choose between 2 snapshots (aaaa, bbbb); open one of the folders in snapshots/ directly");
  EXPECT_EQ(message_of([&] { core::locate_model("org/absent", cache.root()); }),
            "org/absent: no such folder, and the Hugging Face cache " + cache.root().string() +
                " holds no org/absent; AttentionScope never downloads (huggingface-cli download org/absent fetches it)");
  EXPECT_EQ(message_of([&] { core::locate_model("org/absent", fs::path()); }),
            "org/absent: no such folder, and no Hugging Face cache is set (HF_HUB_CACHE, HF_HOME, HOME); "
            "AttentionScope never downloads (huggingface-cli download org/absent fetches it)");
  // not an id: left to the loader, which says "no such folder"
  EXPECT_EQ(core::locate_model("/no/such/folder", cache.root()).folder, fs::path("/no/such/folder"));
  EXPECT_EQ(core::locate_model("absent-bare-name", cache.root()).folder, fs::path("absent-bare-name"));
}

TEST(ModelLocation, CommandLineOpensACachedRepositoryById) {
  const test::TempFolder temp;
  const test::FakeHfCache cache(temp.path() / "hub");
  const fs::path snapshot = cache.add_snapshot("org/gpt2-tiny", "aaaa", gpt2);
  cache.set_main("org/gpt2-tiny", "aaaa");
  const std::string environment = "HF_HUB_CACHE=" + quoted(cache.root().string());
  const std::string text = " --text 'The quick brown fox'";

  const test::CommandResult by_id = test::run_cli_with_environment(environment, "dump --model org/gpt2-tiny" + text);
  ASSERT_EQ(by_id.status, 0) << by_id.all();
  EXPECT_EQ(by_id.errors, "note: opened org/gpt2-tiny from the Hugging Face cache: " + snapshot.string() + "\n");
  const test::CommandResult by_folder = test::run_cli("dump --model " + quoted(gpt2.string()) + text);
  ASSERT_EQ(by_folder.status, 0) << by_folder.all();
  EXPECT_EQ(by_folder.errors, "");
  nlohmann::json from_cache = nlohmann::json::parse(by_id.output);
  nlohmann::json from_folder = nlohmann::json::parse(by_folder.output);
  EXPECT_EQ(from_cache["model"], "org/gpt2-tiny");  // named by its repository, not its commit hash
  EXPECT_EQ(from_folder["model"], "gpt2-tiny-short");
  from_cache.erase("model");
  from_folder.erase("model");
  EXPECT_EQ(from_cache, from_folder);

  const test::CommandResult info = test::run_cli_with_environment(environment, "info org/gpt2-tiny");
  EXPECT_EQ(info.status, 0) << info.all();
  EXPECT_THAT(info.output, HasSubstr("family:              gpt2"));

  const test::CommandResult absent = test::run_cli_with_environment(environment, "info org/absent");
  EXPECT_EQ(absent.status, 1);
  EXPECT_EQ(absent.errors, "attnscope-cli: error: org/absent: no such folder, and the Hugging Face cache " +
                               cache.root().string() +
                               " holds no org/absent; AttentionScope never downloads (huggingface-cli download "
                               "org/absent fetches it)\n");
}

}  // namespace
