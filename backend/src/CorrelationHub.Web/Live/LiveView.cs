using CorrelationHub.Persistence.Stores;
using CorrelationHub.Web.Security;

namespace CorrelationHub.Web.Live;

/// <summary>
/// Builds the live agent-to-recording view from derived state. A reader limited to some teams sees the agents whose
/// current team is one of them, and under each only the recordings linked to that agent.
/// </summary>
public sealed class LiveView(AgentStore agents, DialogStore dialogs, LiveQuery live, TimeProvider time)
{
    /// <summary>Recordings older than this are no longer "current" unless still open.</summary>
    private static readonly TimeSpan Recent = TimeSpan.FromMinutes(30);

    public Task<IReadOnlyList<AgentView>> AgentsAsync(string baseUrl, CancellationToken cancellationToken) => AgentsAsync(baseUrl, TeamScope.Everything, cancellationToken);

    public async Task<IReadOnlyList<AgentView>> AgentsAsync(string baseUrl, TeamScope scope, CancellationToken cancellationToken)
    {
        var since = (time.GetUtcNow() - Recent).ToUnixTimeMilliseconds();
        var result = new List<AgentView>();
        foreach (var agent in await agents.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!scope.Allows(agent.TeamId))
            {
                continue;
            }

            var open = await dialogs.OpenForUserAsync(agent.Username, cancellationToken).ConfigureAwait(false);
            var segments = agent.Extension is null ? [] : await live.SegmentsForExtensionAsync(agent.Extension, since, 10, cancellationToken).ConfigureAwait(false);
            if (!scope.All)
            {
                segments = [.. segments.Where(s => string.Equals(s.Username, agent.Username, StringComparison.Ordinal))];
            }

            result.Add(new AgentView(
                agent.Username,
                agent.FirstName,
                agent.LastName,
                agent.Extension,
                agent.TeamId,
                agent.TeamName,
                agent.State,
                IsoTime.FromMs(agent.StateChangeMs),
                agent.LoggedIn,
                IsoTime.FromMs(agent.LastSeenMs)!,
                [.. open.Select(d => new DialogView(d.DialogId, d.CallType, d.FromAddress, d.ToAddress, d.State, IsoTime.FromMs(d.StartMs)))],
                [.. segments.Select(s => new RecordingView(
                    s.RecordingId,
                    s.SegmentIndex,
                    IsoTime.FromMs(s.StartMs)!,
                    IsoTime.FromMs(s.EndMs),
                    s.AudioSeconds,
                    s.Status ?? "unmatched_recording",
                    s.DialogId,
                    s.Confidence,
                    s.Reason,
                    string.IsNullOrEmpty(s.Flags) ? [] : s.Flags.Split(','),
                    AudioUrls.For(baseUrl, s.RecordingId, s.SegmentIndex)))]));
        }

        return result;
    }
}
