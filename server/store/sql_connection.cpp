#include "server/store/sql_connection.hpp"

namespace ct::store {

std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      // Copy the quoted run; a doubled quote is an escaped quote and stays inside.
      out += c;
      for (++i; i < sql.size(); ++i) {
        out += sql[i];
        if (sql[i] == c) {
          if (i + 1 < sql.size() && sql[i + 1] == c) {
            out += sql[++i];
          } else {
            break;
          }
        }
      }
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') out += sql[i++];
      if (i < sql.size()) out += sql[i];
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

const char* auto_id_column(SqlDialect d) {
  switch (d) {
    case SqlDialect::Sqlite: return "INTEGER PRIMARY KEY AUTOINCREMENT";
    case SqlDialect::Postgres: return "BIGSERIAL PRIMARY KEY";
  }
  return "BIGSERIAL PRIMARY KEY";
}

std::string render_ddl(std::string_view ddl, SqlDialect d) {
  static constexpr std::string_view kId = "{{ID}}";
  std::string out;
  out.reserve(ddl.size() + 256);
  std::size_t pos = 0;
  while (true) {
    std::size_t hit = ddl.find(kId, pos);
    if (hit == std::string_view::npos) break;
    out.append(ddl.substr(pos, hit - pos));
    out.append(auto_id_column(d));
    pos = hit + kId.size();
  }
  out.append(ddl.substr(pos));
  return out;
}

}  // namespace ct::store
