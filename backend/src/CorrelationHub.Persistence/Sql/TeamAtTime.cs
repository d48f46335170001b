namespace CorrelationHub.Persistence.Sql;

/// <summary>
/// "The agent's team at the time", as SQL: the team of the agent's latest sign-in (a <c>login</c> presence mark
/// carrying a team) at or before the time, else the agent's current team. NULL when the agent is NULL or no team is
/// known; such rows are for readers of every team only.
/// </summary>
public static class TeamAtTime
{
    public static string Id(string username, string timeMs) => Of("team_id", username, timeMs);

    public static string Name(string username, string timeMs) => Of("team_name", username, timeMs);

    private static string Of(string column, string username, string timeMs) => $"""
        COALESCE(
          (SELECT tp.{column} FROM agent_presence tp
            WHERE tp.username = {username} AND tp.kind = 'login' AND tp.{column} IS NOT NULL AND tp.bucket_ms <= {timeMs}
            ORDER BY tp.bucket_ms DESC LIMIT 1),
          (SELECT ta.{column} FROM agents ta WHERE ta.username = {username}))
        """;
}
