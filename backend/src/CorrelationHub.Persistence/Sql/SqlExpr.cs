namespace CorrelationHub.Persistence.Sql;

/// <summary>
/// Portable expressions where the engines differ: SQLite's two-argument MAX/MIN return NULL when either side is
/// NULL, PostgreSQL's GREATEST/LEAST ignore NULLs. These CASE forms behave like the latter on both.
/// </summary>
public static class SqlExpr
{
    public static string Max(string a, string b) => $"(CASE WHEN {a} IS NULL THEN {b} WHEN {b} IS NULL THEN {a} WHEN {a} > {b} THEN {a} ELSE {b} END)";

    public static string Min(string a, string b) => $"(CASE WHEN {a} IS NULL THEN {b} WHEN {b} IS NULL THEN {a} WHEN {a} < {b} THEN {a} ELSE {b} END)";
}
