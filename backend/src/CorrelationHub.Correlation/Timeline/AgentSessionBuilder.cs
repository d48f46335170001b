using CorrelationHub.Correlation.Model;

namespace CorrelationHub.Correlation.Timeline;

/// <summary>
/// Derives agent sessions from presence marks. A pure function of the marks (they are sorted first), so late or
/// reordered events give the same sessions once they are all in.
/// </summary>
public static class AgentSessionBuilder
{
    public static IReadOnlyList<AgentSession> Build(IEnumerable<PresenceMark> marks, TimeSpan timeout, DateTimeOffset now)
    {
        var sessions = new List<AgentSession>();
        foreach (var user in marks.GroupBy(m => m.Username, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sessions.AddRange(ForUser(user.Key, user, timeout, now));
        }

        return Supersede(sessions);
    }

    private static List<AgentSession> ForUser(string username, IEnumerable<PresenceMark> marks, TimeSpan timeout, DateTimeOffset now)
    {
        var result = new List<AgentSession>();
        AgentSession? open = null;

        void Close(DateTimeOffset at, string reason)
        {
            if (open is not null)
            {
                var end = at < open.Start ? open.Start : at;
                result.Add(open with { End = end, EndReason = reason, LastSeen = open.LastSeen > end ? end : open.LastSeen });
                open = null;
            }
        }

        AgentSession Open(PresenceMark mark, string reason) => new()
        {
            Username = username,
            Extension = mark.Extension,
            Start = mark.First,
            LastSeen = mark.Last,
            StartReason = reason,
            TeamId = mark.TeamId,
            TeamName = mark.TeamName,
        };

        var ordered = marks.OrderBy(m => m.First).ThenBy(m => KindOrder(m.Kind)).ThenBy(m => m.Extension, StringComparer.Ordinal);
        foreach (var mark in ordered)
        {
            if (open is not null && mark.First - open.LastSeen > timeout)
            {
                Close(open.LastSeen, "heartbeat-timeout");
            }

            switch (mark.Kind)
            {
                case PresenceMark.Logout:
                    Close(mark.First, "logout");
                    break;
                case PresenceMark.Login:
                    if (open is not null && open.Extension == mark.Extension)
                    {
                        // A gadget reload signs in again on the same phone: the same session.
                        open = open with { LastSeen = Max(open.LastSeen, mark.Last), TeamId = mark.TeamId ?? open.TeamId, TeamName = mark.TeamName ?? open.TeamName };
                    }
                    else
                    {
                        Close(mark.First, "extension-change");
                        open = Open(mark, "login");
                    }

                    break;
                default:
                    if (mark.Extension.Length == 0)
                    {
                        break;
                    }

                    if (open is not null && open.Extension == mark.Extension)
                    {
                        open = open with { LastSeen = Max(open.LastSeen, mark.Last) };
                    }
                    else
                    {
                        Close(mark.First, "extension-change");
                        open = Open(mark, "first-seen");
                    }

                    break;
            }
        }

        if (open is not null)
        {
            if (now - open.LastSeen > timeout)
            {
                Close(open.LastSeen, "heartbeat-timeout");
            }
            else
            {
                result.Add(open);
            }
        }

        return result;
    }

    /// <summary>One phone, one agent: a session that starts on an extension ends any other agent's session there.</summary>
    private static List<AgentSession> Supersede(List<AgentSession> sessions)
    {
        var result = new List<AgentSession>(sessions.Count);
        foreach (var extension in sessions.GroupBy(s => s.Extension, StringComparer.Ordinal))
        {
            var ordered = extension.OrderBy(s => s.Start).ThenBy(s => s.Username, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var session = ordered[i];
                var next = ordered.Skip(i + 1).FirstOrDefault(s => s.Username != session.Username && s.Start > session.Start && s.Start < session.Range.EndOr(DateTimeOffset.MaxValue));
                if (next is not null)
                {
                    session = session with { End = next.Start, EndReason = "superseded", LastSeen = session.LastSeen > next.Start ? next.Start : session.LastSeen };
                }

                result.Add(session);
            }
        }

        return [.. result.OrderBy(s => s.Start).ThenBy(s => s.Username, StringComparer.Ordinal)];
    }

    private static int KindOrder(string kind) => kind switch
    {
        PresenceMark.Logout => 0,
        PresenceMark.Login => 1,
        _ => 2,
    };

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
