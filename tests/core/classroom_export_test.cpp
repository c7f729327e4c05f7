// Attention exports read back to the same values: CSV and JSON through their text, .npy through a
// small parser of the NumPy 1.0 format written here from the format's specification.

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/attention_export.h"
#include "tensor/errors.h"
#include "test_support.h"

namespace {

core::AttentionExport two_heads() {
  core::AttentionExport a;
  a.query_tokens = {"the", ",", "say \"hi\""};
  a.key_tokens = {"天涯", "若", "比鄰", "</s>"};
  for (int h = 0; h < 2; ++h) {
    core::RowMatrix m(3, 4);
    for (Eigen::Index i = 0; i < 3; ++i) {
      for (Eigen::Index j = 0; j < 4; ++j) m(i, j) = 0.1f * static_cast<float>(h * 12 + i * 4 + j) + 1e-7f;
    }
    a.heads.push_back(m);
  }
  return a;
}

// RFC 4180 fields of one line (no line breaks inside fields in these tests).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t n = 0; n < line.size(); ++n) {
    const char c = line[n];
    if (quoted && c == '"' && n + 1 < line.size() && line[n + 1] == '"') {
      fields.back() += '"';
      ++n;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

struct Npy {
  std::string descr;
  bool fortran_order = true;
  std::vector<long> shape;
  std::vector<float> values;
};

// Magic, version 1.0, little-endian header length, a Python dict literal, then the raw data.
Npy parse_npy(const std::string& bytes) {
  Npy npy;
  EXPECT_EQ(bytes.substr(0, 6), "\x93NUMPY");
  EXPECT_EQ(bytes[6], '\x01');
  EXPECT_EQ(bytes[7], '\x00');
  const std::size_t header_length =
      static_cast<unsigned char>(bytes[8]) | (static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8);
  EXPECT_EQ((10 + header_length) % 64, 0u) << "data aligned to 64 bytes";
  const std::string header = bytes.substr(10, header_length);
  EXPECT_EQ(header.back(), '\n');
  const auto value_of = [&](const std::string& key) {
    const std::size_t start = header.find("'" + key + "': ") + key.size() + 4;
    return header.substr(start);
  };
  const std::string descr = value_of("descr");
  npy.descr = descr.substr(1, descr.find('\'', 1) - 1);
  npy.fortran_order = value_of("fortran_order").starts_with("True");
  std::istringstream shape(value_of("shape").substr(1));
  long dimension = 0;
  char separator = 0;
  while (shape >> dimension) {
    npy.shape.push_back(dimension);
    shape >> separator;
    if (separator == ')') break;
  }
  const std::size_t count = (bytes.size() - 10 - header_length) / sizeof(float);
  npy.values.resize(count);
  std::memcpy(npy.values.data(), bytes.data() + 10 + header_length, count * sizeof(float));
  return npy;
}

TEST(AttentionExport, CsvHasTokenLabelsAndReadsBack) {
  const core::AttentionExport a = two_heads();
  std::istringstream csv(core::attention_csv(a));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(csv_fields(line), (std::vector<std::string>{"head", "query\\key", "天涯", "若", "比鄰", "</s>"}));
  for (std::size_t h = 0; h < 2; ++h) {
    for (Eigen::Index i = 0; i < 3; ++i) {
      ASSERT_TRUE(std::getline(csv, line));
      const std::vector<std::string> fields = csv_fields(line);
      ASSERT_EQ(fields.size(), 6u);
      EXPECT_EQ(fields[0], std::to_string(h));
      EXPECT_EQ(fields[1], a.query_tokens[i]);
      for (Eigen::Index j = 0; j < 4; ++j) EXPECT_EQ(std::stof(fields[2 + j]), a.heads[h](i, j));
    }
  }
  EXPECT_FALSE(std::getline(csv, line));

  core::AttentionExport one = a;
  one.heads.resize(1);
  std::istringstream single(core::attention_csv(one));
  std::getline(single, line);
  EXPECT_EQ(csv_fields(line).front(), "query\\key");
}

TEST(AttentionExport, JsonReadsBack) {
  core::AttentionExport a = two_heads();
  a.heads[1](0, 3) = -std::numeric_limits<float>::infinity();
  const nlohmann::json j = nlohmann::json::parse(core::attention_json(a));
  EXPECT_EQ(j["shape"], nlohmann::json({2, 3, 4}));
  EXPECT_EQ(j["query_tokens"][2], "say \"hi\"");
  EXPECT_EQ(j["key_tokens"][0], "天涯");
  EXPECT_TRUE(j["attention"][1][0][3].is_null());
  for (std::size_t h = 0; h < 2; ++h) {
    for (Eigen::Index i = 0; i < 3; ++i) {
      for (Eigen::Index k = 0; k < 4; ++k) {
        if (h == 1 && i == 0 && k == 3) continue;
        EXPECT_EQ(j["attention"][h][i][k].get<float>(), a.heads[h](i, k));
      }
    }
  }
  a.heads.resize(1);
  EXPECT_EQ(nlohmann::json::parse(core::attention_json(a))["shape"], nlohmann::json({3, 4}));
}

TEST(AttentionExport, NpyReadsBackInCOrder) {
  core::AttentionExport a = two_heads();
  Npy npy = parse_npy(core::attention_npy(a));
  EXPECT_EQ(npy.descr, "<f4");
  EXPECT_FALSE(npy.fortran_order);
  EXPECT_EQ(npy.shape, (std::vector<long>{2, 3, 4}));
  ASSERT_EQ(npy.values.size(), 24u);
  for (std::size_t h = 0; h < 2; ++h) {
    for (Eigen::Index i = 0; i < 3; ++i) {
      for (Eigen::Index k = 0; k < 4; ++k) EXPECT_EQ(npy.values[h * 12 + i * 4 + k], a.heads[h](i, k));
    }
  }
  a.heads.resize(1);
  npy = parse_npy(core::attention_npy(a));
  EXPECT_EQ(npy.shape, (std::vector<long>{3, 4}));
  EXPECT_EQ(npy.values.size(), 12u);
}

TEST(AttentionExport, NamesWhatDoesNotFit) {
  const auto message = [](const core::AttentionExport& a) {
    try {
      core::attention_npy(a);
    } catch (const core::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  core::AttentionExport a = two_heads();
  a.key_tokens.pop_back();
  EXPECT_EQ(message(a), "the token labels do not match the attention matrix's 3 × 4 shape");
  a = two_heads();
  a.heads[1] = core::RowMatrix::Zero(2, 4);
  EXPECT_EQ(message(a), "the heads' attention matrices differ in shape");
  EXPECT_EQ(message(core::AttentionExport{}), "there is no attention matrix to export");
}

}  // namespace
